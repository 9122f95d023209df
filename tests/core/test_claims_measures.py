"""What a figure counts: the same measure however it is worded, different measures kept apart."""

from __future__ import annotations

import pytest

from tests.story_articles import article_from_text
from wiredesk.claims import article_claims


def measures(text: str, language: str = "en") -> list[tuple[float, str]]:
    """(value, measure label) of every claim in a one-paragraph article."""
    article = article_from_text("x", text, language=language)
    return [(claim.value, claim.about) for claim in article_claims(article)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Nine people died when the ferry capsized.", "en"),
        ("The ferry disaster killed nine passengers.", "en"),
        ("The death toll climbed to nine on Friday.", "en"),
        ("Officials reported nine deaths after the ferry capsized.", "en"),
        ("Bei dem Fährunglück starben neun Menschen.", "de"),
        ("Bei dem Fährunglück kamen neun Menschen ums Leben.", "de"),
        ("Das Fährunglück forderte neun Todesopfer.", "de"),
        ("Nach dem Fährunglück gibt es neun Tote.", "de"),
    ],
)
def test_deaths_however_worded(text: str, language: str) -> None:
    assert measures(text, language) == [(9, "deaths")]


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("About 600 residents were evacuated from the valley.", "en", "people evacuated"),
        ("Rund 600 Anwohner wurden evakuiert.", "de", "people evacuated"),
        ("Some 600 people spent the night in emergency shelters.", "en", "people in shelters"),
        ("Rund 600 Menschen übernachteten in Notunterkünften.", "de", "people in shelters"),
        ("Twenty-one people were hurt in the crush.", "en", "people injured"),
        ("Es gab 21 Verletzte.", "de", "people injured"),
        ("Police arrested 14 people after the match.", "en", "arrests"),
        ("Die Polizei nahm 14 Personen fest.", "de", "arrests"),
        ("Five climbers are still missing.", "en", "people still missing"),
        ("Vier Bergsteiger werden vermisst.", "de", "people missing"),
        ("Thirty patients were taken to hospital.", "en", "people taken to hospital"),
        ("Dreißig Menschen kamen ins Krankenhaus.", "de", "people taken to hospital"),
    ],
)
def test_people_events_are_measures(text: str, language: str, label: str) -> None:
    [(_value, about)] = measures(text, language)
    assert about == label


def test_workers_employees_staff_and_beschaeftigte_are_one_kind() -> None:
    en = measures("The mill laid off 300 workers. Later 300 employees protested.")
    de = measures("Das Werk entlässt 300 Beschäftigte. 300 Mitarbeiter protestierten.", "de")
    assert {about for _value, about in en + de} == {"workers"}


def test_things_are_counted_with_what_happened_to_them() -> None:
    flights = measures("Storms forced 120 flights to be cancelled and 30 flights were diverted.")
    assert flights == [(120, "flights cancelled"), (30, "flights diverted")]
    german = measures("Es wurden 120 Flüge annulliert, 30 Maschinen wurden umgeleitet.", "de")
    assert german == [(120, "flights cancelled"), (30, "flights diverted")]


def test_power_outages_count_homes_households_and_customers_alike() -> None:
    text = "The storm left 8,000 customers without power. Some 8,000 homes lost electricity."
    assert {about for _value, about in measures(text)} == {"households without power"}


def test_a_figure_without_a_noun_counts_what_the_text_was_counting() -> None:
    text = (
        "Officials disagree on how many people were taken to hospital. "
        "The clinic put the number at 44. The operator has given a lower figure of 30."
    )
    assert measures(text) == [(44, "people taken to hospital"), (30, "people taken to hospital")]
    german = measures(
        "Die Feuerwehr beziffert die Zahl der Verletzten auf 12. Die Polizei nennt 9.", "de"
    )
    assert german == [(12, "people injured"), (9, "people injured")]


def test_running_figures_are_their_own_measure() -> None:
    text = "About 2,000 homes lost power on Sunday. By Monday 700 homes were still without power."
    assert measures(text) == [
        (2000, "households without power"),
        (700, "households still without power"),
    ]


def test_vague_people_counts_are_not_claims() -> None:
    assert measures("About 300 people gathered on the square.") == []


def test_counts_up_to_a_time_of_day_are_running_figures() -> None:
    assert measures("By noon 450 people had reached the shelters.") == [
        (450, "people still in shelters")
    ]
    assert measures("Bis zum Abend waren 450 Menschen in Notunterkünften.", "de") == [
        (450, "people still in shelters")
    ]


def test_still_does_not_turn_deaths_into_a_running_figure() -> None:
    assert measures("Police still say 40 people died.") == [(40, "deaths")]


def test_increments_are_not_totals() -> None:
    assert measures("Divers found another 4 bodies. Weitere 3 Tote wurden geborgen.") == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("At least 80 guests fell ill after the wedding.", "people taken ill"),
        ("About 2,000 travellers were stranded at the station.", "people stranded"),
        ("Some 50,000 people were affected by the outage.", "people affected"),
    ],
)
def test_more_people_events(text: str, label: str) -> None:
    [(_value, about)] = measures(text)
    assert about == label


def test_police_officers_and_firefighters_are_different_kinds() -> None:
    found = measures("Some 120 firefighters and 80 police officers were deployed.")
    assert [about for _value, about in found] == ["rescuers", "police officers"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Die Feuerwehr rettete 14 Menschen.", "de", [(14, "people rescued")]),
        ("Eleven crew members were rescued.", "en", [(11, "people rescued")]),
        ("Three people remain in critical condition.", "en", [(3, "people still in hospital")]),
        ("More than 600 sheep drowned.", "en", [(600, "animals killed")]),
        ("The number of confirmed cases rose to 212.", "en", [(212, "cases")]),
        ("Die Zahl der bestätigten Fälle stieg auf 212.", "de", [(212, "Fälle (de)")]),
        ("Die Bahn strich 230 Verbindungen.", "de", [(230, "flights cancelled")]),
        ("The union, which has 9,000 members, called a strike.", "en", []),
    ],
)
def test_more_wordings(text: str, language: str, expected: list[tuple[float, str]]) -> None:
    assert measures(text, language) == expected


def test_an_adjective_participle_is_not_a_speaker() -> None:
    article = article_from_text("x", "The number of confirmed cases rose to 212.", language="en")
    assert [claim.attributed_to for claim in article_claims(article)] == [()]
