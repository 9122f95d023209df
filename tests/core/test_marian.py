"""Tests for wiredesk.translate.marian: the MarianMT backend, run on the tiny random model.

The tiny model's output is meaningless, so these tests check what does not depend on meaning:
one output per input in input order, blanks, the output length cap, truncation, and errors.
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import huggingface_hub
import pytest
import torch
from huggingface_hub import constants as hub_constants
from huggingface_hub.errors import LocalEntryNotFoundError

from wiredesk.config import MODEL_ENV_PREFIX, PROJECT_ROOT, Settings
from wiredesk.errors import InputError, ModelLoadError, ModelNotFoundError
from wiredesk.registry import resolve_model
from wiredesk.tiny import TINY_FOLDER, TINY_LABEL, ensure_tiny_model
from wiredesk.translate.base import Translator
from wiredesk.translate.marian import (
    MarianTranslator,
    clear_translators,
    get_translator,
    output_token_cap,
    translate_in_batches,
)

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


def seed_sentences(index: int) -> list[str]:
    """A seed article split into rough sentences (segmentation proper is another module's job)."""
    text = SEEDS[index].read_text(encoding="utf-8")
    return [part for part in re.split(r"(?<=[.!?])\s+|\n", text) if part]


@pytest.fixture(autouse=True)
def _isolated_model_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No WIREDESK_MODEL_* from the developer's shell, and an empty Hugging Face cache."""
    for key in list(os.environ):
        if key.startswith(MODEL_ENV_PREFIX):
            monkeypatch.delenv(key)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding the tiny model, built once per test session."""
    folder = tmp_path_factory.mktemp("models")
    ensure_tiny_model(Settings(models_dir=folder, glossary_dir=folder / "no-glossary"))
    return folder


@pytest.fixture
def make_settings(models_dir: Path) -> Callable[..., Settings]:
    """Settings pointing at the session's models folder, hub off, with per-test overrides."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "models_dir": models_dir,
            "models": {},
            "hub_offline": True,
            "beams": 1,
            # One torch thread: with two on a busy 2-core box, OpenMP spin-waits make
            # generation 20x slower; the tiny model gains nothing from more threads.
            "threads": 1,
        }
        return Settings(**{**values, **overrides})

    return make


@pytest.fixture(scope="session")
def translator(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> MarianTranslator:
    """The tiny model loaded once, greedy and with small batches (several per call).

    Greedy search and a 1x output cap keep these tests fast: the random model never stops early,
    and transformers' beam search costs ~10x more per step on CPU.
    """
    settings = Settings(
        models_dir=models_dir,
        models={},
        hub_offline=True,
        batch_size=3,
        beams=1,
        max_length_ratio=1.0,
        max_length_extra=4,
        threads=1,
    )
    return MarianTranslator.load(
        resolve_model("de", settings=settings, override="tiny"), settings=settings
    )


def load_tiny(settings: Settings) -> MarianTranslator:
    """A fresh tiny translator with `settings` (cheap: the weights are a few hundred KB)."""
    return MarianTranslator.load(
        resolve_model("de", settings=settings, override="tiny"), settings=settings
    )


class GenerateSpy:
    """Records the inputs and outputs of every model.generate call, to count generated tokens."""

    def __init__(self, model: torch.nn.Module) -> None:
        self.original = model.generate
        self.calls: list[tuple[torch.Tensor, torch.Tensor]] = []
        self.inputs: list[torch.Tensor] = []

    def __call__(self, **kwargs: object) -> torch.Tensor:
        output = self.original(**kwargs)
        self.calls.append((kwargs["attention_mask"], output))
        self.inputs.append(kwargs["input_ids"])
        return output


@pytest.fixture
def spy_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[MarianTranslator], GenerateSpy]]:
    """Wrap a translator's model.generate with a GenerateSpy for the length of one test."""

    def install(translator: MarianTranslator) -> GenerateSpy:
        spy = GenerateSpy(translator._model)
        monkeypatch.setattr(translator._model, "generate", spy)
        return spy

    yield install


# --- the loaded model -----------------------------------------------------------------------


def test_tiny_translator_is_labelled_meaningless(translator: MarianTranslator) -> None:
    assert isinstance(translator, Translator)
    assert translator.name == TINY_LABEL == "tiny-de-en (random weights: output is meaningless)"
    assert translator.meaningless is True


def test_tiny_folder_given_as_a_path_is_still_labelled(
    make_settings: Callable[..., Settings], models_dir: Path
) -> None:
    settings = make_settings()
    spec = resolve_model("de", settings=settings, override=str(models_dir / TINY_FOLDER))
    loaded = MarianTranslator.load(spec, settings=settings)
    assert loaded.meaningless and loaded.name == TINY_LABEL


