"""Glossaries: load a `<src>-en.tsv` file and find its terms in source text.

A glossary pins the English form of names (people, places, organisations) so every article of a
batch spells "Choe Son Hui" and "Pyongyang" the same way, whatever the model would have done.

File format (UTF-8, one entry a line, tab-separated)::

    source term <TAB> English term [<TAB> note [<TAB> aliases]]

`#` lines and blank lines are ignored, and so is a header line starting `source<TAB>target`.
The note's first word is the entry's kind (`person`, `place`, `org`); the merge stage uses it to
attribute claims. The aliases column lists other source spellings separated by `|`; it replaces
the automatic aliases of rule 4 below, and `-` in it means "no aliases".

Match keys (what `Glossary.find` looks for), in order of precedence:

1. the source term of each entry;
2. its explicit aliases (4th column);
3. its English form, because German text sometimes already spells a name the English way;
4. for `person` entries without an aliases column only: the first and the last part of the
   source and English names (Korean names put the family name first, Western names last), when
   the part is at least 4 characters long and not a common given name - so "Choe" and "Lawrow"
   find "Choe Son Hui" and "Sergei Lavrov". A part shared by persons with different English
   forms is ambiguous and dropped.

Two rows whose source terms (or explicit aliases) are the same key but give different English
forms are an error; a key from rules 3-4 never overrides one from rules 1-2.

Matching is token-based: a key matches whole words only (never inside a longer word, so
"Nordkorea" does not match "nordkoreanische"), case-insensitively except for all-caps acronyms
("NIS", "HUR") which match only as written, with any run of whitespace or a hyphen between its
words ("Choe Son\\nHui", "Kim Jong-un" = "Kim Jong Un"), with an optional genitive suffix on the
last word ("Choes", "Russlands", "Putin's"), and as an element of a hyphen compound
("Kursk-Region", "Pentagon-Behörden"). Scanning is linear in the length of the text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wiredesk.errors import GlossaryError, UnsupportedLanguageError

logger = logging.getLogger(__name__)

KINDS = frozenset({"person", "place", "org"})
MAX_FIELD_CHARS = 200
MIN_ALIAS_CHARS = 4
MAX_KEY_TOKENS = 16
NO_ALIASES = "-"

# Given names that are too common to identify one person on their own.
# fmt: off
COMMON_GIVEN_NAMES = frozenset({
    "alexander", "alexei", "alexej", "andrei", "andrej", "anna", "anthony", "antony", "boris",
    "dmitri", "dmitry", "donald", "emmanuel", "gabriel", "harry", "ivan", "iwan", "jan", "jens",
    "joe", "john", "kamala", "lloyd", "maria", "mark", "michael", "mike", "nikolai", "olaf",
    "patrick", "peter", "sergei", "sergej", "sergey", "sergiy", "serhij", "serhiy", "vasily",
    "vassily", "vladimir", "volodymyr", "wassili", "wladimir", "wolodymyr", "xi",
})
# fmt: on

_TOKEN = re.compile(r"[\w\u0300-\u036f]+")
_APOSTROPHE_S = re.compile(r"['’]s(?![\w\u0300-\u036f])")
_APOSTROPHE = re.compile(r"['’](?![\w\u0300-\u036f])")
_HEADER = re.compile(r"source\ttarget(\t.*)?", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_MAX_LITERAL_GAP = 3


@dataclass(frozen=True)
class Entry:
    """One glossary row: a source-language term, its English form, and a free-text note."""

    source: str
    target: str
    note: str = ""

    @property
    def kind(self) -> str:
        """`person`, `place` or `org` when the note starts with one of them, else ""."""
        words = self.note.replace(",", " ").replace(":", " ").split()
        first = words[0].lower() if words else ""
        return first if first in KINDS else ""


@dataclass(frozen=True)
class Match:
    """A glossary term found in text: `text` is `text[start:end]`, genitive suffix included.

    `suffix` is the genitive ending that was recognised ("s", "es", "'s", "’"), `key` the glossary
    key that matched in its written form (the source term, an alias or the English form).
    """

    start: int
    end: int
    text: str
    entry: Entry
    suffix: str = ""
    key: str = ""


@dataclass(frozen=True)
class _Key:
    """A match key: its words as written, whether it is case-sensitive, and its entry."""

    words: tuple[str, ...]
    written: str
    case_sensitive: bool
    entry: Entry


@dataclass
class _Node:
    """A trie node; children are keyed by (gap, folded word) where gap "" means space/hyphen."""

    children: dict[tuple[str, str], _Node] = field(default_factory=dict)
    keys: list[_Key] = field(default_factory=list)


@dataclass(slots=True)
class _Token:
    """A word of the scanned text with its position and lookup form."""

    start: int
    end: int
    raw: str
    folded: str


class Glossary:
    """A parsed glossary: its entries plus a word trie of every match key, for `find`."""

    def __init__(self, entries: Sequence[Entry], keys: Mapping[str, Entry]) -> None:
        """Build from entries and `{key as written: entry}`; `parse_glossary` derives the keys."""
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._keys = dict(keys)
        self._root = _Node()
        for written, entry in self._keys.items():
            self._insert(written, entry)

    def __len__(self) -> int:
        """Number of entries (not keys)."""
        return len(self.entries)

    def __repr__(self) -> str:
        """Sizes only: a glossary can hold thousands of entries."""
        return f"Glossary({len(self.entries)} entries, {len(self._keys)} keys)"

    @property
    def keys(self) -> dict[str, Entry]:
        """Every match key as written, with its entry: explains what `find` will match."""
        return dict(self._keys)

    def keys_for(self, entry: Entry) -> list[str]:
        """The match keys of one entry, longest first (used to spot source forms in output)."""
        found = [written for written, owner in self._keys.items() if owner == entry]
        return sorted(found, key=len, reverse=True)

    def find(self, text: str) -> list[Match]:
        """Glossary terms in `text`, left to right, non-overlapping, the longest key winning."""
        matches: list[Match] = []
        resume = 0
        for word in _TOKEN.finditer(text):
            if word.start() < resume:
                continue
            folded = _fold(word.group(0))
            if not self._may_start(folded):
                continue
            match = self._longest_at(text, _Token(word.start(), word.end(), word.group(0), folded))
            if match is not None:
                matches.append(match)
                resume = match.end
        return matches

    def _insert(self, written: str, entry: Entry) -> None:
        """Add one key to the word trie, one node per (gap, folded word)."""
        words, gaps = _split_key(written)
        node = self._root
        for word, gap in zip(words, gaps, strict=True):
            node = node.children.setdefault((gap, _fold(word)), _Node())
        node.keys.append(_Key(tuple(words), written, _is_acronym(written), entry))

    def _may_start(self, folded: str) -> bool:
        """Cheap test that a key can start with this word (itself or minus a genitive ending)."""
        children = self._root.children
        return (
            ("", folded) in children
            or ("", folded[:-1]) in children
            or ("", folded[:-2]) in children
        )

    def _longest_at(self, text: str, first: _Token) -> Match | None:
        """The longest key starting at word `first`; later words are read lazily from `text`."""
        node = self._root
        best: Match | None = None
        words = [first]
        while True:
            token = words[-1]
            gap = "" if len(words) == 1 else _gap_kind(text, words[-2].end, token.start)
            if gap is None:
                break
            exact = node.children.get((gap, token.folded))
            found = _accept(text, words, exact, suffix="") if exact else None
            if found is None:
                found = _accept_genitive(text, words, node, gap)
            best = found or best
            if exact is None or len(words) >= MAX_KEY_TOKENS:
                break
            following = _TOKEN.search(text, token.end)
            if following is None:
                break
            node = exact
            raw = following.group(0)
            words.append(_Token(following.start(), following.end(), raw, _fold(raw)))
        return best


def _accept_genitive(text: str, words: list[_Token], node: _Node, gap: str) -> Match | None:
    """A key ending in the last word minus a German genitive "-s"/"-es" ("Choes", "Irans")."""
    folded = words[-1].folded
    for suffix in ("s", "es"):
        if len(folded) > len(suffix) + 1 and folded.endswith(suffix):
            child = node.children.get((gap, folded[: -len(suffix)]))
            found = _accept(text, words, child, suffix=suffix) if child else None
            if found is not None:
                return found
    return None


def _accept(text: str, words: list[_Token], node: _Node, *, suffix: str) -> Match | None:
    """The match for `words` if `node` ends a key they satisfy (case rules, suffix)."""
    for key in node.keys:
        if key.case_sensitive and not _same_case(words, key.words, suffix):
            continue
        start, end = words[0].start, words[-1].end
        if not suffix and text[end : end + 1] in ("'", "’"):
            apostrophe = _APOSTROPHE_S.match(text, end)
            if apostrophe is None and words[-1].folded[-1:] in ("s", "x", "z", "ß"):
                apostrophe = _APOSTROPHE.match(text, end)
            if apostrophe is not None:
                suffix, end = apostrophe.group(0), apostrophe.end()
        return Match(start, end, text[start:end], key.entry, suffix, key.written)
    return None


def _same_case(words: list[_Token], key_words: tuple[str, ...], suffix: str) -> bool:
    """Whether the text's words are written exactly like a case-sensitive key's words."""
    raw = [unicodedata.normalize("NFC", word.raw) for word in words]
    if suffix:
        raw[-1] = raw[-1][: -len(suffix)]
    return tuple(raw) == key_words


def _fold(word: str) -> str:
    """Lookup form of a word: NFC (so decomposed "ö" equals "ö") and casefolded."""
    if word.isascii():
        return word.casefold()
    return unicodedata.normalize("NFC", word).casefold()


def _gap_kind(text: str, start: int, end: int) -> str | None:
    """Classify the text between two words: "" for whitespace or one hyphen, a short literal
    (such as ".") for other punctuation, None when the words cannot be one name."""
    gap = text[start:end]
    if gap == "-" or (gap and gap.isspace()):
        return ""
    literal = "".join(gap.split())
    if 0 < len(literal) <= _MAX_LITERAL_GAP and not any(c.isalnum() for c in literal):
        return literal
    return None


def _split_key(written: str) -> tuple[list[str], list[str]]:
    """A key's words (NFC) and the gap kind before each word ("" for the first)."""
    text = unicodedata.normalize("NFC", written)
    words: list[str] = []
    gaps: list[str] = []
    previous_end = None
    for match in _TOKEN.finditer(text):
        if previous_end is None:
            gaps.append("")
        else:
            gap = _gap_kind(text, previous_end, match.start())
            if gap is None:
                raise GlossaryError(f"term {written!r} has unsupported punctuation between words")
            gaps.append(gap)
        words.append(match.group(0))
        previous_end = match.end()
    return words, gaps


