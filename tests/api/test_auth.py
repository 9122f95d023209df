"""Bearer keys: every /v1 route needs one when WIREDESK_API_KEYS is set; health stays open."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AppFactory
from tests.api.test_batches import assert_problem
from tests.factories import GLOSSARY_TSV, batch

# A real Redis (the queue) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration

KEYS = "s3cret-one, s3cret-two"


@pytest.fixture
def secured(make_client: AppFactory) -> TestClient:
    return make_client(api_keys=KEYS)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/batches"),
        ("POST", "/v1/batches"),
        ("GET", "/v1/batches/x"),
        ("GET", "/v1/batches/x/digest"),
        ("GET", "/v1/batches/x/articles/y"),
        ("PUT", "/v1/glossaries/g"),
        ("GET", "/v1/glossaries/g"),
        ("DELETE", "/v1/glossaries/g"),
    ],
)
def test_every_v1_route_needs_a_key(secured: TestClient, method: str, path: str) -> None:
    response = secured.request(method, path)
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_wrong_or_malformed_keys_are_refused(secured: TestClient) -> None:
    malformed = ("Bearer nope", "Basic s3cret-one", "s3cret-one", "Bearer s3cret-one, s3cret-two")
    for header in malformed:
        assert_problem(secured.get("/v1/batches", headers={"Authorization": header}), 401)


def test_each_configured_key_works(secured: TestClient) -> None:
    for key in ("s3cret-one", "s3cret-two"):
        response = secured.post(
            "/v1/batches", json=batch(), headers={"Authorization": f"Bearer {key}"}
        )
        assert response.status_code == 202, response.text
    auth = {"Authorization": "Bearer s3cret-one"}
    assert secured.get("/v1/batches", headers=auth).json()["total"] == 2
    put = secured.put("/v1/glossaries/g", content=GLOSSARY_TSV.encode(), headers=auth)
    assert put.status_code == 201


def test_health_and_docs_stay_open(secured: TestClient) -> None:
    assert secured.get("/healthz").status_code == 200
    assert secured.get("/readyz").status_code == 200
    assert secured.get("/openapi.json").status_code == 200


def test_idempotency_keys_belong_to_one_caller(secured: TestClient) -> None:
    one = {"Authorization": "Bearer s3cret-one", "Idempotency-Key": "k"}
    two = {"Authorization": "Bearer s3cret-two", "Idempotency-Key": "k"}
    first = secured.post("/v1/batches", json=batch(), headers=one).json()["id"]
    other = secured.post("/v1/batches", json=batch(), headers=two).json()["id"]
    assert first != other


def test_keys_are_never_logged(make_client: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(api_keys=KEYS)
    client.get("/v1/batches", headers={"Authorization": "Bearer wrong-guess"})
    client.post("/v1/batches", json=batch(), headers={"Authorization": "Bearer s3cret-one"})
    for secret in ("s3cret-one", "s3cret-two", "wrong-guess"):
        assert secret not in caplog.text


def test_an_open_api_warns_at_start_up(
    make_client: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="wiredesk.api"):
        client = make_client()
    assert "WIREDESK_API_KEYS is not set" in caplog.text
    assert client.get("/v1/batches").status_code == 200
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="wiredesk.api"):
        make_client(api_keys=KEYS)
    assert "WIREDESK_API_KEYS is not set" not in caplog.text
