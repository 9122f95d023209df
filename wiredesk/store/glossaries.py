"""Data functions for named glossaries (TSV text kept in the job store).

Validation is the caller's job (`wiredesk.glossary.parse_glossary`): the store only keeps text
that was already accepted, so a rejected upload never replaces the glossary in use.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wiredesk.errors import NotFoundError
from wiredesk.store.models import GlossaryRow, utcnow


def put_glossary(session: Session, *, name: str, text: str, entries: int) -> bool:
    """Create or replace the glossary `name`; True when it is new."""
    row = session.get(GlossaryRow, name)
    if row is None:
        session.add(GlossaryRow(name=name, text=text, entries=entries, updated_at=utcnow()))
        return True
    row.text, row.entries, row.updated_at = text, entries, utcnow()
    return False


def get_glossary(session: Session, *, name: str) -> GlossaryRow:
    """The glossary `name`, or `NotFoundError`."""
    row = session.get(GlossaryRow, name)
    if row is None:
        raise NotFoundError(f"No glossary named '{name}'.")
    return row


def delete_glossary(session: Session, *, name: str) -> None:
    """Delete the glossary `name` (batches keep their own copy), or `NotFoundError`."""
    session.delete(get_glossary(session, name=name))


def list_glossaries(session: Session) -> list[GlossaryRow]:
    """Every stored glossary, by name."""
    return list(session.scalars(select(GlossaryRow).order_by(GlossaryRow.name)).all())
