"""Named glossaries: stored only when valid, fetched as TSV, deleted; batches keep a snapshot."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_batches import assert_problem
from tests.factories import GLOSSARY_TSV, batch
from wiredesk.store import jobs

# A real Redis (the queue) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration

TSV = {"content-type": "text/tab-separated-values"}


def put(client: TestClient, name: str, text: str | bytes) -> object:
    body = text.encode("utf-8") if isinstance(text, str) else text
    return client.put(f"/v1/glossaries/{name}", content=body, headers=TSV)


def test_put_get_replace_delete(client: TestClient) -> None:
    created = put(client, "korea", GLOSSARY_TSV)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "korea" and created.json()["entries"] == 2
    fetched = client.get("/v1/glossaries/korea")
    assert fetched.status_code == 200
    assert fetched.headers["content-type"].startswith("text/tab-separated-values")
    assert fetched.text == GLOSSARY_TSV

    smaller = "Pjöngjang\tPyongyang\tplace\n"
    replaced = put(client, "korea", smaller)
    assert replaced.status_code == 200 and replaced.json()["entries"] == 1
    assert client.get("/v1/glossaries/korea").text == smaller

    assert client.delete("/v1/glossaries/korea").status_code == 204
    assert_problem(client.get("/v1/glossaries/korea"), 404, "not_found")
    assert_problem(client.delete("/v1/glossaries/korea"), 404, "not_found")


def test_invalid_glossary_is_422_and_the_old_one_stays(client: TestClient) -> None:
    put(client, "korea", GLOSSARY_TSV)
    for bad in ("only one column\n", "A\tb\nA\tc\n", "# nothing but a comment\n"):
        problem = assert_problem(put(client, "korea", bad), 422, "invalid_glossary")
        assert problem["detail"]
    assert_problem(put(client, "korea", b"Pj\xf6ngjang\tPyongyang\n"), 422, "invalid_glossary")
    assert client.get("/v1/glossaries/korea").text == GLOSSARY_TSV


def test_line_numbers_are_in_the_detail(client: TestClient) -> None:
    problem = assert_problem(put(client, "g", GLOSSARY_TSV + "kaputt\n"), 422)
    assert "line 4" in problem["detail"]  # type: ignore[operator]


def test_bad_names_are_422(client: TestClient) -> None:
    assert_problem(put(client, "-dash-first", GLOSSARY_TSV), 422, "invalid_request")
    assert_problem(put(client, "x" * 65, GLOSSARY_TSV), 422, "invalid_request")


def test_oversized_glossary_is_413(client: TestClient) -> None:
    limit = client.app.state.core_settings.max_glossary_bytes  # type: ignore[attr-defined]
    big = "# " + "x" * limit + "\n" + GLOSSARY_TSV
    assert_problem(put(client, "big", big), 413, "too_large")


def test_a_batch_keeps_the_glossary_it_was_submitted_with(client: TestClient) -> None:
    put(client, "korea", GLOSSARY_TSV)
    batch_id = client.post("/v1/batches", json=batch(glossary="korea")).json()["id"]
    client.delete("/v1/glossaries/korea")
    assert client.get(f"/v1/batches/{batch_id}").json()["glossary"] == "korea"
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.read() as session:
        assert jobs.get_batch(session, batch_id=batch_id).glossary_text == GLOSSARY_TSV
