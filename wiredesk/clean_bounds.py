"""Where the article starts and ends on a whole page: its trailer, boxes and region.

These are the rules about how pages are built, applied after the per-block and context rules
of `clean`: the trailer (comments, related articles) goes as a whole from the line that
starts it (a trailer heading, a comment form or prompt, a bar of share buttons); a box of
related links between paragraphs goes and the article goes on; long menus, small texts far
below the article and what lies outside the article's region (`clean_page`) go, but for its
lead above it and the lists below its lead-ins; titles under a related-stories heading and
lists of teasers below the article go too.
"""

from __future__ import annotations

import re

from wiredesk import clean_page, clean_tables, clean_words
from wiredesk.clean_blocks import (
    ALNUM,
    GOOD_STOPWORDS,
    HEADING_MAX_LENGTH,
    INLINE_REASONS,
    MAX_CAPTION_LENGTH,
    MAX_DATE_LENGTH,
    PROSE_STOPWORDS,
    Block,
    Class,
    mark,
)

# --- thresholds ------------------------------------------------------------------------------

MENU_LINE_LENGTH = 40  # a navigation entry is a few words
MENU_LINE_WORDS = 4
MENU_RUN = 5  # this many of them in a row make a menu
FAR_GAP = 5  # removed lines that part a footer's text from the article above it ...
FAR_PART_SHARE = 0.25  # ... when the footer's text is this much shorter than the article
NAVIGATION_RUN = 9  # a run this long is navigation wherever it stands on a page
PAGE_MENU_RUN = 10  # one menu this long, or two of MENU_RUN, make the text a whole page
BUTTON_BAR = 4  # this many share and chrome buttons in a row end the article's text
TEASER_HEADING_WORDS = 5  # a related-stories heading is a few words ("Lesen Sie auch") ...
TEASER_LINK_WORDS = 2  # ... and the titles under it at least this many (one word is a label)
TEASER_LINK_GAP = MENU_RUN  # more removed lines than this between them end the titles
LEAD_WINDOW = 50  # lines above the article's region searched for its lead paragraph ...
LEAD_SHARED = 4  # ... which shares at least this many content words with the article's text
LEAD_SHARE = 0.4  # ... and at least this share of its own
LEAD_LINE_WORDS = 10  # a line this long with prose-like stopwords is a sentence without its stop
SIGN_OFF_STOPWORDS = 3  # a sign-off below the article is a sentence: this many function words
SIGN_OFF_WORDS = 8  # a greeting or a team's signature is a few words
CUT_WORD_LENGTH = 3  # a sentence broken over two lines stops on an article or a preposition
LED_LIST_LINES = 20  # a list below a lead-in ("Technische Daten:") has at most this many lines
FRAME_LINES = 15  # a post framed by its dateline and its share bar has at most this many lines
FRAME_BAR_GAP = 2  # the share prompt's buttons follow it within this many lines
FRAME_TRAILER_GAP = 6  # ... and the trailer opens within this many lines of the prompt

_NOT_MENU = re.compile(r"[\d,;:()|]")  # list entries, data and table rows; menus have none
# an item that ends like a sentence part, or a "Key: value" item, is no title
_ITEM_NOT_TITLE = re.compile(r"[.,;:]$|^\S+\s+(?:[^\W\d_]+\s+)?[^\W\d_]+:\s")
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"\b[^\W\d_]*[a-zß]$")  # the small word a line stops on, if any
_TITLE_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of a title, not a figure nor a unit
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")  # shorter words are mostly function words

INLINE_BOX_TITLES = 6  # a box of related links inside the article lists at most this many
INLINE_BOX_MIN_TITLES = 2  # ... and at least this many titles (one line is a teaser)
# kept prose this close below a post's trailer opener: the opener heads a box of links
# (titles, each with a date) and the article goes on below it
FRAME_BOX_LINES = 2 * INLINE_BOX_TITLES
# Reasons for parts of a page removed as a whole (the trailer, a footer far below, a box of
# related links inside the article): the article's region does not take back their lines.
_WHOLE_PART_REASONS = frozenset({"trailer", "outside_article", "teaser"})


