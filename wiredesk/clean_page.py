"""The article's region on a whole web page: the stretch of text worth more than the chrome.

As in Body Text Extraction (Finn et al., 2001), every block of a page gets a score: text the
block rules kept is worth its length, a short kept sentence a little and a kept label
nothing, nor does a title in a chain of teaser groups (`teaser_titles`), wherever it stands;
removed lines cost a little, menus and boilerplate more. The article is the
contiguous run of blocks with the highest sum, widened to other runs above or below it that
are worth a share of it (an article parted by a gallery or a table of figures), to its
headline above it (right above it, or past a date, a share row or a byline), to the author's
sign-off right below it and to the list below a lead-in ("Betroffen sind:").
Kept text outside it (teasers under the article, a sidebar above it) goes as
`outside_article`; inside it, short lines and paragraphs of prose without a signal of their
own are the article's (list items, table rows, a one-line paragraph) even where the context
rules dropped them, and such a paragraph adds to the region's worth too."""

from __future__ import annotations

import re
from collections.abc import Sequence

# --- scores (characters of article text one block is worth; negative for chrome) --------------
SENTENCE_WEIGHT = 0.3  # a kept short sentence counts for this share of its length ...
SENTENCE_COST = 5  # ... less this
LINE_COST = 0  # a kept short line that is no sentence (a label, a date) is worth nothing
DROPPED_WEIGHT = 0.5  # a paragraph of prose the context rules dropped counts this share
INLINE_COST = 5  # a removed widget inside the article (a credit, a share button)
REMOVED_COST = 20  # a removed line without a signal of its own
MENU_COST = 40  # a removed menu line
BAD_COST = 60  # a removed block with a boilerplate signal (ad, newsletter, teaser heading)
OTHER_REGION_SHARE = 0.1  # another run joins the article when worth this share of the best
OTHER_REGION_DEPTH = 3  # ... looked for this many times above and below
ITEM_BAR = "|"  # separates the items of a breadcrumb or a menu laid out on one line
HEAD_LINES = 1  # kept lines right above the region that belong to it (the headline) ...
TAIL_LINES = 0  # ... and right below it (a credit or a sign-off that is a sentence scores)
RUBRIC_WORDS = 2  # a rubric before a bar on the headline's line is a word or two ...
TITLE_WORDS = 3  # ... and the title after it at least this many
HEAD_GAP = 3  # the headline may stand this many widget or label lines above the region

# A credit or sign-off line below the last paragraph names who wrote the article, and the
# signature line of an embedded post names who wrote the post it quotes ("— Name (@name)
# 5. Mai 2020"): they are the article's, as a sentence is, though they are no sentence.
CREDIT_LINE = re.compile(
    r"^(?:additional |with |further )?reporting (?:by|from)|^(?:writing|editing|compiled) by"
    r"|^[—–]\s?[^\n]{1,80}\(@\w{1,30}\)"
    r"|^(?:autor(?:in)?|author|auteur|autore) ?:"
    r"|^mitarbeit\b|^mit material (?:von|der|des)|^unter mitarbeit|^(?:text|recherche) ?:"
    r"|^avec (?:l'afp|afp|reuters)|^con (?:información|informaciones) de",
    re.IGNORECASE,
)

# What a block is to the region model, decided by clean.py's rules.
KEPT_TEXT = "text"  # kept good or near-good text
KEPT_SENTENCE = "sentence"  # a kept short sentence
KEPT_LINE = "line"  # a kept short line that is no sentence (a label, a date, a name)
DROPPED_TEXT = "dropped"  # a near-good paragraph of prose the context rules dropped
INLINE = "inline"  # a removed widget inside the article (a credit, a share button)
REMOVED = "removed"  # a removed line without a signal of its own
MENU = "menu"  # a removed menu line
BOILERPLATE = "boilerplate"  # a removed block with a boilerplate signal