def test_threads_are_bounded_by_the_machine(make_settings: Callable[..., Settings]) -> None:
    previous = torch.get_num_threads()
    try:
        load_tiny(make_settings(threads=512))
        assert torch.get_num_threads() <= (os.cpu_count() or 1)
    finally:
        torch.set_num_threads(previous)


# --- translating ----------------------------------------------------------------------------


def test_seed_article_gives_one_string_per_sentence_and_blanks_stay_blank(
    translator: MarianTranslator,
) -> None:
    sentences = seed_sentences(1)  # the one with subscription boilerplate and a lone "+"
    sentences[3:3] = ["", "   ", "\n\t"]
    outputs = translator.translate(sentences)
    assert len(outputs) == len(sentences)
    assert all(isinstance(output, str) for output in outputs)
    assert outputs[3:6] == ["", "", ""]
    assert all(
        output for sentence, output in zip(sentences, outputs, strict=True) if sentence.strip()
    )


def test_empty_input_gives_empty_output(translator: MarianTranslator) -> None:
    assert translator.translate([]) == []


def test_blank_sentences_never_reach_the_model(
    translator: MarianTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> torch.Tensor:
        raise AssertionError("the model ran for blank input")

    monkeypatch.setattr(translator._model, "generate", refuse)
    assert translator.translate(["", "  ", "\u3000\n"]) == ["", "", ""]


def test_order_is_restored_whatever_order_lengths_come_in(translator: MarianTranslator) -> None:
    sentences = sorted(set(seed_sentences(0)), key=len)[:9]
    outputs = dict(zip(sentences, translator.translate(sentences), strict=True))
    assert len(set(outputs.values())) > 1  # else a mix-up could not be seen
    shuffled = sentences[:]
    random.Random(7).shuffle(shuffled)
    assert translator.translate(shuffled) == [outputs[sentence] for sentence in shuffled]


def test_beam_search_width_is_validated(translator: MarianTranslator) -> None:
    assert len(translator.translate(["Hallo Welt.", "Kursk"], beams=4)) == 2
    for beams in (0, 17):
        with pytest.raises(InputError, match="beams"):
            translator.translate(["Hallo Welt."], beams=beams)


def test_output_length_is_capped_relative_to_the_input(
    make_settings: Callable[..., Settings], spy_on: Callable[[MarianTranslator], GenerateSpy]
) -> None:
    settings = make_settings(max_length_ratio=0.5, max_length_extra=1, batch_size=2, beams=3)
    capped = load_tiny(settings)
    spy = spy_on(capped)
    sentences = seed_sentences(2)
    capped.translate(sentences)
    assert len(spy.calls) == math.ceil(len(sentences) / 2)
    caps_reached = 0
    for attention_mask, output in spy.calls:
        longest_source = int(attention_mask.sum(dim=1).max())
        cap = math.ceil(0.5 * longest_source) + 1
        generated = output.shape[1] - 1  # the first column is the decoder start token
        assert generated <= cap
        caps_reached += generated == cap
    assert caps_reached  # the random model rambles on, so the cap is what stopped it


def test_a_lower_cap_gives_shorter_translations(make_settings: Callable[..., Settings]) -> None:
    sentences = seed_sentences(3)
    short = load_tiny(make_settings(max_length_ratio=0.2, max_length_extra=0))
    long = load_tiny(make_settings(max_length_ratio=2.0, max_length_extra=10))
    short_chars = sum(map(len, short.translate(sentences, beams=1)))
    long_chars = sum(map(len, long.translate(sentences, beams=1)))
    assert short_chars * 3 < long_chars


def test_a_megabyte_sentence_is_truncated_quickly(
    make_settings: Callable[..., Settings], spy_on: Callable[[MarianTranslator], GenerateSpy]
) -> None:
    settings = make_settings(max_sentence_tokens=16, max_length_ratio=1.0, max_length_extra=2)
    bounded = load_tiny(settings)
    spy = spy_on(bounded)
    started = time.monotonic()
    outputs = bounded.translate(["Soldaten " * 110_000, "Kurz."])
    assert time.monotonic() - started < 10
    assert len(outputs) == 2
    source_lengths = [int(mask.sum(dim=1).max()) for mask, _ in spy.calls]
    assert max(source_lengths) == 16
    assert all(output.shape[1] - 1 <= 16 + 2 for _, output in spy.calls)


def test_special_token_text_in_an_article_is_just_text(
    translator: MarianTranslator, spy_on: Callable[[MarianTranslator], GenerateSpy]
) -> None:
    spy = spy_on(translator)
    translator.translate(["Der Code </s> <pad> <unk> steht im Artikel."])
    (input_ids,) = spy.inputs
    ids = input_ids[0].tolist()
    tokenizer = translator._tokenizer
    assert ids.count(tokenizer.eos_token_id) == 1 and ids[-1] == tokenizer.eos_token_id
    assert tokenizer.pad_token_id not in ids


# --- the batching shared by backends --------------------------------------------------------


def test_batches_respect_limits_and_output_follows_input(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(
        batch_size=4, batch_tokens=64, max_length_ratio=1.5, max_length_extra=3
    )
    rng = random.Random(3)
    sentences = [" ".join(f"w{i}" for i in range(rng.randint(1, 40))) for _ in range(30)]
    sentences[5] = " "
    batches: list[tuple[int, int]] = []

    def generate(batch: list[list[str]], beams: int, max_new_tokens: int) -> list[str]:
        longest = max(map(len, batch))
        # 64 padded tokens x beams: at beam 3, 21 source tokens per batch
        assert len(batch) <= 4 and (len(batch) == 1 or len(batch) * longest <= 64 // 3)
        assert max_new_tokens == output_token_cap(longest, settings=settings)
        assert beams == 3
        batches.append((len(batch), longest))
        return [f"{len(tokens)} tokens" for tokens in batch]

    outputs = translate_in_batches(
        sentences, encode=str.split, generate=generate, settings=settings, beams=3
    )
    assert outputs == [f"{len(s.split())} tokens" if s.strip() else "" for s in sentences]
    assert sum(size for size, _ in batches) == 29
    assert output_token_cap(10, settings=settings) == math.ceil(1.5 * 10) + 3


# --- errors ---------------------------------------------------------------------------------


def test_missing_weights_offline_say_how_to_get_them(tmp_path: Path) -> None:
    settings = Settings(models_dir=tmp_path, models={}, hub_offline=True)
    with pytest.raises(ModelNotFoundError) as caught:
        MarianTranslator.load(resolve_model("de", settings=settings), settings=settings)
    detail = caught.value.detail
    assert detail.startswith("Model weights for 'de' (Helsinki-NLP/opus-mt-de-en) are not in ")
    assert "`wiredesk models pull de`" in detail and "WIREDESK_MODEL_DE" in detail
    assert "\n" not in detail and "Traceback" not in detail


def test_unreachable_hub_for_a_bogus_id_says_how_to_get_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_: object, **__: object) -> str:
        raise LocalEntryNotFoundError("Got: ConnectError: [Errno -2] Name or service not known")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", unreachable)
    settings = Settings(models_dir=tmp_path, models={}, hub_offline=False)
    spec = resolve_model("de", settings=settings, override="nobody/no-such-model-de-en")
    with pytest.raises(ModelNotFoundError) as caught:
        get_translator(spec, settings)
    assert "(nobody/no-such-model-de-en)" in caught.value.detail
    assert "`wiredesk models pull de`" in caught.value.detail
    assert "WIREDESK_MODEL_DE" in caught.value.detail


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("model.safetensors", b"\x00garbage, not safetensors"),
        ("config.json", b"{ not json"),
        ("source.spm", b"not a sentencepiece model"),
        ("vocab.json", b'{"</s>": 0}'),  # no <unk>
    ],
)
def test_corrupt_model_folder_is_a_load_error(
    make_settings: Callable[..., Settings],
    models_dir: Path,
    tmp_path: Path,
    file: str,
    content: bytes,
) -> None:
    broken = shutil.copytree(models_dir / TINY_FOLDER, tmp_path / "broken")
    (broken / file).write_bytes(content)
    settings = make_settings()
    spec = resolve_model("de", settings=settings, override=str(broken))
    with pytest.raises(ModelLoadError) as caught:
        MarianTranslator.load(spec, settings=settings)
    assert str(broken) in caught.value.detail
    assert "\n" not in caught.value.detail


def test_unusable_device_is_a_load_error(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ModelLoadError, match="WIREDESK_DEVICE"):
        load_tiny(make_settings(device="no-such-device"))


# --- the per-process cache ------------------------------------------------------------------


def test_get_translator_loads_each_model_once(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    clear_translators()
    try:
        first = get_translator(resolve_model("de", settings=settings, override="tiny"), settings)
        again = get_translator(resolve_model("fr", settings=settings, override="tiny"), settings)
        assert first is again
        clear_translators()
        fresh = get_translator(resolve_model("de", settings=settings, override="tiny"), settings)
        assert fresh is not first
    finally:
        clear_translators()


def test_fallback_to_tiny_is_opt_in_and_loud(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    from wiredesk.pipeline import Pipeline

    with pytest.raises(ModelNotFoundError):
        Pipeline(make_settings(model_fallback="none")).translator_for("de")
    try:
        fallback = Pipeline(make_settings(model_fallback="tiny")).translator_for("de")
    finally:
        clear_translators()
    assert fallback.meaningless and fallback.name == TINY_LABEL
    assert "MEANINGLESS" in caplog.text and "wiredesk models pull de" in caplog.text
