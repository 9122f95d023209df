"""Wiredesk: foreign-language news in, English translations, summaries and a digest out.

The core package knows nothing of FastAPI or Celery; `api/` and `worker/` are thin shells.
"""

__version__ = "0.1.0"
