"""The transformers backend: MarianMT (OPUS-MT) models run with torch.

Batching, blank-skipping and order restoring live in `translate_in_batches`, and the model is
called only in `MarianTranslator._generate`, so a CTranslate2 backend is one new class that
supplies its own `_encode` and `_generate`.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wiredesk.errors import InputError, ModelLoadError, TranslationError
from wiredesk.registry import ModelSpec, weights_folder
from wiredesk.tiny import TINY_LABEL, is_tiny_model
from wiredesk.translate.base import length_batches, tokens_per_batch

if TYPE_CHECKING:
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from wiredesk.config import Settings

logger = logging.getLogger(__name__)

MAX_BEAMS = 16
# A SentencePiece piece is at most 16 characters, so cutting the raw text at 32 characters per
# allowed token loses nothing truncation would keep, and bounds tokenizer time on huge inputs.
CHARS_PER_TOKEN_BOUND = 32

Encoded = TypeVar("Encoded")


def output_token_cap(source_tokens: int, *, settings: Settings) -> int:
    """Most tokens to generate for a source of `source_tokens`: ratio x source + a constant."""
    return math.ceil(settings.max_length_ratio * source_tokens) + settings.max_length_extra


def translate_in_batches(
    sentences: Sequence[str],
    *,
    encode: Callable[[str], Sequence[Encoded]],
    generate: Callable[[list[Sequence[Encoded]], int, int], list[str]],
    settings: Settings,
    beams: int,
    max_new_tokens_limit: int | None = None,
) -> list[str]:
    """Translate `sentences` in length-sorted batches with any backend; output is in input order.

    `encode` turns one sentence into source tokens; `generate(batch, beams, max_new_tokens)`
    translates a batch. Blank sentences give "" without reaching the backend.
    """
    results = [""] * len(sentences)
    live = [index for index, sentence in enumerate(sentences) if sentence.strip()]
    encoded = [encode(sentences[index]) for index in live]
    texts = [sentences[index] for index in live]
    sizes = {text: len(tokens) for text, tokens in zip(texts, encoded, strict=True)}
    for batch in length_batches(
        texts,
        size_of=sizes.__getitem__,
        max_items=settings.batch_size,
        max_tokens=tokens_per_batch(settings.batch_tokens, beams=beams),
    ):
        longest = max(len(encoded[position]) for position in batch)
        cap = output_token_cap(longest, settings=settings)
        if max_new_tokens_limit is not None:
            cap = min(cap, max_new_tokens_limit)
        outputs = generate([encoded[position] for position in batch], beams, cap)
        for position, output in zip(batch, outputs, strict=True):
            results[live[position]] = output
    return results


class MarianTranslator:
    """A loaded MarianMT model and tokenizer that translate sentences into English."""

    name: str
    meaningless: bool

    def __init__(
        self,
        *,
        tokenizer: MarianTokenizer,
        model: MarianMTModel,
        name: str,
        meaningless: bool,
        settings: Settings,
    ) -> None:
        self.name = name
        self.meaningless = meaningless
        self._tokenizer = tokenizer
        self._model = model
        self._settings = settings
        self._device = next(model.parameters()).device
        positions = int(model.config.max_position_embeddings)
        # Sinusoidal positions stop at max_position_embeddings: longer inputs or outputs crash.
        self._max_source_tokens = min(settings.max_sentence_tokens, positions)
        self._max_new_tokens = positions - 1

    @classmethod
    def load(cls, spec: ModelSpec, *, settings: Settings) -> MarianTranslator:
        """Find or fetch `spec`'s weights and load them; ModelNotFoundError says how to get them."""
        return cls.from_folder(
            weights_folder(spec, settings=settings), spec=spec, settings=settings
        )

    @classmethod
    def from_folder(cls, folder: Path, *, spec: ModelSpec, settings: Settings) -> MarianTranslator:
        """Load tokenizer and model from a local folder only (never the network) in eval mode."""
        import torch

        device = _torch_device(settings.device)
        if device.type == "cpu":
            torch.set_num_threads(max(1, min(settings.threads, os.cpu_count() or 1)))
        tokenizer, model = _load_pretrained(folder)
        try:
            model = model.to(device).eval()
        except (RuntimeError, AssertionError) as exc:
            raise ModelLoadError(
                f"Cannot move the model to device {settings.device!r}: {exc}"
            ) from exc
        tiny = spec.tiny or is_tiny_model(folder)
        name = TINY_LABEL if tiny else Path(spec.model_id).name if spec.local else spec.model_id
        logger.info("Loaded translation model %s from %s on %s", name, folder, device)
        return cls(tokenizer=tokenizer, model=model, name=name, meaningless=tiny, settings=settings)

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        """One English string per input sentence, in order; blank sentences give ""."""
        beams = self._settings.beams if beams is None else beams
        if not 1 <= beams <= MAX_BEAMS:
            raise InputError(f"beams must be between 1 and {MAX_BEAMS}, not {beams}.")
        return translate_in_batches(
            sentences,
            encode=self._encode,
            generate=self._generate,
            settings=self._settings,
            beams=beams,
            max_new_tokens_limit=self._max_new_tokens,
        )

    def _encode(self, sentence: str) -> list[int]:
        """Source token ids ending in </s>, truncated to the configured sentence length."""
        limit = self._max_source_tokens
        text = sentence.strip()[: limit * CHARS_PER_TOKEN_BOUND]
        # split_special_tokens: a literal "</s>" or "<pad>" in an article is text, not a control.
        pieces = self._tokenizer.tokenize(text, split_special_tokens=True)
        ids = self._tokenizer.convert_tokens_to_ids(pieces)
        if len(ids) >= limit:
            logger.warning("Truncated a %d-token sentence to %d tokens", len(ids) + 1, limit)
            ids = ids[: limit - 1]
        return [*ids, self._tokenizer.eos_token_id]

    def _generate(self, batch: list[Sequence[int]], beams: int, max_new_tokens: int) -> list[str]:
        """The one place the model runs: pad a batch, beam-search it, decode the output."""
        import torch

        pad_id = self._tokenizer.pad_token_id
        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
        attention_mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention_mask[row, : len(ids)] = 1
        try:
            with torch.inference_mode():
                output = self._model.generate(
                    input_ids=input_ids.to(self._device),
                    attention_mask=attention_mask.to(self._device),
                    num_beams=beams,
                    do_sample=False,
                    max_new_tokens=max_new_tokens,
                    max_length=None,  # Else the checkpoint's max_length warns on every batch.
                )
        except RuntimeError as exc:
            raise TranslationError(f"{self.name} failed to translate a batch: {exc}") from exc
        return self._tokenizer.batch_decode(output, skip_special_tokens=True)


