"""Numeric claims and disagreements, on the real seeds: with gibberish (tiny-model) targets and with
hand-made reference English (the articles come from tests/story_articles.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from tests.story_articles import (
    NOTES,
    REFERENCE,
    TINY,
    article_from_pairs,
    reference_articles,
    seed_articles,
)
from wiredesk.claims import (
    article_claims,
    attributed_names,
    english_lemma,
    extract_quantities,
    find_disagreements,
)


def values(disagreement_claims: Sequence[object]) -> list[tuple[str, list[str]]]:
    """(value, sources) of each claim, the part a reader compares."""
    return [(claim.value, claim.sources) for claim in disagreement_claims]  # type: ignore[attr-defined]


# --- the seeds ------------------------------------------------------------------------------


def test_tiny_model_seeds_give_one_soldier_disagreement_from_the_german_side() -> None:
    disagreements = find_disagreements(seed_articles(), glossary_notes=NOTES)

    assert len(disagreements) == 1
    soldiers = disagreements[0]
    assert soldiers.about == "soldiers sent"
    assert values(soldiers.claims) == [
        ("10,000", ["000", "003", "004"]),
        ("12,000", ["001", "002", "004"]),
    ]
    # Gibberish is useless as evidence, so the claim shows the German sentence that says it.
    assert "10.000 Soldaten" in soldiers.claims[0].text
    assert "12.000 Soldaten" in soldiers.claims[1].text


def test_reference_english_gives_the_same_disagreement_in_english() -> None:
    disagreements = find_disagreements(reference_articles(), glossary_notes=NOTES)

    assert len(disagreements) == 1
    soldiers = disagreements[0]
    assert soldiers.about == "soldiers sent"
    assert values(soldiers.claims) == [
        ("10,000", ["000", "003", "004"]),
        ("12,000", ["001", "002", "004"]),
    ]
    assert soldiers.claims[0].text.startswith("North Korean Foreign Minister Choe Son Hui")
    assert "about 12,000 soldiers" in soldiers.claims[1].text


def test_who_said_it_comes_from_the_text_not_from_names_in_the_sentence() -> None:
    soldiers = find_disagreements(reference_articles(), glossary_notes=NOTES)[0]
    ten, twelve = soldiers.claims

    # "nachdem Berichte des Pentagon ... 10.000 Soldaten": the Pentagon; Choe is only mentioned.
    assert "Pentagon" in ten.attributed_to
    assert any("Yonhap" in name for name in twelve.attributed_to)
    assert not any("Choe" in name for claim in soldiers.claims for name in claim.attributed_to)


def test_places_in_the_sentence_are_not_who_said_it() -> None:
    sentence = (
        "Das Pentagon zählte etwa 3.000 Soldaten in Kursk.",
        "The Pentagon counted about 3,000 soldiers in Kursk.",
    )
    other = ("In Kursk sind 2.000 Soldaten.", "There are 2,000 soldiers in Kursk.")
    articles = [article_from_pairs("a", [sentence]), article_from_pairs("b", [other])]

    claims = find_disagreements(articles, glossary_notes=NOTES)[0].claims

    assert [claim.attributed_to for claim in claims] == [[], ["Pentagon"]]


def test_glossary_notes_do_not_change_who_said_it() -> None:
    with_notes = find_disagreements(reference_articles(), glossary_notes=NOTES)[0]
    without = find_disagreements(reference_articles())[0]

    assert [c.attributed_to for c in with_notes.claims] == [c.attributed_to for c in without.claims]
    assert any("Antony Blinken" in name for name in without.claims[0].attributed_to)


def test_troops_and_soldiers_are_one_thing() -> None:
    troops = [
        (source, target.replace("up to 10,000 soldiers", "up to 10,000 troops"))
        for source, target in REFERENCE["004"]
    ]
    disagreements = find_disagreements(reference_articles(**{"004": troops}))

    assert len(disagreements) == 1
    assert disagreements[0].about == "soldiers sent"
    assert values(disagreements[0].claims)[0] == ("10,000", ["000", "003", "004"])


def test_mixed_tiny_and_real_model_articles_still_meet_on_the_source_noun() -> None:
    tiny = {article.id: article for article in seed_articles()}
    real = {article.id: article for article in reference_articles()}
    mixed = [tiny["000"], real["001"], tiny["002"], real["003"], real["004"]]

    disagreements = find_disagreements(mixed, glossary_notes=NOTES)

    assert len(disagreements) == 1
    assert values(disagreements[0].claims) == [
        ("10,000", ["000", "003", "004"]),
        ("12,000", ["001", "002", "004"]),
    ]
    assert disagreements[0].about == "soldiers sent"
    # 10,000: article 000 is gibberish, so the English sentence comes from 003.
    assert disagreements[0].claims[0].text.startswith("According to Secretary of State")


def test_the_partitive_8000_of_them_is_not_a_third_value() -> None:
    for articles in (seed_articles(), reference_articles()):
        claims = [c for article in articles for c in article_claims(article)]
        assert 8000 not in {claim.value for claim in claims}


def test_one_source_alone_is_no_disagreement() -> None:
    articles = {article.id: article for article in reference_articles()}
    # 004 alone gives both 10,000 and 12,000; 500 officers and 50 km have one source each.
    assert find_disagreements([articles["004"]]) == []
    assert find_disagreements([articles["001"]]) == []
    assert find_disagreements([]) == []


def test_same_value_from_every_source_is_no_disagreement() -> None:
    same = [
        article_from_pairs(
            f"s{i}", [(f"Es wurden {12000:,} Soldaten verlegt.".replace(",", "."), "x " * 6)]
        )
        for i in range(3)
    ]
    assert find_disagreements(same) == []


def test_other_nouns_disagree_too_and_stay_apart_from_soldiers() -> None:
    left = article_from_pairs(
        "a",
        [("Nordkorea schickte 500 Offiziere und 10.000 Soldaten, sagte Kyiv.", "bla " * 6)],
        model=TINY,
    )
    right = article_from_pairs(
        "b",
        [("Nordkorea schickte 600 Offiziere und 12.000 Soldaten, sagte Seoul.", "bla " * 6)],
        model=TINY,
    )

    about = {d.about: values(d.claims) for d in find_disagreements([left, right])}

    assert about == {
        "Offiziere (de)": [("500", ["a"]), ("600", ["b"])],
        "soldiers": [("10,000", ["a"]), ("12,000", ["b"])],
    }


def test_failed_articles_are_ignored() -> None:
    articles = reference_articles()
    articles[0] = articles[0].model_copy(update={"status": "failed", "error": "boom"})

    soldiers = find_disagreements(articles)[0]

    assert all("000" not in claim.sources for claim in soldiers.claims)


# --- extraction rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "noun", "claim"),
    [
        ("dass etwa 12.000 nordkoreanische Soldaten kamen", "de", "Soldaten", "etwa 12.000 "),
        ("wo bis zu 10.000 Soldaten stationiert sind", "de", "Soldaten", "bis zu 10.000 Soldaten"),
        ("sent about 12,000 North Korean soldiers to", "en", "soldiers", "about 12,000 North"),
        ("where up to 10,000 troops are stationed", "en", "troops", "up to 10,000 troops"),
        ("il y a 300 soldats nord-coréens", "fr", "soldats", "300 soldats"),
    ],
)
def test_head_noun_and_hedge(text: str, language: str, noun: str, claim: str) -> None:
    [quantity] = extract_quantities(text, language)

    assert quantity.noun == noun
    assert text[quantity.start : quantity.end].startswith(claim)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("8000 von ihnen sind bereits in Kursk.", "de"),
        ("8,000 of them are already in Kursk.", "en"),
        ("Davon 300 Soldaten in Kursk.", "de"),
        ("Nordkorea schickte Soldaten, darunter 500 Offiziere.", "de"),
        ("am Donnerstag (24. Oktober) berichtet", "de"),
        ("on October 24 reported", "en"),
        ("im Jahr 1949 in der Sowjetunion", "de"),
        ("Juni 2024 in Pjöngjang", "de"),
        ("Jetzt für nur 0,99€ im ersten Monat testen", "de"),
        ("Jetzt für nur 0,99 € testen", "de"),
        ("Hilfe über 500 Millionen Euro", "de"),
        ("a $5 million aid package", "en"),
        ("12 Prozent der Stimmen", "de"),
        ("12 % der Stimmen", "de"),
        ("45 percent of voters", "en"),
        ("um 14:30 Uhr begann", "de"),
        ("gegen 15 Uhr begann", "de"),
        ("at 3 p.m. local time", "en"),
        ("seit 2 Jahren im Krieg", "de"),
        ("zwischen 10.000 und 12.000 Soldaten", "de"),
        ("10.000-12.000 Soldaten", "de"),
        ("Tausende nordkoreanische Soldaten", "de"),
        ("thousands of North Korean soldiers", "en"),
        ("Das Spiel endete 3:1 für Bayern.", "de"),
        ("Es waren 500.", "de"),
        ("only 50 kilometres from the border", "en"),
        ("nur 50 Kilometer von der Grenze", "de"),
    ],
)
def test_non_claims_are_ignored(text: str, language: str) -> None:
    assert extract_quantities(text, language) == []


def test_a_count_before_a_partitive_subset_still_counts() -> None:
    found = extract_quantities("etwa 12.000 Soldaten, darunter 500 Offiziere", "de")

    assert [(q.value, q.noun, q.hedge) for q in found] == [(12000.0, "Soldaten", "etwa")]


def test_scale_words_multiply() -> None:
    [german] = extract_quantities("Fast 1,5 Millionen Menschen flohen.", "de")
    [english] = extract_quantities("Nearly 1.5 million people fled.", "en")

    assert german.value == english.value == 1_500_000
    assert (german.noun, english.noun) == ("Menschen", "people")


def test_english_lemmas() -> None:
    assert [english_lemma(w) for w in ["Soldiers", "troops", "casualties", "people", "bus"]] == [
        "soldier",
        "soldier",
        "casualty",
        "people",
        "bus",
    ]


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        (
            "Die US-Regierung geht laut Außenminister Antony Blinken davon aus",
            "de",
            ["Außenminister Antony Blinken"],
        ),
        ('"Wir werden", sagte Choe bei einem Besuch.', "de", ["Choe"]),
        ("laut einem Briefing der Geheimdienste", "de", ["Briefing der Geheimdienste"]),
        (
            "According to Secretary of State Antony Blinken, the",
            "en",
            ["Secretary of State Antony Blinken"],
        ),
        ("according to the Pentagon, 10,000 troops", "en", ["Pentagon"]),
        ("Lloyd Austin said on Friday", "en", ["Lloyd Austin"]),
        ("he said on Friday", "en", []),
    ],
)
def test_attributed_names(text: str, language: str, names: list[str]) -> None:
    assert attributed_names(text, language) == names


def test_hostile_input_is_bounded() -> None:
    line = ("9" * 50 + " bis zu " + "Soldaten" * 1000 + " ") * 200  # ~1.7 MB on one line
    text = "10.000 Soldaten " * 20_000 + line

    started = time.perf_counter()
    found = extract_quantities(text, "de")
    elapsed = time.perf_counter() - started

    assert sum(quantity.value == 10_000 for quantity in found) == 20_000
    assert elapsed < 5


def test_english_source_articles_are_read_as_english() -> None:
    left = article_from_pairs(
        "en1", [("The Pentagon says 10,000 troops are in Russia.",) * 2], language="en"
    )
    right = article_from_pairs(
        "en2", [("Seoul says some 12,000 soldiers have arrived.",) * 2], language="en"
    )

    [disagreement] = find_disagreements([left, right])

    assert disagreement.about == "soldiers"
    assert values(disagreement.claims) == [("10,000", ["en1"]), ("12,000", ["en2"])]
    assert [c.attributed_to for c in disagreement.claims] == [["Pentagon"], ["Seoul"]]
