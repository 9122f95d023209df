"""Stories from the seeds (tiny-model gibberish and reference English) and unrelated articles."""

from __future__ import annotations

import time

from tests.story_articles import (
    NOTES,
    TINY,
    article_from_pairs,
    article_from_text,
    reference_articles,
    seed_articles,
)
from wiredesk.merge import MAX_KEY_POINTS, build_digest, build_stories, group_articles
from wiredesk.schema import ArticleResult

FOOTBALL_DE = """Bayern München gewinnt das Spitzenspiel
Der FC Bayern München hat am Samstagabend das Spitzenspiel gegen Borussia Dortmund mit 3:1 \
gewonnen. Vor 75.000 Zuschauern in der ausverkauften Allianz Arena trafen Harry Kane zweimal und \
Jamal Musiala einmal für die Gastgeber.
Dortmund war zunächst durch einen Kopfball in Führung gegangen, konnte den Vorsprung aber nicht \
halten. Trainer Vincent Kompany lobte nach dem Abpfiff die Moral seiner Mannschaft und die starke \
zweite Halbzeit.
Mit dem Sieg baut der Rekordmeister seinen Vorsprung an der Tabellenspitze auf sechs Punkte aus. \
Am kommenden Wochenende empfängt Bayern den VfB Stuttgart."""

WEATHER_DE = """Unwetter im Süden erwartet
Der Deutsche Wetterdienst warnt für das Wochenende vor schweren Gewittern mit Starkregen und \
Hagel in Bayern und Baden-Württemberg. Örtlich können bis zu 40 Liter Regen pro Quadratmeter \
fallen.
Die Temperaturen steigen zuvor noch einmal auf über 30 Grad. Ab Montag wird es deutlich kühler \
und wechselhaft."""

FOOTBALL_PAIRS = [
    ("Bayern München gewinnt das Spitzenspiel", "Bayern Munich win the top match"),
    (
        "Der FC Bayern München hat am Samstagabend das Spitzenspiel gegen Borussia Dortmund mit "
        "3:1 gewonnen.",
        "FC Bayern Munich won the top match against Borussia Dortmund 3-1 on Saturday evening.",
    ),
    (
        "Vor 75.000 Zuschauern in der ausverkauften Allianz Arena trafen Harry Kane zweimal und "
        "Jamal Musiala einmal für die Gastgeber.",
        "In front of 75,000 spectators in the sold-out Allianz Arena, Harry Kane scored twice "
        "and Jamal Musiala once for the hosts.",
    ),
    (
        "Trainer Vincent Kompany lobte nach dem Abpfiff die Moral seiner Mannschaft.",
        "Coach Vincent Kompany praised his team's morale after the final whistle.",
    ),
]


def seeds_and_unrelated() -> list[ArticleResult]:
    """The tiny-model seeds plus a German football and a weather article."""
    return [
        *seed_articles(),
        article_from_text("fb1", FOOTBALL_DE),
        article_from_text("wx1", WEATHER_DE),
    ]


def story_of(stories: list, article_id: str):  # type: ignore[no-untyped-def]
    """The story that holds `article_id`."""
    return next(story for story in stories if article_id in story.articles)


# --- grouping -------------------------------------------------------------------------------


def test_tiny_model_seeds_are_one_story_and_unrelated_articles_their_own() -> None:
    stories = build_stories(seeds_and_unrelated(), glossary_notes=NOTES)

    assert [story.articles for story in stories] == [
        ["000", "001", "002", "003", "004"],
        ["fb1"],
        ["wx1"],
    ]


def test_reference_english_seeds_are_one_story_apart_from_english_football() -> None:
    articles = [*reference_articles(), article_from_pairs("fb1", FOOTBALL_PAIRS)]

    stories = build_stories(articles)

    assert [story.articles for story in stories] == [["000", "001", "002", "003", "004"], ["fb1"]]


def test_gibberish_shared_by_everything_does_not_glue_stories() -> None:
    # The tiny model may write the same words for every input; that must not count as topic.
    def same(_: str) -> str:
        """The same English for every sentence."""
        return "Storm warning for Bavaria"

    football = article_from_text("fb1", FOOTBALL_DE, translate=same)
    seeds = seed_articles(translate=same)

    groups = group_articles([*seeds, football])

    assert [[a.id for a in group] for group in groups] == [
        ["000", "001", "002", "003", "004"],
        ["fb1"],
    ]
    # From a model that claims to be real, identical English is evidence, and is used.
    real = [a.model_copy(update={"model": "opus"}) for a in [*seeds, football]]
    assert len(group_articles(real)) == 1


def test_threshold_one_separates_everything_and_zero_joins_related() -> None:
    articles = seeds_and_unrelated()

    assert len(build_stories(articles, threshold=1.0)) == len(articles)
    assert len(build_stories(articles[:5], threshold=0.0)) == 1


