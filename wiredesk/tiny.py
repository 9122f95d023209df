"""Build the tiny German→English Marian model used by tests, CI and offline demos.

Real OPUS-MT weights are ~300 MB and need the internet; this model is built offline in seconds
from the seed articles (and glossary, so names tokenise) with random weights. It exercises the
whole transformers code path, but its output is meaningless, and everything that shows it says so.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wiredesk.config import PROJECT_ROOT
from wiredesk.errors import ModelLoadError

if TYPE_CHECKING:
    from wiredesk.config import Settings

logger = logging.getLogger(__name__)

TINY_FOLDER = "tiny-de-en"
TINY_MARKER = "WIREDESK_TINY.txt"
TINY_LABEL = f"{TINY_FOLDER} (random weights: output is meaningless)"
TINY_FILES = (
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    TINY_MARKER,
)

# Marian's special tokens, in the order OPUS-MT vocabularies use: `</s>` first, `<pad>` last.
EOS_TOKEN, UNK_TOKEN, PAD_TOKEN = "</s>", "<unk>", "<pad>"
VOCAB_SIZE = 1000
MAX_CORPUS_BYTES = 4_000_000
# Always part of the training text, so a model can be built even where seeds/ is not shipped
# (an installed wheel), and the vocabulary covers every German letter and some English.
BUILTIN_CORPUS = (
    "Die Regierung hat am Montag neue Zahlen veröffentlicht.",
    "Nach Angaben des Ministeriums wurden etwa 10.000 Soldaten entsandt.",
    "Der Sprecher sagte, die Lage bleibe angespannt.",
    "Ärzte, Öl und Übungen: größere Maßnahmen für „die Bürger“ – laut Äußerungen vom 3. Mai.",
    "The government published new figures on Monday.",
    "According to the ministry, about 10,000 soldiers were deployed.",
    "The spokesman said the situation remained tense.",
)


def tiny_model_ready(folder: Path) -> bool:
    """Whether `folder` holds a complete tiny model (every file a build writes, marker last)."""
    return all((folder / name).is_file() for name in TINY_FILES)


def is_tiny_model(folder: Path) -> bool:
    """Whether `folder` is a tiny model, so its output must be labelled meaningless."""
    return (folder / TINY_MARKER).is_file()


def tiny_corpus_paths(settings: Settings) -> list[Path]:
    """The files the tiny model's vocabulary is trained on: the seed articles and glossaries."""
    paths = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
    paths += sorted(settings.glossary_dir.glob("*.tsv")) if settings.glossary_dir.is_dir() else []
    if settings.glossary is not None and settings.glossary.is_file():
        paths.append(settings.glossary)
    return paths


def ensure_tiny_model(settings: Settings) -> Path:
    """The tiny model's folder under `settings.models_dir`, built there first if missing."""
    folder = settings.models_dir / TINY_FOLDER
    if tiny_model_ready(folder):
        return folder
    return build_tiny_model(folder, corpus_paths=tiny_corpus_paths(settings))


def build_tiny_model(
    out_dir: Path, *, corpus_paths: Sequence[Path], force: bool = False, seed: int = 0
) -> Path:
    """Build the tiny model into `out_dir` (skipped if already there unless `force`).

    The same corpus and seed give byte-identical files. The model is written to a temporary
    sibling folder and renamed into place, so concurrent builders never expose half a model.
    """
    out_dir = Path(out_dir)
    if tiny_model_ready(out_dir) and not force:
        return out_dir
    try:
        _build_atomically(out_dir, corpus_paths=corpus_paths, force=force, seed=seed)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelLoadError(f"Could not build the tiny model in {out_dir}: {exc}") from exc
    logger.info("Built the tiny test model (random weights) in %s", out_dir)
    return out_dir


def _build_atomically(
    out_dir: Path, *, corpus_paths: Sequence[Path], force: bool, seed: int
) -> None:
    """Write the model into a temporary sibling folder, then rename it to `out_dir`."""
    lines = list(_corpus_lines(corpus_paths))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    try:
        scratch.chmod(0o755)  # mkdtemp makes it private; the published model should be readable.
        _write_model(scratch, lines=lines, seed=seed, corpus_paths=corpus_paths)
        _publish(scratch, out_dir, force=force)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _corpus_lines(paths: Sequence[Path]) -> Iterator[str]:
    """Non-empty training lines: built-in sentences, then each file's lines (TSV cells split)."""
    yield from BUILTIN_CORPUS
    for path in paths:
        text = _read_bounded(Path(path))
        for line in text.splitlines():
            for cell in line.split("\t"):
                if cell.strip() and not cell.lstrip().startswith("#"):
                    yield cell.strip()


def _read_bounded(path: Path) -> str:
    """A corpus file's text, at most `MAX_CORPUS_BYTES`, so a huge file cannot stall a build."""
    with path.open("rb") as handle:
        return handle.read(MAX_CORPUS_BYTES).decode("utf-8", errors="replace")


