"""Session-wide test setup: an isolated models folder, no hub access, fresh settings."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import fresh_database, on_postgres
from wiredesk.config import PROJECT_ROOT, get_settings

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point every test (and every subprocess it starts) at a private models folder, offline."""
    models_dir = tmp_path_factory.mktemp("models")
    saved = dict(os.environ)
    for key in [k for k in os.environ if k.startswith("WIREDESK_")]:
        del os.environ[key]
    os.environ.update(
        {
            "WIREDESK_MODELS_DIR": str(models_dir),
            "WIREDESK_HUB_OFFLINE": "true",
            "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "OMP_NUM_THREADS": "1",
            # One torch thread: tests run beside other processes on two cores, where
            # oversubscribed threads made generation 20-40x slower.
            "WIREDESK_THREADS": "1",
        }
    )
    get_settings.cache_clear()
    yield models_dir
    os.environ.clear()
    os.environ.update(saved)
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """A command run in-process configures the root logger; later tests must not inherit it,
    or every library's INFO chatter (aiosmtpd, uvicorn) lands in the test output."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Tests that change WIREDESK_* variables see them: settings are re-read per test."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh job store migrated to head: SQLite, or a schema of WIREDESK_TEST_DATABASE_URL."""
    with fresh_database(tmp_path) as url:
        yield url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, skip the tests about SQLite itself (marked `sqlite_only`)."""
    if not on_postgres():
        return
    skip = pytest.mark.skip(reason="about SQLite itself; the suite runs on PostgreSQL")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five reference articles."""
    return SEEDS


@pytest.fixture(scope="session")
def tiny_model(isolated_environment: Path) -> Path:
    """The tiny meaningless Marian model, built once per session into the private models folder."""
    from wiredesk.tiny import ensure_tiny_model

    return ensure_tiny_model(get_settings())
