"""Data functions for batches and their articles: what the API and the worker read and write.

Each function takes an open session and keyword-only arguments; the caller decides the
transaction (`Store.write()` commits, `Store.read()` never does). Article transitions are
guarded by their current status, so a redelivered task never redoes or undoes finished work.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from wiredesk.errors import NotFoundError
from wiredesk.schema import Article, ArticleResult, Digest
from wiredesk.store.atomic import insert_if_absent
from wiredesk.store.models import (
    ARTICLE_FINAL,
    BATCH_FINAL,
    ArticleRow,
    BatchRow,
    IdempotencyRow,
    utcnow,
)


@dataclass(frozen=True)
class Progress:
    """Article counts of one batch: `done` counts finished articles, failed ones included."""

    total: int
    done: int
    failed: int


class ClaimOutcome(StrEnum):
    """What a worker should do with an article task it received."""

    run = "run"  # process it now
    done = "done"  # already finished: the task is a redelivery, nothing to do
    missing = "missing"  # not in the store (yet): the submitting transaction may not be visible
    exhausted = "exhausted"  # started too often; recorded as failed now


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming an article, with what the worker needs to process it."""

    outcome: ClaimOutcome
    batch_id: str | None = None
    article: Article | None = None
    attempt: int = 0
    batch_started: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    glossary_name: str | None = None
    glossary_text: str | None = None


@dataclass(frozen=True)
class BatchInputs:
    """What the merge step needs: every result in input order, their notices, the options."""

    batch_id: str
    results: list[ArticleResult]
    notices: list[str]
    options: dict[str, Any]
    glossary_name: str | None
    glossary_text: str | None
    unfinished: int


# --- submitting ---------------------------------------------------------------------------------
def new_batch_id() -> str:
    """A fresh, unguessable batch id."""
    return uuid.uuid4().hex


def create_batch(
    session: Session,
    *,
    articles: Sequence[Article],
    options: dict[str, Any],
    glossary_name: str | None = None,
    glossary_text: str | None = None,
) -> tuple[BatchRow, list[int]]:
    """Add a queued batch and its articles; returns the batch and its article keys, in order."""
    batch = BatchRow(
        id=new_batch_id(),
        status="queued",
        created_at=utcnow(),
        total=len(articles),
        options=options,
        glossary_name=glossary_name,
        glossary_text=glossary_text,
    )
    batch.articles = [
        ArticleRow(
            position=index,
            article_id=article.id,
            status="queued",
            input=article.model_dump(mode="json"),
            notices=[],
        )
        for index, article in enumerate(articles)
    ]
    session.add(batch)
    session.flush()
    return batch, [row.pk for row in batch.articles]


def find_idempotency(
    session: Session, *, principal: str, key: str, not_before: datetime
) -> IdempotencyRow | None:
    """The batch an `Idempotency-Key` started, unless it is older than `not_before`."""
    row = session.get(IdempotencyRow, (principal, key))
    if row is None or row.created_at < not_before:
        return None
    return row


@dataclass(frozen=True)
class KeyHolder:
    """The request that holds an idempotency key: its hash and the batch it started."""

    request_hash: str
    batch_id: str


