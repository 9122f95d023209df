"""Split article text into paragraphs and sentences, tuned for German (and English) news.

Translation models work sentence by sentence, so a wrong split shows up directly in the output:
"Maj. | Gen. Pat Ryder" or "am Donnerstag (24. | Oktober)" would be translated as fragments.
The splitter is rule based: every space after sentence-final punctuation is a candidate, and
small rules look at the token before and the word after it (abbreviations, initials, German
ordinals and dates, quotes, parentheses). Every step is linear in the input and looks at a
bounded window, so untrusted megabyte-long lines cannot make it slow.

Whitespace is normalised (runs become one space), except that a lone no-break or thin space
between two digits is kept, so "10 000" (a digit-grouping space) still reads as one number.
Apart from that, splitting never drops, adds or reorders characters:
`" ".join(split_sentences(p)) == normalize_space(p)`, and paragraphs join back the same way,
except that a hyphen ending a wrapped line joins without a space ("Ad-\nBlocker").
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from wiredesk.schema import Paragraph

__all__ = [
    "is_heading",
    "normalize_space",
    "segment",
    "split_paragraphs",
    "split_sentences",
]

# --- characters ------------------------------------------------------------------------------

_TERMINALS = frozenset(".!?…‽")
# Quotes and brackets that may close a sentence after its punctuation: `bedroht.“ Seoul`.
# “ closes German quotes and opens English ones, so it is in both sets; » and « likewise.
_CLOSERS = frozenset("\"'”“’‘»«›‹)]")
_OPENERS = frozenset("\"'„“‚‘»«›‹([")
_CLOSER_CHARS = "".join(sorted(_CLOSERS))  # for str.rstrip
_OPENER_CHARS = "".join(sorted(_OPENERS))  # for str.lstrip
# Spaces that keep digit groups together ("10 000"); kept when alone between two digits.
_DIGIT_GROUP_SPACES = "\u00a0\u202f\u2009\u2007"

_MAX_CLOSERS = 3  # `.“)` is common, more is noise
_MAX_OPENERS = 3
_TOKEN_WINDOW = 64  # how far the rules look back/forward for a token
_MAX_TERMINAL_RUN = 8  # "?!?!" or "...": a longer run is looked at only this far
_MAX_PAREN_SPAN = 600  # a parenthesis left open longer than this protects nothing

_DIGIT_GROUP_SPACE = re.compile(rf"(?<=\d)([{_DIGIT_GROUP_SPACES}])(?=\d)")
# A possible sentence end: punctuation, closing quotes, one space, opening quotes, then a word
# that does not start in lower-case ASCII (the rules look closer). Every repeat is bounded, so
# matching stays linear; the word is consumed, but a word never holds the next candidate.
_CANDIDATE = re.compile(
    rf"([{re.escape(''.join(sorted(_TERMINALS)))}]{{1,{_MAX_TERMINAL_RUN}}})"
    rf"([{re.escape(_CLOSER_CHARS)}]{{0,{_MAX_CLOSERS}}}) "
    rf"([{re.escape(_OPENER_CHARS)}]{{0,{_MAX_OPENERS}}})"
    rf"([^\W_a-z][\w'’-]{{0,{_TOKEN_WINDOW}}})"
)
_ALNUM = re.compile(r"[^\W_]")
_LETTER = re.compile(r"[^\W\d_]")
_BRACKETS = re.compile(r"[()\[\]]")
_BULLET_ITEM = re.compile(r"[•◦▪▸►‣⁃·*–—-] ")
_LIST_ITEM = re.compile(r"(?:[•◦▪▸►‣⁃·*–—-]|\d{1,3}[.)]|[a-zA-Z]\)) ")
_ROMAN = re.compile(r"(?=[IVXLC]{2,7}$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

# --- paragraph and heading limits ------------------------------------------------------------

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 18
_WRAP_MAX_WIDTH = 100  # a block whose lines are all at most this long may be hard-wrapped
# A line of such a block is wrapped when the next word would not have fitted on it, give or
# take this slack (wrapping tools and proportional fonts do not fill lines exactly).
_WRAP_SLACK_MIN = 8
_WRAP_SLACK_SHARE = 0.15
_WRAP_MIN_WIDTH = 40  # narrower blocks are lists or verse, not wrapped prose

# --- language data ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string, so long lists stay readable."""
    return frozenset(text.split())


