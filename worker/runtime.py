"""What one worker process holds for its whole life: the job store and ONE `Pipeline`.

Built after the fork (Celery's `worker_process_init`), never in the parent: torch and its
thread pools do not survive a fork, and each model should be loaded once per process.
`wiredesk.pipeline` imports torch, so it is imported here lazily, never at module level.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wiredesk.config import Settings, get_settings
from wiredesk.errors import WiredeskError
from wiredesk.service_settings import ServiceSettings, get_service_settings
from wiredesk.store import Store
from wiredesk.store.migrate import require_current
from worker.leases import Leases, Ticker

if TYPE_CHECKING:
    from redis import Redis

    from wiredesk.glossary import Glossary
    from wiredesk.pipeline import Pipeline
    from wiredesk.schema import ArticleResult

log = logging.getLogger("wiredesk.worker")

GLOSSARY_CACHE_SIZE = 8  # parsed batch glossaries kept per process (a 1 MB one takes seconds)


@dataclass
class Runtime:
    """The per-process store handle, pipeline, article leases and notices of models loaded."""

    settings: Settings
    service: ServiceSettings
    store: Store
    pipeline: Pipeline
    leases: Leases
    processes: int = 1  # pool processes of this worker, which share the queued articles
    # Notices (e.g. "uses the meaningless tiny model") per source language; a model loads once
    # per process, so its notice is remembered here and attached to every article it translates.
    language_notices: dict[str, list[str]] = field(default_factory=dict)
    # Every article task of a batch brings the same glossary text: parse it once, not per article.
    glossaries: OrderedDict[tuple[str, str], Glossary] = field(default_factory=OrderedDict)

    def batch_pipeline(
        self, *, options: dict[str, Any], glossary_text: str | None, glossary_name: str | None
    ) -> Pipeline:
        """A pipeline with one batch's options that shares this process's loaded models."""
        glossary = self.parsed_glossary(glossary_text, glossary_name) if glossary_text else None
        return self.pipeline.with_options(
            beams=options.get("beams"),
            summary_sentences=options.get("summary_sentences"),
            glossary=glossary,
        )

    def parsed_glossary(self, text: str, name: str | None) -> Glossary:
        """`text` parsed, from a small per-process cache keyed by its name and content."""
        from wiredesk.glossary import parse_glossary

        key = (name or "batch", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        if key in self.glossaries:
            self.glossaries.move_to_end(key)
            return self.glossaries[key]
        glossary = parse_glossary(text, origin=f"glossary '{key[0]}'")
        self.glossaries[key] = glossary
        while len(self.glossaries) > GLOSSARY_CACHE_SIZE:
            self.glossaries.popitem(last=False)
        return glossary

    def warm(self, language: str) -> None:
        """Load the model for `language` now; a missing model is logged, its articles will fail."""
        before = len(self.pipeline.notices)
        try:
            self.pipeline.translator_for(language)
        except WiredeskError as exc:
            log.warning("no model for '%s' at start-up: %s", language, exc.detail)
            return
        self.language_notices.setdefault(language, []).extend(self.pipeline.notices[before:])

    def notices_for(self, pipeline: Pipeline, result: ArticleResult) -> list[str]:
        """Notices that apply to `result`: those of its language's model only, however long ago."""
        language = result.language or ""
        known = self.language_notices.setdefault(language, [])
        known.extend(n for n in pipeline.notices_for([language]) if n not in known)
        return list(known)


_runtime: Runtime | None = None


def init_runtime(*, concurrency: int | None = None) -> Runtime:
    """Build this process's runtime (store, pipeline), capping torch threads to fit the cores."""
    global _runtime
    from wiredesk.pipeline import Pipeline

    settings = worker_settings(get_settings(), concurrency=concurrency)
    service = get_service_settings()
    threads = settings.threads
    _set_torch_threads(threads)
    store = Store(service.database_url)
    require_current(store)  # SchemaBehindError names `wiredesk db upgrade`; see worker.app
    leases = Leases(redis_client(service), ttl=service.lease_ttl)
    # Renew this process's leases while it works; when it dies they expire and are sent again.
    Ticker("lease renewal", leases.renew, interval=service.heartbeat_interval).start()
    _runtime = Runtime(
        settings=settings,
        service=service,
        store=store,
        pipeline=Pipeline(settings),
        leases=leases,
        processes=concurrency or 1,
    )
    for language in service.warm_language_list():
        _runtime.warm(language)
    log.info("worker process %d ready (torch threads: %d)", os.getpid(), threads)
    return _runtime


def redis_client(service: ServiceSettings) -> Redis:
    """A Redis client for leases and counters, with the same short timeouts as the broker."""
    from redis import Redis

    return Redis.from_url(service.redis_url, socket_connect_timeout=3, socket_timeout=10)


def get_runtime() -> Runtime:
    """This process's runtime, built on first use where no fork signal came (solo pool)."""
    return _runtime if _runtime is not None else init_runtime()


def worker_settings(settings: Settings, *, concurrency: int | None) -> Settings:
    """`settings` with the threads of one worker process among `concurrency` on these cores.

    A worker translates several articles per task (`article_group_size`), so, as in the CLI,
    CTranslate2 keeps its default split of one-thread batches side by side unless set.
    """
    threads = torch_threads(settings.threads, concurrency=concurrency)
    return settings.model_copy(update={"threads": threads})


def torch_threads(configured: int, *, concurrency: int | None) -> int:
    """Threads per process so that processes × threads never exceeds the CPU cores."""
    cores = os.cpu_count() or 1
    per_process = max(1, cores // max(1, concurrency or 1))
    return max(1, min(configured, per_process))


def _set_torch_threads(threads: int) -> None:
    import torch

    torch.set_num_threads(threads)
