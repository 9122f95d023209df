"""Dependencies injected into routes: settings, the job store, the task queue, the caller.

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
from wiredesk.config import Settings
from wiredesk.errors import UnauthorizedError
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


def require_api_key(
    settings: ServiceSettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller's identity (a hash of its key), or 401; anyone is welcome when no keys are set."""
    keys = settings.api_key_list()
    if not keys:
        return ANONYMOUS
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("This API needs `Authorization: Bearer <key>`.")
    given = credentials.credentials.encode("utf-8")
    # Compare with every key, always: how long this takes must not tell which key came close.
    matches = [hmac.compare_digest(given, key.encode("utf-8")) for key in keys]
    if not any(matches):
        raise UnauthorizedError("The API key is not valid.")
    return hashlib.sha256(given).hexdigest()[:32]


PrincipalDep = Annotated[str, Depends(require_api_key)]
