"""Property tests: any text, any tag soup, any JSON through ingest, clean, segment and glossary.

Each property says what a user may rely on whatever they send: no crash (only Wiredesk's own
input errors), text that later stages can encode and print, nothing from a `<script>` in the
article, glossary hits that point at the words they name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.stages import GLOSSARY, is_clean_text, through_the_stages
from wiredesk.errors import GlossaryError, InputError
from wiredesk.glossary import parse_glossary
from wiredesk.ingest import (
    article_from_html,
    articles_from_json,
    decode_bytes,
    load_file,
    normalize_text,
)
from wiredesk.schema import Article, IngestFailure

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that break naive code: C0/C1 controls, zero-width and bidi marks, BOMs, line and
# paragraph separators, combining marks, and lone surrogates (JSON's "\ud800" escapes).
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\xad\u200b\u200c\u200d\u200e\u202e"
    "\u2028\u2029\u2060\ufeff\ufffe\uffff\u0301\u0308\U0001f600\U0010ffff\ud800\udc00\udfff"
    "\r\n\t „“»«‚‘().!?…-•+©€ÃÂ¼¶"
)
ANY_CHAR = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # hypothesis leaves surrogates out unless asked
    st.sampled_from(NASTY),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
GERMAN = st.sampled_from(
    [
        "Nordkorea schickt weitere Soldaten nach Russland.",
        "Nach Angaben des NIS sollen es 10.000 Soldaten sein.",
        "Choe Son Hui traf Sergej Lawrow in Moskau.",
        "Kommentare",
        "+",
        "Foto: dpa",
        "Bitte deaktivieren Sie Ihren Adblocker.",
        "Jetzt 4 Wochen für 0,99 € testen",
    ]
)
GERMAN_PARAGRAPH = (
    "Nordkorea schickt weitere Soldaten nach Russland. Nach Angaben des südkoreanischen "
    "Geheimdienstes sollen es 10.000 Soldaten sein, das Pentagon spricht von 12.000."
)
NEWS_TEXT = st.lists(st.one_of(GERMAN, ANY_TEXT), max_size=12).map("\n".join)


def assert_usable(article: Article) -> None:
    """An accepted article has an id and text that every later stage can encode and print."""
    assert article.id and is_clean_text(article.id)
    assert article.text.strip() and is_clean_text(article.text)
    for field in (article.title, article.source, article.url):
        if field is not None:
            field.encode("utf-8")  # stored, rendered and sent: must be encodable


# --- plain text -------------------------------------------------------------------------------


@FUZZ
@given(ANY_TEXT)
def test_normalised_text_is_always_encodable_and_settled(raw: str) -> None:
    text = normalize_text(raw)
    assert is_clean_text(text)
    assert normalize_text(text) == text


@FUZZ
@given(NEWS_TEXT)
def test_any_text_passes_every_stage_without_losing_or_inventing_words(raw: str) -> None:
    staged = through_the_stages(raw)
    assert is_clean_text(staged.cleaned)
    assert all(sentence.strip() and is_clean_text(sentence) for sentence in staged.sentences)
    # Segmenting changes only whitespace; cleaning only drops whole blocks, never adds words.
    assert "".join("".join(staged.sentences).split()) == "".join(staged.cleaned.split())
    assert not Counter(staged.cleaned.split()) - Counter(staged.text.split())


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_any_bytes_with_any_bom_decode_to_clean_text_or_a_clear_refusal(
    data: bytes, bom: bytes
) -> None:
    try:
        text = decode_bytes(bom + data)
    except InputError as error:
        assert error.detail
        return
    assert is_clean_text(text)


# --- HTML -----------------------------------------------------------------------------------

TAGS = [
    "html",
    "head",
    "body",
    "title",
    "div",
    "p",
    "span",
    "b",
    "i",
    "a",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "h2",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "br",
    "img",
    "svg",
    "math",
]
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' class="article"',
        ' href="javascript:alert(1)"',
        ' onclick="alert(1)"',
        " style='display:none'",
        ' src="http://127.0.0.1:9/x.png"',
        " hidden",
        ' id="main"',
        " a=" + "b" * 300,
    ]
)
SCRIPT_MARKER = "xss-marker-4711"
SCRIPTS = (
    f"<script>alert('{SCRIPT_MARKER}')</script>",
    f"<style>body{{content:'{SCRIPT_MARKER}'}}</style>",
)
LEAVES = st.one_of(
    GERMAN,
    ANY_TEXT,
    st.sampled_from(["&amp;", "&lt;script&gt;", "&#0;", "&#xD800;", "&#1114112;", "&nbsp;", "&"]),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<?php ?>", "<!DOCTYPE html>", "</", "<"]),
    st.sampled_from(SCRIPTS),
)


def _element(tag: str, attributes: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attributes}>{''.join(children)}" + (f"</{tag}>" if closed else "")


TAG_SOUP = st.recursive(
    LEAVES,
    lambda children: st.builds(
        _element, st.sampled_from(TAGS), ATTRIBUTES, st.lists(children, max_size=5), st.booleans()
    ),
    max_leaves=25,
)


def check_tag_soup(html: str) -> None:
    """Any markup gives a usable article or a clear input error, never a crash."""
    try:
        article = article_from_html(html, id="page")
    except InputError as error:
        assert error.detail
        return
    assert_usable(article)


@settings(FUZZ, max_examples=40)
@given(st.lists(TAG_SOUP, max_size=6).map("".join))
def test_any_tag_soup_gives_an_article_or_an_input_error(html: str) -> None:
    check_tag_soup(html)


@pytest.mark.slow
@settings(FUZZ, max_examples=2000)
@given(st.lists(TAG_SOUP, max_size=8).map("".join))
def test_any_tag_soup_gives_an_article_or_an_input_error_deep(html: str) -> None:
    check_tag_soup(html)


def test_a_page_that_crashes_trafilatura_is_read_without_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by the tag-soup property: htmldate's date search asserts on "<svg><s></s><a>".
    with pytest.raises(InputError, match="No article text"):
        article_from_html("<svg><s></s><a>", id="svg")
    real = trafilatura.bare_extraction

    def metadata_crashes(html: str, **options: Any) -> Any:
        if options["with_metadata"]:
            raise AssertionError("htmldate")
        return real(html, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", metadata_crashes)
    page = f"<html><body><article><p>{GERMAN_PARAGRAPH}</p></article></body></html>"
    assert article_from_html(page, id="p").text == GERMAN_PARAGRAPH

    def always_crashes(html: str, **options: Any) -> Any:
        raise ValueError("lxml")

    monkeypatch.setattr(trafilatura, "bare_extraction", always_crashes)
    with pytest.raises(InputError, match="could not be read"):
        article_from_html(page, id="p")


@pytest.mark.parametrize("depth", [300, 10_000])
def test_html_nested_too_deep_to_read_whole_is_refused(depth: int) -> None:
    # libxml2 stops reading at depth 256: the paragraph after the nest would silently vanish.
    nest = "<div>" * depth + "<p>tief</p>" + "</div>" * depth
    page = f"<html><body><p>{GERMAN_PARAGRAPH}</p>{nest}<p>{GERMAN_PARAGRAPH}</p></body></html>"
    with pytest.raises(InputError, match="nested too deeply"):
        article_from_html(page, id="deep")


def test_html_nested_as_deep_as_real_pages_is_read() -> None:
    nest = "<div>" * 200 + f"<p>{GERMAN_PARAGRAPH}</p>" + "</div>" * 200
    article = article_from_html(f"<html><body>{nest}</body></html>", id="deep")
    assert article.text == GERMAN_PARAGRAPH


def test_lone_surrogates_in_html_do_not_cut_the_article() -> None:
    # lxml stops at the first lone surrogate ("\ud800" in a JSON string): only "Hallo" was left.
    article = article_from_html(f"<p>Hallo \ud800{GERMAN_PARAGRAPH}</p>", id="s")
    assert article.text == f"Hallo {GERMAN_PARAGRAPH}"


PAGE_PART = st.one_of(
    GERMAN.map(lambda sentence: f"<p>{sentence} {sentence}</p>"),
    st.sampled_from(SCRIPTS),
    st.sampled_from(SCRIPTS).map(lambda script: f"<p>Davor. {script} Danach.</p>"),
    st.sampled_from(SCRIPTS).map(lambda script: f"<div><noscript>x</noscript>{script}</div>"),
)


@FUZZ
@given(st.lists(PAGE_PART, min_size=1, max_size=12).map("".join))
def test_scripts_and_styles_never_become_article_text(body: str) -> None:
    try:
        article = article_from_html(f"<html><body><article>{body}</article></body></html>", id="p")
    except InputError:
        return  # nothing but scripts: no article
    assert SCRIPT_MARKER not in article.text


# --- JSON -----------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=15,
)
FIELD = st.one_of(ANY_TEXT, GERMAN, JSON_VALUES)
ARTICLE_OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(FIELD, st.integers(), st.just("x" * 201)),
        "title": FIELD,
        "source": FIELD,
        "url": st.one_of(FIELD, st.just("javascript:alert(1)"), st.just("http://127.0.0.1:9/")),
        "language": st.one_of(FIELD, st.sampled_from(["de", "EN", "pt-BR", "x", "de\n"])),
        "text": st.one_of(NEWS_TEXT, FIELD),
        "html": st.one_of(TAG_SOUP, FIELD),
    },
)


@FUZZ
@given(st.one_of(JSON_VALUES, ARTICLE_OBJECT, st.lists(ARTICLE_OBJECT, max_size=4)))
def test_any_json_gives_one_outcome_per_item_and_never_crashes(data: Any) -> None:
    items = articles_from_json(data, origin="fuzz.json", max_article_bytes=100_000)
    expected = len(data) if isinstance(data, list) and data else 1
    assert len(items) == expected
    for item in items:
        if isinstance(item, Article):
            assert_usable(item)
        else:
            assert isinstance(item, IngestFailure) and item.error and item.code


def test_json_numbers_too_long_to_read_are_an_input_error(tmp_path: Path) -> None:
    # Python refuses integers of over 4300 digits with a plain ValueError, not a JSONDecodeError.
    path = tmp_path / "big-number.json"
    path.write_text('{"text": "Ein Satz.", "id": ' + "7" * 5000 + "}", encoding="utf-8")
    (item,) = load_file(path, max_article_bytes=100_000, max_articles=10)
    assert isinstance(item, IngestFailure) and item.code == "invalid_input"
    assert "not valid JSON" in item.error


# --- glossary ---------------------------------------------------------------------------------

KEYS = sorted(GLOSSARY.keys)
GLUE = st.sampled_from([" ", "\n", "-", "s ", "'s ", "’ ", ". ", ", ", "\u00a0", "", "„", "“ "])
GLOSSED_TEXT = st.lists(st.one_of(st.sampled_from(KEYS), GLUE, ANY_TEXT), max_size=30).map("".join)


@FUZZ
@given(GLOSSED_TEXT)
def test_glossary_hits_are_ordered_disjoint_and_point_at_their_words(text: str) -> None:
    matches = GLOSSARY.find(text)
    end = 0
    for match in matches:
        assert match.start >= end and match.end > match.start
        assert text[match.start : match.end] == match.text
        assert match.entry in GLOSSARY.entries
        end = match.end


@FUZZ
@given(st.lists(st.lists(st.one_of(ANY_TEXT, GERMAN), max_size=5).map("\t".join), max_size=8))
def test_any_glossary_text_parses_or_is_a_glossary_error(lines: list[str]) -> None:
    try:
        glossary = parse_glossary("\n".join(lines), origin="upload")
    except GlossaryError as error:
        assert error.detail.startswith("upload")
        return
    assert len(glossary) == len(glossary.entries)
    assert all(is_clean_text(written) for written in glossary.keys)


@pytest.mark.parametrize(
    ("tsv", "says"),
    [
        ("A\tB\nA\tC\n", "already on line 2"),
        ("A\tB\tnote\tx|\n", "alias"),
        ("only-one-column\n", "columns"),
        ("A\tB\tC\tD\tE\n", "columns"),
        ("A\t\n", "empty"),
        ("A\x00\tB\n", "control character"),
        ("...\tB\n", "no letters"),
        ("A\t" + "B" * 201 + "\n", "over 200"),
    ],
)
def test_malformed_glossaries_name_their_fault_and_line(tsv: str, says: str) -> None:
    with pytest.raises(GlossaryError) as raised:
        parse_glossary("# header comment\n" + tsv, origin="upload")
    assert says in raised.value.detail
    assert "line" in raised.value.detail