def score(kind: str, length: int) -> float:
    """What a block of this kind and length is worth to the article region."""
    if kind == KEPT_TEXT:
        return length
    if kind == KEPT_SENTENCE:
        return SENTENCE_WEIGHT * length - SENTENCE_COST
    if kind == DROPPED_TEXT:
        return DROPPED_WEIGHT * length
    return -_COSTS.get(kind, 0)


_COSTS = {
    KEPT_LINE: LINE_COST,
    INLINE: INLINE_COST,
    REMOVED: REMOVED_COST,
    MENU: MENU_COST,
    BOILERPLATE: BAD_COST,
}


def article_region(
    scores: Sequence[float],
    kept: Sequence[bool],
    lead_in: Sequence[bool],
    list_item: Sequence[bool],
    headline: Sequence[bool] | None = None,
    passable: Sequence[bool] | None = None,
    closing: Sequence[bool] | None = None,
    announcing: Sequence[bool] | None = None,
) -> tuple[int, int] | None:
    """(first, last) index of the article's blocks, or None when no block is worth anything.

    `scores` are the blocks' worth (see `score`); `kept` says which blocks the rules kept,
    `lead_in` which ones announce a list (end with a colon) and `list_item` which ones may be
    a list's line (no signal of their own, not a menu's); `headline` which ones may be the
    headline right above the region (see `headline_like`; all when None), `passable` which
    ones may stand between it and the region (see `_head`), `closing` which ones may be
    the author's sign-off right below it and `announcing` which ones are a sentence that
    leads in to a list ("Gehen Sie dazu so vor:"), taken in right below it with its list.
    """
    headline = kept if headline is None else headline
    best = _max_segment(scores, 0, len(scores))
    if best is None:
        return None
    total, first, last = best
    regions = [(first, last)]
    _other_regions(scores, 0, first, total, regions, OTHER_REGION_DEPTH)
    _other_regions(scores, last + 1, len(scores), total, regions, OTHER_REGION_DEPTH)
    first = min(start for start, _ in regions)
    last = max(end for _, end in regions)
    nowhere = [False] * len(scores)
    first = _head(kept, headline, list_item, nowhere if passable is None else passable, first)
    last = _tail(
        kept,
        lead_in,
        list_item,
        nowhere if closing is None else closing,
        last,
        nowhere if announcing is None else announcing,
    )
    return first, last


def _max_segment(scores: Sequence[float], start: int, end: int) -> tuple[float, int, int] | None:
    """The contiguous run in scores[start:end] with the highest positive sum (Kadane)."""
    best: tuple[float, int, int] | None = None
    running, begin = 0.0, start
    for index in range(start, end):
        if running <= 0:
            running, begin = 0.0, index
        running += scores[index]
        if running > 0 and (best is None or running > best[0]):
            best = (running, begin, index)
    return best


def _other_regions(
    scores: Sequence[float],
    start: int,
    end: int,
    best: float,
    regions: list[tuple[int, int]],
    depth: int,
) -> None:
    """Add the runs in scores[start:end] worth OTHER_REGION_SHARE of the best one."""
    if depth <= 0 or end <= start:
        return
    found = _max_segment(scores, start, end)
    if found is None or found[0] < OTHER_REGION_SHARE * best:
        return
    _, first, last = found
    regions.append((first, last))
    _other_regions(scores, start, first, best, regions, depth - 1)
    _other_regions(scores, last + 1, end, best, regions, depth - 1)


def headline_like(text: str) -> bool:
    """A line that may be the article's headline: no bar between items (a breadcrumb, a
    menu or a date and a rubric laid out on one line: "Start|Magazin|Tipps"), but for a
    rubric's bar before the title ("Update | Council approves the budget")."""
    parts = text.split(ITEM_BAR)
    if len(parts) == 1:
        return True
    if len(parts) != 2:
        return False
    rubric, title = (len(part.split()) for part in parts)
    return 0 < rubric <= RUBRIC_WORDS and title >= TITLE_WORDS


