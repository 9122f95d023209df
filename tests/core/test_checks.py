"""Per-sentence quality flags, one behaviour per test, with sentences from the seeds."""

from __future__ import annotations

import pytest

from wiredesk.checks import check_sentence

SOURCE = (
    "Das Pentagon gab bekannt, dass nordkoreanische Truppen begonnen haben, "
    "in die Kursk-Region Russlands zu gelangen."
)
TARGET = (
    "The Pentagon announced that North Korean troops have begun to enter Russia's Kursk region."
)


def flags(
    source: str, target: str, *, missing: list[str] | None = None, repaired: list[str] | None = None
) -> list[str]:
    return check_sentence(
        source, target, src_lang="de", missing_terms=missing or [], repaired_terms=repaired or []
    )


def test_a_good_translation_has_no_flags() -> None:
    assert flags(SOURCE, TARGET) == []


def test_blank_source_has_nothing_to_check() -> None:
    assert flags("  \n", "") == []


def test_empty_output() -> None:
    assert flags(SOURCE, "  ") == ["empty"]
    assert flags(SOURCE, "", missing=["Kursk", "Kursk"]) == [
        "empty",
        "glossary_missing:Kursk",
    ]


def test_untranslated_needs_four_words() -> None:
    copied = "Nordkorea sichert Russland Unterstützung zu"
    assert "untranslated" in flags(copied, copied)
    assert "untranslated" in flags(copied, "  nordkorea SICHERT Russland\nUnterstützung zu ")
    assert flags("Ukraine-Krieg: AP News", "Ukraine-Krieg: AP News") == []
    assert check_sentence(copied, copied, src_lang="en") == []  # nothing to translate


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("The Pentagon announced.", ["too_short"]),
        (TARGET + " " + TARGET + " " + TARGET, ["too_long"]),
        (TARGET, []),
    ],
)
def test_length_ratio_of_a_long_sentence(target: str, expected: list[str]) -> None:
    assert flags(SOURCE, target) == expected


def test_short_sentences_get_more_slack() -> None:
    headline = "Globale Alarmglocken läuten"  # 27 characters: bounds 0.25-4.0
    assert flags(headline, "Global alarm bells ring") == []
    assert flags(headline, "Alarm bell") == []  # ratio 0.37: too short for a long sentence
    assert flags(headline, "Bells") == ["too_short"]  # ratio 0.19
    assert flags(headline, "Global alarm bells are ringing all over the world now") == []  # 1.96
    assert flags("Kommentare", "Comments on the article written by our readers") == ["too_long"]
    assert flags("Kiew", "Kyiv (Ukraine), the capital city of the country") == []  # under 10 chars


def test_length_ratio_allows_for_dense_scripts() -> None:
    chinese = "朝鲜已经向俄罗斯派遣了大约一万名士兵，以支持俄罗斯在乌克兰的战争"  # 32 characters
    english = (
        "North Korea has already sent about 10,000 soldiers to Russia "
        "to support Russia's war in Ukraine."
    )  # 96 characters: a ratio of 3.0
    assert check_sentence(chinese, english, src_lang="zh") == []
    assert check_sentence(chinese, english, src_lang="de") == ["too_long"]


def test_numbers_written_the_english_way_are_kept() -> None:
    source = "Nordkorea hat etwa 10.000 Soldaten und 0,99 Prozent entsandt, 8000 davon nach Kursk."
    target = "North Korea has sent about 10,000 soldiers and 0.99 percent, 8,000 of them to Kursk."
    assert flags(source, target) == []


def test_lost_numbers_are_named_as_written_in_the_source() -> None:
    source = "Insgesamt habe Nordkorea etwa 12.000 Soldaten, darunter 500 Offiziere, verlegt."
    target = "In total, North Korea has moved about 10,000 soldiers, including officers."
    assert flags(source, target) == ["number_lost:12.000", "number_lost:500"]


def test_repeated_numbers_must_all_be_kept() -> None:
    source = "Zuerst 500, dann noch einmal 500 Soldaten an der Grenze."
    target = "First 500, then another five hundred soldiers at the border."
    assert flags(source, target) == ["number_lost:500"]


@pytest.mark.parametrize(
    "target",
    [
        "The HUR reported on Thursday (October 24) that the first units had arrived.",
        "The HUR reported on Thursday (24 October) that the first units had arrived.",
        "The HUR reported on Thursday (October 24th) that the first units had arrived.",
    ],
)
def test_dates_keep_their_day(target: str) -> None:
    source = "Der HUR hatte am Donnerstag (24. Oktober) berichtet, dass die Einheiten da seien."
    assert flags(source, target) == []


def test_a_wrong_day_is_lost() -> None:
    source = "Der HUR hatte am Donnerstag (24. Oktober) berichtet, dass die Einheiten da seien."
    target = "The HUR reported on Thursday (October 23rd) that the first units had arrived."
    assert flags(source, target) == ["number_lost:24"]


def test_glossary_flags_are_listed_once_each_in_order() -> None:
    result = flags(
        SOURCE,
        TARGET,
        missing=["Kursk", "Pyongyang", "Kursk"],
        repaired=["Choe Son Hui"],
    )
    assert result == [
        "glossary_missing:Kursk",
        "glossary_missing:Pyongyang",
        "glossary_repaired:Choe Son Hui",
    ]


def test_flags_come_in_documented_order() -> None:
    source = "Die Truppen, etwa 10.000 Soldaten, sind seit Wochen in der russischen Region Kursk."
    result = check_sentence(
        source,
        "The troops.",
        src_lang="de",
        missing_terms=["Kursk"],
        repaired_terms=["Russia"],
    )
    assert result == [
        "too_short",
        "number_lost:10.000",
        "glossary_missing:Kursk",
        "glossary_repaired:Russia",
    ]
