"""`GET /metrics` in-process: Prometheus text, behind the key when keys are set, no secrets."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.api.conftest import AppFactory
from tests.factories import batch

KEY = "metrics-key-0123456789"


def test_metrics_need_the_key_when_keys_are_set(make_client: AppFactory) -> None:
    client = make_client(api_keys=KEY)
    assert client.get("/metrics").status_code == 401
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {KEY}"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    names = {family.name for family in text_string_to_metric_families(answer.text)}
    assert {
        "wiredesk_batches",
        "wiredesk_articles",
        "wiredesk_digest_deliveries",
        "wiredesk_articles_finished",
        "wiredesk_article_processing_seconds",
        "wiredesk_translated_sentences",
        "wiredesk_translated_tokens",
        "wiredesk_queue_length",
        "wiredesk_workers_alive",
    } <= names


def test_metrics_count_queued_work_and_hold_no_article_text(make_client: AppFactory) -> None:
    client = make_client()
    secret = "Geheimtext des Artikels, der nie in den Metriken stehen darf."
    assert (
        client.post("/v1/batches", json=batch({"id": "a-secret-id", "text": secret})).status_code
        == 202
    )
    text = client.get("/metrics").text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert samples[("wiredesk_batches", (("status", "queued"),))] == 1
    assert samples[("wiredesk_articles", (("status", "queued"),))] == 1
    assert samples[("wiredesk_queue_length", (("queue", "wiredesk"),))] >= 1
    assert "Geheimtext" not in text and "a-secret-id" not in text