def _head(
    kept: Sequence[bool],
    headline: Sequence[bool],
    list_item: Sequence[bool],
    passable: Sequence[bool],
    first: int,
) -> int:
    """Where the article starts once its headline is in: the kept line that may be the
    headline right above the region, or the first one above the widgets and labels between
    them (a date, a share row, a byline, a "Photo" tab; `passable`), HEAD_GAP at most, which
    may also be a line the context rules dropped (`list_item`: no signal of its own), as a
    headline among such widgets often is; failing that, a kept label right above the region
    (HEAD_LINES).
    """
    above = first - 1
    while above >= 0 and first - above <= HEAD_GAP and passable[above]:
        above -= 1
    if above >= 0 and headline[above] and not passable[above]:
        walked = above < first - 1
        if kept[above] or (walked and list_item[above]):
            return above
    for _ in range(HEAD_LINES):
        if first > 0 and kept[first - 1] and headline[first - 1]:
            first -= 1
    return first


def _tail(
    kept: Sequence[bool],
    lead_in: Sequence[bool],
    list_item: Sequence[bool],
    closing: Sequence[bool],
    last: int,
    announcing: Sequence[bool],
) -> int:
    """Where the article ends once its last lines are in: the author's sign-off right below
    the region (`closing`) and the kept lines below it (TAIL_LINES).

    Below a lead-in ("Betroffen sind:"), the lines that follow it are its list. A sentence
    that leads in to a list right below the region (`announcing`: "…, gehen Sie so vor:")
    is the article's too, with its list: the article announces what follows, a box's label
    ("Unser Versprechen:") is no sentence.
    """
    below = last + 1
    if below < len(kept) and (
        (kept[below] and closing[below]) or (announcing[below] and list_item[below])
    ):
        last = below
    tail, listing = TAIL_LINES, lead_in[last]
    while last < len(kept) - 1:
        following = last + 1
        if not ((tail > 0 and kept[following]) or (listing and list_item[following])):
            break
        last, tail = following, tail - 1
        listing = listing or lead_in[last]
    return last


# --- teaser lists ------------------------------------------------------------------------------
# Below an article, pages list other articles: the same small group of lines (a rubric, a
# title, a blurb, a date, a "mehr" link) again and again. The group's recurring line (the same
# rubric or link word, or a date of the same shape) marks the list.
TEASER_MARK_LENGTH = 40  # a recurring line is this short (a rubric, a source, a link word)
TEASER_GROUPS = 3  # a list has at least this many groups ...
TEASER_PERIOD = 6  # ... each at most this many lines long
TEASER_UNTITLED = 0  # groups of a list that may lack a title (a heading of a few words)
TEASER_TITLE_WORDS = 3  # a teaser's title has at least this many words
TEASER_STEP_SLACK = 0  # ... and each as long as the first, give or take this many lines
TEASER_SHAPE_PERIOD = 4  # a group of lines of the same kinds (title, blurb, date) this long
LEAD_IN_WORDS = 4  # a line this long ending in a colon leads in to the article's own list
TEASER_TITLE_RUN = 3  # a list of bare titles has at least this many
TEASER_BLURB_LENGTH = 300  # a teaser's blurb is one or two sentences
TEASER_TEXT_SHARE = 1.0  # kept text above the list is at least this share of the text in it
TEASER_BELOW_SHARE = 0.5  # ... and kept text below it at most this share of the text above

# A date or time line: "27.10.2023", "2023-10-27", "14:32", "Jan 30, 2020", "6 de mayo de 2022".
DATE_LINE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
    r"|\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
