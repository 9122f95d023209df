"""Alembic environment: migrate the connection `wiredesk.store.migrate` hands over (or the URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from wiredesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        # SQLite alters a table by copying it; batch mode does that for later migrations.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if context.is_offline_mode():
    # `--sql`: write the migrations' SQL out instead of running it (the tests replay it).
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as opened:
            _run(opened)
    finally:
        engine.dispose()
