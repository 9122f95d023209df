"""Request and response bodies of the API (they are also its OpenAPI documentation).

Results and digests reuse the core's models (`wiredesk.schema`), so the API returns exactly
what the CLI writes to `digest.json`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The largest page offset a list accepts: past SQLite's 64-bit integers an offset was a 500.
MAX_OFFSET = 1_000_000_000
ARTICLE_ID_PATTERN = r"^[^/\x00-\x1f\x7f]{1,200}$"
GLOSSARY_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
BatchStatus = Literal["queued", "running", "succeeded", "partial", "failed"]
ArticleStatus = Literal["queued", "running", "ok", "failed"]

SEED_EXAMPLE = (
    "Nordkorea schickt weitere Soldaten nach Russland. Nach Angaben des südkoreanischen "
    "Geheimdienstes NIS sollen es 10.000 Soldaten sein."
)


class ArticleIn(BaseModel):
    """One article to translate: plain `text` or raw `html` (exactly one of them)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"id": "dpa-1", "source": "dpa", "text": SEED_EXAMPLE}]},
    )

    id: str | None = Field(
        None,
        pattern=ARTICLE_ID_PATTERN,
        description="Your id for the article (no `/`); default: its position, `1`, `2`, ...",
    )
    title: str | None = Field(None, max_length=1000, description="Headline, if known.")
    source: str | None = Field(None, max_length=200, description="Outlet, e.g. `Der Spiegel`.")
    url: str | None = Field(None, max_length=2000, description="Where the article was published.")
    language: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2,3}$",
        description="ISO 639 code of the source language; default: detected.",
    )
    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article as an HTML page (text is extracted).")

    @model_validator(mode="after")
    def _text_or_html(self) -> Self:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` or `html`")
        return self


class BatchOptions(BaseModel):
    """Per-batch options; unset ones use the worker's settings."""

    model_config = ConfigDict(extra="forbid")

    summary_sentences: int | None = Field(
        None, ge=1, le=20, description="Sentences per article summary."
    )
    beams: int | None = Field(None, ge=1, le=16, description="Beam size for translation.")


class BatchCreate(BaseModel):
    """A batch of articles, optionally with a named glossary and options."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "articles": [{"id": "dpa-1", "source": "dpa", "text": SEED_EXAMPLE}],
                    "glossary": "korea",
                    "options": {"summary_sentences": 3},
                }
            ]
        },
    )

    articles: list[ArticleIn] = Field(min_length=1, description="The articles, in order.")
    glossary: str | None = Field(
        None,
        pattern=GLOSSARY_NAME_PATTERN,
        description="Name of a glossary stored with `PUT /v1/glossaries/{name}`.",
    )
    options: BatchOptions = Field(default_factory=BatchOptions)


class Link(BaseModel):
    """Hypermedia links of a batch."""

    model_config = ConfigDict(populate_by_name=True)

    self_: str = Field(alias="self", description="This batch's status.")
    digest: str = Field(description="The digest, once the batch is finished.")


class BatchAccepted(BaseModel):
    """The answer to a submitted batch: poll `links.self` until the status is final."""

    id: str
    status: BatchStatus
    links: Link


class Progress(BaseModel):
    """Articles in the batch, finished ones (failed included), and failed ones."""

    total: int
    done: int
    failed: int


class ArticleState(BaseModel):
    """Where one article stands; `error` says why a failed one failed."""

    id: str
    status: ArticleStatus
    error: str | None = None
    error_code: str | None = None


class BatchOut(BaseModel):
    """A batch's status and progress."""

    id: str
    status: BatchStatus
    progress: Progress
    articles: list[ArticleState]
    glossary: str | None = None
    options: BatchOptions
    error: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    links: Link


class BatchSummary(BaseModel):
    """A batch in the listing."""

    id: str
    status: BatchStatus
    progress: Progress
    created_at: datetime
    finished_at: datetime | None = None
    links: Link


class PageLinks(BaseModel):
    """Links to the neighbouring pages of a listing."""

    next: str | None = None
    prev: str | None = None


class BatchPage(BaseModel):
    """One page of batches, newest first."""

    items: list[BatchSummary]
    total: int
    limit: int
    offset: int
    links: PageLinks


class GlossaryOut(BaseModel):
    """A stored glossary (its TSV text is at `GET /v1/glossaries/{name}`)."""

    name: str
    entries: int
    updated_at: datetime


class Health(BaseModel):
    """Liveness: the process answers."""

    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    """Readiness: each dependency and whether it answered."""

    status: Literal["ready"] = "ready"
    checks: dict[str, str]