def mark_trailer(blocks: list[Block], *, share: float) -> None:
    """Everything from the start of the article's trailer on is removed as a whole.

    The trailer (comments, related articles, author box) holds prose too, so its blocks are
    not judged one by one: a comment form after article text, or a section heading, a
    comment prompt ("Comments are closed") or a bar of share buttons below `share` of the
    text, starts it. A box of related links between the article's paragraphs (see
    `_inline_box`) goes as a teaser instead, and the article goes on after it.
    """
    good = [block.length if block.cls is Class.GOOD else 0 for block in blocks]
    total, above = sum(good), 0
    box_end = -1  # the last line of an inline box of links inside the article
    for index, block in enumerate(blocks):
        if index > box_end and above and block.length <= MAX_CAPTION_LENGTH:
            form = bool(clean_words.COMMENT_FORM.search(block.text))
            heading = _trailer_heading(block)
            prompt = bool(clean_words.COMMENT_PROMPT.search(block.text))
            bar = _button_bar(blocks, index)
            label = _teaser_label(block) and not (heading and above >= share * total)
            # readers' comments (names, dates, then prose) start the trailer, never a box
            comments = bool(clean_words.COMMENTS_HEADING.match(block.text))
            boxed = label or (heading and not comments)
            box = _inline_box(blocks, index, label) if boxed and not form else None
            if box is not None:
                for line in blocks[index:box]:
                    line.boxed = True
                    if line.cls is not Class.BAD:
                        mark(line, "teaser")
                box_end = box - 1
            elif form or ((heading or prompt or bar) and above >= share * total):
                for rest in blocks[index:]:
                    if rest.cls is not Class.BAD:
                        mark(rest, "trailer")
                return
        above += good[index]


def _inline_box(blocks: list[Block], index: int, label: bool) -> int | None:
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
        if block.cls is Class.GOOD and block.prose:
            return following if titles >= least else None
        if block.cls is Class.BAD or not _box_title(block):
            return following if label and titles >= least else None
        titles += 1
    return None


def _teaser_label(block: Block) -> bool:
    """A teaser or section heading alone on its line ("Lesen Sie auch:", "Weitere Themen"),
    its links' titles below it."""
    for pattern in (clean_words.TEASER, clean_words.TRAILER_HEADING):
        label = pattern.match(block.text)
        if label is not None and not ALNUM.search(block.text[label.end() :]):
            return True
    return False


def _box_title(block: Block) -> bool:
    """A linked article's title: a heading of a few words, not a sentence nor a name, nor
    another box's heading ("Lesen Sie auch")."""
    return (
        block.heading
        and not block.prose
        and block.words >= clean_page.TEASER_TITLE_WORDS
        and not clean_words.TEASER.match(block.text)
    )


def _trailer_heading(block: Block) -> bool:
    """A section heading of the page's trailer ("Kommentare", "Meistgelesen", "Related")."""
    return block.length <= HEADING_MAX_LENGTH and bool(
        clean_words.TRAILER_HEADING.match(block.text)
    )


def _section_heading(block: Block) -> bool:
    """A heading that opens a section of the trailer, a comment form's heading included."""
    return _trailer_heading(block) or (
        block.length <= HEADING_MAX_LENGTH and bool(clean_words.COMMENT_FORM.search(block.text))
    )


def _button_bar(blocks: list[Block], index: int) -> bool:
    """Whether a bar of share buttons ("Teilen", "Facebook", "E-Mail") starts at `index`.

    A button is a word at least; a table's marks ("X", "✓") are no bar.
    """
    row = blocks[index : index + BUTTON_BAR]
    return len(row) == BUTTON_BAR and all(_is_button(block) for block in row)


def _is_button(block: Block) -> bool:
    """A share or chrome button: a word or two, more than one letter ("X" marks a table)."""
    return (
        block.reason in ("share", "ui_chrome")
        and _menu_like(block)
        and block.words > 0
        and block.length > 1
    )


