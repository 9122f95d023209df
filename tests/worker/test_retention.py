"""Retention and the beat's due-time column, on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update

from tests.factories import GERMAN_TEXT
from wiredesk.schema import Article, ArticleResult, Digest
from wiredesk.store import ArticleRow, BatchRow, IdempotencyRow, Store, jobs, retention
from wiredesk.store import subscriptions as store_subscriptions
from wiredesk.store.models import DeliveryRow, SubscriptionRow
from wiredesk.store.subscriptions import SubscriptionFields

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def finished_batch(store: Store, *, finished_at: datetime, key: str | None = None) -> str:
    """A succeeded batch of two articles, finished at `finished_at`, with an idempotency key."""
    articles = [Article(id=f"a{n}", text=GERMAN_TEXT, language="de") for n in range(2)]
    with store.write() as session:
        batch, pks = jobs.create_batch(session, articles=articles, options={})
        for pk, article in zip(pks, articles, strict=True):
            result = ArticleResult(id=article.id, translation="English.", summary=["English."])
            jobs.record_result(session, pk=pk, result=result)
        jobs.finish_batch(session, batch_id=batch.id, digest=Digest())
        session.execute(
            update(BatchRow).where(BatchRow.id == batch.id).values(finished_at=finished_at)
        )
        if key:
            jobs.claim_idempotency(
                session,
                principal="p",
                key=key,
                request_hash="h",
                batch_id=batch.id,
                not_before=finished_at - timedelta(days=1),
            )
            session.execute(
                update(IdempotencyRow)
                .where(IdempotencyRow.key == key)
                .values(created_at=finished_at)
            )
    return batch.id


def count(store: Store, model: type) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_retention_deletes_old_finished_batches_with_articles_keys_and_deliveries(
    store: Store,
) -> None:
    old = [
        finished_batch(store, finished_at=NOW - timedelta(days=40), key=f"k{n}") for n in range(5)
    ]
    recent = finished_batch(store, finished_at=NOW - timedelta(days=2), key="fresh")
    with store.write() as session:  # an unfinished old batch is never deleted
        running, _ = jobs.create_batch(
            session, articles=[Article(id="x", text=GERMAN_TEXT)], options={}
        )
        session.execute(
            update(BatchRow)
            .where(BatchRow.id == running.id)
            .values(created_at=NOW - timedelta(days=90))
        )
        row, _ = store_subscriptions.upsert_subscription(
            session,
            fields=SubscriptionFields(email="r@example.com", send_at="07:00", timezone="UTC"),
            now=NOW - timedelta(days=60),
        )
        for days_ago, status in [(45, "sent"), (44, "pending"), (3, "sent")]:
            delivery = store_subscriptions.create_delivery(
                session,
                subscription_id=row.id,
                local_date=date(2026, 6, 1) - timedelta(days=days_ago),
                window_start=NOW - timedelta(days=days_ago + 1),
                window_end=NOW - timedelta(days=days_ago),
                now=NOW - timedelta(days=days_ago),
            )
            assert delivery is not None
            delivery.status = status

    deleted = retention.delete_expired(
        store, now=NOW, retention_days=30, idempotency_ttl=86_400, chunk=2
    )

    # Chunks of 2: five old batches still all went, with their articles (ON DELETE CASCADE).
    assert deleted == retention.Deleted(batches=5, idempotency_keys=1, deliveries=1)
    with store.read() as session:
        left = set(session.scalars(select(BatchRow.id)))
        assert left == {recent, running.id}
        assert not set(session.scalars(select(ArticleRow.batch_id))) & set(old)
        keys = set(session.scalars(select(IdempotencyRow.key)))
        # Old batches took their keys along; "fresh" was made 2 days ago, past the 1-day TTL.
        assert keys == set()
        statuses = sorted(session.scalars(select(DeliveryRow.status)))
    assert statuses == ["pending", "sent"]  # the old unfinished one stays, the recent one too
    assert count(store, ArticleRow) == 3  # the recent batch's two and the running one's


def test_retention_bounds_one_run_and_the_next_run_goes_on(store: Store) -> None:
    for _ in range(5):
        finished_batch(store, finished_at=NOW - timedelta(days=31))
    first = retention.delete_expired(
        store, now=NOW, retention_days=30, idempotency_ttl=86_400, chunk=2, max_chunks=1
    )
    assert first.batches == 2 and count(store, BatchRow) == 3
    retention.delete_expired(store, now=NOW, retention_days=30, idempotency_ttl=86_400)
    assert count(store, BatchRow) == 0


def test_the_beat_selects_only_due_subscriptions_in_sql(store: Store) -> None:
    fields = SubscriptionFields(email="r@example.com", send_at="07:00", timezone="UTC")
    with store.write() as session:
        row, _ = store_subscriptions.upsert_subscription(session, fields=fields, now=NOW)
        sid = row.id
    # Unknown due time (new or changed): the beat looks at it.
    with store.read() as session:
        assert [r.id for r in store_subscriptions.due_subscriptions(session, now=NOW)] == [sid]
        seen = store_subscriptions.ScheduleSeen.of(session.get(SubscriptionRow, sid))  # type: ignore[arg-type]
    tomorrow_seven = datetime(2026, 6, 2, 7, 0, tzinfo=UTC)
    with store.write() as session:
        assert store_subscriptions.set_next_due(
            session, subscription_id=sid, seen=seen, next_due_at=tomorrow_seven
        )
    with store.read() as session:
        assert store_subscriptions.due_subscriptions(session, now=NOW) == []
        assert len(store_subscriptions.due_subscriptions(session, now=tomorrow_seven)) == 1
    # A changed schedule clears it again, and a stale value from before the change is refused.
    with store.write() as session:
        store_subscriptions.upsert_subscription(
            session, fields=SubscriptionFields(**(vars(fields) | {"send_at": "13:00"})), now=NOW
        )
    with store.write() as session:
        assert not store_subscriptions.set_next_due(
            session, subscription_id=sid, seen=seen, next_due_at=tomorrow_seven
        )
    with store.read() as session:
        assert [r.id for r in store_subscriptions.due_subscriptions(session, now=NOW)] == [sid]


def test_after_a_beat_a_subscription_is_not_loaded_again_until_its_next_slot(
    store: Store,
) -> None:
    from wiredesk.service_settings import ServiceSettings
    from worker import jobs as worker_jobs

    fields = SubscriptionFields(email="r@example.com", send_at="07:00", timezone="UTC")
    with store.write() as session:
        store_subscriptions.upsert_subscription(session, fields=fields, now=NOW - timedelta(days=1))
    settings = ServiceSettings(
        database_url=store.url.render_as_string(hide_password=False), smtp_url="smtp://x:25"
    )
    enqueued: list[int] = []
    worker_jobs.enqueue_due_digests(store, service=settings, now=NOW, enqueue=enqueued.append)
    assert len(enqueued) == 1  # today's 07:00 had passed at 12:00
    with store.read() as session:
        (row,) = session.scalars(select(SubscriptionRow))
        assert row.next_due_at == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)
        assert store_subscriptions.due_subscriptions(session, now=NOW + timedelta(hours=1)) == []