def claim_idempotency(
    session: Session,
    *,
    principal: str,
    key: str,
    request_hash: str,
    batch_id: str,
    not_before: datetime,
) -> KeyHolder | None:
    """Take the key for `batch_id` (None), or return the request that holds it.

    Atomic on both databases (see `wiredesk.store.atomic`): the key is taken by one
    `INSERT … ON CONFLICT DO NOTHING` on (principal, key); of two requests at once, the second
    waits for the first to commit and inserts nothing. An expired key is taken over by a
    conditional UPDATE (`created_at < not_before`) that only one request can win. The loser
    reads the holder with a fresh statement, which sees the winner's committed row.
    """
    now = utcnow()
    values = {"request_hash": request_hash, "batch_id": batch_id, "created_at": now}
    if insert_if_absent(
        session,
        IdempotencyRow,
        conflict=["principal", "key"],
        values={"principal": principal, "key": key, **values},
    ):
        return None
    taken = session.execute(
        update(IdempotencyRow)
        .where(
            IdempotencyRow.principal == principal,
            IdempotencyRow.key == key,
            IdempotencyRow.created_at < not_before,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return None
    holder = session.execute(
        select(IdempotencyRow.request_hash, IdempotencyRow.batch_id).where(
            IdempotencyRow.principal == principal, IdempotencyRow.key == key
        )
    ).one()
    return KeyHolder(request_hash=holder.request_hash, batch_id=holder.batch_id)


# --- reading ------------------------------------------------------------------------------------
def get_batch(session: Session, *, batch_id: str) -> BatchRow:
    """The batch with id `batch_id`, or `NotFoundError`."""
    batch = session.get(BatchRow, batch_id)
    if batch is None:
        raise NotFoundError(f"No batch with id '{batch_id}'.")
    return batch


def list_batches(session: Session, *, limit: int, offset: int) -> tuple[list[BatchRow], int]:
    """One page of batches, newest first, and the number of batches in all."""
    total = session.scalar(select(func.count()).select_from(BatchRow)) or 0
    rows = session.scalars(
        select(BatchRow)
        .order_by(BatchRow.created_at.desc(), BatchRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def progress(session: Session, *, batch_ids: Sequence[str]) -> dict[str, Progress]:
    """Article counts for each of `batch_ids`, in one query."""
    if not batch_ids:
        return {}
    counts: dict[str, Counter[str]] = {batch_id: Counter() for batch_id in batch_ids}
    rows = session.execute(
        select(ArticleRow.batch_id, ArticleRow.status, func.count())
        .where(ArticleRow.batch_id.in_(batch_ids))
        .group_by(ArticleRow.batch_id, ArticleRow.status)
    )
    for batch_id, status, count in rows:
        counts[batch_id][status] += count
    return {
        batch_id: Progress(total=sum(c.values()), done=c["ok"] + c["failed"], failed=c["failed"])
        for batch_id, c in counts.items()
    }


def article_rows(session: Session, *, batch_id: str) -> list[ArticleRow]:
    """The articles of a batch, in input order."""
    return list(
        session.scalars(
            select(ArticleRow).where(ArticleRow.batch_id == batch_id).order_by(ArticleRow.position)
        ).all()
    )


def get_article(session: Session, *, batch_id: str, article_id: str) -> ArticleRow:
    """One article of a batch by its id, or `NotFoundError`."""
    row = session.scalar(
        select(ArticleRow).where(
            ArticleRow.batch_id == batch_id, ArticleRow.article_id == article_id
        )
    )
    if row is None:
        raise NotFoundError(f"Batch '{batch_id}' has no article with id '{article_id}'.")
    return row


# --- working ------------------------------------------------------------------------------------
def unfinished_article_pks(session: Session, *, batch_id: str) -> list[int] | None:
    """Keys of the batch's unfinished articles in order; None when the batch is already final."""
    batch = get_batch(session, batch_id=batch_id)
    if batch.status in BATCH_FINAL:
        return None
    return [
        row.pk
        for row in article_rows(session, batch_id=batch_id)
        if row.status not in ARTICLE_FINAL
    ]


def stalled_batch_ids(session: Session, *, idle_since: datetime) -> list[str]:
    """Unfinished batches with no activity since `idle_since`, oldest first: a task was lost.

    Activity is the batch being created or started and any of its articles being started or
    finished; a live task always shows some within its time limit. Existing columns only, so
    databases made by earlier versions need no migration.
    """
    recent_article = (
        select(ArticleRow.pk)
        .where(
            ArticleRow.batch_id == BatchRow.id,
            or_(ArticleRow.started_at >= idle_since, ArticleRow.finished_at >= idle_since),
        )
        .exists()
    )
    return list(
        session.scalars(
            select(BatchRow.id)
            .where(
                BatchRow.status.not_in(BATCH_FINAL),
                BatchRow.created_at < idle_since,
                or_(BatchRow.started_at.is_(None), BatchRow.started_at < idle_since),
                ~recent_article,
            )
            .order_by(BatchRow.created_at, BatchRow.id)
        ).all()
    )


def claim_article(session: Session, *, pk: int, max_attempts: int) -> Claim:
    """Mark an article running (and its batch, if first), unless it is finished or exhausted.

    The attempt is counted by one `UPDATE … SET attempts = attempts + 1 … RETURNING`, guarded
    by the status and the attempt limit: three processes claiming at once store three attempts
    (PostgreSQL makes each wait for the row lock, then re-checks the WHERE on the new row;
    SQLite runs write transactions one at a time), so the limit cannot be undercounted.
    """
    now = utcnow()
    claimed = session.execute(
        update(ArticleRow)
        .where(
            ArticleRow.pk == pk,
            ArticleRow.status.not_in(ARTICLE_FINAL),
            ArticleRow.attempts < max_attempts,
        )
        .values(status="running", attempts=ArticleRow.attempts + 1, started_at=now)
        .returning(ArticleRow.batch_id, ArticleRow.attempts, ArticleRow.input)
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        return _not_claimed(session, pk=pk)
    started = session.execute(
        update(BatchRow)
        .where(BatchRow.id == claimed.batch_id, BatchRow.status == "queued")
        .values(status="running", started_at=now)
        .execution_options(synchronize_session=False)
    )
    batch = session.get(BatchRow, claimed.batch_id)
    assert batch is not None  # articles are deleted with their batch (ON DELETE CASCADE)
    return Claim(
        ClaimOutcome.run,
        batch_id=claimed.batch_id,
        article=Article.model_validate(claimed.input),
        attempt=claimed.attempts,
        batch_started=bool(started.rowcount),  # type: ignore[attr-defined]
        options=dict(batch.options or {}),
        glossary_name=batch.glossary_name,
        glossary_text=batch.glossary_text,
    )


def _not_claimed(session: Session, *, pk: int) -> Claim:
    """Why an article could not be claimed: missing, finished, or out of attempts (now failed)."""
    row = session.get(ArticleRow, pk, populate_existing=True)
    if row is None:
        return Claim(ClaimOutcome.missing)
    if row.status in ARTICLE_FINAL:
        return Claim(ClaimOutcome.done, batch_id=row.batch_id)
    # Out of attempts: fail it, guarded by its status so a concurrent finish is never undone.
    failed = session.execute(
        update(ArticleRow)
        .where(ArticleRow.pk == pk, ArticleRow.status.not_in(ARTICLE_FINAL))
        .values(
            status="failed",
            error=f"Gave up after {row.attempts} attempts: the worker processing this article "
            "stopped each time (killed, out of memory or timed out).",
            error_code="worker_lost",
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if not failed.rowcount:  # type: ignore[attr-defined]
        return Claim(ClaimOutcome.done, batch_id=row.batch_id)
    session.expire(row)
    return Claim(ClaimOutcome.exhausted, batch_id=row.batch_id, attempt=row.attempts)


def record_result(
    session: Session, *, pk: int, result: ArticleResult, notices: Sequence[str] = ()
) -> bool:
    """Store an article's result (ok or failed); False when it was already finished."""
    row = session.get(ArticleRow, pk)
    if row is None or row.status in ARTICLE_FINAL:
        return False
    row.result = result.model_dump_json()
    row.notices = list(notices)
    _finish(row, status=result.status, error=result.error, code=result.error_code)
    return True


def record_failure(session: Session, *, pk: int, error: str, code: str) -> bool:
    """Record an article as failed without a pipeline result; False if already finished."""
    row = session.get(ArticleRow, pk)
    if row is None or row.status in ARTICLE_FINAL:
        return False
    _finish(row, status="failed", error=error, code=code)
    return True


def fail_unfinished(session: Session, *, batch_id: str, error: str, code: str) -> int:
    """Record every unfinished article of a batch as failed (the batch ended abnormally)."""
    count = 0
    for row in article_rows(session, batch_id=batch_id):
        if row.status not in ARTICLE_FINAL:
            _finish(row, status="failed", error=error, code=code)
            count += 1
    return count


def batch_inputs(session: Session, *, batch_id: str) -> BatchInputs:
    """Every article result of a batch (failed ones too), for the merge step."""
    batch = get_batch(session, batch_id=batch_id)
    results: list[ArticleResult] = []
    notices: list[str] = []
    unfinished = 0
    for row in article_rows(session, batch_id=batch_id):
        if row.status not in ARTICLE_FINAL:
            unfinished += 1
            continue
        results.append(result_of(row))
        notices.extend(n for n in row.notices or [] if n not in notices)
    return BatchInputs(
        batch_id=batch_id,
        results=results,
        notices=notices,
        options=dict(batch.options or {}),
        glossary_name=batch.glossary_name,
        glossary_text=batch.glossary_text,
        unfinished=unfinished,
    )


def finish_batch(
    session: Session, *, batch_id: str, digest: Digest | None, error: str | None = None
) -> str | None:
    """Store the digest and the final status; returns the status, or None if already final."""
    batch = get_batch(session, batch_id=batch_id)
    if batch.status in BATCH_FINAL:
        return None
    counts = progress(session, batch_ids=[batch_id])[batch_id]
    ok = counts.done - counts.failed
    if digest is None or ok == 0:
        status = "failed"
    elif counts.failed:
        status = "partial"
    else:
        status = "succeeded"
    batch.status, batch.finished_at, batch.error = status, utcnow(), error
    batch.digest = digest.model_dump_json() if digest is not None else None
    if batch.started_at is None:
        batch.started_at = batch.finished_at
    return status


def result_of(row: ArticleRow) -> ArticleResult:
    """The stored result of a finished article, or a failed result built from its error."""
    if row.result:
        return ArticleResult.model_validate_json(row.result)
    article = Article.model_validate(row.input)
    return ArticleResult.failed(article, error=row.error, code=row.error_code)


def _finish(row: ArticleRow, *, status: str, error: str | None, code: str | None) -> None:
    row.status, row.error, row.error_code, row.finished_at = status, error, code, utcnow()


def claimable_articles(session: Session, *, prefer_batch: str, limit: int) -> list[ArticleRow]:
    """Up to `limit` unfinished articles, those of `prefer_batch` first, then oldest first.

    A worker translates some of them together with the article it was sent (same language and
    batch options): queued ones, and running ones whose worker died (its Redis lease on them
    expired; one a live worker holds is skipped). Each is still claimed with `claim_article`.
    """
    return list(
        session.scalars(
            select(ArticleRow)
            .where(ArticleRow.status.in_(("queued", "running")))
            .order_by((ArticleRow.batch_id != prefer_batch), ArticleRow.pk)
            .limit(limit)
        ).all()
    )


def unfinished_count(session: Session, *, batch_id: str) -> int | None:
    """How many articles of the batch are unfinished; None when the batch itself is final."""
    batch = session.get(BatchRow, batch_id)
    if batch is None or batch.status in BATCH_FINAL:
        return None
    return (
        session.scalar(
            select(func.count())
            .select_from(ArticleRow)
            .where(ArticleRow.batch_id == batch_id, ArticleRow.status.not_in(ARTICLE_FINAL))
        )
        or 0
    )
