"""What follows the article's last long paragraph: author boxes and the site's own notes.

Below the article, pages put a box about its author ("Erika Muster ist Redakteurin ..."), the
site's notes on itself (its newsletter, an appeal for support, "Über uns"), a press contact
and links to more of the site. They read as sentences, so the context rules keep them; what
gives them away is their place (after the last long paragraph) and what they talk about.
"""

from __future__ import annotations

import re

from wiredesk import clean_words
from wiredesk.clean_blocks import ALNUM, GOOD_LENGTH, TERMINAL, Block, Class, mark
from wiredesk.clean_bounds import TEASER_LINK_GAP, teaser_title

MAX_BIO_LENGTH = 600  # an author box's bio is a few sentences
MAX_SITE_NOTE_LENGTH = 400  # a site's note on itself below the article is a few sentences
MAX_MAIL_NOTE_LENGTH = 300  # ... its offer of a newsletter or to write to it, one or two
MAX_SITE_LINK_LENGTH = 100  # ... a link to it by its address, a few words
MAX_CONTACT_HEADING_LENGTH = 60  # a contact box's heading is a few words
TITLE_GAP = TEASER_LINK_GAP  # removed lines between the titles under a heading over links
BIO_NAME_DISTANCE = 3  # ... under the author's name, with a role line between at most
MAX_AUTHOR_NAME_LENGTH = 40  # an author box's name line: a name, a title, an agency at most
AUTHOR_BOX_GAP = 2  # removed lines (a mail button, a photo credit) inside an author box
_BIO_OPENING = re.compile(
    r"^(?:[A-ZÀ-ÝŁŚŻŹĆ][\w'’.-]+\s+){1,3}"
)  # "Anna Beispiel", "Dr. Jan Muster"
_FUNCTION_WORDS = clean_words.STOPWORDS_DE | clean_words.STOPWORDS_EN  # "Der", "The": no name


def _is_author_bio(block: Block) -> bool:
    """A short third-person note on who the author is ("X ist Redakteurin im Ressort ...")."""
    return block.length <= MAX_BIO_LENGTH and bool(clean_words.AUTHOR_BIO.match(block.text))


def drop_author_bios(blocks: list[Block]) -> None:
    """Author bios after the article's last long paragraph, or right under the author's name
    alone on a line (readers' comments may follow), are the author box, not the article.

    A sentence about a person inside the body stands before a long paragraph and stays.
    """
    bios = [block.cls is Class.GOOD and _is_author_bio(block) for block in blocks]
    longs = _long_paragraphs(blocks, bios)
    if not longs:
        return
    for index, block in enumerate(blocks):
        if index <= longs[0] or not bios[index]:
            continue
        if index > longs[-1] or _under_author_name(blocks, index):
            mark(block, "author_box")


def drop_named_boxes(blocks: list[Block]) -> None:
    """A sentence below the article's last long paragraph that opens with the name alone on a
    line just above it is a box about that name (the author, the site), not the article.

    Author boxes and site footers show the name as a heading, then a note that repeats it
    ("Erika Muster" / "Erika Muster studierte ..."); in the body a name is no line of its own.
    """
    named = [_opens_with_name_above(blocks, index) for index in range(len(blocks))]
    longs = _long_paragraphs(blocks, named)
    if not longs:
        return
    for index in range(longs[-1] + 1, len(blocks)):
        if named[index]:
            mark(blocks[index], "author_box")


def drop_site_notes(blocks: list[Block], *, page: bool) -> None:
    """Below the article's last long paragraph, a short note in which the site speaks of its
    own media ("Wie gefällt Ihnen unsere Website?", "Support our journalism") or offers its
    newsletter or mail ("Die wichtigsten News direkt in dein Postfach") is its box.

    Quoted speech is left out: a source may speak of "unsere Redaktion" in the article. On
    a whole page, a link to a site by its address goes too (see `_site_link`).
    """
    notes = [
        _site_note(block.text, page=page) if block.cls is Class.GOOD else None for block in blocks
    ]
    longs = _long_paragraphs(blocks, [note is not None for note in notes])
    if not longs:
        return
    for index in range(longs[-1] + 1, len(blocks)):
        reason = notes[index]
        if reason is not None:
            mark(blocks[index], reason)
            if reason == "teaser":
                _drop_titles_under(blocks, index)


