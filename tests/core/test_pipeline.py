"""The pipeline as a whole, called directly, with a deterministic fake translator."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import FakeTranslator
from wiredesk.config import Settings
from wiredesk.glossary import parse_glossary
from wiredesk.pipeline import Pipeline, join_paragraphs
from wiredesk.schema import Article, SentencePair


def seed(seeds_dir: Path, prefix: str) -> Article:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return Article(id=path.stem, text=path.read_text(encoding="utf-8"), origin=str(path))


@pytest.fixture
def fake() -> FakeTranslator:
    return FakeTranslator(mangle={"Pyongyang": "Pjöngjang"}, drop=["Kursk"])


@pytest.fixture
def pipeline(fake: FakeTranslator) -> Pipeline:
    return Pipeline(Settings(), translators={"de": fake})


def test_a_seed_goes_through_every_stage(pipeline: Pipeline, seeds_dir: Path) -> None:
    result = pipeline.process(seed(seeds_dir, "000"))
    assert result.status == "ok" and result.language == "de" and result.model == "fake"
    assert len(result.sentences) >= 15
    assert all(pair.target for pair in result.sentences)
    assert 1 <= len(result.summary) <= 3
    assert result.translation.count("\n\n") == len({p.paragraph for p in result.sentences}) - 1
    targets = {hit.target for hit in result.glossary}
    assert {"Choe Son Hui", "Moscow", "Pyongyang", "Kursk"} <= targets


def test_glossary_repair_and_missing_terms_reach_the_flags(
    pipeline: Pipeline, seeds_dir: Path
) -> None:
    result = pipeline.process(seed(seeds_dir, "000"))
    pyongyang = [hit for hit in result.glossary if hit.target == "Pyongyang"]
    assert pyongyang and all(hit.in_output and hit.repaired for hit in pyongyang)
    kursk = next(hit for hit in result.glossary if hit.target == "Kursk")
    assert not kursk.in_output
    flags = result.sentences[kursk.sentence].flags
    assert "glossary_missing:Kursk" in flags


def test_all_sentences_and_the_title_go_in_one_batch(fake: FakeTranslator, seeds_dir: Path) -> None:
    article = seed(seeds_dir, "002").model_copy(update={"title": "Nordkorea schickt Soldaten"})
    result = Pipeline(Settings(), translators={"de": fake}).process(article)
    assert len(fake.calls) == 1
    assert len(fake.calls[0]) == len(result.sentences) + 1
    assert result.title_en and "North Korea" in result.title_en


def test_english_passes_through_untranslated(pipeline: Pipeline, fake: FakeTranslator) -> None:
    text = (
        "The government published new figures on Monday. About 10,000 soldiers were deployed, "
        "the ministry said. Officials expect more details later this week."
    )
    result = pipeline.process(Article(id="en", text=text))
    assert result.status == "ok" and result.language == "en" and result.model is None
    assert [pair.target for pair in result.sentences] == [pair.source for pair in result.sentences]
    assert not fake.calls


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("Kommentare", None, "empty_article"),
        ("Kurz.", None, "language_undetected"),
        (
            "Habari za asubuhi. Watoto wanakwenda shuleni kila siku na walimu.",
            "sw",
            "unsupported_language",
        ),
    ],
)
def test_article_problems_become_failed_results(
    pipeline: Pipeline, text: str, language: str | None, code: str
) -> None:
    result = pipeline.process(Article(id="bad", text=text, language=language))
    assert result.status == "failed"
    assert result.error_code == code and result.error


def test_with_options_shares_models_and_overrides_batch_settings(
    pipeline: Pipeline, fake: FakeTranslator, seeds_dir: Path
) -> None:
    glossary = parse_glossary("Nordkorea\tDPRK\tplace\n")
    batch = pipeline.with_options(beams=2, summary_sentences=1, glossary=glossary)
    result = batch.process(seed(seeds_dir, "002"))
    assert batch.translator_for("de") is fake
    assert fake.beams == [2]
    assert len(result.summary) == 1
    assert {hit.target for hit in result.glossary} == {"DPRK"}
    assert pipeline.beams == 4 and pipeline.glossary_for("de") is not glossary


def test_digest_merges_processed_seeds_and_keeps_failures(
    pipeline: Pipeline, seeds_dir: Path
) -> None:
    results = [pipeline.process(seed(seeds_dir, f"00{i}")) for i in range(5)]
    results.append(pipeline.process(Article(id="empty", text=" ")))
    digest = pipeline.digest(results)
    assert len(digest.articles) == 6
    assert len(digest.stories) == 1 and len(digest.stories[0].articles) == 5
    values = {c.value for d in digest.stories[0].disagreements for c in d.claims}
    assert {"10,000", "12,000"} <= values


def test_join_paragraphs_keeps_paragraph_breaks() -> None:
    pairs = [
        SentencePair(source="a", target="One.", paragraph=0),
        SentencePair(source="b", target="Two.", paragraph=0),
        SentencePair(source="c", target="Three.", paragraph=1),
    ]
    assert join_paragraphs(pairs) == "One. Two.\n\nThree."


def test_meaningless_model_digest_shows_marked_source_not_gibberish(seeds_dir: Path) -> None:
    tiny_like = FakeTranslator()
    tiny_like.name = "fake (random weights: output is meaningless)"
    tiny_like.meaningless = True
    pipeline = Pipeline(Settings(), translators={"de": tiny_like})
    digest = pipeline.digest([pipeline.process(seed(seeds_dir, f"00{i}")) for i in range(5)])
    story = digest.stories[0]
    assert story.headline.startswith("[de, untranslated] ")
    assert all(point.text.startswith("[de, untranslated] ") for point in story.key_points)
    assert any("meaningless" in notice for notice in digest.notices)


def meaningless(name: str) -> FakeTranslator:
    translator = FakeTranslator()
    translator.name = name  # type: ignore[misc]
    translator.meaningless = True  # type: ignore[misc]
    return translator


FRENCH = Article(
    id="fr1",
    language="fr",
    text="La Corée du Nord envoie des soldats en Russie selon les services secrets. "
    "Le ministre a rencontré ses homologues à Moscou vendredi dernier pour des discussions.",
)


def test_a_digest_carries_its_own_languages_notices_once(seeds_dir: Path) -> None:
    pipeline = Pipeline(
        Settings(), translators={"de": meaningless("de-x"), "fr": meaningless("fr-x")}
    )
    german = pipeline.process_many([seed(seeds_dir, "000"), seed(seeds_dir, "001")])
    french = pipeline.process(FRENCH)
    both = pipeline.digest([*german, french])
    assert len(both.notices) == len(set(both.notices)) == 2
    only_german = pipeline.digest(german, notices=[*both.notices[:1], *both.notices[:1]])
    assert only_german.notices == [n for n in both.notices if "'de'" in n]
    assert pipeline.notices_for(["fr"]) == [n for n in both.notices if "'fr'" in n]


def test_a_meaningless_model_shows_the_marked_source_and_keeps_its_own_output(
    seeds_dir: Path,
) -> None:
    pipeline = Pipeline(Settings(), translators={"de": meaningless("de-x")})
    result = pipeline.process(seed(seeds_dir, "003"))
    assert result.title and result.title_en == f"[de, untranslated] {result.title}"
    assert result.summary and all(s.startswith("[de, untranslated] ") for s in result.summary)
    sources = {pair.source for pair in result.sentences}
    assert all(s.removeprefix("[de, untranslated] ") in sources for s in result.summary)
    assert result.model_output is not None
    targets = {pair.target for pair in result.sentences}
    assert result.model_output.summary and set(result.model_output.summary) <= targets
    assert result.model_output.title_en in targets
    assert result.translation == join_paragraphs(result.sentences)  # the model's, unchanged


def test_a_real_model_has_no_model_output_field(pipeline: Pipeline, seeds_dir: Path) -> None:
    result = pipeline.process(seed(seeds_dir, "003"))
    assert result.model_output is None and not result.title_en.startswith("[de")  # type: ignore[union-attr]
