"""Numeric claims and disagreements, on the real seeds: with gibberish (tiny-model) targets and with
hand-made reference English.

The article factories at the top are also used by test_merge.py and test_render.py.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from wiredesk.claims import (
    article_claims,
    attributed_names,
    english_lemma,
    extract_quantities,
    find_disagreements,
)
from wiredesk.schema import ArticleResult, GlossaryHit, SentencePair

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TINY = "tiny (random weights: output is meaningless)"
REAL = "Helsinki-NLP/opus-mt-de-en"

# A slice of what glossary/de-en.tsv holds for the seeds: source spelling -> English form.
GLOSSARY = {
    "Choe Son Hui": "Choe Son Hui",
    "Choes": "Choe Son Hui",
    "Choe": "Choe Son Hui",
    "Pentagon": "Pentagon",
    "Antony Blinken": "Antony Blinken",
    "Yonhap": "Yonhap",
    "Lloyd Austin": "Lloyd Austin",
    "Pjöngjang": "Pyongyang",
    "Kursk": "Kursk",
    "Wolodymyr Selenskyj": "Volodymyr Zelensky",
    "Yoon Suk Yeol": "Yoon Suk Yeol",
    "Lawrow": "Sergei Lavrov",
    "Wladimir Putin": "Vladimir Putin",
    "Kim Jong-un": "Kim Jong Un",
    "Nebenzya": "Vasily Nebenzya",
}
NOTES = {
    "Choe Son Hui": "person, North Korean foreign minister",
    "Pentagon": "org",
    "Antony Blinken": "person",
    "Yonhap": "org, South Korean news agency",
    "Lloyd Austin": "person",
    "Pyongyang": "place",
    "Kursk": "place",
    "Volodymyr Zelensky": "person",
    "Yoon Suk Yeol": "person",
    "Sergei Lavrov": "person",
    "Vladimir Putin": "person",
}

# German seed sentences with a reference English translation (what a real model should give).
REFERENCE: dict[str, list[tuple[str, str]]] = {
    "000": [
        (
            "Der nordkoreanische Außenminister Choe Son Hui wird heute in Moskau mit Beamten "
            "zusammentreffen, nachdem Berichte des Pentagon darauf hindeuten, dass Nordkorea etwa "
            "10.000 Soldaten entsandt hat, um Russlands angeschlagene Kampagne in der Ukraine zu "
            "unterstützen.",
            "North Korean Foreign Minister Choe Son Hui will meet officials in Moscow today, after "
            "Pentagon reports indicated that North Korea has sent about 10,000 soldiers to support "
            "Russia's struggling campaign in Ukraine.",
        ),
        (
            "Das Pentagon gab bekannt, dass nordkoreanische Truppen begonnen haben, in die "
            "Kursk-Region Russlands zu gelangen, ein Frontgebiet, in dem russische Streitkräfte "
            "Widerstand aus der Ukraine erfahren haben.",
            "The Pentagon announced that North Korean troops have begun to enter Russia's Kursk "
            "region, a front-line area where Russian forces have faced resistance from Ukraine.",
        ),
        (
            "Nordkorea und Russland haben jedoch darauf verzichtet, die Truppenverlegung formal "
            "anzuerkennen, und betonen stattdessen, dass ihre militärische Zusammenarbeit „im "
            "Einklang mit dem internationalen Recht steht“.",
            "However, North Korea and Russia have refrained from formally acknowledging the troop "
            'deployment, stressing instead that their military cooperation is "in line with '
            'international law".',
        ),
        (
            "Südkorea hat bisher davon abgesehen, Waffen zu liefern, und beruft sich auf eine "
            "langjährige Politik, die es ablehnt, Länder, die in aktive Konflikte verwickelt sind, "
            "zu bewaffnen.",
            "South Korea has so far refrained from supplying weapons, citing a long-standing "
            "policy against arming countries involved in active conflicts.",
        ),
    ],
    "001": [
        (
            "Warum Südkorea mit Sorge auf Nordkoreas Allianz mit Russland blickt",
            "Why South Korea is worried about North Korea's alliance with Russia",
        ),
        (
            "Kiew – Die Ukraine geht davon aus, dass Russland von Sonntag oder Montag an tausende "
            "nordkoreanische Soldaten in seinem Angriffskrieg einsetzt.",
            "Kyiv – Ukraine expects Russia to deploy thousands of North Korean soldiers in its war "
            "of aggression from Sunday or Monday.",
        ),
        (
            "Der ukrainische Militärgeheimdienst HUR hatte am Donnerstag (24. Oktober) berichtet, "
            "dass die ersten nordkoreanischen Militäreinheiten bereits in der Region Kursk "
            "eingetroffen seien.",
            "Ukraine's military intelligence service HUR reported on Thursday (October 24) that "
            "the first North Korean military units had already arrived in the Kursk region.",
        ),
        (
            "Insgesamt habe Nordkorea etwa 12.000 Soldaten, darunter 500 Offiziere und drei "
            "Generäle nach Russland verlegt, so der Bericht weiter.",
            "In total, North Korea has moved about 12,000 soldiers, including 500 officers and "
            "three generals, to Russia, the report continued.",
        ),
        (
            "Bislang gilt in Südkorea der Grundsatz, keine Waffen an Länder zu liefern, die sich "
            "in militärische Konflikten befinden.",
            "So far, South Korea has followed the principle of not supplying weapons to countries "
            "involved in military conflicts.",
        ),
    ],
    "002": [
        (
            "Nach Angaben des südkoreanischen Geheimdienstes (NIS) hat Nordkorea entschieden, "
            "Russland im Ukraine-Krieg mit Tausenden von Soldaten zu unterstützen.",
            "According to South Korea's intelligence service (NIS), North Korea has decided to "
            "support Russia in the Ukraine war with thousands of soldiers.",
        ),
        (
            "Wie die südkoreanische Nachrichtenagentur Yonhap berichtet, sollen etwa 12.000 "
            "nordkoreanische Soldaten entsendet werden, darunter auch spezialisierte "
            "Eliteeinheiten.",
            "As the South Korean news agency Yonhap reports, about 12,000 North Korean soldiers "
            "are to be deployed, including specialised elite units.",
        ),
        (
            "Der Einsatz dieser Truppen habe angeblich bereits begonnen.",
            "The deployment of these troops has reportedly already begun.",
        ),
        (
            "Auch die ukrainische Regierung hatte kürzlich erklärt, dass nordkoreanische Soldaten "
            "an der Seite der russischen Truppen im besetzten ukrainischen Gebiet gesichtet "
            "wurden.",
            "The Ukrainian government had also recently said that North Korean soldiers had been "
            "spotted alongside Russian troops in occupied Ukrainian territory.",
        ),
    ],
    "003": [
        (
            'Nordkorea sichert Russland Unterstützung bis zum "Sieg" in der Ukraine zu',
            'North Korea pledges support to Russia until "victory" in Ukraine',
        ),
        (
            "Die US-Regierung geht laut Außenminister Antony Blinken davon aus, dass bisher "
            "10.000 nordkoreanische Soldaten nach Russland geschickt wurden.",
            "According to Secretary of State Antony Blinken, the US government believes that "
            "10,000 North Korean soldiers have been sent to Russia so far.",
        ),
        (
            "8000 von ihnen sind demnach bereits in die russische Region Kursk an der Grenze zur "
            'Ukraine verlegt worden und könnten "in den kommenden Tagen" in das Kampfgeschehen '
            "eingreifen.",
            "8,000 of them have already been moved to Russia's Kursk region on the border with "
            'Ukraine and could join the fighting "in the coming days".',
        ),
        (
            "An dem Bahnhof enthüllten Choe und Lawrow demnach eine Tafel zum Gedenken an den "
            "Besuch von Nordkoreas Machthaber Kim Il Sung im Jahr 1949 in der damaligen "
            "Sowjetunion.",
            "At the station, Choe and Lavrov unveiled a plaque commemorating the 1949 visit of "
            "North Korean leader Kim Il Sung to the then Soviet Union.",
        ),
        (
            "Die USA und Südkorea haben Nordkorea aufgerufen, seine Soldaten abzuziehen.",
            "The US and South Korea have called on North Korea to withdraw its soldiers.",
        ),
    ],
    "004": [
        (
            "Währenddessen forderten die Verteidigungsminister der USA und Südkoreas, dass "
            "Nordkorea seine Truppen aus Russland abzieht, wo angeblich bis zu 10.000 Soldaten "
            "stationiert sind.",
            "Meanwhile, the defence ministers of the US and South Korea demanded that North Korea "
            "withdraw its troops from Russia, where up to 10,000 soldiers are reportedly "
            "stationed.",
        ),
        (
            "Die Pentagon-Behörden berichteten, dass bereits eine „kleine Anzahl“ "
            "nordkoreanischer Soldaten in der Region Kursk stationiert ist, wo ukrainische Truppen "
            "seit August offensiv kämpfen.",
            'Pentagon officials reported that a "small number" of North Korean soldiers are '
            "already stationed in the Kursk region, where Ukrainian troops have been on the "
            "offensive since August.",
        ),
        (
            "Ein ukrainischer Beamter berichtete, dass nordkoreanische Soldaten nur 50 Kilometer "
            "von der ukrainischen Grenze stationiert sind, und es wird vermutet, dass bis zu "
            "12.000 nordkoreanische Soldaten in Russland aktiv sind.",
            "A Ukrainian official reported that North Korean soldiers are stationed only 50 "
            "kilometres from the Ukrainian border, and it is believed that up to 12,000 North "
            "Korean soldiers are active in Russia.",
        ),
        (
            "US-Verteidigungsminister Lloyd Austin drängte auf die sofortige Rückführung der "
            "nordkoreanischen Streitkräfte und warnte, dass Russland diese Truppen möglicherweise "
            "im Kampf gegen die Ukraine einsetzen könnte.",
            "US Defence Secretary Lloyd Austin urged the immediate return of the North Korean "
            "forces and warned that Russia might use these troops in the fight against Ukraine.",
        ),
    ],
}

# Like the tiny model's output: a few filler words over and over, and stray numbers.
# English headlines as the title translation would give them.
TITLES = {
    "000": "North Korea's foreign minister heads to Moscow as troops deploy",
    "001": "Why South Korea is worried about North Korea's alliance with Russia",
    "002": "North Korea to send thousands of soldiers to Russia",
    "003": "North Korea pledges support to Russia until victory in Ukraine",
    "004": "UN Security Council clashes over North Korean troops in Russia",
}

_GIBBERISH = ["quor", "blen", "the", "vask", "of", "tirm", "zu", "tollo", "and", "ses"]
_GIBBERISH += ["12,000", "ek", "mura", "of", "the", "the", "7"]
_SENTENCE_BREAK = re.compile(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"\d])")


def gibberish(text: str) -> str:
    """Deterministic nonsense like the tiny model's: shared filler words, stray numbers."""
    digest = hashlib.sha256(text.encode()).digest()
    words = [_GIBBERISH[b % len(_GIBBERISH)] for b in digest[: 5 + digest[0] % 10]]
    return " ".join(words).capitalize() + "."