def test_glossary_names_alone_group_articles_in_different_languages() -> None:
    german = article_from_pairs("de1", [("Choe Son Hui trifft Lawrow in Moskau.", "x y z")])
    french = article_from_pairs(
        "fr1",
        [("Choe Son Hui rencontre Lawrow à Moscou.", "a b c")],
        language="fr",
    )

    assert len(group_articles([german, french])) == 1


# --- one story ------------------------------------------------------------------------------


def test_reference_story_has_points_disagreement_headline_lead_and_summaries() -> None:
    story = build_stories(reference_articles(), glossary_notes=NOTES)[0]

    assert story.headline  # the most central article's English title
    assert story.headline in {article.title_en for article in reference_articles()}
    assert story.lead.startswith(story.key_points[0].text)
    assert 0 < len(story.key_points) <= MAX_KEY_POINTS
    assert [d.about for d in story.disagreements] == ["soldiers sent"]
    assert [s.id for s in story.summaries] == ["000", "001", "002", "003", "004"]
    assert all(s.source and s.language == "de" and s.url for s in story.summaries)
    assert all(1 <= len(s.summary) <= 3 for s in story.summaries)


def test_key_points_merge_sources_that_agree_and_keep_disputed_numbers_apart() -> None:
    story = build_stories(reference_articles())[0]
    supports = [len(point.sources) for point in story.key_points]

    assert supports == sorted(supports, reverse=True)  # most supported first
    assert supports[0] >= 2
    twelve = [point for point in story.key_points if "12,000" in point.text]
    assert twelve and {"001", "002"} <= set(twelve[0].sources)
    assert not {"000", "003"} & set(twelve[0].sources)  # they say 10,000
    for point in story.key_points:
        assert point.sources == sorted(set(point.sources))
        assert "10,000" not in point.text or "12,000" not in point.text


def test_tiny_model_story_still_has_structure() -> None:
    story = build_stories(seeds_and_unrelated(), glossary_notes=NOTES)[0]

    assert story.headline and story.lead
    assert any(len(point.sources) >= 2 for point in story.key_points)
    assert [d.about for d in story.disagreements] == ["soldiers sent"]
    assert len(story.summaries) == 5


def test_headline_falls_back_to_first_heading_then_first_sentence() -> None:
    with_heading = article_from_pairs(
        "h", [("Eine Überschrift", "A headline"), ("Ein langer Satz mit Inhalt hier.", "A long")]
    )
    without = article_from_pairs("s", [("Ein langer Satz mit sehr viel Inhalt.", "X " * 100)])

    assert build_stories([with_heading])[0].headline == "A headline"
    headline = build_stories([without])[0].headline
    assert headline.endswith("…") and len(headline) <= 141


def test_given_summaries_are_used_and_stored_ones_kept() -> None:
    articles = reference_articles()
    articles[1] = articles[1].model_copy(update={"summary": ["Stored summary."]})

    story = build_stories(articles, summaries={"000": ["Given summary."]})[0]
    by_id = {summary.id: summary.summary for summary in story.summaries}

    assert by_id["000"] == ["Given summary."]
    assert by_id["001"] == ["Stored summary."]


def test_output_is_deterministic_whatever_the_input_order() -> None:
    articles = seeds_and_unrelated()

    first = [s.model_dump() for s in build_stories(articles, glossary_notes=NOTES)]
    again = [s.model_dump() for s in build_stories(articles[::-1], glossary_notes=NOTES)]

    assert first == again


# --- the digest -----------------------------------------------------------------------------


def test_digest_keeps_failed_articles_out_of_stories() -> None:
    failed = ArticleResult(id="bad", status="failed", error="binary content", model=TINY)
    articles = [*reference_articles(), failed]

    digest = build_digest(articles, notices=["Tiny model: output is meaningless."])

    assert [a.id for a in digest.articles] == ["000", "001", "002", "003", "004", "bad"]
    assert all("bad" not in story.articles for story in digest.stories)
    assert digest.notices == ["Tiny model: output is meaningless."]


def test_empty_and_odd_inputs() -> None:
    empty = ArticleResult(id="empty", language="de", model=TINY)
    no_language = article_from_pairs("nolang", FOOTBALL_PAIRS, language="")

    assert build_digest([]).stories == []
    stories = build_stories([empty, no_language])
    assert sorted(story.articles[0] for story in stories) == ["empty", "nolang"]
    assert story_of(stories, "empty").key_points == []


def test_a_large_batch_stays_fast() -> None:
    articles = [
        article.model_copy(update={"id": f"{copy:03d}-{article.id}"})
        for copy in range(20)
        for article in seeds_and_unrelated()
    ]

    started = time.perf_counter()
    stories = build_stories(articles)
    elapsed = time.perf_counter() - started

    assert len(stories[0].articles) == 100  # twenty copies of each seed
    assert len(stories[0].key_points) <= MAX_KEY_POINTS
    assert elapsed < 8
