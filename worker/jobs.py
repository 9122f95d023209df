"""The work behind each task: claim an article, run the pipeline, store; merge a batch.

Every step is idempotent: the store records what is finished, and a redelivered task finds
its article done and returns. Transient trouble (store or Redis unreachable, a batch not yet
visible) is raised as-is for the task to retry; anything else becomes a failed article.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded

from wiredesk.errors import NotFoundError
from wiredesk.store import jobs
from wiredesk.store.jobs import ClaimOutcome
from worker.runtime import Runtime

if TYPE_CHECKING:
    from wiredesk.pipeline import Pipeline
    from wiredesk.schema import Digest

log = logging.getLogger("wiredesk.worker")


class NotVisibleYet(Exception):
    """The task's batch or article is not in the store yet (the API has not committed)."""


class BatchNotReady(Exception):
    """The merge ran while some articles are unfinished (e.g. one is being redelivered)."""


def articles_to_start(runtime: Runtime, *, batch_id: str) -> list[int] | None:
    """The batch's unfinished articles (None if the batch is final), once the batch is visible."""
    # A write transaction: on SQLite it waits until the API's submitting transaction commits.
    with runtime.store.write() as session:
        try:
            return jobs.unfinished_article_pks(session, batch_id=batch_id)
        except NotFoundError as exc:
            raise NotVisibleYet(f"batch {batch_id} is not in the store") from exc


def run_article(runtime: Runtime, *, article_pk: int) -> str:
    """Process one stored article through the pipeline and store its result; returns its status."""
    with runtime.store.write() as session:
        claim = jobs.claim_article(
            session, pk=article_pk, max_attempts=runtime.service.article_max_attempts
        )
    if claim.outcome is ClaimOutcome.missing:
        raise NotVisibleYet(f"article {article_pk} is not in the store")
    if claim.outcome is not ClaimOutcome.run:
        log.info("batch %s article #%d: %s, skipped", claim.batch_id, article_pk, claim.outcome)
        return claim.outcome.value
    assert claim.article is not None  # a "run" claim always carries its article
    if claim.batch_started:
        log.info("batch %s started", claim.batch_id)
    log.info(
        "batch %s article %s started (attempt %d)", claim.batch_id, claim.article.id, claim.attempt
    )
    pipeline = runtime.batch_pipeline(
        options=claim.options, glossary_text=claim.glossary_text, glossary_name=claim.glossary_name
    )
    try:
        result = pipeline.process(claim.article)
    except SoftTimeLimitExceeded:
        return _fail(
            runtime,
            claim.batch_id,
            article_pk,
            claim.article.id,
            "timeout",
            f"Processing took longer than {runtime.service.task_soft_time_limit} s.",
        )
    except Exception as exc:
        # A bug or a model crash must not stall the batch: record it, keep the traceback in the log.
        log.exception("batch %s article %s crashed", claim.batch_id, claim.article.id)
        return _fail(
            runtime,
            claim.batch_id,
            article_pk,
            claim.article.id,
            "internal",
            f"Internal error while processing: {type(exc).__name__}: {exc}",
        )
    notices = runtime.notices_for(pipeline, result)
    with runtime.store.write() as session:
        jobs.record_result(session, pk=article_pk, result=result, notices=notices)
    if result.status == "ok":
        log.info("batch %s article %s done", claim.batch_id, result.id)
    else:
        log.warning(
            "batch %s article %s failed: %s (%s)",
            claim.batch_id,
            result.id,
            result.error,
            result.error_code,
        )
    return result.status


def _fail(
    runtime: Runtime, batch_id: str | None, article_pk: int, article_id: str, code: str, error: str
) -> str:
    with runtime.store.write() as session:
        jobs.record_failure(session, pk=article_pk, error=error, code=code)
    log.warning("batch %s article %s failed: %s (%s)", batch_id, article_id, error, code)
    return "failed"


def merge_batch(runtime: Runtime, *, batch_id: str) -> str | None:
    """Write the digest of a batch whose articles are all finished; returns its final status."""
    with runtime.store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        if batch.finished_at is not None:
            log.info("batch %s already finished, merge skipped", batch_id)
            return None
        inputs = jobs.batch_inputs(session, batch_id=batch_id)
    if inputs.unfinished:
        raise BatchNotReady(f"batch {batch_id}: {inputs.unfinished} articles unfinished")
    pipeline = runtime.batch_pipeline(
        options=inputs.options,
        glossary_text=inputs.glossary_text,
        glossary_name=inputs.glossary_name,
    )
    try:
        digest = _digest(pipeline, inputs)
    except Exception as exc:
        # Without this the batch would stay "running" forever; record why it failed instead.
        log.exception("batch %s: building the digest failed", batch_id)
        with runtime.store.write() as session:
            jobs.finish_batch(
                session,
                batch_id=batch_id,
                digest=None,
                error=f"Building the digest failed: {type(exc).__name__}: {exc}",
            )
        return "failed"
    with runtime.store.write() as session:
        status = jobs.finish_batch(session, batch_id=batch_id, digest=digest)
    failed = sum(1 for r in inputs.results if r.status == "failed")
    log.info(
        "batch %s finished: %s (%d articles, %d failed, %d stories)",
        batch_id,
        status,
        len(inputs.results),
        failed,
        len(digest.stories),
    )
    return status


def _digest(pipeline: Pipeline, inputs: jobs.BatchInputs) -> Digest:
    """The digest of a batch; glossaries are loaded first so it can name people and places."""
    for language in sorted({r.language for r in inputs.results if r.status == "ok" and r.language}):
        pipeline.glossary_for(language)
    return pipeline.digest(inputs.results, notices=inputs.notices)


def rescue_batch(runtime: Runtime, *, batch_id: str) -> str | None:
    """After a chord error: record unfinished articles as failed, then merge what is there."""
    with runtime.store.write() as session:
        count = jobs.fail_unfinished(
            session,
            batch_id=batch_id,
            error="The task processing this article failed repeatedly; see the worker log.",
            code="task_failed",
        )
    log.error("batch %s: chord failed, %d unfinished articles recorded as failed", batch_id, count)
    return merge_batch(runtime, batch_id=batch_id)