def _drop_titles_under(blocks: list[Block], index: int) -> None:
    """The titles right under a heading over links to more of the site ("Mehr zum Thema auf
    beispiel.de:") are those links, as under a related-stories heading (see
    `clean_bounds.drop_teaser_links`): kept titles of three words or more go, removed lines
    between them looked through, up to the first other kept line (a sentence, a label, a
    sub-heading of two words such as "Weiterführende Links" over the article's own)."""
    gap = 0
    for block in blocks[index + 1 :]:
        if block.cls is not Class.GOOD:
            gap += 1
            if gap > TITLE_GAP:
                return
        elif teaser_title(block):
            mark(block, "teaser")
            gap = 0
        else:
            return


def drop_contact_box(blocks: list[Block], *, page: bool) -> None:
    """Below the article's last long paragraph, a contact heading ("Pressekontakt",
    "Ansprechpartnerin") starts the press office's or the site's contact box, and a heading
    such as "Über uns" or "Weitere Informationen" a box on the site or of further links: it
    and the kept text after it (names, addresses, the organisation's boilerplate) go. The
    latter only on a whole `page`: an extracted article's "Mehr Infos" line is its own."""
    longs = _long_paragraphs(blocks, [False] * len(blocks))
    if not longs:
        return
    for index in range(longs[-1] + 1, len(blocks)):
        reason = _box_heading(blocks[index], page=page)
        if reason is not None:
            for rest in blocks[index:]:
                if rest.cls is Class.GOOD:
                    mark(rest, reason)
            return


def drop_author_headed_boxes(blocks: list[Block]) -> None:
    """An author-box heading alone on a line ("Über den Autor", "Autoreninfo", "Author"), the
    author's name under it and a note on the author go, wherever they stand: the heading
    announces the box, so no place below the article is asked for. A heading with neither a
    name nor a note under it stays (it may be a menu's link).

    The note must read as one on a person (the name, or a name's capitals, then "ist", "leitet",
    "writes about"; see `_bio_note`): under a byline's "Autor" / "Erika Muster" above the
    article, the article's first paragraph stays.
    """
    for index, block in enumerate(blocks):
        if block.cls is not Class.GOOD or not _author_heading(block):
            continue
        following = _kept_after(blocks, index)
        name = None
        if following and _name_line(blocks[following[0]]):
            name = following.pop(0)
        bio = following[0] if following and _bio_note(blocks, following[0], name) else None
        if bio is None and name is None:
            continue
        for box in (index, name, bio):
            if box is not None:
                mark(blocks[box], "author_box")


def _author_heading(block: Block) -> bool:
    """The heading of an author box, its words alone ("Über den Autor:", "AUTOR")."""
    return (
        block.length <= MAX_CONTACT_HEADING_LENGTH
        and not TERMINAL.search(block.text)
        and _alone(clean_words.AUTHOR_HEADING, block.text)
    )


def _kept_after(blocks: list[Block], index: int) -> list[int]:
    """The next two kept blocks after `index`, with AUTHOR_BOX_GAP removed lines between at
    most."""
    kept: list[int] = []
    gap = 0
    for after in range(index + 1, len(blocks)):
        if blocks[after].cls is Class.GOOD:
            kept.append(after)
            gap = 0
            if len(kept) == 2:
                break
        else:
            gap += 1
            if gap > AUTHOR_BOX_GAP:
                break
    return kept


def _name_line(block: Block) -> bool:
    """A short line that is no sentence: the author's name ("Dr. Erika Muster", "Jan Muster,
    dpa")."""
    return (
        block.length <= MAX_AUTHOR_NAME_LENGTH
        and not block.prose
        and not TERMINAL.search(block.text.rstrip(","))
    )


def _bio_note(blocks: list[Block], index: int, name: int | None) -> bool:
    """A short note on a person: it opens with the name line's words or with a name (two or
    three capitalised words, no article: "Der Gemeinderat hat" is none) and a bio verb, or
    with the bio verb alone ("ist Gründungspartner ..."), or reads as an author bio
    (`_is_author_bio`)."""
    block = blocks[index]
    if block.length > MAX_BIO_LENGTH:
        return False
    text = block.text
    if _is_author_bio(block):
        return True
    if name is not None and text.startswith(blocks[name].text.rstrip(",") + " "):
        rest = text[len(blocks[name].text.rstrip(",")) + 1 :]
        return bool(clean_words.BIO_VERB.match(rest))
    if text[:1].islower():
        return bool(clean_words.BIO_VERB.match(text))
    opening = _BIO_OPENING.match(text)
    if opening is None or not clean_words.BIO_VERB.match(text[opening.end() :]):
        return False
    words = opening.group(0).lower().split()
    return len(words) > 1 and not set(words) & _FUNCTION_WORDS  # "Der Gemeinderat hat" is none


