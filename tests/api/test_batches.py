"""Submitting and reading batches through the API, with every error it promises (no worker)."""

from __future__ import annotations

import json
import time

import pytest
import redis
from fastapi.testclient import TestClient

from tests.api.conftest import AppFactory
from tests.factories import GERMAN_TEXT, article, batch, seed_batch, seed_paths
from tests.servers import free_port
from wiredesk.config import Settings
from worker.config import QUEUE, START_TASK

# A real Redis (the queue) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def assert_problem(response: object, status: int, code: str | None = None) -> dict[str, object]:
    """The response is an RFC 9457 problem with `status` (and `code`), with a useful detail."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("https://")
    if code is not None:
        assert body["code"] == code, body
    return body  # type: ignore[no-any-return]


def queued_tasks(url: str) -> list[tuple[str, str]]:
    """(task name, args) of the messages waiting in the workers' queue in Redis, oldest first."""
    client = redis.Redis.from_url(url)
    try:
        raw = client.lrange(QUEUE, 0, -1)
    finally:
        client.close()
    headers = [json.loads(message)["headers"] for message in reversed(raw)]
    return [(h["task"], h["argsrepr"]) for h in headers]


def test_json_batch_is_accepted_stored_and_queued(client: TestClient, api_redis_url: str) -> None:
    before = queued_tasks(api_redis_url)
    response = client.post("/v1/batches", json=seed_batch())
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued"
    assert response.headers["location"] == body["links"]["self"]
    assert body["links"]["self"].endswith(f"/v1/batches/{body['id']}")
    assert body["links"]["digest"] == body["links"]["self"] + "/digest"
    # One small message went to Redis; the worker that takes it sends a task per article.
    assert queued_tasks(api_redis_url) == [*before, (START_TASK, f"('{body['id']}',)")]

    status = client.get(f"/v1/batches/{body['id']}").json()
    assert status["status"] == "queued"
    assert status["progress"] == {"total": 5, "done": 0, "failed": 0}
    assert [a["id"] for a in status["articles"]] == [p.stem for p in seed_paths()]
    assert {a["status"] for a in status["articles"]} == {"queued"}
    assert status["created_at"] and status["finished_at"] is None


def test_multipart_upload_reads_files_like_the_cli(client: TestClient) -> None:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in seed_paths()]
    response = client.post(
        "/v1/batches", files=files, data={"summary_sentences": "2", "beams": "2"}
    )
    assert response.status_code == 202, response.text
    status = client.get(response.headers["location"]).json()
    assert [a["id"] for a in status["articles"]] == [p.stem for p in seed_paths()]
    assert status["options"] == {"summary_sentences": 2, "beams": 2}


def test_multipart_names_that_repeat_get_unique_ids(client: TestClient) -> None:
    files = [
        ("files", ("same.txt", GERMAN_TEXT.encode(), "text/plain")),
        ("files", ("../../etc/same.txt", (GERMAN_TEXT + " Noch mehr.").encode(), "text/plain")),
    ]
    response = client.post("/v1/batches", files=files)
    assert response.status_code == 202, response.text
    status = client.get(response.headers["location"]).json()
    assert [a["id"] for a in status["articles"]] == ["same", "same-2"]


def test_articles_without_ids_are_numbered(client: TestClient) -> None:
    payload = batch({"text": GERMAN_TEXT}, {"text": GERMAN_TEXT, "id": "mine"})
    batch_id = client.post("/v1/batches", json=payload).json()["id"]
    ids = [a["id"] for a in client.get(f"/v1/batches/{batch_id}").json()["articles"]]
    assert ids == ["article-1", "mine"]


