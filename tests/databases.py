"""One place that says which database the store-using tests run on, and makes a fresh one.

SQLite by default (a file per test). `WIREDESK_TEST_DATABASE_URL` (or `TEST_DATABASE_URL`)
set to a PostgreSQL database runs every store-using test there instead, each test in a schema
of its own (its URL sets `search_path`, so subprocesses given the URL land in it too).
The variable is read when this module is imported, before `isolated_environment` clears
every `WIREDESK_*` variable for the tests themselves.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wiredesk.store import Store
from wiredesk.store.migrate import alembic_config, upgrade

TEST_DATABASE_URL = (
    os.environ.get("WIREDESK_TEST_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or None
)
_sqlite_template: Path | None = None
_postgres_sql: str | None = None


def on_postgres() -> bool:
    """Whether the store-using tests run on PostgreSQL in this session."""
    return TEST_DATABASE_URL is not None and make_url(TEST_DATABASE_URL).get_backend_name() in {
        "postgresql"
    }


@contextmanager
def fresh_database(folder: Path, *, migrated: bool = True) -> Iterator[str]:
    """The URL of an empty database (migrated to head unless `migrated=False`), gone afterwards."""
    if TEST_DATABASE_URL is None:
        yield _sqlite(folder, migrated=migrated)
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SET synchronous_commit TO off"))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        # Its own schema; and commits that need not wait for the disk (same semantics).
        options = f"-csearch_path={schema} -csynchronous_commit=off"
        url = make_url(TEST_DATABASE_URL).update_query_dict({"options": options})
        rendered = url.render_as_string(hide_password=False)
        if migrated:
            _migrate_postgres(rendered)
        yield rendered
    finally:
        with admin.connect() as connection:
            connection.execute(text("SET synchronous_commit TO off"))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _sqlite(folder: Path, *, migrated: bool) -> str:
    """A SQLite file in `folder`; migrated ones are copies of one file migrated per session."""
    global _sqlite_template
    path = folder / f"wiredesk-{uuid.uuid4().hex[:8]}.db"
    if not migrated:
        return f"sqlite:///{path}"
    if _sqlite_template is None or not _sqlite_template.exists():
        # pytest's base temporary folder (a test's tmp_path sits in it): cleaned like the rest.
        template = folder.parent / f"wiredesk-template-{uuid.uuid4().hex[:8]}.db"
        _migrate(f"sqlite:///{template}")
        _sqlite_template = template
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


def _migrate_postgres(url: str) -> None:
    """Run the migrations' own SQL, written out once per session (alembic `--sql`): the same
    DDL as `wiredesk db upgrade`, without paying for Alembic's start-up in every test."""
    global _postgres_sql
    if _postgres_sql is None:
        store = Store(url)
        try:
            config = alembic_config(store)
            buffer = io.StringIO()
            config.output_buffer = buffer
            command.upgrade(config, "head", sql=True)
            _postgres_sql = buffer.getvalue()
        finally:
            store.dispose()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            # A test database need not wait for its DDL to reach the disk.
            connection.exec_driver_sql("SET synchronous_commit TO off")
            connection.exec_driver_sql(_postgres_sql)  # holds its own BEGIN and COMMIT
    finally:
        engine.dispose()


def _migrate(url: str) -> None:
    store = Store(url)
    try:
        upgrade(store)
    finally:
        store.dispose()
