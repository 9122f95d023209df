"""A request-size limit that answers 413 problem+json, before any route reads the body.

Checks `Content-Length` up front, and counts the bytes of bodies sent without one (chunked),
so no upload can make the API buffer more than `max_request_bytes`.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies over `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = problem_response(
                status=413,
                code="too_large",
                title="Input too large",
                detail=f"The request body is {int(declared):,} bytes; "
                f"the limit is {self.max_bytes:,} bytes.",
                instance=scope.get("path"),
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body parsing to our handler.
                    raise StarletteHTTPException(
                        413, detail=f"The request body is over {self.max_bytes:,} bytes."
                    )
            return message

        await self.app(scope, limited_receive, send)
