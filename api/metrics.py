"""What `GET /metrics` reports, in the Prometheus text format (prometheus-client).

Read fresh at each scrape, so any number of API processes report the same figures: batches,
articles and digest deliveries by status from the job store; articles finished per language,
processing time, sentences and tokens from the counters the workers keep in Redis
(`worker.counters`); queue lengths and live workers from Redis. Never article text or keys.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from redis import Redis

from wiredesk.store import Store
from wiredesk.store.models import ARTICLE_FINAL, BATCH_FINAL
from wiredesk.store.stats import articles_by_status, batches_by_status, deliveries_by_status
from worker.config import QUEUE, RECOVERED_QUEUE
from worker.counters import BUCKETS, read_counters
from worker.leases import alive_workers

BATCH_STATUSES = ("queued", "running", *sorted(BATCH_FINAL))
ARTICLE_STATUSES = ("queued", "running", *sorted(ARTICLE_FINAL))
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "skipped")


class ServiceCollector(Collector):
    """Every Wiredesk metric, read from the store and Redis when collected."""

    def __init__(self, store: Store, redis: Redis) -> None:
        self.store = store
        self.redis = redis

    def collect(self) -> Iterator[Metric]:
        with self.store.read() as session:
            batches = batches_by_status(session)
            articles = articles_by_status(session)
            deliveries = deliveries_by_status(session)
        yield _by_status(
            "wiredesk_batches", "Batches in the store, by status.", batches, BATCH_STATUSES
        )
        yield _by_status(
            "wiredesk_articles", "Articles in the store, by status.", articles, ARTICLE_STATUSES
        )
        yield _by_status(
            "wiredesk_digest_deliveries",
            "Digest emails in the store, by status.",
            deliveries,
            DELIVERY_STATUSES,
        )
        counters = read_counters(self.redis)
        finished = CounterMetricFamily(
            "wiredesk_articles_finished",
            "Article results stored by the workers, by source language and status (ok, failed).",
            labels=["language", "status"],
        )
        for (language, status), count in sorted(counters.finished.items()):
            finished.add_metric([language, status], count)
        yield finished
        sentences = CounterMetricFamily(
            "wiredesk_translated_sentences",
            "Sentences translated into English, by source language.",
            labels=["language"],
        )
        for language, count in sorted(counters.sentences.items()):
            sentences.add_metric([language], count)
        yield sentences
        tokens = CounterMetricFamily(
            "wiredesk_translated_tokens",
            "Tokens (whitespace-separated words) of English translation made, by source language.",
            labels=["language"],
        )
        for language, count in sorted(counters.tokens.items()):
            tokens.add_metric([language], count)
        yield tokens
        buckets = [(_bound(b), counters.buckets.get(b, 0)) for b in BUCKETS]
        yield HistogramMetricFamily(
            "wiredesk_article_processing_seconds",
            "Seconds from an article's claim to its stored result (articles translated together "
            "each count the time of their group).",
            buckets=[*buckets, ("+Inf", counters.seconds_count)],
            sum_value=counters.seconds_sum,
        )
        queues = GaugeMetricFamily(
            "wiredesk_queue_length", "Task messages waiting in each queue.", labels=["queue"]
        )
        for name in (QUEUE, RECOVERED_QUEUE):
            queues.add_metric([name], self.redis.llen(name))
        yield queues
        yield GaugeMetricFamily(
            "wiredesk_workers_alive",
            "Workers whose heartbeat is current (within WIREDESK_LEASE_TTL seconds).",
            value=len(alive_workers(self.redis)),
        )


def _by_status(name: str, documentation: str, counts: dict[str, int], known: tuple) -> Metric:
    """A gauge per status: every known status (0 when none), then any other found."""
    gauge = GaugeMetricFamily(name, documentation, labels=["status"])
    for status in [*known, *sorted(set(counts) - set(known))]:
        gauge.add_metric([status], counts.get(status, 0))
    return gauge


def _bound(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{value:.1f}"


def render(store: Store, redis: Redis) -> bytes:
    """The metrics page, collected now."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ServiceCollector(store, redis))
    return generate_latest(registry)
