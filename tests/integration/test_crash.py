"""A worker killed with SIGKILL in the middle of an article: the batch still finishes, whole.

Two crashes: the pool process dies (the OOM killer's usual victim), and the whole worker dies
and is started again. In both, the article that was running is delivered again (Celery's
acks_late + reject_on_worker_lost, or Redis's visibility timeout) and nothing is lost.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import pytest

from tests.factories import batch, seed_paths
from tests.integration.conftest import Stack
from tests.servers import celery_worker, children, service_env
from wiredesk.store import jobs

pytestmark = pytest.mark.integration


def long_articles(count: int) -> dict[str, Any]:
    """Articles long enough (a seed three times over, 4 beams) to be caught while running."""
    text = seed_paths()[1].read_text(encoding="utf-8")
    articles = [{"id": f"long-{n}", "language": "de", "text": text * 3} for n in range(count)]
    return batch(*articles, options={"beams": 4})


def wait_for_running_article(stack: Stack, batch_id: str, *, timeout: float = 90) -> str:
    """Poll until an article of the batch is being processed; its id."""
    deadline = time.monotonic() + timeout
    with stack.http() as client:
        while time.monotonic() < deadline:
            status = client.get(f"/v1/batches/{batch_id}").json()
            running = [a["id"] for a in status["articles"] if a["status"] == "running"]
            if running:
                return running[0]
            assert status["status"] not in ("succeeded", "partial", "failed"), status
            time.sleep(0.05)
    raise AssertionError(f"no article of {batch_id} started within {timeout} s")


def attempts(stack: Stack, batch_id: str) -> dict[str, int]:
    """How many times each article of the batch was started."""
    with stack.store.read() as session:
        rows = jobs.article_rows(session, batch_id=batch_id)
    return {row.article_id: row.attempts for row in rows}


def assert_finished_whole(stack: Stack, batch_id: str, killed: str, total: int) -> None:
    status, _ = stack.wait(batch_id, timeout=180)
    assert status["status"] == "succeeded", status
    assert status["progress"] == {"total": total, "done": total, "failed": 0}
    with stack.http() as client:
        digest = client.get(f"/v1/batches/{batch_id}/digest").json()
    assert [a["status"] for a in digest["articles"]] == ["ok"] * total
    tries = attempts(stack, batch_id)
    assert tries[killed] == 2, tries  # started, killed, delivered again, finished
    assert all(count == 1 for article, count in tries.items() if article != killed), tries


def test_pool_process_killed_mid_article(stack: Stack) -> None:
    batch_id = stack.submit(long_articles(2))
    killed = wait_for_running_article(stack, batch_id)
    assert stack.worker.process is not None
    (pool_process,) = children(stack.worker.process.pid)
    os.kill(pool_process, signal.SIGKILL)

    assert_finished_whole(stack, batch_id, killed, total=2)
    assert "WorkerLostError" in stack.worker.recent_log()


def test_whole_worker_killed_and_restarted(stack: Stack) -> None:
    batch_id = stack.submit(long_articles(2))
    killed = wait_for_running_article(stack, batch_id)
    stack.worker.kill()  # main process and pool process at once: nothing gets to clean up
    # The new worker gets a short visibility timeout, so Redis hands it the dead worker's
    # unacknowledged task after seconds instead of an hour.
    quick = service_env(
        stack.env,
        WIREDESK_VISIBILITY_TIMEOUT="15",
        WIREDESK_TASK_TIME_LIMIT="14",
        WIREDESK_TASK_SOFT_TIME_LIMIT="12",
    )
    replacement = celery_worker(env=quick, log=stack.tmp / "worker-replacement.log", name="again")
    replacement.start()
    try:
        assert_finished_whole(stack, batch_id, killed, total=2)
    finally:
        replacement.stop()
        stack.worker.start()  # the session's worker, for the tests that follow
