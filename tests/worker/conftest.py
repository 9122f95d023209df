"""What the worker tests share: a job store of their own (see `database_url`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.servers import redis_url
from wiredesk.config import Settings
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store
from worker.leases import Leases
from worker.runtime import Runtime


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store with its tables, disposed of after the test."""
    store = Store(database_url)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def base_pipeline(tiny_model: Path) -> object:
    """One pipeline for the module, as one worker process has (models load once)."""
    from wiredesk.pipeline import Pipeline

    settings = Settings(models={"de": "tiny"}, beams=1, max_length_ratio=0.5, max_length_extra=2)
    return Pipeline(settings)


JOBS_REDIS_DB = 9  # 10-15 belong to the other suites


@pytest.fixture
def runtime(database_url: str, base_pipeline: object) -> Iterator[Runtime]:
    store = Store(database_url)
    client = redis.Redis.from_url(redis_url(JOBS_REDIS_DB))  # emptied
    runtime = Runtime(
        settings=base_pipeline.settings,  # type: ignore[attr-defined]
        service=ServiceSettings(article_max_attempts=2),
        store=store,
        pipeline=base_pipeline,  # type: ignore[arg-type]
        leases=Leases(client, ttl=45),
    )
    yield runtime
    store.dispose()
    client.close()
