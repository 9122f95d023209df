"""The CTranslate2 backend: a MarianMT model converted to CTranslate2 (int8 by default).

Same `Translator` interface as the transformers backend, about 3-5x faster on CPU in a
fraction of the memory, and without torch in the process. A converted model is a folder
`<models_dir>/<model folder>-ct2-<compute type>` that also holds the tokenizer files, so it
loads on its own; `wiredesk models convert <lang>` writes it once (see `wiredesk.translate.loader`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiredesk.errors import InputError, ModelLoadError, TranslationError
from wiredesk.registry import WEIGHT_FILES, ModelSpec
from wiredesk.tiny import TINY_LABEL, TINY_MARKER, is_tiny_model
from wiredesk.translate.base import length_batches, tokens_per_batch
from wiredesk.translate.marian import CHARS_PER_TOKEN_BOUND, MAX_BEAMS, output_token_cap

if TYPE_CHECKING:
    import ctranslate2
    from transformers import MarianTokenizer

    from wiredesk.config import Settings

logger = logging.getLogger(__name__)

CT2_MARKER = "WIREDESK_CT2.json"
# Tokenizer files copied next to the converted weights, so the folder loads on its own.
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "generation_config.json",
    TINY_MARKER,
)
QUANTIZATIONS = frozenset(
    {"int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16",
     "float32"}
)  # fmt: skip
DEFAULT_POSITIONS = 512


@dataclass(frozen=True)
class ConvertedModel:
    """What `convert_folder` recorded about a converted model (its `WIREDESK_CT2.json`)."""

    folder: Path
    source: str
    fingerprint: str
    compute_type: str
    positions: int
    tiny: bool


def converted_folder(spec: ModelSpec, *, settings: Settings) -> Path:
    """Where `spec`'s converted model lives: `<models_dir>/<model folder>-ct2-<compute type>`."""
    return settings.models_dir / f"{spec.folder.name}-ct2-{settings.compute_type}"