def mark_menus(blocks: list[Block]) -> None:
    """On a whole page, a long run of menu-like lines is navigation, wherever it stands.

    Its last line is spared when article text follows at once: that is the headline.
    """
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        headline = following is not None and following.cls is Class.GOOD
        if block.navigation and block.cls is not Class.BAD and not headline:
            mark(block, "navigation")


def drop_far_tail(blocks: list[Block], judged: list[tuple[Class, str | None]]) -> None:
    """On a whole page, small bits of text far below the article are the footer's, not its.

    Kept text is grouped into parts separated by at least FAR_GAP removed lines; a part after
    the longest one that is much shorter than it (sidebar teasers, a licence notice, "Powered
    by") goes. A box of related links between the article's paragraphs parts nothing: the
    article goes on below it; nor does the list below a kept lead-in of a few words ("So
    sieht der Zeitplan aus:" over its lines, more lead-ins among them: "Anfahrt:"; see
    `_led_lines`), which the region keeps as the article's.
    """
    led = _led_lines(blocks, judged)
    parts: list[list[Block]] = []
    gap = FAR_GAP
    listing = False  # in the list below a kept lead-in
    for block, listed, (_, reason) in zip(blocks, led, judged, strict=True):
        if block.cls is Class.GOOD:
            if gap >= FAR_GAP:
                parts.append([])
            parts[-1].append(block)
            gap = 0
            lead_in = block.text.endswith(":") and block.words >= clean_page.LEAD_IN_WORDS
            listing = lead_in or (listing and (listed or block.text.endswith(":")))
        else:
            # widgets, a box of links and the lines of the list part nothing
            nested = reason is None and block.text.endswith(":")  # "Anfahrt:" in the list
            if block.inline or block.boxed or (listing and (listed or nested)):
                continue
            listing = False
            gap += 1
    sizes = [sum(block.length for block in part) for part in parts]
    if len(parts) < 2:
        return
    main = sizes.index(max(sizes))
    for part, size in zip(parts[main + 1 :], sizes[main + 1 :], strict=True):
        if size < FAR_PART_SHARE * sizes[main]:
            for block in part:
                mark(block, "outside_article")


def is_whole_page(blocks: list[Block]) -> bool:
    """Whether the text is a whole web page (menus and all), not an article already extracted.

    A page's navigation shows as runs of many short lines that are neither sentences nor
    list items, above or below the article's text; an extracted article has at most a few
    such lines in a row, or longer lists of them between its paragraphs.
    """
    run = longest = runs = listed = 0
    listing = False  # in a bullet list right below a lead-in ("Zutaten:"): the article's
    bullet_runs: dict[int, int] = {}  # first index -> last index of long bullet menu runs
    for index, block in enumerate(blocks):
        menu_like = block.cls is not Class.GOOD and _menu_like(block)
        run = run + 1 if menu_like else 0
        runs += run == MENU_RUN
        longest = max(longest, run)
        if run >= MENU_RUN:
            for member in blocks[index - run + 1 : index + 1]:
                member.menu = True
        if run >= NAVIGATION_RUN:
            for member in blocks[index - run + 1 : index + 1]:
                member.navigation = True
        listing = block.text.endswith(":") or (listing and block.bullet)
        entry = block.bullet and not listing and _menu_like(block, bullet=True)
        listed = listed + 1 if block.cls is not Class.GOOD and (entry or menu_like) else 0
        if listed >= PAGE_MENU_RUN:
            bullet_runs[index - listed + 1] = index
    # A page's menus frame its article (header above the first paragraph, footer below the
    # last); runs of short lines only between paragraphs are the article's own lists.
    good = [index for index, block in enumerate(blocks) if block.cls is Class.GOOD]
    framing = [
        (start, end) for start, end in bullet_runs.items() if end < good[0] or start > good[-1]
    ]
    longest = max([longest, *(end - start + 1 for start, end in framing)])
    if longest < PAGE_MENU_RUN and runs < 2:
        return False
    page = (
        bool(framing)
        or any(block.menu for block in blocks[: good[0]])
        or any(block.menu for block in blocks[good[-1] + 1 :])
    )
    if page:  # a text browser's menus, laid out as bullet lists
        for start, end in framing:
            for member in blocks[start : end + 1]:
                member.menu = member.navigation = True
    return page


