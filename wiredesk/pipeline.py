"""The whole per-article pipeline and the digest merge, in one process with no servers.

`Pipeline` holds what is expensive (translators, glossaries, the summarizer) and loads each
once, lazily, so a Celery worker that builds one after the fork loads each model once.
Per-article problems never raise out of `process`: they become `status="failed"` results.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wiredesk import checks, clean, enforce, ingest, language, merge, segment, summarize
from wiredesk.config import Settings, get_settings
from wiredesk.errors import EmptyArticleError, ModelNotFoundError, WiredeskError
from wiredesk.glossary import Glossary, glossary_for
from wiredesk.registry import ModelSpec, resolve_model
from wiredesk.schema import (
    Article,
    ArticleResult,
    Digest,
    GlossaryHit,
    ModelOutput,
    Paragraph,
    SentencePair,
)
from wiredesk.terminal import NOTICE_ATTRIBUTE
from wiredesk.tiny import ensure_tiny_model
from wiredesk.translate.base import ReportingTranslator, Translator
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
        # The same notices by source language, so a digest carries only its own languages'.
        self.language_notices: dict[str, list[str]] = {}
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
                lang,
                f"Translations from '{lang}' use {translator.name}: the English text in this "
                "digest is meaningless, so titles, summaries and key points show the source "
                "text, marked untranslated.",
            )
        return translator

    def _load_translator(self, spec: ModelSpec) -> Translator:
        try:
            translator = self._load_spec(spec)
        except ModelNotFoundError:
            if self.fallback != "tiny" or spec.tiny:
                raise
            self._notice(
                spec.language,
                f"FALLBACK: the weights of the real model for '{spec.language}' "
                f"({spec.model_id}) could not be found or fetched, so Wiredesk fell back to the "
                "TINY TEST MODEL: its translations are MEANINGLESS. For real ones run "
                f"`wiredesk models pull {spec.language}` with internet access, or point "
                f"WIREDESK_MODEL_{spec.language.upper()} at a folder with the weights.",
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

    def _notice(self, lang: str, text: str) -> None:
        """Record a loud notice about `lang`'s model once (logged once, marked as a notice)."""
        own = self.language_notices.setdefault(lang, [])
        if text not in own:
            own.append(text)
        if text not in self.notices:
            log.warning(text, extra={NOTICE_ATTRIBUTE: True})
            self.notices.append(text)

    def notices_for(self, languages: Sequence[str | None]) -> list[str]:
        """The notices about the models of `languages`, each once, in the order first given."""
        found: dict[str, None] = {}
        for lang in languages:
            found.update(dict.fromkeys(self.language_notices.get(lang or "", [])))
        return list(found)

    # --- per article ----------------------------------------------------------------------
    def process(self, article: Article) -> ArticleResult:
        """Run every per-article stage; a `WiredeskError` becomes a failed result, never a raise."""
        return self.process_many([article])[0]

    def process_many(
        self, articles: Sequence[Article], *, progress: Progress | None = None
    ) -> list[ArticleResult]:
        """Process `articles` with ONE translation call per source language, results in order.

        Translating every article's sentences together lets the backend sort them all by length
        and fill whole batches, which is faster than article by article. One article's failure
        (a `WiredeskError`) fails only that article. `progress(done, total)` counts sentences.
        """
        results: list[ArticleResult | None] = [None] * len(articles)
        waiting: dict[str, list[tuple[int, _Prepared]]] = {}
        for position, article in enumerate(articles):
            try:
                prepared = self._prepare(article)
            except WiredeskError as exc:
                results[position] = _failed(article, exc)
                continue
            if prepared.result.language == ENGLISH:
                results[position] = self._finish_or_fail(article, prepared, None)
            else:
                waiting.setdefault(prepared.lang, []).append((position, prepared))
        meter = _Meter(
            total=sum(len(p.sources) for group in waiting.values() for _, p in group),
            report=progress,
        )
        for lang, group in waiting.items():
            outcomes = self._translate_group(lang, [prepared for _, prepared in group], meter)
            for (position, prepared), outcome in zip(group, outcomes, strict=True):
                if isinstance(outcome, WiredeskError):
                    results[position] = _failed(articles[position], outcome)
                else:
                    results[position] = self._finish_or_fail(articles[position], prepared, outcome)
        return _every_result(results)

    def _prepare(self, article: Article) -> _Prepared:
        """Clean, identify the language, segment; what translation and the rest start from."""
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
        return _Prepared(result=result, paragraphs=paragraphs, title=title, lang=lang)

    def _translate_group(
        self, lang: str, group: Sequence[_Prepared], meter: _Meter
    ) -> list[list[enforce.EnforcedSentence] | WiredeskError]:
        """Every article of `group` (one language) translated in one call, or each one's error.

        If the joint call fails, each article is tried alone so that only the bad one fails.
        """
        try:
            translator: Translator = self.translator_for(lang)
            glossary = self.glossary_for(lang)
        except WiredeskError as exc:
            return [exc] * len(group)
        if meter.report is not None:
            chunk = self.settings.batch_size * CHUNK_BATCHES
            translator = ReportingTranslator(translator, on_done=meter.advance, chunk=chunk)
        try:
            return list(
                enforce.translate_groups_with_glossary(
                    [prepared.sources for prepared in group],
                    translator,
                    glossary,
                    beams=self.beams,
                )
            )
        except WiredeskError as exc:
            if len(group) == 1:
                return [exc]
            log.warning(
                "translating %d articles together failed (%s); trying each alone",
                len(group),
                exc.detail,
            )
            return [self._translate_group(lang, [prepared], meter)[0] for prepared in group]

    def _finish_or_fail(
        self,
        article: Article,
        prepared: _Prepared,
        enforced: Sequence[enforce.EnforcedSentence] | None,
    ) -> ArticleResult:
        """`_finish`, with a `WiredeskError` turned into the article's failed result."""
        try:
            return self._finish(prepared, enforced)
        except WiredeskError as exc:
            return _failed(article, exc)

    def _finish(
        self, prepared: _Prepared, enforced: Sequence[enforce.EnforcedSentence] | None
    ) -> ArticleResult:
        """Attach the translation (None: an English article passes through), then summarize."""
        result = prepared.result
        if enforced is None:
            result.sentences = _untranslated(prepared.paragraphs)
            result.title_en = prepared.title
            result.model = None
        else:
            self._attach_translation(prepared, list(enforced))
        result.translation = join_paragraphs(result.sentences)
        result.summary = self.summarizer()(result.sentences, self.summary_sentences)
        if enforced is not None and self._translators[prepared.lang].meaningless:
            _show_source_text(result, prepared, n=self.summary_sentences)
        return result

    def _attach_translation(
        self, prepared: _Prepared, enforced: list[enforce.EnforcedSentence]
    ) -> None:
        """Sentence pairs with their checks, the English title and the glossary hits."""
        result, title, lang = prepared.result, prepared.title, prepared.lang
        if prepared.title_separate:
            result.title_en = enforced.pop().target
        elif title:
            result.title_en = enforced[0].target if enforced else None
        hits: list[GlossaryHit] = []
        for (paragraph, heading, _), done in zip(prepared.flat, enforced, strict=True):
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
        result.model = self._translators[lang].name

    # --- whole batch ----------------------------------------------------------------------
    def digest(self, results: Sequence[ArticleResult], *, notices: Sequence[str] = ()) -> Digest:
        """Merge processed articles into the cross-source digest.

        Its notices are those of the articles' languages (a worker's pipeline may have loaded
        other languages' models for other batches) and `notices`, each once.
        """
        own = self.notices_for([result.language for result in results])
        return merge.build_digest(
            results,
            notices=list(dict.fromkeys([*own, *notices])),
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


Progress = Callable[[int, int], None]  # (sentences done, sentences in all)
CHUNK_BATCHES = 4  # with a progress report, a call is translated this many batches at a time


@dataclass
class _Prepared:
    """An article cleaned, identified and segmented: what its translation starts from.

    `flat` lists (paragraph, heading, sentence) in order; `sources` is what goes to the model:
    those sentences, then the title when it is not already the first sentence.
    """

    result: ArticleResult
    paragraphs: Sequence[Paragraph]
    title: str | None
    lang: str
    flat: list[tuple[int, str | None, str]] = field(init=False)
    sources: list[str] = field(init=False)
    title_separate: bool = field(init=False)

    def __post_init__(self) -> None:
        self.flat = [
            (index, p.heading, s) for index, p in enumerate(self.paragraphs) for s in p.sentences
        ]
        self.sources = [sentence for _, _, sentence in self.flat]
        title = self.title
        self.title_separate = bool(title) and (
            not self.sources or self.sources[0].strip() != (title or "").strip()
        )
        if self.title_separate and title:
            self.sources.append(title)


@dataclass
class _Meter:
    """Counts translated sentences for a `Progress` callback (a retry may count twice: capped)."""

    total: int
    report: Progress | None
    done: int = 0

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        if self.report is not None:
            self.report(self.done, self.total)


def _every_result(results: Sequence[ArticleResult | None]) -> list[ArticleResult]:
    """`results` with every slot filled; an empty one is a bug, never an article dropped."""
    done = [result for result in results if result is not None]
    if len(done) != len(results):
        raise RuntimeError(f"{len(results) - len(done)} articles got no result")
    return done


def _failed(article: Article, exc: WiredeskError) -> ArticleResult:
    """The failed result of `article`, logged once."""
    log.warning("article %s failed: %s", article.id, exc.detail)
    return ArticleResult.failed(article, error=exc.detail, code=exc.code)


def _show_source_text(result: ArticleResult, prepared: _Prepared, *, n: int) -> None:
    """Make a meaningless model's article readable: title and summary become the marked source.

    The model's own title and summary move to `model_output`; the sentence pairs and the
    translation keep the model's output, so nothing is hidden from `digest.json`.
    """
    lang = prepared.lang
    result.model_output = ModelOutput(title_en=result.title_en, summary=list(result.summary))
    if prepared.title:
        result.title_en = merge.readable(
            SentencePair(source=prepared.title, target=""), meaningful=False, language=lang
        )
    # Summarize the source side: the gibberish targets cannot say which sentences matter.
    source_side = [pair.model_copy(update={"target": pair.source}) for pair in result.sentences]
    result.summary = [
        merge.readable(SentencePair(source=line, target=""), meaningful=False, language=lang)
        for line in summarize.summarize(source_side, n=n)
    ]


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
