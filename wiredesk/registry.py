"""Which model translates each source language, and where its weights are or how to get them.

`models/registry.toml` names a hub model per language; a `--model` option or
`WIREDESK_MODEL_<LANG>` overrides it with another hub id, a local folder, or `tiny`.
Weights are looked for on disk first (pulled folder, then the Hugging Face cache) and
downloaded only when the hub is allowed, so an offline machine fails fast with a how-to message.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wiredesk.config import MODEL_ENV_PREFIX, Settings
from wiredesk.errors import ModelError, ModelNotFoundError, UnsupportedLanguageError
from wiredesk.tiny import TINY_FOLDER, ensure_tiny_model, is_tiny_model

logger = logging.getLogger(__name__)

TINY_NAMES = frozenset({"tiny", TINY_FOLDER})
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:_[a-z0-9]{2,8})?")
HUB_ID_PATTERN = re.compile(r"[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?")
FOLDER_NAME_PATTERN = re.compile(r"[A-Za-z0-9][\w.-]{0,199}")
WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
# Two download passes: safetensors and the tokenizer first; the legacy pickle weights only
# when a repository has no safetensors (older OPUS-MT repos), so nothing is fetched twice.
FETCH_PASSES: tuple[tuple[str, ...], ...] = (
    ("*.json", "*.spm", "*.safetensors", "*.md"),
    ("pytorch_model*.bin",),
)


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model choice for one language.

    `model_id` is a hub id, or the folder path when `local`; `folder` is where the weights are
    (local) or where `wiredesk models pull` puts them (hub); `tiny` marks the meaningless model.
    """

    language: str
    model_id: str
    folder: Path
    tiny: bool = False
    local: bool = False


@dataclass(frozen=True)
class RegistryEntry:
    """One `[languages.<code>]` table of registry.toml."""

    model: str
    folder: str


def resolve_model(language: str, *, settings: Settings, override: str | None = None) -> ModelSpec:
    """The model for `language`: `override` (CLI `--model`), then settings or env, then registry."""
    lang = _normalise_language(language)
    named = (override or "").strip() or (settings.model_override(lang) or "").strip()
    if named:
        return _spec_for(lang, named, settings=settings)
    entry = load_registry(settings.registry).get(lang)
    if entry is None:
        raise UnsupportedLanguageError(_unsupported_message(lang))
    return _spec_for(lang, entry.model, settings=settings, folder_name=entry.folder)


def supported_languages(settings: Settings) -> list[str]:
    """Every language with a model: the registry's, plus those configured by settings or env."""
    languages = set(load_registry(settings.registry)) | set(settings.models)
    for key, value in os.environ.items():
        code = key.removeprefix(MODEL_ENV_PREFIX).lower()
        if key.startswith(MODEL_ENV_PREFIX) and value.strip() and LANGUAGE_PATTERN.fullmatch(code):
            languages.add(code)
    return sorted(languages)


def has_weights(folder: Path) -> bool:
    """Whether `folder` holds a loadable checkpoint: config.json plus a weights file."""
    return (folder / "config.json").is_file() and any((folder / n).is_file() for n in WEIGHT_FILES)


def locate_weights(spec: ModelSpec, *, settings: Settings) -> Path | str:
    """Where to load `spec` from: a folder with weights, or its hub id when downloading is allowed.

    Order: the spec's own folder (built first for the tiny model), the Hugging Face cache, then
    the hub id; with `settings.hub_offline` a miss raises ModelNotFoundError instead.
    """
    if spec.tiny and spec.folder == settings.models_dir / TINY_FOLDER:
        return ensure_tiny_model(settings)
    if has_weights(spec.folder):
        return spec.folder
    if spec.local:
        raise ModelNotFoundError(_empty_folder_message(spec))
    cached = _cached_snapshot(spec.model_id)
    if cached is not None:
        return cached
    if settings.hub_offline:
        raise ModelNotFoundError(not_found_message(spec, settings=settings))
    return spec.model_id


def weights_folder(spec: ModelSpec, *, settings: Settings) -> Path:
    """A local folder with `spec`'s weights, downloading into the Hugging Face cache if needed."""
    location = locate_weights(spec, settings=settings)
    if isinstance(location, Path):
        return location
    try:
        return _download(location, local_dir=None)
    except (OSError, ValueError) as exc:
        logger.warning(
            "Could not fetch %s from the Hugging Face hub: %s", location, _first_line(exc)
        )
        raise ModelNotFoundError(not_found_message(spec, settings=settings)) from exc


