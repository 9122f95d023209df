"""Boilerplate removal for article plain text, in the spirit of jusText.

The text is cut into blocks (one per line; hard-wrapped lines are joined again). Each block is
first judged on its own: explicit signals (reader-facing commercial vocabulary, photo credits,
UI words, teasers, lone symbols, repeated captions) make it bad; otherwise its length and
stopword density make it good, near-good or short. Short and near-good blocks are then revised
by their neighbours, as jusText does, so a headline or sub-head next to good paragraphs survives
and a short line inside a boilerplate cluster goes. Every step is linear in the input size.

The text is either an article already extracted (the HTML path) or a whole page pasted as
text, which shows as runs of menu lines. In an extracted article every unsignalled line is
kept unless boilerplate encloses it; on a whole page the article's boundaries are found: a
few lines next to its text belong to it, the trailer (comment form, related articles) goes
as a whole, as do long menus and small texts far below the article, and what lies outside
the article's region (`clean_page`, a maximum-sum run of blocks) goes too, but for the
article's lead above it (a sentence on the article's own subject); those page rules are in
`clean_bounds`, the blocks they share with this module in `clean_blocks`. The vocabulary the
signals use, and the stopwords per language, are in `clean_words`.

`Removed.reason` says which signal removed a block: adblock, cookie, newsletter, login,
commercial, list_commercial (an offer's bullet list), ui_chrome, photo_credit, byline, teaser,
caption_repeat (a caption shown twice), repeat (a paragraph seen before), lone_symbol,
date (a date-only line), reading_time, share (share, follow and feedback prompts), comment_form,
post_meta (tags, categories, "posted in"), post_navigation (links to the neighbouring posts),
copyright (rights, licence and "powered by" lines), page_tool (embeds, PDF and "back to"
links), author_box (a note on who wrote it, below the article), site_note (the site's note
on its own media below the article: a donation appeal, a feedback prompt), contact_box (a
press office's or the site's contact box below the article), info_box (a box on the site or
of further information below it), teaser (also a list of
same-shaped teasers below the article on a whole page, the titles under a related-stories
heading, or a box of related links between its paragraphs), trailer (after the article's
end), navigation (a long menu), outside_article (a small text far below the article, or text
outside the article's region on a whole page), or context (no signal of its own; its
neighbours are boilerplate).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from wiredesk import clean_notes, clean_words
from wiredesk.clean_blocks import (
    ALNUM,
    GOOD_LENGTH,
    GOOD_STOPWORDS,
    HEADING_MAX_LENGTH,
    MAX_CAPTION_LENGTH,
    MAX_DATE_LENGTH,
    PROSE_STOPWORDS,
    TERMINAL,
    Block,
    Class,
    mark,
)
from wiredesk.clean_bounds import (
    drop_far_tail,
    drop_outside_region,
    drop_teaser_links,
    drop_teaser_lists,
    is_whole_page,
    mark_menus,
    mark_trailer,
)
from wiredesk.clean_page import LEAD_IN_WORDS
from wiredesk.schema import CleanResult, Removed

# --- thresholds (block lengths in characters, as jusText measures them) ----------------------
SHORT_LENGTH = 70  # shorter blocks are judged by their neighbours only
NEAR_GOOD_STOPWORDS = 0.25
HEADING_DISTANCE = 200  # a heading must be followed by good text within this many characters
HEADING_BLOCKS = 1  # ... and, on a whole page, within this many lines
MAX_SIGNAL_LENGTH = 1500  # longer blocks are prose; boilerplate signals are not looked for
MAX_CREDIT_LENGTH = 200
MAX_AGENCY_CREDIT_LENGTH = 60  # "dpa/Jan Muster": a name and an agency, nothing more
MAX_PROMPT_LENGTH = 150  # share, comment and navigation prompts are a short line
UI_BAR_BUTTONS = 3  # a line of this many different widget words ...
UI_BAR_SHARE = 0.7  # ... which make this share of its words is a bar of buttons
MAX_FURNITURE_LENGTH = 300  # a post's meta line, a licence or rights notice
REPEAT_WINDOW = 3  # how many blocks ahead to look for a repeated (prefix) caption
REPEAT_MIN_LENGTH = 20
REPEAT_MIN_RATIO = 0.6
EDGE_RUN_BLOCKS = 3  # at most this many unsignalled lines between the article and the text's edge
TAIL_BLOCKS = 2  # short lines right after article text that belong to it (credits, sign-offs)
WRAP_MAX_WIDTH = 100  # hard-wrapped text has no line longer than this
WRAP_FULL_RATIO = 0.6  # a line at least this share of the wrap width was wrapped, not ended
CELL_GAP = 3  # this many spaces inside a line part a table's or a bar's cells ...
MAX_SPLIT_CELLS = 3  # ... when there are at most this many of them (more: a row of data)
MAX_CELL_LENGTH = 80  # ... each a label or a button, not a sentence

_WORD = re.compile(r"\w+(?:-\w+)*")
_CELL_GAP = re.compile(rf" {{{CELL_GAP},}}")
_BULLET = re.compile(r"^[•·▪▫●◦‣∙○■□►▶➤→✓✔☑*–—-]\s+")
_NO_HEADING_END = re.compile(r"[.,;:]$")
_QUOTE_OPEN = re.compile(r"[«‹]")  # French and Swiss quotes close with » and ›
_HEADING_START = re.compile(r"^[\"'“„‚‘«»(\[]*[^\W\d_]|^\d")

TRAILER_SHARE = 0.5  # a section heading ends the article once this share of its text is above
TRAILER_SHARE_ARTICLE = 0.8  # ... in an extracted article, where such headings are rarer


def clean(text: str, *, language: str | None = None) -> CleanResult:
    """Remove boilerplate from article text; kept blocks are joined by blank lines.

    `language` picks the stopword list ("de", "fr", ...); without it the text's words decide.
    """
    stopwords, cjk = clean_words.stopwords_for(text, language)
    blocks = _classify_all(_split_blocks(text), stopwords, cjk=cjk)
    _mark_repeated_captions(blocks)
    _mark_commercial_lists(blocks)
    if not any(block.cls is Class.GOOD for block in blocks):
        _promote_near_good(blocks)
    if not any(block.cls is Class.GOOD for block in blocks):
        _keep_unsignalled(blocks)
    else:
        page = is_whole_page(blocks)
        judged = [(block.cls, block.reason) for block in blocks]
        mark_trailer(blocks, share=TRAILER_SHARE if page else TRAILER_SHARE_ARTICLE)
        if page:
            mark_menus(blocks)
        _promote_headings(blocks, page=page)
        _revise_short(blocks, page=page)
        _revise_near_good(blocks, page=page)
        if page:
            drop_far_tail(blocks, judged)
            drop_outside_region(blocks, judged, stopwords)
            drop_teaser_lists(blocks)
        drop_teaser_links(blocks, judged)
        clean_notes.drop_author_bios(blocks)
        clean_notes.drop_author_headed_boxes(blocks)
        clean_notes.drop_named_boxes(blocks)
        clean_notes.drop_site_notes(blocks, page=page)
        clean_notes.drop_contact_box(blocks, page=page)
    _drop_duplicates(blocks)
    kept = [block.text for block in blocks if block.cls is Class.GOOD]
    removed = [
        Removed(text=block.text, reason=block.reason or "context")
        for block in blocks
        if block.cls is not Class.GOOD
    ]
    return CleanResult(text="\n\n".join(kept), removed=removed)


# --- blocks -----------------------------------------------------------------------------------


def _split_blocks(text: str) -> list[str]:
    """Non-empty lines as blocks, with hard-wrapped continuation lines joined to their line."""
    lines = _cell_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    width = _wrap_width(lines)
    # Wrapped text that separates paragraphs by blank lines wraps at sentence ends too.
    wraps_sentences = width is not None and "" in lines[1:-1]
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            _flush(blocks, current)
            continue
        if current and _continues(current[-1], line, width=width, wraps_sentences=wraps_sentences):
            current.append(line)
            continue
        _flush(blocks, current)
        current.append(line)
    _flush(blocks, current)
    return blocks


def _cell_lines(raw: list[str]) -> list[str]:
    """Stripped lines, a line's cells apart: html-to-text tools lay a table row, or a bar of
    links, out on one line with runs of spaces between the cells, where a browser's copy puts
    each on its own line; rules judge each cell as that line."""
    lines: list[str] = []
    for line in raw:
        stripped = line.strip()
        cells = _CELL_GAP.split(stripped)
        # a row of many cells is a table of data: its cells mean something only together;
        # sentences parted by spaces (justified text, a PDF's columns) are prose, not cells
        split = len(cells) <= MAX_SPLIT_CELLS and all(
            len(cell) <= MAX_CELL_LENGTH and not TERMINAL.search(cell) for cell in cells
        )
        lines.extend(cells if split else [stripped])
    return lines


def _flush(blocks: list[str], current: list[str]) -> None:
    """Move the lines gathered in `current` to `blocks` as one block."""
    if current:
        blocks.append(" ".join(current))
        current.clear()


def _wrap_width(lines: list[str]) -> int | None:
    """The column the text was hard-wrapped at, or None when lines are whole paragraphs."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 3:
        return None
    width = max(lengths)
    if width > WRAP_MAX_WIDTH or width < 40:
        return None
    full = [line for line in lines if len(line) >= WRAP_FULL_RATIO * width]
    open_ended = sum(1 for line in full if not TERMINAL.search(line))
    # Wrapped lines mostly end mid-sentence; one-sentence-per-line text mostly does not.
    wrapped = len(full) >= 3 and 3 * len(full) >= len(lengths) and 2 * open_ended >= len(full)
    return width if wrapped else None