def _menu_like(block: Block, *, bullet: bool = False) -> bool:
    """A navigation entry: a few words that are neither a sentence, a list item nor data
    (with `bullet`, a list item may be one: text browsers render a menu as a bullet list),
    nor a how-to's step that names the button to click ("Klicken Sie auf »Speichern«")."""
    return (
        block.length <= MENU_LINE_LENGTH
        and block.words <= MENU_LINE_WORDS
        and not block.prose
        and (bullet or not block.bullet)
        and not _NOT_MENU.search(block.text)
        and not clean_words.CLICK_STEP.search(block.text)
    )


def drop_outside_region(
    blocks: list[Block], judged: list[tuple[Class, str | None]], stopwords: frozenset[str]
) -> None:
    """On a whole page, kept text outside the article's region goes (see `clean_page`).

    Inside the region, a short line or a paragraph of prose without a signal of its own is
    kept, unless it is a menu's or the trailer's, and so is a line of a list below a lead-in
    (`_led_lines`; such a list below the region's last line widens it to its end), a line
    of a few words next to the article's prose (`_framed_label`), the first half of a
    sentence broken over two lines (`_broken_sentence`) and a table of figures right below
    the region (`clean_tables.table_end`); above the region, a data sheet widens it to its
    start (`clean_tables.data_sheet`) and the article's lead is kept (`_take_lead`). A short
    post framed by its dateline and its share bar wins over a region found below them in the
    trailer (`_keep_post_frame`).

    `judged` holds each block's class and reason from its own signals, before the context
    rules: a removed ad costs the region more than a removed line without a signal.
    """
    kept = [block.cls is Class.GOOD for block in blocks]
    scores = [
        clean_page.score(_region_kind(block, kept_now, cls, reason), block.length)
        for block, kept_now, (cls, reason) in zip(blocks, kept, judged, strict=True)
    ]
    marks = [clean_page.teaser_mark(block.text, prose=block.prose) for block in blocks]
    titles = [teaser_title(block) for block in blocks]
    for index in clean_page.teaser_titles(marks, titles):
        scores[index] = min(scores[index], 0.0)  # a teaser's title adds nothing to the region
    lead_in = [block.text.endswith(":") for block in blocks]
    led = _led_lines(blocks, judged)
    list_item = [
        kept_now or _article_line(block, cls) or led_now
        for block, kept_now, (cls, _), led_now in zip(blocks, kept, judged, led, strict=True)
    ]
    headline = [
        clean_page.headline_like(block.text) and (kept_now or block.words >= clean_page.TITLE_WORDS)
        for block, kept_now in zip(blocks, kept, strict=True)
    ]
    # what may stand between the headline and the text: widgets, labels, a bare byline
    passable = [
        block.inline
        or (kept_now and block.words <= clean_page.RUBRIC_WORDS)
        or bool(clean_words.NAME_BYLINE.match(block.text))
        for block, kept_now in zip(blocks, kept, strict=True)
    ]
    closing = [_sign_off(block, stopwords) for block in blocks]
    # a lead-in sentence ("Gehen Sie dazu so vor:") below the region announces its list
    announcing = [
        lead and block.words >= clean_page.LEAD_IN_WORDS and reason is None and not block.menu
        for block, lead, (_, reason) in zip(blocks, lead_in, judged, strict=True)
    ]
    region = clean_page.article_region(
        scores, kept, lead_in, list_item, headline, passable, closing, announcing
    )
    if region is None:
        return
    headed, last = region
    first = clean_tables.data_sheet(blocks, judged, led, headed)
    region = first, last
    table = clean_tables.table_end(blocks, judged, last)
    for index, (block, (cls, _)) in enumerate(zip(blocks, judged, strict=True)):
        if not first <= index <= table:
            if kept[index]:
                mark(block, "outside_article")
        elif kept[index] or cls is Class.BAD:
            continue
        elif (
            index > last
            or _article_line(block, cls)
            or led[index]
            or _framed_label(blocks, judged, list_item, index)
            or _broken_sentence(blocks, judged, list_item, index, stopwords)
        ):
            block.cls, block.reason = Class.GOOD, None
    if first == headed:  # a data sheet above the headline has no labels under it
        _drop_head_labels(blocks, passable, first, last)
    _take_lead(blocks, judged, region, stopwords)
    _keep_post_frame(blocks, judged)


