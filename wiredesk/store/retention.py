"""Retention: the beat deletes what is past `WIREDESK_RETENTION_DAYS`, a bounded chunk at a time.

Finished batches go with their articles and results (ON DELETE CASCADE), expired idempotency
keys once they can no longer be replayed, and finished deliveries. Each chunk is its own short
transaction, so deleting a year of history never holds a long lock on the tables the API and
the workers write.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from wiredesk.store.engine import Store
from wiredesk.store.models import (
    BATCH_FINAL,
    DELIVERY_FINAL,
    BatchRow,
    DeliveryRow,
    IdempotencyRow,
)

log = logging.getLogger(__name__)

CHUNK = 500  # rows per transaction
MAX_CHUNKS = 200  # per run and kind: a huge backlog is worked off over several beats


@dataclass(frozen=True)
class Deleted:
    """How many rows one retention run deleted, by kind (articles go with their batches)."""

    batches: int
    idempotency_keys: int
    deliveries: int


def delete_expired(
    store: Store,
    *,
    now: datetime,
    retention_days: int,
    idempotency_ttl: int,
    chunk: int = CHUNK,
    max_chunks: int = MAX_CHUNKS,
) -> Deleted:
    """Delete finished batches and deliveries older than `retention_days`, and expired keys."""
    cutoff = now - timedelta(days=retention_days)
    batches = _delete_chunks(
        store,
        BatchRow,
        key=BatchRow.id,
        where=(BatchRow.status.in_(BATCH_FINAL), BatchRow.finished_at < cutoff),
        chunk=chunk,
        max_chunks=max_chunks,
    )
    keys = _delete_chunks(
        store,
        IdempotencyRow,
        key=IdempotencyRow.batch_id,
        where=(IdempotencyRow.created_at < now - timedelta(seconds=idempotency_ttl),),
        chunk=chunk,
        max_chunks=max_chunks,
    )
    deliveries = _delete_chunks(
        store,
        DeliveryRow,
        key=DeliveryRow.pk,
        where=(DeliveryRow.status.in_(DELIVERY_FINAL), DeliveryRow.created_at < cutoff),
        chunk=chunk,
        max_chunks=max_chunks,
    )
    deleted = Deleted(batches=batches, idempotency_keys=keys, deliveries=deliveries)
    if batches or keys or deliveries:
        log.info(
            "retention: deleted %d batches, %d idempotency keys, %d deliveries",
            batches,
            keys,
            deliveries,
        )
    return deleted


def _delete_chunks(
    store: Store,
    model: type[Any],
    *,
    key: Any,
    where: tuple[Any, ...],
    chunk: int,
    max_chunks: int,
) -> int:
    """Delete rows matching `where`, `chunk` keys per transaction; how many went."""
    total = 0
    for _ in range(max_chunks):
        with store.write() as session:
            keys = session.scalars(select(key).where(*where).limit(chunk)).all()
            if not keys:
                break
            # The WHERE is repeated: a row that changed since it was picked stays.
            result = session.execute(
                delete(model)
                .where(key.in_(keys), *where)
                .execution_options(synchronize_session=False)
            )
            total += result.rowcount  # type: ignore[attr-defined]
        if len(keys) < chunk:
            break
    return total