def _continues(previous: str, line: str, *, width: int | None, wraps_sentences: bool) -> bool:
    """Whether `line` continues the paragraph on `previous` (a hard wrap, not a new block)."""
    if _BULLET.match(line) or not ALNUM.search(previous):
        return False
    ended = bool(TERMINAL.search(previous))
    if width is not None and len(previous) >= WRAP_FULL_RATIO * width:
        return wraps_sentences or not ended
    return not ended and len(previous) >= 30 and line[0].islower()


# --- classification of one block --------------------------------------------------------------


def _classify_all(texts: list[str], stopwords: frozenset[str], *, cjk: bool) -> list[Block]:
    """Classify every block; repeated lines ("+", "Kommentare") are judged once."""
    judged: dict[str, Block] = {}
    blocks = []
    for text in texts:
        known = judged.get(text)
        if known is None:
            known = judged[text] = _classify(text, stopwords, cjk=cjk)
        blocks.append(known.copy())
    return blocks


def _classify(text: str, stopwords: frozenset[str], *, cjk: bool) -> Block:
    """Judge a block on its own: an explicit boilerplate signal, else length and stopwords."""
    words = clean_words.words(text, cjk=cjk)
    density = sum(1 for word in words if word in stopwords) / len(words) if words else 0.0
    bullet = bool(_BULLET.match(text))
    block = Block(
        text=text,
        length=len(text),
        words=len(words),
        stopword_density=density,
        heading=_looks_like_heading(text, bullet=bullet),
        bullet=bullet,
        prose=len(words) >= 4 and bool(TERMINAL.search(text)),
    )
    if len(text) <= MAX_SIGNAL_LENGTH:
        sentences = block.prose and not bullet and density >= PROSE_STOPWORDS
        cls, reason = _signal(text, words, sentences=sentences)
        if cls is not None:
            block.cls, block.reason = cls, reason
            return block
    block.cls = _class_by_length(len(text), density)
    return block


