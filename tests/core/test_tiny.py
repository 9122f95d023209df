"""Tests for wiredesk.tiny: the offline, deterministic, meaningless-output test model."""

from __future__ import annotations

import hashlib
import json
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from transformers import MarianMTModel, MarianTokenizer

from wiredesk.config import PROJECT_ROOT, Settings
from wiredesk.errors import ModelLoadError
from wiredesk.registry import pull_model
from wiredesk.tiny import (
    TINY_FILES,
    TINY_FOLDER,
    TINY_MARKER,
    build_tiny_model,
    ensure_tiny_model,
    tiny_model_ready,
)

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny model built from the seed articles, shared by every test in this file."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / TINY_FOLDER, corpus_paths=SEEDS)


@pytest.fixture(scope="session")
def tokenizer(tiny_dir: Path) -> MarianTokenizer:
    """The tiny model's tokenizer, loaded the way the translator loads it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        return MarianTokenizer.from_pretrained(str(tiny_dir), local_files_only=True)


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file a build writes, to compare two builds byte for byte."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in TINY_FILES}


def unknown_ids(tokenizer: MarianTokenizer, text: str) -> int:
    """How many <unk> ids `text` encodes to; names must not be lost to <unk>."""
    return tokenizer(text)["input_ids"].count(tokenizer.unk_token_id)


def test_build_writes_every_file_and_the_meaningless_marker(tiny_dir: Path) -> None:
    assert tiny_model_ready(tiny_dir)
    marker = (tiny_dir / TINY_MARKER).read_text()
    assert "random weights: output is meaningless; for tests and CI only" in marker
    assert all(seed.name in marker for seed in SEEDS)


def test_same_corpus_and_seed_give_identical_files(tiny_dir: Path, tmp_path: Path) -> None:
    again = build_tiny_model(tmp_path / TINY_FOLDER, corpus_paths=SEEDS)
    assert digests(again) == digests(tiny_dir)


def test_another_seed_changes_the_weights_but_not_the_vocabulary(
    tiny_dir: Path, tmp_path: Path
) -> None:
    other = digests(build_tiny_model(tmp_path / TINY_FOLDER, corpus_paths=SEEDS, seed=1))
    base = digests(tiny_dir)
    assert other["model.safetensors"] != base["model.safetensors"]
    assert other["vocab.json"] == base["vocab.json"]


def test_rebuild_is_skipped_unless_forced(tmp_path: Path) -> None:
    out = build_tiny_model(tmp_path / TINY_FOLDER, corpus_paths=SEEDS[:1])
    weights = out / "model.safetensors"
    first = weights.stat().st_ino
    assert build_tiny_model(out, corpus_paths=SEEDS[:1]) == out
    assert weights.stat().st_ino == first
    build_tiny_model(out, corpus_paths=SEEDS[:1], force=True)
    assert weights.stat().st_ino != first
    assert tiny_model_ready(out)


def test_half_written_folder_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / TINY_FOLDER
    out.mkdir()
    (out / "config.json").write_text("{")  # an interrupted copy, not a model
    build_tiny_model(out, corpus_paths=SEEDS[:1])
    assert tiny_model_ready(out)
    assert json.loads((out / "config.json").read_text())["model_type"] == "marian"


def test_concurrent_builders_never_expose_half_a_model(tmp_path: Path) -> None:
    out = tmp_path / TINY_FOLDER
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: build_tiny_model(out, corpus_paths=SEEDS[:2]), range(3)))
    assert results == [out] * 3
    assert tiny_model_ready(out)
    assert sorted(path.name for path in tmp_path.iterdir()) == [TINY_FOLDER]  # no leftovers


def test_loads_with_marian_classes_and_consistent_special_ids(
    tiny_dir: Path, tokenizer: MarianTokenizer
) -> None:
    model = MarianMTModel.from_pretrained(str(tiny_dir), local_files_only=True)
    vocab = json.loads((tiny_dir / "vocab.json").read_text())
    config = model.config
    assert config.vocab_size == len(vocab) == len(tokenizer)
    assert tokenizer.pad_token_id == config.pad_token_id == config.decoder_start_token_id
    assert vocab["<pad>"] == len(vocab) - 1  # OPUS-MT layout: pad last, </s> first
    assert tokenizer.eos_token_id == config.eos_token_id == vocab["</s>"] == 0
    assert model.generation_config.bad_words_ids == [[config.pad_token_id]]
    assert sum(p.numel() for p in model.parameters()) < 1_000_000


@pytest.mark.parametrize(
    "text",
    [
        "Choe Son Hui",
        "Pjöngjang",
        "Kursk",
        "Yoon Suk Yeol",
        "Nordkoreas „relativ klein“ – 10.000 Soldaten",
        "ÄRZTE, Öl, Übermaß: größere Straßen",
    ],
)
def test_seed_names_and_german_letters_tokenise_without_unk(
    tokenizer: MarianTokenizer, text: str
) -> None:
    assert unknown_ids(tokenizer, text) == 0


def test_glossary_terms_join_the_vocabulary(tmp_path: Path) -> None:
    glossary = tmp_path / "de-en.tsv"
    glossary.write_text("# source\ttarget\nÆrøskøbing\tAeroskobing\nŁódź\tLodz\n")
    with_glossary = build_tiny_model(tmp_path / "with", corpus_paths=[*SEEDS[:1], glossary])
    without = build_tiny_model(tmp_path / "without", corpus_paths=SEEDS[:1])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        tok_with = MarianTokenizer.from_pretrained(str(with_glossary))
        tok_without = MarianTokenizer.from_pretrained(str(without))
    assert unknown_ids(tok_with, "Ærøskøbing und Łódź") == 0
    assert unknown_ids(tok_without, "Ærøskøbing und Łódź") > 0


def test_builds_from_built_in_sentences_when_no_corpus_is_shipped(tmp_path: Path) -> None:
    assert tiny_model_ready(build_tiny_model(tmp_path / TINY_FOLDER, corpus_paths=[]))


def test_missing_corpus_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="tiny model"):
        build_tiny_model(tmp_path / TINY_FOLDER, corpus_paths=[tmp_path / "missing.txt"])
    assert not (tmp_path / TINY_FOLDER).exists()


def test_ensure_builds_once_into_models_dir(tmp_path: Path) -> None:
    settings = Settings(models_dir=tmp_path / "models", glossary_dir=tmp_path / "no-glossary")
    folder = ensure_tiny_model(settings)
    assert folder == settings.models_dir / TINY_FOLDER and tiny_model_ready(folder)
    inode = (folder / "model.safetensors").stat().st_ino
    assert ensure_tiny_model(settings) == folder
    assert (folder / "model.safetensors").stat().st_ino == inode
    # `wiredesk models pull de --model tiny` gives the same folder without a download.
    assert pull_model("de", settings=settings, override="tiny") == folder
