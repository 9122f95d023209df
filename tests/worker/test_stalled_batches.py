"""The sweep for batches whose task messages were lost: the test job store and a real Redis (for
the per-batch markers), the clock injected. Only unfinished batches idle for longer than
`batch_stall_after` are started again, each at most once per that period.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
import redis
from celery.schedules import crontab
from kombu.exceptions import OperationalError as BrokerError
from pydantic import ValidationError

from tests.servers import redis_url
from wiredesk.schema import Article
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, jobs
from wiredesk.store.models import ArticleRow, BatchRow, utcnow
from worker import jobs as worker_jobs
from worker.config import BATCH_SWEEP_TASK, beat_schedule

STALL_REDIS_DB = 10  # 11-15 belong to the other suites
STALL = 1800
T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def markers() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url(STALL_REDIS_DB))  # emptied
    yield client
    client.close()


def submit(store: Store, count: int = 2) -> tuple[str, list[int]]:
    """A queued batch of `count` articles, as the API stores it; its id and article keys."""
    articles = [Article(id=f"a{n}", text=f"Text {n}.") for n in range(count)]
    with store.write() as session:
        batch, pks = jobs.create_batch(session, articles=articles, options={})
        return batch.id, pks


def backdated(
    store: Store,
    *,
    created: timedelta,
    status: str = "queued",
    started: timedelta | None = None,
    articles: Sequence[tuple[str, timedelta | None, timedelta | None]] = (),
) -> str:
    """A batch with times before T0; each article is (status, started ago, finished ago)."""
    batch_id, pks = submit(store, count=len(articles) or 1)
    with store.write() as session:
        batch = session.get(BatchRow, batch_id)
        assert batch is not None
        batch.status, batch.created_at = status, T0 - created
        batch.started_at = T0 - started if started is not None else None
        for pk, (state, article_started, article_finished) in zip(pks, articles, strict=False):
            row = session.get(ArticleRow, pk)
            assert row is not None
            row.status = state
            row.started_at = T0 - article_started if article_started is not None else None
            row.finished_at = T0 - article_finished if article_finished is not None else None
    return batch_id


def stalled(store: Store, now: datetime) -> list[str]:
    with store.read() as session:
        return jobs.stalled_batch_ids(session, idle_since=now - timedelta(seconds=STALL))


def sweep(store: Store, markers: redis.Redis, now: datetime) -> tuple[list[str], list[str]]:
    """One beat of the sweep: the batches it returned and those it enqueued."""
    enqueued: list[str] = []
    requeued = worker_jobs.requeue_stalled_batches(
        store,
        service=ServiceSettings(batch_stall_after=STALL),
        now=now,
        enqueue=enqueued.append,
        markers=markers,
    )
    return requeued, enqueued


# --- which batches are stalled ------------------------------------------------------------------
def test_only_unfinished_batches_idle_past_the_threshold_are_stalled(store: Store) -> None:
    hour, minute = timedelta(hours=1), timedelta(minutes=1)
    lost_start = backdated(store, created=hour)
    never_merged = backdated(
        store,
        created=3 * hour,
        status="running",
        started=3 * hour,
        articles=[("ok", 3 * hour, 2 * hour), ("failed", 3 * hour, 40 * minute)],
    )
    worker_gone = backdated(
        store,
        created=2 * hour,
        status="running",
        started=2 * hour,
        articles=[("running", 45 * minute, None), ("queued", None, None)],
    )
    not_idle = [
        backdated(store, created=10 * minute),  # just submitted
        backdated(store, created=hour, status="running", started=5 * minute),
        backdated(  # an article started recently (it may run up to task_time_limit)
            store,
            created=hour,
            status="running",
            started=hour,
            articles=[("ok", hour, hour), ("running", 29 * minute, None)],
        ),
        backdated(  # an article finished recently; the next one waits in the queue
            store,
            created=hour,
            status="running",
            started=hour,
            articles=[("ok", hour, 20 * minute), ("queued", None, None)],
        ),
    ]
    finished = [
        backdated(store, created=5 * hour, status=status, started=5 * hour)
        for status in ("succeeded", "partial", "failed")
    ]

    found = stalled(store, T0)
    assert found == [never_merged, worker_gone, lost_start]  # oldest first
    assert not set(found) & {*not_idle, *finished}
    assert stalled(store, T0 - hour) == []  # an hour earlier nothing was idle long enough


def test_real_activity_counts(store: Store) -> None:
    batch_id, (first, second) = submit(store)
    assert stalled(store, utcnow()) == []
    assert stalled(store, utcnow() + timedelta(seconds=STALL + 60)) == [batch_id]
    with store.write() as session:
        claim = jobs.claim_article(session, pk=first, max_attempts=3)
    assert claim.outcome is jobs.ClaimOutcome.run
    claimed_at = utcnow()
    # The claim is activity: idle only `batch_stall_after` after it, not after the submission.
    assert stalled(store, claimed_at + timedelta(seconds=STALL - 60)) == []
    assert stalled(store, claimed_at + timedelta(seconds=STALL + 60)) == [batch_id]
    with store.write() as session:
        jobs.record_failure(session, pk=first, error="x", code="internal")
        jobs.record_failure(session, pk=second, error="x", code="internal")
        # Every article finished but the merge never ran: starting it again sends only the merge.
        assert jobs.unfinished_article_pks(session, batch_id=batch_id) == []
        jobs.finish_batch(session, batch_id=batch_id, digest=None)
    assert stalled(store, utcnow() + timedelta(days=30)) == []


# --- the sweep ----------------------------------------------------------------------------------
def test_a_stalled_batch_is_started_again_once_per_period(
    store: Store, markers: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    batch_id, _ = submit(store)
    now = utcnow()
    assert sweep(store, markers, now) == ([], [])

    later = now + timedelta(seconds=STALL + 60)
    with caplog.at_level(logging.WARNING, logger="wiredesk.worker"):
        assert sweep(store, markers, later) == ([batch_id], [batch_id])
    (line,) = [r.getMessage() for r in caplog.records if batch_id in r.getMessage()]
    assert "started again" in line

    # Its new tasks may wait in a long queue: the next beats leave it alone for a period.
    assert sweep(store, markers, later + timedelta(minutes=1)) == ([], [])
    assert sweep(store, markers, later + timedelta(minutes=29)) == ([], [])
    key = f"{worker_jobs.REQUEUE_MARKER}{batch_id}"
    assert STALL - 10 <= markers.ttl(key) <= STALL

    markers.delete(key)  # the period is over (or Redis lost the marker): sent once more
    assert sweep(store, markers, later + timedelta(minutes=31)) == ([batch_id], [batch_id])

    with store.write() as session:
        jobs.finish_batch(session, batch_id=batch_id, digest=None)
    markers.delete(key)
    assert sweep(store, markers, later + timedelta(hours=5)) == ([], [])


def test_each_stalled_batch_is_sent_and_a_failed_send_is_tried_again(
    store: Store, markers: redis.Redis
) -> None:
    first, _ = submit(store)
    second, _ = submit(store)
    later = utcnow() + timedelta(seconds=STALL + 60)

    def broker_down(batch_id: str) -> None:
        raise BrokerError("Redis went away")

    with pytest.raises(BrokerError):
        worker_jobs.requeue_stalled_batches(
            store,
            service=ServiceSettings(batch_stall_after=STALL),
            now=later,
            enqueue=broker_down,
            markers=markers,
        )
    # Nothing was sent, so nothing is marked: the next beat sends both.
    assert markers.keys(f"{worker_jobs.REQUEUE_MARKER}*") == []
    assert sweep(store, markers, later + timedelta(minutes=1)) == ([first, second], [first, second])


# --- settings and the beat ----------------------------------------------------------------------
@pytest.mark.parametrize("stall", [1200, 600])
def test_the_threshold_must_outlast_the_longest_task(stall: int) -> None:
    with pytest.raises(ValidationError, match="batch_stall_after"):
        ServiceSettings(batch_stall_after=stall, task_time_limit=1200)


def test_the_threshold_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ServiceSettings().batch_stall_after == 1800
    monkeypatch.setenv("WIREDESK_BATCH_STALL_AFTER", "7200")
    assert ServiceSettings().batch_stall_after == 7200


def test_the_beat_runs_the_sweep_every_minute_and_the_worker_has_it() -> None:
    import worker.tasks  # noqa: F401 (registers the tasks)
    from worker.app import app

    (entry,) = [e for e in beat_schedule().values() if e["task"] == BATCH_SWEEP_TASK]
    assert entry["schedule"] == crontab()
    assert entry["options"]["expires"] < 60  # a worker that was down skips missed sweeps
    assert BATCH_SWEEP_TASK in app.tasks
