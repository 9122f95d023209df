"""Pick the translation backend for a model, and convert models for the CTranslate2 backend.

`WIREDESK_BACKEND=auto` (the default) uses CTranslate2 when `wiredesk models convert <lang>` has
converted the configured model, else transformers; `ctranslate2` insists on a converted model,
`transformers` never uses one. Either way the caller gets a `Translator`, loaded once per process.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from wiredesk.config import Settings
from wiredesk.errors import ModelNotFoundError
from wiredesk.registry import ModelSpec, has_weights, resolve_model, weights_folder
from wiredesk.tiny import TINY_LABEL
from wiredesk.translate.base import Translator
from wiredesk.translate.ct2 import (
    ConvertedModel,
    convert_folder,
    converted_folder,
    get_ct2_translator,
    read_converted,
    weights_fingerprint,
)

logger = logging.getLogger(__name__)

Backend = Literal["transformers", "ctranslate2"]


def load_translator(spec: ModelSpec, settings: Settings) -> Translator:
    """The translator for `spec` on the configured backend, cached per process (load after fork)."""
    if select_backend(spec, settings=settings) == "ctranslate2":
        return get_ct2_translator(
            converted_folder(spec, settings=settings), settings=settings, name=model_name(spec)
        )
    from wiredesk.translate.marian import get_translator

    return get_translator(spec, settings)


def select_backend(spec: ModelSpec, *, settings: Settings) -> Backend:
    """`settings.backend`, with `auto` resolved: CTranslate2 when a current conversion exists."""
    if settings.backend == "transformers":
        return "transformers"
    converted = usable_conversion(spec, settings=settings)
    if converted is not None:
        return "ctranslate2"
    if settings.backend == "ctranslate2":
        raise ModelNotFoundError(_not_converted_message(spec, settings=settings))
    return "transformers"


def usable_conversion(spec: ModelSpec, *, settings: Settings) -> ConvertedModel | None:
    """`spec`'s converted model, unless missing or made from other weights than those on disk."""
    converted = read_converted(converted_folder(spec, settings=settings))
    if converted is None:
        return None
    # Only weights already on disk are compared: a worker that ships just the converted model
    # (or whose weights sit in the Hugging Face cache) uses it as it is.
    if has_weights(spec.folder) and weights_fingerprint(spec.folder) != converted.fingerprint:
        logger.warning(
            "The converted model in %s was made from other weights than %s; ignoring it. Run "
            "`wiredesk models convert %s --force` to convert again.",
            converted.folder,
            spec.folder,
            spec.language,
        )
        return None
    return converted


def convert_model(
    language: str, *, settings: Settings, force: bool = False, override: str | None = None
) -> Path:
    """Convert `language`'s configured model (real or tiny) for CTranslate2 into `models_dir`.

    Done once: an existing, current conversion is kept unless `force`. The source weights are
    found (or fetched, or built for tiny) like the transformers backend finds them.
    """
    spec = resolve_model(language, settings=settings, override=override)
    out_dir = converted_folder(spec, settings=settings)
    if not force and usable_conversion(spec, settings=settings) is not None:
        logger.info("%s is already converted in %s", spec.model_id, out_dir)
        return out_dir
    source = weights_folder(spec, settings=settings)
    return convert_folder(source, out_dir, compute_type=settings.compute_type).folder


def model_name(spec: ModelSpec) -> str:
    """The name digests show for `spec`, the same on both backends."""
    if spec.tiny:
        return TINY_LABEL
    return Path(spec.model_id).name if spec.local else spec.model_id


def _not_converted_message(spec: ModelSpec, *, settings: Settings) -> str:
    """The how-to shown when the CTranslate2 backend is required but nothing is converted."""
    return (
        f"WIREDESK_BACKEND=ctranslate2 but there is no current {settings.compute_type} conversion "
        f"of the '{spec.language}' model ({spec.model_id}) in "
        f"{converted_folder(spec, settings=settings)}: run `wiredesk models convert "
        f"{spec.language}`, or set WIREDESK_BACKEND=auto to fall back to transformers."
    )


__all__ = ["convert_model", "load_translator", "model_name", "select_backend", "usable_conversion"]