def pull_model(language: str, *, settings: Settings, override: str | None = None) -> Path:
    """Download `language`'s model into its registry folder under `models_dir` (or build tiny)."""
    spec = resolve_model(language, settings=settings, override=override)
    if spec.tiny or spec.local:
        return weights_folder(spec, settings=settings)
    if settings.hub_offline:
        raise ModelNotFoundError(
            f"Cannot pull {spec.model_id} while WIREDESK_HUB_OFFLINE is set: unset it and run "
            f"`wiredesk models pull {spec.language}` again."
        )
    try:
        folder = _download(spec.model_id, local_dir=spec.folder)
    except (OSError, ValueError) as exc:
        raise ModelNotFoundError(_pull_failed_message(spec, reason=_first_line(exc))) from exc
    logger.info("Pulled %s into %s", spec.model_id, folder)
    return folder


def not_found_message(spec: ModelSpec, *, settings: Settings) -> str:
    """The one-line how-to shown when a model's weights are neither on disk nor downloadable."""
    offline = " (WIREDESK_HUB_OFFLINE is set)" if settings.hub_offline else ""
    return (
        f"Model weights for '{spec.language}' ({spec.model_id}) are not in "
        f"{_display(spec.folder)} and could not be fetched{offline}: run "
        f"`wiredesk models pull {spec.language}` with internet access, or point "
        f"{_env_name(spec.language)} at a folder with the weights; for a dry run with the "
        "meaningless tiny test model, give `--fallback tiny` (or `--model tiny`) to "
        "`wiredesk run` or `wiredesk worker`, or set WIREDESK_MODEL_FALLBACK=tiny."
    )


def load_registry(path: Path) -> dict[str, RegistryEntry]:
    """The registry file's `[languages.*]` tables, validated; re-read when the file changes."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ModelError(f"Cannot read the model registry {path}: {exc.strerror}") from exc
    return _load_registry_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_registry_cached(path: Path, mtime_ns: int, size: int) -> dict[str, RegistryEntry]:
    """Parse registry.toml; the mtime and size in the cache key make edits take effect."""
    del mtime_ns, size
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"Cannot read the model registry {path}: {exc}") from exc
    languages = data.get("languages", {})
    if not isinstance(languages, dict):
        raise ModelError(f"The model registry {path} needs [languages.<code>] tables.")
    return {
        code: _registry_entry(code, table, path=path) for code, table in sorted(languages.items())
    }


def _registry_entry(code: str, table: object, *, path: Path) -> RegistryEntry:
    """Validate one registry table: a language code, a model name, and a plain folder name."""
    model = table.get("model") if isinstance(table, dict) else None
    if not LANGUAGE_PATTERN.fullmatch(code) or not isinstance(model, str) or not model.strip():
        raise ModelError(
            f"The model registry {path} has a bad entry [languages.{code}]: it needs a lowercase "
            'language code and model = "<hub id, folder or tiny>".'
        )
    folder = table.get("folder", model.strip().rsplit("/", 1)[-1])
    if not isinstance(folder, str) or not FOLDER_NAME_PATTERN.fullmatch(folder):
        raise ModelError(
            f"The model registry {path} entry [languages.{code}] has folder = {folder!r}; "
            "it must be a plain folder name under the models folder."
        )
    return RegistryEntry(model=model.strip(), folder=folder)


def _spec_for(
    language: str, name: str, *, settings: Settings, folder_name: str | None = None
) -> ModelSpec:
    """Turn a configured model name (tiny, a folder, or a hub id) into a ModelSpec."""
    if name.lower() in TINY_NAMES:
        return ModelSpec(language, TINY_FOLDER, settings.models_dir / TINY_FOLDER, tiny=True)
    folder = _existing_folder(name, settings=settings)
    if folder is not None:
        return ModelSpec(language, str(folder), folder, tiny=is_tiny_model(folder), local=True)
    if not HUB_ID_PATTERN.fullmatch(name) or ".." in name:
        raise ModelNotFoundError(
            f"The model configured for '{language}' ({name!r}) is neither an existing folder nor "
            f"a Hugging Face hub id: fix {_env_name(language)} or `--model`, or use `tiny`."
        )
    if folder_name is None:
        folder_name = _pull_folder_name(language, name, settings=settings)
    return ModelSpec(language, name, settings.models_dir / folder_name)


def _existing_folder(name: str, *, settings: Settings) -> Path | None:
    """`name` as a folder on disk: a path as given, or a folder name under `models_dir`."""
    for candidate in (Path(name).expanduser(), settings.models_dir / name):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def _pull_folder_name(language: str, model_id: str, *, settings: Settings) -> str:
    """Where a hub id pulls to: the registry's folder when it is the registry's model."""
    entry = load_registry(settings.registry).get(language) if settings.registry.exists() else None
    if entry is not None and entry.model == model_id:
        return entry.folder
    return model_id.replace("/", "--")


def _cached_snapshot(model_id: str) -> Path | None:
    """The model's snapshot in the Hugging Face cache, if one with weights is there (no network)."""
    from huggingface_hub import snapshot_download

    for patterns in FETCH_PASSES:
        try:
            folder = Path(
                snapshot_download(model_id, allow_patterns=list(patterns), local_files_only=True)
            )
        except (OSError, ValueError):
            return None  # Not cached: the normal case on a fresh machine.
        if has_weights(folder):
            return folder
    return None


