"""One real service stack per test session: Redis, the API under uvicorn, one Celery worker.

The worker runs the tiny (meaningless) Marian model, with beam size 1 and a low length cap so a
batch takes seconds.
Tests share the stack; a test that kills the worker restarts it before it returns.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import fresh_database
from tests.servers import Server, api_server, celery_worker, free_port, redis_url, service_env
from wiredesk.client import FINAL_STATUSES
from wiredesk.store import Store

INTEGRATION_REDIS_DB = 14


@dataclass
class Stack:
    """The running services and handles on them."""

    api_url: str
    redis_url: str
    database_url: str
    env: dict[str, str]
    api: Server
    worker: Server
    store: Store
    tmp: Path

    def http(self, **kwargs: Any) -> httpx.Client:
        """An HTTP client for the API."""
        return httpx.Client(base_url=self.api_url, timeout=30, **kwargs)

    def submit(self, payload: dict[str, Any], **kwargs: Any) -> str:
        """Submit a JSON batch; its id."""
        with self.http() as client:
            response = client.post("/v1/batches", json=payload, **kwargs)
        assert response.status_code == 202, response.text
        return str(response.json()["id"])

    def wait(self, batch_id: str, *, timeout: float = 120) -> tuple[dict[str, Any], list[dict]]:
        """Poll every 100 ms until the batch is final; the last status and every one seen."""
        seen: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        with self.http() as client:
            while time.monotonic() < deadline:
                status = client.get(f"/v1/batches/{batch_id}").json()
                seen.append(status)
                if status["status"] in FINAL_STATUSES:
                    return status, seen
                time.sleep(0.1)
        tail = self.worker.log_text()[-4000:]
        raise AssertionError(f"batch {batch_id} not finished after {timeout} s: {seen[-1]}\n{tail}")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Iterator[Stack]:
    """Start Redis (if needed), a worker and the API; stop them at the end of the session."""
    tmp = tmp_path_factory.mktemp("stack")
    with fresh_database(tmp) as database_url:
        yield from _stack(tmp, database_url)


def _stack(tmp: Path, database_url: str) -> Iterator[Stack]:
    """The stack's servers on a migrated job store, stopped when the generator closes."""
    queue_url = redis_url(INTEGRATION_REDIS_DB)
    port = free_port()
    env = service_env(
        os.environ,
        WIREDESK_REDIS_URL=queue_url,
        WIREDESK_DATABASE_URL=database_url,
        WIREDESK_MODEL_DE="tiny",
        # The tiny model's random weights never stop early: every sentence runs to the length
        # cap, so a low cap and one beam keep an article under a second.
        WIREDESK_BEAMS="1",
        WIREDESK_MAX_LENGTH_RATIO="0.5",
        WIREDESK_MAX_LENGTH_EXTRA="2",
        WIREDESK_LOG_LEVEL="INFO",
        WIREDESK_TASK_RETRY_BACKOFF="1",
        WIREDESK_TASK_RETRY_BACKOFF_MAX="2",
        WIREDESK_CONCURRENCY="1",
    )
    store = Store(database_url)  # migrated by `fresh_database`: both servers refuse otherwise
    worker = celery_worker(env=env, log=tmp / "worker.log")
    api = api_server(port=port, env=env, log=tmp / "api.log")
    worker.launch()
    api.launch()
    try:
        api.wait_ready()
        worker.wait_ready()
        yield Stack(
            api_url=f"http://127.0.0.1:{port}",
            redis_url=queue_url,
            database_url=database_url,
            env=env,
            api=api,
            worker=worker,
            store=store,
            tmp=tmp,
        )
    finally:
        api.stop()
        worker.stop()
        store.dispose()
