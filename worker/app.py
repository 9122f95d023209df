"""The worker's Celery app: configuration, its tasks, and per-process start-up.

Models load once per worker process, after the fork (`worker_process_init`); the parent
process never imports torch. `celery -A worker.app worker` finds the app here.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import (
    worker_init,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)

from wiredesk.service_settings import get_service_settings
from worker import kombu_fix
from worker.config import beat_schedule, make_celery

log = logging.getLogger("wiredesk.worker")

kombu_fix.install()  # before any channel is opened

app = make_celery("wiredesk", get_service_settings())
app.conf.include = ["worker.tasks"]
app.conf.beat_schedule = beat_schedule()

# The pool size, learnt in the parent before the fork, so each child can size its torch threads.
_concurrency: int | None = None
_heartbeat: Any = None  # worker.heartbeat.Heartbeat of this node, once it is ready


@worker_init.connect
def _remember_concurrency(sender: Any = None, **_: Any) -> None:
    global _concurrency
    _concurrency = getattr(sender, "concurrency", None)
    _require_schema()


def _require_schema() -> None:
    """Refuse to start (before forking) against a job store whose schema is behind."""
    from wiredesk.errors import SchemaBehindError
    from wiredesk.store import Store
    from wiredesk.store.migrate import require_current

    store = Store(get_service_settings().database_url)
    try:
        require_current(store)
    except SchemaBehindError as exc:
        log.critical("%s", exc.detail)
        # SystemExit, not an Exception: Celery's signal dispatch would log and carry on.
        raise SystemExit(f"wiredesk worker: {exc.detail}") from None
    finally:
        store.dispose()


@worker_process_init.connect
def _start_process(**_: Any) -> None:
    from worker.runtime import init_runtime

    init_runtime(concurrency=_concurrency)


@worker_process_shutdown.connect
def _stop_process(**_: Any) -> None:
    from worker import runtime

    if runtime._runtime is not None:
        runtime._runtime.store.dispose()


@worker_ready.connect
def _start_heartbeat(sender: Any = None, **_: Any) -> None:
    global _heartbeat
    from worker.heartbeat import Heartbeat

    node = getattr(sender, "hostname", None) or "celery"
    _heartbeat = Heartbeat(app, node=node, service=get_service_settings()).start()


@worker_shutdown.connect
def _stop_heartbeat(**_: Any) -> None:
    if _heartbeat is not None:
        _heartbeat.stop()