def read_converted(folder: Path) -> ConvertedModel | None:
    """The converted model in `folder`, or None when there is none (or half of one)."""
    try:
        data = json.loads((folder / CT2_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (folder / "model.bin").is_file() or not isinstance(data, dict):
        return None
    try:
        return ConvertedModel(
            folder=folder,
            source=str(data["source"]),
            fingerprint=str(data["fingerprint"]),
            compute_type=str(data["compute_type"]),
            positions=int(data.get("positions", DEFAULT_POSITIONS)),
            tiny=bool(data.get("tiny", False)),
        )
    except (KeyError, TypeError, ValueError):
        return None


def weights_fingerprint(folder: Path) -> str:
    """A cheap identity of a transformers checkpoint: config.json's hash and the weights' sizes.

    A converted model whose fingerprint differs from its source's was made from other weights.
    """
    digest = hashlib.sha256()
    try:
        digest.update((folder / "config.json").read_bytes())
        for name in WEIGHT_FILES:
            if (folder / name).is_file():
                digest.update(f"{name}:{(folder / name).stat().st_size}".encode())
    except OSError as exc:
        raise ModelLoadError(f"Cannot read the model in {folder}: {exc.strerror}") from exc
    return digest.hexdigest()[:16]


def convert_folder(source: Path, out_dir: Path, *, compute_type: str) -> ConvertedModel:
    """Convert the transformers checkpoint in `source` into `out_dir` with CTranslate2.

    Written to a temporary sibling folder and renamed into place, with the marker last, so a
    worker never sees half a model. Needs torch and transformers (conversion only).
    """
    if compute_type not in QUANTIZATIONS:
        raise InputError(
            f"WIREDESK_COMPUTE_TYPE={compute_type!r} is not a CTranslate2 quantization; use one of "
            f"{', '.join(sorted(QUANTIZATIONS))}."
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.convert-", dir=out_dir.parent))
    try:
        scratch.chmod(0o755)
        _run_converter(source, scratch, compute_type=compute_type)
        _write_marker(scratch, source=source, compute_type=compute_type)
        _publish(scratch, out_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    converted = read_converted(out_dir)
    if converted is None:
        raise ModelLoadError(f"The converted model in {out_dir} is incomplete after conversion.")
    logger.info("Converted %s to CTranslate2 (%s) in %s", source, compute_type, out_dir)
    return converted


def _run_converter(source: Path, out_dir: Path, *, compute_type: str) -> None:
    """Run CTranslate2's transformers converter, copying the tokenizer files alongside."""
    import ctranslate2

    copy = [name for name in TOKENIZER_FILES if (source / name).is_file()]
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            converter = ctranslate2.converters.TransformersConverter(str(source), copy_files=copy)
            converter.convert(str(out_dir), quantization=compute_type, force=True)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, NotImplementedError) as exc:
        detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else repr(exc)
        raise ModelLoadError(
            f"CTranslate2 could not convert the model in {source}: {detail}"
        ) from exc


def _write_marker(folder: Path, *, source: Path, compute_type: str) -> None:
    """Record where the model came from, so stale conversions and tiny models are recognised."""
    positions = DEFAULT_POSITIONS
    try:
        config = json.loads((source / "config.json").read_text(encoding="utf-8"))
        positions = int(config.get("max_position_embeddings", DEFAULT_POSITIONS))
    except (OSError, ValueError, TypeError):
        logger.warning("No max_position_embeddings in %s; assuming %d", source, positions)
    marker = {
        "source": str(source.resolve()),
        "fingerprint": weights_fingerprint(source),
        "compute_type": compute_type,
        "positions": positions,
        "tiny": is_tiny_model(source),
    }
    (folder / CT2_MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o644)  # workers may run as another user than the one who converted


def _publish(scratch: Path, out_dir: Path) -> None:
    """Replace `out_dir` by the finished `scratch` folder (the old one is removed after)."""
    retired = None
    if out_dir.exists():
        retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-{threading.get_ident()}")
        out_dir.rename(retired)
    try:
        os.rename(scratch, out_dir)
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)


def fit_threads(inter: int, intra: int, *, cores: int) -> tuple[int, int]:
    """`(inter, intra)` threads reduced so that inter x intra <= cores (oversubscribing a CPU
    makes every translation slower); inter is kept where possible, since it adds throughput."""
    cores = max(1, cores)
    inter, intra = max(1, inter), max(1, intra)
    if inter * intra <= cores:
        return inter, intra
    fitted = (min(inter, cores), max(1, cores // min(inter, cores)))
    logger.warning(
        "inter_threads x threads = %d x %d is more than the %d CPU cores; using %d x %d",
        inter,
        intra,
        cores,
        *fitted,
    )
    return fitted


def available_cores() -> int:
    """CPU cores this process may run on (the affinity mask, which containers restrict)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class CTranslate2Translator:
    """A converted MarianMT model run by CTranslate2, with the model's own tokenizer."""

    name: str
    meaningless: bool

    def __init__(
        self,
        *,
        translator: ctranslate2.Translator,
        tokenizer: MarianTokenizer,
        name: str,
        meaningless: bool,
        settings: Settings,
        positions: int = DEFAULT_POSITIONS,
    ) -> None:
        self.name = name
        self.meaningless = meaningless
        self._translator = translator
        self._tokenizer = tokenizer
        self._settings = settings
        # As in the transformers backend: positions past max_position_embeddings do not exist.
        self._max_source_tokens = min(settings.max_sentence_tokens, positions)
        self._max_new_tokens = positions - 1

    @classmethod
    def from_folder(
        cls, folder: Path, *, settings: Settings, name: str | None = None
    ) -> CTranslate2Translator:
        """Load a converted model folder (weights, tokenizer, marker) with the set threads."""
        converted = read_converted(folder)
        if converted is None:
            raise ModelLoadError(
                f"{folder} is not a converted model: run `wiredesk models convert <lang>`."
            )
        inter, intra = thread_counts(settings)
        translator = _load_ct2(folder, settings=settings, inter=inter, intra=intra)
        tokenizer = _load_tokenizer(folder)
        tiny = converted.tiny or is_tiny_model(folder)
        label = TINY_LABEL if tiny else (name or folder.name)
        logger.info(
            "Loaded translation model %s from %s with CTranslate2 (%s, %s, %d x %d threads)",
            label,
            folder,
            settings.compute_type,
            settings.device,
            inter,
            intra,
        )
        return cls(
            translator=translator,
            tokenizer=tokenizer,
            name=label,
            meaningless=tiny,
            settings=settings,
            positions=converted.positions,
        )

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        """One English string per input sentence, in order; blank sentences give ""."""
        beams = self._settings.beams if beams is None else beams
        if not 1 <= beams <= MAX_BEAMS:
            raise InputError(f"beams must be between 1 and {MAX_BEAMS}, not {beams}.")
        results = [""] * len(sentences)
        live = [index for index, sentence in enumerate(sentences) if sentence.strip()]
        encoded = [self.encode(sentences[index]) for index in live]
        # All batches are queued at once so that inter_threads > 1 translates them in parallel.
        pending = [
            (batch, self._submit([encoded[position] for position in batch], beams=beams))
            for batch in self._batches(encoded, beams=beams)
        ]
        for batch, jobs in pending:
            for position, job in zip(batch, jobs, strict=True):
                results[live[position]] = self._decode(self._result(job))
        return results

    def encode(self, sentence: str) -> list[str]:
        """Source tokens ending in </s>, truncated like the transformers backend's; unknown
        pieces become <unk> here, so both backends see the same ids."""
        limit = self._max_source_tokens
        text = sentence.strip()[: limit * CHARS_PER_TOKEN_BOUND]
        # split_special_tokens: a literal "</s>" or "<pad>" in an article is text, not a control.
        pieces = self._tokenizer.tokenize(text, split_special_tokens=True)
        ids = self._tokenizer.convert_tokens_to_ids(pieces)
        if len(ids) >= limit:
            logger.warning("Truncated a %d-token sentence to %d tokens", len(ids) + 1, limit)
            ids = ids[: limit - 1]
        return self._tokenizer.convert_ids_to_tokens([*ids, self._tokenizer.eos_token_id])

    def _batches(self, encoded: Sequence[Sequence[str]], *, beams: int) -> list[list[int]]:
        """Positions of `encoded` in length-sorted batches bounded by sentences and tokens."""
        keys = [str(position) for position in range(len(encoded))]
        return list(
            length_batches(
                keys,
                size_of=lambda key: len(encoded[int(key)]),
                max_items=self._settings.batch_size,
                max_tokens=tokens_per_batch(self._settings.batch_tokens, beams=beams),
            )
        )

    def _submit(self, batch: list[list[str]], *, beams: int) -> list[Any]:
        """Queue one batch; its output is capped relative to its longest source sentence."""
        longest = max(len(tokens) for tokens in batch)
        cap = min(output_token_cap(longest, settings=self._settings), self._max_new_tokens)
        try:
            return self._translator.translate_batch(
                batch,
                asynchronous=True,
                beam_size=beams,
                max_input_length=self._max_source_tokens,
                max_decoding_length=cap,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"{self.name} failed to translate a batch: {exc}") from exc

    def _result(self, job: Any) -> list[str]:
        """The best hypothesis' tokens of one queued sentence."""
        try:
            return list(job.result().hypotheses[0])
        except (RuntimeError, ValueError, IndexError) as exc:
            raise TranslationError(f"{self.name} failed to translate a batch: {exc}") from exc

    def _decode(self, tokens: Sequence[str]) -> str:
        """Target tokens to text exactly as the transformers backend decodes its output ids."""
        ids = self._tokenizer.convert_tokens_to_ids(list(tokens))
        return self._tokenizer.decode(ids, skip_special_tokens=True)


def thread_counts(settings: Settings) -> tuple[int, int]:
    """(inter, intra) threads from the settings, fitted to the cores on a CPU device.

    Unset `inter_threads` on CPU spreads the `threads` budget over parallel one-thread batches:
    an opus-mt-sized model's matrices are too small to keep several threads of one batch busy
    (on 2 cores, 2 x 1 ran `wiredesk run seeds/` 1.4x faster than 1 x 2).
    """
    if settings.device.split(":")[0] != "cpu":
        return settings.inter_threads or 1, settings.threads
    if settings.inter_threads is None:
        return min(settings.threads, available_cores()), 1
    return fit_threads(settings.inter_threads, settings.threads, cores=available_cores())


def _load_ct2(
    folder: Path, *, settings: Settings, inter: int, intra: int
) -> ctranslate2.Translator:
    """A ctranslate2.Translator over `folder`; a bad device or compute type is ModelLoadError."""
    import ctranslate2

    device, _, index = settings.device.partition(":")
    try:
        return ctranslate2.Translator(
            str(folder),
            device=device,
            device_index=int(index or 0),
            compute_type=settings.compute_type,
            inter_threads=inter,
            intra_threads=intra,
        )
    except (RuntimeError, ValueError, OSError) as exc:
        detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else repr(exc)
        raise ModelLoadError(f"CTranslate2 cannot load the model in {folder}: {detail}") from exc


def _load_tokenizer(folder: Path) -> MarianTokenizer:
    """The MarianTokenizer saved next to the converted weights (local files only)."""
    from transformers import MarianTokenizer

    try:
        with warnings.catch_warnings():
            # Punctuation normalisation is optional; without sacremoses it is skipped quietly.
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            return MarianTokenizer.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"Cannot load the tokenizer in {folder}: {exc}") from exc


_TRANSLATORS: dict[tuple[str, ...], CTranslate2Translator] = {}
_TRANSLATORS_LOCK = threading.Lock()


def get_ct2_translator(
    folder: Path, *, settings: Settings, name: str | None = None
) -> CTranslate2Translator:
    """A process-wide translator per (folder, device, compute type, threads), loaded on first use.

    The process id is part of the key: CTranslate2's thread pools do not survive a fork, so a
    worker process forked after its parent loaded a model loads its own instead of hanging.
    """
    key = (
        str(os.getpid()),
        str(folder.resolve()),
        settings.device,
        settings.compute_type,
        str(settings.inter_threads),
        str(settings.threads),
    )
    with _TRANSLATORS_LOCK:
        translator = _TRANSLATORS.get(key)
        if translator is None:
            translator = CTranslate2Translator.from_folder(folder, settings=settings, name=name)
            _TRANSLATORS[key] = translator
        return translator


def clear_ct2_translators() -> None:
    """Forget this process's cached translators so their memory can be freed (tests, reloads).

    Translators loaded by a parent before a fork are kept: destroying them in the child would
    wait for thread pools that only exist in the parent.
    """
    pid = str(os.getpid())
    with _TRANSLATORS_LOCK:
        for key in [key for key in _TRANSLATORS if key[0] == pid]:
            del _TRANSLATORS[key]
