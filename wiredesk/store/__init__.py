"""The job store: batches, articles, results, idempotency keys and named glossaries.

SQLAlchemy 2 on SQLite (default) or PostgreSQL. It is the source of truth of the batch service;
Redis holds only the queue and Celery's task states. `Store` owns the engine and sessions;
`wiredesk.store.jobs` and `wiredesk.store.glossaries` hold keyword-only data functions.
"""

from wiredesk.store.engine import Store
from wiredesk.store.models import (
    ARTICLE_FINAL,
    BATCH_FINAL,
    ArticleRow,
    BatchRow,
    GlossaryRow,
    IdempotencyRow,
)

__all__ = [
    "ARTICLE_FINAL",
    "BATCH_FINAL",
    "ArticleRow",
    "BatchRow",
    "GlossaryRow",
    "IdempotencyRow",
    "Store",
]
