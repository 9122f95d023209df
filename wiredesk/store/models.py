"""Tables of the job store, as SQLAlchemy 2 typed declarative classes.

Inputs and results are stored as JSON of the core's pydantic models (`Article`,
`ArticleResult`, `Digest`), so the store never has to follow the schema field by field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

BatchStatus = str  # queued | running | succeeded | partial | failed
ArticleStatus = str  # queued | running | ok | failed

BATCH_FINAL = frozenset({"succeeded", "partial", "failed"})
ARTICLE_FINAL = frozenset({"ok", "failed"})


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the job store; use UTC-aware times")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every job-store table."""


class BatchRow(Base):
    """One submitted batch; `digest` holds the finished digest as JSON."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Indexed for the beat's stalled-batch sweep and retention, which both filter on it.
    status: Mapped[BatchStatus] = mapped_column(String(16), default="queued", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    total: Mapped[int] = mapped_column(default=0)
    glossary_name: Mapped[str | None] = mapped_column(String(64))
    # A snapshot of the named glossary at submit time: later edits do not change a batch.
    glossary_text: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    digest: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)

    articles: Mapped[list[ArticleRow]] = relationship(
        back_populates="batch", order_by="ArticleRow.position", cascade="all, delete-orphan"
    )


class ArticleRow(Base):
    """One article of a batch: its input, and its result or error once processed."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("batch_id", "article_id"),)

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    article_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[ArticleStatus] = mapped_column(String(16), default="queued")
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(64))
    notices: Mapped[list[str]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    batch: Mapped[BatchRow] = relationship(back_populates="articles")


class IdempotencyRow(Base):
    """An `Idempotency-Key` seen from one caller, the hash of its request, and its batch."""

    __tablename__ = "idempotency_keys"

    principal: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    # Indexed: deleting a batch (retention) looks up its keys through this foreign key.
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class GlossaryRow(Base):
    """A named glossary (TSV text) that batches can refer to by name."""

    __tablename__ = "glossaries"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    entries: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


Index("ix_articles_batch_status", ArticleRow.batch_id, ArticleRow.status)


# --- email digests ------------------------------------------------------------------------------
DeliveryStatus = str  # pending | sending | sent | failed | skipped
DELIVERY_FINAL = frozenset({"sent", "failed", "skipped"})


class SubscriptionRow(Base):
    """A daily email digest: one per address (`email_key` is unique), with its schedule."""

    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # The address case-folded: the same address typed twice is one subscription.
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    send_at: Mapped[str] = mapped_column(String(5))  # HH:MM, local wall time
    timezone: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    skip_empty: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # Slots before this instant are never due: subscribing at 08:00 for 07:00 starts tomorrow.
    active_since: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The earliest instant a digest can be due (`schedule.next_send`), kept by every write that
    # changes the schedule and by the beat, so the beat selects only due subscriptions in SQL.
    # NULL (rows from before the column) means "look at it now".
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    deliveries: Mapped[list[DeliveryRow]] = relationship(
        back_populates="subscription", cascade="all, delete-orphan", passive_deletes=True
    )


class DeliveryRow(Base):
    """One digest for one subscription and local date; inserted BEFORE sending, so it is sent once.

    The unique (subscription, local date) pair is what makes a second beat or a retried task a
    no-op. `article_pks` records what went into the email, so its web link shows the same digest.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "local_date"),)

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    status: Mapped[DeliveryStatus] = mapped_column(String(16), default="pending")
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When a send task for it is (next) expected to run; the beat re-enqueues it long after that.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[str | None] = mapped_column(String(255))
    article_pks: Mapped[list[int]] = mapped_column(JSON, default=list)
    stories: Mapped[int] = mapped_column(default=0)
    sources: Mapped[int] = mapped_column(default=0)

    subscription: Mapped[SubscriptionRow] = relationship(back_populates="deliveries")


class SecretRow(Base):
    """A generated secret shared by the API and the workers (the unsubscribe signing key)."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# The digest query reads the articles that finished in a time window.
Index("ix_articles_status_finished", ArticleRow.status, ArticleRow.finished_at)
# The beat's every-minute queries: stale pending deliveries, and the subscriptions now due.
Index("ix_deliveries_status_next_attempt", DeliveryRow.status, DeliveryRow.next_attempt_at)
Index("ix_subscriptions_active_due", SubscriptionRow.active, SubscriptionRow.next_due_at)