def _class_by_length(length: int, density: float) -> Class:
    """jusText's length/stopword classes; low density alone never makes a block bad here."""
    if length < SHORT_LENGTH:
        return Class.SHORT
    if density >= GOOD_STOPWORDS and length >= GOOD_LENGTH:
        return Class.GOOD
    if density >= NEAR_GOOD_STOPWORDS:
        return Class.NEAR_GOOD
    return Class.SHORT


def _looks_like_heading(text: str, *, bullet: bool) -> bool:
    """Short, starts like a title, and does not end like a sentence or a lead-in."""
    return (
        not bullet
        and len(text) <= HEADING_MAX_LENGTH
        and bool(_HEADING_START.match(text))
        and not _NO_HEADING_END.search(text)
        and not text.endswith("...")
    )


def _signal(text: str, words: list[str], *, sentences: bool) -> tuple[Class | None, str | None]:
    """The first explicit boilerplate signal a block carries, as (class, reason).

    `sentences` says the block reads as ordinary prose (full sentences, normal stopwords).
    """
    if not ALNUM.search(text) and not clean_words.EMOTICON.match(text):
        return Class.BAD, "lone_symbol"
    if _is_ui_chrome(text, words) or _is_ui_bar(text, words):
        return Class.BAD, "ui_chrome"
    if _is_credit(text):
        return Class.BAD, "photo_credit"
    if len(text) <= 80 and clean_words.BYLINE.match(text) and len(words) <= 6:
        return Class.BAD, "byline"
    if len(text) <= MAX_DATE_LENGTH and _is_post_byline(text):
        return Class.BAD, "byline"
    if len(text) <= 300 and (
        clean_words.TEASER.match(text)
        or clean_words.TEASER_ARROW.match(text)
        or (clean_words.TEASER_END.search(text) and not _QUOTE_OPEN.search(text))
    ):
        return Class.BAD, "teaser"
    furniture = _furniture(text)
    if furniture is not None:
        return Class.BAD, furniture
    return _commercial_signal(text, len(words), prose=sentences)


