"""Tests for wiredesk.segment: paragraphs, headings and sentences of German and English news."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk.schema import Paragraph
from wiredesk.segment import (
    is_heading,
    normalize_space,
    segment,
    split_paragraphs,
    split_sentences,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_NAMES = ["000", "001", "002", "003", "004"]


def seed(prefix: str) -> str:
    """The text of the seed article whose file name starts with `prefix`."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraph_starting(text: str, start: str) -> str:
    """The one paragraph of `text` that starts with `start`."""
    matches = [p for p in split_paragraphs(text) if p.startswith(start)]
    assert len(matches) == 1, f"expected one paragraph starting {start!r}, got {len(matches)}"
    return matches[0]


def no_space(text: str) -> str:
    """`text` without any whitespace, to compare content regardless of layout."""
    return "".join(text.split())


# --- sentences: hand-written cases -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Maj. Gen. Pat Ryder, der Pressesprecher, sagte das. Dann ging er.",
            ["Maj. Gen. Pat Ryder, der Pressesprecher, sagte das.", "Dann ging er."],
            id="military-titles",
        ),
        pytest.param(
            "Das sagte Dr. Müller. Prof. Schmidt widersprach.",
            ["Das sagte Dr. Müller.", "Prof. Schmidt widersprach."],
            id="dr-prof",
        ),
        pytest.param(
            "Es gibt z. B. Äpfel und u. a. Birnen. Das ist gut.",
            ["Es gibt z. B. Äpfel und u. a. Birnen.", "Das ist gut."],
            id="spaced-abbreviations",
        ),
        pytest.param(
            "Es gibt z.B. Äpfel bzw. Birnen und ca. 10 Kirschen. Das ist gut.",
            ["Es gibt z.B. Äpfel bzw. Birnen und ca. 10 Kirschen.", "Das ist gut."],
            id="zb-bzw-ca",
        ),
        pytest.param(
            "Haus Nr. 5 steht in St. Petersburg. Im Jan. 2024 war es kalt.",
            ["Haus Nr. 5 steht in St. Petersburg.", "Im Jan. 2024 war es kalt."],
            id="nr-st-month",
        ),
        pytest.param(
            "Er traf Mr. Smith aus den U.S. Army Labs. Dann flog er heim.",
            ["Er traf Mr. Smith aus den U.S. Army Labs.", "Dann flog er heim."],
            id="mr-us",
        ),
        pytest.param(
            "Er kaufte Äpfel, Birnen usw. Die Preise stiegen.",
            ["Er kaufte Äpfel, Birnen usw.", "Die Preise stiegen."],
            id="usw-ends-sentence",
        ),
        pytest.param(
            "Er kaufte Äpfel, Birnen usw. Obst ist teuer geworden.",
            ["Er kaufte Äpfel, Birnen usw. Obst ist teuer geworden."],
            id="usw-before-noun",
        ),
        pytest.param(
            "Die Kosten lagen bei 5 Mio. Euro. Die Kosten lagen bei 5 Mio. Das war viel.",
            ["Die Kosten lagen bei 5 Mio. Euro.", "Die Kosten lagen bei 5 Mio.", "Das war viel."],
            id="mio",
        ),
        pytest.param(
            "J. R. R. Tolkien schrieb Bücher. Donald J. Trump las sie nicht.",
            ["J. R. R. Tolkien schrieb Bücher.", "Donald J. Trump las sie nicht."],
            id="initials",
        ),
        pytest.param(
            "Bundeskanzler a. D. Gerhard Schröder sprach. Dipl.-Ing. Meier auch.",
            ["Bundeskanzler a. D. Gerhard Schröder sprach.", "Dipl.-Ing. Meier auch."],
            id="a-d-dipl-ing",
        ),
        pytest.param(
            "Das war Plan B. Die Regierung hatte keinen anderen.",
            ["Das war Plan B.", "Die Regierung hatte keinen anderen."],
            id="single-letter-before-opener",
        ),
        pytest.param(
            "Der HUR hatte am Donnerstag (24. Oktober) berichtet. Dann kam nichts.",
            ["Der HUR hatte am Donnerstag (24. Oktober) berichtet.", "Dann kam nichts."],
            id="date-in-parentheses",
        ),
        pytest.param(
            "Er kam am 3. Oktober. Sie kehrte im 21. Jahrhundert zurück.",
            ["Er kam am 3. Oktober.", "Sie kehrte im 21. Jahrhundert zurück."],
            id="ordinals",
        ),
        pytest.param(
            "Er kam am 24. 10. 2024 an. Er kam am 24.10. nach Berlin. Dann ging er.",
            ["Er kam am 24. 10. 2024 an.", "Er kam am 24.10. nach Berlin.", "Dann ging er."],
            id="dates",
        ),
        pytest.param(
            "Kim Il Sung kam im Jahr 1949. Der Besuch war kurz.",
            ["Kim Il Sung kam im Jahr 1949.", "Der Besuch war kurz."],
            id="year-ends-sentence",
        ),
        pytest.param(
            "Die Zahl der Toten stieg auf 12. Die Polizei ermittelt.",
            ["Die Zahl der Toten stieg auf 12.", "Die Polizei ermittelt."],
            id="small-number-before-opener",
        ),
        pytest.param(
            "Wilhelm II. war Kaiser. Im II. Quartal stieg es. Es war Ludwig XIV. Der König.",
            [
                "Wilhelm II. war Kaiser.",
                "Im II. Quartal stieg es.",
                "Es war Ludwig XIV.",
                "Der König.",
            ],
            id="roman-numerals",
        ),
        pytest.param(
            "Es kamen 10.000 Soldaten. Das kostet 0,99€ bzw. 3.5 Dollar. 8000 blieben.",
            ["Es kamen 10.000 Soldaten.", "Das kostet 0,99€ bzw. 3.5 Dollar.", "8000 blieben."],
            id="numbers",
        ),
        pytest.param(
            "„Wir werden siegen“, sagte Choe. „Nie!“ rief er. „Was nun?“ fragte sie.",
            ["„Wir werden siegen“, sagte Choe.", "„Nie!“ rief er.", "„Was nun?“ fragte sie."],
            id="quotes-with-lowercase-continuation",
        ),
        pytest.param(
            "Er wies das zurück. „Diese Berichte sind dreiste Lügen“, erklärte er.",
            ["Er wies das zurück.", "„Diese Berichte sind dreiste Lügen“, erklärte er."],
            id="split-before-opening-quote",
        ),
        pytest.param(
            "Er sagte: „Wir kommen.“ Dann ging er. »Gut!« Das war alles.",
            ["Er sagte: „Wir kommen.“", "Dann ging er.", "»Gut!«", "Das war alles."],
            id="quote-closes-sentence",
        ),
        pytest.param(
            'Er sagte: "Wer kommt?" Niemand antwortete.',
            ['Er sagte: "Wer kommt?"', "Niemand antwortete."],
            id="straight-quotes",
        ),
        pytest.param(
            "Er sprach (Dr. Kim sagte: Nein. Nie. Auf keinen Fall.) und ging. Dann kam sie.",
            ["Er sprach (Dr. Kim sagte: Nein. Nie. Auf keinen Fall.) und ging.", "Dann kam sie."],
            id="no-split-inside-parentheses",
        ),
        pytest.param(
            "Er hat 5 (!) Autos. Er sagte […] Dann ging er.",
            ["Er hat 5 (!) Autos.", "Er sagte […] Dann ging er."],
            id="bracketed-remarks",
        ),
        pytest.param(
            "Er wartete ... und ging. Er zögerte … Dann kam sie.",
            ["Er wartete ... und ging.", "Er zögerte …", "Dann kam sie."],
            id="ellipses",
        ),
        pytest.param(
            "Siehe https://example.com/a.b?x=1. Oder an info@example.de schreiben. Danke.",
            ["Siehe https://example.com/a.b?x=1.", "Oder an info@example.de schreiben.", "Danke."],
            id="url-and-email",
        ),
        pytest.param(
            "Ist das so? Ja! Wirklich?! 42 Leute sagen es",
            ["Ist das so?", "Ja!", "Wirklich?!", "42 Leute sagen es"],
            id="question-exclamation-no-final-stop",
        ),
        pytest.param(
            "Klicken Sie hier für . Danach können Sie weiterlesen.",
            ["Klicken Sie hier für .", "Danach können Sie weiterlesen."],
            id="detached-period",
        ),
        pytest.param("(V.Blanchet--LPdF)", ["(V.Blanchet--LPdF)"], id="byline"),
        pytest.param("Ohne Punkt am Ende", ["Ohne Punkt am Ende"], id="no-punctuation"),
    ],
)
def test_german_sentences(text: str, expected: list[str]) -> None:
    """Tricky German lines split where a reader would split them, and nowhere else."""
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "He left the U.S. The trip was long. He met the U.S. Army chief.",
            ["He left the U.S.", "The trip was long.", "He met the U.S. Army chief."],
            id="us-acronym",
        ),
        pytest.param(
            "It began at 5 p.m. The talks ended late. Apple Inc. agreed.",
            ["It began at 5 p.m.", "The talks ended late.", "Apple Inc. agreed."],
            id="pm-inc",
        ),
        pytest.param(
            "Smith et al. found that. It was No. 5. No. We won't.",
            ["Smith et al. found that.", "It was No. 5.", "No.", "We won't."],
            id="et-al-no",
        ),
        pytest.param(
            "Mrs. Smith met Gov. Brown on Jan. 5. They talked e.g. about taxes.",
            ["Mrs. Smith met Gov. Brown on Jan. 5.", "They talked e.g. about taxes."],
            id="titles",
        ),
        pytest.param(
            "He scored 12. The crowd cheered.",
            ["He scored 12.", "The crowd cheered."],
            id="numbers-end-english-sentences",
        ),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    """English abbreviations, acronyms and numbers follow the English rules."""
    assert split_sentences(text, language="en") == expected


