"""Per-sentence quality flags: cheap signals that a translated sentence needs a human look.

Each flag is a string, `code` or `code:detail`, stored on `SentencePair.flags`:

- `empty` - the output is blank although the source is not. No other flag is computed for the
  sentence then, except `glossary_missing`.
- `untranslated` - the output equals the source (ignoring case and spacing) for a source of
  4 or more words: the model copied the sentence instead of translating it.
- `too_short` / `too_long` - the output's length in characters, divided by the source's, is
  outside bounds that widen for short sentences (a 12-character headline may legitimately
  double): no check under 10 characters; 0.25-4.0 under 30; 0.4-2.5 under 100; 0.5-2.0 from
  100. Bounds are scaled for source scripts that pack more into a character (zh, ja, ko).
  A short output usually means dropped content, a long one a hallucinated repetition.
- `number_lost:<raw>` - a number written with digits in the source (as written there, e.g.
  `number_lost:10.000`) that the output does not contain with the same value. Numbers are read
  with each language's separators, so "10.000" kept as "10,000" is fine, and a day kept as an
  English ordinal ("24. Oktober" -> "October 24th") counts as kept.
- `glossary_missing:<English term>` - a glossary term of the source whose English form is not in
  the output, even after repair (see `wiredesk.enforce`).
- `glossary_repaired:<English term>` - informational: the output had the term mangled or in
  its source form and was repaired to the English form.

Flags come in the order above; the same flag is never repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wiredesk.numbers import extract_numbers, lost_numbers

UNTRANSLATED_MIN_WORDS = 4
MIN_CHECKED_CHARS = 10
# (shorter than this many source characters, lowest ratio, highest ratio), first fit wins.
LENGTH_BOUNDS: tuple[tuple[float, float, float], ...] = (
    (30, 0.25, 4.0),
    (100, 0.4, 2.5),
    (float("inf"), 0.5, 2.0),
)
# English characters per source character, for scripts far denser than Latin.
EXPECTED_RATIO = {"zh": 3.0, "ja": 2.5, "ko": 2.0}
_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)


def check_sentence(
    source: str,
    target: str,
    *,
    src_lang: str,
    missing_terms: Sequence[str] = (),
    repaired_terms: Sequence[str] = (),
    tgt_lang: str = "en",
) -> list[str]:
    """Quality flags for one translated sentence (codes documented in the module docstring)."""
    if not source.strip():
        return []
    glossary = [f"glossary_missing:{term}" for term in missing_terms]
    if not target.strip():
        return _unique(["empty", *glossary])
    flags: list[str] = []
    if _untranslated(source, target, src_lang=src_lang, tgt_lang=tgt_lang):
        flags.append("untranslated")
    length = _length_flag(source, target, src_lang=src_lang)
    if length:
        flags.append(length)
    flags.extend(f"number_lost:{raw}" for raw in _lost(source, target, src_lang, tgt_lang))
    flags.extend(glossary)
    flags.extend(f"glossary_repaired:{term}" for term in repaired_terms)
    return _unique(flags)


def _untranslated(source: str, target: str, *, src_lang: str, tgt_lang: str) -> bool:
    """Whether the output is the source copied (for sentences long enough to tell)."""
    if src_lang.lower()[:2] == tgt_lang.lower()[:2]:
        return False
    if len(source.split()) < UNTRANSLATED_MIN_WORDS:
        return False
    return " ".join(source.split()).casefold() == " ".join(target.split()).casefold()


def _length_flag(source: str, target: str, *, src_lang: str) -> str | None:
    """`too_short` / `too_long` when the length ratio is outside the bounds for this length."""
    source_chars = len(" ".join(source.split()))
    if source_chars < MIN_CHECKED_CHARS:
        return None
    ratio = len(" ".join(target.split())) / source_chars
    ratio /= EXPECTED_RATIO.get(src_lang.lower()[:2], 1.0)
    low, high = next((lo, hi) for limit, lo, hi in LENGTH_BOUNDS if source_chars < limit)
    if ratio < low:
        return "too_short"
    if ratio > high:
        return "too_long"
    return None


def _lost(source: str, target: str, src_lang: str, tgt_lang: str) -> list[str]:
    """Source numbers missing from the output; an English ordinal ("24th") keeps its number."""
    lost = lost_numbers(source, target, src_lang=src_lang, tgt_lang=tgt_lang)
    if not lost:
        return []
    ordinals = [float(m.group(1)) for m in _ORDINAL.finditer(target)]
    values = {m.raw: m.value for m in extract_numbers(source, src_lang)}
    still_lost = []
    for raw in lost:
        if values.get(raw) in ordinals:
            ordinals.remove(values[raw])
        else:
            still_lost.append(raw)
    return still_lost


def _unique(flags: Sequence[str]) -> list[str]:
    """`flags` without repeats, first occurrence kept."""
    return list(dict.fromkeys(flags))
