"""The interface every translation backend implements, and the batching helper they share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from wiredesk.errors import TranslationError


@runtime_checkable
class Translator(Protocol):
    """Translates sentences from one source language into English.

    `name` is what `digest.json`'s `"model"` field shows (e.g. "Helsinki-NLP/opus-mt-de-en", or
    "tiny (random weights: output is meaningless)"); `meaningless` is True for the tiny model.
    """

    name: str
    meaningless: bool

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        """One English string per input sentence, in order; empty input gives an empty list."""
        ...


def one_per_sentence(name: str, outputs: list[str], *, expected: int) -> list[str]:
    """`outputs` if there is one per input sentence; a backend that lost some is an error."""
    if len(outputs) != expected:
        raise TranslationError(
            f"translator {name!r} returned {len(outputs)} sentences for {expected}"
        )
    return outputs


def tokens_per_batch(batch_tokens: int, *, beams: int) -> int:
    """Padded source tokens one batch may hold: `batch_tokens` shared by the beams, as beam
    search keeps every token of every beam (greedy decoding gets the largest batches)."""
    return max(1, batch_tokens // max(1, beams))


def length_batches(
    items: Sequence[str],
    *,
    size_of: Callable[[str], int],
    max_items: int,
    max_tokens: int,
) -> Iterator[list[int]]:
    """Indices of `items` grouped into batches of similar length, longest first.

    Sorting by length keeps padding small; each batch holds at most `max_items` items and at
    most `max_tokens` padded tokens (batch size x longest item), but always at least one item.
    """
    order = sorted(range(len(items)), key=lambda i: size_of(items[i]), reverse=True)
    batch: list[int] = []
    longest = 0
    for index in order:
        size = max(1, size_of(items[index]))
        longest_if_added = max(longest, size)
        if batch and (len(batch) >= max_items or longest_if_added * (len(batch) + 1) > max_tokens):
            yield batch
            batch, longest_if_added = [], size
        batch.append(index)
        longest = longest_if_added
    if batch:
        yield batch


class ReportingTranslator:
    """Wraps a translator to report progress: one call is translated `chunk` sentences at a time.

    Sentences are sorted by length first, so each chunk still fills whole, evenly long batches;
    `on_done(count)` is called after each chunk. Output order is the input order.
    """

    def __init__(self, inner: Translator, *, on_done: Callable[[int], None], chunk: int) -> None:
        self.inner = inner
        self.name = inner.name
        self.meaningless = inner.meaningless
        self._on_done = on_done
        self._chunk = max(1, chunk)

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        """As `Translator.translate`, with `on_done` called as chunks finish."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]), reverse=True)
        results = [""] * len(sentences)
        for start in range(0, len(order), self._chunk):
            part = order[start : start + self._chunk]
            outputs = one_per_sentence(
                self.name,
                self.inner.translate([sentences[i] for i in part], beams=beams),
                expected=len(part),
            )
            for index, output in zip(part, outputs, strict=True):
                results[index] = output
            self._on_done(len(part))
        return results