def glossary_hits(sentences: Sequence[SentencePair]) -> list[GlossaryHit]:
    """Glossary hits as the translate stage reports them (longest match first, one per term)."""
    hits = []
    for index, pair in enumerate(sentences):
        taken: set[str] = set()
        for match in sorted(GLOSSARY, key=len, reverse=True):
            target = GLOSSARY[match]
            if target in taken or not re.search(rf"\b{re.escape(match)}\b", pair.source):
                continue
            taken.add(target)
            hits.append(
                GlossaryHit(
                    match=match,
                    term=match,
                    target=target,
                    in_output=target in pair.target,
                    sentence=index,
                )
            )
    return hits


def make_article(
    article_id: str,
    sentences: Sequence[SentencePair],
    *,
    model: str,
    title_en: str | None = None,
    language: str = "de",
    **fields: object,
) -> ArticleResult:
    """An `ArticleResult` as the pipeline would hand it to the merge stage."""
    return ArticleResult(
        id=article_id,
        language=language,
        sentences=list(sentences),
        translation=" ".join(pair.target for pair in sentences),
        glossary=glossary_hits(sentences),
        model=model,
        title_en=title_en,
        source=fields.pop("source", f"Outlet {article_id}"),
        url=fields.pop("url", f"https://news.example/{article_id}"),
        **fields,
    )


