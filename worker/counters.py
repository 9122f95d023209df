"""Counters the workers keep in Redis and `GET /metrics` reads: articles, time, sentences, tokens.

Workers are many processes on many machines, and the API may be several too, so the counts live
in one Redis hash that every worker increments once per article result it is first to store
(the store's guard), and any API process reads. No article text or key is ever recorded: only
a language code, a status and numbers. Kept free of Celery and torch, so the API can import it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from redis import Redis

COUNTERS = "wiredesk:metrics"
# Upper bounds (seconds) of the article processing time histogram's buckets.
BUCKETS = (1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0)
_SEP = "|"


def _label(value: str | None) -> str:
    """A language code as a label: short, no separator; unknown when missing."""
    text = (value or "unknown").strip().lower()[:16]
    return text.replace(_SEP, "_") or "unknown"


def record_article(
    client: Redis,
    *,
    language: str | None,
    status: str,
    seconds: float,
    sentences: int,
    tokens: int,
) -> None:
    """Count one stored article result: its status, processing time and translated output."""
    lang = _label(language)
    fields = {
        f"finished{_SEP}{lang}{_SEP}{status}": 1,
        f"sentences{_SEP}{lang}": sentences,
        f"tokens{_SEP}{lang}": tokens,
        f"seconds_count{_SEP}": 1,
    }
    for bound in BUCKETS:
        if seconds <= bound:
            fields[f"seconds_le{_SEP}{bound}"] = 1
    pipe = client.pipeline(transaction=True)
    for name, amount in fields.items():
        pipe.hincrby(COUNTERS, name, amount)
    pipe.hincrbyfloat(COUNTERS, f"seconds_sum{_SEP}", seconds)
    pipe.execute()


@dataclass
class Counters:
    """The counters as read back: per (language, status), per language, and the histogram."""

    finished: dict[tuple[str, str], int] = field(default_factory=dict)
    sentences: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    buckets: dict[float, int] = field(default_factory=dict)  # cumulative counts per upper bound
    seconds_count: int = 0
    seconds_sum: float = 0.0


def read_counters(client: Redis) -> Counters:
    """Every counter in Redis (all zero before the first article)."""
    counters = Counters(buckets=dict.fromkeys(BUCKETS, 0))
    per_language: dict[str, dict[str, int]] = defaultdict(dict)
    for raw_name, raw_value in client.hgetall(COUNTERS).items():
        kind, _, rest = raw_name.decode().partition(_SEP)
        value = raw_value.decode()
        if kind == "finished":
            lang, _, status = rest.partition(_SEP)
            counters.finished[(lang, status)] = int(value)
        elif kind in ("sentences", "tokens"):
            per_language[kind][rest] = int(value)
        elif kind == "seconds_le":
            counters.buckets[float(rest)] = int(value)
        elif kind == "seconds_count":
            counters.seconds_count = int(value)
        elif kind == "seconds_sum":
            counters.seconds_sum = float(value)
    counters.sentences = per_language["sentences"]
    counters.tokens = per_language["tokens"]
    return counters
