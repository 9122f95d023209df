"""The worker's heartbeat, in its main process: say it is alive, and send again lost articles.

Every `heartbeat_interval` seconds each worker (1) renews `wiredesk:worker:<node>` for
`lease_ttl` seconds, which `/metrics` counts as a live worker, and (2) looks for articles whose
lease expired (their process died without letting go) and sends each again on the
`wiredesk.recovered` queue. Every live worker sweeps; a script in Redis hands each lost article
to one of them only. Recovery needs no beat and never waits behind the main queue.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery import Celery

from wiredesk.service_settings import ServiceSettings
from worker.config import ARTICLE_ERROR_TASK, ARTICLE_TASK, RECOVERED_QUEUE
from worker.leases import ALIVE, Ticker, announce, mark_held, take_lost
from worker.runtime import redis_client

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("wiredesk.worker")


def send_lost_articles(app: Celery, client: Redis) -> list[int]:
    """Send again every article whose holder stopped renewing its lease; their keys."""
    lost = take_lost(client)
    for pk in lost:
        try:
            app.send_task(
                ARTICLE_TASK,
                args=(pk,),
                queue=RECOVERED_QUEUE,
                link_error=app.signature(ARTICLE_ERROR_TASK, args=(pk,), immutable=True),
            )
        except Exception:
            mark_held(client, pk, "unsent")  # the next heartbeat tries again
            raise
        log.warning("article #%d: its worker stopped renewing its lease (died?); sent again", pk)
    return lost


class Heartbeat:
    """The heartbeat thread of one worker node."""

    def __init__(self, app: Celery, *, node: str, service: ServiceSettings) -> None:
        self.node = node
        self.ttl = service.lease_ttl
        self.client = redis_client(service)
        self.app = app
        self._ticker = Ticker(
            f"heartbeat of {node}", self.tick, interval=service.heartbeat_interval
        )

    def tick(self) -> None:
        announce(self.client, node=self.node, ttl=self.ttl)
        send_lost_articles(self.app, self.client)

    def start(self) -> Heartbeat:
        self._ticker.start()
        log.info("worker %s: heartbeat every %d s started", self.node, self._ticker.interval)
        return self

    def stop(self) -> None:
        """Stop beating and say at once that this worker is gone."""
        self._ticker.stop()
        self.client.delete(f"{ALIVE}{self.node}")