def article_from_pairs(
    article_id: str,
    pairs: Sequence[tuple[str, str]],
    *,
    model: str = REAL,
    language: str = "de",
    **fields: object,
) -> ArticleResult:
    """An article from (source, English) sentence pairs; a pair without "." ends is a heading."""
    sentences = [
        SentencePair(
            source=source,
            target=target,
            paragraph=index,
            heading=not source.rstrip().endswith((".", "“", '"', "!", "?")),
        )
        for index, (source, target) in enumerate(pairs)
    ]
    return make_article(article_id, sentences, model=model, language=language, **fields)


def article_from_text(
    article_id: str,
    text: str,
    *,
    translate: Callable[[str], str] = gibberish,
    model: str = TINY,
    **fields: object,
) -> ArticleResult:
    """An article from raw text: one paragraph a line, a line without end punctuation a heading."""
    sentences = []
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    for number, paragraph in enumerate(paragraphs):
        parts = _SENTENCE_BREAK.split(paragraph)
        heading = len(parts) == 1 and not paragraph.endswith((".", "“", '"', "!", "?"))
        sentences += [
            SentencePair(source=part, target=translate(part), paragraph=number, heading=heading)
            for part in parts
        ]
    return make_article(article_id, sentences, model=model, **fields)


def seed_articles(*, translate: Callable[[str], str] = gibberish) -> list[ArticleResult]:
    """The five seeds as tiny-model results (ids "000".."004")."""
    return [
        article_from_text(path.name[:3], path.read_text(encoding="utf-8"), translate=translate)
        for path in sorted(SEEDS.glob("*.txt"))
    ]


