"""`/healthz` (the process answers) and `/readyz` (Redis and the job store answer too)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from api.deps import QueueDep, ServiceSettingsDep, StoreDep
from api.schemas import Health, Readiness
from wiredesk.errors import UnavailableError

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """Liveness: 200 while the process can answer at all."""
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"content": {"application/problem+json": {}}}},
)
async def readyz(queue: QueueDep, store: StoreDep, settings: ServiceSettingsDep) -> Readiness:
    """Readiness: 200 when Redis and the job store both answer, else 503 saying which did not."""
    checks: dict[str, str] = {}
    for name, ping in (("redis", queue.ping), ("database", store.ping)):
        try:
            await run_in_threadpool(ping)
            checks[name] = "ok"
        except UnavailableError as exc:
            checks[name] = exc.detail
    failing = [name for name, state in checks.items() if state != "ok"]
    if failing:
        raise UnavailableError(
            "Not ready: " + "; ".join(checks[name] for name in failing),
            retry_after=settings.retry_after,
        )
    return Readiness(checks=checks)
