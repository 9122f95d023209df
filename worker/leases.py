"""Who holds which article, in Redis, so that a dead worker's articles come back in seconds.

A worker process takes a *lease* on an article before it claims it in the store: a key
`wiredesk:lease:<pk>` holding the process (`host|pid`), with a short time to live that a thread
of the process renews while it works, plus an entry in the hash `wiredesk:held`. When the
process dies (SIGKILL, OOM, the machine gone) nobody renews the lease and it expires; every
live worker's heartbeat looks for held entries whose lease is gone and sends their articles
again on the `wiredesk.recovered` queue. The store's status guards keep each result written
once, so a late redelivery of the old task message finds its article finished and does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger("wiredesk.worker")

LEASE = "wiredesk:lease:"  # + article pk -> holder; expires unless renewed
HELD = "wiredesk:held"  # hash: article pk -> holder, kept until the article is let go
ALIVE = "wiredesk:worker:"  # + node name -> host|pid of the worker's main process

# Take the lease if it is free (or its holder is a dead process on this host), and record it.
_ACQUIRE = """
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[3] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[1])
return 1
"""
# Renew a lease only while it is still ours.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# Let go: the lease always, the held entry only when the article needs nobody any more.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
if ARGV[3] == '1' and redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[2], ARGV[2])
end
return 1
"""
# A held article whose lease expired: remove its entry (one sweeper wins) and report it lost.
_TAKE_LOST = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.call('HDEL', KEYS[2], ARGV[1])
end
return 0
"""


def process_holder() -> str:
    """This process as a lease holder: `host|pid`."""
    return f"{socket.gethostname()}|{os.getpid()}"


def _dead_local_holder(holder: str) -> bool:
    """Whether `holder` is a process of this host that no longer runs (a killed pool process)."""
    host, _, pid = holder.rpartition("|")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Leases:
    """This process's leases on articles: take, renew (from a thread), let go."""

    def __init__(self, client: Redis, *, ttl: int, holder: str | None = None) -> None:
        self.client = client
        self.ttl = ttl
        self.holder = holder or process_holder()
        self._held: set[int] = set()
        self._lock = threading.Lock()
        self._acquire = client.register_script(_ACQUIRE)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def acquire(self, pk: int) -> bool:
        """Take the lease on article `pk`; False while another live process holds it."""
        key = f"{LEASE}{pk}"
        current = self.client.get(key)
        stale = ""
        if current is not None:
            stale = current.decode()
            if stale != self.holder and not _dead_local_holder(stale):
                return False
        taken = bool(self._acquire(keys=[key, HELD], args=[self.holder, self.ttl, stale, pk]))
        if taken:
            with self._lock:
                self._held.add(pk)
        return taken

    def release(self, pks: Iterable[int], *, finished: bool) -> None:
        """Let go of `pks`. Unfinished ones stay in `wiredesk:held`, so a sweep sends them again."""
        pks = list(pks)
        with self._lock:
            self._held.difference_update(pks)
        for pk in pks:
            self._release(
                keys=[f"{LEASE}{pk}", HELD], args=[self.holder, pk, "1" if finished else "0"]
            )

    def renew(self) -> None:
        """Extend every lease this process holds by `ttl` seconds."""
        with self._lock:
            held = sorted(self._held)
        for pk in held:
            self._renew(keys=[f"{LEASE}{pk}"], args=[self.holder, self.ttl])

    def held(self) -> set[int]:
        """The articles this process holds now."""
        with self._lock:
            return set(self._held)


def take_lost(client: Redis) -> list[int]:
    """Articles whose holder stopped renewing its lease; each is returned to one caller only."""
    take = client.register_script(_TAKE_LOST)
    lost = []
    for field in client.hkeys(HELD):
        pk = int(field)
        if take(keys=[f"{LEASE}{pk}", HELD], args=[pk]):
            lost.append(pk)
    return lost


def mark_held(client: Redis, pk: int, holder: str) -> None:
    """Put `pk` back in `wiredesk:held` (sending it again failed; the next sweep retries)."""
    client.hset(HELD, str(pk), holder)


def announce(client: Redis, *, node: str, ttl: int) -> None:
    """Say that the worker `node` is alive for the next `ttl` seconds."""
    client.set(f"{ALIVE}{node}", process_holder(), ex=ttl)


def alive_workers(client: Redis) -> list[str]:
    """Node names of the workers that announced themselves within their time to live."""
    return sorted(key.decode()[len(ALIVE) :] for key in client.scan_iter(f"{ALIVE}*", count=500))


class Ticker:
    """A daemon thread that calls `tick` every `interval` seconds until stopped."""

    def __init__(self, name: str, tick: Callable[[], None], *, interval: float) -> None:
        self._tick = tick
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Ticker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while True:
            try:
                self._tick()
            except (RedisError, OSError) as exc:
                log.warning("%s: Redis unreachable (%s); trying again", self._thread.name, exc)
            except Exception:
                # The thread must outlive any one bad tick, or every lease would expire.
                log.exception("%s failed; trying again", self._thread.name)
            if self._stop.wait(self.interval):
                return
