"""Glossary loading and matching: the shipped de-en glossary on the seeds, bad files, edge cases."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from wiredesk.config import PROJECT_ROOT
from wiredesk.errors import GlossaryError, UnsupportedLanguageError
from wiredesk.glossary import (
    Entry,
    Glossary,
    glossary_for,
    load_glossary,
    name_aliases,
    parse_glossary,
)

GLOSSARY_FILE = PROJECT_ROOT / "glossary" / "de-en.tsv"
SEEDS = PROJECT_ROOT / "seeds"

# (seed file prefix, text as found in the seed, English form it must map to)
SEED_EXPECTATIONS = [
    ("000", "Choe Son Hui", "Choe Son Hui"),
    ("000", "Choes", "Choe Son Hui"),
    ("000", "Moskau", "Moscow"),
    ("000", "Pjöngjang", "Pyongyang"),
    ("000", "Nordkoreas", "North Korea"),
    ("000", "Russlands", "Russia"),
    ("000", "Kursk", "Kursk"),  # in "Kursk-Region"
    ("000", "Pat Ryder", "Pat Ryder"),
    ("000", "Pentagon", "Pentagon"),
    ("000", "Yoon Suk Yeol", "Yoon Suk Yeol"),
    ("000", "Yoon", "Yoon Suk Yeol"),  # "Aber Präsident Yoon deutete ..."
    ("000", "Wolodymyr Selenskyj", "Volodymyr Zelensky"),
    ("000", "Seoul", "Seoul"),
    ("000", "Sicherheitsrat der Vereinten Nationen", "UN Security Council"),
    ("000", "China", "China"),
    ("000", "US", "US"),  # in "US-gestützte"
    ("000", "USA", "United States"),
    ("000", "Indo-Pazifik", "Indo-Pacific"),
    ("000", "AP News", "AP News"),
    ("000", "Südkorea", "South Korea"),
    ("001", "Wladimir Putin", "Vladimir Putin"),
    ("001", "Putin", "Vladimir Putin"),
    ("001", "Kim Jong-un", "Kim Jong Un"),
    ("001", "Kiew", "Kyiv"),
    ("001", "Ukraine", "Ukraine"),  # also in "Ukraine-Krieg"
    ("001", "Institute for the Study of War", "Institute for the Study of War"),
    ("001", "ISW", "ISW"),
    ("001", "HUR", "HUR"),
    ("001", "Gabriel Jonsson", "Gabriel Jonsson"),
    ("001", "Universität Stockholm", "Stockholm University"),
    ("001", "Guardian", "Guardian"),
    ("001", "Korea Herald", "Korea Herald"),
    ("001", "Südkoreas", "South Korea"),
    ("001", "SIPRI", "SIPRI"),
    (
        "001",
        "Stockholmer Friedensforschungsinstituts",
        "Stockholm International Peace Research Institute",
    ),
    ("001", "Yonhap", "Yonhap"),
    ("001", "Harry Kazianis", "Harry Kazianis"),
    ("001", "Center for the National Interest", "Center for the National Interest"),
    ("001", "Washington", "Washington"),
    ("001", "AFP", "AFP"),
    ("001", "Europa", "Europe"),
    ("001", "Yoon\u00a0Suk Yeol", "Yoon Suk Yeol"),  # a no-break space inside the name
    ("002", "NIS", "NIS"),
    ("002", "Yonhap", "Yonhap"),
    ("002", "Russland", "Russia"),
    ("003", "Pjöngjangs", "Pyongyang"),
    ("003", "Choe", "Choe Son Hui"),
    ("003", "Sergej Lawrow", "Sergei Lavrov"),
    ("003", "Lawrow", "Sergei Lavrov"),
    ("003", "Antony Blinken", "Antony Blinken"),
    ("003", "Lloyd Austin", "Lloyd Austin"),
    ("003", "Jaroslawski", "Yaroslavsky"),
    ("003", "Kim Il Sung", "Kim Il Sung"),
    ("003", "Sowjetunion", "Soviet Union"),
    ("003", "Kim Jong Un", "Kim Jong Un"),
    ("003", "Moskaus", "Moscow"),
    ("003", "Iran", "Iran"),
    ("003", "Teheran", "Tehran"),
    ("003", "Chinas", "China"),
    ("003", "Kiew", "Kyiv"),
    ("004", "Vasily Nebenzya", "Vasily Nebenzya"),
    ("004", "Lloyd Austin", "Lloyd Austin"),
    ("004", "Austin", "Lloyd Austin"),
    ("004", "Pentagon", "Pentagon"),  # in "Pentagon-Behörden"
    ("004", "Sergiy Kyslytsya", "Sergiy Kyslytsya"),
    ("004", "Kyslytsya", "Sergiy Kyslytsya"),
    ("004", "UN", "UN"),  # in "UN-Botschafter"
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY_FILE, max_bytes=1_000_000)


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def found(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(match.text, match.entry.target) for match in glossary.find(text)]


# --- the shipped glossary on the seeds ------------------------------------------------------


@pytest.mark.parametrize(("prefix", "text", "target"), SEED_EXPECTATIONS)
def test_every_seed_name_is_found(glossary: Glossary, prefix: str, text: str, target: str) -> None:
    assert (text, target) in found(glossary, seed_text(prefix))


def test_seed_compounds_match_their_name_element(glossary: Glossary) -> None:
    text = seed_text("000") + seed_text("001") + seed_text("004")
    for compound, name, target in [
        ("Kursk-Region", "Kursk", "Kursk"),
        ("Ukraine-Krieg", "Ukraine", "Ukraine"),
        ("Pentagon-Behörden", "Pentagon", "Pentagon"),
        ("US-gestützte", "US", "US"),
        ("UN-Botschafter", "UN", "UN"),
    ]:
        at = text.index(compound)
        hits = [m for m in glossary.find(text) if m.start == at]
        assert [(m.text, m.entry.target) for m in hits] == [(name, target)], compound


def test_derived_words_and_lone_ambiguous_names_do_not_match(glossary: Glossary) -> None:
    texts = "".join(seed_text(prefix) for prefix in ("000", "001", "002", "003", "004"))
    matched = {m.text for m in glossary.find(texts)}
    for word in ["nordkoreanische", "südkoreanischen", "Moskauer", "Kremlchef", "Kim", "russische"]:
        assert word not in matched
    assert found(glossary, "die Familie Kim und der Iraner") == []


def test_match_text_is_the_slice_it_covers(glossary: Glossary) -> None:
    text = seed_text("003")
    for match in glossary.find(text):
        assert text[match.start : match.end] == match.text


def test_shipped_glossary_kinds(glossary: Glossary) -> None:
    kinds = {entry.target: entry.kind for entry in glossary.entries}
    assert kinds["Choe Son Hui"] == "person"
    assert kinds["Pyongyang"] == "place"
    assert kinds["Pentagon"] == "org"
    assert all(kind in {"person", "place", "org"} for kind in kinds.values())
    assert Entry("Kreml", "Kremlin", "building in Moscow").kind == ""


# --- matching rules -------------------------------------------------------------------------


def test_genitive_endings(glossary: Glossary) -> None:
    assert glossary.find("Choes Besuch")[0].suffix == "s"
    assert found(glossary, "Pjöngjangs Unterstützung") == [("Pjöngjangs", "Pyongyang")]
    assert found(glossary, "Lawrows Worte") == [("Lawrows", "Sergei Lavrov")]
    assert found(glossary, "Putin's Rede, Putin’s Krieg") == [
        ("Putin's", "Vladimir Putin"),
        ("Putin’s", "Vladimir Putin"),
    ]


def test_multiword_terms_across_line_breaks_and_spaces(glossary: Glossary) -> None:
    assert found(glossary, "Ministerin Choe Son\nHui kam") == [("Choe Son\nHui", "Choe Son Hui")]
    assert found(glossary, "Choe  Son \t Hui") == [("Choe  Son \t Hui", "Choe Son Hui")]
    # A hyphen and a space are interchangeable between the words of a name.
    assert found(glossary, "Kim Jong Un, Kim Jong-un, KIM JONG-UN") == [
        ("Kim Jong Un", "Kim Jong Un"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("KIM JONG-UN", "Kim Jong Un"),
    ]
    # Words split by other punctuation are not one name.
    assert found(glossary, "Choe. Son Hui") == [("Choe", "Choe Son Hui")]


def test_longest_match_wins(glossary: Glossary) -> None:
    assert found(glossary, "Choe Son Hui") == [("Choe Son Hui", "Choe Son Hui")]
    assert found(glossary, "an der Universität Stockholm") == [
        ("Universität Stockholm", "Stockholm University")
    ]


def test_case_insensitive_except_acronyms(glossary: Glossary) -> None:
    assert found(glossary, "PJÖNGJANG und moskau") == [
        ("PJÖNGJANG", "Pyongyang"),
        ("moskau", "Moscow"),
    ]
    assert found(glossary, "die nis, Nis und Hur sagen uns Uns nichts") == []
    assert found(glossary, "der NIS und der HUR") == [("NIS", "NIS"), ("HUR", "HUR")]


def test_never_inside_a_longer_word(glossary: Glossary) -> None:
    assert found(glossary, "iranisch, Ukrainerin, Nordkoreaner, Chinarestaurant, Genisis") == []


def test_any_element_of_a_hyphen_compound(glossary: Glossary) -> None:
    assert found(glossary, "ein Anti-Putin-Kurs") == [("Putin", "Vladimir Putin")]
    assert found(glossary, "der Pjöngjang-Besuch") == [("Pjöngjang", "Pyongyang")]


def test_decomposed_umlauts_match() -> None:
    glossary = parse_glossary("Pjöngjang\tPyongyang\tplace")
    text = unicodedata.normalize("NFD", "in Pjöngjangs Plan")
    assert found(glossary, text) == [(unicodedata.normalize("NFD", "Pjöngjangs"), "Pyongyang")]


def test_english_form_in_the_source_is_matched_too(glossary: Glossary) -> None:
    assert found(glossary, "Pyongyang und Zelensky") == [
        ("Pyongyang", "Pyongyang"),
        ("Zelensky", "Volodymyr Zelensky"),
    ]


def test_automatic_person_aliases() -> None:
    assert name_aliases("Choe Son Hui") == ["Choe"]
    assert name_aliases("Sergej Lawrow") == ["Lawrow"]
    assert name_aliases("Lloyd Austin") == ["Austin"]
    assert name_aliases("Kim Jong-un") == []  # "Kim" and "un" are too short
    assert name_aliases("Madonna") == []
    glossary = parse_glossary(
        "Park Chung Hee\tPark Chung-hee\tperson\nPark Geun Hye\tPark Geun-hye\tperson\n"
        "Moskau\tMoscow\tplace\n"
    )
    # "Park" is shared by two people: ambiguous, so it never matches alone.
    assert found(glossary, "Park sagte in Moskau") == [("Moskau", "Moscow")]


def test_aliases_column_replaces_automatic_aliases() -> None:
    glossary = parse_glossary(
        "Wolodymyr Selenskyj\tVolodymyr Zelensky\tperson\tSelenskyj|Selenskij\n"
        "Kim Il Sung\tKim Il Sung\tperson\t-\n"
        "Kiew\tKyiv\tplace\tKiev\n"
    )
    assert found(glossary, "Selenskij traf Sung in Kiev") == [
        ("Selenskij", "Volodymyr Zelensky"),
        ("Kiev", "Kyiv"),
    ]
    assert glossary.keys["Selenskyj"].target == "Volodymyr Zelensky"
    assert "Sung" not in glossary.keys


def test_places_get_no_automatic_aliases() -> None:
    glossary = parse_glossary("Universität Stockholm\tStockholm University\torg")
    assert found(glossary, "in Stockholm") == []


def test_find_is_linear_on_a_megabyte(glossary: Glossary) -> None:
    text = "".join(seed_text(prefix) for prefix in ("000", "001", "002", "003", "004"))
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    started = time.process_time()
    matches = glossary.find(text)
    assert time.process_time() - started < 2.0  # linear: about 0.3 s; quadratic: minutes
    assert len(matches) > 10_000


def test_find_on_hostile_text_stays_linear(glossary: Glossary) -> None:
    # Every word a candidate, a 200,000-character run of punctuation, no word boundaries at all:
    # a backtracking or quadratic matcher would take minutes here.
    hostile = (
        "Sicherheitsrat der Vereinten " * 10_000
        + "-" * 200_000
        + " Choe" * 30_000
        + " "
        + "x" * 200_000
    )
    started = time.process_time()
    matches = glossary.find(hostile)
    assert time.process_time() - started < 2.0
    assert {m.entry.target for m in matches} == {"Choe Son Hui"}
    assert len(matches) == 30_000


# --- parsing errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Moskau\tMoscow\tplace\nKiew Kyiv place\n", 2, "tab-separated columns"),
        ("Moskau\tMoscow\tplace\ta|b\textra\n", 1, "found 5"),
        ("# header comment\n\n\tMoscow\n", 3, "source column is empty"),
        ("Moskau\t  \n", 1, "target column is empty"),
        ("Moskau\tMos\x07cow\n", 1, "control character U+0007"),
        ("Moskau\tMos\u200bcow\n", 1, "control character U+200B"),
        ("Moskau\t" + "M" * 201 + "\n", 1, "over 200 characters"),
        ("Moskau\tMoscow\tplace\tMoskwa||Moskva\n", 1, "empty or punctuation-only alias"),
        ("Moskau\t---\n", 1, "no letters or digits"),
        ("Moskau\tMoscow\nMoskau\tMoskva\n", 2, "already on line 1"),
        ("Kiew\tKyiv\tplace\tKiev\nKiev\tKiev\tplace\n", 2, "already on line 1"),
        ("Kiew\tKyiv\nkiew\tKiev\n", 2, "already on line 1"),
        ("Moskau\tMoscow\nSankt ((((Petersburg\tSt Petersburg\n", 2, "unsupported punctuation"),
        ("Moskau\tMos ((((cow\n", 1, "unsupported punctuation"),
        ("Moskau\tMoscow\tplace\tMoskwa|Mos ((((kwa\n", 1, "unsupported punctuation"),
    ],
)
def test_malformed_rows_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text, origin="test.tsv")
    assert f"test.tsv, line {line}:" in caught.value.detail
    assert message in caught.value.detail


def test_comments_header_bom_crlf_and_duplicates() -> None:
    text = (
        "\ufeffsource\ttarget\tnote\r\n# a comment\r\n\r\n"
        "Moskau\tMoscow\tplace\r\n  Moskau \t Moscow \tplace, again\r\n"
    )
    glossary = parse_glossary(text)
    assert len(glossary) == 1
    assert glossary.entries[0] == Entry("Moskau", "Moscow", "place")
    assert found(glossary, "Moskaus") == [("Moskaus", "Moscow")]


def test_too_many_entries() -> None:
    text = "".join(f"Ort{i}\tPlace{i}\n" for i in range(11))
    with pytest.raises(GlossaryError, match="more than 10 entries"):
        parse_glossary(text, max_entries=10)


def test_load_rejects_large_undecodable_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.tsv"
    big.write_text("Moskau\tMoscow\n" * 100, encoding="utf-8")
    with pytest.raises(GlossaryError, match="larger than 100 bytes"):
        load_glossary(big, max_bytes=100)
    broken = tmp_path / "broken.tsv"
    broken.write_bytes(b"Moskau\tMoscow\nKiew\tKyiv\nPj\xf6ngjang\tPyongyang\n")
    with pytest.raises(GlossaryError, match=r"line 3: not valid UTF-8"):
        load_glossary(broken, max_bytes=1000)
    with pytest.raises(GlossaryError, match="cannot read glossary"):
        load_glossary(tmp_path / "absent.tsv", max_bytes=1000)


def test_shipped_glossary_is_valid_and_within_limits() -> None:
    size = GLOSSARY_FILE.stat().st_size
    glossary = load_glossary(GLOSSARY_FILE, max_bytes=size)
    assert len(glossary) >= 50


# --- choosing a glossary --------------------------------------------------------------------


def test_glossary_for(tmp_path: Path) -> None:
    (tmp_path / "de-en.tsv").write_text("Moskau\tMoscow\n", encoding="utf-8")
    override = tmp_path / "mine.tsv"
    override.write_text("Moskau\tMoskva\n", encoding="utf-8")
    chosen = glossary_for("DE", glossary_dir=tmp_path, override=None, max_bytes=1000)
    assert chosen is not None and chosen.entries[0].target == "Moscow"
    chosen = glossary_for("de", glossary_dir=tmp_path, override=override, max_bytes=1000)
    assert chosen is not None and chosen.entries[0].target == "Moskva"
    assert glossary_for("fr", glossary_dir=tmp_path, override=None, max_bytes=1000) is None
    with pytest.raises(UnsupportedLanguageError):
        glossary_for("../de", glossary_dir=tmp_path, override=None, max_bytes=1000)
