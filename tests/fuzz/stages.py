"""What the fuzz tests run untrusted text through, and how they measure what it costs.

`through_the_stages` is the path every article takes before translation: normalise, clean,
segment, look up glossary terms. `measure` reports CPU time (not wall time: the test machine
is shared) and the tracemalloc peak, so a budget can be asserted on both.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from wiredesk.clean import clean
from wiredesk.config import PROJECT_ROOT
from wiredesk.glossary import Glossary, Match, load_glossary
from wiredesk.ingest import normalize_text
from wiredesk.segment import segment

T = TypeVar("T")
MEGABYTE = 1_000_000
GLOSSARY = load_glossary(PROJECT_ROOT / "glossary" / "de-en.tsv", max_bytes=MEGABYTE)


@dataclass(frozen=True)
class Staged:
    """What the stages made of one input: cleaned text, sentences and glossary hits."""

    text: str
    cleaned: str
    sentences: list[str]
    matches: list[Match]


@dataclass(frozen=True)
class Cost:
    """CPU seconds and peak traced memory (MB) of one call."""

    cpu_s: float
    peak_mb: float


def through_the_stages(raw: str, *, language: str = "de", glossary: Glossary = GLOSSARY) -> Staged:
    """Normalise, clean, segment and look up glossary terms, as the pipeline does before MT."""
    text = normalize_text(raw)
    cleaned = clean(text, language=language).text
    sentences = [s for p in segment(cleaned, language=language) for s in p.sentences]
    matches = [match for sentence in sentences for match in glossary.find(sentence)]
    return Staged(text, cleaned, sentences, matches)


def cpu_seconds(function: Callable[[], T]) -> tuple[T, float]:
    """`function()` and the CPU seconds it took (this process, all threads)."""
    gc.collect()
    start = time.process_time()
    result = function()
    return result, time.process_time() - start


def peak_megabytes(function: Callable[[], T]) -> tuple[T, float]:
    """`function()` and the peak of memory it allocated (tracemalloc, MB).

    tracemalloc slows allocation-heavy code several times, so time is measured separately.
    """
    gc.collect()
    tracemalloc.start()
    try:
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / MEGABYTE


def is_clean_text(text: str) -> bool:
    """Encodable as UTF-8, NFC, and free of control characters other than tab and newline."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    if not unicodedata.is_normalized("NFC", text):
        return False
    return all(char in "\t\n" or unicodedata.category(char) != "Cc" for char in text)