def _furniture(text: str) -> str | None:
    """The kind of page furniture a line is (a date, a share prompt, tags, ...), if any.

    These lines are built by the site around every article, in every language, and are never
    the article's own text: datelines, share and feedback prompts, comment-section lines, post
    meta (tags, categories), links to the neighbouring posts, rights and licence notices.
    """
    # A list of dates (a forum's post headers) is left to the list rules.
    if len(text) <= MAX_DATE_LENGTH and not _BULLET.match(text) and _is_date(text):
        return "date"
    if clean_words.DATE_LABEL.match(text):
        return "date"
    if len(text) <= MAX_DATE_LENGTH and clean_words.READING_TIME.search(text):
        return "reading_time"
    if len(text) <= MAX_FURNITURE_LENGTH and clean_words.SOCIAL_FOLLOW.search(text):
        return "share"
    if len(text) <= MAX_PROMPT_LENGTH:
        if clean_words.SHARE_PROMPT.search(text):
            return "share"
        if clean_words.COMMENT_PROMPT.search(text) or clean_words.COMMENT_FORM.search(text):
            return "comment_form"
        if clean_words.POST_NAVIGATION.search(text):
            return "post_navigation"
        if clean_words.PAGE_TOOL.match(text):
            return "page_tool"
    if len(text) <= MAX_FURNITURE_LENGTH:
        # a link to the neighbouring post often carries that post's title on its line
        if clean_words.POST_NAVIGATION.search(text):
            return "post_navigation"
        if clean_words.POST_META.search(text):
            return "post_meta"
        if clean_words.COPYRIGHT.search(text):
            return "copyright"
    return None


def _is_post_byline(text: str) -> bool:
    """An author line the site builds: the desk's name, or a name with the post's date."""
    if clean_words.DESK_BYLINE.match(text):
        return True
    dated = clean_words.DATED_BYLINE.match(text) or clean_words.DATE_FIRST_BYLINE.match(text)
    return dated is not None and _is_date(dated.group("date"))


def _is_date(text: str) -> bool:
    """A line of only a date, a time and their labels ("Aktualisiert: 3. Mai 2024, 15:54 Uhr")."""
    tokens = clean_words.DATE_TOKEN.findall(text.lower())
    if not any(token[0].isdigit() for token in tokens):
        return False
    if not all(token[0].isdigit() or token in clean_words.DATE_WORDS for token in tokens):
        return False
    return bool(clean_words.DATE_SHAPE.search(text)) or any(
        token in clean_words.DATE_MONTHS for token in tokens
    )