def _keep_post_frame(blocks: list[Block], judged: list[tuple[Class, str | None]]) -> None:
    """A post's lines between its dateline and its share bar are the article, short as they are.

    Blogs frame every post alike: the headline, a dateline or byline ("Posted 3. Mai 2020 by
    Anna", "Verfasst von: Anna | 3. Mai 2020"), the post, then the share bar ("Teilen mit:",
    "Share this:") and the trailer (related posts, the comment form). A short post (a few
    lines of a poem, a link, a photo's labels) is worth less to the region than a sidebar's
    feed below the trailer, yet the frame says where it is. The frame counts only when no
    kept text stands above the bar and the trailer opens right below it (see
    `_trailer_opener`): the text kept below is then the trailer's or a sidebar's, and goes
    as the trailer. A share bar right under the dateline with the article below it (news
    pages put it there), a box of related links with the article's prose right below it
    (FRAME_BOX_LINES), or a date below the article's text, frames nothing.
    """
    frame = _post_frame(blocks, judged)
    if frame is None:
        return
    start, end = frame
    if any(block.cls is Class.GOOD for block in blocks[: end + 1]):
        return  # the region holds the post already, or the date stands below the article
    opener = _trailer_opener(blocks, judged, end)
    if opener is None:
        return
    if _article_below(blocks, opener):
        return
    for index in range(start + 1, end):
        block = blocks[index]
        if judged[index][1] is None and not block.navigation:
            block.cls, block.reason = Class.GOOD, None
    if start > 0 and _post_headline(blocks[start - 1], judged[start - 1][1]):
        blocks[start - 1].cls, blocks[start - 1].reason = Class.GOOD, None
    for block in blocks[opener:]:
        if block.cls is not Class.BAD:
            mark(block, "trailer")


def _article_below(blocks: list[Block], opener: int) -> bool:
    """Whether kept prose follows a post's trailer opener within FRAME_BOX_LINES, before a
    comment form or the trailer's next section: the opener heads a box of a few related
    links, and the article goes on below it."""
    for block in blocks[opener + 1 : opener + 1 + FRAME_BOX_LINES]:
        if _section_heading(block) or block.reason == "comment_form":
            return False
        if block.cls is Class.GOOD and block.prose:
            return True
    return False


def _trailer_opener(
    blocks: list[Block], judged: list[tuple[Class, str | None]], bar: int
) -> int | None:
    """Where the trailer opens right below a post's share bar: a related-posts heading or a
    comment form within FRAME_TRAILER_GAP lines, with only the bar's buttons and lines
    without a signal between, no kept text."""
    for index in range(bar + 1, min(len(blocks), bar + 1 + FRAME_TRAILER_GAP)):
        block, reason = blocks[index], judged[index][1]
        if reason in ("teaser", "comment_form"):
            return index
        if block.cls is Class.GOOD:
            return None
        if reason not in (None, "share", "ui_chrome") and not block.inline:
            return None
    return None


def _post_frame(
    blocks: list[Block], judged: list[tuple[Class, str | None]]
) -> tuple[int, int] | None:
    """(dateline, share bar) indexes of the page's one post frame (see `_keep_post_frame`).

    Above a share bar, within FRAME_LINES, the nearest dateline with at least one line
    between them, and no line with a signal of its own but widgets; a teaser list's dates
    come in a chain, so a dateline with another date line in the TEASER_PERIOD lines above
    it frames nothing. A page with more such frames (a list of posts) has none.
    """
    frames: dict[int, int] = {}  # dateline -> the first share bar below it
    for bar in range(len(blocks)):
        if not _share_bar(blocks, judged, bar):
            continue
        dateline = _dateline_above(blocks, judged, bar)
        if dateline is None or dateline in frames or blocks[dateline].reason in _WHOLE_PART_REASONS:
            continue
        window = range(max(0, dateline - clean_page.TEASER_PERIOD), dateline)
        if not any(_dateline(blocks[index], judged[index][1]) for index in window):
            frames[dateline] = bar
    return next(iter(frames.items())) if len(frames) == 1 else None


