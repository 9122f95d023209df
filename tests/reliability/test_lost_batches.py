"""Batches whose task messages were lost, with real components: a PRIVATE redis-server, the API
under uvicorn, a real Celery worker subprocess (tiny model), SQLite.

kombu can lose a message when Redis is killed between BRPOP and recording it as unacknowledged.
Each way a batch can be left behind is made here on purpose: an accepted batch whose start
message is gone from the queue, a batch that lost some article tasks, and one whose articles
all finished but whose merge never came. The sweep, run as the beat runs it with its clock moved
past `batch_stall_after`, brings each to a final state with every article's result; the beat
task itself, sent to the worker, finds a batch whose timestamps are old.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from celery import Celery

from benchmarks.load import Stack, running_stack
from tests.factories import article, batch
from wiredesk.client import FINAL_STATUSES
from wiredesk.schema import Article
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import jobs
from wiredesk.store.models import ARTICLE_FINAL, ArticleRow, BatchRow, utcnow
from worker import jobs as worker_jobs
from worker.config import ARTICLE_TASK, BATCH_SWEEP_TASK, QUEUE, START_TASK, make_celery

pytestmark = [pytest.mark.slow, pytest.mark.integration]

KEY = "lost-batches-key-5b1e"
TEXTS = [
    "Nordkorea schickt weitere Soldaten nach Russland.",
    "Das Pentagon spricht von 12.000 Soldaten in der Region Kursk.",
    "Die Regierung in Seoul kündigte an, nicht untätig zu bleiben.",
]


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A private stack with one worker process, which translates article by article here (so a
    task sent for one article of a batch leaves the others queued, as if their tasks were lost)."""
    overrides = {"WIREDESK_ARTICLE_GROUP_SIZE": "1"}
    with running_stack(tmp_path / "stack", keys=[KEY], workers=1, overrides=overrides) as started:
        yield started


@pytest.fixture
def publisher(stack: Stack) -> Iterator[Celery]:
    """A Celery app that publishes to the stack's Redis by task name, as the beat does."""
    app = make_celery(
        "lost-batches",
        ServiceSettings(
            redis_url=stack.env["WIREDESK_REDIS_URL"],
            database_url=stack.env["WIREDESK_DATABASE_URL"],
        ),
    )
    yield app
    app.close()


@pytest.fixture
def broker(stack: Stack) -> Iterator[redis.Redis]:
    """A client of the stack's Redis: its queue, and the sweep's markers."""
    client = redis.Redis.from_url(stack.env["WIREDESK_REDIS_URL"])
    yield client
    client.close()


def stored_batch(stack: Stack, count: int) -> tuple[str, list[int]]:
    """A batch written to the store and never enqueued: its start message is lost."""
    articles = [Article(id=f"a{n}", language="de", text=TEXTS[n % 3]) for n in range(count)]
    with stack.store.write() as session:
        row, pks = jobs.create_batch(session, articles=articles, options={})
        return row.id, pks


def batch_final(stack: Stack, batch_id: str) -> bool:
    """Whether the batch has its final status."""
    with stack.store.read() as session:
        row = session.get(BatchRow, batch_id)
        return row is not None and row.finished_at is not None


def wait_until(check: Callable[[], bool], what: str, stack: Stack, *, timeout: float = 60) -> None:
    """Poll `check()` until true; fail with the worker's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}\n{stack.worker_servers[0].log_text()[-3000:]}")


def articles_final(stack: Stack, pks: list[int]) -> bool:
    """Whether every one of these articles is finished."""
    with stack.store.read() as session:
        rows = [session.get(ArticleRow, pk) for pk in pks]
        return all(row is not None and row.status in ARTICLE_FINAL for row in rows)


def test_batches_with_lost_messages_are_finished_by_the_sweep(
    stack: Stack, publisher: Celery, broker: redis.Redis
) -> None:
    worker = stack.worker_servers[0]
    # Lost merge: both article tasks ran, the merge message that the last one sent is gone
    # (made here by taking the merge back out of the store once it ran).
    unmerged, unmerged_pks = stored_batch(stack, 2)
    # Lost article tasks: one of three ran, the other two messages (and so the merge) are gone.
    partial, partial_pks = stored_batch(stack, 3)
    for pk in [*unmerged_pks, partial_pks[0]]:
        publisher.send_task(ARTICLE_TASK, args=(pk,))
    wait_until(lambda: articles_final(stack, [*unmerged_pks, partial_pks[0]]), "tasks", stack)
    wait_until(lambda: batch_final(stack, unmerged), "the first merge", stack)
    with stack.store.write() as session:
        row = session.get(BatchRow, unmerged)
        assert row is not None
        row.status, row.finished_at, row.digest = "running", None, None

    # Lost start: accepted with 202 while the worker was away, then its message left the queue.
    worker.stop()
    with httpx.Client(base_url=stack.api_url, headers={"Authorization": f"Bearer {KEY}"}) as http:
        response = http.post("/v1/batches", json=batch(article(id="x1"), article(id="x2")))
        assert response.status_code == 202, response.text
        accepted = response.json()["id"]
        assert broker.llen(QUEUE) == 1
        broker.delete(QUEUE)
        worker.start()

        service = ServiceSettings(database_url=stack.env["WIREDESK_DATABASE_URL"])

        def sweep(now_offset: timedelta) -> list[str]:
            def enqueue(batch_id: str) -> None:
                publisher.send_task(START_TASK, args=(batch_id,))

            return worker_jobs.requeue_stalled_batches(
                stack.store,
                service=service,
                now=utcnow() + now_offset,
                enqueue=enqueue,
                markers=broker,
            )

        assert sweep(timedelta(0)) == []  # nothing has been idle long enough
        stall = timedelta(seconds=service.batch_stall_after)
        assert set(sweep(stall + timedelta(minutes=1))) == {unmerged, partial, accepted}
        assert sweep(stall + timedelta(minutes=2)) == []  # already sent again this period

        # The real beat task, in the worker, with the real clock: it finds a batch idle for long.
        idle, _ = stored_batch(stack, 1)
        with stack.store.write() as session:
            row = session.get(BatchRow, idle)
            assert row is not None
            row.created_at = utcnow() - stall - timedelta(minutes=1)
        publisher.send_task(BATCH_SWEEP_TASK)

        batch_ids = [unmerged, partial, accepted, idle]
        final = {}
        deadline = time.monotonic() + 60
        while len(final) < len(batch_ids) and time.monotonic() < deadline:
            for batch_id in set(batch_ids) - final.keys():
                status = http.get(f"/v1/batches/{batch_id}").json()
                if status["status"] in FINAL_STATUSES:
                    final[batch_id] = status
            time.sleep(0.3)
        assert len(final) == len(batch_ids), worker.log_text()[-4000:]
        for batch_id, status in final.items():
            assert status["status"] == "succeeded", status
            for state in status["articles"]:
                result = http.get(f"/v1/batches/{batch_id}/articles/{state['id']}").json()
                assert result["status"] == "ok" and result["translation"], result

    log = worker.log_text()
    assert f"batch {unmerged} dispatched: 0 article tasks" in log  # only the merge was sent
    assert f"batch {partial} dispatched: 2 article tasks" in log
    assert re.search(rf"batch {idle}: no progress for over \d+ s", log), log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    with stack.store.read() as session:
        # Work that was done before is not done again.
        rows = [session.get(ArticleRow, pk) for pk in [*unmerged_pks, partial_pks[0]]]
        assert [row.attempts if row else None for row in rows] == [1, 1, 1]
