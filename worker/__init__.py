"""The Celery worker of the batch service: `celery -A worker.app worker` (or `wiredesk worker`)."""
