"""Reading figures: digits in both notations, numbers as words, hedges, and non-counts left out."""

from __future__ import annotations

import pytest

from wiredesk.claims import read_figures


def counts(text: str, language: str) -> list[tuple[float, str | None]]:
    """(value, hedge) of every figure in `text` that is a count."""
    return [(f.value, f.hedge) for f in read_figures(text, language) if f.kind == "count"]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Officers towed 3,250 cars away.", "en", 3250),
        ("Officers towed 3 250 cars away.", "en", 3250),
        ("Die Stadt ließ 3.250 Autos abschleppen.", "de", 3250),
        ("Die Stadt ließ 3250 Autos abschleppen.", "de", 3250),
        ("The outage hit 2.4 million homes.", "en", 2_400_000),
        ("The outage hit 2.4m homes.", "en", 2_400_000),
        ("Betroffen waren 2,4 Millionen Kunden.", "de", 2_400_000),
        ("Betroffen waren zwei Millionen Kunden.", "de", 2_000_000),
        ("Seventeen climbers were stranded.", "en", 17),
        ("Rescuers found twenty-three survivors.", "en", 23),
        ("The crew counted two thousand sheep.", "en", 2000),
        ("A dozen pupils were sent home.", "en", 12),
        ("Dreizehn Wanderer wurden vermisst.", "de", 13),
        ("Es kamen dreitausend Besucher.", "de", 3000),
        ("Es kamen einundzwanzig Helfer.", "de", 21),
    ],
)
def test_numbers_in_every_notation(text: str, language: str, value: float) -> None:
    assert [v for v, _hedge in counts(text, language)] == [value]


@pytest.mark.parametrize(
    ("text", "language", "hedge"),
    [
        ("At least 31 miners were trapped.", "en", "at least"),
        ("Roughly 400 homes were flooded.", "en", "roughly"),
        ("More than a dozen boats capsized.", "en", "more than"),
        ("Mehr als 90 Bäume stürzten um.", "de", "mehr als"),
        ("Rund 400 Keller liefen voll.", "de", "rund"),
        ("Knapp 70 Feuerwehrleute rückten aus.", "de", "knapp"),
    ],
)
def test_hedges_are_kept(text: str, language: str, hedge: str) -> None:
    assert [h for _value, h in counts(text, language)] == [hedge]


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("The repairs cost 4.5 million euros.", "en", "money"),
        ("Der Schaden liegt bei 800.000 Euro.", "de", "money"),
        ("The fine was 900,000 crowns.", "en", "money"),
        ("Turnout fell to 47 percent.", "en", "percent"),
        ("Die Wahlbeteiligung lag bei 52 Prozent.", "de", "percent"),
        ("The lorry overturned at 5.45 p.m.", "en", "time"),
        ("Der Zug hielt um 14 Uhr.", "de", "time"),
        ("It happened on June 3 near the coast.", "en", "date"),
        ("Am 3. Juni kam es zum Unfall.", "de", "date"),
        ("The quake struck in 2017.", "en", "year"),
        ("A 64-year-old woman was hurt.", "en", "age"),
        ("Der Fahrer, 52, blieb unverletzt.", "de", "age"),
        ("Ein 19 Jahre alter Mann wurde festgenommen.", "de", "age"),
        ("The tunnel runs 12 kilometres under the bay.", "en", "unit"),
        ("Die Hütte liegt auf 1.800 Metern Höhe.", "de", "unit"),
        ("The 250-metre pier collapsed.", "en", "unit"),
        ("The search went on for 36 hours.", "en", "duration"),
        ("Die Sperrung dauerte drei Tage.", "de", "duration"),
        ("The road carries 25,000 trucks a day.", "en", "rate"),
        ("Über die Brücke rollen 30.000 Autos pro Tag.", "de", "rate"),
        ("The village, home to 2,300 people, was cut off.", "en", "population"),
        ("Marlingen hat 14.000 Einwohner.", "de", "population"),
        ("The hall has a capacity of 5,000.", "en", "population"),
        ("Eighty passengers were rescued, 12 of them children.", "en", "subset"),
        ("Es gab 40 Verletzte, darunter sechs Kinder.", "de", "subset"),
        ("Rund 700 Gäste, 150 davon aus dem Ausland.", "de", "subset"),
        ("Between 300 and 400 people marched.", "en", "range"),
        ("Warnstufe 4 gilt weiter.", "de", "label"),
        ("Divers recovered three more bodies.", "en", "increment"),
    ],
)
def test_non_counts_say_what_they_are(text: str, language: str, kind: str) -> None:
    kinds = [figure.kind for figure in read_figures(text, language)]
    assert kind in kinds
    if kind not in ("subset", "range"):
        assert "count" not in kinds


def test_one_is_not_read_as_a_count() -> None:
    assert counts("Ein Mann starb, eine Frau wurde verletzt.", "de") == []
    assert counts("One man died.", "en") == []


def test_words_inside_other_words_are_not_numbers() -> None:
    assert counts("Die neunköpfige Gruppe und der Zehnkampf.", "de") == []
    assert counts("Often, someone tends to go.", "en") == []


def test_numbers_inside_names_are_labels() -> None:
    assert counts("Twelve Covid-19 patients were moved.", "en") == [(12, None)]
    assert counts("Two F-16 jets were scrambled.", "en") == [(2, None)]
