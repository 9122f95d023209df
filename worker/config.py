"""Celery configuration shared by the worker and by the API (which only publishes by task name).

Kept free of task code and of torch, so `api/` can import it without loading any model code.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.schedules import crontab
from kombu import Exchange, Queue

from wiredesk.service_settings import ServiceSettings

START_TASK = "wiredesk.start_batch"
ARTICLE_TASK = "wiredesk.process_article"
ARTICLE_ERROR_TASK = "wiredesk.article_error"
MERGE_TASK = "wiredesk.merge_batch"
BATCH_ERROR_TASK = "wiredesk.batch_error"
DIGEST_BEAT_TASK = "wiredesk.enqueue_due_digests"
BATCH_SWEEP_TASK = "wiredesk.requeue_stalled_batches"
SEND_DIGEST_TASK = "wiredesk.send_digest"
RETENTION_TASK = "wiredesk.delete_expired"
QUEUE = "wiredesk"
# Articles of dead workers, sent again by a heartbeat. Workers read both queues in turn, so a
# recovered article runs next instead of waiting behind every article queued meanwhile.
RECOVERED_QUEUE = "wiredesk.recovered"


def celery_config(settings: ServiceSettings) -> dict[str, Any]:
    """Celery settings for reliable, one-at-a-time work on Redis."""
    # Redis re-delivers a task nobody acknowledged within `visibility_timeout`; check for such
    # tasks often enough (a quarter of the timeout, at least every minute) that a killed
    # worker's article comes back soon after the timeout, not up to 100 s later (kombu default).
    restore_interval = max(1, min(60, settings.visibility_timeout // 4))
    transport_options = {
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": restore_interval,
        "unacked_restore_throttle": 1,
    }
    return {
        "broker_url": settings.redis_url,
        "result_backend": settings.redis_url,
        "broker_transport_options": transport_options,
        "result_backend_transport_options": {"visibility_timeout": settings.visibility_timeout},
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 3,
        "redis_socket_connect_timeout": 3,
        "redis_socket_timeout": 30,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": QUEUE,
        "task_queues": [
            Queue(name, Exchange(name, type="direct"), routing_key=name)
            for name in (QUEUE, RECOVERED_QUEUE)
        ],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "task_track_started": True,
        "worker_prefetch_multiplier": 1,
        # A new pool process imports torch and loads its models before it reports for work;
        # Celery's default 4 s would kill it as hung, again and again.
        "worker_proc_alive_timeout": 300,
        "result_expires": settings.result_expires,
        "result_extended": False,
        # Task events, so that Flower and `celery events` show what the workers do.
        "worker_send_task_events": True,
        "task_send_sent_event": True,
    }


def beat_schedule() -> dict[str, Any]:
    """What `celery beat` runs at the start of every minute: the digest check, and the sweep
    that starts again batches whose task messages were lost; and hourly, the retention sweep.

    Each message expires before the next one is sent, so a worker that was down does not wake
    up to a backlog of stale checks (each would be a no-op, but all of them would run).
    """
    return {
        "email-digests": {
            "task": DIGEST_BEAT_TASK,
            "schedule": crontab(),
            "options": {"expires": 55},
        },
        "stalled-batches": {
            "task": BATCH_SWEEP_TASK,
            "schedule": crontab(),
            "options": {"expires": 55},
        },
        # Hourly, not every minute: retention is housekeeping, in bounded chunks.
        "retention": {
            "task": RETENTION_TASK,
            "schedule": crontab(minute=17),
            "options": {"expires": 3300},
        },
    }


def make_celery(name: str, settings: ServiceSettings) -> Celery:
    """A Celery app configured from `settings`; the worker adds its tasks, the API does not."""
    app = Celery(name, set_as_current=False)
    app.conf.update(celery_config(settings))
    return app
