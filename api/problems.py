"""Every error the API returns is RFC 9457 `application/problem+json`, built in this one place.

Handlers cover Wiredesk's own errors, FastAPI's request validation, Starlette's routing errors
(404/405) and anything unexpected (500, with the traceback in the log, never in the response).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from wiredesk.errors import UnauthorizedError, WiredeskError

log = logging.getLogger("wiredesk.api")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://wiredesk.dev/problems/"
# Codes shared with `wiredesk.errors`, so a 413 reads the same whoever raised it.
_HTTP_CODES = {HTTPStatus.REQUEST_ENTITY_TOO_LARGE: ("too_large", "Input too large")}


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """A problem+json response; `extra` adds members such as `errors`."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra or {})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def error_response(exc: WiredeskError, *, instance: str | None = None) -> JSONResponse:
    """The response for a deliberate Wiredesk error, with the headers its status calls for."""
    headers: dict[str, str] = {}
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = 'Bearer realm="wiredesk"'
    return JSONResponse(
        exc.to_problem(instance=instance),
        status_code=exc.status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


async def _wiredesk_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WiredeskError)
    if exc.status >= 500:
        log.warning("%s %s -> %d: %s", request.method, request.url.path, exc.status, exc.detail)
    return error_response(exc, instance=request.url.path)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_describe(error) for error in exc.errors()]
    return problem_response(
        status=422,
        code="invalid_request",
        title="Invalid request",
        detail="; ".join(f"{e['location']}: {e['message']}" for e in errors[:5]),
        instance=request.url.path,
        extra={"errors": errors},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = HTTPStatus(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) else status.description
    if status == HTTPStatus.NOT_FOUND and detail == status.phrase:
        detail = f"No route matches {request.url.path}."
    elif status == HTTPStatus.METHOD_NOT_ALLOWED:
        detail = f"{request.method} is not allowed on {request.url.path}."
    code, title = _HTTP_CODES.get(status, (_code_of(status), status.phrase))
    return problem_response(
        status=status.value,
        code=code,
        title=title,
        detail=detail,
        instance=request.url.path,
        headers=exc.headers,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(
        status=500,
        code="internal",
        title="Internal error",
        detail="The server hit an unexpected error; it has been logged.",
        instance=request.url.path,
    )


def _code_of(status: HTTPStatus) -> str:
    return status.phrase.lower().replace(" ", "_").replace("-", "_")


def _describe(error: Mapping[str, Any]) -> dict[str, str]:
    """One validation error as `{location, message}`, without echoing the (untrusted) input."""
    location: Sequence[Any] = error.get("loc", ())
    return {
        "location": ".".join(str(part) for part in location) or "body",
        "message": str(error.get("msg", "invalid")),
    }


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on `app`."""
    app.add_exception_handler(WiredeskError, _wiredesk_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
