"""A fix for kombu's Redis transport: a worker must survive Redis dying under it.

Imported by `worker.app` before the worker starts, so every worker process has it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from queue import Empty

from kombu.transport import redis as kombu_redis

log = logging.getLogger("wiredesk.worker")

_Close = Callable[[kombu_redis.Channel], None]


def _finish_interrupted_read_then_close(close: _Close) -> _Close:
    """kombu's Redis `Channel.close`, made to complete when Redis died during a BRPOP.

    A worker that holds unacknowledged messages (e.g. SMTP retries waiting for their countdown)
    while it waits on Redis for more, and loses Redis, has its channel closed twice: kombu's
    first close stops at the failed BRPOP read, and the second, after the transport is gone,
    raises `AttributeError` ("Unrecoverable error": the worker exits). Reading the interrupted
    BRPOP here first lets the first close complete; the held messages stay in Redis's unacked
    set and come back after the visibility timeout.
    """
    if getattr(close, "_wiredesk_patched", False):
        return close

    def closing(self: kombu_redis.Channel) -> None:
        if self._in_poll:
            try:
                self._brpop_read()
            except Empty:
                pass  # the BRPOP simply timed out: nothing was lost
            except self.connection_errors as exc:
                log.warning("Redis connection lost while waiting for tasks: %s", exc)
        close(self)

    closing._wiredesk_patched = True  # type: ignore[attr-defined]
    return closing


def install() -> None:
    """Wrap `kombu.transport.redis.Channel.close` (once; repeated calls change nothing)."""
    kombu_redis.Channel.close = _finish_interrupted_read_then_close(  # type: ignore[method-assign]
        kombu_redis.Channel.close
    )
