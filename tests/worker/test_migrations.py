"""Migrations: they build exactly the models' schema, adopt older databases, and the API and the
workers refuse a database that is behind. Runs on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from api.main import create_app
from tests.databases import fresh_database
from wiredesk.cli import app as cli_app
from wiredesk.errors import SchemaBehindError
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store
from wiredesk.store.migrate import current_revision, head_revision, require_current, upgrade
from wiredesk.store.models import Base


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A database with no tables at all."""
    with fresh_database(tmp_path, migrated=False) as url:
        store = Store(url)
        yield store
        store.dispose()


def differences(store: Store) -> list[object]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_the_migrations_build_exactly_the_models_schema(empty_store: Store) -> None:
    upgrade(empty_store)
    assert current_revision(empty_store) == head_revision()
    assert differences(empty_store) == []
    require_current(empty_store)
    upgrade(empty_store)  # a second upgrade is a no-op
    assert current_revision(empty_store) == head_revision()


def test_a_database_made_by_create_all_before_migrations_is_adopted(empty_store: Store) -> None:
    upgrade(empty_store, revision="0001")  # the tables 0.1.0's create_all made ...
    with empty_store.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # ... without a version
    assert current_revision(empty_store) is None
    upgrade(empty_store)
    assert current_revision(empty_store) == head_revision()
    assert differences(empty_store) == []


def test_a_store_that_is_behind_is_refused_with_the_command_to_run(empty_store: Store) -> None:
    with pytest.raises(SchemaBehindError, match="run `wiredesk db upgrade`"):
        require_current(empty_store)
    upgrade(empty_store, revision="0001")
    with pytest.raises(SchemaBehindError, match=r"at schema 0001, this version needs 0002"):
        require_current(empty_store)


def test_the_api_refuses_to_start_on_a_store_that_is_behind(
    empty_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ServiceSettings(
        redis_url="redis://127.0.0.1:1/0",
        database_url=empty_store.url.render_as_string(hide_password=False),
    )
    # The lifespan's SystemExit reaches the test through anyio (wrapped, or as a cancellation).
    started = False
    with pytest.raises(BaseException), TestClient(create_app(settings)):  # noqa: B017
        started = True
    assert not started
    (line,) = [r.getMessage() for r in caplog.records if r.levelname == "CRITICAL"]
    assert "has no Wiredesk schema yet; run `wiredesk db upgrade`" in line


def test_the_worker_refuses_to_start_on_a_store_that_is_behind(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiredesk.service_settings import get_service_settings
    from worker.app import _require_schema

    url = empty_store.url.render_as_string(hide_password=False)
    monkeypatch.setenv("WIREDESK_DATABASE_URL", url)
    get_service_settings.cache_clear()
    try:
        with pytest.raises(SystemExit, match="wiredesk db upgrade"):
            _require_schema()
        upgrade(empty_store)
        _require_schema()  # current: starts
    finally:
        get_service_settings.cache_clear()


def test_db_upgrade_and_current_commands(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiredesk.service_settings import get_service_settings

    monkeypatch.setenv(
        "WIREDESK_DATABASE_URL", empty_store.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("COLUMNS", "200")
    get_service_settings.cache_clear()
    runner = CliRunner()
    try:
        before = runner.invoke(cli_app, ["db", "current"])
        assert before.exit_code == 0 and "behind: run `wiredesk db upgrade`" in before.output
        done = runner.invoke(cli_app, ["db", "upgrade"])
        assert done.exit_code == 0 and f"from empty to {head_revision()}" in done.output
        after = runner.invoke(cli_app, ["db", "current"])
        assert f"{head_revision()} (up to date)" in after.output
    finally:
        get_service_settings.cache_clear()
