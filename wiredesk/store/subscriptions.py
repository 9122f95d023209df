"""Data functions for email digests: subscriptions, delivery records, the articles of a window.

Like `wiredesk.store.jobs`, each takes an open session and keyword-only arguments; the caller
owns the transaction. Delivery transitions are guarded by their current status (a conditional
UPDATE), so two tasks for one delivery can never both send it.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wiredesk.errors import NotFoundError
from wiredesk.schema import ArticleResult
from wiredesk.store.atomic import insert_if_absent
from wiredesk.store.models import (
    DELIVERY_FINAL,
    ArticleRow,
    DeliveryRow,
    SecretRow,
    SubscriptionRow,
    utcnow,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubscriptionFields:
    """What a subscriber chooses; validated by the caller (`api/` or the CLI)."""

    email: str
    send_at: str
    timezone: str
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skip_empty: bool = False


@dataclass(frozen=True)
class StoredArticle:
    """A finished article from the store: its key, batch, result and the notices it carries."""

    pk: int
    batch_id: str
    result: ArticleResult
    notices: list[str]


class DeliveryClaim(StrEnum):
    """What a send task may do with a delivery."""

    send = "send"  # it was pending and is now ours to send
    done = "done"  # already sent, failed for good or skipped
    busy = "busy"  # another task is sending it right now
    missing = "missing"  # deleted with its subscription


# --- subscriptions ------------------------------------------------------------------------------
def email_key(email: str) -> str:
    """The address as compared for uniqueness: case-folded, surrounding blanks dropped."""
    return email.strip().casefold()


def upsert_subscription(
    session: Session, *, fields: SubscriptionFields, now: datetime | None = None
) -> tuple[SubscriptionRow, bool]:
    """Create the subscription for `fields.email`, or update the existing one; True if created.

    Re-subscribing after an unsubscribe re-activates it from now on (no instant send).
    Atomic on both databases (`wiredesk.store.atomic`): one `INSERT … ON CONFLICT (email_key)
    DO NOTHING` creates it, else one UPDATE on the unique key changes it (re-activation decided
    in SQL from the row as it is then). `next_due_at` is cleared: the beat works it out anew.
    """
    now = now or utcnow()
    key = email_key(fields.email)
    chosen = {
        "email": fields.email,
        "send_at": fields.send_at,
        "timezone": fields.timezone,
        "languages": list(fields.languages),
        "sources": list(fields.sources),
        "skip_empty": fields.skip_empty,
        "updated_at": now,
        "next_due_at": None,
    }
    while True:
        created = insert_if_absent(
            session,
            SubscriptionRow,
            conflict=["email_key"],
            values={
                "id": uuid.uuid4().hex,
                "email_key": key,
                "created_at": now,
                "active_since": now,
                "active": True,
                **chosen,
            },
        )
        if created:
            break
        was_active = SubscriptionRow.active.is_(True)
        updated = session.execute(
            update(SubscriptionRow)
            .where(SubscriptionRow.email_key == key)
            .values(
                active_since=case((was_active, SubscriptionRow.active_since), else_=now),
                unsubscribed_at=case((was_active, SubscriptionRow.unsubscribed_at), else_=None),
                active=True,
                **chosen,
            )
            .execution_options(synchronize_session=False)
        )
        if updated.rowcount:  # type: ignore[attr-defined]
            break
        # Deleted between the two statements: create it after all.
    row = session.scalar(
        select(SubscriptionRow)
        .where(SubscriptionRow.email_key == key)
        .execution_options(populate_existing=True)
    )
    assert row is not None  # inserted or updated in this transaction
    return row, created


def get_subscription(session: Session, *, subscription_id: str) -> SubscriptionRow:
    """The subscription with this id, or `NotFoundError`."""
    row = session.get(SubscriptionRow, subscription_id)
    if row is None:
        raise NotFoundError(f"No subscription with id '{subscription_id}'.")
    return row


def find_subscription(session: Session, *, email: str) -> SubscriptionRow | None:
    """The subscription of an address, if there is one."""
    return session.scalar(
        select(SubscriptionRow).where(SubscriptionRow.email_key == email_key(email))
    )


def list_subscriptions(
    session: Session, *, limit: int, offset: int
) -> tuple[list[SubscriptionRow], int]:
    """One page of subscriptions, newest first, and how many there are in all."""
    total = session.scalar(select(func.count()).select_from(SubscriptionRow)) or 0
    rows = session.scalars(
        select(SubscriptionRow)
        .order_by(SubscriptionRow.created_at.desc(), SubscriptionRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def delete_subscription(session: Session, *, subscription_id: str) -> None:
    """Delete a subscription and its delivery records, or `NotFoundError`."""
    session.delete(get_subscription(session, subscription_id=subscription_id))


def unsubscribe(
    session: Session, *, subscription_id: str, now: datetime | None = None
) -> SubscriptionRow | None:
    """Stop sending to a subscription (kept, with its history); None if it no longer exists."""
    row = session.get(SubscriptionRow, subscription_id)
    if row is None:
        return None
    if row.active:
        row.active, row.unsubscribed_at = False, now or utcnow()
        log.info("subscription %s unsubscribed", row.id)
    return row


def active_subscriptions(session: Session) -> list[SubscriptionRow]:
    """Every subscription that is still sending."""
    return list(session.scalars(select(SubscriptionRow).where(SubscriptionRow.active)).all())


def due_subscriptions(session: Session, *, now: datetime) -> list[SubscriptionRow]:
    """Active subscriptions whose `next_due_at` has come (or is unknown), selected in SQL."""
    return list(
        session.scalars(
            select(SubscriptionRow).where(
                SubscriptionRow.active,
                or_(SubscriptionRow.next_due_at.is_(None), SubscriptionRow.next_due_at <= now),
            )
        ).all()
    )


@dataclass(frozen=True)
class ScheduleSeen:
    """What a subscription's due time is worked out from, as the beat read it."""

    send_at: str
    timezone: str
    active_since: datetime

    @classmethod
    def of(cls, row: SubscriptionRow) -> ScheduleSeen:
        """The schedule fields of a stored subscription."""
        return cls(row.send_at, row.timezone, row.active_since)