def _long_paragraphs(blocks: list[Block], boxed: list[bool]) -> list[int]:
    """Indexes of the article's long kept paragraphs, leaving out those a rule takes for a
    box (`boxed`): a long bio is no paragraph of the article."""
    return [
        index
        for index, (block, box) in enumerate(zip(blocks, boxed, strict=True))
        if block.cls is Class.GOOD and block.length >= GOOD_LENGTH and not box
    ]


def _box_heading(block: Block, *, page: bool) -> str | None:
    """The kind of box a heading starts: a contact box ("contact_box"), a box on the site or
    of further information ("info_box"), or None."""
    if block.length > MAX_CONTACT_HEADING_LENGTH or block.prose or TERMINAL.search(block.text):
        return None  # a sentence ("Contact with the crew was lost") is the article's
    if _alone(clean_words.CONTACT_HEADING, block.text):
        return "contact_box"
    if page and _alone(clean_words.INFO_HEADING, block.text):
        return "info_box"
    return None


def _alone(heading: re.Pattern[str], text: str) -> bool:
    """Whether `text` is the heading's words alone, with a colon at most ("Pressekontakt:")."""
    match = heading.match(text)
    return match is not None and not ALNUM.search(text[match.end() :])


def _site_note(text: str, *, page: bool) -> str | None:
    """Whether a short text is the site's note on its own media ("site_note"), on its
    newsletter and mail ("newsletter"), an appeal to the reader for support ("commercial")
    or a heading over links to more of the site and, on a whole `page`, a link to a site
    ("teaser"), quoted speech left out; None if none of them."""
    if len(text) > MAX_SITE_NOTE_LENGTH:
        return None
    unquoted = clean_words.QUOTED.sub(" ", text)
    reported = bool(clean_words.REPORTED.search(unquoted))  # a source speaks, not the site
    if clean_words.SITE_NOTE.search(unquoted) and not reported:
        return "site_note"
    if page and len(text) <= MAX_SITE_LINK_LENGTH and _site_link(text):
        return "teaser"
    if len(text) <= MAX_CONTACT_HEADING_LENGTH and _more_heading(text):
        return "teaser"
    if len(text) > MAX_MAIL_NOTE_LENGTH:
        return None
    reader = bool(clean_words.ADDRESS.search(unquoted) or clean_words.INFORMAL.search(unquoted))
    offer = reader or not TERMINAL.search(text) or text.rstrip().endswith("!")
    # "sent by email", "in the council's newsletter": news about mail, unless it offers it
    if clean_words.MAIL_NOTE.search(unquoted) and offer and not reported:
        return "newsletter"
    appeal = clean_words.SUPPORT_APPEAL.search(unquoted) and (
        reader or clean_words.SUPPORT_US.search(unquoted)  # "Unterstütze uns", "our work"
    )
    if appeal and not reported:
        return "commercial"  # an appeal for donations, as the vocabulary counts one
    return None


def _more_heading(text: str) -> bool:
    """A heading, not a sentence, over links to more of the site ("Mehr aus der Sendung")."""
    return bool(clean_words.MORE_HEADING.match(text)) and not TERMINAL.search(text)


def _site_link(text: str) -> bool:
    """A line, not a sentence, that links to a site by its address among other words ("Mehr
    zum Thema auf beispiel.de", "beispiel.de auf Instagram"); a bare address may be the
    article's (a venue's website under its description), a handle or a mail address a
    credit's or a contact's."""
    address = clean_words.WEB_ADDRESS.search(text)
    return (
        address is not None
        and address.group(0) != text
        and "@" not in text
        and not TERMINAL.search(text)
    )


def _opens_with_name_above(blocks: list[Block], index: int) -> bool:
    """A kept sentence that opens with the words of a name line up to BIO_NAME_DISTANCE above
    and goes on as a note on a person does ("... studierte", "... is"; see `BIO_VERB`): a
    sub-head repeated by its paragraph ("New Rules" / "New Rules will apply") is no name."""
    block = blocks[index]
    if block.cls is not Class.GOOD or not block.prose:
        return False
    return any(
        clean_words.NAME_LINE.match(above.text)
        and block.text.startswith(above.text + " ")
        and bool(clean_words.BIO_VERB.match(block.text[len(above.text) + 1 :]))
        for above in blocks[max(0, index - BIO_NAME_DISTANCE) : index]
    )


def _under_author_name(blocks: list[Block], index: int) -> bool:
    """The bio stands right under its author's name alone on a line, as in an author box."""
    bio = blocks[index].text
    subjectless = bio.split()[0].lower() in clean_words.BIO_SUBJECTLESS
    return any(
        clean_words.NAME_LINE.match(above.text) and (subjectless or bio.startswith(above.text))
        for above in blocks[max(0, index - BIO_NAME_DISTANCE) : index]
    )
