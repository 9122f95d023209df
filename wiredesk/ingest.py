"""Read articles from files, folders or JSON into `Article`s; a bad item becomes an `IngestFailure`.

Everything read here is untrusted: sizes are checked before reading, bytes are decoded with
care (BOM, legacy encodings, mojibake), binary files are refused, and one bad item never stops
the batch. Only a path that does not exist at all is an error for the whole call.
"""

from __future__ import annotations

import json
import logging
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath

import trafilatura
from lxml import etree

from wiredesk.config import DEFAULT_MAX_HTML_BYTES
from wiredesk.errors import (
    BinaryContentError,
    EmptyArticleError,
    InputError,
    TooLargeError,
    UnsupportedFormatError,
    WiredeskError,
)
from wiredesk.lead import with_lead
from wiredesk.schema import Article, IngestFailure

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MAX_FOLDER_DEPTH = 8
MAX_JSON_BYTES = 64 * 1024 * 1024  # a JSON batch is parsed whole, so it has a hard ceiling
TITLE_MAX_LENGTH = 140
BINARY_CONTROL_RATIO = 0.05
BINARY_MIN_CONTROLS = 4  # a stray BEL or two in a short text does not make it binary
BINARY_PROBE_BYTES = 8192  # binary formats put a NUL in their header, as git and grep assume
MAX_ID_LENGTH = 200
MAX_HTML_DEPTH = 255  # libxml2's nesting limit: its parser stops reading deeper documents

_FIELDS = ("id", "title", "source", "url", "language", "text", "html")
_NOT_TITLE_END = re.compile(r"[.:;,][\"'“”„»«)\]]*$")  # a sentence or a lead-in, not a headline
_BULLET = re.compile(r"[•·▪●◦‣∙■►▶➤→✓✔*–—-]\s")
_LETTER = re.compile(r"[^\W\d_]")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?")

# --- decoding ----------------------------------------------------------------------------------

# Control bytes that never occur in text files (tab, LF, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)


def _cp1252_table() -> dict[str, int]:
    """Character -> byte for text mis-decoded as cp1252, with latin-1 for cp1252's gaps."""
    table: dict[str, int] = {}
    for byte in range(256):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte
    for byte in range(0x80, 0xA0):  # text decoded as latin-1 has C1 controls instead
        table.setdefault(chr(byte), byte)
    return table


_TO_BYTE = _cp1252_table()


def _byte_class(low: int, high: int) -> str:
    """A regex character class of the characters that stand for bytes low..high."""
    chars = sorted(char for char, byte in _TO_BYTE.items() if low <= byte <= high)
    return "[" + "".join(re.escape(char) for char in chars) + "]"


_CONT = _byte_class(0x80, 0xBF)
# A UTF-8 multi-byte sequence read as cp1252: lead byte, then its continuation bytes.
_MOJIBAKE = re.compile(
    f"{_byte_class(0xC2, 0xDF)}{_CONT}|{_byte_class(0xE0, 0xEF)}{_CONT}{{2}}"
    f"|{_byte_class(0xF0, 0xF4)}{_CONT}{{3}}"
)
# What a repaired sequence may become in mixed text: Latin-1 symbols, punctuation, €, ™, BOM,
# or (inside a word only) a Latin letter. Anything else ("ß“" would decode to an NKo letter)
# means the text was right all along.
_PLAUSIBLE_SYMBOL = re.compile("[\u00a0-\u00bf\u2000-\u206f\u20ac\u2122\ufeff]")
_PLAUSIBLE_LETTER = re.compile("[\u00c0-\u017f]")
# A whole text is re-decoded only with this many mojibake sequences as evidence.
MIN_WHOLE_TEXT_SEQUENCES = 3
MAX_NORMALIZE_PASSES = 4

