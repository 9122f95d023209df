"""The job store's schema version: upgrade it (`wiredesk db upgrade`) and check it at start-up.

The migrations live in `wiredesk/store/migrations` inside the package, so an installed wheel
migrates as well as a checkout. The API and the workers never migrate by themselves: two
machines starting at once must not both alter tables, so they refuse to start against a
database that is behind and name the command that brings it up to date.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from wiredesk.errors import SchemaBehindError
from wiredesk.store.engine import Store

MIGRATIONS = Path(__file__).with_name("migrations")
UPGRADE_COMMAND = "wiredesk db upgrade"
# Databases made by `create_all` before migrations existed hold exactly this revision's tables.
BASELINE = "0001"


def alembic_config(store: Store) -> Config:
    """An Alembic configuration for `store`, with no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option(
        "sqlalchemy.url", store.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The revision the code expects: the newest migration."""
    script = ScriptDirectory.from_config(_script_config())
    head = script.get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def current_revision(store: Store) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store, *, revision: str = "head") -> None:
    """Bring the database to `revision` (the newest by default), in one transaction per step."""
    config = alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        context = MigrationContext.configure(connection)
        if context.get_current_revision() is None and inspect(connection).has_table("batches"):
            # Made by an earlier version's `create_all`: adopt it as the baseline, then upgrade.
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)


def require_current(store: Store) -> None:
    """Raise `SchemaBehindError` (one line naming the command) unless the schema is current."""
    current, head = current_revision(store), head_revision()
    if current == head:
        return
    where = store.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaBehindError(
            f"The job store at {where} has no Wiredesk schema yet; run `{UPGRADE_COMMAND}`."
        )
    raise SchemaBehindError(
        f"The job store at {where} is at schema {current}, this version needs {head}; "
        f"run `{UPGRADE_COMMAND}`."
    )


def _script_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
