"""Celery tasks: each unpacks ids, calls `worker.jobs`, and retries transient errors only.

Tasks take ids, never payloads (the store has the data), and are idempotent, so a task
redelivered after its worker died, or retried, never duplicates or loses work.
"""

from __future__ import annotations

import logging

from celery import chord
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError as DatabaseError

from wiredesk.errors import NotFoundError
from wiredesk.service_settings import get_service_settings
from worker import jobs
from worker.app import app
from worker.config import ARTICLE_TASK, BATCH_ERROR_TASK, MERGE_TASK, START_TASK
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
    """Send the batch's chord: a task per unfinished article, then the merge; returns the count."""
    article_pks = jobs.articles_to_start(get_runtime(), batch_id=batch_id)
    if article_pks is None:
        log.info("batch %s is already finished; nothing to start", batch_id)
        return 0
    merge = merge_batch.si(batch_id)
    merge.link_error(batch_error.si(batch_id))
    if article_pks:
        chord([process_article.si(pk) for pk in article_pks], merge).apply_async()
    else:
        merge.apply_async()
    log.info("batch %s dispatched: %d article tasks", batch_id, len(article_pks))
    return len(article_pks)


@app.task(name=ARTICLE_TASK, **_retry)
def process_article(article_pk: int) -> str:
    """Clean, translate and summarize one stored article; store its result."""
    return jobs.run_article(get_runtime(), article_pk=article_pk)


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
    """Chord error callback: finish a batch whose article task failed for good."""
    try:
        return jobs.rescue_batch(get_runtime(), batch_id=batch_id)
    except NotFoundError:
        log.warning("batch %s is not in the store; rescue dropped", batch_id)
        return None
