"""Disagreements: same story, same measure, different sources — and the look-alikes that are not."""

from __future__ import annotations

from pathlib import Path

from tests.story_articles import article_from_text
from wiredesk.claims import find_disagreements
from wiredesk.schema import ArticleResult

HELDOUT = Path(__file__).parent / "heldout"


def story(*texts: str, language: str = "en") -> list[ArticleResult]:
    """One article per text, ids a, b, c..."""
    return [
        article_from_text(chr(ord("a") + i), text, language=language)
        for i, text in enumerate(texts)
    ]


def summary(articles: list[ArticleResult]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(about, [(value, sources)]) of each disagreement."""
    return [
        (d.about, [(c.value, c.sources) for c in d.claims]) for d in find_disagreements(articles)
    ]


def test_two_sources_counting_the_same_thing_differently() -> None:
    articles = story(
        "At least 14 people died in the blaze, the fire service said.",
        "Nineteen people were killed in the fire, according to the hospital.",
    )
    assert summary(articles) == [("deaths", [("14", ["a"]), ("19", ["b"])])]


def test_different_measures_with_the_same_noun_do_not_meet() -> None:
    articles = story(
        "Forty people were injured in the collapse.",
        "About 400 people were evacuated from the block.",
    )
    assert summary(articles) == []


def test_an_update_inside_one_article_is_no_disagreement() -> None:
    articles = story(
        "The toll rose to 23 on Tuesday evening, up from 17 in the morning.",
        "At least 17 people died, police said.",
        "Twenty-three people have died.",
    )
    assert summary(articles) == []


def test_a_newer_figure_that_says_so_is_marked() -> None:
    articles = story(
        "The number of dead has risen to 23, the governor said.",
        "At least 17 people died, police said.",
    )
    [disagreement] = find_disagreements(articles)
    newer = {claim.value: claim.newer for claim in disagreement.claims}
    assert newer == {"17": False, "23": True}


def test_subsets_rates_capacities_and_money_are_never_disputed() -> None:
    articles = story(
        "Sixty passengers were hurt, 12 of them seriously. The line carries 90,000 passengers "
        "a day. The station can hold 3,000 people. Repairs will cost 8 million euros.",
        "Sixty passengers were hurt. The line carries 70,000 passengers a day. "
        "Repairs will cost 11 million euros.",
    )
    assert summary(articles) == []


def test_a_loose_figure_that_fits_is_no_conflict() -> None:
    articles = story("More than a dozen ambulances came.", "Fourteen ambulances came.")
    assert summary(articles) == []


def test_one_article_giving_both_sides_with_two_speakers_counts_for_both() -> None:
    articles = story(
        "The organisers said 20,000 people marched, while police put the number at 8,000.",
        "Police said 8,000 people marched.",
    )
    [(about, values)] = summary(articles)
    assert about == "participants"
    assert values == [("8,000", ["a", "b"]), ("20,000", ["a"])]


def test_one_article_with_two_unattributed_values_is_telling_a_timeline() -> None:
    articles = story(
        "Two people died in the avalanche. This winter five people have died in avalanches.",
        "The avalanche killed two people.",
    )
    assert summary(articles) == []


def test_german_sources_disagree_with_hedges_in_english() -> None:
    articles = story(
        "Nach Angaben der Polizei wurden rund 70 Menschen verletzt.",
        "Die Klinik spricht von mehr als 90 Verletzten.",
        language="de",
    )
    [disagreement] = find_disagreements(articles)
    assert disagreement.about == "people injured"
    assert [(c.hedge, c.value, c.attributed_to) for c in disagreement.claims] == [
        ("around", "70", ["Polizei"]),
        ("more than", "90", ["Klinik"]),
    ]


def test_held_out_articles_give_exactly_their_disagreements() -> None:
    """Small articles written apart from the development set, in other words."""
    clusters: dict[str, list[ArticleResult]] = {}
    for path in sorted(HELDOUT.glob("*.txt")):
        german = ("zug", "hoch", "seuche", "eis", "brand", "elster")
        language = "de" if path.name.startswith(german) else "en"
        article = article_from_text(path.stem, path.read_text(encoding="utf-8"), language=language)
        clusters.setdefault(path.stem.split("_")[0], []).append(article)
    found = {
        name: [
            (d.about, {c.value: (c.sources, c.attributed_to) for c in d.claims})
            for d in find_disagreements(articles)
        ]
        for name, articles in clusters.items()
    }
    assert found == {
        "flood": [
            (
                "deaths",
                {
                    "12": (["flood_b"], ["Mayor Ruth Calder"]),
                    "15": (
                        ["flood_a", "flood_c"],
                        ["regional civil defence agency", "civil defence agency"],
                    ),
                },
            )
        ],
        "strike": [
            (
                "workers",
                {
                    "2,900": (["strike_b"], ["Vossport port authority"]),
                    "4,200": (["strike_a"], ["dockers' union"]),
                },
            )
        ],
        "zug": [
            (
                "people injured",
                {"41": (["zug_a", "zug_c"], ["Bundespolizei"]), "56": (["zug_b"], ["Feuerwehr"])},
            )
        ],
        "march": [
            (
                "participants",
                {
                    "5,000": (["march_a"], ["Police"]),
                    "12,000": (["march_a", "march_b"], ["Organisers", "organising committee"]),
                },
            )
        ],
        "crash": [
            (
                "vehicles",
                {
                    "30": (["crash_a"], ["regional police"]),
                    "50": (["crash_b"], ["highways agency"]),
                },
            )
        ],
        "seuche": [
            (
                "animals killed",
                {
                    "3,200": (["seuche_a"], ["Veterinäramts"]),
                    "4,000": (["seuche_b"], ["Landwirte", "Verbandssprecherin Maren Tolk"]),
                },
            )
        ],
        "eis": [
            (
                "flights cancelled",
                {
                    "140": (["eis_a", "eis_b"], ["Flughafengesellschaft", "Flughafen"]),
                    "210": (["eis_b"], ["Airline-Verbands"]),
                },
            )
        ],
        "quake": [
            (
                "deaths",
                {
                    "17": (["quake_a", "quake_c"], ["Officials", "government"]),
                    "26": (["quake_b"], ["Red Crescent"]),
                },
            ),
            (
                "households destroyed",
                {
                    "240": (["quake_a"], ["provincial governor"]),
                    "310": (["quake_b"], ["teams"]),
                },
            ),
        ],
        "brand": [
            (
                "people injured",
                {
                    "8": (["brand_a", "brand_c"], ["Feuerwehr"]),
                    "11": (["brand_b"], ["Sprecher des Klinikums"]),
                },
            )
        ],
        "ferry": [
            (
                "people on board",
                {
                    "187": (["ferry_b", "ferry_c"], ["operator"]),
                    "250": (["ferry_b"], ["Survivors"]),
                },
            )
        ],
        "elster": [
            (
                "people evacuated",
                {
                    "85": (["elster_a", "elster_b"], ["Stadt"]),
                    "120": (["elster_b"], ["Feuerwehr"]),
                },
            )
        ],
        "hoch": [
            (
                "people evacuated",
                {
                    "1,200": (["hoch_a", "hoch_b"], ["Landkreis"]),
                    "2,000": (["hoch_b"], ["Stadt Kellbach"]),
                },
            )
        ],
    }


def test_counts_up_to_different_times_of_day_are_stages_not_conflicts() -> None:
    articles = story(
        "By noon 300 people had gone to the shelters, officials said.",
        "By the evening 1,100 people had gone to the shelters, the mayor said.",
        "Some 500 people remained in the shelters on Monday.",
    )
    assert summary(articles) == []


def test_people_still_held_can_disagree() -> None:
    articles = story(
        "The army says four hostages are still being held.",
        '"Seven of our colleagues are still in captivity," said a union leader.',
    )
    assert summary(articles) == [("people still held", [("4", ["a"]), ("7", ["b"])])]


def test_an_article_that_sets_two_figures_against_each_other_reports_both() -> None:
    articles = story(
        "Sixty homes were destroyed, the mayor said. Insurers have given a higher figure of 85.",
        "Sixty homes were destroyed in the blaze.",
    )
    assert summary(articles) == [("households destroyed", [("60", ["a", "b"]), ("85", ["a"])])]


def test_a_place_called_lower_is_no_contrast() -> None:
    articles = story(
        "At least 9 people died in Lower Mill, officials said. Three of the dead were over 80.",
        "Twelve people died in the heat, doctors said.",
    )
    assert summary(articles) == [("deaths", [("9", ["a"]), ("12", ["b"])])]


def test_unattributed_counts_of_other_nouns_are_not_set_against_each_other() -> None:
    articles = story(
        "Traffic was spread over five bridges.",
        "The city has closed two other bridges.",
    )
    assert summary(articles) == []
    attributed = story(
        "Five bridges were closed, the council said.",
        "Two bridges were closed, according to the police.",
    )
    assert summary(attributed) == [("bridges", [("2", ["b"]), ("5", ["a"])])]


def test_running_figures_stamped_with_different_times_are_a_timeline() -> None:
    articles = story(
        "On Tuesday evening 6,500 homes were still without power, the utility said.",
        "On Wednesday morning 900 homes were still without power, the utility said.",
    )
    assert summary(articles) == []
