"""A full disk at write time (SQLite's real "database or disk is full", forced with
`max_page_count`): the API refuses the batch with 503 and says why in its log, and a worker's
result write fails loudly so its task is retried; nothing is recorded as done that is not.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.api.test_batches import assert_problem
from tests.factories import batch
from tests.reliability.conftest import ClientFactory
from tests.servers import redis_url
from wiredesk.config import Settings
from wiredesk.schema import Article, ArticleResult
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, jobs
from worker import articles
from worker.leases import Leases
from worker.runtime import Runtime

STORE_FAULTS_REDIS_DB = 8  # 10-15 belong to the other suites, 9 to the worker jobs

# A real Redis (the queue) and a real SQLite store; no worker process, no model. The full disk
# is SQLite's own (max_page_count), so these run on SQLite only.
pytestmark = [pytest.mark.integration, pytest.mark.sqlite_only]


@contextlib.contextmanager
def disk_full(store: Store) -> Iterator[None]:
    """Every new connection of `store` may not grow the database file: writes that need a new
    page fail with SQLITE_FULL, exactly as on a full disk."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", cap)
    store.engine.dispose()  # pooled connections were opened without the cap
    try:
        yield
    finally:
        event.remove(store.engine, "connect", cap)
        store.engine.dispose()


def test_a_full_disk_refuses_the_batch_with_503_and_logs_why(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="wiredesk.api")
    client = make_client()
    store = client.app.state.store  # type: ignore[attr-defined]
    big = batch(*[{"id": f"a{n}", "text": "Ein Satz. " * 2000} for n in range(5)])
    with disk_full(store):
        refused = client.post("/v1/batches", json=big)
        problem = assert_problem(refused, 503, "unavailable")
        assert "nothing was stored" in str(problem["detail"])
        assert refused.headers["Retry-After"].isdigit()
        assert client.get("/v1/batches").status_code == 200  # reading still works
    assert "database or disk is full" in caplog.text
    assert client.get("/v1/batches").json()["total"] == 0
    assert client.post("/v1/batches", json=big).status_code == 202  # space again: accepted


class BulkyPipeline:
    """Stands in for the pipeline: a result large enough to need new database pages."""

    def __init__(self) -> None:
        self.notices: list[str] = []

    def with_options(self, **_: Any) -> BulkyPipeline:
        return self

    def notices_for(self, languages: Any) -> list[str]:
        return []

    def process_many(self, articles: list[Article]) -> list[ArticleResult]:
        return [
            ArticleResult(id=article.id, language="de", translation="Words. " * 20_000)
            for article in articles
        ]


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    store = Store(database_url)
    client = redis.Redis.from_url(redis_url(STORE_FAULTS_REDIS_DB))  # emptied
    yield Runtime(
        settings=Settings(),
        service=ServiceSettings(),
        store=store,
        pipeline=BulkyPipeline(),  # type: ignore[arg-type]
        leases=Leases(client, ttl=45),
    )
    store.dispose()
    client.close()


def test_a_full_disk_fails_the_result_write_loudly_and_the_retry_completes(
    runtime: Runtime,
) -> None:
    from worker.tasks import TRANSIENT

    with runtime.store.write() as session:
        created, (pk,) = jobs.create_batch(
            session, articles=[Article(id="a1", text="Ein Satz.")], options={}
        )
    with disk_full(runtime.store), pytest.raises(OperationalError, match="disk is full"):
        articles.run_article(runtime, article_pk=pk, enqueue_merge=[].append)
    # Celery retries this error class; the article is not recorded as done meanwhile.
    assert issubclass(OperationalError, TRANSIENT)
    with runtime.store.read() as session:
        assert jobs.article_rows(session, batch_id=created.id)[0].status == "running"
    # The retry, with space:
    assert articles.run_article(runtime, article_pk=pk, enqueue_merge=[].append) == "ok"
    with runtime.store.read() as session:
        (row,) = jobs.article_rows(session, batch_id=created.id)
        assert row.status == "ok" and jobs.result_of(row).translation