def _is_ui_chrome(text: str, words: list[str]) -> bool:
    """A few words, all from widget/navigation vocabulary or counts ("12 Kommentare")."""
    if len(text) > 60 or not words or len(words) > 6:
        return False
    if not all(word in clean_words.UI_WORDS or word.isdigit() for word in words):
        return False
    numbers = sum(1 for word in words if word.isdigit())
    if numbers > 1 and any(word in clean_words.UI_DURATION for word in words):
        return False
    return any(word in clean_words.UI_WORDS and word not in clean_words.UI_FILLER for word in words)


def _is_ui_bar(text: str, words: list[str]) -> bool:
    """A bar of buttons laid out on one line ("Teilen auf Facebook Twitter per E-Mail Drucken"),
    as text browsers render a row of links a browser's copy puts on lines of their own."""
    if len(text) > MAX_PROMPT_LENGTH or TERMINAL.search(text):
        return False
    named = [word for word in words if not word.isdigit()]
    ui = [word for word in named if word in clean_words.UI_WORDS]
    buttons = len({word for word in ui if word not in clean_words.UI_FILLER})  # "X X X": one
    return buttons >= UI_BAR_BUTTONS and len(ui) >= UI_BAR_SHARE * len(named)


def _is_credit(text: str) -> bool:
    """A photo credit or caption: "Foto: dpa", "© AFP", "... (Archivbild)."."""
    if len(text) <= MAX_CREDIT_LENGTH and (
        clean_words.CREDIT_START.match(text) or clean_words.CREDIT_ANYWHERE.search(text)
    ):
        return True
    if len(text) <= MAX_AGENCY_CREDIT_LENGTH and clean_words.AGENCY_CREDIT.search(text):
        return not clean_words.BYLINE.match(text)  # "dpa/AFP" names the agencies: a byline
    return len(text) <= MAX_CAPTION_LENGTH and bool(clean_words.CAPTION_END.search(text[-90:]))


def _commercial_signal(text: str, words: int, *, prose: bool) -> tuple[Class | None, str | None]:
    """Commercial/consent vocabulary: BAD when dense and reader-facing, SOFT in plain prose."""
    scores = dict.fromkeys(clean_words.CATEGORIES, 0)
    seen: set[str] = set()
    # A how-to's step names the button to click ("Klicken Sie auf »Speichern«", "right-click
    # the file"): its click and its imperative are an instruction, not an offer's call.
    step = bool(clean_words.CLICK_STEP.search(text))
    vocabulary_text = clean_words.CLICK_VERB.sub(" ", text) if step else text
    for match in clean_words.VOCABULARY_PATTERN.finditer(vocabulary_text):
        category, weight = clean_words.VOCABULARY_GROUPS[match.lastgroup or ""]
        # A weak word counts once: prose about a registration repeats "Anmeldung", an offer
        # piles up different words ("kostenlos", "Zugang", "jederzeit").
        word = match.group(0).lower()
        if weight == 1 and word in seen:
            continue
        seen.add(word)
        scores[category] += weight
    if scores["commercial"]:  # a sum of money is news unless offer language sells with it
        scores["commercial"] += 2 * len(clean_words.PRICE.findall(text))
    vocabulary = sum(scores.values())
    if vocabulary == 0:
        return None, None
    # One weak word is a signal only with an offer imperative ("Sign up", "Jetzt kostenlos
    # testen"): "kostenlos ... für Sie" in a description or "Ihr Profil" in a help text is not.
    unquoted = clean_words.QUOTED.sub(" ", text)
    total = vocabulary + int(not step and bool(clean_words.IMPERATIVE.search(unquoted)))
    if total < 2 or (words > 30 and total / words < 0.08):
        return None, None
    addressed = bool(clean_words.ADDRESS.search(unquoted))
    # Boilerplate talks to the reader; a news sentence *about* subscriptions or cookies does
    # not, so unaddressed prose is only SOFT: kept when good paragraphs surround it.
    return (Class.SOFT if prose and not addressed else Class.BAD), _reason(scores)


def _reason(scores: dict[str, int]) -> str:
    """The most specific category with a strong hit, else the highest-scoring one."""
    for category in clean_words.CATEGORIES[:-1]:
        if scores[category] >= 2:
            return category
    return max(clean_words.CATEGORIES, key=lambda category: scores[category])


