"""The API in-process (FastAPI's TestClient) against a real Redis and the test job store.

No worker runs here: batches stay queued, which is all these tests look at. Their tasks go to a
Redis database of their own, emptied at the start, so no worker of another suite picks them up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.servers import redis_url
from wiredesk.service_settings import ServiceSettings

API_REDIS_DB = 15

AppFactory = Callable[..., TestClient]


@pytest.fixture(scope="session")
def api_redis_url() -> str:
    """A real, empty Redis database for the API tests' queue."""
    return redis_url(API_REDIS_DB)


@pytest.fixture
def make_client(database_url: str, api_redis_url: str) -> Iterator[AppFactory]:
    """Build a TestClient for an app with the given service settings (a fresh job store)."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        fields: dict[str, Any] = {
            "redis_url": api_redis_url,
            "database_url": database_url,
        }
        client = TestClient(create_app(ServiceSettings(**(fields | overrides))))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: AppFactory) -> TestClient:
    """An open API (no keys) on a fresh store."""
    return make_client()
