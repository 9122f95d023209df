"""Per-article summaries: extractive by default (no weights needed), abstractive when asked.

The extractive summarizer picks English target sentences by position (news puts the point
first), centrality (TF-IDF cosine to the article's centroid) and novelty (MMR), and never picks
a sentence that leans on one it does not show ("He said ...", "However, ..."). Centrality is
computed over source and target words together, so it still means something when the
translation is the tiny model's gibberish.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from wiredesk.errors import InputError, ModelLoadError, ModelNotFoundError, TranslationError
from wiredesk.schema import SentencePair
from wiredesk.similarity import TfIdf, Vector, centroid, cosine, terms, word_set

logger = logging.getLogger(__name__)

SummarizeFn = Callable[[Sequence[SentencePair], int], list[str]]

_MIN_WORDS = 6  # shorter sentences are captions, datelines or fragments
_POSITION_WEIGHT = 0.35
_REDUNDANCY_WEIGHT = 0.5
# Sentence openers that point back to something the reader has not seen.
_DANGLING_EN = word_set(
    """he she it they this that these those his her their its him them but however also
    meanwhile moreover furthermore yet still so therefore instead thus hence besides otherwise
    nevertheless nonetheless and or then there such both"""
)
# German too, for when the English is gibberish ("es" is left out: "Es wird erwartet" is fine).
_DANGLING_DE = word_set(
    """er sie dies diese dieser dieses damit dabei dazu darauf daher deshalb deswegen aber
    doch jedoch zudem außerdem auch stattdessen währenddessen trotzdem dennoch denn sein seine
    ihr ihre und oder dann"""
)
# Openers that look like connectives but do not lean on the previous sentence.
_STANDALONE_OPENERS = frozenset({("so", "far"), ("this", "week"), ("this", "year")})
_WORDS = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def summarize(sentences: Sequence[SentencePair], *, n: int = 3) -> list[str]:
    """Up to `n` English sentences that best stand for the article, in document order."""
    if n <= 0:
        return []
    candidates = [i for i, pair in enumerate(sentences) if _is_candidate(pair)]
    if not candidates:
        return []
    vectors = _sentence_vectors(sentences, candidates)
    scores = _base_scores(candidates, vectors)
    chosen = _select(sentences, candidates, vectors, scores, n=n)
    return [sentences[i].target.strip() for i in sorted(chosen)]


def _is_candidate(pair: SentencePair) -> bool:
    """Body sentences long enough to say something (headings and captions are not).

    Either side may show the length: the tiny model's gibberish can be any length.
    """
    if pair.heading or not pair.target.strip():
        return False
    return max(len(pair.target.split()), len(pair.source.split())) >= _MIN_WORDS


def _sentence_vectors(
    sentences: Sequence[SentencePair], candidates: Sequence[int]
) -> dict[int, Vector]:
    """TF-IDF vectors over target and source words (namespaced so they never collide)."""
    documents = {i: _bag(sentences[i]) for i in candidates}
    tfidf = TfIdf(documents.values())
    return {i: tfidf.vector(words) for i, words in documents.items()}


def _bag(pair: SentencePair) -> list[str]:
    """A sentence's target and source stems, prefixed so the two languages never collide."""
    return [f"t:{t}" for t in terms(pair.target)] + [f"s:{t}" for t in terms(pair.source)]


def _base_scores(candidates: Sequence[int], vectors: dict[int, Vector]) -> dict[int, float]:
    """Centrality to the article centroid, plus a decaying bonus for early sentences."""
    middle = centroid(list(vectors.values()))
    scores = {}
    for rank, index in enumerate(candidates):
        position = 1.0 / math.sqrt(1.0 + rank)
        centrality = cosine(vectors[index], middle)
        scores[index] = (1 - _POSITION_WEIGHT) * centrality + _POSITION_WEIGHT * position
    return scores


def _select(
    sentences: Sequence[SentencePair],
    candidates: Sequence[int],
    vectors: dict[int, Vector],
    scores: dict[int, float],
    *,
    n: int,
) -> list[int]:
    """Greedy MMR: best score minus similarity to what is already chosen, dangling ones gated."""
    chosen: list[int] = []
    seen_texts: set[str] = set()
    while len(chosen) < n:
        best, best_value = None, -math.inf
        for index in candidates:
            text = sentences[index].target.strip().lower()
            if index in chosen or text in seen_texts:
                continue
            if starts_dangling(sentences[index]) and index - 1 not in chosen:
                continue
            redundancy = max((cosine(vectors[index], vectors[c]) for c in chosen), default=0.0)
            value = scores[index] - _REDUNDANCY_WEIGHT * redundancy
            if value > best_value:
                best, best_value = index, value
        if best is None:
            break
        chosen.append(best)
        seen_texts.add(sentences[best].target.strip().lower())
    return chosen


def starts_dangling(pair: SentencePair) -> bool:
    """True when the sentence opens with a pronoun or connective pointing at an earlier one."""
    target = _first_words(pair.target)
    if target in _STANDALONE_OPENERS:
        return False
    source = _first_words(pair.source)
    return bool(target and target[0] in _DANGLING_EN) or bool(source and source[0] in _DANGLING_DE)