# --- rules over several blocks ------------------------------------------------------------------


def _mark_repeated_captions(blocks: list[Block]) -> None:
    """A block repeated as the start of a nearby block is a caption shown twice: drop copies.

    The shorter copy adds nothing; the longer one is dropped too when a lone symbol (the
    gallery's "+" button) sits between them, the signature of an image widget.
    """
    keys = [_repeat_key(block.text) for block in blocks]
    for i, key in enumerate(keys):
        if len(key) < REPEAT_MIN_LENGTH or blocks[i].cls is Class.BAD:
            continue
        for j in range(i + 1, min(len(blocks), i + 1 + REPEAT_WINDOW)):
            other = keys[j]
            if len(other) < REPEAT_MIN_LENGTH:
                continue
            shorter, longer = (i, j) if len(key) < len(other) else (j, i)
            if not keys[longer].startswith(keys[shorter]):
                continue
            between = blocks[i + 1 : j]
            widget = bool(between) and all(block.reason == "lone_symbol" for block in between)
            if key == other and not widget:
                continue  # a plain repeat: _drop_duplicates keeps the first kept copy
            if widget or len(keys[shorter]) >= REPEAT_MIN_RATIO * len(keys[longer]):
                mark(blocks[shorter], "caption_repeat")
                if widget and blocks[longer].length <= MAX_CAPTION_LENGTH:
                    mark(blocks[longer], "caption_repeat")


def _repeat_key(text: str) -> str:
    """Text compared for repetition: case-folded, whitespace collapsed, end punctuation cut."""
    return " ".join(text.casefold().split()).rstrip(".!?…:;, ")


def _mark_commercial_lists(blocks: list[Block]) -> None:
    """A bullet list led by, or mostly made of, commercial blocks is an offer: drop all of it."""
    for start, end in _bullet_runs(blocks):
        run = blocks[start:end]
        commercial = sum(1 for block in run if block.cls in (Class.BAD, Class.SOFT))
        lead = blocks[start - 1] if start > 0 else None
        # Only an offer's wording leads an offer: a list after a sub-head taken for a teaser
        # ("Empfehlungen") or after a repeated line is the article's own.
        led = lead is not None and lead.cls in (Class.BAD, Class.SOFT)
        led = led and lead.reason in clean_words.CATEGORIES and not _plain_lead_in(lead)
        if led or 2 * commercial >= len(run):
            for block in run:
                mark(block, "list_commercial")


def _plain_lead_in(block: Block) -> bool:
    """A sentence of the article's that leads in to its list ("Inhalte für den nächsten
    Newsletter:"): a few words and a colon that name an offer's thing once, without talking
    to the reader or selling ("Jetzt abonnieren: Ihre Vorteile im Abo für 9,99 Euro:")."""
    text = block.text
    return (
        text.endswith(":")
        and block.words >= LEAD_IN_WORDS
        and len(clean_words.VOCABULARY_PATTERN.findall(text)) == 1
        and not clean_words.PRICE.search(text)
        and not clean_words.ADDRESS.search(text)
        and not clean_words.READER.search(text)
    )


def _bullet_runs(blocks: list[Block]) -> Iterator[tuple[int, int]]:
    """(start, end) index ranges of consecutive bullet blocks."""
    start = None
    for index, block in enumerate([*blocks, None]):
        if block is not None and block.bullet:
            start = index if start is None else start
        elif start is not None:
            yield start, index
            start = None


def _promote_near_good(blocks: list[Block]) -> None:
    """In a text of only shortish paragraphs, the near-good ones anchor the context instead."""
    for block in blocks:
        if block.cls is Class.NEAR_GOOD:
            block.cls = Class.GOOD


def _keep_unsignalled(blocks: list[Block]) -> None:
    """With no good block to anchor context, keep everything without an explicit signal."""
    for block in blocks:
        if block.cls is Class.SOFT:
            block.cls = Class.BAD
        elif block.cls is not Class.BAD:
            block.cls = Class.GOOD