def test_language_tag_with_region_uses_the_language_rules() -> None:
    """A region tag picks its language's rules; ordinals are German-only."""
    text = "Er kam am 3. Oktober. Dann ging er."
    assert split_sentences(text, language="de-DE") == split_sentences(text, language="de")
    # English has no "3." ordinals, so there the number ends a sentence.
    assert split_sentences(text, language="en") == ["Er kam am 3.", "Oktober.", "Dann ging er."]


def test_unknown_language_still_splits_on_clear_boundaries() -> None:
    """Languages without word lists get the generic, cautious rules."""
    text = "M. Dupont est arrivé. Il a parlé! Puis il est parti."
    assert split_sentences(text, language="fr") == [
        "M. Dupont est arrivé.",
        "Il a parlé!",
        "Puis il est parti.",
    ]


def test_whitespace_is_normalised_and_empty_text_has_no_sentences() -> None:
    """Newlines, tabs and no-break spaces become single spaces; blank text gives nothing."""
    assert split_sentences("  Er kam.\n\tDann\u00a0ging er.  ") == ["Er kam.", "Dann ging er."]
    assert split_sentences("") == []
    assert split_sentences(" \n\t\u00a0") == []


def test_digit_group_spaces_are_kept() -> None:
    """A thin space inside "10 000" survives, so the number still reads as one."""
    assert split_sentences("Es kamen 10\u202f000 Soldaten. Dann mehr.") == [
        "Es kamen 10\u202f000 Soldaten.",
        "Dann mehr.",
    ]
    assert normalize_space("10\u00a0000 und\u00a0mehr") == "10\u00a0000 und mehr"


