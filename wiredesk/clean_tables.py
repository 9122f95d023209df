"""Tables and data sheets that belong to the article on a whole page.

Spec sheets, results, nutrition values and recipes' ingredient lists are rows of a few
words, as menus are; what tells them from a page's navigation is their shape (a figure, a
"label:" or a "Key: value" line) and that they stand right next to the article's text. The
region model cannot see them (each row costs it as a removed line does), so `clean_bounds`
widens the region over them.
"""

from __future__ import annotations

import re

from wiredesk.clean_blocks import INLINE_REASONS, Block, Class

TABLE_GAP = 3  # rows without a figure or a colon in a row that a table below the region holds
TABLE_MIN_ROWS = 4  # ... and rows with one it has at least
DATA_ROW_LENGTH = 50  # a table's row with a figure is this short, unless it has a "label:"
TABLE_MARK_LENGTH = 2  # a button this short is a table's mark ("x"); a longer one ends it
SHEET_LINES = 4  # a data sheet above the article's text has at least this many lines ...
SHEET_DATA_SHARE = 0.3  # ... at least this share of them with a figure ("125 g", "6.434")
SHEET_LINE_LENGTH = 60  # ... each a label, a value or a "Key: value" line this short
TABLE_CELL = "|"  # ingest lays out an HTML table's rows as "| cell | cell |"
SHEET_KEY_WORDS = 3  # the key of a "Key: value" line is a few words ("Kaufpreis: ab 70 Euro")

# A label and its value of a few words ("Farbe: grün"); a title after a rubric is longer.
_LABELLED = re.compile(r"[^\s:]+(?: [^\s:]+)?: \S+(?: \S+){0,2}$")
_RANK = re.compile(r"\d{1,2}\.?$")  # a lone rank, page number or mark on a scale
_FIGURE = re.compile(r"(?<![^\W\d_])\d")  # a figure, not a count glued to a word ("Gefällt 2")
# A contact box's lines (an e-mail address, a phone number) are the site's, not a table's.
_CONTACT = re.compile(
    r"@\w|\(at\)|\+\d{1,3}[\s-]+\(?\d|\b(?:tel|telefon|fax|phone|e-?mail)\b", re.IGNORECASE
)
_DATA_KEY = re.compile(r"^[^\W\d_][^:]{0,40}:(?:\s|$)")  # "Lieferzeit: 3 Tage", "Sprache:"
_DIGIT = re.compile(r"\d")


def table_end(blocks: list[Block], judged: list[tuple[Class, str | None]], last: int) -> int:
    """Where a table or data list that goes on right below the region's last line ends.

    Spec sheets, results and nutrition tables follow the prose as short rows ("Hubraum in
    ccm", "1.598"; "Schutzart: IP40"); most rows hold a figure, a colon or a bullet, and at
    most TABLE_GAP rows in a row hold none. A lone rank or page number ("1", "2.") counts
    for neither: lists of teasers and page links have them too. A paragraph, a menu, the
    trailer, a contact line or a line with a signal of its own (but a date, a lone symbol or
    a one-letter mark) ends it.
    """
    end, gap, rows = last, 0, 0
    for index in range(last + 1, len(blocks)):
        if _RANK.match(blocks[index].text):
            continue  # "1", "2.": a rank or a page number tells a table from a list of none
        kind = _table_row(blocks[index], *judged[index])
        if kind is None:
            break
        if kind:
            end, gap, rows = index, 0, rows + 1
            continue
        gap += 1
        if gap > TABLE_GAP:
            break
    return end if rows >= TABLE_MIN_ROWS else last


def _table_row(block: Block, cls: Class, reason: str | None) -> bool | None:
    """A table's data row (True), another row of it (False), or no row (None)."""
    if block.menu or block.reason in ("trailer", "navigation") or _CONTACT.search(block.text):
        return None
    if cls is Class.BAD:
        mark_like = reason == "ui_chrome" and block.length <= TABLE_MARK_LENGTH
        return False if reason in ("lone_symbol", "date") or mark_like else None
    if cls is Class.SHORT or (cls is Class.NEAR_GOOD and not block.prose):
        return block.bullet or _data_row(block.text)
    return None


def _data_row(text: str) -> bool:
    """A label ("Restsäure:"), a value ("7,1 g/l") or both ("Schutzart: IP40")."""
    if text.endswith(":") or _LABELLED.match(text):
        return True
    return bool(_FIGURE.search(text)) and (len(text) <= DATA_ROW_LENGTH or ":" in text)


def data_sheet(
    blocks: list[Block], judged: list[tuple[Class, str | None]], led: list[bool], first: int
) -> int:
    """Where the article starts when a data sheet stands above its text: `first` otherwise.

    Recipes, products and downloads put their facts above the text (ingredient lists under
    "Für den Teig:", "Sprache:" / "Englisch", "Lieferzeit: 3 Tage"): lead-ins, the short lines
    of their lists and "Key: value" lines, many with a figure. Such a sheet in the same part
    of the page as the text (no menu nor boilerplate between them) is the article's, and so
    is what lies between it and the text; the region's scores cannot tell, since each of its
    short lines costs as a removed line does.
    """
    top = first
    while top > 0 and _same_part(blocks[top - 1], judged[top - 1]):
        top -= 1
    members: list[int] = []
    start = first
    for index in range(top, first + 1):
        block = blocks[index]
        if index < first and block.inline:
            continue
        if index < first and _sheet_line(block, judged[index], led[index] and bool(members)):
            members.append(index)
            continue
        figures = sum(bool(_DIGIT.search(blocks[member].text)) for member in members)
        if len(members) >= SHEET_LINES and figures >= SHEET_DATA_SHARE * len(members):
            start = members[0]  # the sheet nearest the text wins: the region widens least
        members = []
    return start


def _same_part(block: Block, judged: tuple[Class, str | None]) -> bool:
    """A line above the article's text that does not part a page's header from it: no menu
    line, no removed boilerplate (inline widgets are looked through)."""
    cls, reason = judged
    return not block.menu and (cls is not Class.BAD or reason in INLINE_REASONS)


def _sheet_line(block: Block, judged: tuple[Class, str | None], listed: bool) -> bool:
    """A short line of a data sheet without a signal of its own: a lead-in or label ending in
    a colon, a line of the list below one (`listed`), or a "Key: value" line."""
    cls, reason = judged
    if cls is not Class.SHORT or reason is not None or block.menu:
        return False
    if block.length > SHEET_LINE_LENGTH:
        return False
    if listed or block.text.endswith(":") or block.text.startswith(TABLE_CELL):
        return True
    key = _DATA_KEY.match(block.text)
    return key is not None and len(key.group(0).split()) <= SHEET_KEY_WORDS