def _download(model_id: str, *, local_dir: Path | None) -> Path:
    """Fetch a model from the hub (into `local_dir`, or the HF cache); raises OSError/ValueError."""
    from huggingface_hub import snapshot_download

    folder = None
    for patterns in FETCH_PASSES:
        folder = Path(
            snapshot_download(model_id, allow_patterns=list(patterns), local_dir=local_dir)
        )
        if has_weights(folder):
            return folder
    raise FileNotFoundError(f"{model_id} has no PyTorch weights (model.safetensors or .bin)")


def _normalise_language(language: str) -> str:
    """A lowercase language code, or UnsupportedLanguageError for anything that is not one."""
    lang = language.strip().lower().replace("-", "_")
    if not LANGUAGE_PATTERN.fullmatch(lang):
        raise UnsupportedLanguageError(f"{language[:40]!r} is not a language code (e.g. 'de').")
    return lang


def _unsupported_message(lang: str) -> str:
    """The how-to shown for a language with no model configured anywhere."""
    return (
        f"No translation model is configured for language '{lang}'. Add it to "
        f"models/registry.toml or set {_env_name(lang)}=<hub id or folder>."
    )


def _empty_folder_message(spec: ModelSpec) -> str:
    """The how-to shown when a configured local folder has no weights in it."""
    return (
        f"The model folder {_display(spec.folder)} for '{spec.language}' has no weights "
        "(config.json plus model.safetensors or pytorch_model.bin): copy a MarianMT model there, "
        f"or point {_env_name(spec.language)} elsewhere, or run "
        f"`wiredesk models pull {spec.language}` for the registry's model."
    )


def _pull_failed_message(spec: ModelSpec, *, reason: str) -> str:
    """The how-to shown when `wiredesk models pull` cannot download a model."""
    return (
        f"Could not download {spec.model_id} into {_display(spec.folder)} ({reason}). "
        "Check the internet connection (HTTPS_PROXY for a proxy, HF_ENDPOINT for a mirror, "
        f"HF_TOKEN for a gated model) and run `wiredesk models pull {spec.language}` again, or "
        f"copy the model's files into {_display(spec.folder)} by hand, or point "
        f"{_env_name(spec.language)} at a folder with the weights."
    )


def _env_name(language: str) -> str:
    """The environment variable that overrides `language`'s model, e.g. WIREDESK_MODEL_DE."""
    return f"{MODEL_ENV_PREFIX}{language.upper()}"


def _display(path: Path) -> str:
    """`path` relative to the working directory when inside it (shorter messages), else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message, bounded, for one-line error details."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


__all__ = [
    "ModelSpec",
    "has_weights",
    "load_registry",
    "locate_weights",
    "not_found_message",
    "pull_model",
    "resolve_model",
    "supported_languages",
    "weights_folder",
]