def set_next_due(
    session: Session, *, subscription_id: str, seen: ScheduleSeen, next_due_at: datetime
) -> bool:
    """Record when a subscription is next due, unless its schedule changed since it was read.

    A conditional UPDATE on the fields the due time comes from: an upsert in between (new time,
    new zone, re-activated) cleared `next_due_at`, and a value worked out from the old schedule
    must not overwrite that.
    """
    updated = session.execute(
        update(SubscriptionRow)
        .where(
            SubscriptionRow.id == subscription_id,
            SubscriptionRow.send_at == seen.send_at,
            SubscriptionRow.timezone == seen.timezone,
            SubscriptionRow.active_since == seen.active_since,
        )
        .values(next_due_at=next_due_at)
        .execution_options(synchronize_session=False)
    )
    return bool(updated.rowcount)  # type: ignore[attr-defined]


# --- deliveries ---------------------------------------------------------------------------------
def delivered_dates(
    session: Session, *, subscription_ids: Sequence[str], dates: Sequence[date]
) -> set[tuple[str, date]]:
    """(subscription, local date) pairs that already have a delivery record, in any state."""
    if not subscription_ids or not dates:
        return set()
    rows = session.execute(
        select(DeliveryRow.subscription_id, DeliveryRow.local_date).where(
            DeliveryRow.subscription_id.in_(subscription_ids), DeliveryRow.local_date.in_(dates)
        )
    )
    return {(subscription_id, day) for subscription_id, day in rows}


def previous_window_end(session: Session, *, subscription_id: str, before: date) -> datetime | None:
    """Where the latest earlier digest's window ended, so the next one starts there."""
    return session.scalar(
        select(DeliveryRow.window_end)
        .where(DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date < before)
        .order_by(DeliveryRow.local_date.desc())
        .limit(1)
    )


def create_delivery(
    session: Session,
    *,
    subscription_id: str,
    local_date: date,
    window_start: datetime,
    window_end: datetime,
    now: datetime | None = None,
) -> DeliveryRow | None:
    """Insert the pending delivery for (subscription, local date); None if one already exists."""
    now = now or utcnow()
    row = DeliveryRow(
        subscription_id=subscription_id,
        local_date=local_date,
        status="pending",
        window_start=window_start,
        window_end=window_end,
        created_at=now,
        next_attempt_at=now,
        article_pks=[],
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        log.info("delivery %s/%s already exists; not created again", subscription_id, local_date)
        return None
    return row


def get_delivery(session: Session, *, pk: int) -> DeliveryRow | None:
    """A delivery by its key (None when its subscription was deleted)."""
    return session.get(DeliveryRow, pk)


def list_deliveries(
    session: Session, *, subscription_id: str, limit: int, offset: int
) -> tuple[list[DeliveryRow], int]:
    """One page of a subscription's deliveries, newest local date first, and their number."""
    where = DeliveryRow.subscription_id == subscription_id
    total = session.scalar(select(func.count()).select_from(DeliveryRow).where(where)) or 0
    rows = session.scalars(
        select(DeliveryRow)
        .where(where)
        .order_by(DeliveryRow.local_date.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def stale_deliveries(
    session: Session, *, pending_before: datetime, sending_before: datetime
) -> tuple[list[int], list[int]]:
    """Pending deliveries whose task seems lost, and sends interrupted mid-way (their keys)."""
    pending = session.scalars(
        select(DeliveryRow.pk).where(
            DeliveryRow.status == "pending", DeliveryRow.next_attempt_at < pending_before
        )
    ).all()
    sending = session.scalars(
        select(DeliveryRow.pk).where(
            DeliveryRow.status == "sending", DeliveryRow.sending_since < sending_before
        )
    ).all()
    return list(pending), list(sending)


def touch_delivery(session: Session, *, pk: int, next_attempt_at: datetime) -> None:
    """Record when the (re-)enqueued send task for a pending delivery is expected to run."""
    session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.pk == pk, DeliveryRow.status == "pending")
        .values(next_attempt_at=next_attempt_at)
    )


def claim_delivery(
    session: Session, *, pk: int, article_pks: Sequence[int], now: datetime | None = None
) -> DeliveryClaim:
    """Move a pending delivery to `sending` (one attempt more); only one task can win this.

    The guarantee is the conditional `UPDATE … WHERE status = 'pending'`: on PostgreSQL a second
    claimer waits for the first's row lock, re-checks the WHERE, and updates nothing; on SQLite
    write transactions run one at a time. Its row count says who won.
    """
    row = session.get(DeliveryRow, pk)
    if row is None:
        return DeliveryClaim.missing
    if row.status in DELIVERY_FINAL:
        return DeliveryClaim.done
    claimed = session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.pk == pk, DeliveryRow.status == "pending")
        .values(
            status="sending",
            sending_since=now or utcnow(),
            attempts=DeliveryRow.attempts + 1,
            article_pks=list(article_pks),
        )
    )
    return DeliveryClaim.send if claimed.rowcount else DeliveryClaim.busy  # type: ignore[attr-defined]


