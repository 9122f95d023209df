"""Processing many articles at once: one translation call per language, same results as alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.fakes import FakeTranslator
from wiredesk import enforce
from wiredesk.config import Settings
from wiredesk.errors import TranslationError
from wiredesk.glossary import parse_glossary
from wiredesk.pipeline import Pipeline
from wiredesk.schema import Article
from wiredesk.translate.base import ReportingTranslator

ENGLISH_TEXT = (
    "The government published new figures on Monday. About 10,000 soldiers were deployed, "
    "the ministry said. Officials expect more details later this week."
)


def seeds(seeds_dir: Path) -> list[Article]:
    return [
        Article(id=path.stem, text=path.read_text(encoding="utf-8"))
        for path in sorted(seeds_dir.glob("*.txt"))
    ]


def fake() -> FakeTranslator:
    return FakeTranslator(mangle={"Pyongyang": "Pjöngjang"}, drop=["Kursk"])


class PoisonTranslator(FakeTranslator):
    """Fails any call that holds a sentence with POISON in it, as a broken batch would."""

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        if any("POISON" in sentence for sentence in sentences):
            self.calls.append(list(sentences))
            raise TranslationError("the backend choked on a batch")
        return super().translate(sentences, beams=beams)


def test_together_gives_what_one_by_one_gives_in_one_call(seeds_dir: Path) -> None:
    articles = seeds(seeds_dir)
    alone_fake, together_fake = fake(), fake()
    alone = [Pipeline(Settings(), translators={"de": alone_fake}).process(a) for a in articles]
    together = Pipeline(Settings(), translators={"de": together_fake}).process_many(articles)
    assert len(alone_fake.calls) == len(articles) and len(together_fake.calls) == 1
    assert [r.model_dump() for r in together] == [r.model_dump() for r in alone]
    # Hits are numbered within their article, so they point at that article's own sentences.
    for result in together:
        for hit in result.glossary:
            assert hit.match in result.sentences[hit.sentence].source


def test_one_call_per_language_and_english_passes_through(seeds_dir: Path) -> None:
    german = fake()
    french = FakeTranslator(vocabulary={})
    pipeline = Pipeline(Settings(), translators={"de": german, "fr": french})
    articles = [
        *seeds(seeds_dir)[:2],
        Article(id="en", text=ENGLISH_TEXT),
        Article(id="fr", text="Le gouvernement a publié des chiffres lundi.", language="fr"),
    ]
    results = pipeline.process_many(articles)
    assert [r.id for r in results] == [a.id for a in articles]
    assert [r.language for r in results] == ["de", "de", "en", "fr"]
    assert len(german.calls) == 1 and len(french.calls) == 1
    assert results[2].model is None and results[2].translation.startswith("The government")


def test_a_bad_article_fails_alone_and_the_rest_are_kept(seeds_dir: Path) -> None:
    articles = seeds(seeds_dir)[:3]
    poison = Article(id="poison", text=articles[0].text.replace("Pjöngjang", "POISON", 1))
    translator = PoisonTranslator()
    pipeline = Pipeline(Settings(), translators={"de": translator})
    results = pipeline.process_many(
        [articles[0], poison, Article(id="empty", text=" "), *articles[1:]]
    )
    assert [r.status for r in results] == ["ok", "failed", "failed", "ok", "ok"]
    assert results[1].error_code == "translation_failed" and "choked" in (results[1].error or "")
    assert results[2].error_code == "empty_article"
    # the joint call failed once, then each article was tried alone
    assert len(translator.calls) == 1 + 4


def test_progress_counts_every_sentence_up_to_the_total(seeds_dir: Path) -> None:
    seen: list[tuple[int, int]] = []
    translator = fake()
    settings = Settings(batch_size=4)
    Pipeline(settings, translators={"de": translator}).process_many(
        seeds(seeds_dir), progress=lambda done, total: seen.append((done, total))
    )
    total = sum(len(call) for call in translator.calls)  # every sentence and title translated
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(translator.calls) == len(seen) == -(-total // (settings.batch_size * 4))


def test_reporting_translator_keeps_order_and_chunks_by_length() -> None:
    inner = FakeTranslator(vocabulary={})
    reported: list[int] = []
    sentences = ["a", "bbbbbbbb", "ccc", "dd", "eeeeeeeeeeee", "ffff", "g"]
    wrapped = ReportingTranslator(inner, on_done=reported.append, chunk=3)
    assert wrapped.translate(sentences, beams=2) == inner.translate(sentences)
    assert reported == [3, 3, 1]
    assert inner.calls[0] == ["eeeeeeeeeeee", "bbbbbbbb", "ffff"]  # the longest first
    assert inner.beams[:3] == [2, 2, 2]
    assert wrapped.name == inner.name and wrapped.meaningless is inner.meaningless


def test_reporting_translator_refuses_a_short_answer() -> None:
    wrapped = ReportingTranslator(FakeTranslator(short_by=1), on_done=lambda n: None, chunk=2)
    with pytest.raises(TranslationError, match="returned 1 sentences for 2"):
        wrapped.translate(["eins", "zwei"])


def test_grouped_enforcement_numbers_hits_within_each_group() -> None:
    glossary = parse_glossary("Pjöngjang\tPyongyang\tplace\n")
    groups = [["Der Krieg.", "Pjöngjang sagte."], ["Pjöngjang traf Moskau.", "Heute."]]
    done = enforce.translate_groups_with_glossary(groups, FakeTranslator(), glossary)
    assert [[s.source for s in group] for group in done] == groups
    assert [hit.sentence for hit in done[0][1].hits] == [1]
    assert [hit.sentence for hit in done[1][0].hits] == [0]
    assert enforce.translate_groups_with_glossary([], FakeTranslator(), glossary) == []