def reference_articles(**overrides: list[tuple[str, str]]) -> list[ArticleResult]:
    """The seeds' reference sentences as real-model results; `overrides` replaces an article's."""
    pairs = {**REFERENCE, **overrides}
    return [
        article_from_pairs(article_id, pairs[article_id], title_en=TITLES[article_id])
        for article_id in sorted(pairs)
    ]


def values(disagreement_claims: Sequence[object]) -> list[tuple[str, list[str]]]:
    """(value, sources) of each claim, the part a reader compares."""
    return [(claim.value, claim.sources) for claim in disagreement_claims]  # type: ignore[attr-defined]


# --- the seeds ------------------------------------------------------------------------------


def test_tiny_model_seeds_give_one_soldier_disagreement_from_the_german_side() -> None:
    disagreements = find_disagreements(seed_articles(), glossary_notes=NOTES)

    assert len(disagreements) == 1
    soldiers = disagreements[0]
    assert soldiers.about == "Soldaten (de)"
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
    assert soldiers.about == "soldiers"
    assert values(soldiers.claims) == [
        ("10,000", ["000", "003", "004"]),
        ("12,000", ["001", "002", "004"]),
    ]
    assert soldiers.claims[0].text.startswith("North Korean Foreign Minister Choe Son Hui")
    assert "about 12,000 soldiers" in soldiers.claims[1].text


def test_who_said_it_comes_from_glossary_people_and_orgs_and_according_to() -> None:
    soldiers = find_disagreements(reference_articles(), glossary_notes=NOTES)[0]
    ten, twelve = soldiers.claims

    assert {"Pentagon", "Antony Blinken"} <= set(ten.attributed_to)
    assert "Yonhap" in twelve.attributed_to


def test_places_in_the_sentence_are_not_who_said_it() -> None:
    sentence = (
        "Das Pentagon zählte etwa 3.000 Soldaten in Kursk.",
        "The Pentagon counted about 3,000 soldiers in Kursk.",
    )
    other = ("In Kursk sind 2.000 Soldaten.", "There are 2,000 soldiers in Kursk.")
    articles = [article_from_pairs("a", [sentence]), article_from_pairs("b", [other])]

    claims = find_disagreements(articles, glossary_notes=NOTES)[0].claims

    assert [claim.attributed_to for claim in claims] == [[], ["Pentagon"]]


def test_without_glossary_notes_only_according_to_names_are_attributed() -> None:
    ten = find_disagreements(reference_articles())[0].claims[0]

    assert "Pentagon" not in ten.attributed_to
    assert any("Antony Blinken" in name for name in ten.attributed_to)


def test_troops_and_soldiers_are_one_thing() -> None:
    troops = [
        (source, target.replace("up to 10,000 soldiers", "up to 10,000 troops"))
        for source, target in REFERENCE["004"]
    ]
    disagreements = find_disagreements(reference_articles(**{"004": troops}))

    assert len(disagreements) == 1
    assert disagreements[0].about in {"soldiers / troops", "troops / soldiers"}
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
    assert disagreements[0].about == "soldiers"
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
        "a", [("Nordkorea schickte 500 Offiziere und 10.000 Soldaten.", "bla " * 6)], model=TINY
    )
    right = article_from_pairs(
        "b", [("Nordkorea schickte 600 Offiziere und 12.000 Soldaten.", "bla " * 6)], model=TINY
    )

    about = {d.about: values(d.claims) for d in find_disagreements([left, right])}

    assert about == {
        "Offiziere (de)": [("500", ["a"]), ("600", ["b"])],
        "Soldaten (de)": [("10,000", ["a"]), ("12,000", ["b"])],
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
        ("only 50 kilometres from the border", "en", "kilometres", "50 kilometres"),
        ("nur 50 Kilometer von der Grenze", "de", "Kilometer", "50 Kilometer"),
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
        ("laut einem Briefing der Geheimdienste", "de", []),
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

    assert disagreement.about in {"troops / soldiers", "soldiers / troops"}
    assert values(disagreement.claims) == [("10,000", ["en1"]), ("12,000", ["en2"])]
