"""Faults in the middle of a run: workers killed, Redis crashed, the API restarted, the job
store locked. Each test starts its own stack (a PRIVATE redis-server on a free port, never the
machine's shared one; SQLite; the API under uvicorn; tiny-model workers) and checks that every
batch still reaches a final state with every result, and that clients get clear answers.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.load import Stack, WorkerKiller, running_stack
from tests.api.test_batches import assert_problem
from tests.factories import article, batch
from wiredesk.client import FINAL_STATUSES
from wiredesk.store import jobs

pytestmark = [pytest.mark.slow, pytest.mark.integration]

KEY = "fault-key-0d2f9c"
AUTH = {"Authorization": f"Bearer {KEY}"}
RANK = {"queued": 0, "running": 1, "succeeded": 2, "partial": 2, "failed": 2}
SENTENCES = [
    "Nordkorea schickt weitere Soldaten nach Russland.",
    "Nach Angaben des südkoreanischen Geheimdienstes sollen es 10.000 Soldaten sein.",
    "Das Pentagon spricht von 12.000 Soldaten, die in der Region Kursk eingesetzt werden.",
    "Die Regierung in Seoul kündigte an, nicht untätig zu bleiben.",
]


def workload(count: int, *, articles: int = 3) -> list[dict[str, Any]]:
    """`count` batches of `articles` short German articles each."""
    return [
        batch(
            *[
                article(id=f"a{n}", text=" ".join(SENTENCES[n % 4 :] + SENTENCES[: n % 4]))
                for n in range(articles)
            ]
        )
        for _ in range(count)
    ]


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A private stack with one worker process."""
    with running_stack(tmp_path / "stack", keys=[KEY], workers=1) as started:
        yield started


