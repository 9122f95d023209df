"""The app as a whole: health, readiness, problem+json for routing errors, OpenAPI, no torch."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AppFactory
from tests.api.test_batches import assert_problem
from tests.servers import free_port, service_env
from wiredesk.config import PROJECT_ROOT

# A real Redis (the queue) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"redis": "ok", "database": "ok"}}


def test_readyz_is_503_naming_what_is_down(make_client: AppFactory) -> None:
    client = make_client(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/readyz")
    problem = assert_problem(response, 503, "unavailable")
    assert "Redis" in problem["detail"]  # type: ignore[operator]
    assert response.headers["retry-after"]
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_routing_errors_are_problems_too(client: TestClient) -> None:
    assert_problem(client.get("/v2/nothing"), 404, "not_found")
    assert_problem(client.delete("/v1/batches"), 405, "method_not_allowed")
    assert_problem(client.get("/v1/batches", params={"offset": -1}), 422, "invalid_request")


def test_openapi_documents_every_route_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/v1/batches",
        "/v1/batches/{batch_id}",
        "/v1/batches/{batch_id}/digest",
        "/v1/batches/{batch_id}/articles/{article_id}",
        "/v1/glossaries/{name}",
        "/healthz",
        "/readyz",
    ):
        assert path in paths, path
    body = paths["/v1/batches"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    schemas = spec["components"]["schemas"]
    assert schemas["BatchCreate"]["examples"] and "ArticleIn" in schemas
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_importing_the_api_loads_no_model_code() -> None:
    check = (
        "import sys, api.main; "
        "loaded = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=PROJECT_ROOT,
        env=service_env({"PATH": "/usr/bin:/bin"}, WIREDESK_DATABASE_URL="sqlite://"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