# --- sentences: the seeds --------------------------------------------------------------------


def test_seed_000_major_general_is_not_split() -> None:
    """Seed 000: "Maj. Gen. Pat Ryder" starts a sentence instead of being cut up."""
    paragraph = paragraph_starting(seed("000"), "Das Pentagon gab bekannt")
    assert split_sentences(paragraph) == [
        "Das Pentagon gab bekannt, dass nordkoreanische Truppen begonnen haben, in die "
        "Kursk-Region Russlands zu gelangen, ein Frontgebiet, in dem russische Streitkräfte "
        "Widerstand aus der Ukraine erfahren haben.",
        "Maj. Gen. Pat Ryder, der Pressesprecher des Pentagon, beschrieb die Entsendung bisher "
        "als „relativ klein“, deutete jedoch an, dass das Ausmaß der nordkoreanischen "
        "Beteiligung und ihre strategischen Ziele ungewiss bleiben.",
        "Laut einem Briefing der südkoreanischen Geheimdienste könnte Choes Besuch in Moskau "
        "Gespräche über die Entsendung noch mehr nordkoreanischer Truppen und Verhandlungen "
        "über Anreize für die Unterstützung Nordkoreas umfassen.",
    ]


def test_seed_001_date_in_parentheses_and_twelve_thousand() -> None:
    """Seed 001: "(24. Oktober)", "12.000 Soldaten" and a quoted claim stay whole."""
    text = seed("001")
    paragraph = paragraph_starting(text, "Der russische Präsident Wladimir Putin hatte")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 3
    assert sentences[2] == (
        "Der ukrainische Militärgeheimdienst HUR hatte am Donnerstag (24. Oktober) berichtet, "
        "dass die ersten nordkoreanischen Militäreinheiten bereits in der Region Kursk "
        "eingetroffen seien."
    )
    paragraph = paragraph_starting(text, "Insgesamt habe Nordkorea")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 4
    assert sentences[0] == (
        "Insgesamt habe Nordkorea etwa 12.000 Soldaten, darunter 500 Offiziere und drei "
        "Generäle nach Russland verlegt, so der Bericht weiter."
    )
    assert sentences[3].endswith(
        "„Einnahmen und Unterstützung für sein Raketen- und "
        "Atomprogramm erhalten“, sagte auch der Experte Gabriel "
        "Jonsson von der Universität Stockholm gegenüber Guardian."
    )


