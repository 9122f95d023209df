"""The FastAPI app: settings, store and queue built at start-up, routers, error handlers.

`uvicorn api.main:app` serves it; `create_app()` builds one with other settings (tests).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from redis import Redis

import wiredesk
from api import problems, web
from api.middleware import BodySizeLimit
from api.queue import TaskQueue
from api.ratelimit import RateLimiter
from api.routes import batches, glossaries, health, metrics, subscriptions, unsubscribe
from api.schemas import BatchCreate
from wiredesk.config import Settings, get_settings
from wiredesk.errors import SchemaBehindError
from wiredesk.service_settings import ServiceSettings, get_service_settings
from wiredesk.store import Store
from wiredesk.store.migrate import require_current

log = logging.getLogger("wiredesk.api")

DESCRIPTION = """
Submit batches of foreign-language news articles; get English translations, a summary of each,
and a cross-source digest. Batches run on Celery workers; poll a batch until its status is
`succeeded`, `partial` or `failed`, then fetch its digest. Errors are `application/problem+json`.
"""


def create_app(
    settings: ServiceSettings | None = None, *, core_settings: Settings | None = None
) -> FastAPI:
    """Build the API; the store and the queue connect at start-up, in the lifespan."""
    service = settings or get_service_settings()
    core = core_settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _configure_logging(core)
        if not service.api_key_list():
            log.warning("WIREDESK_API_KEYS is not set: the API is OPEN to anyone who can reach it.")
        store = Store(service.database_url)
        try:
            require_current(store)  # never migrates by itself: `wiredesk db upgrade` does
        except SchemaBehindError as exc:
            log.critical("%s", exc.detail)
            store.dispose()
            raise SystemExit(f"wiredesk api: {exc.detail}") from None
        queue = TaskQueue(service)
        app.state.service_settings, app.state.core_settings = service, core
        app.state.store, app.state.queue = store, queue
        app.state.rate_limiter = RateLimiter(service)
        app.state.metrics_redis = Redis.from_url(
            service.redis_url, socket_connect_timeout=1, socket_timeout=3
        )
        log.info("API ready (store: %s)", store.url.render_as_string(hide_password=True))
        try:
            yield
        finally:
            await app.state.rate_limiter.close()
            app.state.metrics_redis.close()
            queue.close()
            store.dispose()

    app = FastAPI(
        title="Wiredesk",
        version=wiredesk.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by `api.web.docs`, with assets from this process (offline)
        redoc_url=None,
    )
    app.add_middleware(BodySizeLimit, max_bytes=service.max_request_bytes)
    problems.install(app)
    app.include_router(health.router)
    app.include_router(batches.router)
    app.include_router(glossaries.router)
    app.include_router(subscriptions.router)
    app.include_router(unsubscribe.router)
    app.include_router(metrics.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    web.install(app)  # the pages, their static files, and the offline /docs and /redoc
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, plus the JSON body schema that the submit route reads by hand."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        body = BatchCreate.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(body.pop("$defs", {}))
        components[batches.BATCH_CREATE] = body
        _hoist_defs(schema, components)
        app.openapi_schema = schema
    return app.openapi_schema


def _hoist_defs(node: Any, components: dict[str, Any]) -> None:
    """Move `$defs` that pydantic left inside a schema (the digest's response schema) into the
    components, and point their `#/$defs/...` references there: a `$defs` nested in a response
    is not resolvable from the document root, and ReDoc refuses the whole document."""
    if isinstance(node, dict):
        for name, definition in node.pop("$defs", {}).items():
            components.setdefault(name, definition)
            _hoist_defs(definition, components)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node["$ref"] = "#/components/schemas/" + ref.removeprefix("#/$defs/")
        for value in list(node.values()):
            _hoist_defs(value, components)
    elif isinstance(node, list):
        for value in node:
            _hoist_defs(value, components)


def _configure_logging(core: Settings) -> None:
    """Log job events at the configured level; keeps a handler uvicorn already installed."""
    logging.basicConfig(
        level=core.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("wiredesk").setLevel(core.log_level.upper())


app = create_app()
