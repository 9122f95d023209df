"""Data functions for named glossaries (TSV text kept in the job store).

Validation is the caller's job (`wiredesk.glossary.parse_glossary`): the store only keeps text
that was already accepted, so a rejected upload never replaces the glossary in use.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wiredesk.errors import NotFoundError
from wiredesk.store.atomic import insert_if_absent
from wiredesk.store.models import GlossaryRow, utcnow


def put_glossary(session: Session, *, name: str, text: str, entries: int) -> bool:
    """Create or replace the glossary `name`; True when it is new.

    Atomic on both databases (`wiredesk.store.atomic`): the create is one
    `INSERT … ON CONFLICT (name) DO NOTHING`, the replace one UPDATE; of many PUTs of a new
    name at once exactly one creates it and the rest replace it, none fails. The loop only turns
    again when the glossary was deleted between the two statements.
    """
    while True:
        values = {"text": text, "entries": entries, "updated_at": utcnow()}
        if insert_if_absent(
            session, GlossaryRow, conflict=["name"], values={"name": name, **values}
        ):
            return True
        replaced = session.execute(
            update(GlossaryRow)
            .where(GlossaryRow.name == name)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if replaced.rowcount:  # type: ignore[attr-defined]
            return False


def get_glossary(session: Session, *, name: str) -> GlossaryRow:
    """The glossary `name`, or `NotFoundError`."""
    row = session.get(GlossaryRow, name, populate_existing=True)
    if row is None:
        raise NotFoundError(f"No glossary named '{name}'.")
    return row


def delete_glossary(session: Session, *, name: str) -> None:
    """Delete the glossary `name` (batches keep their own copy), or `NotFoundError`."""
    session.delete(get_glossary(session, name=name))


def list_glossaries(session: Session) -> list[GlossaryRow]:
    """Every stored glossary, by name."""
    return list(session.scalars(select(GlossaryRow).order_by(GlossaryRow.name)).all())
