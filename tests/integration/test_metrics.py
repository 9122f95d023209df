"""`/metrics` scraped from the real API after a batch ran on the real worker: its numbers are the
store's (batches, articles and deliveries by status) and the workers' (one count per result)."""

from __future__ import annotations

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.factories import GERMAN_TEXT, batch
from tests.integration.conftest import Stack
from wiredesk.store.stats import articles_by_status, batches_by_status, deliveries_by_status
from worker.config import QUEUE, RECOVERED_QUEUE

pytestmark = pytest.mark.integration

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(stack: Stack) -> Samples:
    with stack.http() as client:
        answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def by_status(samples: Samples, name: str) -> dict[str, int]:
    return {
        dict(labels)["status"]: int(value)
        for (metric, labels), value in samples.items()
        if metric == name and value
    }


def finished(samples: Samples, language: str, status: str) -> float:
    key = ("wiredesk_articles_finished_total", (("language", language), ("status", status)))
    return samples.get(key, 0)


def test_metrics_after_a_batch_match_the_store(stack: Stack) -> None:
    before = scrape(stack)
    payload = batch(
        {"id": "ok-1", "language": "de", "text": GERMAN_TEXT},
        {"id": "ok-2", "language": "de", "text": GERMAN_TEXT + " Noch ein Satz."},
        {"id": "bad", "text": "12345 67890 11 22 33 44 55"},  # no language can be detected
    )
    batch_id = stack.submit(payload)
    status, _ = stack.wait(batch_id)
    assert status["status"] == "partial", status
    after = scrape(stack)

    with stack.store.read() as session:
        assert by_status(after, "wiredesk_batches") == batches_by_status(session)
        assert by_status(after, "wiredesk_articles") == articles_by_status(session)
        assert by_status(after, "wiredesk_digest_deliveries") == deliveries_by_status(session)
    assert finished(after, "de", "ok") - finished(before, "de", "ok") == 2
    assert finished(after, "unknown", "failed") - finished(before, "unknown", "failed") == 1
    histogram_count = ("wiredesk_article_processing_seconds_count", ())
    assert after[histogram_count] - before.get(histogram_count, 0) == 3
    sentences = ("wiredesk_translated_sentences_total", (("language", "de"),))
    tokens = ("wiredesk_translated_tokens_total", (("language", "de"),))
    assert after[sentences] > before.get(sentences, 0)
    assert after[tokens] > before.get(tokens, 0)
    client = redis.Redis.from_url(stack.redis_url)
    for queue in (QUEUE, RECOVERED_QUEUE):
        assert after[("wiredesk_queue_length", (("queue", queue),))] == client.llen(queue)
    assert after[("wiredesk_workers_alive", ())] >= 1
