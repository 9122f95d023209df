"""What the worker tests share: a job store of their own, in a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wiredesk.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store with its tables, disposed of after the test."""
    store = Store(f"sqlite:///{tmp_path / 'worker.db'}")
    store.create_tables()
    yield store
    store.dispose()
