"""A per-caller rate limit shared by every API process: a token bucket kept in Redis.

Each caller (an API key's hash, or a client address when no keys are set) has a bucket of
`burst` tokens that refills at `per_minute` tokens a minute; a request takes one token or is
refused with `429` and a `Retry-After`. The bucket lives in Redis and is updated by one Lua
script, atomically, so two API processes (or twenty) share one limit and no race lets a caller
through twice on the same token. Redis's clock is used, so API hosts need not agree on time.

If Redis does not answer, the limit FAILS OPEN: requests are let through and a warning is
logged once per outage. Refusing everyone because the limiter's store is down would turn a
Redis outage into a full API outage, while submissions already answer 503 without Redis (they
cannot be queued) and reads only touch the job store. After a failure Redis is not asked again
for `retry_after` seconds, so a Redis that hangs cannot slow every request down.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from wiredesk.service_settings import ServiceSettings

log = logging.getLogger("wiredesk.api")

KEY_PREFIX = "wiredesk:ratelimit:"
REDIS_TIMEOUT_S = 0.25  # a limiter that waits longer than this costs more than it protects

# KEYS[1]: the bucket. ARGV: capacity (tokens), refill rate (tokens per second).
# Returns {allowed (0/1), milliseconds until a token is free, tokens left (floored)}.
_TOKEN_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
end
local allowed, wait_ms = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait_ms = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, wait_ms, math.floor(tokens)}
"""


@dataclass(frozen=True)
class Decision:
    """Whether one request may go ahead, and if not, how many seconds until it may."""

    allowed: bool
    retry_after: int = 0
    remaining: int | None = None  # None: not known (limit off, or Redis unreachable)


ALLOW = Decision(allowed=True)


class RateLimiter:
    """The token buckets of every caller, in Redis; `hit(subject)` takes one token."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.per_minute = settings.rate_limit_per_minute
        self.burst = settings.rate_limit_burst
        self.cooldown = settings.retry_after
        self._redis = Redis.from_url(
            settings.redis_url,
            socket_connect_timeout=REDIS_TIMEOUT_S,
            socket_timeout=REDIS_TIMEOUT_S,
            retry_on_timeout=False,
        )
        self._script = self._redis.register_script(_TOKEN_BUCKET)
        self._down_until = 0.0  # monotonic time before which Redis is not asked (fail open)

    @property
    def enabled(self) -> bool:
        """Whether a limit is configured (a rate of 0 turns it off)."""
        return self.per_minute > 0

    async def hit(self, subject: str) -> Decision:
        """Take a token from `subject`'s bucket; let it through if Redis cannot be asked."""
        if not self.enabled or time.monotonic() < self._down_until:
            return ALLOW
        try:
            allowed, wait_ms, remaining = await self._script(
                keys=[KEY_PREFIX + subject], args=[self.burst, self.per_minute / 60]
            )
        except (RedisError, OSError) as exc:
            self._fail_open(exc)
            return ALLOW
        if self._down_until:
            log.warning("rate limiting is enforced again: Redis answers")
            self._down_until = 0.0
        if allowed:
            return Decision(allowed=True, remaining=int(remaining))
        return Decision(allowed=False, retry_after=max(1, math.ceil(int(wait_ms) / 1000)))

    def _fail_open(self, exc: BaseException) -> None:
        """Stop asking Redis for a while; say so once per outage, not once per request."""
        if not self._down_until:
            log.warning(
                "rate limiting is NOT enforced (failing open): Redis is unreachable (%s); "
                "retrying every %d s",
                type(exc).__name__,
                self.cooldown,
            )
        self._down_until = time.monotonic() + self.cooldown

    async def close(self) -> None:
        """Release the Redis connections."""
        await self._redis.aclose()
