"""Publishing batches to the workers, by task name: one small "start batch" message each.

The API never imports the worker's tasks (they import torch); it only names them. The worker
that takes the message sends a task per article, so the API never waits on task results.
Publishing fails fast when Redis is down, so the caller can roll the batch back and answer 503.
"""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError as BrokerError
from redis import Redis
from redis.exceptions import RedisError

from wiredesk.errors import UnavailableError
from wiredesk.service_settings import ServiceSettings
from worker.config import START_TASK, make_celery

log = logging.getLogger("wiredesk.api")


class TaskQueue:
    """The API's side of Celery: enqueue a batch, check that Redis answers."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.celery = make_celery("wiredesk-api", settings)
        # A request should not hang while Redis is away: try once, then answer 503. And the API
        # never reads task results (the store has them), so it does not subscribe to any.
        self.celery.conf.update(
            result_backend=None,
            broker_connection_retry=False,
            broker_transport_options={
                **self.celery.conf.broker_transport_options,
                "max_retries": 1,
                "interval_start": 0,
                "interval_step": 0.2,
            },
            task_publish_retry=False,
        )

    def enqueue_batch(self, *, batch_id: str) -> None:
        """Ask a worker to start the batch (it sends a task per article)."""
        try:
            self.celery.send_task(START_TASK, args=(batch_id,), retry=False)
        except (BrokerError, RedisError, OSError) as exc:
            log.warning("batch %s not queued: Redis unreachable (%s)", batch_id, exc)
            raise UnavailableError(
                "The job queue (Redis) is unreachable; nothing was stored. Retry later.",
                retry_after=self.settings.retry_after,
            ) from exc

    def ping(self) -> None:
        """Raise `UnavailableError` unless Redis answers a PING within a second."""
        client = Redis.from_url(self.settings.redis_url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except (RedisError, OSError) as exc:
            raise UnavailableError(
                f"Redis is unreachable: {type(exc).__name__}", retry_after=self.settings.retry_after
            ) from exc
        finally:
            client.close()

    def close(self) -> None:
        """Release the connections Celery holds."""
        self.celery.close()