def finish_delivery(
    session: Session,
    *,
    pk: int,
    status: str,
    error: str | None = None,
    message_id: str | None = None,
    stories: int = 0,
    sources: int = 0,
    article_pks: Sequence[int] | None = None,
    now: datetime | None = None,
) -> bool:
    """Record a final state (sent, failed or skipped); False if it was already final."""
    if status not in DELIVERY_FINAL:
        raise ValueError(f"not a final delivery status: {status}")
    row = session.get(DeliveryRow, pk)
    if row is None or row.status in DELIVERY_FINAL:
        return False
    row.status, row.error, row.finished_at = status, error, now or utcnow()
    row.message_id, row.stories, row.sources = message_id, stories, sources
    row.sending_since = None
    if article_pks is not None:
        row.article_pks = list(article_pks)
    return True


def release_delivery(session: Session, *, pk: int, error: str, next_attempt_at: datetime) -> bool:
    """A send failed for now: back to `pending` with the error, to be retried at the given time."""
    released = session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.pk == pk, DeliveryRow.status == "sending")
        .values(status="pending", error=error, sending_since=None, next_attempt_at=next_attempt_at)
    )
    return bool(released.rowcount)  # type: ignore[attr-defined]


# --- articles of a digest -----------------------------------------------------------------------
def recent_articles(
    session: Session,
    *,
    since: datetime,
    until: datetime,
    languages: Sequence[str] = (),
    sources: Sequence[str] = (),
    limit: int,
) -> list[StoredArticle]:
    """Articles that succeeded in [since, until), matching the filters, newest `limit` of them.

    Language and source live in the stored result JSON, so filters apply in Python; the query
    itself is bounded by the time window and the (indexed) status.
    """
    wanted_languages = {code.casefold() for code in languages}
    wanted_sources = {name.strip().casefold() for name in sources}
    rows = session.scalars(
        select(ArticleRow)
        .where(
            ArticleRow.status == "ok",
            ArticleRow.finished_at >= since,
            ArticleRow.finished_at < until,
        )
        .order_by(ArticleRow.finished_at.desc(), ArticleRow.pk.desc())
    )
    picked: list[StoredArticle] = []
    for row in rows:
        if not row.result:
            continue
        article = _stored(row)
        language, source = article.result.language or "", article.result.source or ""
        if wanted_languages and language.casefold() not in wanted_languages:
            continue
        if wanted_sources and source.strip().casefold() not in wanted_sources:
            continue
        picked.append(article)
        if len(picked) >= limit:
            break
    picked.reverse()  # oldest first, as they arrived
    return picked


def articles_by_pks(session: Session, *, pks: Sequence[int]) -> list[StoredArticle]:
    """The stored articles with these keys, in the given order (deleted ones are left out)."""
    if not pks:
        return []
    found = session.scalars(select(ArticleRow).where(ArticleRow.pk.in_(pks)))
    rows = {row.pk: row for row in found if row.result}
    return [_stored(rows[pk]) for pk in pks if pk in rows]


def _stored(row: ArticleRow) -> StoredArticle:
    """A finished article row as a `StoredArticle` (its result parsed)."""
    result = ArticleResult.model_validate_json(row.result or "")
    return StoredArticle(row.pk, row.batch_id, result, list(row.notices or []))


# --- secrets ------------------------------------------------------------------------------------
def shared_secret(session: Session, *, name: str) -> str:
    """The secret `name`, generated (256 random bits) and stored on first use by any process."""
    row = session.get(SecretRow, name)
    if row is not None:
        return row.value
    value = secrets.token_urlsafe(32)
    try:
        with session.begin_nested():
            session.add(SecretRow(name=name, value=value, created_at=utcnow()))
    except IntegrityError:
        # Another process generated it at the same moment: everyone uses the stored one.
        stored = session.get(SecretRow, name)
        assert stored is not None
        return stored.value
    log.warning(
        "generated the '%s' secret and kept it in the job store; set WIREDESK_SECRET_KEY to "
        "choose it yourself",
        name,
    )
    return value
