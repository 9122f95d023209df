"""Worst cases built by hand: megabyte lines, deep nesting, repetition bombs, within a budget.

Every case goes through the real stages (normalise, clean, segment, glossary lookup; or HTML
extraction) and must finish within a CPU-time budget (not wall time: the machine is shared)
and a tracemalloc peak. The budgets are loose on purpose: a linear stage takes a few seconds
on a megabyte, while a quadratic one would take hours and a memory blow-up gigabytes. The fast
run checks a few cases; `-m slow` checks every case.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fuzz.stages import (
    MEGABYTE,
    cpu_seconds,
    is_clean_text,
    peak_megabytes,
    through_the_stages,
)
from wiredesk.errors import EmptyArticleError, InputError
from wiredesk.ingest import article_from_html, decode_bytes, load_file
from wiredesk.schema import Article, IngestFailure

CPU_BUDGET_S = 30.0  # per megabyte of input, whatever its shape (the worst case takes ~11 s)
PEAK_BUDGET_MB = 400.0  # per megabyte of input (500,000 one-letter paragraphs use ~280)
FAST_CPU_BUDGET_S = 5.0

PARAGRAPH = (
    "Nordkorea schickt weitere Soldaten nach Russland. Nach Angaben des südkoreanischen "
    "Geheimdienstes NIS sollen es 10.000 Soldaten sein, sagte Choe Son Hui in Pjöngjang.\n\n"
)
BOILERPLATE = "Kommentare\n+\nFoto: dpa\nBitte deaktivieren Sie Ihren Adblocker.\n"


def megabyte_of(unit: str) -> str:
    """`unit` repeated to one megabyte of characters (one line unless `unit` has newlines)."""
    return (unit * (MEGABYTE // len(unit) + 1))[:MEGABYTE]


# name -> builder, so the inputs are only built for the cases that run.
TEXTS: dict[str, Callable[[], str]] = {
    "one-line-of-words": lambda: megabyte_of("Wort "),
    "one-letter": lambda: "a" * MEGABYTE,
    "initials": lambda: megabyte_of("A. "),
    "titles": lambda: megabyte_of("Dr. X "),
    "ordinals": lambda: megabyte_of("am 3. Oktober "),
    "open-parens": lambda: "(" * MEGABYTE,
    "quotes": lambda: megabyte_of("„a“ "),
    "mojibake": lambda: megabyte_of("SÃ¼dkorea "),
    "controls-and-surrogates": lambda: megabyte_of("\x01\x02a\u200b\x7f\ud800 "),
    "combining-marks": lambda: "a" + "\u0301" * MEGABYTE,
    "bullets": lambda: megabyte_of("• "),
    "prices": lambda: megabyte_of("1,00 € "),
    "glossary-terms": lambda: megabyte_of("Choe Son Hui, NIS-Chef Choes Pjöngjangs. "),
    "short-lines": lambda: megabyte_of("a\n"),
    "line-separators": lambda: megabyte_of("\r\x85\u2028\x0b"),
    "digit-groups": lambda: megabyte_of("1\u00a0"),
    "repeated-paragraph": lambda: megabyte_of(PARAGRAPH),
    "repeated-boilerplate": lambda: megabyte_of(BOILERPLATE),
}
FAST_TEXTS = ["one-line-of-words", "controls-and-surrogates", "repeated-boilerplate"]
FAST_PEAKS = ["repeated-paragraph", "bullets"]


def assert_text_within_budget(name: str, *, cpu_budget: float) -> None:
    """The stages finish within `cpu_budget` CPU seconds and give clean, bounded output."""
    raw = TEXTS[name]()
    staged, cpu = cpu_seconds(lambda: through_the_stages(raw))
    assert cpu < cpu_budget, f"{name}: {cpu:.1f} s CPU"
    assert is_clean_text(staged.cleaned)
    assert len(staged.cleaned) <= 2 * len(raw)  # blocks are joined by blank lines, no more


def assert_peak_within_budget(name: str) -> None:
    """The stages allocate at most `PEAK_BUDGET_MB` at any moment on a megabyte."""
    raw = TEXTS[name]()
    _, peak = peak_megabytes(lambda: through_the_stages(raw))
    assert peak < PEAK_BUDGET_MB, f"{name}: {peak:.0f} MB peak"


@pytest.mark.parametrize("name", FAST_TEXTS)
def test_megabyte_inputs_pass_the_stages_quickly(name: str) -> None:
    assert_text_within_budget(name, cpu_budget=FAST_CPU_BUDGET_S)


@pytest.mark.parametrize("name", FAST_PEAKS)
def test_megabyte_inputs_pass_the_stages_in_bounded_memory(name: str) -> None:
    assert_peak_within_budget(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_megabyte_input_passes_the_stages_within_the_cpu_budget(name: str) -> None:
    assert_text_within_budget(name, cpu_budget=CPU_BUDGET_S)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_megabyte_input_passes_the_stages_within_the_memory_budget(name: str) -> None:
    assert_peak_within_budget(name)


def test_a_repeated_paragraph_is_kept_once() -> None:
    # A "zip bomb" of one paragraph repeated a megabyte long costs no more than the paragraph.
    staged = through_the_stages(TEXTS["repeated-paragraph"]())
    assert staged.cleaned == PARAGRAPH.strip()
    assert len(staged.sentences) == 2


# --- HTML -------------------------------------------------------------------------------------


def page(body: str) -> str:
    """A minimal HTML page around `body`."""
    return f"<html><head><title>Titel</title></head><body>{body}</body></html>"


PARAGRAPH_HTML = f"<p>{PARAGRAPH.strip()}</p>"
PAGES: dict[str, Callable[[], str]] = {
    "10000-nested-divs": lambda: page("<div>" * 10_000 + PARAGRAPH_HTML + "</div>" * 10_000),
    "100000-unclosed-spans": lambda: page("<span>" * 100_000 + PARAGRAPH_HTML),
    "megabyte-of-paragraphs": lambda: page(megabyte_of(PARAGRAPH_HTML)),
    "megabyte-paragraph": lambda: page(f"<p>{megabyte_of('Wort ')}</p>"),
    "megabyte-of-entities": lambda: page(f"<p>{megabyte_of('&amp;')}</p>{PARAGRAPH_HTML}"),
    "megabyte-attribute": lambda: page(f'<p title="{"x" * MEGABYTE}">{PARAGRAPH.strip()}</p>'),
    "megabyte-comment": lambda: page(f"<!--{'-' * MEGABYTE}-->{PARAGRAPH_HTML}"),
    "megabyte-script": lambda: page(f"<script>{megabyte_of('x();')}</script>{PARAGRAPH_HTML}"),
    "entity-expansion": lambda: (
        '<!DOCTYPE html [<!ENTITY a "'
        + "a" * 1000
        + '"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        + page(f"<p>{'&b;' * 10_000}</p>{PARAGRAPH_HTML}")
    ),
}
FAST_PAGES = ["10000-nested-divs", "100000-unclosed-spans", "megabyte-attribute"]


def assert_page_within_budget(name: str) -> None:
    """The page gives a clean article, or a clear input error, within the CPU budget."""
    html = PAGES[name]()

    def extract() -> Article | InputError:
        try:
            return article_from_html(html, id=name)
        except InputError as error:
            return error

    outcome, cpu = cpu_seconds(extract)
    assert cpu < CPU_BUDGET_S, f"{name}: {cpu:.1f} s CPU"
    if isinstance(outcome, Article):
        assert is_clean_text(outcome.text)
        assert len(outcome.text) <= len(html)  # entities are never expanded into more text
    else:
        assert outcome.detail


@pytest.mark.parametrize("name", FAST_PAGES)
def test_hostile_pages_are_read_quickly(name: str) -> None:
    assert_page_within_budget(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_hostile_page_is_read_within_the_budget(name: str) -> None:
    assert_page_within_budget(name)


def test_ten_thousand_nested_divs_are_refused_clearly() -> None:
    with pytest.raises(InputError, match="nested too deeply") as raised:
        article_from_html(PAGES["10000-nested-divs"](), id="nest")
    assert not isinstance(raised.value, EmptyArticleError)  # not "no text found": it says why


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep-objects.json", '{"a":' * 50_000 + "1" + "}" * 50_000),
        ("long-number.json", '{"text": "Ein Satz.", "id": ' + "9" * 100_000 + "}"),
        ("many-items.json", json.dumps([{"text": "x"}] * 5_000)),
    ],
)
def test_hostile_json_files_fail_as_items_not_the_run(
    name: str, content: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    items, cpu = cpu_seconds(lambda: load_file(path, max_article_bytes=MEGABYTE, max_articles=100))
    assert cpu < FAST_CPU_BUDGET_S
    assert items and all(isinstance(item, Article | IngestFailure) for item in items)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xc3" * MEGABYTE, id="truncated-utf8"),
        pytest.param("SÃ¼d".encode() * (MEGABYTE // 6), id="double-encoded"),
        pytest.param(b"\xff\xfe" + "ä\x01".encode("utf-16-le") * (MEGABYTE // 4), id="utf16"),
        pytest.param(b"\x1b" * MEGABYTE, id="escapes"),
    ],
)
def test_decoding_a_hostile_megabyte_is_quick(data: bytes) -> None:
    def decode() -> str | InputError:
        try:
            return decode_bytes(data)
        except InputError as error:
            return error

    text, cpu = cpu_seconds(decode)
    assert cpu < FAST_CPU_BUDGET_S
    assert isinstance(text, InputError) or is_clean_text(text)
