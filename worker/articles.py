"""One article task: take the article and up to `article_group_size - 1` articles like it (queued,
or left running by a dead worker), translate them together (`Pipeline.process_many`), store each
result once, and send the merge when a batch is complete.

"Like it" means the same declared source language and the same batch options and glossary, from
its own batch first and then from other batches: one model call then fills whole batches, as
`wiredesk run` does. Each article is leased in Redis (`worker.leases`) *before* it is claimed in
the store, so a worker that dies leaves leases that expire and are sent again; the store's status
guards keep every result written once, whatever arrives late.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from redis.exceptions import RedisError

from wiredesk.schema import Article, ArticleResult
from wiredesk.store import jobs
from wiredesk.store.jobs import Claim, ClaimOutcome
from wiredesk.store.models import ArticleRow
from worker import counters
from worker.jobs import NotVisibleYet
from worker.runtime import Runtime

if TYPE_CHECKING:
    from wiredesk.pipeline import Pipeline

log = logging.getLogger("wiredesk.worker")

BUSY = "busy"  # another live worker holds the article; its task will finish it
RELEASED = "released"  # a group ran out of time: its articles are sent again one by one
# Unfinished rows looked at per companion wanted: most share the language and options.
CANDIDATES_PER_SLOT = 4


def run_article(runtime: Runtime, *, article_pk: int, enqueue_merge: Callable[[str], None]) -> str:
    """Process the article (with companions) and store the results; returns its status."""
    leases = runtime.leases
    if not leases.acquire(article_pk):
        log.info("article #%d is held by another live worker; skipped", article_pk)
        return BUSY
    taken, finished = [article_pk], set[int]()
    try:
        with runtime.store.write() as session:
            claim = jobs.claim_article(
                session, pk=article_pk, max_attempts=runtime.service.article_max_attempts
            )
        if claim.outcome is not ClaimOutcome.run:
            finished.add(article_pk)
            if claim.outcome is ClaimOutcome.missing:
                raise NotVisibleYet(f"article {article_pk} is not in the store")
            log.info("batch %s article #%d: %s, skipped", claim.batch_id, article_pk, claim.outcome)
            if claim.outcome is ClaimOutcome.exhausted:
                count_failure(runtime, article_pk)
            _merge_if_complete(runtime, [claim.batch_id], enqueue_merge)
            return claim.outcome.value
        group = [(article_pk, claim)]
        # An article's last attempt runs alone, so one that kills its worker every time cannot
        # use up its neighbours' attempts: they get a last attempt without it.
        if claim.attempt < runtime.service.article_max_attempts:
            group += _claim_companions(runtime, claim, taken=taken, finished=finished)
        statuses = _process(runtime, group, finished=finished)
        _merge_if_complete(runtime, {c.batch_id for _, c in group}, enqueue_merge)
        return statuses.get(article_pk, RELEASED)
    finally:
        leases.release([pk for pk in taken if pk in finished], finished=True)
        leases.release([pk for pk in taken if pk not in finished], finished=False)


def options_key(options: dict[str, Any], glossary_name: str | None, glossary: str | None) -> str:
    """What articles must share to be translated in one call: batch options and glossary."""
    text = json.dumps(options or {}, sort_keys=True)
    digest = hashlib.sha256((glossary or "").encode("utf-8", "surrogatepass")).hexdigest()
    return f"{text}|{glossary_name}|{digest}"


def _claim_companions(
    runtime: Runtime, claim: Claim, *, taken: list[int], finished: set[int]
) -> list[tuple[int, Claim]]:
    """Lease and claim articles to translate with `claim`'s (queued, or whose worker died)."""
    wanted = runtime.service.article_group_size - 1
    if wanted <= 0 or claim.batch_id is None or claim.article is None:
        return []
    key = options_key(claim.options, claim.glossary_name, claim.glossary_text)
    language = claim.article.language
    with runtime.store.read() as session:
        rows = jobs.claimable_articles(
            session, prefer_batch=claim.batch_id, limit=wanted * CANDIDATES_PER_SLOT
        )
        last_attempt = runtime.service.article_max_attempts - 1
        candidates = [
            row.pk
            for row in rows
            if row.pk not in taken
            and row.attempts < last_attempt
            and (row.input or {}).get("language") == language
            and options_key(row.batch.options, row.batch.glossary_name, row.batch.glossary_text)
            == key
        ]
    # Share what is queued among this worker's processes: one process working through a long
    # group while the others idle would be slower than smaller groups side by side.
    share = math.ceil((len(candidates) + 1) / max(1, runtime.processes))
    wanted = min(wanted, share - 1)
    mine: list[int] = []
    for pk in candidates:
        if len(mine) == wanted:
            break
        if runtime.leases.acquire(pk):
            mine.append(pk)
            taken.append(pk)
    claimed: list[tuple[int, Claim]] = []
    with runtime.store.write() as session:
        for pk in mine:
            companion = jobs.claim_article(
                session, pk=pk, max_attempts=runtime.service.article_max_attempts
            )
            if companion.outcome is ClaimOutcome.run:
                claimed.append((pk, companion))
    finished.update(pk for pk in mine if pk not in {pk for pk, _ in claimed})
    return claimed