def test_seed_001_quote_end_and_no_break_space() -> None:
    """Seed 001: a stop inside closing quotes ends a sentence, and so does one before a NBSP."""
    text = seed("001")
    paragraph = paragraph_starting(text, "Südkoreas Präsident")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 5
    assert sentences[0].endswith(
        "„welche die globale Sicherheit über die koreanische Halbinsel und Europa hinaus bedroht.“"
    )
    assert sentences[1].startswith("Seoul werde „nicht untätig bleiben“, so Yoon weiter")
    # "einsetzt.<NBSP>Der" is a sentence boundary like any other space.
    paragraph = paragraph_starting(text, "Kiew – Die Ukraine")
    assert [s[:30] for s in split_sentences(paragraph)] == [
        "Kiew – Die Ukraine geht davon ",
        "Der ukrainische Präsident Wolo",
        "Mit zunehmender Besorgnis blic",
        "Denn im Gegenzug für Soldaten ",
    ]


def test_seed_001_attribution_in_parentheses_stays_in_the_sentence() -> None:
    """Seed 001: "(bme mit AFP)." ends the last sentence instead of standing alone."""
    paragraph = paragraph_starting(seed("001"), "Nordkoreas Machthaber")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 4
    assert sentences[-1].endswith("in Washington dem Guardian (bme mit AFP).")
    assert sentences[-1].startswith("Das wiederum macht die Familie Kim")


def test_seed_003_quotes() -> None:
    """Seed 003: `"…", sagte Choe.` is one sentence; "8000 von ihnen" starts one."""
    text = seed("003")
    paragraph = paragraph_starting(text, '"Wir haben keinerlei Zweifel')
    assert split_sentences(paragraph) == [
        '"Wir haben keinerlei Zweifel daran, dass die russische Armee und das russische Volk '
        "unter der weisen Führung des ehrenwerten russischen Präsidenten Wladimir Putin einen "
        'großen Sieg erringen werden", sagte Choe.',
        "Die mehr als zwei Jahre andauernde russische Offensive in der Ukraine bezeichnete sie "
        'als "heiligen Kampf".',
    ]
    paragraph = paragraph_starting(text, "Die US-Regierung geht laut")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 4
    assert sentences[1].startswith("8000 von ihnen sind demnach")
    paragraph = paragraph_starting(text, "Nach Angaben des russischen")
    assert split_sentences(paragraph)[1].endswith("im Jahr 1949 in der damaligen Sowjetunion.")


