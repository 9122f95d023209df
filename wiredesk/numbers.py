"""Find numbers in text with the conventions of its language, so "10.000" (de) equals "10,000" (en).

Used by the per-sentence checks (was a number lost in translation?) and by the merge stage
(which sources give different numbers for the same thing?).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Languages that write 10.000,5 (dot groups thousands, comma marks decimals).
_COMMA_DECIMAL = frozenset(
    [
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "pt",
        "pl",
        "ru",
        "uk",
        "cs",
        "sk",
        "sl",
        "hr",
        "sr",
        "bg",
        "ro",
        "hu",
        "da",
        "sv",
        "nb",
        "no",
        "fi",
        "et",
        "lv",
        "lt",
        "tr",
        "el",
        "id",
    ]
)
_THIN_SPACES = "\u00a0\u202f\u2009"

# Group separators: the language's own, plus (thin) spaces which everybody uses.
_NUM_DOT_GROUPS = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:[.{_THIN_SPACES}]\d{{3}})+|\d+)(?:,(\d+))?(?![\w]|[.,]\d)"
)
_NUM_COMMA_GROUPS = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:[,{_THIN_SPACES}]\d{{3}})+|\d+)(?:\.(\d+))?(?![\w]|[.,]\d)"
)


@dataclass(frozen=True)
class NumberMention:
    """A number found in text: its value, the text as written, and where."""

    value: float
    raw: str
    start: int
    end: int

    @property
    def display(self) -> str:
        """The value written the English way: 10000 -> "10,000", 0.99 -> "0.99"."""
        if self.value == int(self.value):
            if re.fullmatch(r"1\d{3}|20\d{2}", self.raw):  # a year stays "1949", not "1,949"
                return self.raw
            return f"{int(self.value):,}"
        return f"{self.value:,.{_decimals(self.raw)}f}"


def _decimals(raw: str) -> int:
    match = re.search(r"[.,](\d{1,2})$", raw)
    return len(match.group(1)) if match else 2


def extract_numbers(text: str, language: str = "en") -> list[NumberMention]:
    """All numbers written with digits in `text`, read with `language`'s separators."""
    comma_decimal = language.lower()[:2] in _COMMA_DECIMAL
    pattern = _NUM_DOT_GROUPS if comma_decimal else _NUM_COMMA_GROUPS
    mentions = []
    for match in pattern.finditer(text):
        integer = re.sub(rf"[.,{_THIN_SPACES}]", "", match.group(1))
        fraction = match.group(2)
        value = float(f"{integer}.{fraction}" if fraction else integer)
        mentions.append(NumberMention(value, match.group(0), match.start(), match.end()))
    return mentions


def lost_numbers(source: str, target: str, *, src_lang: str, tgt_lang: str = "en") -> list[str]:
    """Numbers of `source` (as written there) that `target` does not contain, counting repeats."""
    available = Counter(m.value for m in extract_numbers(target, tgt_lang))
    lost = []
    for mention in extract_numbers(source, src_lang):
        if available[mention.value] > 0:
            available[mention.value] -= 1
        else:
            lost.append(mention.raw)
    return lost
