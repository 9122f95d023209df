"""The whole per-article pipeline and the digest merge, in one process with no servers.

`Pipeline` holds what is expensive (translators, glossaries, the summarizer) and loads each
once, lazily, so a Celery worker that builds one after the fork loads each model once.
Per-article problems never raise out of `process`: they become `status="failed"` results.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from wiredesk import checks, clean, enforce, ingest, language, merge, segment, summarize
from wiredesk.config import Settings, get_settings
from wiredesk.errors import EmptyArticleError, ModelNotFoundError, WiredeskError
from wiredesk.glossary import Glossary, glossary_for
from wiredesk.registry import ModelSpec, resolve_model
from wiredesk.schema import Article, ArticleResult, Digest, GlossaryHit, Paragraph, SentencePair
from wiredesk.tiny import ensure_tiny_model
from wiredesk.translate.base import Translator
from wiredesk.translate.loader import load_translator

log = logging.getLogger(__name__)

ENGLISH = "en"


class Pipeline:
    """Clean → language → segment → translate (+glossary) → check → summarize, then merge."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model: str | None = None,
        glossary: Path | None = None,
        beams: int | None = None,
        summary_sentences: int | None = None,
        fallback: str | None = None,
        translators: Mapping[str, Translator] | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.model_override = model
        self.glossary_override = glossary or self.settings.glossary
        self.beams = beams or self.settings.beams
        self.summary_sentences = summary_sentences or self.settings.summary_sentences
        self.fallback = fallback or self.settings.model_fallback
        self.notices: list[str] = []
        self._fixed_glossary: Glossary | None = None
        self._translators: dict[str, Translator] = dict(translators or {})
        self._glossaries: dict[str, Glossary | None] = {}
        self._summarizer: Callable[[Sequence[SentencePair], int], list[str]] | None = None

    def with_options(
        self,
        *,
        beams: int | None = None,
        summary_sentences: int | None = None,
        glossary: Glossary | None = None,
    ) -> Pipeline:
        """A pipeline with one batch's options that shares this one's loaded models and caches.

        Workers keep one `Pipeline` per process; a batch's beams, summary length or glossary
        must not reload a model, so the copy shares the translator and summarizer caches.
        """
        batch = copy.copy(self)
        batch.beams = beams or self.beams
        batch.summary_sentences = summary_sentences or self.summary_sentences
        if glossary is not None:
            batch._fixed_glossary = glossary
            batch._glossaries = {}  # this batch's glossary replaces the per-language ones
        return batch

    # --- expensive resources, loaded once -------------------------------------------------
    def translator_for(self, lang: str) -> Translator:
        """The translator for `lang`, loaded on first use; may fall back to the tiny model."""
        if lang not in self._translators:
            spec = resolve_model(lang, settings=self.settings, override=self.model_override)
            self._translators[lang] = self._load_translator(spec)
        translator = self._translators[lang]
        if translator.meaningless:
            self._notice(
                f"Translations from '{lang}' use {translator.name}: the English text in this "
                "digest is meaningless and only shows the structure of the output."
            )
        return translator

    def _load_translator(self, spec: ModelSpec) -> Translator:
        try:
            translator = self._load_spec(spec)
        except ModelNotFoundError as exc:
            if self.fallback != "tiny" or spec.tiny:
                raise
            self._notice(
                f"FALLBACK: the real model for '{spec.language}' is unavailable ({exc.detail}) "
                "Wiredesk fell back to the TINY TEST MODEL: its translations are MEANINGLESS."
            )
            tiny = resolve_model(spec.language, settings=self.settings, override="tiny")
            translator = self._load_spec(tiny)
        return translator

    def _load_spec(self, spec: ModelSpec) -> Translator:
        if spec.tiny:
            ensure_tiny_model(self.settings)
        return load_translator(spec, self.settings)

    def glossary_for(self, lang: str) -> Glossary | None:
        """The glossary for `lang` → English (a batch's or user's own wins), loaded once."""
        if self._fixed_glossary is not None:
            self._glossaries[lang] = self._fixed_glossary
        if lang not in self._glossaries:
            self._glossaries[lang] = glossary_for(
                lang,
                glossary_dir=self.settings.glossary_dir,
                override=self.glossary_override,
                max_bytes=self.settings.max_glossary_bytes,
            )
        return self._glossaries[lang]

    def summarizer(self) -> Callable[[Sequence[SentencePair], int], list[str]]:
        """The configured per-article summarizer, built once."""
        if self._summarizer is None:
            self._summarizer = summarize.make_summarizer(
                self.settings.summarizer, model=self.settings.summarizer_model
            )
        return self._summarizer

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            log.warning(text)
            self.notices.append(text)

    # --- per article ----------------------------------------------------------------------
    def process(self, article: Article) -> ArticleResult:
        """Run every per-article stage; a `WiredeskError` becomes a failed result, never a raise."""
        try:
            return self._process(article)
        except WiredeskError as exc:
            log.warning("article %s failed: %s", article.id, exc.detail)
            return ArticleResult.failed(article, error=exc.detail, code=exc.code)

    def _process(self, article: Article) -> ArticleResult:
        cleaned = clean.clean(article.text, language=article.language)
        if not cleaned.text.strip():
            raise EmptyArticleError(f"Article '{article.id}' has no text left after cleaning.")
        lang = language.resolve_language(cleaned.text, explicit=article.language)
        paragraphs = segment.segment(cleaned.text, language=lang)
        title = article.title or ingest.infer_title(cleaned.text)
        result = ArticleResult(
            id=article.id,
            title=title,
            source=article.source,
            url=article.url,
            language=lang,
            clean_text=cleaned.text,
            removed=cleaned.removed,
        )
        if lang == ENGLISH:
            result.sentences = _untranslated(paragraphs)
            result.title_en = title
            result.model = None
        else:
            self._translate_into(result, paragraphs, title=title, lang=lang)
        result.translation = join_paragraphs(result.sentences)
        result.summary = self.summarizer()(result.sentences, self.summary_sentences)
        return result

    def _translate_into(
        self,
        result: ArticleResult,
        paragraphs: Sequence[Paragraph],
        *,
        title: str | None,
        lang: str,
    ) -> None:
        translator = self.translator_for(lang)
        glossary = self.glossary_for(lang)
        flat = [(index, p.heading, s) for index, p in enumerate(paragraphs) for s in p.sentences]
        sources = [sentence for _, _, sentence in flat]
        # The title is translated in the same batch unless it is already the first sentence.
        title_separate = bool(title) and (not sources or sources[0].strip() != title.strip())
        if title_separate:
            sources.append(title)
        enforced = enforce.translate_with_glossary(sources, translator, glossary, beams=self.beams)
        if title_separate:
            result.title_en = enforced.pop().target
        elif title:
            result.title_en = enforced[0].target if enforced else None
        hits: list[GlossaryHit] = []
        for (paragraph, heading, _), done in zip(flat, enforced, strict=True):
            flags = checks.check_sentence(
                done.source,
                done.target,
                src_lang=lang,
                missing_terms=done.missing,
                repaired_terms=[hit.target for hit in done.hits if hit.repaired],
            )
            result.sentences.append(
                SentencePair(
                    source=done.source,
                    target=done.target,
                    flags=flags,
                    paragraph=paragraph,
                    heading=heading,
                )
            )
            hits.extend(done.hits)
        result.glossary = hits
        result.model = translator.name

    # --- whole batch ----------------------------------------------------------------------
    def digest(self, results: Sequence[ArticleResult], *, notices: Sequence[str] = ()) -> Digest:
        """Merge processed articles into the cross-source digest."""
        return merge.build_digest(
            results,
            notices=[*self.notices, *notices],
            threshold=self.settings.story_threshold,
            glossary_notes=self.glossary_notes(results),
        )

    def glossary_notes(self, results: Sequence[ArticleResult]) -> dict[str, str]:
        """English term → kind (person/place/org) over the glossaries the articles used."""
        notes: dict[str, str] = {}
        for lang in sorted({r.language for r in results if r.language and r.language != ENGLISH}):
            glossary = self._glossaries.get(lang)
            if glossary is not None:
                notes.update({entry.target: entry.note for entry in glossary.entries})
        return notes


def _untranslated(paragraphs: Sequence[Paragraph]) -> list[SentencePair]:
    """English articles pass through: target = source, no flags."""
    return [
        SentencePair(source=s, target=s, paragraph=index, heading=p.heading)
        for index, p in enumerate(paragraphs)
        for s in p.sentences
    ]


def join_paragraphs(sentences: Sequence[SentencePair]) -> str:
    """English text keeping the source's paragraphs (sentences joined by spaces, blank lines)."""
    paragraphs: dict[int, list[str]] = {}
    for pair in sentences:
        paragraphs.setdefault(pair.paragraph, []).append(pair.target.strip())
    return "\n\n".join(" ".join(s for s in group if s) for group in paragraphs.values())