def test_seed_004_quote_after_sentence() -> None:
    """Seed 004: the split falls before the opening quote, not inside it."""
    paragraph = paragraph_starting(seed("004"), "Russlands Militärinteraktionen")
    sentences = split_sentences(paragraph)
    assert len(sentences) == 4
    assert sentences[1].endswith("im Ukraine-Krieg eingesetzt werden.")
    assert sentences[2] == (
        "„Diese Berichte sind dreiste Lügen“, erklärte er und betonte, dass die militärische "
        "Zusammenarbeit mit Nordkorea im Einklang mit dem internationalen Recht stehe."
    )
    assert sentences[3].endswith("wo angeblich bis zu 10.000 Soldaten stationiert sind.")


@pytest.mark.parametrize(
    ("name", "sentence_counts"),
    [
        ("000", [2, 3, 3, 3, 2, 3, 2, 1]),
        ("002", [3, 2, 1, 2, 2, 2, 1, 3]),
        ("003", [1, 3, 2, 3, 2, 4, 2, 2, 3, 2, 2, 1]),
        ("004", [4, 3, 1, 4, 4]),
    ],
)
def test_seed_sentence_counts_per_paragraph(name: str, sentence_counts: list[int]) -> None:
    """Sentence counts of every paragraph of the seeds, checked by hand."""
    assert [len(p.sentences) for p in segment(seed(name))] == sentence_counts


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_sentences_rebuild_their_paragraphs(name: str) -> None:
    """No seed loses, gains or reorders a character when split."""
    text = seed(name)
    for paragraph in split_paragraphs(text):
        sentences = split_sentences(paragraph)
        assert " ".join(sentences) == normalize_space(paragraph)
        assert all(s and s == s.strip() for s in sentences)
    all_sentences = [s for p in segment(text) for s in p.sentences]
    assert no_space("".join(all_sentences)) == no_space(text)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_sentences_never_start_in_lower_case(name: str) -> None:
    """A sentence starting in lower case would mean a split inside a sentence."""
    for paragraph in segment(seed(name)):
        for sentence in paragraph.sentences:
            assert not sentence.lstrip('„“"»(').startswith(tuple("abcdefghijklmnopqrstuvwxyzäöü"))


# --- paragraphs and headings -----------------------------------------------------------------


def test_seed_002_headings_with_single_newlines() -> None:
    """Seed 002 separates paragraphs and sub-heads with single newlines."""
    paragraphs = segment(seed("002"))
    assert [p.sentences[0] for p in paragraphs if p.heading] == [
        "Strategische Bedeutung und internationale Reaktionen",
        "Internationale Reaktionen erwartet",
    ]
    assert len(paragraphs) == 8


def test_seed_003_headline_ending_in_verb_particle() -> None:
    """Seed 003's headline ends in "zu" and is still a headline, not a wrapped line."""
    paragraphs = segment(seed("003"))
    assert paragraphs[0] == Paragraph(
        sentences=['Nordkorea sichert Russland Unterstützung bis zum "Sieg" in der Ukraine zu'],
        heading=True,
    )
    assert paragraphs[-1] == Paragraph(sentences=["(V.Blanchet--LPdF)"], heading=False)


def test_seed_004_heading() -> None:
    """Seed 004's only sub-head is found and nothing else is taken for one."""
    paragraphs = segment(seed("004"))
    assert [p.heading for p in paragraphs] == [False, False, True, False, False]
    assert paragraphs[2].sentences == ["Globale Alarmglocken läuten"]


def test_seed_000_has_no_headings() -> None:
    """Seed 000 is body text only."""
    paragraphs = segment(seed("000"))
    assert len(paragraphs) == 8
    assert not any(p.heading for p in paragraphs)