def _write_model(
    folder: Path, *, lines: list[str], seed: int, corpus_paths: Sequence[Path]
) -> None:
    """Write the tokenizer, the random-weight model and the marker into `folder`."""
    spm_bytes = _train_sentencepiece(lines, seed=seed)
    (folder / "source.spm").write_bytes(spm_bytes)
    (folder / "target.spm").write_bytes(spm_bytes)
    vocab = _marian_vocab(spm_bytes)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), "utf-8")
    _save_tokenizer(folder)
    _save_random_model(folder, vocab=vocab, seed=seed)
    # The marker goes last: `tiny_model_ready` treats a folder without it as unfinished.
    (folder / TINY_MARKER).write_text(_marker_text(corpus_paths, lines, seed, len(vocab)), "utf-8")


def _train_sentencepiece(lines: list[str], *, seed: int) -> bytes:
    """A small unigram SentencePiece model trained in memory; one thread, so it is repeatable."""
    import sentencepiece as spm

    spm.set_random_generator_seed(seed)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        model_type="unigram",
        vocab_size=VOCAB_SIZE,
        hard_vocab_limit=False,
        character_coverage=1.0,
        num_threads=1,
        max_sentence_length=1 << 16,
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        minloglevel=2,
    )
    return buffer.getvalue()


def _marian_vocab(spm_bytes: bytes) -> dict[str, int]:
    """vocab.json as OPUS-MT lays it out: `</s>`=0, `<unk>`=1, the pieces, then `<pad>` last."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=spm_bytes)
    vocab = {EOS_TOKEN: 0, UNK_TOKEN: 1}
    for index in range(processor.get_piece_size()):
        if processor.is_unknown(index) or processor.is_control(index):
            continue
        vocab.setdefault(processor.id_to_piece(index), len(vocab))
    vocab[PAD_TOKEN] = len(vocab)
    return vocab


def _save_tokenizer(folder: Path) -> None:
    """Write tokenizer_config.json by saving a MarianTokenizer over the files in `folder`."""
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # Punctuation normalisation (sacremoses) is optional and irrelevant to saving files.
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        tokenizer = MarianTokenizer(
            source_spm=str(folder / "source.spm"),
            target_spm=str(folder / "target.spm"),
            vocab=str(folder / "vocab.json"),
            source_lang="de",
            target_lang="en",
        )
    tokenizer.save_pretrained(str(folder))


def _save_random_model(folder: Path, *, vocab: dict[str, int], seed: int) -> None:
    """Save a MarianMTModel with a tiny config and seeded random weights into `folder`."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    pad_id, eos_id = vocab[PAD_TOKEN], vocab[EOS_TOKEN]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=512,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        scale_embedding=True,
        # Larger than the usual 0.02 so different inputs give visibly different (still
        # meaningless) outputs; with tiny weights every sentence decodes to the same string.
        init_std=0.5,
    )
    # fork_rng keeps the caller's global torch RNG untouched by our seeding.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = MarianMTModel(config)
    # As in OPUS-MT's generation config: never generate <pad>, which doubles as the start token.
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
        forced_eos_token_id=eos_id,
        bad_words_ids=[[pad_id]],
        max_length=512,
    )
    model.save_pretrained(str(folder))
    for path in folder.iterdir():
        path.chmod(0o644)  # safetensors writes owner-only files; workers may run as another user.


def _marker_text(corpus_paths: Sequence[Path], lines: list[str], seed: int, vocab_size: int) -> str:
    """The marker/README that labels the folder as the meaningless test model."""
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    sources = ", ".join(Path(path).name for path in corpus_paths) or "(built-in sentences only)"
    return (
        f"Wiredesk tiny test model ({TINY_FOLDER})\n\n"
        "random weights: output is meaningless; for tests and CI only.\n\n"
        "Built offline by wiredesk.tiny.build_tiny_model (python models/build_tiny.py).\n"
        f"Vocabulary: {vocab_size} SentencePiece pieces trained on: {sources}\n"
        f"Corpus sha256: {digest}\nSeed: {seed}\n"
    )


def _publish(scratch: Path, out_dir: Path, *, force: bool) -> None:
    """Rename the finished `scratch` folder to `out_dir`, unless a concurrent builder won."""
    if not force and tiny_model_ready(out_dir):
        logger.debug("Another process finished the tiny model in %s first", out_dir)
        return
    retired: Path | None = None
    if out_dir.exists():  # forced, or a half-written folder from an interrupted copy
        retired = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex}")
        try:
            out_dir.rename(retired)
        except FileNotFoundError:
            retired = None  # Another builder moved it first; ours still goes in below.
    try:
        os.rename(scratch, out_dir)
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not tiny_model_ready(out_dir):
            raise
        logger.debug("Another process finished the tiny model in %s first", out_dir)
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