def _promote_headings(blocks: list[Block], *, page: bool) -> None:
    """A short heading-like block followed closely by good text is near-good (jusText).

    On a whole page, "closely" also means at most HEADING_BLOCKS lines away (a date, a byline),
    and directly above the text for a line of a menu: otherwise every entry of a menu above
    the headline would count as a heading.
    """
    distances = _distance_to_good(blocks)
    gaps = _blocks_to_good(blocks) if page else [0] * len(blocks)
    for block, distance, gap in zip(blocks, distances, gaps, strict=True):
        near = distance <= HEADING_DISTANCE and gap <= (0 if block.menu else HEADING_BLOCKS)
        if block.cls is Class.SHORT and block.heading and near:
            block.cls = Class.NEAR_GOOD


def _blocks_to_good(blocks: list[Block]) -> list[float]:
    """Per block, how many blocks (inline widgets not counted) come before the next good one."""
    gaps = [math.inf] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        following = blocks[index + 1]
        if following.inline:
            gaps[index] = gaps[index + 1]
        elif following.cls in (Class.GOOD, Class.NEAR_GOOD):
            gaps[index] = 0
        elif following.cls is not Class.BAD:
            gaps[index] = 1 + gaps[index + 1]
    return gaps


def _distance_to_good(blocks: list[Block]) -> list[float]:
    """Per block, characters of text before the next good or near-good block (inf if none).

    Inline widgets are looked through; other boilerplate ends the search.
    """
    distances = [math.inf] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        following = blocks[index + 1]
        if following.inline:
            distances[index] = distances[index + 1]
        elif following.cls in (Class.GOOD, Class.NEAR_GOOD):
            distances[index] = 0
        elif following.cls is not Class.BAD:
            distances[index] = following.length + distances[index + 1]
    return distances


def _neighbours(
    blocks: list[Block],
    *,
    skip_near_good: bool,
    edges: tuple[Class, Class] = (Class.BAD, Class.BAD),
) -> tuple[list[Class], list[Class]]:
    """Per block, the class of the nearest deciding block before and after it.

    Short (and soft) blocks and inline widgets never decide; near-good ones only if asked.
    Past the start and end of the text, `edges` decide (jusText counts them as bad).
    """
    skipped = {Class.SHORT, Class.SOFT} | ({Class.NEAR_GOOD} if skip_near_good else set())
    before, after = [edges[0]] * len(blocks), [edges[1]] * len(blocks)
    last = edges[0]
    for index, block in enumerate(blocks):
        before[index] = last
        if not block.inline and block.cls not in skipped:
            last = block.cls
    last = edges[1]
    for index in range(len(blocks) - 1, -1, -1):
        after[index] = last
        block = blocks[index]
        if not block.inline and block.cls not in skipped:
            last = block.cls
    return before, after


def _revise_short(blocks: list[Block], *, page: bool) -> None:
    """Short and soft blocks take the class of their context.

    Short prose between good and bad text is kept; as in jusText, so is a short block whose way
    to the bad side passes a near-good block. Soft blocks (commercial words in plain prose)
    are kept only when the nearest text on both sides is good or near-good.
    """
    edges = _short_run_edges(blocks, longest=EDGE_RUN_BLOCKS if page else len(blocks))
    before, after = _neighbours(blocks, skip_near_good=True, edges=edges)
    near_before, near_after = _neighbours(blocks, skip_near_good=False, edges=edges)
    close = _close_to_text(blocks) if page else [True] * len(blocks)
    revised: list[tuple[Block, Class]] = []
    for index, block in enumerate(blocks):
        if block.cls is Class.SOFT:
            inside = Class.BAD not in (near_before[index], near_after[index])
            revised.append((block, Class.GOOD if inside else Class.BAD))
            continue
        if block.cls is not Class.SHORT:
            continue
        if before[index] is after[index] is Class.GOOD:
            cls = Class.GOOD
        elif before[index] is after[index] is Class.BAD:
            # In an extracted article, a sentence between two ads is still the article's, and
            # so is a line whose way to the ads passes a sentence of it (near-good prose).
            passes = _bad_side_passes_near_good(
                (before[index], near_before[index]), (after[index], near_after[index])
            )
            cls = Class.GOOD if (block.prose or block.bullet or passes) and not page else Class.BAD
        elif (
            block.prose
            or close[index]
            or _bad_side_passes_near_good(
                (before[index], near_before[index]), (after[index], near_after[index])
            )
        ):
            cls = Class.GOOD
        else:
            cls = Class.BAD
        revised.append((block, cls))
    for block, cls in revised:
        block.cls = cls


