"""Counts over the whole store for `/metrics`: batches, articles and digest deliveries by status.

One grouped query per table, no row is loaded, and nothing but statuses and numbers comes back.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wiredesk.store.models import ArticleRow, BatchRow, DeliveryRow


def batches_by_status(session: Session) -> dict[str, int]:
    """How many batches are in each status."""
    rows = session.execute(select(BatchRow.status, func.count()).group_by(BatchRow.status))
    return {status: count for status, count in rows}


def articles_by_status(session: Session) -> dict[str, int]:
    """How many articles (of every batch) are in each status."""
    rows = session.execute(select(ArticleRow.status, func.count()).group_by(ArticleRow.status))
    return {status: count for status, count in rows}


def deliveries_by_status(session: Session) -> dict[str, int]:
    """How many digest emails are in each status (pending, sending, sent, failed, skipped)."""
    rows = session.execute(select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status))
    return {status: count for status, count in rows}
