"""Who said it: only whom the text names as the source of a figure, in English and German."""

from __future__ import annotations

import pytest

from tests.story_articles import article_from_text
from wiredesk.claims import article_claims, attributed_names


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        ("The coastguard said 12 sailors were missing.", "en", ["coastguard"]),
        ("Twelve sailors were missing, the coastguard said.", "en", ["coastguard"]),
        ("Twelve sailors are missing, according to the navy.", "en", ["navy"]),
        ("The health ministry puts the toll at 31.", "en", ["health ministry"]),
        ('"We lost 12 men," said captain Ivo Brand.', "en", ["captain Ivo Brand"]),
        (
            "The insurer, which covers the fleet, estimated the losses at 40 boats.",
            "en",
            ["insurer"],
        ),
        ("Laut Feuerwehr wurden 12 Menschen verletzt.", "de", ["Feuerwehr"]),
        ("Nach Angaben des Rettungsdienstes gab es 12 Verletzte.", "de", ["Rettungsdienstes"]),
        ("Zwölf Menschen wurden verletzt, sagte ein Polizeisprecher.", "de", ["Polizeisprecher"]),
        ("Die Bergwacht zählte acht Verletzte.", "de", ["Bergwacht"]),
        ("Wie der Rundfunk berichtet, starben zwölf Menschen.", "de", ["Rundfunk"]),
        ("Das teilte die Stadtverwaltung am Freitag mit.", "de", ["Stadtverwaltung"]),
    ],
)
def test_verbs_of_saying_name_the_source(text: str, language: str, names: list[str]) -> None:
    assert attributed_names(text, language) == names


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mayor Lena Hart visited the 40 families in the school.", "en"),
        ("Governor Ames flew over the valley, where 300 homes were flooded.", "en"),
        ("Bürgermeister Kurt Abel besuchte die 40 Familien.", "de"),
        ("Im Ort gibt es noch 300 Höfe.", "de"),
    ],
)
def test_people_merely_mentioned_are_not_sources(text: str, language: str) -> None:
    assert attributed_names(text, language) == []


def speakers(text: str, language: str = "en") -> list[tuple[float, tuple[str, ...]]]:
    """(value, speakers) of each claim of a one-paragraph article."""
    article = article_from_text("x", text, language=language)
    return [(claim.value, claim.attributed_to) for claim in article_claims(article)]


def test_two_speakers_in_one_sentence_each_keep_their_figure() -> None:
    text = "The union said 900 workers walked out, while the company put the number at 400."
    assert speakers(text) == [(900, ("union",)), (400, ("company",))]
    german = "Die Polizei zählte 900 Teilnehmer, die Veranstalter sprechen von 4000."
    assert speakers(german, "de") == [(900, ("Polizei",)), (4000, ("Veranstalter",))]


def test_the_speaker_can_stand_in_the_next_sentence() -> None:
    text = "Rund 4.000 Haushalte waren ohne Strom. Das teilte der Netzbetreiber mit."
    assert speakers(text, "de") == [(4000, ("Netzbetreiber",))]
    english = "Eleven boats sank. That was the figure given by the harbour office."
    assert speakers(english) == [(11, ("harbour office",))]


def test_a_pronoun_speaker_is_the_one_named_before() -> None:
    text = "Die Polizei sprach von weniger Teilnehmern. Sie zählte rund 800 Demonstranten."
    assert speakers(text, "de") == [(800, ("Polizei",))]


def test_a_short_name_takes_the_full_name_given_earlier() -> None:
    text = (
        "Nach Angaben des Mieterbunds Nordstadt sind mehr Wohnungen betroffen. "
        "Der Bund zählte 310 beschädigte Wohnungen."
    )
    assert speakers(text, "de") == [(310, ("Mieterbunds Nordstadt",))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Dem Rettungsdienst zufolge gab es 30 Verletzte.", ["Rettungsdienst"]),
        ("Nach Polizeiangaben wurden 30 Menschen verletzt.", ["Polizei"]),
        ("Die Zeitung schrieb von 30 Verletzten.", ["Zeitung"]),
    ],
)
def test_more_german_ways_of_naming_a_source(text: str, names: list[str]) -> None:
    assert attributed_names(text, "de") == names


def test_a_long_subject_is_still_the_speaker() -> None:
    text = "A spokesman for the regional fire service said 30 people were hurt."
    assert speakers(text) == [(30, ("spokesman for the regional fire service",))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Insgesamt zählte die Leitstelle 512 Notrufe.", ["Leitstelle"]),
        ("Am Montag zählte die Polizei 300 Fahrzeuge.", ["Polizei"]),
        ("Die Feuerwehr rückte nach eigenen Angaben zu 350 Einsätzen aus.", ["Feuerwehr"]),
    ],
)
def test_german_verb_second_puts_the_speaker_after_the_verb(text: str, names: list[str]) -> None:
    assert attributed_names(text, "de") == names


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        ("Health ministry figures show 40 deaths.", "en", ["Health ministry figures"]),
        (
            "According to figures from the health ministry, 40 people died.",
            "en",
            ["health ministry"],
        ),
        ("A police spokesman, Jan Berg, said 12 people were arrested.", "en", ["Jan Berg"]),
        ("Police, who sealed off the area, said 12 people were hurt.", "en", ["Police"]),
        ("Es seien 31 Personen evakuiert worden, hieß es von der Stadt.", "de", ["Stadt"]),
    ],
)
def test_wire_service_ways_of_naming_a_source(text: str, language: str, names: list[str]) -> None:
    assert attributed_names(text, language) == names
