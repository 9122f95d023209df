"""Read-only queries for people browsing batches (the web UI): filters, search, what a row shows.

Titles, outlets and languages live in each article's stored input (JSON) and, once it is
processed, its result; these queries read them in SQL so a page of batches is a few queries
however many articles the batches hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, Text, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from wiredesk.store.jobs import Progress, progress
from wiredesk.store.models import ArticleRow, BatchRow

MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class BatchOverview:
    """What a list of batches shows about one: status, progress, languages, titles, outlets."""

    id: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    progress: Progress
    languages: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def batch_overviews(
    session: Session, *, status: str | None, query: str | None, limit: int, offset: int
) -> tuple[list[BatchOverview], int]:
    """One page of batches, newest first, filtered by status and by a search in titles and
    outlets (or the batch id); and how many batches match in all."""
    where: list[ColumnElement[bool]] = []
    if status:
        where.append(BatchRow.status == status)
    if query:
        pattern = f"%{_escape_like(query[:MAX_QUERY_CHARS].lower())}%"
        title = func.lower(_input_field(session, "title"))
        source = func.lower(_input_field(session, "source"))
        matching = (
            select(ArticleRow.pk)
            .where(
                ArticleRow.batch_id == BatchRow.id,
                or_(title.like(pattern, escape="\\"), source.like(pattern, escape="\\")),
            )
            .exists()
        )
        where.append(or_(matching, BatchRow.id == query.strip().lower()))
    total = session.scalar(select(func.count()).select_from(BatchRow).where(*where)) or 0
    rows = session.scalars(
        select(BatchRow)
        .where(*where)
        .order_by(BatchRow.created_at.desc(), BatchRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    ids = [row.id for row in rows]
    counts = progress(session, batch_ids=ids)
    details = _article_details(session, batch_ids=ids)
    overviews = [
        BatchOverview(
            id=row.id,
            status=row.status,
            created_at=row.created_at,
            finished_at=row.finished_at,
            progress=counts.get(row.id, Progress(total=0, done=0, failed=0)),
            languages=sorted(details[row.id]["languages"]),
            titles=details[row.id]["titles"],
            sources=sorted(details[row.id]["sources"]),
        )
        for row in rows
    ]
    return overviews, total


def _article_details(session: Session, *, batch_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per batch: its articles' titles (in order), outlets and languages (given or detected)."""
    details: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"titles": [], "sources": set(), "languages": set()}
    )
    if not batch_ids:
        return details
    detected = _result_field(session, "language")
    rows = session.execute(
        select(
            ArticleRow.batch_id,
            _input_field(session, "title"),
            _input_field(session, "source"),
            _input_field(session, "language"),
            detected,
        )
        .where(ArticleRow.batch_id.in_(batch_ids))
        .order_by(ArticleRow.batch_id, ArticleRow.position)
    )
    for batch_id, title, source, given, found in rows:
        entry = details[batch_id]
        if title:
            entry["titles"].append(title)
        if source:
            entry["sources"].add(source)
        if found or given:
            entry["languages"].add(found or given)
    return details


def _input_field(session: Session, name: str) -> ColumnElement[Any]:
    """A top-level field of the stored input JSON as text, per dialect."""
    if session.get_bind().dialect.name == "sqlite":
        return ArticleRow.input[name].as_string()
    return cast(_visible_nul(cast(ArticleRow.input, Text)), JSON)[name].as_string()


def _result_field(session: Session, name: str) -> ColumnElement[Any]:
    """A top-level field of the stored result JSON (a text column) as text, per dialect."""
    if session.get_bind().dialect.name == "sqlite":
        return type_coerce(ArticleRow.result, JSON)[name].as_string()
    return cast(_visible_nul(ArticleRow.result), JSON)[name].as_string()


def _visible_nul(json_text: ColumnElement[Any]) -> ColumnElement[Any]:
    """JSON text with each escaped NUL as the symbol ␀: PostgreSQL's `->>` cannot make a text
    value that holds NUL, and the pages show control characters as such symbols anyway."""
    return func.replace(json_text, "\\u0000", "\\u2400")


def _escape_like(text: str) -> str:
    """`text` with LIKE's wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
