"""Fixtures of the reliability suite: in-process API apps on a Redis database of their own.

The fault tests (slow) start their own private `redis-server`, API and workers; see `stack.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from api.main import create_app
from tests.servers import redis_url
from wiredesk.service_settings import ServiceSettings

# 13 is the email suite's, 14 the integration stack's, 15 the API suite's.
HARDENING_REDIS_DB = 12

ClientFactory = Callable[..., TestClient]


@pytest.fixture(scope="session")
def hardening_redis_session() -> str:
    """A real Redis database for these tests (emptied once per session)."""
    return redis_url(HARDENING_REDIS_DB)


@pytest.fixture
def hardening_redis(hardening_redis_session: str) -> str:
    """The same database, emptied before each test, so no rate-limit bucket carries over."""
    client = redis.Redis.from_url(hardening_redis_session)
    try:
        client.flushdb()
    finally:
        client.close()
    return hardening_redis_session


@pytest.fixture
def make_client(database_url: str, hardening_redis: str) -> Iterator[ClientFactory]:
    """Build API apps on one job store and one Redis database, like API processes of one
    deployment; `address` is the client address each one's requests come from."""
    clients: list[TestClient] = []

    def make(*, address: str = "testclient", **overrides: Any) -> TestClient:
        fields: dict[str, Any] = {
            "redis_url": hardening_redis,
            "database_url": database_url,
        }
        app = create_app(ServiceSettings(**(fields | overrides)))
        client = TestClient(app, client=(address, 50000))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