def test_seed_001_blank_line_paragraphs_list_items_and_captions() -> None:
    """Seed 001: bullets stay separate items and the lone "+" stays its own paragraph."""
    paragraphs = split_paragraphs(seed("001"))
    assert len(paragraphs) == 26
    assert paragraphs[3:8] == [
        "Lesen Sie wie gewohnt mit aktiviertem Ad-Blocker auf",
        "• Jetzt für nur 0,99€ im ersten Monat testen",
        "• Unbegrenzter Zugang zu allen Berichten und Exklusiv-Artikeln",
        "• Lesen Sie nahezu werbefrei mit aktiviertem Ad-Blocker",
        "• Jederzeit kündbar",
    ]
    assert paragraphs[12] == "+"  # the lone "+" between a caption and its repeat
    headings = [p.sentences[0] for p in segment(seed("001")) if p.heading]
    assert "Werden „nicht untätig bleiben“" in headings
    assert "Ukraine-Krieg: Tausende nordkoreanische Soldaten bald in Kampfzone?" in headings
    assert "Südkorea reagiert: Präsident Yoon Suk Yeol sagt „werden nicht untätig bleiben“" in (
        headings
    )
    assert "Kommentare" in headings


@pytest.mark.parametrize("name", SEED_NAMES)
def test_single_and_blank_line_layouts_give_the_same_paragraphs(name: str) -> None:
    """The same article reads the same with single newlines, blank lines or CRLF."""
    text = seed(name)
    expected = split_paragraphs(text)
    assert split_paragraphs(text.replace("\n\n", "\n")) == expected
    assert split_paragraphs("\n\n".join(text.splitlines())) == expected
    assert split_paragraphs(text.replace("\n", "\r\n")) == expected


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_seeds_keep_their_sentences(name: str, width: int) -> None:
    """Hard-wrapping an article at common widths does not change its sentences."""
    text = seed(name)
    wrapped = "\n\n".join(textwrap.fill(p, width) for p in split_paragraphs(text))

    def sentences(source: str) -> list[str]:
        """All sentences of `source`, across paragraphs."""
        return [s for p in segment(source) for s in p.sentences]

    assert sentences(wrapped) == sentences(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Choe Son\nHui", ["Choe Son Hui"], id="name"),
        pytest.param(
            "Der nordkoreanische Außenminister Choe Son\nHui wird heute in Moskau erwartet.",
            ["Der nordkoreanische Außenminister Choe Son Hui wird heute in Moskau erwartet."],
            id="name-in-sentence",
        ),
        pytest.param(
            "Er kam am\n3. Oktober. Dann\nging er.\nNeuer Absatz.",
            ["Er kam am 3. Oktober. Dann ging er.", "Neuer Absatz."],
            id="lower-case-and-function-word-continuations",
        ),
        pytest.param(
            "Das sagte Maj.\nGen. Ryder.\nNeuer Absatz.",
            ["Das sagte Maj. Gen. Ryder.", "Neuer Absatz."],
            id="abbreviation-at-line-end",
        ),
        pytest.param(
            "Der Button des Ad-\nBlockers und das Raketen-\nund Atomprogramm.",
            ["Der Button des Ad-Blockers und das Raketen- und Atomprogramm."],
            id="hyphens",
        ),
        pytest.param(
            "Liste:\n1. Punkt eins\n2. Punkt zwei\n- Punkt drei",
            ["Liste:", "1. Punkt eins", "2. Punkt zwei", "- Punkt drei"],
            id="list-items",
        ),
        pytest.param(
            "Bildunterschrift ohne Punkt\n+\nBildunterschrift.",
            ["Bildunterschrift ohne Punkt", "+", "Bildunterschrift."],
            id="lone-plus",
        ),
        pytest.param(
            "Eins.\n\n\n   \nZwei?\r\nDrei!\rVier:\n„Fünf.“\nSechs",
            ["Eins.", "Zwei?", "Drei!", "Vier:", "„Fünf.“", "Sechs"],
            id="line-endings-and-punctuation",
        ),
        pytest.param(
            "Globale Alarmglocken läuten\nDie enge militärische Allianz zwischen Russland "
            "und Nordkorea wächst.",
            [
                "Globale Alarmglocken läuten",
                "Die enge militärische Allianz zwischen Russland und Nordkorea wächst.",
            ],
            id="heading-before-short-paragraph",
        ),
        pytest.param(
            "Internationale Reaktionen erwartet\nDie Reaktion ist ungewiss.",
            ["Internationale Reaktionen erwartet", "Die Reaktion ist ungewiss."],
            id="short-heading-before-short-sentence",
        ),
        pytest.param(
            "Choe Son\nHui traf\nLawrow in Moskau",
            ["Choe Son Hui traf Lawrow in Moskau"],
            id="short-wrapped-lines",
        ),
        pytest.param("", [], id="empty"),
        pytest.param(" \n\t\n", [], id="blank"),
    ],
)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    """Hard wraps are joined; sentence ends, headings, list items and symbols break."""
    assert split_paragraphs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Strategische Bedeutung und internationale Reaktionen",
        "Internationale Reaktionen erwartet",
        "Globale Alarmglocken läuten",
        "Werden „nicht untätig bleiben“",
        "Ukraine-Krieg: Tausende nordkoreanische Soldaten bald in Kampfzone?",
        "Maj. Gen. Ryder warnt vor Eskalation",
        "Was jetzt kommt …",
        "Kommentare",
    ],
)
def test_headings(text: str) -> None:
    """Short lines without a final period read as headings."""
    assert is_heading(text)