def _dateline_above(
    blocks: list[Block], judged: list[tuple[Class, str | None]], bar: int
) -> int | None:
    """The nearest dateline above the share bar at `bar`, lines without a signal or widgets
    between them (one at least), FRAME_LINES at most."""
    for index in range(bar - 1, max(-1, bar - 1 - FRAME_LINES), -1):
        block, reason = blocks[index], judged[index][1]
        if _dateline(block, reason):
            return index if index < bar - 1 else None
        if reason is not None and not block.inline:
            return None
    return None


def _post_headline(block: Block, reason: str | None) -> bool:
    """The post's headline right above its dateline: a heading of a few words, no signal."""
    return (
        reason is None
        and block.heading
        and not block.navigation
        and block.words >= clean_page.TITLE_WORDS
        and clean_page.headline_like(block.text)
    )


def _dateline(block: Block, reason: str | None) -> bool:
    """A post's dateline or byline: a short line with a date, no sentence."""
    if reason in ("date", "byline"):
        return True
    return (
        reason is None
        and block.length <= MAX_DATE_LENGTH
        and not block.prose
        and bool(clean_page.DATE_LINE.search(block.text))
    )


def _share_bar(blocks: list[Block], judged: list[tuple[Class, str | None]], index: int) -> bool:
    """A share prompt ("Teilen mit:", "Share this:") with a button or prompt below it."""
    block = blocks[index]
    if judged[index][1] not in ("share", "ui_chrome"):
        return False
    if not clean_words.SHARE_PROMPT.search(block.text):
        return False
    return any(
        reason in ("share", "ui_chrome")
        for _, reason in judged[index + 1 : index + 1 + FRAME_BAR_GAP]
    )


def _drop_head_labels(blocks: list[Block], passable: list[bool], first: int, last: int) -> None:
    """The labels between the headline and the text (a rubric, a byline's name, a "Photo"
    tab, which `clean_page.article_region` looks past for the headline) are page furniture,
    not the article's."""
    if passable[first] or not blocks[first].heading:
        return  # no headline above them: the region starts with a label or with text
    index = first + 1
    while index < min(last, first + 1 + clean_page.HEAD_GAP) and passable[index]:
        if blocks[index].cls is Class.GOOD:
            mark(blocks[index], "outside_article")
        index += 1


def _sign_off(block: Block, stopwords: frozenset[str]) -> bool:
    """A line in which the author speaks to the readers (a first or second person pronoun
    and SIGN_OFF_STOPWORDS function words: a sentence, maybe without its stop), not a
    heading set in capitals: below the last paragraph it is the article's sign-off."""
    words = [word.casefold() for word in _WORD.findall(block.text)]
    if len(words) <= SIGN_OFF_WORDS and clean_words.SIGN_OFF.search(block.text):
        return True
    return (
        not block.text.isupper()
        and sum(word in stopwords for word in words) >= SIGN_OFF_STOPWORDS
        and bool(clean_words.PERSONAL_VOICE.search(block.text))
    )


