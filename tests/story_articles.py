"""Article results for the claims, merge, summary and render tests, built from the real seeds:
with gibberish targets (what the tiny model gives) or with hand-made reference English.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from wiredesk.schema import ArticleResult, GlossaryHit, SentencePair

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
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
    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) != 5:
        raise FileNotFoundError(f"expected the five seed articles in {SEEDS}, found {len(paths)}")
    return [
        article_from_text(path.name[:3], path.read_text(encoding="utf-8"), translate=translate)
        for path in paths
    ]


def reference_articles(**overrides: list[tuple[str, str]]) -> list[ArticleResult]:
    """The seeds' reference sentences as real-model results; `overrides` replaces an article's."""
    pairs = {**REFERENCE, **overrides}
    return [
        article_from_pairs(article_id, pairs[article_id], title_en=TITLES[article_id])
        for article_id in sorted(pairs)
    ]