# Three kinds of abbreviation (all compared in lower case, without the final period):
# - never final: titles and mid-sentence abbreviations ("Dr.", "Maj. Gen.", "z.B.", "bzw.");
# - maybe final: may end a sentence ("usw.", "Inc.", "Mio."); an end only when a typical
#   sentence opener follows ("usw. Die" ends, "Mio. Euro" does not);
# - before numbers: words that are also abbreviations before a number ("Art. 5", "No. 3").

_GENERIC_NEVER_FINAL = _words(
    """
    mr mrs ms messrs mme mlle dr drs prof profs st gen gens maj col lt capt cpt sgt cpl pvt
    adm brig cmdr cdr gov sen rep rev hon pres supt insp vs ca approx nr mt cf viz
    """
)
_GENERIC_MAYBE_FINAL = _words("""etc inc ltd co corp jr sr bros plc al a.m p.m""")
_GENERIC_BEFORE_NUMBER = _words(
    """no nos vol vols art fig figs p pp abs bd kap s tab abb ziff sec ch para tel"""
)

_DE_NEVER_FINAL = _words(
    """
    hr hrn fr frl dipl ing mag med jur phil rer nat habil dres bzw vgl ggf evtl eventl inkl
    exkl zzgl sog bspw insb insbes bzgl gem oberstlt obstlt hptm kpt oblt uffz stv stellv abg
    präs ehem dt engl franz russ österr geb gest verh hl str mind sen
    """
)
_DE_MAYBE_FINAL = _words(
    """
    usw usf ff mio mrd tsd std min sek jh jhd chr u.ä o.ä u.v.m v.chr n.chr u.s.w d.j
    jan feb mär mrz apr jun jul aug sep sept okt nov dez
    """
)
_EN_NEVER_FINAL = _words("""govs sens reps atty univ assn""")
_EN_MAYBE_FINAL = _words(
    """ave blvd rd dept govt jan feb mar apr jun jul aug sep sept oct nov dec"""
)

_DE_MONTHS = _words(
    """
    Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember
    Jan Feb Mär Mrz Apr Jun Jul Aug Sep Sept Okt Nov Dez
    """
)