_NEWLINES = re.compile("\r\n?|[\u2028\u2029\u0085\v\f]")
# Zero-width characters and C0 controls (but not tab and newlines) that only disturb
# tokenizers. C1 controls (U+0080-U+009F) and the soft hyphen (U+00AD) go only after mojibake
# repair: in mis-decoded text they are parts of characters ("Ã\u00ad" is "í").
_ZERO_WIDTH = "\u180e\u200b-\u200d\u2060-\u2064\ufeff"
# Lone surrogates (from "\ud800" escapes in JSON) cannot be encoded: they would crash every
# later step that writes UTF-8, and lxml stops reading a page at the first one.
_SURROGATES = "\ud800-\udfff"
_STRIP_EARLY = re.compile(f"[\x00-\x08\x0e-\x1f\x7f{_ZERO_WIDTH}{_SURROGATES}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")
_STRIP_LATE = re.compile(f"[\x80-\x9f\xad{_ZERO_WIDTH}]")


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Bytes of a text file as clean text: UTF-8 (BOM or not), else cp1252/latin-1; repaired.

    `declared` is an encoding the file names for itself (an HTML meta charset); it is tried
    when the bytes are not UTF-8. Raises BinaryContentError for data that is not text at all.
    """
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
        if _looks_binary(text.encode("utf-8", errors="replace")):
            raise BinaryContentError("The file looks binary (control characters), not text.")
        return normalize_text(text)
    if _looks_binary(data):
        raise BinaryContentError("The file looks binary (NUL or control bytes), not text.")
    data = data.removeprefix(_UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, declared=declared)
    return normalize_text(text)


def _looks_binary(data: bytes) -> bool:
    """A NUL byte near the start, or more control bytes (NUL included) than text has.

    A few NULs deep inside a real web page (a CMS's stray bytes) do not make it binary; they
    are stripped with the other control characters.
    """
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > max(BINARY_MIN_CONTROLS, BINARY_CONTROL_RATIO * len(data))


def _decode_legacy(data: bytes, *, declared: str | None) -> str:
    """Decode non-UTF-8 bytes as declared, else cp1252 (Windows' Western), else latin-1."""
    for encoding in (declared, "cp1252"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):  # LookupError: an unknown declared name
            continue
    return data.decode("latin-1")


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first kilobytes (<meta charset=...>)."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def normalize_text(text: str) -> str:
    """Text as the pipeline wants it: mojibake repaired, LF newlines, NFC, no control chars.

    Repeated while the last steps change anything (a stripped control character can join the
    halves of a mojibake sequence), so normalising normalised text changes nothing.
    """
    for _ in range(MAX_NORMALIZE_PASSES):
        text, settled = _normalize_once(text)
        if settled:
            break
    return text


def _normalize_once(text: str) -> tuple[str, bool]:
    """One pass of `normalize_text`, and whether its last steps left the text as it was."""
    text = repair_mojibake(_STRIP_EARLY.sub("", text))
    text = _NEWLINES.sub("\n", text)
    composed = unicodedata.is_normalized("NFC", text)
    if not composed:
        text = unicodedata.normalize("NFC", text)
    stripped = _STRIP_LATE.sub("", text)
    return stripped, composed and len(stripped) == len(text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 ("SÃ¼dkorea" -> "Südkorea"), leaving correct text alone.

    A text that re-decodes as a whole is repaired as a whole if that leaves fewer mojibake
    sequences; otherwise only sequences that decode to plausible Latin text are replaced.
    """
    for _ in range(3):  # text can be mis-decoded more than once
        if not _MOJIBAKE.search(text):
            break
        repaired = _repair_whole(text) or _MOJIBAKE.sub(_repair_sequence, text)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_whole(text: str) -> str | None:
    """The whole text re-decoded, if it is entirely mojibake-able and that reduces mojibake."""
    if text.isascii():
        return None
    before = len(_MOJIBAKE.findall(text))
    if before < MIN_WHOLE_TEXT_SEQUENCES:
        return None
    try:
        raw = bytes(_TO_BYTE[char] if char in _TO_BYTE else ord(char) for char in text)
        repaired = raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):  # a char above U+00FF, or not UTF-8 after all
        return None
    return repaired if len(_MOJIBAKE.findall(repaired)) < before else None


def _repair_sequence(match: re.Match[str]) -> str:
    """One mojibake sequence decoded back, or left as it is when that is not plausible.

    A repaired letter must touch another letter ("SÃ¼d" -> "Süd"): a lone "Ä“" in „Ä“ is a
    quoted letter, not mojibake.
    """
    sequence = match.group()
    try:
        repaired = bytes(_TO_BYTE[char] for char in sequence).decode("utf-8")
    except UnicodeDecodeError:
        return sequence
    if _PLAUSIBLE_SYMBOL.fullmatch(repaired):
        return repaired
    if _PLAUSIBLE_LETTER.fullmatch(repaired) and _touches_letter(match):
        return repaired
    return sequence


def _touches_letter(match: re.Match[str]) -> bool:
    """Whether the character just before or just after the match is a letter."""
    text, start, end = match.string, match.start(), match.end()
    return (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())


# --- titles ------------------------------------------------------------------------------------


def infer_title(text: str) -> str | None:
    """The first line when it reads as a headline: short, not a sentence, followed by text.

    Call it on cleaned text, so a boilerplate first line is not taken for the headline.
    """
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) >= TITLE_MAX_LENGTH:
        return None
    if _NOT_TITLE_END.search(first) or _BULLET.match(first) or not _LETTER.search(first):
        return None
    return first


# --- HTML and JSON ------------------------------------------------------------------------------


def article_from_html(
    html: str,
    *,
    id: str,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    language: str | None = None,
    origin: str | None = None,
) -> Article:
    """The main text of an HTML page (trafilatura), one paragraph per line, as an `Article`.

    The title is the given one, else the page's metadata title. Raises EmptyArticleError when
    no main text can be found, InputError for HTML nested too deeply to be read whole.
    """
    html = _SURROGATE.sub("", html)
    tree = _check_depth(html, id=id)
    document = _extract(html, id=id)
    if document is None and "<body" not in html.lower():
        document = _extract(f"<html><body>{html}</body></html>", id=id)  # a bare fragment
    text = normalize_text(with_lead(document.text or "", tree)) if document is not None else ""
    if not text.strip():
        raise EmptyArticleError(f"No article text found in the HTML of '{id}'.")
    page_title = normalize_text(document.title or "").strip() if document is not None else ""
    return Article(
        id=id,
        text=text,
        title=title or page_title or None,
        source=source,
        url=url,
        language=language,
        origin=origin,
    )


def _check_depth(html: str, *, id: str) -> etree._Element | None:
    """Refuse HTML that libxml2 stops reading part-way (more than 255 nested elements).

    trafilatura's parser gives up silently there, so the article would lose every word from
    that point on, or be reported as having no text at all. Returns the parsed page.
    """
    # The bytes are UTF-8 whatever the page's meta charset says: it was decoded already.
    parser = etree.HTMLParser(
        collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8"
    )
    tree = etree.fromstring(html.encode("utf-8"), parser)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(
            f"The HTML of '{id}' is nested too deeply (over {MAX_HTML_DEPTH} levels) to be read "
            "whole; send its text instead."
        )
    return tree


def _extract(html: str, *, id: str) -> trafilatura.settings.Document | None:
    """trafilatura's main-text extraction with metadata; None when it finds nothing.

    trafilatura's metadata code (htmldate) crashes on some odd markup ("<svg><s></s><a>"): the
    text is then extracted without metadata; markup it cannot read at all is an InputError.
    """
    for with_metadata in (True, False):
        try:
            document = trafilatura.bare_extraction(
                html, with_metadata=with_metadata, include_comments=False, include_tables=True
            )
            break
        except Exception as error:  # a third-party parser's bug: one article fails, not the run
            logger.warning(
                "trafilatura failed on the HTML of '%s' (metadata: %s)",
                id,
                with_metadata,
                exc_info=True,
            )
            failure = error
    else:
        raise InputError(
            f"The HTML of '{id}' could not be read ({type(failure).__name__}); send its text."
        ) from failure
    if document is None or not (document.text or "").strip():
        return None
    return document


def articles_from_json(
    data: object,
    *,
    origin: str,
    max_article_bytes: int,
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES,
) -> list[Article | IngestFailure]:
    """Articles from one JSON article object or a list of them; bad items become failures.

    An object has "text" or "html" and optionally "id", "title", "source", "url", "language".
    A missing id is derived from `origin`: its stem, plus "-<n>" (from 1) for list items.
    """
    stem = PurePath(origin).stem or origin
    if isinstance(data, dict):
        items, ids = [data], [stem]
    elif isinstance(data, list):
        items, ids = data, [f"{stem}-{n}" for n in range(1, len(data) + 1)]
    else:
        error = "JSON input must be an article object or a list of article objects."
        return [IngestFailure(id=stem, error=error, code=InputError.code, origin=origin)]
    if not items:
        error = "The JSON list holds no articles."
        return [IngestFailure(id=stem, error=error, code=EmptyArticleError.code, origin=origin)]
    results: list[Article | IngestFailure] = []
    for item, default_id in zip(items, ids, strict=True):
        try:
            limits = (max_article_bytes, max_html_bytes)
            results.append(_article_from_object(item, default_id, origin, limits))
        except InputError as error:
            item_id = _declared_id(item) or default_id
            results.append(_failure(item_id, error, origin))
    return results


def _article_from_object(
    item: object, default_id: str, origin: str, limits: tuple[int, int]
) -> Article:
    """One JSON article object as an `Article`; raises an InputError subclass when unusable.

    `limits` is (text bytes, HTML bytes); text extracted from HTML is held to the text limit.
    """
    max_article_bytes, max_html_bytes = limits
    if not isinstance(item, dict):
        raise InputError(f"Item '{default_id}' is a {type(item).__name__}, not an object.")
    fields = {name: _string_field(item, name, default_id) for name in _FIELDS}
    article_id = fields["id"] or default_id
    language = _language(fields["language"], article_id)
    text, html = fields["text"], fields["html"]
    if text is not None and html is not None:
        # The API refuses both too: one rule everywhere, and no guessing which one was meant.
        raise InputError(f'Article \'{article_id}\' has both "text" and "html": give exactly one.')
    if text is not None:
        body, use_text = text, True
    elif html is not None:
        body, use_text = html, False
    else:
        raise InputError(f'Article \'{article_id}\' has neither "text" nor "html".')
    limit = max_article_bytes if use_text else max_html_bytes
    _check_size(len(body.encode("utf-8", errors="replace")), limit, article_id)
    meta = {"source": fields["source"], "url": fields["url"], "language": language}
    title = normalize_text(fields["title"]).strip() if fields["title"] else None
    if use_text:
        return _text_article(body, id=article_id, title=title, origin=origin, **meta)
    article = article_from_html(body, id=article_id, title=title, origin=origin, **meta)
    _check_size(len(article.text.encode("utf-8")), max_article_bytes, f"{article_id} (text)")
    return article


def _string_field(item: dict[object, object], name: str, item_id: str) -> str | None:
    """A field that must be a string (an id may be an integer).

    A blank value counts as absent, except for "text" and "html", where it means empty.
    """
    value = item.get(name)
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"Field \"{name}\" of '{item_id}' must be a string.")
    value = _SURROGATE.sub("", value)  # "\ud800" in JSON: not text, and not encodable
    if name == "id":
        value = normalize_text(value).strip()
        if len(value) > MAX_ID_LENGTH or "\n" in value:
            raise InputError(f"Id '{value[:40]}...' is too long or spans lines.")
    if name in ("text", "html"):
        return value  # present but blank is an empty article, not a missing field
    return value if value.strip() else None


def _declared_id(item: object) -> str | None:
    """The id an item declares, when it is usable, to name its failure."""
    if isinstance(item, dict):
        value = item.get("id")
        if isinstance(value, str) and value.strip() and len(value) <= MAX_ID_LENGTH:
            return value.strip()
    return None


def _language(value: str | None, article_id: str) -> str | None:
    """An explicit language code, lower-cased ("de", "pt-br"); None when not given."""
    if value is None:
        return None
    code = value.strip().lower()
    if not _LANGUAGE.fullmatch(code):
        raise InputError(f"Language '{value[:20]}' of '{article_id}' is not a language code.")
    return code


def _text_article(
    raw: str,
    *,
    id: str,
    title: str | None,
    source: str | None,
    url: str | None,
    language: str | None,
    origin: str | None,
) -> Article:
    """A plain-text article; without a given title the pipeline infers one from clean text."""
    text = normalize_text(raw)
    if not text.strip():
        raise EmptyArticleError(f"Article '{id}' is empty.")
    # The title is inferred after cleaning, by the pipeline: cleaning here too would clean
    # every pasted page twice.
    return Article(
        id=id, text=text, title=title, source=source, url=url, language=language, origin=origin
    )


# --- files and folders --------------------------------------------------------------------------


def load_file(
    path: Path,
    *,
    max_article_bytes: int,
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES,
    max_articles: int = 1,
) -> list[Article | IngestFailure]:
    """The article(s) in one .txt/.text/.md, .html/.htm or .json file; problems become failures.

    Text (a text file, or the text extracted from a page) is limited by `max_article_bytes`,
    raw HTML by `max_html_bytes`: a page's scripts and markup weigh far more than its article.
    A JSON file may hold up to `max_articles` articles, so its size limit scales with it.
    """
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in SUFFIXES:
            raise UnsupportedFormatError(
                f"'{path.name}' is not a .txt, .text, .md, .html, .htm or .json file."
            )
        if suffix in JSON_SUFFIXES:
            largest = max(max_article_bytes, max_html_bytes)
            limit = min(largest * max(1, max_articles), MAX_JSON_BYTES)
            return _load_json(
                path,
                limit=limit,
                max_article_bytes=max_article_bytes,
                max_html_bytes=max_html_bytes,
            )
        if suffix in HTML_SUFFIXES:
            data = _read_limited(path, limit=max_html_bytes)
            html = decode_bytes(data, declared=_declared_charset(data))
            item = article_from_html(html, id=path.stem, origin=origin)
            _check_size(len(item.text.encode("utf-8")), max_article_bytes, f"{path.name} (text)")
            return [item]
        data = _read_limited(path, limit=max_article_bytes)
        text = decode_bytes(data)
        return [
            _text_article(
                text, id=path.stem, title=None, source=None, url=None, language=None, origin=origin
            )
        ]
    except WiredeskError as error:
        return [_failure(path.stem, error, origin)]
    except OSError as error:
        logger.warning("Cannot read %s: %s", path, error)
        reason = error.strerror or type(error).__name__
        return [
            IngestFailure(
                id=path.stem,
                error=f"Cannot read '{path.name}': {reason}.",
                code=InputError.code,
                origin=origin,
            )
        ]


def _load_json(
    path: Path, *, limit: int, max_article_bytes: int, max_html_bytes: int
) -> list[Article | IngestFailure]:
    """Parse a JSON file of one or more articles."""
    text = decode_bytes(_read_limited(path, limit=limit))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # ValueError: also a >4300-digit number
        raise InputError(f"'{path.name}' is not valid JSON: {error}") from error
    return articles_from_json(
        data, origin=str(path), max_article_bytes=max_article_bytes, max_html_bytes=max_html_bytes
    )


def _read_limited(path: Path, *, limit: int) -> bytes:
    """A regular file's bytes, refusing (before reading) anything over `limit` bytes."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise UnsupportedFormatError(f"'{path.name}' is not a regular file.")
    _check_size(info.st_size, limit, path.name)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    _check_size(len(data), limit, path.name)  # the file may have grown since stat()
    if not data.strip():
        raise EmptyArticleError(f"'{path.name}' is empty.")
    return data


def _check_size(size: int, limit: int, name: str) -> None:
    """Raise TooLargeError when `size` bytes is over `limit`."""
    if size > limit:
        raise TooLargeError(f"'{name}' is {size:,} bytes; the limit is {limit:,} bytes.")


def _failure(item_id: str, error: WiredeskError, origin: str | None) -> IngestFailure:
    """An `IngestFailure` carrying the error's message and stable code."""
    return IngestFailure(id=item_id, error=error.detail, code=error.code, origin=origin)


def load_paths(
    paths: Sequence[Path],
    *,
    max_article_bytes: int,
    max_articles: int,
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES,
) -> list[Article | IngestFailure]:
    """Articles from files and folders, in order; folders are read sorted and recursively.

    In folders, hidden entries, files of other formats and folders more than MAX_FOLDER_DEPTH
    deep are skipped; a file named explicitly is always reported, if only as a failure. Ids
    are made unique ("x", "x-2"). Past `max_articles` items, the rest is reported as one
    too_large failure. Raises InputError only when a path does not exist.
    """
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise InputError(f"No such file or folder: {', '.join(missing)}")
    results: list[Article | IngestFailure] = []
    seen: set[Path] = set()
    first_skipped: Path | None = None
    for file in _files(paths, results):
        resolved = file.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if len(results) >= max_articles:
            first_skipped = file
            break
        results.extend(
            load_file(
                file,
                max_article_bytes=max_article_bytes,
                max_html_bytes=max_html_bytes,
                max_articles=max_articles,
            )
        )
    if first_skipped is not None or len(results) > max_articles:
        results = [*results[:max_articles], _limit_failure(max_articles, first_skipped)]
    return _unique_ids(results)


def _files(paths: Sequence[Path], failures: list[Article | IngestFailure]) -> Iterator[Path]:
    """Every file named or found under a named folder; unreadable folders become failures."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, depth=0, failures=failures)
        else:
            yield path


def _walk(folder: Path, *, depth: int, failures: list[Article | IngestFailure]) -> Iterator[Path]:
    """Readable files under `folder` in name order.

    Hidden entries, symlinked folders and files of other formats are skipped (a folder of
    articles often holds a README or an image); a file named explicitly is never skipped.
    """
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        logger.warning("Cannot list %s: %s", folder, error)
        failures.append(
            IngestFailure(
                id=folder.name or str(folder),
                error=f"Cannot list folder '{folder}': {error.strerror or error}.",
                code=InputError.code,
                origin=str(folder),
            )
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if entry.is_symlink() or depth >= MAX_FOLDER_DEPTH:
                logger.info("Skipping folder %s (symlink or too deep)", entry)
                continue
            yield from _walk(entry, depth=depth + 1, failures=failures)
        elif entry.suffix.lower() in SUFFIXES:
            yield entry
        else:
            logger.info("Skipping %s (not a .txt, .text, .md, .html, .htm or .json file)", entry)


def _limit_failure(max_articles: int, first_skipped: Path | None) -> IngestFailure:
    """The failure that stands for everything past the article limit."""
    where = f" (from '{first_skipped}' on)" if first_skipped is not None else ""
    return IngestFailure(
        id="batch-limit",
        error=f"More than {max_articles} articles; the rest was skipped{where}.",
        code=TooLargeError.code,
        origin=str(first_skipped) if first_skipped is not None else None,
    )


def _unique_ids(items: list[Article | IngestFailure]) -> list[Article | IngestFailure]:
    """Give repeated ids a suffix ("x", "x-2", "x-3"), so results can be told apart."""
    counts: dict[str, int] = {}
    taken = {item.id for item in items}
    unique: list[Article | IngestFailure] = []
    for item in items:
        count = counts.get(item.id, 0) + 1
        counts[item.id] = count
        if count == 1:
            unique.append(item)
            continue
        new_id = f"{item.id}-{count}"
        while new_id in taken:
            count += 1
            new_id = f"{item.id}-{count}"
        taken.add(new_id)
        unique.append(item.model_copy(update={"id": new_id}))
    return unique