def _short_run_edges(blocks: list[Block], *, longest: int) -> tuple[Class, Class]:
    """How the start and end of the text count for short blocks next to them.

    Unsignalled lines between the article's text and the edge (a credit, a sign-off, the date
    line) belong to it: there the edge counts as good, up to `longest` lines (on a whole page,
    longer runs are menus and footers). Past boilerplate, the edge is bad, as in jusText.
    """
    deciding = [
        index
        for index, block in enumerate(blocks)
        if not block.inline and block.cls not in (Class.SHORT, Class.SOFT)
    ]
    if not deciding:
        return Class.BAD, Class.BAD
    first, last = deciding[0], deciding[-1]
    text = (Class.GOOD, Class.NEAR_GOOD)
    head = first <= longest and blocks[first].cls in text
    tail = len(blocks) - 1 - last <= longest and blocks[last].cls in text
    return (Class.GOOD if head else Class.BAD), (Class.GOOD if tail else Class.BAD)


def _close_to_text(blocks: list[Block]) -> list[bool]:
    """Per block, whether it is one of the few short blocks right after article text.

    Credits, sign-offs and "Additional reporting by" lines follow the last paragraph
    directly, before the share buttons and the comments begin.
    """
    close = [False] * len(blocks)
    since: int | None = None  # short blocks seen since the last good or near-good block
    for index, block in enumerate(blocks):
        if block.cls in (Class.GOOD, Class.NEAR_GOOD):
            since = 0
        elif block.cls is Class.BAD:  # share buttons and other chrome end the article too
            since = None
        elif block.cls is Class.SHORT and since is not None:
            since += 1
            close[index] = since <= TAIL_BLOCKS
    return close


def _bad_side_passes_near_good(*sides: tuple[Class, Class]) -> bool:
    """Whether, on a side whose deciding block is bad, a near-good block comes first."""
    return any(decider is Class.BAD and nearest is Class.NEAR_GOOD for decider, nearest in sides)


def _revise_near_good(blocks: list[Block], *, page: bool) -> None:
    """Near-good blocks are bad only when boilerplate is on both sides.

    Unlike jusText's, our text is usually an extracted article, so the start or end of the
    text counts as boilerplate only when the block there is boilerplate itself: a near-good
    closing paragraph after an inline ad is kept. In an extracted article a near-good block
    that reads as prose is kept even between two ads, as a shorter sentence is.
    """
    edges = (_edge_class(blocks[0]), _edge_class(blocks[-1])) if blocks else (Class.BAD,) * 2
    before, after = _neighbours(blocks, skip_near_good=True, edges=edges)
    for index, block in enumerate(blocks):
        if block.cls is Class.NEAR_GOOD:
            bad = before[index] is after[index] is Class.BAD and (page or not block.prose)
            block.cls = Class.BAD if bad else Class.GOOD


def _edge_class(block: Block) -> Class:
    """How the text's edge next to `block` counts: bad only beside a boilerplate block."""
    return Class.BAD if block.cls is Class.BAD else Class.GOOD


def _drop_duplicates(blocks: list[Block]) -> None:
    """Keep the first kept copy of a block that occurs more than once.

    A cut-off copy of the paragraph kept just before it (a preview, a truncated repeat) is
    a repeat too.
    """
    seen: set[str] = set()
    previous = ""
    for block in blocks:
        if block.cls is not Class.GOOD:
            continue
        key = _repeat_key(block.text)
        if len(key) < REPEAT_MIN_LENGTH:
            previous = key
            continue
        if key in seen or (len(key) < len(previous) and previous.startswith(key)):
            mark(block, "repeat")
        seen.add(key)
        previous = key
