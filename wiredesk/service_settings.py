"""Settings of the batch service (API, worker, job store), read from `WIREDESK_*` variables.

Kept apart from `wiredesk.config.Settings` so the core CLI never needs to know about Redis or a
database; both objects read the same environment and their field names never overlap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Runtime settings of `api/` and `worker/`; each field maps to `WIREDESK_<FIELD>`."""

    model_config = SettingsConfigDict(
        env_prefix="WIREDESK_", extra="ignore", hide_input_in_errors=True
    )

    # --- where things live ------------------------------------------------------------------
    redis_url: str = Field(
        "redis://localhost:6379/0",
        description="Redis URL: the Celery broker (the queue) and result backend (task states).",
    )
    database_url: str = Field(
        "sqlite:///wiredesk.db",
        description="SQLAlchemy URL of the job store (batches, articles, results, glossaries): "
        "a SQLite file by default (relative to the working directory), or "
        "`postgresql+psycopg://user:pass@host/db`.",
    )

    # --- the API ----------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `wiredesk serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `wiredesk serve` listens on.")
    api_keys: SecretStr | None = Field(
        None,
        description="Comma-separated API keys; when set, every `/v1` route needs "
        "`Authorization: Bearer <key>`. Unset: the API is open (a warning is logged at start-up).",
    )
    public_base_url: str | None = Field(
        None,
        description="Absolute base URL clients reach the API at (e.g. behind a proxy), used in "
        "`Location` headers and links; default: the URL of the incoming request.",
    )
    max_request_bytes: int = Field(
        20_000_000,
        ge=1024,
        description="Largest request body the API accepts (bytes); larger requests get 413. "
        "Article size and count are limited by `max_article_bytes` and `max_articles`.",
    )
    idempotency_ttl: int = Field(
        86_400,
        ge=1,
        description="Seconds an `Idempotency-Key` is remembered; afterwards it starts a new batch.",
    )
    retry_after: int = Field(
        5, ge=1, description="`Retry-After` seconds sent with 503 when Redis or the store is down."
    )
    rate_limit_per_minute: int = Field(
        1200,
        ge=0,
        description="Requests a minute, on average, that each API key (or each client address, "
        "when no keys are set) may make to `/v1`; more get `429` with `Retry-After`. Counted in "
        "Redis, so all API processes share one limit. 0 turns the limit off. If Redis is "
        "unreachable the limit is not enforced (it fails open, with a warning in the log).",
    )
    rate_limit_burst: int = Field(
        200,
        ge=1,
        description="Requests a caller may make at once above the average rate (the size of its "
        "token bucket); an idle caller gets this many back within burst / rate minutes.",
    )

    # --- the worker -------------------------------------------------------------------------
    concurrency: int | None = Field(
        None,
        ge=1,
        description="Worker processes per `wiredesk worker` (default 1: one process whose "
        "CTranslate2 threads use every core, translating groups of articles in batches side by "
        "side, with one copy of each model). More processes split the cores between them "
        "(processes × threads ≤ cores) and each loads its own models.",
    )
    warm_languages: str = Field(
        "de",
        description="Comma-separated source languages whose models each worker process loads "
        "at start-up, so the first article does not wait for them; others load on first use.",
    )
    visibility_timeout: int = Field(
        3600,
        ge=2,
        description="Seconds before Redis hands an unacknowledged task (its worker died) to "
        "another worker; must be longer than `task_time_limit`.",
    )
    task_soft_time_limit: int = Field(
        900,
        ge=1,
        description="Seconds an article may take before it is recorded as failed (timed out).",
    )
    task_time_limit: int = Field(
        1200,
        ge=1,
        description="Seconds after which a stuck task's process is killed; above the soft limit.",
    )
    task_max_retries: int = Field(
        5,
        ge=0,
        description="Retries of a task after a transient error (database or Redis unreachable).",
    )
    task_retry_backoff: int = Field(
        2, ge=1, description="First retry delay in seconds; doubles on each retry (with jitter)."
    )
    task_retry_backoff_max: int = Field(
        120, ge=1, description="Longest delay between two retries of a task (seconds)."
    )
    article_max_attempts: int = Field(
        3,
        ge=1,
        description="Times an article may be started (its worker died each time) before it is "
        "recorded as failed, so one poisonous article cannot loop forever.",
    )
    result_expires: int = Field(
        86_400,
        ge=60,
        description="Seconds Celery task states stay in Redis (results live in the job store).",
    )
    lease_ttl: int = Field(
        45,
        ge=3,
        description="Seconds a worker process's hold on an article lasts unless renewed (its "
        "heartbeat renews it every `heartbeat_interval`). When a worker dies, its articles are "
        "sent to another worker within about `lease_ttl + heartbeat_interval` seconds.",
    )
    heartbeat_interval: int = Field(
        15,
        ge=1,
        description="Seconds between a worker's heartbeats: each renews its leases, says the "
        "worker is alive (for `/metrics`) and sends again the articles of dead workers; at most "
        "half of `lease_ttl`.",
    )
    article_group_size: int = Field(
        16,
        ge=1,
        le=64,
        description="Most queued articles (same source language, same batch options and "
        "glossary, from one batch or several) a worker process translates together in one call, "
        "which fills the model's batches; a worker's processes share what is queued, so none "
        "idles while another works through a long group. 1 translates article by article.",
    )
    batch_stall_after: int = Field(
        1800,
        ge=2,
        description="Seconds an unfinished batch may go without progress (no article started or "
        "finished) before the beat takes its task messages for lost (e.g. with a Redis crash) "
        "and sends the batch again, at most once per this period; must be longer than "
        "`task_time_limit`.",
    )

    retention_days: int = Field(
        30,
        ge=1,
        description="Days finished batches (with their articles and results) and finished "
        "email deliveries are kept; the beat deletes older ones, and expired idempotency keys, "
        "in small chunks once an hour.",
    )

    # --- email digests ----------------------------------------------------------------------
    smtp_url: SecretStr | None = Field(
        None,
        description="SMTP server for the email digests: `smtp://user:pass@host:587` (STARTTLS, "
        "required), `smtps://user:pass@host:465` (implicit TLS), `smtp://localhost:1025` (a "
        "local catcher; STARTTLS if offered) or `smtp://host:1025?starttls=off` (plain, to a "
        "trusted relay such as Mailpit). Unset: no digest is sent (the beat logs a warning).",
    )
    mail_from: str = Field(
        "Wiredesk <wiredesk@localhost>",
        description="Sender (`From`) of the digests, e.g. `Wiredesk <news@example.com>`; an "
        "address your SMTP server lets you send as.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Key (at least 32 characters) that signs the unsubscribe and digest links in "
        "emails. Unset: a random key is generated once and kept in the job store, shared by the "
        "API and the workers (a warning is logged); changing it invalidates links already sent.",
    )
    smtp_timeout: int = Field(
        30, ge=1, le=600, description="Seconds to wait for the SMTP server at each step."
    )
    smtp_max_retries: int = Field(
        6,
        ge=0,
        description="Retries of a digest after a temporary SMTP failure (server down, 4xx "
        "reply); then the delivery is recorded as failed. Permanent failures are not retried.",
    )
    smtp_retry_backoff: int = Field(
        60, ge=1, description="First SMTP retry delay in seconds; doubles on each retry (jitter)."
    )
    smtp_retry_backoff_max: int = Field(
        1800,
        ge=1,
        description="Longest delay between two SMTP retries (seconds); keep it below "
        "`visibility_timeout`.",
    )
    digest_window_hours: int = Field(
        24,
        ge=1,
        le=168,
        description="Hours of articles a subscription's first digest covers; each later digest "
        "covers everything since the previous one (at most twice this).",
    )
    digest_max_articles: int = Field(
        200,
        ge=1,
        le=5000,
        description="Most articles merged into one email digest (the newest are kept), which "
        "bounds the time and memory one digest takes.",
    )

    @model_validator(mode="after")
    def _limits_are_ordered(self) -> Self:
        if self.task_soft_time_limit >= self.task_time_limit:
            raise ValueError("task_soft_time_limit must be below task_time_limit")
        if self.task_time_limit >= self.visibility_timeout:
            raise ValueError(
                "visibility_timeout must be longer than task_time_limit, or Redis would hand a "
                "still-running task to a second worker"
            )
        if self.task_time_limit >= self.batch_stall_after:
            raise ValueError(
                "batch_stall_after must be longer than task_time_limit, or the beat could start "
                "an article a second time while it is still being processed"
            )
        if 2 * self.heartbeat_interval > self.lease_ttl:
            raise ValueError(
                "heartbeat_interval must be at most half of lease_ttl, or a busy worker's leases "
                "could expire between two renewals"
            )
        return self

    def api_key_list(self) -> list[str]:
        """The configured API keys, blanks dropped; empty means the API is open."""
        if self.api_keys is None:
            return []
        return [key.strip() for key in self.api_keys.get_secret_value().split(",") if key.strip()]

    def warm_language_list(self) -> list[str]:
        """The languages to load models for at worker start-up."""
        return [code.strip().lower() for code in self.warm_languages.split(",") if code.strip()]

    def worker_concurrency(self) -> int:
        """Worker processes to run: the setting, or one (whose threads use every core)."""
        return self.concurrency or 1


@lru_cache(maxsize=1)
def get_service_settings() -> ServiceSettings:
    """The process-wide service settings, read once from the environment."""
    return ServiceSettings()
