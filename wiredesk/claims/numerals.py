"""Numbers written as words, in English and German: "Nineteen", "twenty-three", "a dozen",
"two thousand", "vierzehn", "dreitausend", "einundzwanzig", "zwei Millionen".

"one" / "ein" are left out: in news they are articles far more often than counts.
"""

from __future__ import annotations

import re

EN_UNITS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DE_UNITS = {
    "ein": 1,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "tausend": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "mrd.": 1e9,
    "k": 1e3,
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def word_numbers(text: str, lang: str, taken: set[int]) -> list[tuple[float, int, int, str]]:
    """Numbers written as words in `text` (spans in `taken` skipped): (value, start, end, raw)."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    found: list[tuple[float, int, int, str]] = []
    index = 0
    while index < len(words):
        _word, start, end = words[index]
        if start in taken:
            index += 1
            continue
        parsed = _parse_word_number(words, index, lang)
        if parsed is None:
            index += 1
            continue
        value, last = parsed
        end = words[last][2]
        if value > 1:
            found.append((value, start, end, text[start:end]))
        index = last + 1
    return found


def _parse_word_number(
    words: list[tuple[str, int, int]], index: int, lang: str
) -> tuple[float, int] | None:
    """(value, index of its last word) for a number written in words starting at `index`."""
    word = words[index][0].lower()
    nxt = words[index + 1][0].lower() if index + 1 < len(words) else ""
    if word == "a" and nxt in ("dozen", "hundred", "thousand"):
        return {"dozen": 12.0, "hundred": 100.0, "thousand": 1000.0}[nxt], index + 1
    value = _en_word_value(word) if lang != "de" else None
    if value is None:
        value = _de_word_value(word)
    if value is None:
        return None
    last = index
    while last + 1 < len(words):
        scale = words[last + 1][0].lower()
        if scale == "dozen":
            value *= 12
        elif scale in SCALES and scale not in ("m", "k", "bn"):
            value *= SCALES[scale]
        else:
            break
        last += 1
    return float(value), last


def _en_word_value(word: str) -> int | None:
    """English number words: "seven", "twenty-five", "forty"."""
    if word in EN_UNITS:
        return EN_UNITS[word]
    if word in EN_TENS:
        return EN_TENS[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        units = {**EN_UNITS, "one": 1}
        if tens in EN_TENS and unit in units and units[unit] < 10:
            return EN_TENS[tens] + units[unit]
    return None


def _de_word_value(word: str) -> int | None:
    """German number words, compounds included: "vierzehn", "zweitausend", "fünfundzwanzig"."""
    if not word or len(word) > 40:
        return None
    if word in ("ein", "eins", "eine"):
        return None  # "ein Mann" is an article far more often than a count
    return _de_compound(word)


def _de_compound(word: str) -> int | None:
    """The value of a German number word, or None when `word` is not one."""
    if word in _DE_UNITS:
        return _DE_UNITS[word]
    for scale, factor in (("tausend", 1000), ("hundert", 100)):
        if scale in word:
            left, _, right = word.partition(scale)
            head = 1 if left in ("", "ein") else _de_compound(left)
            tail = 0 if right == "" else _de_compound(right)
            if head is None or tail is None:
                return None
            return head * factor + tail
    if "und" in word:
        left, _, right = word.partition("und")
        unit = 1 if left == "ein" else _DE_UNITS.get(left)
        tens = _DE_UNITS.get(right)
        if unit and tens and unit < 10 and tens >= 20 and tens % 10 == 0:
            return unit + tens
    return None
