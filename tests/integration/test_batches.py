"""Batches through the real stack: submit, poll, digest; partial and failed batches; options."""

from __future__ import annotations

import pytest

from tests.factories import GERMAN_TEXT, article, batch, seed_batch, seed_paths
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

UNDETECTABLE = {"id": "numbers", "text": "12345 67890 11 22 33 44 55"}


def test_the_five_seeds_end_to_end(stack: Stack) -> None:
    batch_id = stack.submit(seed_batch(), headers={"Idempotency-Key": "seeds"})
    status, seen = stack.wait(batch_id)

    assert status["status"] == "succeeded", status
    assert status["progress"] == {"total": 5, "done": 5, "failed": 0}
    assert status["started_at"] and status["finished_at"]
    done_counts = [s["progress"]["done"] for s in seen]
    assert done_counts == sorted(done_counts), "progress never goes backwards"

    with stack.http() as client:
        digest = client.get(f"/v1/batches/{batch_id}/digest").json()
        ids = [p.stem for p in seed_paths()]
        assert [a["id"] for a in digest["articles"]] == ids
        assert {a["status"] for a in digest["articles"]} == {"ok"}
        assert all(a["translation"] and a["summary"] for a in digest["articles"])
        assert digest["stories"], "five reports of one event make at least one story"
        assert any("meaningless" in notice for notice in digest["notices"])
        # Seed 001's ad-blocker boilerplate is cleaned away before translation.
        assert "Ad-Blocker" not in digest["articles"][1]["clean_text"]

        markdown = client.get(f"/v1/batches/{batch_id}/digest", headers={"Accept": "text/markdown"})
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert markdown.text.lstrip().startswith("#")
        html = client.get(f"/v1/batches/{batch_id}/digest", params={"format": "html"})
        assert html.headers["content-type"].startswith("text/html") and "<html" in html.text

        one = client.get(f"/v1/batches/{batch_id}/articles/{ids[2]}").json()
        assert one["id"] == ids[2] and one["status"] == "ok" and one["sentences"]
        assert one["language"] == "de" and one["model"].startswith("tiny")

        replay = client.post("/v1/batches", json=seed_batch(), headers={"Idempotency-Key": "seeds"})
        assert replay.json()["id"] == batch_id and replay.json()["status"] == "succeeded"
        listed = client.get("/v1/batches", params={"limit": 100}).json()
        assert batch_id in [item["id"] for item in listed["items"]]


def test_a_failing_article_makes_the_batch_partial(stack: Stack) -> None:
    payload = batch(article(id="good-1"), UNDETECTABLE, article(id="good-2", source="Andere"))
    status, _ = stack.wait(stack.submit(payload))

    assert status["status"] == "partial", status
    assert status["progress"] == {"total": 3, "done": 3, "failed": 1}
    failed = [a for a in status["articles"] if a["status"] == "failed"]
    assert [a["id"] for a in failed] == ["numbers"]
    assert failed[0]["error_code"] == "language_undetected" and failed[0]["error"]
    with stack.http() as client:
        digest = client.get(f"/v1/batches/{status['id']}/digest").json()
        result = client.get(f"/v1/batches/{status['id']}/articles/numbers").json()
    assert [a["status"] for a in digest["articles"]] == ["ok", "failed", "ok"]
    story_articles = {a for story in digest["stories"] for a in story["articles"]}
    assert "numbers" not in story_articles and story_articles <= {"good-1", "good-2"}
    assert result["status"] == "failed" and result["error_code"] == "language_undetected"


def test_a_batch_whose_articles_all_fail_is_failed(stack: Stack) -> None:
    status, _ = stack.wait(stack.submit(batch(UNDETECTABLE)))
    assert status["status"] == "failed"
    assert status["progress"] == {"total": 1, "done": 1, "failed": 1}


def test_options_and_a_named_glossary_reach_the_worker(stack: Stack) -> None:
    with stack.http() as client:
        put = client.put(
            "/v1/glossaries/spies",
            content=b"Geheimdienstes\tSpy Agency\torg\n",
            headers={"content-type": "text/tab-separated-values"},
        )
        assert put.status_code in (200, 201), put.text
    payload = batch(
        article(id="g", text=GERMAN_TEXT + " Der Geheimdienstes meldet mehr."),
        glossary="spies",
        options={"summary_sentences": 1},
    )
    status, _ = stack.wait(stack.submit(payload))
    assert status["status"] == "succeeded", status
    with stack.http() as client:
        result = client.get(f"/v1/batches/{status['id']}/articles/g").json()
    assert len(result["summary"]) == 1
    assert {hit["target"] for hit in result["glossary"]} == {"Spy Agency"}