@pytest.fixture
def http(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client of the stack's API, with its key."""
    with httpx.Client(base_url=stack.api_url, headers=AUTH, timeout=60) as client:
        yield client


def submit_all(http: httpx.Client, payloads: list[dict[str, Any]]) -> list[str]:
    """Submit each batch; their ids."""
    ids = []
    for payload in payloads:
        response = http.post("/v1/batches", json=payload)
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids


def wait_final(http: httpx.Client, batch_ids: list[str], *, timeout: float = 240) -> dict[str, Any]:
    """Poll until every batch is final; their last statuses."""
    deadline = time.monotonic() + timeout
    final: dict[str, Any] = {}
    while time.monotonic() < deadline and len(final) < len(batch_ids):
        for batch_id in set(batch_ids) - final.keys():
            with contextlib.suppress(httpx.TransportError):
                status = http.get(f"/v1/batches/{batch_id}").json()
                if status["status"] in FINAL_STATUSES:
                    final[batch_id] = status
        time.sleep(0.3)
    assert len(final) == len(batch_ids), f"unfinished: {set(batch_ids) - final.keys()}"
    return final


def assert_all_succeeded_with_results(http: httpx.Client, final: dict[str, Any]) -> None:
    """Every batch succeeded and every one of its articles has a translated result."""
    for batch_id, status in final.items():
        assert status["status"] == "succeeded", status
        for state in status["articles"]:
            result = http.get(f"/v1/batches/{batch_id}/articles/{state['id']}").json()
            assert result["status"] == "ok" and result["translation"], result


def assert_key_never_logged(stack: Stack) -> None:
    """No log of the API (uvicorn's access log included) or the workers holds the API key."""
    for server in [stack.api, *stack.worker_servers]:
        assert KEY not in server.log_text(), server.name


def wait_for_running_article(stack: Stack, *, timeout: float = 60) -> None:
    """Wait until some article is being processed (so a fault hits work in progress)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with stack.store.read() as session:
            rows, _ = jobs.list_batches(session, limit=100, offset=0)
            for row in rows:
                if any(a.status == "running" for a in jobs.article_rows(session, batch_id=row.id)):
                    return
        time.sleep(0.05)
    raise AssertionError("no article started")


# --- workers killed -----------------------------------------------------------------------------
def test_batches_finish_while_workers_are_killed_repeatedly(tmp_path: Path) -> None:
    with (
        running_stack(tmp_path / "stack", keys=[KEY], workers=2) as stack,
        httpx.Client(base_url=stack.api_url, headers=AUTH, timeout=60) as http,
    ):
        batch_ids = submit_all(http, workload(16))
        killer = WorkerKiller(stack, every=3, rng=random.Random(3))
        killer.start()
        try:
            deadline = time.monotonic() + 120
            while sum(killer.kills.values()) < 4 and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            killer.stop()
        assert killer.kills["pool process"] >= 1 and killer.kills["whole worker"] >= 1
        assert_all_succeeded_with_results(http, wait_final(http, batch_ids, timeout=300))


# --- Redis --------------------------------------------------------------------------------------
def test_redis_crash_gives_503_then_queued_batches_finish(stack: Stack, http: httpx.Client) -> None:
    batch_ids = submit_all(http, workload(6))
    wait_for_running_article(stack)
    stack.redis.kill()  # SIGKILL: a crash; the append-only file keeps what was acknowledged
    try:
        refused = http.post("/v1/batches", json=batch())
        problem = assert_problem(refused, 503, "unavailable")
        assert refused.headers["Retry-After"].isdigit()
        assert "Redis" in str(problem["detail"])
        assert http.get(f"/v1/batches/{batch_ids[0]}").status_code == 200  # reads: the store
        assert http.get("/readyz").status_code == 503
        time.sleep(3)
    finally:
        stack.redis.start()
    # The API reconnects: a new submission is accepted again within seconds.
    deadline = time.monotonic() + 30
    while (response := http.post("/v1/batches", json=batch())).status_code != 202:
        assert response.status_code == 503 and time.monotonic() < deadline, response.text
        time.sleep(1)
    batch_ids.append(response.json()["id"])
    assert_all_succeeded_with_results(http, wait_final(http, batch_ids))
    assert "Connection to Redis lost" in stack.worker_servers[0].log_text() or (
        "Cannot connect to redis" in stack.worker_servers[0].log_text()
    )
    assert_key_never_logged(stack)


# --- the API ------------------------------------------------------------------------------------
class Poller:
    """Polls batches in a thread, keeping every status seen and every failed request."""

    def __init__(self, api_url: str, batch_ids: list[str]) -> None:
        self.api_url, self.batch_ids = api_url, batch_ids
        self.seen: dict[str, list[tuple[int, int]]] = {batch_id: [] for batch_id in batch_ids}
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        with httpx.Client(base_url=self.api_url, headers=AUTH, timeout=10) as client:
            while not self._stop.is_set():
                for batch_id in self.batch_ids:
                    try:
                        status = client.get(f"/v1/batches/{batch_id}").json()
                    except httpx.TransportError:
                        self.refused += 1  # the API is restarting
                        continue
                    rank = RANK[status["status"]]
                    self.seen[batch_id].append((rank, status["progress"]["done"]))
                time.sleep(0.1)


def test_api_restart_mid_run_keeps_every_status(stack: Stack, http: httpx.Client) -> None:
    batch_ids = submit_all(http, workload(6))
    with Poller(stack.api_url, batch_ids) as poller:
        wait_for_running_article(stack)
        before = {b: poller.seen[b][-1] for b in batch_ids if poller.seen[b]}
        stack.restart_api()
        final = wait_final(http, batch_ids)
    assert poller.refused > 0  # the restart really happened while clients polled
    for batch_id, seen in poller.seen.items():
        # Status and progress never go back, across the restart: the state is in the store.
        assert seen == sorted(seen), (batch_id, seen)
        if batch_id in before:
            assert seen[-1] >= before[batch_id]
    assert_all_succeeded_with_results(http, final)
    assert_key_never_logged(stack)


# --- the job store ------------------------------------------------------------------------------
@contextlib.contextmanager
def exclusive_lock(database: Path) -> Iterator[None]:
    """Hold SQLite's write lock from another connection (another process would do the same)."""
    connection = sqlite3.connect(database, timeout=60, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


# Task limits longer than SQLite's 30 s busy timeout (as the defaults are): a write that waits
# for the lock times out as an OperationalError, which the task retries. (With limits shorter
# than the busy timeout, the time limit kills the task instead and the article is recorded as
# failed: visible, but not retried.)
PATIENT_TASKS = {
    "WIREDESK_TASK_SOFT_TIME_LIMIT": "90",
    "WIREDESK_TASK_TIME_LIMIT": "100",
    "WIREDESK_VISIBILITY_TIMEOUT": "120",
}


def test_a_locked_store_gives_503_and_work_is_retried_not_lost(tmp_path: Path) -> None:
    with (
        running_stack(tmp_path / "stack", keys=[KEY], workers=1, overrides=PATIENT_TASKS) as stack,
        httpx.Client(base_url=stack.api_url, headers=AUTH, timeout=60) as http,
    ):
        check_locked_store(stack, http)


def check_locked_store(stack: Stack, http: httpx.Client) -> None:
    """Hold the write lock past the busy timeout while batches are being processed."""
    database = stack.folder / "wiredesk.db"
    batch_ids = submit_all(http, workload(3))
    wait_for_running_article(stack)
    with exclusive_lock(database):
        started = time.monotonic()
        refused = http.post("/v1/batches", json=batch())  # waits the 30 s busy timeout
        assert time.monotonic() - started >= 25
        problem = assert_problem(refused, 503, "unavailable")
        assert "nothing was stored" in str(problem["detail"])
        assert http.get(f"/v1/batches/{batch_ids[0]}").status_code == 200  # reads still work
        time.sleep(5)  # the worker's writes time out too, and its tasks go back to retry
    assert "database is locked" in stack.api.log_text()
    assert_all_succeeded_with_results(http, wait_final(http, batch_ids))
    assert http.get("/v1/batches").json()["total"] == 3  # the refused batch was never stored
    worker_log = stack.worker_servers[0].log_text()
    assert "database is locked" in worker_log and "Retry in" in worker_log
