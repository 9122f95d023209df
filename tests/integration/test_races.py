"""Races that two API or worker processes can run into, with real concurrency on the test store.

Two API processes under real uvicorn servers share one job store (SQLite, or PostgreSQL with
WIREDESK_TEST_DATABASE_URL); 20 requests are released at once from 20 threads, alternating
between the two servers. Article claims run in three real processes. Each race repeats
TEST_RACE_ROUNDS times (default 2; `make test-races` runs 20 on PostgreSQL).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.databases import fresh_database
from tests.factories import GLOSSARY_TSV, article, batch
from tests.servers import Server, api_server, free_port, redis_url, service_env
from wiredesk.store import ArticleRow, BatchRow, IdempotencyRow, Store, jobs
from wiredesk.store.models import SubscriptionRow

pytestmark = pytest.mark.integration

RACE_REDIS_DB = 9  # 10-15 belong to the other suites
ROUNDS = range(int(os.environ.get("TEST_RACE_ROUNDS", "2")))
CONCURRENT = 20


class Race:
    """Two API servers on one store, and a way to send requests to them all at once."""

    def __init__(self, urls: list[str], store: Store, database_url: str) -> None:
        self.urls, self.store, self.database_url = urls, store, database_url

    def at_once(self, send: Callable[[httpx.Client, int], httpx.Response]) -> list[httpx.Response]:
        """`send(client, n)` from CONCURRENT threads released together; the responses, in order."""
        barrier = threading.Barrier(CONCURRENT)
        responses: list[httpx.Response | BaseException] = [RuntimeError("not run")] * CONCURRENT

        def run(n: int) -> None:
            with httpx.Client(base_url=self.urls[n % len(self.urls)], timeout=60) as client:
                barrier.wait()
                try:
                    responses[n] = send(client, n)
                except httpx.HTTPError as exc:
                    responses[n] = exc

        threads = [threading.Thread(target=run, args=(n,)) for n in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        failed = [r for r in responses if isinstance(r, BaseException)]
        assert not failed, failed
        return [r for r in responses if isinstance(r, httpx.Response)]


@pytest.fixture(scope="module")
def race(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Race]:
    tmp = tmp_path_factory.mktemp("races")
    with fresh_database(tmp) as database_url:
        env = service_env(
            os.environ,
            WIREDESK_REDIS_URL=redis_url(RACE_REDIS_DB),
            WIREDESK_DATABASE_URL=database_url,
            WIREDESK_RATE_LIMIT_PER_MINUTE="0",
            WIREDESK_LOG_LEVEL="INFO",
        )
        servers: list[tuple[Server, int]] = []
        for n in range(2):
            port = free_port()
            servers.append((api_server(port=port, env=env, log=tmp / f"api{n}.log"), port))
        for server, _ in servers:
            server.launch()
        store = Store(database_url)
        try:
            for server, _ in servers:
                server.wait_ready()
            yield Race([f"http://127.0.0.1:{port}" for _, port in servers], store, database_url)
        finally:
            for server, _ in servers:
                server.stop()
            store.dispose()


def codes(responses: list[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in responses)


@pytest.mark.parametrize("round_", ROUNDS)
def test_one_idempotency_key_and_one_body_make_one_batch(race: Race, round_: int) -> None:
    key = f"same-{uuid.uuid4().hex}"
    body = batch(article(id=f"r{round_}"))
    responses = race.at_once(
        lambda client, _: client.post("/v1/batches", json=body, headers={"Idempotency-Key": key})
    )
    assert codes(responses) == [202] * CONCURRENT, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    with race.store.read() as session:
        (batch_id,) = session.scalars(
            select(IdempotencyRow.batch_id).where(IdempotencyRow.key == key)
        )
        # No orphan batch either: every loser's batch was rolled back with its savepoint.
        made = session.scalar(
            select(func.count())
            .select_from(ArticleRow)
            .where(ArticleRow.article_id == f"r{round_}", ArticleRow.batch_id == batch_id)
        )
        orphans = session.scalar(
            select(func.count())
            .select_from(BatchRow)
            .join(ArticleRow)
            .where(ArticleRow.article_id == f"r{round_}", BatchRow.id != batch_id)
        )
    assert batch_id == responses[0].json()["id"] and made == 1 and orphans == 0


@pytest.mark.parametrize("round_", ROUNDS)
def test_one_idempotency_key_with_different_bodies_accepts_exactly_one(
    race: Race, round_: int
) -> None:
    key = f"differ-{uuid.uuid4().hex}"
    responses = race.at_once(
        lambda client, n: client.post(
            "/v1/batches",
            json=batch(article(id=f"d{round_}-{n}")),
            headers={"Idempotency-Key": key},
        )
    )
    assert codes(responses) == [202] + [409] * (CONCURRENT - 1), [r.text for r in responses]
    (winner,) = [r for r in responses if r.status_code == 202]
    with race.store.read() as session:
        holder = session.scalar(select(IdempotencyRow.batch_id).where(IdempotencyRow.key == key))
        stored = session.scalar(
            select(func.count())
            .select_from(ArticleRow)
            .where(ArticleRow.article_id.like(f"d{round_}-%"), ArticleRow.batch_id == holder)
        )
    assert holder == winner.json()["id"] and stored == 1


@pytest.mark.parametrize("round_", ROUNDS)
def test_concurrent_puts_of_one_new_glossary_never_fail(race: Race, round_: int) -> None:
    name = f"race-{round_}-{uuid.uuid4().hex[:8]}"
    responses = race.at_once(
        lambda client, _: client.put(f"/v1/glossaries/{name}", content=GLOSSARY_TSV.encode())
    )
    assert codes(responses) == [200] * (CONCURRENT - 1) + [201], [r.text for r in responses]
    with httpx.Client(base_url=race.urls[0]) as client:
        assert client.get(f"/v1/glossaries/{name}").text == GLOSSARY_TSV


@pytest.mark.parametrize("round_", ROUNDS)
def test_concurrent_subscribes_of_one_new_address_make_one_subscription(
    race: Race, round_: int
) -> None:
    email = f"Reader-{round_}-{uuid.uuid4().hex[:8]}@Example.com"
    responses = race.at_once(
        lambda client, n: client.post(
            "/v1/subscriptions",
            json={"email": email, "send_at": f"0{n % 10}:00", "timezone": "Europe/Berlin"},
        )
    )
    assert codes(responses) == [200] * (CONCURRENT - 1) + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    with race.store.read() as session:
        rows = session.scalar(
            select(func.count())
            .select_from(SubscriptionRow)
            .where(SubscriptionRow.email_key == email.casefold())
        )
    assert rows == 1


def _claim_in_process(url: str, pk: int, barrier: Any, outcomes: Any) -> None:
    """A worker process's claim: its own engine, released with the others by `barrier`."""
    store = Store(url)
    try:
        barrier.wait(timeout=60)
        with store.write() as session:
            claim = jobs.claim_article(session, pk=pk, max_attempts=10)
        outcomes.put((claim.outcome.value, claim.attempt))
    finally:
        store.dispose()


@pytest.mark.parametrize("round_", ROUNDS)
def test_three_processes_claiming_one_article_count_three_attempts(race: Race, round_: int) -> None:
    with race.store.write() as session:
        _, (pk,) = jobs.create_batch(session, articles=[_article(round_)], options={})
    context = multiprocessing.get_context("fork")
    barrier, outcomes = context.Barrier(3), context.Queue()
    processes = [
        context.Process(target=_claim_in_process, args=(race.database_url, pk, barrier, outcomes))
        for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    seen = sorted(outcomes.get(timeout=5) for _ in processes)
    assert seen == [("run", 1), ("run", 2), ("run", 3)]
    with race.store.read() as session:
        assert session.get(ArticleRow, pk).attempts == 3  # type: ignore[union-attr]


def _article(round_: int) -> Any:
    from wiredesk.schema import Article

    return Article(id=f"claim-{round_}", text="Ein Satz.", language="de")
