"""Dependencies injected into routes: settings, the job store, the task queue, the caller.

`require_api_key` (on every `/v1` router) both authenticates the caller and takes a token
from its rate limit, so every keyed route is limited without each router asking for it.

Everything is built once in the app's lifespan (`api.main`) and kept on `app.state`, so tests
can start the app with their own settings.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.queue import TaskQueue
from api.ratelimit import RateLimiter
from wiredesk.config import Settings
from wiredesk.errors import RateLimitedError, UnauthorizedError
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store

ANONYMOUS = "anonymous"

_bearer = HTTPBearer(
    auto_error=False,
    description="`Authorization: Bearer <key>` with a key from WIREDESK_API_KEYS "
    "(only when that setting is set).",
)


def get_service_settings(request: Request) -> ServiceSettings:
    """The service settings the app was started with."""
    return request.app.state.service_settings  # type: ignore[no-any-return]


def get_core_settings(request: Request) -> Settings:
    """The core settings (input limits, glossary size) the app was started with."""
    return request.app.state.core_settings  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The job store."""
    return request.app.state.store  # type: ignore[no-any-return]


def get_queue(request: Request) -> TaskQueue:
    """The task queue (Celery on Redis)."""
    return request.app.state.queue  # type: ignore[no-any-return]


ServiceSettingsDep = Annotated[ServiceSettings, Depends(get_service_settings)]
CoreSettingsDep = Annotated[Settings, Depends(get_core_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
QueueDep = Annotated[TaskQueue, Depends(get_queue)]


def get_rate_limiter(request: Request) -> RateLimiter | None:
    """The app's rate limiter; None in an app built without one (its lifespan did not run)."""
    return getattr(request.app.state, "rate_limiter", None)


async def require_api_key(
    request: Request,
    settings: ServiceSettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller's identity (a hash of its key), or 401; then its rate limit, or 429.

    Anyone is welcome when no keys are set; the rate limit then applies per client address.
    """
    principal = authenticate(settings, credentials)
    subject = principal if principal != ANONYMOUS else f"addr:{client_address(request)}"
    await take_token(request, subject)
    return principal


async def limit_by_address(request: Request) -> None:
    """The rate limit alone, per client address: for routes that take no API key (email links),
    so their tokens cannot be guessed at full speed."""
    await take_token(request, f"addr:{client_address(request)}")


async def take_token(request: Request, subject: str) -> None:
    """Take one token from `subject`'s bucket, or raise 429 with Retry-After."""
    limiter = get_rate_limiter(request)
    if limiter is None or not limiter.enabled:
        return
    decision = await limiter.hit(subject)
    if not decision.allowed:
        raise RateLimitedError(
            f"Too many requests; at most {limiter.per_minute} a minute "
            f"(bursts of {limiter.burst}). Retry in {decision.retry_after} s.",
            retry_after=decision.retry_after,
        )


def authenticate(
    settings: ServiceSettings, credentials: HTTPAuthorizationCredentials | None
) -> str:
    """The hash that stands for the caller's key (never the key), or 401; ANONYMOUS if open."""
    keys = settings.api_key_list()
    if not keys:
        return ANONYMOUS
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("This API needs `Authorization: Bearer <key>`.")
    given = _digest(credentials.credentials)
    # Compare digests (all the same length) with every key, always: how long this takes tells
    # neither which key came close nor how long the keys are.
    matches = [hmac.compare_digest(given, _digest(key)) for key in keys]
    if not any(matches):
        raise UnauthorizedError("The API key is not valid.")
    return given.hex()[:32]


def principal_of(key: str) -> str:
    """The identity a key stands for in logs, idempotency records and web sessions."""
    return _digest(key).hex()[:32]


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).digest()


def client_address(request: Request) -> str:
    """The caller's address as the server saw it (behind a proxy: run uvicorn with
    `--proxy-headers --forwarded-allow-ips` so this is the client, not the proxy)."""
    return request.client.host if request.client is not None else "unknown"


PrincipalDep = Annotated[str, Depends(require_api_key)]
