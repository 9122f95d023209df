"""Celery tasks: each unpacks ids, calls `worker.jobs`, and retries transient errors only.

Tasks take ids, never payloads (the store has the data), and are idempotent, so a task
redelivered after its worker died, or retried, never duplicates or loses work.
"""

from __future__ import annotations

import logging

from celery import Signature, Task, group
from kombu.exceptions import OperationalError as BrokerError
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError as DatabaseError

from wiredesk.config import get_settings
from wiredesk.errors import NotFoundError, UnavailableError
from wiredesk.mail.tokens import Signer, signer_for
from wiredesk.service_settings import get_service_settings
from wiredesk.store import Store, retention
from wiredesk.store.migrate import require_current
from wiredesk.store.models import utcnow
from worker import articles, jobs, runtime
from worker.app import app
from worker.config import (
    ARTICLE_ERROR_TASK,
    ARTICLE_TASK,
    BATCH_ERROR_TASK,
    BATCH_SWEEP_TASK,
    DIGEST_BEAT_TASK,
    MERGE_TASK,
    RETENTION_TASK,
    SEND_DIGEST_TASK,
    START_TASK,
)
from worker.runtime import get_runtime

log = logging.getLogger("wiredesk.worker")

TRANSIENT = (
    DatabaseError,
    RedisConnectionError,
    RedisTimeoutError,
    BrokerError,
    jobs.NotVisibleYet,
    jobs.BatchNotReady,
)


_settings = get_service_settings()
_retry = {
    "autoretry_for": TRANSIENT,
    "max_retries": _settings.task_max_retries,
    "retry_backoff": _settings.task_retry_backoff,
    "retry_backoff_max": _settings.task_retry_backoff_max,
    "retry_jitter": True,
}


@app.task(name=START_TASK, **_retry)
def start_batch(batch_id: str) -> int:
    """Send a task per unfinished article (the last one to finish sends the merge); the count."""
    article_pks = jobs.articles_to_start(get_runtime(), batch_id=batch_id)
    if article_pks is None:
        log.info("batch %s is already finished; nothing to start", batch_id)
        return 0
    if article_pks:
        group([article_signature(pk) for pk in article_pks]).apply_async()
    else:
        merge_batch.apply_async(args=(batch_id,))
    log.info("batch %s dispatched: %d article tasks", batch_id, len(article_pks))
    return len(article_pks)


def article_signature(pk: int) -> Signature:
    """The task for one article, which records it failed if the task fails for good."""
    return process_article.si(pk).set(link_error=article_error.si(pk))


@app.task(name=ARTICLE_TASK, **_retry)
def process_article(article_pk: int) -> str:
    """Clean, translate and summarize the article, with queued articles like it; store results."""
    return articles.run_article(
        get_runtime(),
        article_pk=article_pk,
        enqueue_merge=lambda batch_id: merge_batch.apply_async(args=(batch_id,)),
    )


@app.task(name=ARTICLE_ERROR_TASK, **_retry)
def article_error(article_pk: int) -> str:
    """Error callback: record an article whose task failed for good, merge if it was the last."""
    outcome = jobs.fail_article(
        get_runtime(),
        article_pk=article_pk,
        enqueue_merge=lambda batch_id: merge_batch.apply_async(args=(batch_id,)),
    )
    if outcome == "failed":
        articles.count_failure(get_runtime(), article_pk)
    return outcome


@app.task(name=MERGE_TASK, **_retry)
def merge_batch(batch_id: str) -> str | None:
    """Merge a batch's finished articles into its digest and set its final status."""
    try:
        return jobs.merge_batch(get_runtime(), batch_id=batch_id)
    except NotFoundError:
        log.warning("batch %s is not in the store; merge dropped", batch_id)
        return None


@app.task(name=BATCH_ERROR_TASK, **_retry)
def batch_error(batch_id: str) -> str | None:
    """Chord error callback of earlier versions (their messages may still be queued)."""
    try:
        return jobs.rescue_batch(get_runtime(), batch_id=batch_id)
    except NotFoundError:
        log.warning("batch %s is not in the store; rescue dropped", batch_id)
        return None


# --- the beat's tasks and the email digests -----------------------------------------------------
# These need only the store, not the models: in a process without a runtime (the tests' eager
# calls) they open their own store, once per database URL.
_stores: dict[str, Store] = {}
_signers: dict[tuple[str, str | None], Signer] = {}
_markers: dict[str, Redis] = {}


def _task_store() -> Store:
    """The worker process's store, or one opened for this database URL."""
    if runtime._runtime is not None:
        return runtime._runtime.store
    url = get_service_settings().database_url
    if url not in _stores:
        store = Store(url)
        require_current(store)
        _stores[url] = store
    return _stores[url]


def _signer(store: Store) -> Signer:
    """The link signer, resolved once per process (a generated key is read from the store)."""
    secret = get_service_settings().secret_key
    key = (str(store.url), secret.get_secret_value() if secret else None)
    if key not in _signers:
        _signers[key] = signer_for(secret, store=store)
    return _signers[key]


def _marker_client(url: str) -> Redis:
    """A Redis client for the sweep's per-batch markers, one per process and URL."""
    if url not in _markers:
        _markers[url] = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
    return _markers[url]


@app.task(name=BATCH_SWEEP_TASK, ignore_result=True, **_retry)
def requeue_stalled_batches() -> int:
    """Every minute (celery beat): start again each batch whose task messages were lost."""
    service = get_service_settings()
    return len(
        jobs.requeue_stalled_batches(
            _task_store(),
            service=service,
            now=utcnow(),
            enqueue=lambda batch_id: start_batch.apply_async(args=(batch_id,)),
            markers=_marker_client(service.redis_url),
        )
    )


@app.task(name=DIGEST_BEAT_TASK, ignore_result=True, **_retry)
def enqueue_due_digests() -> int:
    """Every minute (celery beat): enqueue a send for each subscription whose time has come."""
    return jobs.enqueue_due_digests(
        _task_store(),
        service=get_service_settings(),
        now=utcnow(),
        enqueue=lambda pk: send_digest.apply_async(args=(pk,)),
    )


@app.task(name=RETENTION_TASK, ignore_result=True, **_retry)
def delete_expired() -> int:
    """Hourly (celery beat): delete what is older than WIREDESK_RETENTION_DAYS, in chunks."""
    service = get_service_settings()
    deleted = retention.delete_expired(
        _task_store(),
        now=utcnow(),
        retention_days=service.retention_days,
        idempotency_ttl=service.idempotency_ttl,
    )
    return deleted.batches + deleted.idempotency_keys + deleted.deliveries


@app.task(name=SEND_DIGEST_TASK, bind=True, ignore_result=True, max_retries=None)
def send_digest(self: Task, delivery_pk: int) -> str:
    """Send one delivery's digest; temporary SMTP or store trouble retries with backoff."""
    service = get_service_settings()
    retries = self.request.retries
    final_attempt = retries >= service.smtp_max_retries
    delay = jobs.smtp_backoff(retries, service=service)
    store = _task_store()
    try:
        return jobs.send_digest(
            store,
            delivery_pk=delivery_pk,
            service=service,
            core=get_settings(),
            signer=_signer(store),
            now=utcnow(),
            final_attempt=final_attempt,
            retry_in=delay,
        )
    except (UnavailableError, *TRANSIENT) as exc:
        if final_attempt:
            raise
        raise self.retry(exc=exc, countdown=delay) from exc
