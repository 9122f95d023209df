"""Put back an article's lead (standfirst) that main-text extraction dropped.

News pages mark the paragraph under the headline as a lead, teaser, intro, abstract or
summary and often place it in the article's header, outside the body frame that trafilatura
extracts; trafilatura also discards every "teaser"-class block, since most teasers link to
other articles. Such a block is the article's lead when it holds prose without links and
stands right above the first lines extracted: it is then inserted before them.
"""

from __future__ import annotations

import re

from lxml import etree

# A class or id token that names a lead: "teaser-text", "article__intro", "entry-summary",
# "chapo" (French), "documentDescription". "leading-*" (line height) and "leader" are not.
_LEAD_NAME = re.compile(
    r"lead(?!ing|er)|lede|teaser|intro|abstract|standfirst|summary|excerpt|chapo|chapeau"
    r"|description|preface|subtitle|subline|subheadline|\bdek\b"
)
# Class/id words (whole, between "-", "_", spaces) of blocks that describe something else:
# the site or its author ("site-description", "author-box"), or an image or a player inside
# the lead ("image-description", "video-teaser"); the latter are also looked for one level up.
_SITE_WORDS = frozenset({"site", "blog", "logo", "author", "bio", "profile"})
_MEDIA_WORDS = frozenset(
    {"image", "images", "img", "photo", "photos", "picture", "media", "video", "player", "audio"}
    | {"gallery", "slide", "slider", "slideshow", "caption", "credit", "credits", "copyright"}
)
_NAME_PART = re.compile(r"[a-z]+")
# The page's own header (site name, tagline, top stories) versus an article's header.
_HEADER_WORDS = frozenset({"header", "masthead", "banner"})
_ARTICLE_WORDS = frozenset({"article", "entry", "post", "story", "content", "news", "detail"})
# Whole class names that hide an element ("field--label-hidden" hides only a label).
_HIDDEN_CLASSES = frozenset({"hide", "hidden", "is-hidden", "d-none", "invisible"})
_ARTICLE_TAGS = frozenset({"article", "main"})
_LIST_TAGS = frozenset({"ul", "ol", "dl", "table"})  # a list of teasers, not a lead
# Elements whose text is not the article's: links (related-article teasers are links),
# navigation, sidebars, forms, captions, list items of teaser lists, and non-text.
_NOT_ARTICLE = frozenset(
    {"a", "nav", "aside", "footer", "form", "button", "figure", "figcaption", "li", "select"}
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_MEDIA_TAGS = _SKIPPED | {"figure", "figcaption", "picture", "img", "video", "audio", "iframe"}
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br"}
)
_SPACE = re.compile(r"\s+")
# Lead-named elements, and paragraphs in a header (an article's header holds its lead).
_CANDIDATES = etree.XPath("//*[@class or @id] | //header//p")
_SENTENCE_END = re.compile(r"[.!?…][\"'“”»«)]*$")
MIN_HEADER_LEAD_WORDS = 8  # an unnamed paragraph in a header is a lead only as a sentence
MIN_LEAD_CHARS = 40  # a lead is a sentence or two, not a kicker ("Politik") or a date
MAX_LEAD_CHARS = 1500  # longer blocks are article bodies, which extraction judged already
MAX_LINK_SHARE = 0.2  # share of a lead's text that may sit in links (a source, a name)
LEAD_GAP = 300  # characters (without spaces) that may part the lead from the text: date, byline
LEAD_LINES = 3  # the lead goes before one of the first lines extracted (a kicker, a date)
MATCH_CHARS = 40  # characters (without spaces) that identify a line in the page


def with_lead(text: str, tree: etree._Element | None) -> str:
    """`text` (extracted from the page `tree`) with the page's dropped lead put back above it."""
    if tree is None or not text.strip():
        return text
    extracted = _squash(text)
    leads: dict[etree._Element, list[str]] = {}
    for element in _CANDIDATES(tree):
        named = _named_lead(element)
        if (named or _in_header(element)) and _may_be_lead(element):
            lead = _block_lines(element)
            if not named and not _is_sentence(" ".join(lead)):
                continue
            if _is_lead(element, _squash("".join(lead)), extracted):
                leads[element] = lead
    if not leads:  # most pages: the page is walked as a whole only when it has a lead
        return text
    flat, spans = _flatten(tree, leads)
    lines = text.split("\n")
    starts = _line_starts(lines, flat)
    for element, lead in leads.items():  # in the page's order: an outer lead before its parts
        if element not in spans:  # inside a script or style: no text of the page
            continue
        index = _insertion(starts, spans[element][1])
        if index is not None:
            lines[index:index] = lead
            return "\n".join(lines)
    return text


def _in_header(element: etree._Element) -> bool:
    """Whether the element is a paragraph inside a header element."""
    return element.tag == "p" and any(up.tag == "header" for up in element.iterancestors())


def _is_sentence(text: str) -> bool:
    """Whether a header paragraph reads as a sentence (a lead), not a byline or a date."""
    return len(text.split()) >= MIN_HEADER_LEAD_WORDS and bool(_SENTENCE_END.search(text))


def _squash(text: str) -> str:
    """Text without any whitespace: inline markup and extraction space words differently."""
    return _SPACE.sub("", text)


def _flatten(
    tree: etree._Element, wanted: dict[etree._Element, list[str]]
) -> tuple[str, dict[etree._Element, tuple[int, int]]]:
    """The page's text without whitespace, and the span in it of each `wanted` element."""
    pieces: list[str] = []
    length = 0
    spans: dict[etree._Element, tuple[int, int]] = {}
    starts: dict[etree._Element, int] = {}
    skipping: etree._Element | None = None
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if skipping is None and element.tag in _SKIPPED:
                skipping = element
            if skipping is None:
                starts[element] = length
                piece = _squash(element.text or "")
                pieces.append(piece)
                length += len(piece)
            continue
        if skipping is element:
            skipping = None
        elif skipping is None and element in wanted:
            spans[element] = (starts[element], length)
        if skipping is None:
            piece = _squash(element.tail or "")
            pieces.append(piece)
            length += len(piece)
    return "".join(pieces), spans


