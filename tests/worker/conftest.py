"""What the worker tests share: a job store of their own (see `database_url`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wiredesk.store import Store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store with its tables, disposed of after the test."""
    store = Store(database_url)
    yield store
    store.dispose()