@pytest.mark.parametrize(
    "text",
    [
        "Südkorea beobachtet diese Entwicklung mit Besorgnis.",
        "Quellen für diesen Artikel sind:",
        "Er kam. Er sah",
        "(V.Blanchet--LPdF)",
        "• Jederzeit kündbar",
        "+",
        "12.000",
        "",
        "Wort " * 30,
        "Ein sehr langer Satz ohne Punkt " + "und noch mehr Worte " * 10,
    ],
)
def test_not_headings(text: str) -> None:
    """Sentences, list items, bylines, symbols and long lines are not headings."""
    assert not is_heading(text)


def test_segment_returns_schema_paragraphs() -> None:
    """segment() gives schema `Paragraph`s with the heading flag set."""
    paragraphs = segment("Überschrift hier\nEin Satz. Noch einer.", language="de")
    assert paragraphs == [
        Paragraph(sentences=["Überschrift hier"], heading=True),
        Paragraph(sentences=["Ein Satz.", "Noch einer."], heading=False),
    ]
    assert segment("") == []


# --- properties ------------------------------------------------------------------------------

# Characters that exercise the rules: letters of both cases, digits, every kind of punctuation,
# quote and bracket the splitter looks at, and several kinds of whitespace.
_ALPHABET = [
    *"aAbBzZäÄß19 .....!?…„“”\"'»«()[]:,;-•+\n\t\u00a0\u202f",
    "Dr.",
    "z. B.",
    "U.S.",
    "24. Oktober",
    "usw.",
    " Die ",
    "10.000",
    "\r\n",
    "\n\n",
]
_NEWS_LIKE = st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join)
_ANY_TEXT = st.text(max_size=300)
_LANGUAGES = st.sampled_from(["de", "en", "fr", "de-AT", ""])
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(text=st.one_of(_NEWS_LIKE, _ANY_TEXT), language=_LANGUAGES)
def test_sentences_rebuild_the_normalised_paragraph(text: str, language: str) -> None:
    """Joined with spaces, the sentences of any text give the normalised text back."""
    sentences = split_sentences(text, language=language)
    assert " ".join(sentences) == normalize_space(text)
    for sentence in sentences:
        assert sentence
        assert sentence == normalize_space(sentence)


@_SETTINGS
@given(text=st.one_of(_NEWS_LIKE, _ANY_TEXT), language=_LANGUAGES)
def test_sentences_end_only_after_punctuation(text: str, language: str) -> None:
    """Every split follows sentence-final punctuation (and maybe closing quotes)."""
    sentences = split_sentences(text, language=language)
    for sentence in sentences[:-1]:
        assert sentence.rstrip("\"'”“’‘»«›‹)]")[-1] in ".!?…‽"


