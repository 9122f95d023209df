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
article's lead above it (a sentence on the article's own subject). The vocabulary the
signals use, and the stopwords per language, are in `clean_words`.

`Removed.reason` says which signal removed a block: adblock, cookie, newsletter, login,
commercial, list_commercial (an offer's bullet list), ui_chrome, photo_credit, byline, teaser,
caption_repeat (a caption shown twice), repeat (a paragraph seen before), lone_symbol,
date (a date-only line), reading_time, share (share, follow and feedback prompts), comment_form,
post_meta (tags, categories, "posted in"), post_navigation (links to the neighbouring posts),
copyright (rights, licence and "powered by" lines), page_tool (embeds, PDF and "back to"
links), author_box (a note on who wrote it, below the article), teaser (also a list of
same-shaped teasers below the article on a whole page, the titles under a related-stories
heading, or a box of related links between its paragraphs), trailer (after the article's
end), navigation (a long menu), outside_article (a small text far below the article, or text
outside the article's region on a whole page), or context (no signal of its own; its
neighbours are boilerplate).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import re
from collections.abc import Iterator

from wiredesk import clean_page, clean_words
from wiredesk.schema import CleanResult, Removed

# --- thresholds (block lengths in characters, as jusText measures them) ----------------------
SHORT_LENGTH = 70  # shorter blocks are judged by their neighbours only
GOOD_LENGTH = 200  # a block this long with prose-like stopword density is good on its own
GOOD_STOPWORDS = 0.30  # stopword density of ordinary prose (about 0.35-0.5 in German news)
NEAR_GOOD_STOPWORDS = 0.25
PROSE_STOPWORDS = 0.2  # below this, a "sentence" is more likely a slogan or a list of terms
HEADING_MAX_LENGTH = 150
HEADING_DISTANCE = 200  # a heading must be followed by good text within this many characters
HEADING_BLOCKS = 1  # ... and, on a whole page, within this many lines
MAX_SIGNAL_LENGTH = 1500  # longer blocks are prose; boilerplate signals are not looked for
MAX_CAPTION_LENGTH = 400
MAX_CREDIT_LENGTH = 200
MAX_AGENCY_CREDIT_LENGTH = 60  # "dpa/Jan Muster": a name and an agency, nothing more
MAX_PROMPT_LENGTH = 150  # share, comment and navigation prompts are a short line
MAX_FURNITURE_LENGTH = 300  # a post's meta line, a licence or rights notice
MAX_DATE_LENGTH = 80
MAX_BIO_LENGTH = 600  # an author box's bio is a few sentences
BIO_NAME_DISTANCE = 3  # ... under the author's name, with a role line between at most
REPEAT_WINDOW = 3  # how many blocks ahead to look for a repeated (prefix) caption
REPEAT_MIN_LENGTH = 20
REPEAT_MIN_RATIO = 0.6
MENU_LINE_LENGTH = 40  # a navigation entry is a few words
MENU_LINE_WORDS = 4
MENU_RUN = 5  # this many of them in a row make a menu
FAR_GAP = 5  # removed lines that part a footer's text from the article above it ...
FAR_PART_SHARE = 0.25  # ... when the footer's text is this much shorter than the article
NAVIGATION_RUN = 9  # a run this long is navigation wherever it stands on a page
PAGE_MENU_RUN = 10  # one menu this long, or two of MENU_RUN, make the text a whole page
EDGE_RUN_BLOCKS = 3  # at most this many unsignalled lines between the article and the text's edge
BUTTON_BAR = 4  # this many share and chrome buttons in a row end the article's text
TAIL_BLOCKS = 2  # short lines right after article text that belong to it (credits, sign-offs)
TEASER_HEADING_WORDS = 5  # a related-stories heading is a few words ("Lesen Sie auch") ...
TEASER_LINK_WORDS = 2  # ... and the titles under it at least this many (one word is a label)
LEAD_WINDOW = 50  # lines above the article's region searched for its lead paragraph ...
LEAD_SHARED = 4  # ... which shares at least this many content words with the article's text
LEAD_SHARE = 0.4  # ... and at least this share of its own
LEAD_LINE_WORDS = 10  # a line this long with prose-like stopwords is a sentence without its stop
LED_LIST_LINES = 20  # a list below a lead-in ("Technische Daten:") has at most this many lines
WRAP_MAX_WIDTH = 100  # hard-wrapped text has no line longer than this
WRAP_FULL_RATIO = 0.6  # a line at least this share of the wrap width was wrapped, not ended


_WORD = re.compile(r"\w+(?:-\w+)*")
_ALNUM = re.compile(r"[^\W_]")
_BULLET = re.compile(r"^[•·▪▫●◦‣∙○■□►▶➤→✓✔☑*–—-]\s+")
_TERMINAL = re.compile(r"[.!?…][\"'“”„‚‘’«»)\]]*$")
_NO_HEADING_END = re.compile(r"[.,;:]$")
_NOT_MENU = re.compile(r"[\d,;:()|]")  # list entries, data and table rows; menus have none
_QUOTE_OPEN = re.compile(r"[«‹]")  # French and Swiss quotes close with » and ›
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")  # shorter words are mostly function words
_HEADING_START = re.compile(r"^[\"'“„‚‘«»(\[]*[^\W\d_]|^\d")

TRAILER_SHARE = 0.5  # a section heading ends the article once this share of its text is above
TRAILER_SHARE_ARTICLE = 0.8  # ... in an extracted article, where such headings are rarer
INLINE_BOX_TITLES = 6  # a box of related links inside the article lists at most this many
INLINE_BOX_MIN_TITLES = 2  # ... and at least this many titles (one line is a teaser)

# Reasons for blocks that sit inside an article (media widgets, credits, chrome, and the page
# furniture around it: dates, share rows, post meta, rights lines): they are
# transparent to the context rules, so a sub-head next to a photo caption is judged by the
# paragraphs around it, not by the caption. Teasers are not: link lists follow them.
_INLINE_REASONS = frozenset(
    {
        "lone_symbol",
        "ui_chrome",
        "photo_credit",
        "byline",
        "caption_repeat",
        "repeat",
        "navigation",
        "date",
        "reading_time",
        "share",
        "comment_form",
        "post_navigation",
        "page_tool",
        "post_meta",
        "copyright",
    }
)
# Reasons for parts of a page removed as a whole (the trailer, a footer far below, a box of
# related links inside the article): the article's region does not take back their lines.
_WHOLE_PART_REASONS = frozenset({"trailer", "outside_article", "teaser"})


class _Class(enum.Enum):
    """jusText's block classes, plus SOFT: commercial wording kept only between good blocks."""

    GOOD = "good"
    NEAR_GOOD = "near_good"
    SHORT = "short"
    SOFT = "soft"
    BAD = "bad"


@dataclasses.dataclass(slots=True)
class _Block:
    """One block of text and what the classifier made of it."""

    text: str
    length: int
    words: int
    stopword_density: float
    heading: bool
    bullet: bool
    prose: bool
    cls: _Class = _Class.SHORT
    reason: str | None = None
    menu: bool = False  # one of a run of menu-like lines (set on whole pages)
    navigation: bool = False  # one of a long run of them

    def copy(self) -> _Block:
        """A copy whose class can be revised independently (faster than dataclasses.replace)."""
        return _Block(
            self.text,
            self.length,
            self.words,
            self.stopword_density,
            self.heading,
            self.bullet,
            self.prose,
            self.cls,
            self.reason,
            self.menu,
            self.navigation,
        )

    @property
    def inline(self) -> bool:
        """Whether this block is an inline widget the context rules look through."""
        return self.cls is _Class.BAD and self.reason in _INLINE_REASONS


def clean(text: str, *, language: str | None = None) -> CleanResult:
    """Remove boilerplate from article text; kept blocks are joined by blank lines.

    `language` picks the stopword list ("de", "fr", ...); without it the text's words decide.
    """
    stopwords, cjk = clean_words.stopwords_for(text, language)
    blocks = _classify_all(_split_blocks(text), stopwords, cjk=cjk)
    _mark_repeated_captions(blocks)
    _mark_commercial_lists(blocks)
    if not any(block.cls is _Class.GOOD for block in blocks):
        _promote_near_good(blocks)
    if not any(block.cls is _Class.GOOD for block in blocks):
        _keep_unsignalled(blocks)
    else:
        page = _is_whole_page(blocks)
        judged = [(block.cls, block.reason) for block in blocks]
        _mark_trailer(blocks, share=TRAILER_SHARE if page else TRAILER_SHARE_ARTICLE)
        if page:
            _mark_menus(blocks)
        _promote_headings(blocks, page=page)
        _revise_short(blocks, page=page)
        _revise_near_good(blocks, page=page)
        if page:
            _drop_far_tail(blocks)
            _drop_outside_region(blocks, judged, stopwords)
            _drop_teaser_lists(blocks)
        _drop_teaser_links(blocks, judged)
        _drop_author_bios(blocks)
    _drop_duplicates(blocks)
    kept = [block.text for block in blocks if block.cls is _Class.GOOD]
    removed = [
        Removed(text=block.text, reason=block.reason or "context")
        for block in blocks
        if block.cls is not _Class.GOOD
    ]
    return CleanResult(text="\n\n".join(kept), removed=removed)


# --- blocks -----------------------------------------------------------------------------------


def _split_blocks(text: str) -> list[str]:
    """Non-empty lines as blocks, with hard-wrapped continuation lines joined to their line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
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
    open_ended = sum(1 for line in full if not _TERMINAL.search(line))
    # Wrapped lines mostly end mid-sentence; one-sentence-per-line text mostly does not.
    wrapped = len(full) >= 3 and 3 * len(full) >= len(lengths) and 2 * open_ended >= len(full)
    return width if wrapped else None


def _continues(previous: str, line: str, *, width: int | None, wraps_sentences: bool) -> bool:
    """Whether `line` continues the paragraph on `previous` (a hard wrap, not a new block)."""
    if _BULLET.match(line) or not _ALNUM.search(previous):
        return False
    ended = bool(_TERMINAL.search(previous))
    if width is not None and len(previous) >= WRAP_FULL_RATIO * width:
        return wraps_sentences or not ended
    return not ended and len(previous) >= 30 and line[0].islower()


# --- classification of one block --------------------------------------------------------------


def _classify_all(texts: list[str], stopwords: frozenset[str], *, cjk: bool) -> list[_Block]:
    """Classify every block; repeated lines ("+", "Kommentare") are judged once."""
    judged: dict[str, _Block] = {}
    blocks = []
    for text in texts:
        known = judged.get(text)
        if known is None:
            known = judged[text] = _classify(text, stopwords, cjk=cjk)
        blocks.append(known.copy())
    return blocks


def _classify(text: str, stopwords: frozenset[str], *, cjk: bool) -> _Block:
    """Judge a block on its own: an explicit boilerplate signal, else length and stopwords."""
    words = clean_words.words(text, cjk=cjk)
    density = sum(1 for word in words if word in stopwords) / len(words) if words else 0.0
    bullet = bool(_BULLET.match(text))
    block = _Block(
        text=text,
        length=len(text),
        words=len(words),
        stopword_density=density,
        heading=_looks_like_heading(text, bullet=bullet),
        bullet=bullet,
        prose=len(words) >= 4 and bool(_TERMINAL.search(text)),
    )
    if len(text) <= MAX_SIGNAL_LENGTH:
        sentences = block.prose and not bullet and density >= PROSE_STOPWORDS
        cls, reason = _signal(text, words, sentences=sentences)
        if cls is not None:
            block.cls, block.reason = cls, reason
            return block
    block.cls = _class_by_length(len(text), density)
    return block


def _class_by_length(length: int, density: float) -> _Class:
    """jusText's length/stopword classes; low density alone never makes a block bad here."""
    if length < SHORT_LENGTH:
        return _Class.SHORT
    if density >= GOOD_STOPWORDS and length >= GOOD_LENGTH:
        return _Class.GOOD
    if density >= NEAR_GOOD_STOPWORDS:
        return _Class.NEAR_GOOD
    return _Class.SHORT


def _looks_like_heading(text: str, *, bullet: bool) -> bool:
    """Short, starts like a title, and does not end like a sentence or a lead-in."""
    return (
        not bullet
        and len(text) <= HEADING_MAX_LENGTH
        and bool(_HEADING_START.match(text))
        and not _NO_HEADING_END.search(text)
        and not text.endswith("...")
    )


def _signal(text: str, words: list[str], *, sentences: bool) -> tuple[_Class | None, str | None]:
    """The first explicit boilerplate signal a block carries, as (class, reason).

    `sentences` says the block reads as ordinary prose (full sentences, normal stopwords).
    """
    if not _ALNUM.search(text):
        return _Class.BAD, "lone_symbol"
    if _is_ui_chrome(text, words):
        return _Class.BAD, "ui_chrome"
    if _is_credit(text):
        return _Class.BAD, "photo_credit"
    if len(text) <= 80 and clean_words.BYLINE.match(text) and len(words) <= 6:
        return _Class.BAD, "byline"
    if len(text) <= MAX_DATE_LENGTH and _is_post_byline(text):
        return _Class.BAD, "byline"
    if len(text) <= 300 and (
        clean_words.TEASER.match(text)
        or clean_words.TEASER_ARROW.match(text)
        or (clean_words.TEASER_END.search(text) and not _QUOTE_OPEN.search(text))
    ):
        return _Class.BAD, "teaser"
    furniture = _furniture(text)
    if furniture is not None:
        return _Class.BAD, furniture
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
        if clean_words.POST_META.search(text):
            return "post_meta"
        if clean_words.COPYRIGHT.search(text):
            return "copyright"
    return None


def _is_author_bio(block: _Block) -> bool:
    """A short third-person note on who the author is ("X ist Redakteurin im Ressort ...")."""
    return block.length <= MAX_BIO_LENGTH and bool(clean_words.AUTHOR_BIO.match(block.text))


def _drop_author_bios(blocks: list[_Block]) -> None:
    """Author bios after the article's last long paragraph, or right under the author's name
    alone on a line (readers' comments may follow), are the author box, not the article.

    A sentence about a person inside the body stands before a long paragraph and stays.
    """
    bios = [block.cls is _Class.GOOD and _is_author_bio(block) for block in blocks]
    longs = [
        index
        for index, (block, bio) in enumerate(zip(blocks, bios, strict=True))
        if block.cls is _Class.GOOD and block.length >= GOOD_LENGTH and not bio
    ]
    if not longs:
        return
    for index, block in enumerate(blocks):
        if index <= longs[0] or not bios[index]:
            continue
        if index > longs[-1] or _under_author_name(blocks, index):
            _mark(block, "author_box")


def _under_author_name(blocks: list[_Block], index: int) -> bool:
    """The bio stands right under its author's name alone on a line, as in an author box."""
    bio = blocks[index].text
    subjectless = bio.split()[0].lower() in clean_words.BIO_SUBJECTLESS
    return any(
        clean_words.NAME_LINE.match(above.text) and (subjectless or bio.startswith(above.text))
        for above in blocks[max(0, index - BIO_NAME_DISTANCE) : index]
    )


def _is_post_byline(text: str) -> bool:
    """An author line the site builds: the desk's name, or a name with the post's date."""
    if clean_words.DESK_BYLINE.match(text):
        return True
    dated = clean_words.DATED_BYLINE.match(text)
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


def _is_credit(text: str) -> bool:
    """A photo credit or caption: "Foto: dpa", "© AFP", "... (Archivbild)."."""
    if len(text) <= MAX_CREDIT_LENGTH and (
        clean_words.CREDIT_START.match(text) or clean_words.CREDIT_ANYWHERE.search(text)
    ):
        return True
    if len(text) <= MAX_AGENCY_CREDIT_LENGTH and clean_words.AGENCY_CREDIT.search(text):
        return not clean_words.BYLINE.match(text)  # "dpa/AFP" names the agencies: a byline
    return len(text) <= MAX_CAPTION_LENGTH and bool(clean_words.CAPTION_END.search(text[-90:]))


def _commercial_signal(text: str, words: int, *, prose: bool) -> tuple[_Class | None, str | None]:
    """Commercial/consent vocabulary: BAD when dense and reader-facing, SOFT in plain prose."""
    scores = dict.fromkeys(clean_words.CATEGORIES, 0)
    seen: set[str] = set()
    for match in clean_words.VOCABULARY_PATTERN.finditer(text):
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
    total = vocabulary + int(bool(clean_words.IMPERATIVE.search(unquoted)))
    if total < 2 or (words > 30 and total / words < 0.08):
        return None, None
    addressed = bool(clean_words.ADDRESS.search(unquoted))
    # Boilerplate talks to the reader; a news sentence *about* subscriptions or cookies does
    # not, so unaddressed prose is only SOFT: kept when good paragraphs surround it.
    return (_Class.SOFT if prose and not addressed else _Class.BAD), _reason(scores)


def _reason(scores: dict[str, int]) -> str:
    """The most specific category with a strong hit, else the highest-scoring one."""
    for category in clean_words.CATEGORIES[:-1]:
        if scores[category] >= 2:
            return category
    return max(clean_words.CATEGORIES, key=lambda category: scores[category])


# --- rules over several blocks ------------------------------------------------------------------


def _mark_repeated_captions(blocks: list[_Block]) -> None:
    """A block repeated as the start of a nearby block is a caption shown twice: drop copies.

    The shorter copy adds nothing; the longer one is dropped too when a lone symbol (the
    gallery's "+" button) sits between them, the signature of an image widget.
    """
    keys = [_repeat_key(block.text) for block in blocks]
    for i, key in enumerate(keys):
        if len(key) < REPEAT_MIN_LENGTH or blocks[i].cls is _Class.BAD:
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
                _mark(blocks[shorter], "caption_repeat")
                if widget and blocks[longer].length <= MAX_CAPTION_LENGTH:
                    _mark(blocks[longer], "caption_repeat")


def _repeat_key(text: str) -> str:
    """Text compared for repetition: case-folded, whitespace collapsed, end punctuation cut."""
    return " ".join(text.casefold().split()).rstrip(".!?…:;, ")


def _mark(block: _Block, reason: str) -> None:
    block.cls, block.reason = _Class.BAD, reason


def _mark_commercial_lists(blocks: list[_Block]) -> None:
    """A bullet list led by, or mostly made of, commercial blocks is an offer: drop all of it."""
    for start, end in _bullet_runs(blocks):
        run = blocks[start:end]
        commercial = sum(1 for block in run if block.cls in (_Class.BAD, _Class.SOFT))
        lead = blocks[start - 1] if start > 0 else None
        # Only an offer's wording leads an offer: a list after a sub-head taken for a teaser
        # ("Empfehlungen") or after a repeated line is the article's own.
        led = lead is not None and lead.cls in (_Class.BAD, _Class.SOFT)
        led = led and lead.reason in clean_words.CATEGORIES
        if led or 2 * commercial >= len(run):
            for block in run:
                _mark(block, "list_commercial")


def _bullet_runs(blocks: list[_Block]) -> Iterator[tuple[int, int]]:
    """(start, end) index ranges of consecutive bullet blocks."""
    start = None
    for index, block in enumerate([*blocks, None]):
        if block is not None and block.bullet:
            start = index if start is None else start
        elif start is not None:
            yield start, index
            start = None


def _promote_near_good(blocks: list[_Block]) -> None:
    """In a text of only shortish paragraphs, the near-good ones anchor the context instead."""
    for block in blocks:
        if block.cls is _Class.NEAR_GOOD:
            block.cls = _Class.GOOD


def _keep_unsignalled(blocks: list[_Block]) -> None:
    """With no good block to anchor context, keep everything without an explicit signal."""
    for block in blocks:
        if block.cls is _Class.SOFT:
            block.cls = _Class.BAD
        elif block.cls is not _Class.BAD:
            block.cls = _Class.GOOD


def _promote_headings(blocks: list[_Block], *, page: bool) -> None:
    """A short heading-like block followed closely by good text is near-good (jusText).

    On a whole page, "closely" also means at most HEADING_BLOCKS lines away (a date, a byline),
    and directly above the text for a line of a menu: otherwise every entry of a menu above
    the headline would count as a heading.
    """
    distances = _distance_to_good(blocks)
    gaps = _blocks_to_good(blocks) if page else [0] * len(blocks)
    for block, distance, gap in zip(blocks, distances, gaps, strict=True):
        near = distance <= HEADING_DISTANCE and gap <= (0 if block.menu else HEADING_BLOCKS)
        if block.cls is _Class.SHORT and block.heading and near:
            block.cls = _Class.NEAR_GOOD


def _blocks_to_good(blocks: list[_Block]) -> list[float]:
    """Per block, how many blocks (inline widgets not counted) come before the next good one."""
    gaps = [math.inf] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        following = blocks[index + 1]
        if following.inline:
            gaps[index] = gaps[index + 1]
        elif following.cls in (_Class.GOOD, _Class.NEAR_GOOD):
            gaps[index] = 0
        elif following.cls is not _Class.BAD:
            gaps[index] = 1 + gaps[index + 1]
    return gaps


def _distance_to_good(blocks: list[_Block]) -> list[float]:
    """Per block, characters of text before the next good or near-good block (inf if none).

    Inline widgets are looked through; other boilerplate ends the search.
    """
    distances = [math.inf] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        following = blocks[index + 1]
        if following.inline:
            distances[index] = distances[index + 1]
        elif following.cls in (_Class.GOOD, _Class.NEAR_GOOD):
            distances[index] = 0
        elif following.cls is not _Class.BAD:
            distances[index] = following.length + distances[index + 1]
    return distances


def _neighbours(
    blocks: list[_Block],
    *,
    skip_near_good: bool,
    edges: tuple[_Class, _Class] = (_Class.BAD, _Class.BAD),
) -> tuple[list[_Class], list[_Class]]:
    """Per block, the class of the nearest deciding block before and after it.

    Short (and soft) blocks and inline widgets never decide; near-good ones only if asked.
    Past the start and end of the text, `edges` decide (jusText counts them as bad).
    """
    skipped = {_Class.SHORT, _Class.SOFT} | ({_Class.NEAR_GOOD} if skip_near_good else set())
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


def _mark_trailer(blocks: list[_Block], *, share: float) -> None:
    """Everything from the start of the article's trailer on is removed as a whole.

    The trailer (comments, related articles, author box) holds prose too, so its blocks are
    not judged one by one: a comment form after article text, or a section heading, a
    comment prompt ("Comments are closed") or a bar of share buttons below `share` of the
    text, starts it. A box of related links between the article's paragraphs (see
    `_inline_box`) goes as a teaser instead, and the article goes on after it.
    """
    good = [block.length if block.cls is _Class.GOOD else 0 for block in blocks]
    total, above = sum(good), 0
    box_end = -1  # the last line of an inline box of links inside the article
    for index, block in enumerate(blocks):
        if index > box_end and above and block.length <= MAX_CAPTION_LENGTH:
            form = bool(clean_words.COMMENT_FORM.search(block.text))
            heading = block.length <= HEADING_MAX_LENGTH and bool(
                clean_words.TRAILER_HEADING.match(block.text)
            )
            prompt = bool(clean_words.COMMENT_PROMPT.search(block.text))
            bar = _button_bar(blocks, index)
            label = _teaser_label(block) and not (heading and above >= share * total)
            # readers' comments (names, dates, then prose) start the trailer, never a box
            comments = bool(clean_words.COMMENTS_HEADING.match(block.text))
            boxed = label or (heading and not comments)
            box = _inline_box(blocks, index, label) if boxed and not form else None
            if box is not None:
                for line in blocks[index:box]:
                    if line.cls is not _Class.BAD:
                        _mark(line, "teaser")
                box_end = box - 1
            elif form or ((heading or prompt or bar) and above >= share * total):
                for rest in blocks[index:]:
                    if rest.cls is not _Class.BAD:
                        _mark(rest, "trailer")
                return
        above += good[index]


def _inline_box(blocks: list[_Block], index: int, label: bool) -> int | None:
    """Where the article's text goes on after a box of related links headed at `index`.

    Articles embed "Mehr zum Thema" boxes between their paragraphs: the heading and a few
    titles, then the article's next paragraph. A related-articles section below the article
    has blurbs, dates or names between its titles, or no paragraph of prose after them.
    Under a teaser label ("Lesen Sie auch:", a line of its own), one title is a box too.
    """
    titles = 0
    least = 1 if label else INLINE_BOX_MIN_TITLES
    for following in range(index + 1, min(len(blocks), index + 2 + INLINE_BOX_TITLES)):
        block = blocks[following]
        if _section_heading(block):  # the next section (the comments) starts here
            return following if label and titles >= least else None
        if block.inline:
            continue
        if block.cls is _Class.GOOD and block.prose:
            return following if titles >= least else None
        if block.cls is _Class.BAD or not _box_title(block):
            return following if label and titles >= least else None
        titles += 1
    return None


def _teaser_label(block: _Block) -> bool:
    """A teaser or section heading alone on its line ("Lesen Sie auch:", "Weitere Themen"),
    its links' titles below it."""
    for pattern in (clean_words.TEASER, clean_words.TRAILER_HEADING):
        label = pattern.match(block.text)
        if label is not None and not _ALNUM.search(block.text[label.end() :]):
            return True
    return False


def _box_title(block: _Block) -> bool:
    """A linked article's title: a heading of a few words, not a sentence nor a name, nor
    another box's heading ("Lesen Sie auch")."""
    return (
        block.heading
        and not block.prose
        and block.words >= clean_page.TEASER_TITLE_WORDS
        and not clean_words.TEASER.match(block.text)
    )


def _section_heading(block: _Block) -> bool:
    """A heading that opens a section of the page's trailer ("Kommentare", "Meistgelesen")."""
    return block.length <= HEADING_MAX_LENGTH and bool(
        clean_words.TRAILER_HEADING.match(block.text) or clean_words.COMMENT_FORM.search(block.text)
    )


def _button_bar(blocks: list[_Block], index: int) -> bool:
    """Whether a bar of share buttons ("Teilen", "Facebook", "E-Mail") starts at `index`.

    A button is a word at least; a table's marks ("X", "✓") are no bar.
    """
    row = blocks[index : index + BUTTON_BAR]
    return len(row) == BUTTON_BAR and all(_is_button(block) for block in row)


def _is_button(block: _Block) -> bool:
    """A share or chrome button: a word or two, more than one letter ("X" marks a table)."""
    return (
        block.reason in ("share", "ui_chrome")
        and _menu_like(block)
        and block.words > 0
        and block.length > 1
    )


def _mark_menus(blocks: list[_Block]) -> None:
    """On a whole page, a long run of menu-like lines is navigation, wherever it stands.

    Its last line is spared when article text follows at once: that is the headline.
    """
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        headline = following is not None and following.cls is _Class.GOOD
        if block.navigation and block.cls is not _Class.BAD and not headline:
            _mark(block, "navigation")


def _drop_far_tail(blocks: list[_Block]) -> None:
    """On a whole page, small bits of text far below the article are the footer's, not its.

    Kept text is grouped into parts separated by at least FAR_GAP removed lines; a part after
    the longest one that is much shorter than it (sidebar teasers, a licence notice, "Powered
    by") goes.
    """
    parts: list[list[_Block]] = []
    gap = FAR_GAP
    for block in blocks:
        if block.cls is _Class.GOOD:
            if gap >= FAR_GAP:
                parts.append([])
            parts[-1].append(block)
            gap = 0
        elif not block.inline:
            gap += 1
    sizes = [sum(block.length for block in part) for part in parts]
    if len(parts) < 2:
        return
    main = sizes.index(max(sizes))
    for part, size in zip(parts[main + 1 :], sizes[main + 1 :], strict=True):
        if size < FAR_PART_SHARE * sizes[main]:
            for block in part:
                _mark(block, "outside_article")


def _is_whole_page(blocks: list[_Block]) -> bool:
    """Whether the text is a whole web page (menus and all), not an article already extracted.

    A page's navigation shows as runs of many short lines that are neither sentences nor
    list items, above or below the article's text; an extracted article has at most a few
    such lines in a row, or longer lists of them between its paragraphs.
    """
    run = longest = runs = 0
    for index, block in enumerate(blocks):
        menu_like = block.cls is not _Class.GOOD and _menu_like(block)
        run = run + 1 if menu_like else 0
        runs += run == MENU_RUN
        longest = max(longest, run)
        if run >= MENU_RUN:
            for member in blocks[index - run + 1 : index + 1]:
                member.menu = True
        if run >= NAVIGATION_RUN:
            for member in blocks[index - run + 1 : index + 1]:
                member.navigation = True
    if longest < PAGE_MENU_RUN and runs < 2:
        return False
    # A page's menus frame its article (header above the first paragraph, footer below the
    # last); runs of short lines only between paragraphs are the article's own lists.
    good = [index for index, block in enumerate(blocks) if block.cls is _Class.GOOD]
    return any(block.menu for block in blocks[: good[0]]) or any(
        block.menu for block in blocks[good[-1] + 1 :]
    )


def _menu_like(block: _Block) -> bool:
    """A navigation entry: a few words that are neither a sentence, a list item nor data."""
    return (
        block.length <= MENU_LINE_LENGTH
        and block.words <= MENU_LINE_WORDS
        and not block.prose
        and not block.bullet
        and not _NOT_MENU.search(block.text)
    )


def _drop_outside_region(
    blocks: list[_Block], judged: list[tuple[_Class, str | None]], stopwords: frozenset[str]
) -> None:
    """On a whole page, kept text outside the article's region goes (see `clean_page`).

    Inside the region, a short line or a paragraph of prose without a signal of its own is
    kept, unless it is a menu's or the trailer's, and so is a line of a list below a lead-in
    (`_led_lines`; such a list below the region's last line widens it to its end); above the
    region, the article's lead is kept (`_take_lead`).

    `judged` holds each block's class and reason from its own signals, before the context
    rules: a removed ad costs the region more than a removed line without a signal.
    """
    kept = [block.cls is _Class.GOOD for block in blocks]
    scores = [
        clean_page.score(_region_kind(block, kept_now, cls, reason), block.length)
        for block, kept_now, (cls, reason) in zip(blocks, kept, judged, strict=True)
    ]
    marks = [clean_page.teaser_mark(block.text, prose=block.prose) for block in blocks]
    titles = [block.heading and block.words >= clean_page.TEASER_TITLE_WORDS for block in blocks]
    for index in clean_page.teaser_titles(marks, titles):
        scores[index] = min(scores[index], 0.0)  # a teaser's title adds nothing to the region
    lead_in = [block.text.endswith(":") for block in blocks]
    led = _led_lines(blocks, judged)
    list_item = [
        kept_now or _article_line(block, cls) or led_now
        for block, kept_now, (cls, _), led_now in zip(blocks, kept, judged, led, strict=True)
    ]
    headline = [clean_page.headline_like(block.text) for block in blocks]
    region = clean_page.article_region(scores, kept, lead_in, list_item, headline)
    if region is None:
        return
    first, last = region
    for index, (block, (cls, _)) in enumerate(zip(blocks, judged, strict=True)):
        if not first <= index <= last:
            if kept[index]:
                _mark(block, "outside_article")
        elif not kept[index] and (_article_line(block, cls) or led[index]):
            block.cls, block.reason = _Class.GOOD, None
    _take_lead(blocks, judged, region, stopwords)


def _led_lines(blocks: list[_Block], judged: list[tuple[_Class, str | None]]) -> list[bool]:
    """Per block, whether it is a line of the list right below a lead-in ("Zutaten:").

    Such a list's entries (an ingredient, a feature, a name) are a few words each, as a
    menu's are; below the lead-in they are the article's, unless a run of menu lines or a
    part of the page removed as a whole holds them. Inline widgets are looked through.
    """
    led = [False] * len(blocks)
    run: int | None = None  # lines of the current list so far; None outside a list
    for index, (block, (cls, reason)) in enumerate(zip(blocks, judged, strict=True)):
        if reason is None and block.text.endswith(":"):
            run = 0
        elif run is not None and not block.inline:
            listed = cls is _Class.SHORT and reason is None and not block.menu
            if listed and block.reason not in _WHOLE_PART_REASONS and run < LED_LIST_LINES:
                run += 1
                led[index] = True
            else:
                run = None
    return led


def _take_lead(
    blocks: list[_Block],
    judged: list[tuple[_Class, str | None]],
    region: tuple[int, int],
    stopwords: frozenset[str],
) -> None:
    """The article's lead (standfirst) above its region: a sentence on the article's subject.

    Bylines, dates, share rows or a paywall box often part the lead from the body, so the
    context rules drop it or the region leaves it out; what tells it from a teaser or a
    sidebar is that it talks about what the article's text talks about. A caption (a
    sentence right above its photo's credit) shares the subject too and is left alone.
    """
    first, last = region
    body: set[str] = set()
    for block in blocks[first : last + 1]:
        if block.cls is _Class.GOOD:
            body |= _content_words(block.text, stopwords)
    for index in range(max(0, first - LEAD_WINDOW), first):
        block, (_, reason) = blocks[index], judged[index]
        if block.cls is _Class.GOOD or block.reason == "trailer" or not _lead_like(block, reason):
            continue
        if index + 1 < len(blocks) and judged[index + 1][1] == "photo_credit":
            continue
        words = _content_words(block.text, stopwords)
        shared = len(words & body)
        if shared >= LEAD_SHARED and shared >= LEAD_SHARE * len(words):
            block.cls, block.reason = _Class.GOOD, None


def _lead_like(block: _Block, reason: str | None) -> bool:
    """A sentence or paragraph without a signal of its own; a standfirst often lacks the
    full stop, so a long line with prose-like stopwords is one too."""
    return (
        reason is None
        and not block.menu
        and (
            (block.prose and block.stopword_density >= PROSE_STOPWORDS)
            or (block.words >= LEAD_LINE_WORDS and block.stopword_density >= GOOD_STOPWORDS)
        )
    )


def _content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """The words of a text that say what it is about (no stopwords, no short words)."""
    words = (match.group(0).casefold() for match in _CONTENT_WORD.finditer(text))
    return {word for word in words if word not in stopwords}


def _drop_teaser_lists(blocks: list[_Block]) -> None:
    """On a whole page, kept lines of a list of teasers below the article go (see `clean_page`)."""
    marks = [clean_page.teaser_mark(block.text, prose=block.prose) for block in blocks]
    titles = [block.heading and block.words >= clean_page.TEASER_TITLE_WORDS for block in blocks]
    kept = [block.cls is _Class.GOOD for block in blocks]
    lengths = [block.length for block in blocks]
    shapes = [
        clean_page.teaser_shape(block.text, title=title, prose=block.prose)
        for block, title in zip(blocks, titles, strict=True)
    ]
    for first, last in clean_page.teaser_lists(marks, titles, kept, lengths, shapes):
        if first > 0 and _list_heading(blocks[first - 1]):
            first -= 1
        for block in blocks[first : last + 1]:
            if block.cls is _Class.GOOD:
                _mark(block, "teaser")


def _drop_teaser_links(blocks: list[_Block], judged: list[tuple[_Class, str | None]]) -> None:
    """The titles right under a related-stories heading ("Related", "Lesen Sie auch") are its
    links to other articles, wherever it stands, up to the next line of text.

    A title is a heading of TEASER_LINK_WORDS or more, a question too; a date or time line
    between titles is the list's too; removed lines without a signal and inline widgets are
    looked through. Any other kept line (a sentence, a one-word label) or a removed line with
    a signal of its own ends the list.
    """
    listing = False
    for block, (cls, reason) in zip(blocks, judged, strict=True):
        if cls is _Class.BAD and reason == "teaser" and _teaser_heading(block):
            listing = True
        elif block.cls is not _Class.GOOD:
            listing = listing and (block.inline or (cls is not _Class.BAD and block.reason is None))
        elif listing and _teaser_link(block):
            _mark(block, "teaser")
        else:
            listing = False


def _teaser_heading(block: _Block) -> bool:
    """A related-stories heading alone on its line, not a single link to another article."""
    return (
        block.words <= TEASER_HEADING_WORDS
        and not block.prose
        and bool(clean_words.TEASER.match(block.text))
        and not clean_words.TEASER_END.search(block.text)
    )


def _teaser_link(block: _Block) -> bool:
    """A linked title (a heading of a few words, a question) or a date line between titles."""
    if block.heading and block.words >= TEASER_LINK_WORDS:
        return True
    return block.length <= MAX_DATE_LENGTH and bool(clean_page.DATE_LINE.search(block.text))


def _list_heading(block: _Block) -> bool:
    """A heading of a word or two right above a teaser list, with no text of its own, heads
    the list ("Mehr Lokales", "Latest"): it goes with it."""
    return block.heading and not block.prose and block.words < clean_page.TEASER_TITLE_WORDS


def _article_line(block: _Block, cls: _Class) -> bool:
    """A short line or a paragraph of prose with no signal of its own, not a menu's nor in a
    part of the page removed as a whole (the trailer, a footer far below)."""
    return (
        (cls is _Class.SHORT or (cls is _Class.NEAR_GOOD and block.prose))
        and block.reason not in _WHOLE_PART_REASONS
        and not block.menu
        and not _menu_like(block)
    )


def _region_kind(block: _Block, kept: bool, cls: _Class, reason: str | None) -> str:
    """What `block` is to the region model, from the rules' verdict and its own signals."""
    if kept:
        if cls in (_Class.GOOD, _Class.NEAR_GOOD):
            return clean_page.KEPT_TEXT
        lead_in = block.words >= clean_page.LEAD_IN_WORDS and block.text.endswith(":")
        sentence = block.prose or lead_in or bool(clean_page.CREDIT_LINE.match(block.text))
        return clean_page.KEPT_SENTENCE if sentence else clean_page.KEPT_LINE
    if cls is _Class.BAD:
        return clean_page.INLINE if reason in _INLINE_REASONS else clean_page.BOILERPLATE
    if block.menu or _menu_like(block):
        return clean_page.MENU
    if cls is _Class.NEAR_GOOD and block.prose and block.reason not in _WHOLE_PART_REASONS:
        return clean_page.DROPPED_TEXT
    return clean_page.REMOVED


def _revise_short(blocks: list[_Block], *, page: bool) -> None:
    """Short and soft blocks take the class of their context.

    Short prose between good and bad text is kept; as in jusText, so is a short block whose way
    to the bad side passes a near-good block. Soft blocks (commercial words in plain prose)
    are kept only when the nearest text on both sides is good or near-good.
    """
    edges = _short_run_edges(blocks, longest=EDGE_RUN_BLOCKS if page else len(blocks))
    before, after = _neighbours(blocks, skip_near_good=True, edges=edges)
    near_before, near_after = _neighbours(blocks, skip_near_good=False, edges=edges)
    close = _close_to_text(blocks) if page else [True] * len(blocks)
    revised: list[tuple[_Block, _Class]] = []
    for index, block in enumerate(blocks):
        if block.cls is _Class.SOFT:
            inside = _Class.BAD not in (near_before[index], near_after[index])
            revised.append((block, _Class.GOOD if inside else _Class.BAD))
            continue
        if block.cls is not _Class.SHORT:
            continue
        if before[index] is after[index] is _Class.GOOD:
            cls = _Class.GOOD
        elif before[index] is after[index] is _Class.BAD:
            # In an extracted article, a sentence between two ads is still the article's, and
            # so is a line whose way to the ads passes a sentence of it (near-good prose).
            passes = _bad_side_passes_near_good(
                (before[index], near_before[index]), (after[index], near_after[index])
            )
            cls = (
                _Class.GOOD if (block.prose or block.bullet or passes) and not page else _Class.BAD
            )
        elif (
            block.prose
            or close[index]
            or _bad_side_passes_near_good(
                (before[index], near_before[index]), (after[index], near_after[index])
            )
        ):
            cls = _Class.GOOD
        else:
            cls = _Class.BAD
        revised.append((block, cls))
    for block, cls in revised:
        block.cls = cls


def _short_run_edges(blocks: list[_Block], *, longest: int) -> tuple[_Class, _Class]:
    """How the start and end of the text count for short blocks next to them.

    Unsignalled lines between the article's text and the edge (a credit, a sign-off, the date
    line) belong to it: there the edge counts as good, up to `longest` lines (on a whole page,
    longer runs are menus and footers). Past boilerplate, the edge is bad, as in jusText.
    """
    deciding = [
        index
        for index, block in enumerate(blocks)
        if not block.inline and block.cls not in (_Class.SHORT, _Class.SOFT)
    ]
    if not deciding:
        return _Class.BAD, _Class.BAD
    first, last = deciding[0], deciding[-1]
    text = (_Class.GOOD, _Class.NEAR_GOOD)
    head = first <= longest and blocks[first].cls in text
    tail = len(blocks) - 1 - last <= longest and blocks[last].cls in text
    return (_Class.GOOD if head else _Class.BAD), (_Class.GOOD if tail else _Class.BAD)


def _close_to_text(blocks: list[_Block]) -> list[bool]:
    """Per block, whether it is one of the few short blocks right after article text.

    Credits, sign-offs and "Additional reporting by" lines follow the last paragraph
    directly, before the share buttons and the comments begin.
    """
    close = [False] * len(blocks)
    since: int | None = None  # short blocks seen since the last good or near-good block
    for index, block in enumerate(blocks):
        if block.cls in (_Class.GOOD, _Class.NEAR_GOOD):
            since = 0
        elif block.cls is _Class.BAD:  # share buttons and other chrome end the article too
            since = None
        elif block.cls is _Class.SHORT and since is not None:
            since += 1
            close[index] = since <= TAIL_BLOCKS
    return close


def _bad_side_passes_near_good(*sides: tuple[_Class, _Class]) -> bool:
    """Whether, on a side whose deciding block is bad, a near-good block comes first."""
    return any(decider is _Class.BAD and nearest is _Class.NEAR_GOOD for decider, nearest in sides)


def _revise_near_good(blocks: list[_Block], *, page: bool) -> None:
    """Near-good blocks are bad only when boilerplate is on both sides.

    Unlike jusText's, our text is usually an extracted article, so the start or end of the
    text counts as boilerplate only when the block there is boilerplate itself: a near-good
    closing paragraph after an inline ad is kept. In an extracted article a near-good block
    that reads as prose is kept even between two ads, as a shorter sentence is.
    """
    edges = (_edge_class(blocks[0]), _edge_class(blocks[-1])) if blocks else (_Class.BAD,) * 2
    before, after = _neighbours(blocks, skip_near_good=True, edges=edges)
    for index, block in enumerate(blocks):
        if block.cls is _Class.NEAR_GOOD:
            bad = before[index] is after[index] is _Class.BAD and (page or not block.prose)
            block.cls = _Class.BAD if bad else _Class.GOOD


def _edge_class(block: _Block) -> _Class:
    """How the text's edge next to `block` counts: bad only beside a boilerplate block."""
    return _Class.BAD if block.cls is _Class.BAD else _Class.GOOD


def _drop_duplicates(blocks: list[_Block]) -> None:
    """Keep the first kept copy of a block that occurs more than once.

    A cut-off copy of the paragraph kept just before it (a preview, a truncated repeat) is
    a repeat too.
    """
    seen: set[str] = set()
    previous = ""
    for block in blocks:
        if block.cls is not _Class.GOOD:
            continue
        key = _repeat_key(block.text)
        if len(key) < REPEAT_MIN_LENGTH:
            previous = key
            continue
        if key in seen or (len(key) < len(previous) and previous.startswith(key)):
            _mark(block, "repeat")
        seen.add(key)
        previous = key