_DATE_KEY = "\0date"
_TABLE_GAP = re.compile(r"\S {2,}\S")  # cells of a table row laid out as text
_WORDISH = re.compile(r"[^\W\d_]{2}")
# A record's field, a label and its value ("Level: 89", "Ort: Rathaus"): lists of records
# (a game's quests, a club's dates, a shop's items) repeat it, teaser lists do not.
_FIELD = re.compile(r"^[^\W\d_][^\s:]*(?: [^\s:]+)?: \S")


def teaser_mark(text: str, *, prose: bool) -> str | None:
    """The key under which a line recurs in a teaser list (a date, or the line itself).

    Lines without words (a quantity, a share: "1", "4%") are a table's or a recipe's; a
    label and its value ("Level: 89", "Strecke: 10 km") is a field of a list of records (a
    game's quests, a club's runs), which repeats it in each record as teasers repeat a
    rubric, but which is the article's own data.
    """
    if len(text) > TEASER_MARK_LENGTH or prose:
        return None
    if DATE_LINE.search(text):
        return _DATE_KEY
    if not _WORDISH.search(text) or _FIELD.match(text):
        return None
    return " ".join(text.casefold().split())


def teaser_lists(
    marks: Sequence[str | None],
    titles: Sequence[bool],
    kept: Sequence[bool],
    lengths: Sequence[int],
    shapes: Sequence[str] = (),
) -> list[tuple[int, int]]:
    """(first, last) index ranges of teaser lists below the article's text.

    A list is a chain of TEASER_GROUPS or more lines with the same mark, each at most
    TEASER_PERIOD lines after the one before, nearly every group with a title (`titles`: a
    heading of a few words); it takes in the rest of the last group after the chain. It is
    a list only below the article's text (see `_below_article`).
    """
    spans = [*_chain_spans(marks, titles), *_shape_runs(shapes)]
    return _below_article(spans, kept, lengths)


def teaser_titles(marks: Sequence[str | None], titles: Sequence[bool]) -> list[int]:
    """Indexes of the titles in chains of teaser groups anywhere on the page (see
    `teaser_lists`): above the article they are no text of it, though they may look like it.

    Only chains of a recurring line count here: runs of the same shape are also a headline,
    its standfirst and a byline, right above the article's text.
    """
    return [
        index
        for first, last in _chain_spans(marks, titles, lead=True)
        for index in range(first, last + 1)
        if titles[index]
    ]


def _chain_spans(
    marks: Sequence[str | None], titles: Sequence[bool], *, lead: bool = False
) -> list[tuple[int, int]]:
    """Spans of TEASER_GROUPS or more groups with the same mark, nearly all with a title.

    The mark leads each group; with `lead`, it may also close it (a title above its date), so
    the span takes in the period's lines before the first mark too.
    """
    positions: dict[str, list[int]] = {}
    for index, mark in enumerate(marks):
        if mark is not None:
            positions.setdefault(mark, []).append(index)
    spans = []
    for places in positions.values():
        for chain in _chains(places):
            period = round((chain[-1] - chain[0]) / (len(chain) - 1))
            start = max(0, chain[0] - period + 1) if lead else chain[0]
            span = (start, min(len(marks) - 1, chain[-1] + period - 1))
            if sum(titles[span[0] : span[1] + 1]) >= len(chain) - TEASER_UNTITLED:
                spans.append(span)
    return spans


TEASER_GROUP_START = frozenset("tdm")  # a group starts with a title, a date or a meta line
TITLE_SHAPES = frozenset("tq")  # a run of bare titles: plain ones and questions


def teaser_shape(text: str, *, title: bool, prose: bool) -> str:
    """A line's part in a teaser group: a title (t; a question: q), a blurb (b), a date (d) or
    meta line (m), a lead-in to a list (l), or other text (x)."""
    if text.endswith(":") and len(text.split()) >= LEAD_IN_WORDS:
        return "l"  # a sentence leading in to a list; "Mehr zum Thema:" heads teasers
    if title and _TABLE_GAP.search(text):
        return "x"  # a table's row laid out in columns
    if title:
        # a question is a FAQ's or a quiz's sub-head more often than a teaser's title
        return "q" if text.endswith("?") else "t"
    if len(text) <= TEASER_MARK_LENGTH and not prose:
        return "d" if DATE_LINE.search(text) else "m"
    if prose and len(text) <= TEASER_BLURB_LENGTH:
        return "b"
    return "x"