def test_same_idempotency_key_and_body_returns_the_same_batch(client: TestClient) -> None:
    headers = {"Idempotency-Key": "run-42"}
    first = client.post("/v1/batches", json=batch(), headers=headers)
    again = client.post("/v1/batches", json=batch(), headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert client.get("/v1/batches").json()["total"] == 1


def test_same_idempotency_key_with_another_body_is_a_conflict(client: TestClient) -> None:
    headers = {"Idempotency-Key": "run-43"}
    client.post("/v1/batches", json=batch(), headers=headers)
    other = batch(article(text=GERMAN_TEXT + " Anders."))
    assert_problem(client.post("/v1/batches", json=other, headers=headers), 409, "conflict")
    assert client.get("/v1/batches").json()["total"] == 1


def test_multipart_replay_is_recognised(client: TestClient) -> None:
    files = [("files", ("a.txt", GERMAN_TEXT.encode(), "text/plain"))]
    headers = {"Idempotency-Key": "upload-1"}
    first = client.post("/v1/batches", files=files, headers=headers).json()["id"]
    again = client.post("/v1/batches", files=files, headers=headers).json()["id"]
    assert first == again


def test_without_a_key_each_post_is_a_new_batch(client: TestClient) -> None:
    ids = {client.post("/v1/batches", json=batch()).json()["id"] for _ in range(2)}
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (batch({"id": "x"}), "articles.0"),  # neither text nor html
        (batch({"id": "x", "text": "a", "html": "<p>a</p>"}), "articles.0"),  # both
        ({"articles": []}, "articles"),
        (batch(article(language="German!")), "articles.0.language"),
        (batch(article(id="a/b")), "articles.0.id"),
        (batch(options={"beams": 99}), "options.beams"),
        (batch(colour="red"), "colour"),
    ],
)
def test_invalid_json_bodies_are_422_naming_the_field(
    client: TestClient, body: dict[str, object], where: str
) -> None:
    problem = assert_problem(client.post("/v1/batches", json=body), 422, "invalid_request")
    locations = [error["location"] for error in problem["errors"]]  # type: ignore[attr-defined]
    assert any(location.startswith(f"body.{where}") for location in locations), locations


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/batches", content=b'{"articles": [', headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 422, "invalid_input")
    assert "not valid JSON" in problem["detail"]  # type: ignore[operator]


def test_repeated_article_ids_are_422(client: TestClient) -> None:
    problem = assert_problem(
        client.post("/v1/batches", json=batch(article(id="x"), article(id="x"))), 422
    )
    assert "x" in problem["detail"]  # type: ignore[operator]


def test_html_without_any_text_is_422(client: TestClient) -> None:
    body = batch({"id": "empty", "html": "<html><body><script>x()</script></body></html>"})
    problem = assert_problem(client.post("/v1/batches", json=body), 422, "invalid_input")
    assert "empty" in problem["detail"]  # type: ignore[operator]


def test_binary_upload_is_422(client: TestClient) -> None:
    files = [("files", ("photo.txt", bytes(range(256)) * 4, "text/plain"))]
    problem = assert_problem(client.post("/v1/batches", files=files), 422, "invalid_input")
    assert "photo" in problem["detail"]  # type: ignore[operator]


def test_unknown_form_field_is_422(client: TestClient) -> None:
    files = [("files", ("a.txt", GERMAN_TEXT.encode(), "text/plain"))]
    response = client.post("/v1/batches", files=files, data={"colour": "red"})
    assert "colour" in assert_problem(response, 422)["detail"]  # type: ignore[operator]


def test_unknown_glossary_is_422(client: TestClient) -> None:
    problem = assert_problem(client.post("/v1/batches", json=batch(glossary="nope")), 422)
    assert "nope" in problem["detail"]  # type: ignore[operator]


def test_other_content_types_are_415(client: TestClient) -> None:
    response = client.post("/v1/batches", content=b"hello", headers={"content-type": "text/plain"})
    assert_problem(response, 415)


def test_too_many_articles_is_413(make_client: AppFactory) -> None:
    client = make_client()
    client.app.state.core_settings = Settings(max_articles=2)  # type: ignore[attr-defined]
    body = batch(article(id="1"), article(id="2"), article(id="3"))
    problem = assert_problem(client.post("/v1/batches", json=body), 413, "too_large")
    assert "limit is 2" in problem["detail"]  # type: ignore[operator]


def test_article_over_the_size_limit_is_413(make_client: AppFactory) -> None:
    client = make_client()
    client.app.state.core_settings = Settings(max_article_bytes=1000)  # type: ignore[attr-defined]
    problem = assert_problem(
        client.post("/v1/batches", json=batch(article(id="big", text="Wort " * 400))), 413
    )
    assert "big" in problem["detail"]  # type: ignore[operator]