# Words that typically open a German sentence. After "usw." or an ordinal-looking "12." they
# mean a new sentence begins; any other capitalised word is taken to continue the sentence.
_DE_STARTERS = _words(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Kein Keine Keiner Ich Du Er Sie
    Es Wir Ihr Man Jemand Niemand Alle Alles Beide Viele Einige Manche Mehrere Wenige Jeder
    Jede Jedes Dies Diese Dieser Dieses Diesen Diesem Jene Jener Solche Sein Seine Seiner Ihre
    Ihrer Unser Unsere Mein Meine Dessen Deren Welche Welcher Welches Was Wer Wem Wen Wessen
    Wo Wann Wie Warum Weshalb Wieso Woher Wohin Womit Und Oder Aber Doch Denn Sondern Sowie
    Weder Entweder Als Wenn Falls Ob Obwohl Weil Da Dass Damit Während Nachdem Bevor Seit
    Seitdem Sobald Solange Trotzdem Dennoch Jedoch Allerdings Außerdem Zudem Ferner Deshalb
    Deswegen Daher Darum Somit Also Folglich Stattdessen Vielmehr Zwar Nur Auch Noch Schon
    Bereits Erst Dann Danach Davor Dabei Dafür Dagegen Daraufhin Darauf Darüber Dazu Dort Hier
    Heute Gestern Morgen Jetzt Nun Inzwischen Mittlerweile Zuletzt Zuvor Später Früher Bislang
    Bisher Insgesamt Zunächst Zuerst Schließlich Immerhin Offenbar Laut Nach Vor Bei Mit Von
    Zu Zum Zur In Im Ins Am An Auf Aus Für Gegen Ohne Um Unter Über Durch Trotz Wegen Bis
    Neben Zwischen Hinter Angesichts Aufgrund Gemäß So Ja Nein Nicht Wir Unterdessen
    Demnach Ebenso Gleichzeitig Zugleich Dagegen Hingegen Vermutlich Wahrscheinlich
    """
)
_EN_STARTERS = _words(
    """
    The A An This That These Those There Here It He She They We I You His Her Its Their Our
    My Your But And Or So Yet However Meanwhile Also In On At For From With By After Before
    While When If As Since Although Though Because Despite During Under Over About According
    Some Many Most All Both Each Every No Not One Two Three Then Now Today Yesterday Later
    Earlier Still What Who Why How Where Which Officials Such Other Another Last Next
    """
)
# Lower-case words a heading never ends with; a line ending in one of them is wrapped text.
# German prepositions that double as verb particles ("sichert ... zu", "kündigt ... an") are
# left out: headlines often end with them.
_FUNCTION_WORDS = _words(
    """
    der die das den dem des ein eine einen einem einer eines und oder sowie dass von vom zum
    zur im ins am beim für gegen ohne the a an and or of that
    """
)
# Words after a hyphen at a line end that show a suspended compound ("Raketen-\nund
# Atomprogramm" keeps its space); before any other word the hyphen joins ("Ad-\nBlocker").
_SUSPENDED_HYPHEN_WORDS = _words("und oder bis sowie als wie noch bzw and or to nor")
# Languages that write ordinals as "3." ("am 3. Oktober"); a small number + "." there is
# often not a sentence end.
_ORDINAL_LANGUAGES = _words("de da no nb nn fi pl cs sk sl hr sr bs hu tr et lv lt is")


@dataclass(frozen=True, slots=True)
class _Rules:
    """Abbreviation lists and word lists for one language."""

    code: str
    never_final: frozenset[str]
    maybe_final: frozenset[str]
    before_number: frozenset[str]
    starters: frozenset[str] | None  # None: any capitalised word may open a sentence
    months: frozenset[str]
    ordinals: bool


@lru_cache(maxsize=32)
def _rules_for(language: str) -> _Rules:
    """The rules for a language tag ("de", "de-DE", "EN"); unknown languages get generic rules."""
    code = _primary_subtag(language)
    never, maybe = set(_GENERIC_NEVER_FINAL), set(_GENERIC_MAYBE_FINAL)
    starters: frozenset[str] | None = None
    months: frozenset[str] = frozenset()
    if code == "de":
        never |= _DE_NEVER_FINAL
        maybe |= _DE_MAYBE_FINAL
        starters, months = _DE_STARTERS, _DE_MONTHS
    elif code == "en":
        never |= _EN_NEVER_FINAL
        maybe |= _EN_MAYBE_FINAL
        starters = _EN_STARTERS
    return _Rules(
        code=code,
        never_final=frozenset(never),
        maybe_final=frozenset(maybe),
        before_number=_GENERIC_BEFORE_NUMBER,
        starters=starters,
        months=months,
        ordinals=code in _ORDINAL_LANGUAGES,
    )


def _primary_subtag(language: str) -> str:
    """The language part of a tag: "de-DE" and "de_AT" give "de"."""
    return language.strip().lower().replace("_", "-").split("-", 1)[0]


# --- whitespace ------------------------------------------------------------------------------


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and trim, keeping digit-group spaces ("10 000").

    A lone no-break or thin space between two digits stays as it is; every other run of
    whitespace (as `str.split` sees it) becomes one ordinary space.
    """
    if not any(space in text for space in _DIGIT_GROUP_SPACES):
        return " ".join(text.split())
    parts = _DIGIT_GROUP_SPACE.split(text)  # text, kept space, text, ...: digits at every seam
    parts[::2] = [" ".join(part.split()) for part in parts[::2]]
    return "".join(parts)


# --- sentences -------------------------------------------------------------------------------


def split_sentences(paragraph: str, *, language: str = "de") -> list[str]:
    """The sentences of one paragraph, whitespace-normalised; joined with spaces they give it back.

    Only spaces are split points, so numbers ("10.000", "3.5"), URLs and "V.Blanchet" stay whole.
    """
    text = normalize_space(paragraph)
    return _split_normalized(text, _rules_for(language)) if text else []


def _split_normalized(text: str, rules: _Rules) -> list[str]:
    """`split_sentences` for text that is already whitespace-normalised and not empty."""
    first = _CANDIDATE.search(text)
    if first is None:
        return [text]
    protected = _paren_spans(text) if "(" in text or "[" in text else []
    sentences: list[str] = []
    start = 0
    span_index = 0
    for match in _CANDIDATE.finditer(text, first.start()):
        space = match.start(3) - 1
        while span_index < len(protected) and protected[span_index][1] <= space:
            span_index += 1
        if span_index < len(protected) and protected[span_index][0] < space:
            continue  # inside a parenthesis: "(Dr. Kim sagte: Nein. Nie.)" stays together
        if _is_boundary(text, match, rules):
            sentences.append(text[start:space])
            start = space + 1
    sentences.append(text[start:])
    return sentences


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """Matched (...) and [...] pairs no longer than `_MAX_PAREN_SPAN`, merged, in order.

    Openers further back than the limit are forgotten, so the work and memory stay bounded.
    """
    spans: list[tuple[int, int]] = []
    stack: deque[tuple[str, int]] = deque()
    for match in _BRACKETS.finditer(text):
        char, pos = match.group(0), match.start()
        while stack and pos - stack[0][1] >= _MAX_PAREN_SPAN:
            stack.popleft()
        if char in "([":
            stack.append((char, pos))
        elif stack and stack[-1][0] == ("(" if char == ")" else "["):
            spans.append((stack.pop()[1], pos + 1))
        # a closer that matches nothing open is a typo or a list marker ("1)"): ignored
    return _merge_spans(spans)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same positions as `spans`."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _is_boundary(text: str, match: re.Match[str], rules: _Rules) -> bool:
    """Whether a `_CANDIDATE` match (punctuation, quotes, a space, a word) ends a sentence."""
    run_start = match.start()
    if run_start > 0 and text[run_start - 1] in "([":
        return False  # "(!)", "[…]": a remark or an omission, not an end
    word = match.group(4)
    if word[0].islower():
        return False  # "„Was nun?“ fragte er": the sentence goes on
    following = _Next(word[0], word, dotted=text.startswith(".", match.end()))
    terminal = match.group(1)
    if "." not in terminal and "…" not in terminal:
        return True  # "?", "!", "?!"
    if match.group(2):
        return True  # a quote or bracket closed after the stop: `bedroht.“ Seoul`, `(...Dr.) Er`
    if terminal != ".":
        return _ellipsis_ends(following.word, rules)  # "..." or "…"
    token = _token_before(text, run_start)
    return _period_ends(text, run_start - len(token), token, following, rules)


@dataclass(frozen=True, slots=True)
class _Next:
    """What follows a candidate split point: its first character (after opening quotes), the
    word starting there, and whether that word is directly followed by a period."""

    first: str
    word: str
    dotted: bool


def _lead_char(line: str) -> str:
    """The first character of `line` after up to `_MAX_OPENERS` opening quotes ("" if none)."""
    if line[:1] not in _OPENERS:
        return line[:1]
    stripped = line[: _MAX_OPENERS + 1].lstrip(_OPENER_CHARS)
    return stripped[0] if stripped else ""


def _token_before(text: str, end: int) -> str:
    """The non-space token that ends at `end` (bounded to `_TOKEN_WINDOW` characters)."""
    limit = max(0, end - _TOKEN_WINDOW)
    space = text.rfind(" ", limit, end)
    return text[space + 1 if space >= 0 else limit : end]


def _ellipsis_ends(word: str, rules: _Rules) -> bool:
    """After "..." or "…" a sentence ends only when a typical sentence opener follows."""
    return rules.starters is None or word in rules.starters


def _starts_sentence(word: str, rules: _Rules) -> bool:
    """Whether `word` is a typical sentence opener (any capitalised word for unknown languages)."""
    if rules.starters is None:
        return bool(word) and word[0].isupper()
    return word in rules.starters


def _period_ends(text: str, token_start: int, token: str, following: _Next, rules: _Rules) -> bool:
    """Whether a single "." after `token` (which starts at `token_start`) ends the sentence."""
    core = token.lstrip(_OPENER_CHARS)
    if not core or not core[-1].isalnum():
        return True  # "„Eskalation“. Mit", "für . Danach": the period stands on its own
    lower = core.lower()
    if lower in rules.never_final:
        return False  # "Maj. Gen. Pat Ryder", "Dr. Kim", "bzw. Seoul"
    if lower in rules.maybe_final:
        return _starts_sentence(following.word, rules)  # "usw. Die" ends, "Mio. Euro" not
    if following.first.isdigit() and (lower in rules.before_number or lower.endswith("str")):
        return False  # "Art. 5", "No. 3", "Hauptstr. 5"
    if len(core) == 1 and core.isalpha():
        return _initial_ends(text, token_start, core, following, rules)
    if "." in core:
        return _dotted_ends(core, following, rules)
    if core.isdigit():
        return _number_ends(core, following, rules)
    if rules.ordinals and _ROMAN.fullmatch(core):
        return _ordinal_ends(following, rules)  # "Wilhelm II. Der" ends, "im II. Quartal" not
    return True


def _initial_ends(
    text: str, token_start: int, letter: str, following: _Next, rules: _Rules
) -> bool:
    """A single letter + ".": an initial ("J. R. R. Tolkien", "z. B.") unless an opener follows."""
    if letter.islower() or rules.starters is None:
        return False
    if _follows_initial(text, token_start):
        return False  # a chain of initials: "J. R. R." or "z. B."
    if len(following.word) == 1 and following.dotted:
        return False  # the next word is an initial too: "John J. A. Smith"
    return following.word in rules.starters  # "Plan B. Die Regierung" ends


def _follows_initial(text: str, token_start: int) -> bool:
    """Whether the token before the one at `token_start` is a single letter + "." ("z. B.")."""
    if token_start < 3 or text[token_start - 2] != "." or not text[token_start - 3].isalpha():
        return False
    return token_start == 3 or text[token_start - 4] == " "


def _dotted_ends(core: str, following: _Next, rules: _Rules) -> bool:
    """Tokens with inner periods: acronyms ("U.S.") may end a sentence, "z.B." never does."""
    parts = core.split(".")
    if parts[-1].lstrip("-").lower() in rules.never_final:
        return False  # "Dipl.-Ing."
    if all(len(part) == 1 and part.isupper() for part in parts):
        return _starts_sentence(following.word, rules)  # "the U.S. Army" / "in the U.S. The"
    if all(0 < len(part) <= 2 and part.isalpha() for part in parts):
        return False  # "z.B.", "i.d.R.", "Ph.D." (but "bbc.co.uk." may end a sentence)
    if rules.ordinals and len(parts) == 2 and all(_is_day_or_month(part) for part in parts):
        return _ordinal_ends(following, rules)  # a date: "am 24.10. Kiew besuchen"
    return True  # "example.com.", "10.000."


def _is_day_or_month(part: str) -> bool:
    """Whether `part` could be the day or month of a date written "24.10."."""
    return 0 < len(part) <= 2 and part.isdigit()


def _number_ends(number: str, following: _Next, rules: _Rules) -> bool:
    """Digits + ".": a German ordinal or date ("am 3. Oktober") unless a sentence opener follows."""
    if len(number) > 3 or not rules.ordinals:
        return True  # "im Jahr 1949. Der", or a language without "3." ordinals
    return _ordinal_ends(following, rules)


def _ordinal_ends(following: _Next, rules: _Rules) -> bool:
    """After an ordinal-looking token: a date or a noun continues, a sentence opener ends."""
    if following.first.isdigit() or following.word in rules.months:
        return False  # "3. 10. 2024", "24. Oktober"
    if rules.starters is None:
        return True
    return following.word in rules.starters  # "im 21. Jahrhundert" goes on, "auf 12. Die" ends


# --- paragraphs ------------------------------------------------------------------------------


def split_paragraphs(text: str, *, language: str = "de") -> list[str]:
    """Paragraphs of `text`, whitespace-normalised, with hard-wrapped lines joined.

    Blank lines always separate paragraphs. A single newline separates them too when the line
    before ends a sentence or is a heading, or the line after is a list item; otherwise it is a
    hard wrap and the lines are joined with a space ("Choe Son\\nHui" becomes "Choe Son Hui"),
    or without one after a hyphen that joins a compound ("Ad-\\nBlocker" becomes "Ad-Blocker").
    """
    rules = _rules_for(language)
    paragraphs: list[str] = []
    for block in _blocks(text):
        width = max(map(len, block))
        current = [block[0]]
        for line, following in pairwise(block):
            if _breaks_after(line, following, width=width, rules=rules):
                paragraphs.append("".join(current))
                current = []
            elif line[-1] != "-" or not _is_hyphen_wrap(line, following):
                current.append(" ")
            current.append(following)
        paragraphs.append("".join(current))
    return paragraphs


def _blocks(text: str) -> list[list[str]]:
    """Groups of non-blank lines (whitespace-normalised) separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    keeps_spaces = any(space in text for space in _DIGIT_GROUP_SPACES)
    for raw in text.splitlines():
        line = normalize_space(raw) if keeps_spaces else " ".join(raw.split())
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _breaks_after(line: str, following: str, *, width: int, rules: _Rules) -> bool:
    """Whether the newline between `line` and `following` (one block) ends a paragraph."""
    if not _has_alnum(line) or not _has_alnum(following):
        return True  # a lone "+" or "***" line stands on its own
    if _lead_char(following).islower():
        return False  # "...die\nUkraine" is wrapped; a paragraph does not start in lower case
    if _BULLET_ITEM.match(following):
        return True
    if line[-1] in ",;-/&" or line[line.rfind(" ") + 1 :] in _FUNCTION_WORDS:
        return False  # "am\n3. Oktober", "Raketen-\nund Atomprogramm"
    if _is_list_item(following):
        return True  # "1. Punkt"
    if _ends_with_terminal(line):
        # In a block of long lines a newline after a full stop is a paragraph break; only in
        # hard-wrapped text can it sit inside a sentence ("Maj.\nGen. Ryder").
        if width > _WRAP_MAX_WIDTH:
            return True
        full = width >= _WRAP_MIN_WIDTH and _is_full(line, following, width)
        return _terminal_line_ends(line, following, full=full, rules=rules)
    if _is_wrapped(line, following, width):
        return False
    return _is_list_item(line) or _heading_normalized(line, rules)


def _is_wrapped(line: str, following: str, width: int) -> bool:
    """Whether a line without final punctuation is a full line of a hard-wrapped block.

    Below `_WRAP_MIN_WIDTH` every line looks full, so there a line followed by a finished
    sentence may still be a heading ("Überschrift\\nEin Satz.").
    """
    if width > _WRAP_MAX_WIDTH or not _is_full(line, following, width):
        return False
    return width >= _WRAP_MIN_WIDTH or not _ends_with_terminal(following)


def _is_full(line: str, following: str, width: int) -> bool:
    """Whether the first word of `following` would not have fitted on `line` (give or take)."""
    word_end = following.find(" ")
    word_length = len(following) if word_end < 0 else word_end
    slack = max(_WRAP_SLACK_MIN, _WRAP_SLACK_SHARE * width)
    return len(line) + 1 + word_length > width - slack


def _is_hyphen_wrap(line: str, following: str) -> bool:
    """Whether a wrapped `line` ends in a hyphen that joins a compound across the line break."""
    if len(line) < 2 or line[-1] != "-" or not line[-2].isalnum() or not following[0].isalnum():
        return False
    word_end = following.find(" ")
    word = following if word_end < 0 else following[:word_end]
    return word.lower() not in _SUSPENDED_HYPHEN_WORDS


def _terminal_line_ends(line: str, following: str, *, full: bool, rules: _Rules) -> bool:
    """In a hard-wrapped block, whether a line ending in . ! ? … or : ends its paragraph.

    It does unless its period belongs to an abbreviation ("Maj.\\nGen.") or its colon ends a
    full line ("besorgt:\\nDer direkte Nachbar ..." goes on).
    """
    head = following[:_TOKEN_WINDOW]
    if not _lead_char(head).isalnum():
        return True
    tail = line[-_TOKEN_WINDOW:]
    if tail.rstrip(_CLOSER_CHARS).endswith(":"):
        return not full
    joined = f"{tail} {head}"
    for match in _CANDIDATE.finditer(joined, max(0, len(tail) - _MAX_TERMINAL_RUN - 4)):
        if match.start(3) - 1 == len(tail):
            return _is_boundary(joined, match, rules)
    return True  # e.g. "Er sagte...." ends with more punctuation than a candidate holds


def _ends_with_terminal(line: str) -> bool:
    """Whether a line ends with . ! ? … or :, possibly followed by closing quotes or brackets."""
    stripped = line.rstrip(_CLOSER_CHARS)
    return bool(stripped) and (stripped[-1] in _TERMINALS or stripped[-1] == ":")


def _is_list_item(line: str) -> bool:
    """Whether a line starts with a list marker ("• Jetzt ...", "- Punkt", "2) Punkt")."""
    return _LIST_ITEM.match(line) is not None


def _has_alnum(text: str) -> bool:
    """Whether `text` holds at least one letter or digit (a lone "+" does not)."""
    return text[0].isalnum() or _ALNUM.search(text) is not None


# --- headings --------------------------------------------------------------------------------


def is_heading(paragraph: str, *, language: str = "de") -> bool:
    """Whether a paragraph reads as a headline or sub-head: short, one sentence, no final period.

    A headline may end in "?" or "!" or a closing quote (`Werden „nicht untätig bleiben“`);
    list items and lines wholly in brackets ("(V.Blanchet--LPdF)") are not headings.
    """
    return _heading_normalized(normalize_space(paragraph), _rules_for(language))


def _heading_normalized(text: str, rules: _Rules) -> bool:
    """`is_heading` for text that is already whitespace-normalised."""
    if not text or len(text) > MAX_HEADING_CHARS or text.count(" ") >= MAX_HEADING_WORDS:
        return False
    if _LETTER.search(text) is None or _is_list_item(text):
        return False
    if text[0] in "([" and text[-1] in ")]":
        return False
    stripped = text.rstrip(_CLOSER_CHARS)
    if not stripped or (stripped[-1] in ".:;," and not stripped.endswith("...")):
        return False
    return len(_split_normalized(text, rules)) == 1


# --- both ------------------------------------------------------------------------------------


def segment(text: str, *, language: str = "de") -> list[Paragraph]:
    """Paragraphs of `text`, each split into sentences and marked when it is a heading."""
    rules = _rules_for(language)
    paragraphs = []
    # model_construct skips re-validating lists of str built right here; validation would
    # cost more than the splitting on inputs made of many tiny paragraphs.
    for paragraph in split_paragraphs(text, language=language):
        if _heading_normalized(paragraph, rules):
            paragraphs.append(Paragraph.model_construct(sentences=[paragraph], heading=True))
        else:
            sentences = _split_normalized(paragraph, rules)
            paragraphs.append(Paragraph.model_construct(sentences=sentences, heading=False))
    return paragraphs