def _shape_runs(shapes: Sequence[str]) -> list[tuple[int, int]]:
    """Spans where a group of 2 to TEASER_SHAPE_PERIOD lines with a title and a blurb recurs
    TEASER_GROUPS times or more, line for line of the same kind; and runs of bare titles, of
    which a question may be one so long as TEASER_TITLE_RUN are plain (a FAQ's are all
    questions)."""
    spans = []
    run = titled = 0
    for index, shape in enumerate([*shapes, ""]):
        if shape in TITLE_SHAPES:
            run += 1
            titled += shape == "t"
            continue
        led = index - run > 0 and shapes[index - run - 1] == "l"
        if titled >= TEASER_TITLE_RUN and not led:
            spans.append((index - run, index - 1))
        run = titled = 0
    for period in range(2, TEASER_SHAPE_PERIOD + 1):
        start = 0
        for index in range(len(shapes) - period + 1):
            if index + period < len(shapes) and shapes[index] == shapes[index + period]:
                continue
            # shapes[start : index + period] repeats with this period; a group starts with
            # its title or the line above it (a rubric, a date), never with a blurb
            end = index + period
            while start < end and shapes[start] not in TEASER_GROUP_START:
                start += 1
            group = shapes[start : start + period]
            if end - start >= TEASER_GROUPS * period and "t" in group and "b" in group:
                spans.append((start, end - 1))
            start = index + 1
    return spans


def _chains(places: list[int]) -> list[list[int]]:
    """Split sorted positions into chains whose steps are at most TEASER_PERIOD."""
    chains: list[list[int]] = []
    for place in places:
        chain = chains[-1] if chains else []
        step = place - chain[-1] if chain else TEASER_PERIOD + 1
        regular = len(chain) < 2 or abs(step - (chain[1] - chain[0])) <= TEASER_STEP_SLACK
        if step <= TEASER_PERIOD and regular:
            chain.append(place)
        else:
            chains.append([place])
    return [chain for chain in chains if len(chain) >= TEASER_GROUPS]


def _below_article(
    spans: list[tuple[int, int]], kept: Sequence[bool], lengths: Sequence[int]
) -> list[tuple[int, int]]:
    """The spans below the article: kept text above one outweighs the text inside and below it.

    Spans are taken from the bottom up, so text of a list further down does not count as
    text below one above it; one with kept text right below it is inside the article.
    Linear: a chain's span is at most TEASER_PERIOD lines per mark, runs of one kind and
    period do not overlap, and prefix sums count the text.
    """
    prefix = [0]
    for length, keep in zip(lengths, kept, strict=True):
        prefix.append(prefix[-1] + (length if keep else 0))
    covered = [False] * len(kept)
    covered_total = 0  # kept text in lists found so far, all at or below the current span
    found = []
    for first, last in sorted(spans, key=lambda span: -span[0]):
        if last + 1 < len(kept) and kept[last + 1] and not covered[last + 1]:
            continue
        inside_covered = sum(
            lengths[index] for index in range(first, last + 1) if kept[index] and covered[index]
        )
        above = prefix[first]
        inside = prefix[last + 1] - prefix[first] - inside_covered
        below = prefix[-1] - prefix[last + 1] - (covered_total - inside_covered)
        if (
            above > 0
            and above >= TEASER_TEXT_SHARE * inside
            and below <= TEASER_BELOW_SHARE * above
        ):
            found.append((first, last))
            for index in range(first, last + 1):
                if kept[index] and not covered[index]:
                    covered_total += lengths[index]
                covered[index] = True
    return found