def _process(
    runtime: Runtime, group: Sequence[tuple[int, Claim]], *, finished: set[int]
) -> dict[int, str]:
    """Translate the group in one call and store each result; article key -> status."""
    first = group[0][1]
    for _, claim in group:
        if claim.batch_started:
            log.info("batch %s started", claim.batch_id)
        assert claim.article is not None  # a "run" claim always carries its article
        log.info(
            "batch %s article %s started (attempt %d, %d together)",
            claim.batch_id,
            claim.article.id,
            claim.attempt,
            len(group),
        )
    pipeline = runtime.batch_pipeline(
        options=first.options, glossary_text=first.glossary_text, glossary_name=first.glossary_name
    )
    articles = [claim.article for _, claim in group if claim.article is not None]
    started = time.monotonic()
    try:
        results = _results(pipeline, articles)
    except SoftTimeLimitExceeded:
        if len(group) > 1:
            # Let go without finishing: the next heartbeat sends them again (the last try alone).
            log.warning(
                "batch %s: %d articles together took longer than %d s; they are sent again",
                first.batch_id,
                len(group),
                runtime.service.task_soft_time_limit,
            )
            return {}
        error = f"Processing took longer than {runtime.service.task_soft_time_limit} s."
        results = [ArticleResult.failed(articles[0], error=error, code="timeout")]
    seconds = time.monotonic() - started
    stored: list[ArticleResult] = []
    with runtime.store.write() as session:
        for (pk, _), result in zip(group, results, strict=True):
            notices = runtime.notices_for(pipeline, result)
            if jobs.record_result(session, pk=pk, result=result, notices=notices):
                stored.append(result)
    finished.update(pk for pk, _ in group)
    for (_, claim), result in zip(group, results, strict=True):
        _log_result(claim.batch_id, result)
    _count(runtime, stored, seconds=seconds)
    return {pk: result.status for (pk, _), result in zip(group, results, strict=True)}


def _results(pipeline: Pipeline, articles: Sequence[Article]) -> list[ArticleResult]:
    """`process_many`; if it crashes (a bug, not a bad article), each article alone."""
    try:
        return pipeline.process_many(articles)
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        if len(articles) > 1:
            log.exception("%d articles together crashed; processing each alone", len(articles))
            return [result for article in articles for result in _results(pipeline, [article])]
        # A bug or a model crash must not stall the batch: record it, keep the traceback in the log.
        log.exception("article %s crashed", articles[0].id)
        error = f"Internal error while processing: {type(exc).__name__}: {exc}"
        return [ArticleResult.failed(articles[0], error=error, code="internal")]


def _log_result(batch_id: str | None, result: ArticleResult) -> None:
    if result.status == "ok":
        log.info("batch %s article %s done", batch_id, result.id)
    else:
        log.warning(
            "batch %s article %s failed: %s (%s)",
            batch_id,
            result.id,
            result.error,
            result.error_code,
        )


def _count(runtime: Runtime, stored: Iterable[ArticleResult], *, seconds: float) -> None:
    """Add the newly stored results to the `/metrics` counters (a lost count is only logged)."""
    try:
        for result in stored:
            counters.record_article(
                runtime.leases.client,
                language=result.language,
                status=result.status,
                seconds=seconds,
                sentences=len(result.sentences),
                tokens=sum(len(pair.target.split()) for pair in result.sentences),
            )
    except RedisError as exc:
        log.warning("metrics counters not updated (Redis: %s)", exc)


def count_failure(runtime: Runtime, article_pk: int) -> None:
    """Count an article failed without a pipeline result (gave up, task failed) in `/metrics`."""
    with runtime.store.read() as session:
        row = session.get(ArticleRow, article_pk)
        language = (row.input or {}).get("language") if row is not None else None
    try:
        counters.record_article(
            runtime.leases.client,
            language=language,
            status="failed",
            seconds=0.0,
            sentences=0,
            tokens=0,
        )
    except RedisError as exc:
        log.warning("metrics counters not updated (Redis: %s)", exc)


def _merge_if_complete(
    runtime: Runtime, batch_ids: Iterable[str | None], enqueue_merge: Callable[[str], None]
) -> None:
    """Send the merge of each batch that has no unfinished article left (read after commit)."""
    with runtime.store.read() as session:
        ready = [
            batch_id
            for batch_id in sorted({b for b in batch_ids if b})
            if jobs.unfinished_count(session, batch_id=batch_id) == 0
        ]
    for batch_id in ready:
        enqueue_merge(batch_id)