def _led_lines(blocks: list[Block], judged: list[tuple[Class, str | None]]) -> list[bool]:
    """Per block, whether it is a line of the list right below a lead-in ("Zutaten:").

    Such a list's entries (an ingredient, a feature, a name) are a few words each, as a
    menu's are; below the lead-in they are the article's, unless a run of menu lines or a
    part of the page removed as a whole holds them. Inline widgets are looked through. Below
    a lead-in sentence ("Gehen Sie dazu so vor:") an entry may be a longer line without a
    signal (a how-to's step, often without its full stop); a label's list ("Zutaten:") is of
    short lines only.
    """
    led = [False] * len(blocks)
    run: int | None = None  # lines of the current list so far; None outside a list
    steps = False  # the lead-in is a sentence ("Gehen Sie so vor:"): its items may be long
    for index, (block, (cls, reason)) in enumerate(zip(blocks, judged, strict=True)):
        if reason is None and block.text.endswith(":"):
            run, steps = 0, block.words >= clean_page.LEAD_IN_WORDS
        elif run is not None and not block.inline:
            item = cls is Class.SHORT or (steps and cls is Class.NEAR_GOOD)
            listed = item and reason is None and not block.menu
            if listed and block.reason not in _WHOLE_PART_REASONS and run < LED_LIST_LINES:
                run += 1
                led[index] = True
            else:
                run = None
    return led