def _first_words(text: str) -> tuple[str, ...]:
    """The first two words, lowercased ("so", "far"); empty for text without words."""
    return tuple(word.lower() for word in _WORDS.findall(text[:200])[:2])


def split_sentences(text: str, *, limit: int | None = None) -> list[str]:
    """Generated English split into sentences at ". X" boundaries (good enough for model output)."""
    parts = [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    return parts[:limit] if limit is not None else parts


class AbstractiveSummarizer:
    """A seq2seq summarization model (e.g. distilbart-cnn) from the hub or a local folder."""

    def __init__(self, tokenizer: Any, model: Any, *, device: str = "cpu") -> None:
        """Wrap an already loaded tokenizer and model (use `load` to get them)."""
        self._tokenizer = tokenizer
        self._model = model
        self._device = device

    @classmethod
    def load(
        cls, model: str, *, device: str = "cpu", local_files_only: bool = False
    ) -> AbstractiveSummarizer:
        """Load tokenizer and weights; ModelNotFoundError (with how to get them) when absent."""
        try:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as error:  # pragma: no cover - transformers is a core dependency
            raise ModelLoadError(f"transformers is not installed: {error}") from error
        folder = Path(model).expanduser()
        is_folder = folder.is_dir()
        if not is_folder and _looks_like_path(model):
            raise ModelNotFoundError(_how_to_get(model, FileNotFoundError(f"no folder {model}")))
        if is_folder and not (folder / "config.json").is_file():
            raise ModelNotFoundError(_how_to_get(model, FileNotFoundError("no config.json in it")))
        offline = local_files_only or is_folder
        try:
            path = str(folder) if is_folder else model
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=offline)
            network = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=offline)
        except OSError as error:
            raise ModelNotFoundError(_how_to_get(model, error)) from error
        except (ValueError, KeyError, RuntimeError) as error:
            raise ModelLoadError(
                f"summarization model {model!r} failed to load: {error}"
            ) from error
        network.to(device)
        network.eval()
        logger.info("loaded summarization model %s on %s", model, device)
        return cls(tokenizer, network, device=device)

    def summarize(self, text: str, *, n: int, max_new_tokens: int = 142) -> list[str]:
        """Generate a summary of `text` and return at most `n` of its sentences."""
        if not text.strip() or n <= 0:
            return []
        import torch

        positions = getattr(self._model.config, "max_position_embeddings", None) or 1024
        limit = min(getattr(self._tokenizer, "model_max_length", positions) or positions, positions)
        inputs = self._tokenizer(text, return_tensors="pt", truncation=True, max_length=limit)
        inputs = {key: value.to(self._device) for key, value in inputs.items()}
        # The decoder cannot go past its position table either.
        new_tokens = max(1, min(max_new_tokens, positions - 2))
        try:
            with torch.inference_mode():
                output = self._model.generate(**inputs, max_new_tokens=new_tokens, num_beams=4)
        except (RuntimeError, IndexError) as error:
            raise TranslationError(f"summary generation failed: {error}") from error
        summary = self._tokenizer.decode(output[0], skip_special_tokens=True)
        return split_sentences(summary, limit=n)


def _looks_like_path(model: str) -> bool:
    """A folder name rather than a hub id ("org/name"), so a missing one never goes online."""
    return model.startswith((".", "/", "~", "\\")) or Path(model).is_absolute()


def _how_to_get(model: str, error: OSError) -> str:
    """The ModelNotFoundError detail: what is missing and the three ways out."""
    return (
        f"summarization model {model!r} is not available ({error}). Download it while online "
        f"(e.g. `huggingface-cli download {model}`), point WIREDESK_SUMMARIZER_MODEL at a local "
        "folder, or use WIREDESK_SUMMARIZER=extractive, which needs no weights."
    )


def make_summarizer(
    kind: Literal["extractive", "abstractive"],
    *,
    model: str | None = None,
    device: str = "cpu",
    local_files_only: bool = False,
) -> SummarizeFn:
    """A `(sentences, n) -> summary` function of the configured kind (loading weights once)."""
    if kind == "extractive":
        return lambda sentences, n: summarize(sentences, n=n)
    if kind != "abstractive":
        raise InputError(f"unknown summarizer kind {kind!r}; use 'extractive' or 'abstractive'")
    if not model:
        raise ModelNotFoundError(
            "the abstractive summarizer needs a model: set WIREDESK_SUMMARIZER_MODEL to a hub id "
            "or folder, or use WIREDESK_SUMMARIZER=extractive"
        )
    summarizer = AbstractiveSummarizer.load(model, device=device, local_files_only=local_files_only)

    def abstractive(sentences: Sequence[SentencePair], n: int) -> list[str]:
        """Summarize the article's English body text (headings left out)."""
        text = " ".join(pair.target.strip() for pair in sentences if not pair.heading)
        return summarizer.summarize(text, n=n)

    return abstractive