def _is_acronym(written: str) -> bool:
    """All-caps keys ("NIS", "UN") match case-sensitively so "nis" inside text never does."""
    letters = [c for c in written if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _key_id(written: str) -> tuple[tuple[str, ...], bool]:
    """Identity of a key for duplicate detection: its folded words, and its case-sensitivity."""
    words, _gaps = _split_key(written)
    if _is_acronym(written):
        return tuple(words), True
    return tuple(_fold(word) for word in words), False


# --- parsing --------------------------------------------------------------------------------


@dataclass
class _Row:
    """A parsed, validated line of the file."""

    line: int
    entry: Entry
    aliases: list[str] | None  # None: no aliases column (automatic aliases apply)


def parse_glossary(text: str, *, origin: str = "<string>", max_entries: int = 50_000) -> Glossary:
    """Parse glossary TSV text; raise `GlossaryError` naming `origin` and the line on any fault."""
    rows: list[_Row] = []
    seen_header = False
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not seen_header and not rows and _HEADER.fullmatch(stripped):
            seen_header = True
            continue
        rows.append(_parse_row(line, number=number, origin=origin))
        if len(rows) > max_entries:
            raise GlossaryError(f"{origin}: more than {max_entries} entries")
    return _build(rows, origin=origin)


def _parse_row(line: str, *, number: int, origin: str) -> _Row:
    """One line -> `_Row`, or `GlossaryError` saying what is wrong with it."""
    where = f"{origin}, line {number}"
    columns = line.split("\t")
    if not 2 <= len(columns) <= 4:
        raise GlossaryError(
            f"{where}: expected 2 to 4 tab-separated columns "
            f"(source, target, note, aliases), found {len(columns)}"
        )
    fields = [column.strip() for column in columns]
    for name, value in zip(("source", "target", "note", "aliases"), fields, strict=False):
        _check_field(value, name=name, where=where, required=name in ("source", "target"))
    source, target = fields[0], fields[1]
    for name, value in (("source", source), ("target", target)):
        if not _TOKEN.search(value):
            raise GlossaryError(f"{where}: {name} {value!r} has no letters or digits")
    aliases = _parse_aliases(fields[3], where=where) if len(fields) == 4 else None
    for written in (source, target, *(aliases or [])):
        _key_id_checked(written, origin=origin, line=number)  # every form must be matchable
    note = fields[2] if len(fields) >= 3 else ""
    return _Row(number, Entry(source, target, note), aliases)


def _check_field(value: str, *, name: str, where: str, required: bool) -> None:
    """Reject empty required fields, overlong fields and control or invisible characters."""
    if required and not value:
        raise GlossaryError(f"{where}: the {name} column is empty")
    if len(value) > MAX_FIELD_CHARS:
        raise GlossaryError(f"{where}: the {name} column is over {MAX_FIELD_CHARS} characters")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf"):
            raise GlossaryError(
                f"{where}: the {name} column contains control character U+{ord(char):04X}"
            )


def _parse_aliases(value: str, *, where: str) -> list[str]:
    """The aliases column: `a|b|c`, or `-` (or empty) for no aliases."""
    if value in ("", NO_ALIASES):
        return []
    aliases = [alias.strip() for alias in value.split("|")]
    for alias in aliases:
        if not alias or not _TOKEN.search(alias):
            raise GlossaryError(f"{where}: empty or punctuation-only alias in {value!r}")
    return aliases


def _build(rows: Sequence[_Row], *, origin: str) -> Glossary:
    """Entries and keys from rows, applying the precedence rules of the module docstring.

    A row whose source term is already a key with the same English form is merged into the
    earlier entry (its aliases included) rather than rejected: repeated rows are harmless.
    """
    explicit: dict[tuple[tuple[str, ...], bool], tuple[str, Entry, int]] = {}
    canonical: list[tuple[_Row, Entry]] = []
    for row in rows:
        source_id = _key_id_checked(row.entry.source, origin=origin, line=row.line)
        known = explicit.get(source_id)
        entry = known[1] if known and known[1].target == row.entry.target else row.entry
        if entry is row.entry:
            canonical.append((row, entry))
        for written in [row.entry.source, *(row.aliases or [])]:
            key_id = _key_id_checked(written, origin=origin, line=row.line)
            previous = explicit.setdefault(key_id, (written, entry, row.line))
            if previous[1].target != entry.target:
                raise GlossaryError(
                    f"{origin}, line {row.line}: {written!r} is already on line {previous[2]} "
                    f"with target {previous[1].target!r}, here {entry.target!r}"
                )
    keys = {written: entry for written, entry, _line in explicit.values()}
    _add_implicit(keys, explicit, _implicit_keys(canonical))
    return Glossary([entry for _row, entry in canonical], keys)


def _key_id_checked(written: str, *, origin: str, line: int) -> tuple[tuple[str, ...], bool]:
    """`_key_id`, with the line number added to any error."""
    try:
        return _key_id(written)
    except GlossaryError as error:
        raise GlossaryError(f"{origin}, line {line}: {error.detail}") from error


def _implicit_keys(canonical: Sequence[tuple[_Row, Entry]]) -> list[tuple[str, Entry]]:
    """English forms (rule 3) then automatic person-name aliases (rule 4), as (key, entry)."""
    targets = [(entry.target, entry) for _row, entry in canonical]
    parts: list[tuple[str, Entry]] = []
    for row, entry in canonical:
        if row.aliases is None and entry.kind == "person":
            names = (entry.source, entry.target)
            parts.extend((part, entry) for name in names for part in name_aliases(name))
    return targets + parts


def _add_implicit(
    keys: dict[str, Entry],
    explicit: Mapping[tuple[tuple[str, ...], bool], tuple[str, Entry, int]],
    candidates: Sequence[tuple[str, Entry]],
) -> None:
    """Add implicit keys that no explicit key claims; drop those claimed by two targets."""
    chosen: dict[tuple[tuple[str, ...], bool], tuple[str, Entry]] = {}
    ambiguous: set[tuple[tuple[str, ...], bool]] = set()
    for written, entry in candidates:
        key_id = _key_id(written)
        if key_id in explicit:
            continue
        previous = chosen.get(key_id)
        if previous is None:
            chosen[key_id] = (written, entry)
        elif previous[1].target != entry.target:
            ambiguous.add(key_id)
    for key_id, (written, entry) in chosen.items():
        if key_id in ambiguous:
            logger.debug("glossary: %r is ambiguous and will not be matched alone", written)
            continue
        keys[written] = entry


def name_aliases(name: str) -> list[str]:
    """Automatic aliases of a person's name: its first and last part, if distinctive enough.

    A part qualifies when the name has two or more parts, the part has at least 4 characters
    and is not in `COMMON_GIVEN_NAMES` ("Choe Son Hui" -> ["Choe"], "Sergej Lawrow" -> ["Lawrow"]).
    """
    parts = _TOKEN.findall(name)
    if len(parts) < 2:
        return []
    aliases = []
    for part in dict.fromkeys((parts[0], parts[-1])):
        if len(part) >= MIN_ALIAS_CHARS and _fold(part) not in COMMON_GIVEN_NAMES:
            aliases.append(part)
    return aliases


# --- files ----------------------------------------------------------------------------------


def load_glossary(path: Path, *, max_bytes: int) -> Glossary:
    """Read and parse a glossary file of at most `max_bytes` bytes of UTF-8."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise GlossaryError(f"cannot read glossary {path}: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise GlossaryError(f"glossary {path} is larger than {max_bytes} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError(f"{path}, line {line}: not valid UTF-8 ({error.reason})") from error
    return parse_glossary(text, origin=str(path))


def glossary_for(
    language: str, *, glossary_dir: Path, override: Path | None, max_bytes: int
) -> Glossary | None:
    """The glossary to use for `language`: `override` if given, else `<dir>/<lang>-en.tsv` if it
    exists, else None (translation then runs without a glossary)."""
    if override is not None:
        return load_glossary(override, max_bytes=max_bytes)
    code = language.strip().lower()
    if not _LANGUAGE_CODE.fullmatch(code):
        # The code becomes part of a file name: refuse anything that is not a plain language code.
        raise UnsupportedLanguageError(f"not a language code: {language!r}")
    path = glossary_dir / f"{code}-en.tsv"
    if not path.is_file():
        return None
    return load_glossary(path, max_bytes=max_bytes)