def _take_lead(
    blocks: list[Block],
    judged: list[tuple[Class, str | None]],
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
        if block.cls is Class.GOOD:
            body |= _content_words(block.text, stopwords)
    for index in range(max(0, first - LEAD_WINDOW), first):
        block, (_, reason) = blocks[index], judged[index]
        if block.cls is Class.GOOD or block.reason == "trailer" or not _lead_like(block, reason):
            continue
        if index + 1 < len(blocks) and judged[index + 1][1] == "photo_credit":
            continue
        words = _content_words(block.text, stopwords)
        shared = len(words & body)
        if shared >= LEAD_SHARED and shared >= LEAD_SHARE * len(words):
            block.cls, block.reason = Class.GOOD, None


def _lead_like(block: Block, reason: str | None) -> bool:
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


def drop_teaser_lists(blocks: list[Block]) -> None:
    """On a whole page, kept lines of a list of teasers below the article go (see `clean_page`)."""
    marks = [clean_page.teaser_mark(block.text, prose=block.prose) for block in blocks]
    titles = [teaser_title(block) for block in blocks]
    kept = [block.cls is Class.GOOD for block in blocks]
    lengths = [block.length for block in blocks]
    # a date line is no title in a run of bare titles: dates between a chronicle's entries
    shapes = [
        clean_page.teaser_shape(
            block.text, title=title and block.reason != "date", prose=block.prose
        )
        for block, title in zip(blocks, titles, strict=True)
    ]
    for first, last in clean_page.teaser_lists(marks, titles, kept, lengths, shapes):
        if first > 0 and _list_heading(blocks[first - 1]):
            first -= 1
        for block in blocks[first : last + 1]:
            if block.cls is Class.GOOD:
                mark(block, "teaser")


def drop_teaser_links(blocks: list[Block], judged: list[tuple[Class, str | None]]) -> None:
    """The titles right under a related-stories heading ("Related", "Lesen Sie auch") are its
    links to other articles, wherever it stands, up to the next line of text.

    A title is a heading of TEASER_LINK_WORDS or more, a question too; a date or time line
    between titles is the list's too; removed lines without a signal and inline widgets are
    looked through. Any other kept line (a sentence, a one-word label) or a removed line with
    a signal of its own ends the list.
    """
    listing = False
    gap = 0  # removed lines looked through in a row
    for block, (cls, reason) in zip(blocks, judged, strict=True):
        if cls is Class.BAD and reason == "teaser" and _teaser_heading(block):
            listing, gap = True, 0
        elif block.cls is not Class.GOOD:
            gap += 1
            through = block.inline or (cls is not Class.BAD and block.reason is None)
            listing = listing and through and gap <= TEASER_LINK_GAP
        elif listing and _teaser_link(block):
            mark(block, "teaser")
            gap = 0
        else:
            listing = False


def _teaser_heading(block: Block) -> bool:
    """A related-stories heading alone on its line, not a single link to another article."""
    return (
        block.words <= TEASER_HEADING_WORDS
        and not block.prose
        and bool(clean_words.TEASER.match(block.text))
        and not clean_words.TEASER_END.search(block.text)
    )


def _teaser_link(block: Block) -> bool:
    """A linked title (a heading of a few words, a question) or a date line between titles."""
    if block.heading and block.words >= TEASER_LINK_WORDS:
        return True
    return block.length <= MAX_DATE_LENGTH and bool(clean_page.DATE_LINE.search(block.text))


def teaser_title(block: Block) -> bool:
    """A teaser's title: a heading of a few words; a quantity ("13 g Fett") is a table's row."""
    words = len(_TITLE_WORD.findall(block.text))
    return (block.heading or _item_title(block)) and words >= clean_page.TEASER_TITLE_WORDS


def _item_title(block: Block) -> bool:
    """A list item that reads as a title ("* Neue Radwege für die Innenstadt"): text browsers
    render a list of links to other stories as a bullet list, a browser's copy as bare lines."""
    return (
        block.bullet
        and block.length <= HEADING_MAX_LENGTH
        and not block.prose
        and not _ITEM_NOT_TITLE.search(block.text)
    )


def _list_heading(block: Block) -> bool:
    """A heading of a word or two right above a teaser list, with no text of its own, heads
    the list ("Mehr Lokales", "Latest"): it goes with it."""
    return block.heading and not block.prose and block.words < clean_page.TEASER_TITLE_WORDS


def _article_line(block: Block, cls: Class) -> bool:
    """A short line or a paragraph of prose with no signal of its own, not a menu's nor in a
    part of the page removed as a whole (the trailer, a footer far below)."""
    return (
        (cls is Class.SHORT or (cls is Class.NEAR_GOOD and block.prose))
        and block.reason not in _WHOLE_PART_REASONS
        and not block.menu
        and not _menu_like(block)
    )


def _framed_label(
    blocks: list[Block], judged: list[tuple[Class, str | None]], lines: list[bool], index: int
) -> bool:
    """A line of a few words with no signal between the article's lines (`lines`: kept, or
    taken back in the region), one of them a paragraph of prose: an example, a sub-head or a
    label of the article's, as a menu entry never stands alone next to its paragraphs."""
    if not 0 < index < len(blocks) - 1 or judged[index] != (Class.SHORT, None):
        return False
    neighbours = (index - 1, index + 1)
    paragraph = any(
        blocks[near].prose and judged[near][0] in (Class.GOOD, Class.NEAR_GOOD)
        for near in neighbours
    )
    framed = all(lines[near] for near in neighbours)
    return framed and paragraph and blocks[index].reason is None and not blocks[index].menu


def _broken_sentence(
    blocks: list[Block],
    judged: list[tuple[Class, str | None]],
    lines: list[bool],
    index: int,
    stopwords: frozenset[str],
) -> bool:
    """A line of prose cut off mid-sentence, on a function word ("an die", "of the"), whose
    sentence the article's next line ends: the page broke one sentence over two lines. A
    headline or a teaser's title does not end on a function word."""
    block = blocks[index]
    if index + 1 >= len(blocks) or judged[index] != (Class.NEAR_GOOD, None) or block.menu:
        return False
    cut = _LAST_WORD.search(block.text)
    return (
        cut is not None
        and len(cut.group(0)) <= CUT_WORD_LENGTH
        and cut.group(0) in stopwords
        and block.stopword_density >= GOOD_STOPWORDS
        and lines[index + 1]
        and blocks[index + 1].prose
    )


def _region_kind(block: Block, kept: bool, cls: Class, reason: str | None) -> str:
    """What `block` is to the region model, from the rules' verdict and its own signals."""
    if kept:
        if cls in (Class.GOOD, Class.NEAR_GOOD):
            return clean_page.KEPT_TEXT
        lead_in = block.words >= clean_page.LEAD_IN_WORDS and block.text.endswith(":")
        sentence = block.prose or lead_in or bool(clean_page.CREDIT_LINE.match(block.text))
        return clean_page.KEPT_SENTENCE if sentence else clean_page.KEPT_LINE
    if cls is Class.BAD:
        return clean_page.INLINE if reason in INLINE_REASONS else clean_page.BOILERPLATE
    if block.menu or _menu_like(block):
        return clean_page.MENU
    if cls is Class.NEAR_GOOD and block.prose and block.reason not in _WHOLE_PART_REASONS:
        return clean_page.DROPPED_TEXT
    return clean_page.REMOVED