@_SETTINGS
@given(text=st.one_of(_NEWS_LIKE, _ANY_TEXT))
def test_paragraphs_keep_every_character_in_order(text: str) -> None:
    """Paragraph splitting only ever changes whitespace."""
    paragraphs = split_paragraphs(text)
    assert no_space("".join(paragraphs)) == no_space(text)
    for paragraph in paragraphs:
        assert paragraph
        assert paragraph == normalize_space(paragraph)


@_SETTINGS
@given(text=st.one_of(_NEWS_LIKE, _ANY_TEXT).filter(lambda t: "-" not in t))
def test_paragraphs_without_hyphens_rebuild_the_normalised_text(text: str) -> None:
    """Without hyphen joins, paragraphs joined with spaces give the normalised text."""
    assert " ".join(split_paragraphs(text)) == normalize_space(text)


@_SETTINGS
@given(text=st.one_of(_NEWS_LIKE, _ANY_TEXT), language=_LANGUAGES)
def test_segment_keeps_every_character_in_order(text: str, language: str) -> None:
    """segment() only ever changes whitespace, and headings are single sentences."""
    paragraphs = segment(text, language=language)
    assert no_space("".join(s for p in paragraphs for s in p.sentences)) == no_space(text)
    for paragraph in paragraphs:
        assert paragraph.sentences
        if paragraph.heading:
            assert len(paragraph.sentences) == 1


@_SETTINGS
@given(text=_ANY_TEXT)
def test_normalize_space(text: str) -> None:
    """Normalising is idempotent, keeps all non-space text, and matches str.split."""
    normalised = normalize_space(text)
    assert normalize_space(normalised) == normalised
    assert no_space(normalised) == no_space(text)
    if not any(space in text for space in "\u00a0\u202f\u2009\u2007"):
        assert normalised == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10\u202f000 Soldaten", "10\u202f000 Soldaten"),
        ("10\u00a0\u00a0000", "10 000"),
        ("\u00a05 und 6\u00a0", "5 und 6"),
        ("Präsident\u00a0Yoon", "Präsident Yoon"),
        (" a\r\n\tb\x0bc\u2028d ", "a b c d"),
    ],
)
def test_normalize_space_keeps_only_digit_group_spaces(text: str, expected: str) -> None:
    """Only a lone no-break or thin space between digits survives normalising."""
    assert normalize_space(text) == expected


# --- bounded time on hostile input -----------------------------------------------------------

_MEGABYTE = 1_000_000


def _seconds(function: Callable[[str], object], text: str) -> float:
    """CPU seconds `function(text)` takes (CPU time, so other busy processes do not count)."""
    start = time.process_time()
    function(text)
    return time.process_time() - start


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * _MEGABYTE, id="1MB-a"),
        pytest.param(". . ." * (_MEGABYTE // 5), id="1MB-spaced-dots"),
        pytest.param("." * _MEGABYTE, id="1MB-dots"),
        pytest.param("(" * _MEGABYTE, id="1MB-open-parens"),
        pytest.param("„" * _MEGABYTE, id="1MB-quotes"),
        pytest.param("? " * (_MEGABYTE // 2), id="1MB-questions"),
        pytest.param("Dr. (z. B. „Er.“) " * (_MEGABYTE // 18), id="1MB-mixed"),
    ],
)
def test_hostile_megabyte_finishes_quickly(text: str) -> None:
    """Megabyte lines built to trigger backtracking still finish in well under 2 s."""
    assert _seconds(segment, text) < 2.0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dr. " * 25_000, id="abbreviations"),
        pytest.param("A. " * 33_000, id="initials"),
        pytest.param("12. " * 25_000, id="ordinals"),
        pytest.param("+\n" * 50_000, id="symbol-lines"),
        pytest.param("a\n" * 50_000, id="short-lines"),
        pytest.param("• a\n" * 25_000, id="list-items"),
    ],
)
def test_every_candidate_costs_constant_time(text: str) -> None:
    """Inputs where every space is a split candidate stay linear."""
    # 100 KB where every space or line is a candidate: a quadratic splitter would take minutes.
    assert _seconds(segment, text) < 2.0
