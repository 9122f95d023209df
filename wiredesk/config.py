"""All Wiredesk configuration: one `Settings` object read from `WIREDESK_*` environment variables.

Every field here is documented in the README's settings table (a test keeps the two in step).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_ENV_PREFIX = "WIREDESK_MODEL_"
DEFAULT_MAX_HTML_BYTES = 8_000_000  # a news page with its scripts and markup is often 1-3 MB


class Settings(BaseSettings):
    """Runtime settings; each field maps to `WIREDESK_<FIELD>` in the environment."""

    model_config = SettingsConfigDict(
        env_prefix="WIREDESK_", extra="ignore", hide_input_in_errors=True
    )

    # --- models and translation -------------------------------------------------------------
    models_dir: Path = Field(
        PROJECT_ROOT / "models", description="Folder holding downloaded and built model weights."
    )
    registry: Path = Field(
        PROJECT_ROOT / "models" / "registry.toml",
        description="TOML file mapping a source language to a model id or local folder.",
    )
    models: dict[str, str] = Field(
        default_factory=dict,
        description='Per-language model overrides as JSON, e.g. {"de": "tiny"}; '
        "`WIREDESK_MODEL_<LANG>` (e.g. `WIREDESK_MODEL_DE`) does the same for one language.",
    )
    model_fallback: Literal["none", "tiny"] = Field(
        "none",
        description="What to do when a model's weights cannot be found or fetched: `none` fails "
        "the article, `tiny` falls back to the tiny meaningless-output model with a loud notice.",
    )
    hub_offline: bool = Field(
        False, description="Never try to download weights from the Hugging Face hub."
    )
    backend: Literal["auto", "transformers", "ctranslate2"] = Field(
        "auto",
        description="Translation backend: `ctranslate2` (a converted model from "
        "`wiredesk models convert`), `transformers`, or `auto` (CTranslate2 when a converted "
        "model is present, else transformers).",
    )
    compute_type: str = Field(
        "int8",
        description="CTranslate2 compute type (`int8`, `int8_float32`, `float32`, ...).",
    )
    inter_threads: int | None = Field(
        None,
        ge=1,
        description="CTranslate2 batches translated in parallel, each with `threads` threads "
        "(inter x intra <= cores). Unset: on CPU, `threads` batches of one thread each (the "
        "fastest split for a small model), on GPU one.",
    )
    device: str = Field("cpu", description="Torch device for translation (`cpu`, `cuda`).")
    threads: int = Field(
        default_factory=lambda: max(1, min(os.cpu_count() or 1, 4)),
        description="Threads per translation (torch intra-op, CTranslate2 intra_threads); kept "
        "at or below the machine's cores.",
    )
    beams: int = Field(4, ge=1, le=16, description="Beam size for translation.")
    batch_size: int = Field(16, ge=1, le=512, description="Sentences per translation batch.")
    batch_tokens: int = Field(
        3072,
        ge=64,
        description="Upper bound on padded source tokens x beams per translation batch (768 "
        "source tokens at beam 4): long sentences and wide beams go in smaller batches, which "
        "bounds memory (beam search keeps every token of every beam).",
    )
    max_length_ratio: float = Field(
        2.0, gt=0, description="Output length cap: ratio x source tokens + `max_length_extra`."
    )
    max_length_extra: int = Field(10, ge=0, description="Constant part of the output length cap.")
    max_sentence_tokens: int = Field(
        400, ge=16, description="Source sentences longer than this (tokens) are truncated."
    )

    # --- glossary ---------------------------------------------------------------------------
    glossary_dir: Path = Field(
        PROJECT_ROOT / "glossary", description="Folder of glossary TSV files (`<src>-<tgt>.tsv`)."
    )
    glossary: Path | None = Field(
        None, description="A glossary TSV file to use instead of the one for the language pair."
    )
    max_glossary_bytes: int = Field(
        1_000_000, ge=1, description="Largest glossary file accepted (bytes)."
    )

    # --- summaries and digest ---------------------------------------------------------------
    summary_sentences: int = Field(3, ge=1, le=20, description="Sentences per article summary.")
    summarizer: Literal["extractive", "abstractive"] = Field(
        "extractive", description="Per-article summarizer."
    )
    summarizer_model: str = Field(
        "sshleifer/distilbart-cnn-12-6",
        description="Hub id or folder of the seq2seq model used when `summarizer=abstractive`.",
    )
    story_threshold: float = Field(
        0.2, ge=0, le=1, description="Similarity above which two articles belong to one story."
    )

    # --- input limits -----------------------------------------------------------------------
    max_article_bytes: int = Field(
        500_000,
        ge=1,
        description="Largest article text accepted (bytes of a text article, or of the text "
        "extracted from a page).",
    )
    max_html_bytes: int = Field(
        DEFAULT_MAX_HTML_BYTES,
        ge=1,
        description="Largest raw HTML page accepted (bytes; markup and scripts included).",
    )
    max_articles: int = Field(500, ge=1, description="Most articles in one batch or CLI run.")

    # --- logging ----------------------------------------------------------------------------
    log_level: str = Field("INFO", description="Log level (`DEBUG`, `INFO`, `WARNING`, ...).")

    @field_validator("models", mode="before")
    @classmethod
    def _lowercase_languages(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k).lower(): str(v) for k, v in value.items()}
        return value

    def model_override(self, language: str) -> str | None:
        """The model a user configured for `language`, from `WIREDESK_MODEL_<LANG>` or `models`."""
        env = os.environ.get(f"{MODEL_ENV_PREFIX}{language.upper()}")
        if env:
            return env
        return self.models.get(language.lower())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