def test_request_over_the_size_limit_is_413(make_client: AppFactory) -> None:
    client = make_client(max_request_bytes=2048)
    response = client.post("/v1/batches", json=batch(article(text="Wort " * 1000)))
    assert_problem(response, 413, "too_large")


def test_chunked_request_over_the_size_limit_is_413(make_client: AppFactory) -> None:
    client = make_client(max_request_bytes=2048)

    def chunks() -> object:
        yield b'{"articles": [{"text": "'
        for _ in range(100):
            yield b"Wort " * 20
        yield b'"}]}'

    response = client.post(
        "/v1/batches", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413, "too_large")


def test_redis_down_is_503_with_retry_after_and_nothing_stored(make_client: AppFactory) -> None:
    client = make_client(redis_url=f"redis://127.0.0.1:{free_port()}/0", retry_after=7)
    started = time.monotonic()
    response = client.post("/v1/batches", json=batch(), headers={"Idempotency-Key": "k"})
    assert time.monotonic() - started < 10, "the API must fail fast, not hang on Redis"
    problem = assert_problem(response, 503, "unavailable")
    assert response.headers["retry-after"] == "7"
    assert "Redis" in problem["detail"]  # type: ignore[operator]
    assert client.get("/v1/batches").json()["total"] == 0
    # The idempotency key was not kept either: a retry with it is a fresh submission.
    assert_problem(client.post("/v1/batches", json=batch(), headers={"Idempotency-Key": "k"}), 503)


def test_unknown_batch_is_404(client: TestClient) -> None:
    for path in ("", "/digest", "/articles/a1"):
        problem = assert_problem(client.get(f"/v1/batches/doesnotexist{path}"), 404, "not_found")
        assert "doesnotexist" in problem["detail"]  # type: ignore[operator]


def test_unknown_article_is_404(client: TestClient) -> None:
    batch_id = client.post("/v1/batches", json=batch()).json()["id"]
    assert_problem(client.get(f"/v1/batches/{batch_id}/articles/zzz"), 404, "not_found")


def test_digest_and_result_are_409_until_ready(client: TestClient) -> None:
    batch_id = client.post("/v1/batches", json=batch()).json()["id"]
    problem = assert_problem(client.get(f"/v1/batches/{batch_id}/digest"), 409, "conflict")
    assert "0 of 1" in problem["detail"]  # type: ignore[operator]
    assert_problem(client.get(f"/v1/batches/{batch_id}/articles/a1"), 409, "conflict")


def test_listing_is_paginated_newest_first(client: TestClient) -> None:
    ids = [client.post("/v1/batches", json=batch()).json()["id"] for _ in range(3)]
    first = client.get("/v1/batches", params={"limit": 2}).json()
    assert first["total"] == 3 and first["limit"] == 2 and first["offset"] == 0
    assert [item["id"] for item in first["items"]] == ids[::-1][:2]
    assert first["links"]["prev"] is None and first["links"]["next"].endswith("offset=2")
    second = client.get(first["links"]["next"]).json()
    assert [item["id"] for item in second["items"]] == [ids[0]]
    assert second["links"]["next"] is None and second["links"]["prev"].endswith("offset=0")
    assert second["items"][0]["progress"] == {"total": 1, "done": 0, "failed": 0}
    assert_problem(client.get("/v1/batches", params={"limit": 1000}), 422)


def test_public_base_url_is_used_in_links(make_client: AppFactory) -> None:
    client = make_client(public_base_url="https://news.example.org/wd/")
    response = client.post("/v1/batches", json=batch())
    assert response.headers["location"].startswith("https://news.example.org/wd/v1/batches/")


def test_json_body_with_utf8_and_html_is_stored_as_text(client: TestClient) -> None:
    html = "<html><head><title>Titel</title></head><body><article><p>" + GERMAN_TEXT + "</p>"
    html += "</article></body></html>"
    response = client.post("/v1/batches", json=batch({"id": "h", "html": html}))
    assert response.status_code == 202, response.text
    store = client.app.state.store  # type: ignore[attr-defined]
    from wiredesk.store import jobs

    with store.read() as session:
        (row,) = jobs.article_rows(session, batch_id=response.json()["id"])
    assert "Nordkorea schickt" in row.input["text"] and "<p>" not in row.input["text"]
    assert json.dumps(row.input)  # stored as plain JSON
