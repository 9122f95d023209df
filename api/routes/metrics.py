"""`GET /metrics`: the service's figures for Prometheus (behind the API key when keys are set)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from api.deps import PrincipalDep, ServiceSettingsDep, StoreDep
from api.metrics import render
from wiredesk.errors import UnavailableError

router = APIRouter(tags=["metrics"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics(
    request: Request, _: PrincipalDep, store: StoreDep, settings: ServiceSettingsDep
) -> Response:
    """Batches, articles, deliveries, workers and queues in the Prometheus text format."""
    try:
        body = await run_in_threadpool(render, store, request.app.state.metrics_redis)
    except (RedisError, SQLAlchemyError, OSError) as exc:
        raise UnavailableError(
            f"Metrics unavailable: {type(exc).__name__}", retry_after=settings.retry_after
        ) from exc
    return Response(body, media_type=CONTENT_TYPE_LATEST)
