"""`INSERT … ON CONFLICT` for the store's dialect: the one building block of race-free writes.

Two API or worker processes may write the same row at the same moment. Reading first and
writing after in Python loses that race on PostgreSQL (SQLite hides it behind its one-writer
lock), so every such write is one statement whose outcome the database decides:
`insert_if_absent` here, or a conditional `UPDATE … WHERE <expected state>` whose row count
says who won. On PostgreSQL, `INSERT … ON CONFLICT` that meets a row another transaction is
still inserting waits for that transaction to end, then does nothing if it committed; an
`UPDATE` that meets a row being updated waits, then re-checks its WHERE on the new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_if_absent(
    session: Session, model: type[Any], *, conflict: Sequence[str], values: dict[str, Any]
) -> bool:
    """Insert one row unless one with the same `conflict` columns exists; True if inserted."""
    table = model.__table__
    statement = (
        _insert(session, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        # RETURNING, not rowcount (an ORM insert reports -1): a row only when this one inserted.
        .returning(*table.primary_key.columns)
    )
    return session.execute(statement).first() is not None


def _insert(session: Session, table: Any) -> Any:
    """The dialect's own `insert` (it has `on_conflict_do_nothing`); SQLite or PostgreSQL."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the job store supports SQLite and PostgreSQL, not {name}")