def _names(element: etree._Element) -> str:
    """An element's class and id."""
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _named_lead(element: etree._Element) -> bool:
    """Whether the element's class or id names it a lead."""
    return bool(_LEAD_NAME.search(_names(element).lower()))


def _name_words(element: etree._Element) -> set[str]:
    """The words of an element's class and id, lower-cased ("teaser-text" -> teaser, text)."""
    return set(_NAME_PART.findall(_names(element).lower()))


def _may_be_lead(element: etree._Element) -> bool:
    """A block inside no widget, list, image or page header, and named for no other thing."""
    if element.tag in _NOT_ARTICLE or element.tag in _LIST_TAGS or element.tag in _SKIPPED:
        return False
    if _name_words(element) & (_SITE_WORDS | _MEDIA_WORDS):
        return False
    parent = element.getparent()
    if parent is not None and _name_words(parent) & _MEDIA_WORDS:
        return False
    if any(up.tag in _NOT_ARTICLE or up.tag in _SKIPPED for up in element.iterancestors()):
        return False
    if any(_hidden(up) for up in (element, *element.iterancestors())):
        return False
    return not _in_page_header(element)


def _hidden(element: etree._Element) -> bool:
    """Whether the page hides the element (a dialog, a collapsed box), as trafilatura judges."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
        or not _HIDDEN_CLASSES.isdisjoint((element.get("class") or "").lower().split())
    )


def _is_lead(element: etree._Element, squashed: str, extracted: str) -> bool:
    """Link-free prose of a lead's length that extraction left out; the innermost such block."""
    if not MIN_LEAD_CHARS <= len(squashed) <= MAX_LEAD_CHARS:
        return False
    if squashed[:MATCH_CHARS] in extracted:
        return False
    if any(_named_lead(inner) and _has_text(inner) for inner in element.iterdescendants()):
        return False  # the innermost lead-named block is the lead, not its whole header
    linked = sum(len(_squash(_text(link))) for link in element.iter("a"))
    return linked <= MAX_LINK_SHARE * len(squashed)


def _in_page_header(element: etree._Element) -> bool:
    """Whether the element sits in the page's header, outside any article or main element."""
    header = False
    for up in element.iterancestors():
        if up.tag in _ARTICLE_TAGS:
            return False
        if up.tag in ("body", "html"):
            break
        words = _name_words(up)
        if (up.tag == "header" or words & _HEADER_WORDS) and not words & _ARTICLE_WORDS:
            header = True
    return header


def _has_text(element: etree._Element) -> bool:
    """Whether an element holds enough text to be a lead of its own."""
    return isinstance(element.tag, str) and len(_squash(_text(element))) >= MIN_LEAD_CHARS


def _text(element: etree._Element) -> str:
    """An element's text, without scripts and styles."""
    return " ".join(
        piece
        for node in element.iter()
        if isinstance(node.tag, str) and node.tag not in _SKIPPED
        for piece in (node.text, node.tail if node is not element else None)
        if piece
    )


def _line_starts(lines: list[str], flat: str) -> list[tuple[int, int | None]]:
    """Where each of the first extracted lines starts in the page's flat text (None: unknown)."""
    starts: list[tuple[int, int | None]] = []
    for index, line in enumerate(lines):
        key = _squash(line)[:MATCH_CHARS]
        if key:
            position = flat.find(key)
            starts.append((index, position if position >= 0 else None))
        if len(starts) == LEAD_LINES:
            break
    return starts


def _insertion(starts: list[tuple[int, int | None]], end: int) -> int | None:
    """The line the lead ending at `end` goes before, if it stands right above the text.

    That is the first extracted line found below the lead in the page; the lines above it
    (a kicker, a date) must stand above the lead. The nearest of the first lines below the
    lead must follow it within LEAD_GAP (extraction may move a sub-head to the top).
    """
    for order, (index, position) in enumerate(starts):
        if position is None or position < end:
            continue
        if not _leading(starts, index, end):
            return None
        below = [later for _, later in starts[order:] if later is not None and later >= end]
        return index if min(below) - end <= LEAD_GAP else None
    return None


def _leading(starts: list[tuple[int, int | None]], index: int, end: int) -> bool:
    """Whether every extracted line above line `index` stands above the lead in the page."""
    return all(position is not None and position < end for line, position in starts if line < index)


def _block_lines(element: etree._Element) -> list[str]:
    """The lead's text, one line per paragraph or list item; images and captions left out."""
    parts: list[list[str]] = [[element.text or ""]]
    _walk(element, parts)
    lines = (_SPACE.sub(" ", " ".join(part)).strip() for part in parts)
    return [line for line in lines if line]


def _walk(node: etree._Element, parts: list[list[str]]) -> None:
    """Add the text under `node` to `parts`, starting a new part at each block element."""
    for child in node:
        if isinstance(child.tag, str) and not _is_media(child):
            block = child.tag in _BLOCKS
            if block:
                parts.append([])
            parts[-1].append(child.text or "")
            _walk(child, parts)
            if block:
                parts.append([])
        parts[-1].append(child.tail or "")


def _is_media(element: etree._Element) -> bool:
    """An image, player, caption or script inside the lead: not its text."""
    return element.tag in _MEDIA_TAGS or bool(_name_words(element) & _MEDIA_WORDS)