_TRANSLATORS: dict[tuple[str, str], MarianTranslator] = {}
_TRANSLATORS_LOCK = threading.Lock()


def get_translator(spec: ModelSpec, settings: Settings) -> MarianTranslator:
    """A process-wide MarianTranslator per (weights folder, device), loaded on first use.

    Workers call this after fork, so each process loads each model once and reuses it.
    """
    folder = weights_folder(spec, settings=settings)
    key = (str(folder.resolve()), settings.device)
    with _TRANSLATORS_LOCK:
        translator = _TRANSLATORS.get(key)
        if translator is None:
            translator = MarianTranslator.from_folder(folder, spec=spec, settings=settings)
            _TRANSLATORS[key] = translator
        return translator


def clear_translators() -> None:
    """Forget every cached translator, so their memory can be freed (tests, reloads)."""
    with _TRANSLATORS_LOCK:
        _TRANSLATORS.clear()


def _torch_device(name: str) -> torch.device:
    """`name` as a usable torch device, or ModelLoadError saying why it is not."""
    import torch

    try:
        device = torch.device(name)
    except (RuntimeError, ValueError) as exc:
        raise ModelLoadError(f"WIREDESK_DEVICE={name!r} is not a torch device: {exc}") from exc
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError(f"WIREDESK_DEVICE={name!r} but no CUDA GPU is available; use cpu.")
    return device


def _load_pretrained(folder: Path) -> tuple[MarianTokenizer, MarianMTModel]:
    """Tokenizer and model from `folder`, local files only; broken files give ModelLoadError."""
    from safetensors import SafetensorError
    from transformers import MarianMTModel, MarianTokenizer

    try:
        with warnings.catch_warnings():
            # Punctuation normalisation is optional; without sacremoses it is skipped quietly.
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            tokenizer = MarianTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = MarianMTModel.from_pretrained(str(folder), local_files_only=True)
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        RuntimeError,
        AssertionError,
        SafetensorError,
    ) as exc:
        detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(f"Cannot load the translation model in {folder}: {detail}") from exc
    return tokenizer, model
