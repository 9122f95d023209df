"""The data Wiredesk passes between stages and writes out (`digest.json` is a `Digest`).

Pydantic models, so the CLI, the worker and the API serialise and validate one schema.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field


class Article(BaseModel):
    """One input article after ingest: plain text plus whatever metadata came with it."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None  # explicit language from the input; wins over detection
    origin: str | None = None  # file path or "json" / "api", for error messages


class IngestFailure(BaseModel):
    """An input item that could not become an `Article`; reported, never fatal to the batch."""

    id: str
    error: str
    code: str
    origin: str | None = None


class Removed(BaseModel):
    """A block the cleaner removed, with the signal that removed it (for auditing)."""

    text: str
    reason: str


class CleanResult(BaseModel):
    """Article text with boilerplate removed, and what was removed."""

    text: str
    removed: list[Removed] = Field(default_factory=list)


class Paragraph(BaseModel):
    """A paragraph as a list of sentences; `heading` marks a headline or sub-head line."""

    sentences: list[str]
    heading: bool = False


class GlossaryHit(BaseModel):
    """A glossary term found in a source sentence and whether its English form made it out."""

    match: str  # text as found in the source, e.g. "Choes"
    term: str  # the glossary's source entry, e.g. "Choe Son Hui"
    target: str  # the English form, e.g. "Choe Son Hui"
    in_output: bool
    sentence: int = 0  # index into ArticleResult.sentences
    repaired: bool = False  # True when the output had to be repaired to contain `target`


class SentencePair(BaseModel):
    """One translated sentence with its quality flags (`number_lost:10.000`, ...)."""

    source: str
    target: str
    flags: list[str] = Field(default_factory=list)
    paragraph: int = 0
    heading: bool = False


class ModelOutput(BaseModel):
    """What a meaningless (tiny) model made of the title and summary, kept for inspection.

    Readers are shown the marked source text instead (`title_en`, `summary`).
    """

    title_en: str | None = None
    summary: list[str] = Field(default_factory=list)


class ArticleResult(BaseModel):
    """Everything the pipeline made of one article; `status=failed` keeps the error instead."""

    id: str
    title: str | None = None
    title_en: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    status: Literal["ok", "failed"] = "ok"
    error: str | None = None
    error_code: str | None = None
    clean_text: str = ""
    removed: list[Removed] = Field(default_factory=list)
    translation: str = ""
    sentences: list[SentencePair] = Field(default_factory=list)
    summary: list[str] = Field(default_factory=list)
    glossary: list[GlossaryHit] = Field(default_factory=list)
    model: str | None = None
    model_output: ModelOutput | None = None  # only with a meaningless model

    @classmethod
    def failed(cls, article: Article, *, error: str | None, code: str | None) -> ArticleResult:
        """The result recorded for an article that could not be processed (metadata kept)."""
        return cls(
            id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            language=article.language,
            status="failed",
            error=error,
            error_code=code,
        )


class KeyPoint(BaseModel):
    """A point made in a story, merged across near-duplicate sentences, with its sources."""

    text: str
    sources: list[str]


class Claim(BaseModel):
    """One value a source gives for a disputed quantity, with the sentence that says it."""

    value: str
    text: str
    sources: list[str]
    attributed_to: list[str] = Field(default_factory=list)  # who said it, e.g. ["Pentagon"]


class Disagreement(BaseModel):
    """Different values given for the same thing by different sources."""

    about: str
    claims: list[Claim]


class ArticleSummary(BaseModel):
    """A per-article summary as shown in a story."""

    id: str
    title: str | None = None
    source: str | None = None
    language: str | None = None
    url: str | None = None
    summary: list[str] = Field(default_factory=list)


class Story(BaseModel):
    """A group of articles about one event, merged."""

    headline: str
    lead: str
    articles: list[str]
    key_points: list[KeyPoint] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    summaries: list[ArticleSummary] = Field(default_factory=list)


class Digest(BaseModel):
    """The whole output of a run or batch."""

    generated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    notices: list[str] = Field(default_factory=list)  # loud warnings, e.g. the tiny-model fallback
    articles: list[ArticleResult] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
