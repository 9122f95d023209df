"""Reading figures in news text: digits in either notation, numbers as words, hedges, and what
kind of number it is (a count, or money, a percentage, a date, an age, a distance, a rate...).

Only counts can disagree between sources; everything else is read so that it can be left out
for a stated reason rather than by accident.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wiredesk.claims.numerals import SCALES, word_numbers
from wiredesk.numbers import NumberMention, extract_numbers

_BEFORE_CHARS = 60
_KIND_BEFORE_CHARS = 45  # enough for "home to around", "including 500 officers and"
_AFTER_CHARS = 90

_SCALE_AFTER = re.compile(
    r"^(?:\s+(?:hundred|thousand|tausend|millions?|millionen|mio\.?|billion|milliarden?|mrd\.?)"
    r"|(?:m|bn|k))\b",
    re.IGNORECASE,
)
_ATTACHED_SCALE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(m|bn|k)\b")

# Hedges, and which way they bend the figure (used to tell a loose figure from a conflict).
LOWER_BOUND = ("more than", "over", "at least", "upwards of", "mehr als", "über", "mindestens")
UPPER_BOUND = (
    "fewer than",
    "less than",
    "under",
    "nearly",
    "almost",
    "weniger als",
    "knapp",
    "fast",
    "beinahe",
    "höchstens",
    "at most",
)
CLAIMED_MAXIMUM = ("up to", "as many as", "bis zu")
APPROXIMATE = (
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "an estimated",
    "estimated",
    "etwa",
    "rund",
    "ca.",
    "circa",
    "zirka",
    "ungefähr",
    "schätzungsweise",
    "gut",
)
_HEDGE_BEFORE = re.compile(
    r"(?<![\w])("
    + "|".join(
        re.escape(h)
        for h in sorted(LOWER_BOUND + UPPER_BOUND + CLAIMED_MAXIMUM + APPROXIMATE, key=len)[::-1]
    )
    + r")\s+(?:a\s+|the\s+)?$",
    re.IGNORECASE,
)

MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    "january|february|march|may|june|july|october|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|"
    "oct|okt|nov|dec|dez"
)
_CURRENCY_WORDS = (
    r"[€$£¥%‰]|prozent|prozentpunkte?n?|percent|per\s+cent|percentage|euros?|eur|dollars?|usd|"
    r"pfund|pounds?|franken|francs?|yen|rubel|rubles?|roubles?|yuan|cents?|crowns?|kronen|"
    r"kronor|kroner|rupees?|pesos?|bitcoins?|lire|zloty|forint|rand|shillings?"
)
_PERCENT_AFTER = re.compile(
    r"^\s*(?:%|‰|prozent|prozentpunkte?n?|percent|per\s+cent|percentage\s+points?)", re.I
)
_CURRENCY_AFTER = re.compile(rf"^\s*(?:{_CURRENCY_WORDS})\b|^\s*[€$£¥%‰]", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|\b(?:eur|usd|us-\$|chf|gbp|sek|nok|dkk))\s*$", re.I)
_UNITS = (
    r"km/h|mph|km|m|mi|sq|kilomet(?:er|re)s?n?|metres?|meters?|metern?|miles?|meilen|feet|foot|ft|cm|mm|"
    r"centimet(?:er|re)s?n?|zentimetern?|millimet(?:er|re)s?n?|degrees?|grad|°|tonnes?|tons?|"
    r"tonnen|kg|kilos?|kilograms?|kilogramm|grams?|gramm|litres?|liters?|litern?|hectares?|hektar|"
    r"acres?|square|quadratkilometern?|quadratmetern?|kwh|kilowattstunden|kubikmetern?|cubic|"
    r"knots?|knoten|mw|megawatts?|gw|gigawatts?|volts?|watts?|inch(?:es)?|zoll|bar|decibels?|"
    r"dezibel|storeys?|stories|floors?|stockwerke?n?|etagen?|stufen?"
)
_UNIT_AFTER = re.compile(rf"^\s*(?:{_UNITS})(?![\w])", re.IGNORECASE)
_DURATIONS = (
    r"years?|months?|weeks?|days?|nights?|hours?|minutes?|seconds?|decades?|centuries|"
    r"jahren?|jahres|monaten?|wochen?|tagen?|nächten?|nacht|stunden?|minuten?|sekunden?|"
    r"jahrzehnten?|jahrhunderten?"
)
_DURATION_AFTER = re.compile(
    rf"^\s*(?:(?:more|further|other|weitere[n]?|lange[n]?|full|whole)\s+)?(?:{_DURATIONS})\b",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"^(?::\d|\s*(?:uhr|a\.m\.|p\.m\.|am\b|pm\b|o'clock|h\b|gmt|utc|local\s+time))", re.I
)
_ORDINAL_AFTER = re.compile(rf"^\.\s*(?:[a-zäöüß]|(?:{MONTHS})\b)", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\.?\s*(?:{MONTHS})\b", re.IGNORECASE)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|seit|im|jahr|year|of|from|until|bis|by|winter|sommer|summer|spring|autumn|"
    r"fall|frühjahr|herbst|early|late|mid|ende|anfang|mitte|before|after|vor|nach|von|and|und|"
    r"to|the)\s*$",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"^\s*(?:[-–]\s*\d|(?:to|bis|and|und|or|oder)\s+\S*\d)", re.I)
_RANGE_BEFORE = re.compile(
    r"(?:\d\s*(?:[-–]|to|bis|or|oder)\s*$|\bbetween\s*$|\bzwischen\s*$|"
    r"\b(?:between|zwischen)\s+\S+\s+(?:and|und)\s*$)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(
    r"(?:\baged\s*$|\bage\s*(?:of\s*)?$|\bim\s+alter\s+(?:von\s+)?(?:\d+\s+und\s+)?$|"
    r"\balter\s+von\s*$)",
)
_AGE_AFTER = re.compile(
    r"^(?:-year-old|-jährige|\s*years?\s+old|\s*jahre\s+alte?[rnms]?\b)", re.IGNORECASE
)
_NAME_COMMA = re.compile(r"[A-Z][\w’'-]+,\s*$")  # "Brenik, 44, said": an age
_HYPHEN_AFTER = re.compile(r"^[-‑][^\W\d_]")
_RATE_AFTER = re.compile(
    r"^(?:\s+[\w'’-]+){0,4}?\s+(?:a|per|each|every|pro|am|je|im|in\s+the)\s+"
    r"(?:day|week|month|year|hour|night|tag|woche|monat|jahr|stunde|nacht)\b"
    r"|^(?:\s+[\w'’-]+){0,4}?\s+(?:daily|weekly|annually|yearly|täglich|jährlich|wöchentlich)\b",
    re.IGNORECASE,
)
_POPULATION_BEFORE = re.compile(
    r"(?:\bhome\s+to|\b(?:town|city|village|island|country|nation|region|province|district|"
    r"state|community|municipality)\s+of|\bpopulation\s+of|\bpopulation\s+(?:is|was|stands\s+at)|"
    r"\bstaff\s+of|\bworkforce\s+of|\bemploys|\bemploying|\bmembership\s+of|\brepresents|"
    r"\bstadt\s+mit|\bgemeinde\s+mit|\bbeschäftigt|\bzählt|\bcapacity\s+of|\bcan\s+hold|"
    r"\bholds\s+up\s+to|\broom\s+for|\bseats?\s+for|\bplatz\s+für|\bfasst|\bdesigned\s+for)"
    r"(?:\s+(?:about|around|some|nearly|almost|more\s+than|over|roughly|rund|etwa|fast|knapp|"
    r"mehr\s+als|über|just|only|nur))?\s*$",
    re.IGNORECASE,
)
_POPULATION_AFTER = re.compile(
    r"^\s*(?:(?:[\w-]+\s+){0,2}?(?:inhabitants|einwohner(?:n|innen)?|bürger(?:n|innen)?|"
    r"population|seats|sitzplätze|plätze|places|beds\s+in\s+total)|members|mitglieder(?:n)?|"
    r"-seat|-bed|-strong)\b",
    re.IGNORECASE,
)
_SUBSET_AFTER = re.compile(
    r"^\s*(?:of\s+(?:them|whom|which|those|these|the|its|their|his|her)\b|"
    r"(?:[\w-]+\s+)?davon\b|von\s+(?:ihnen|denen)\b|unter\s+ihnen\b|among\s+them\b)",
    re.IGNORECASE,
)
_SUBSET_BEFORE = re.compile(
    r"\b(?:including|includes|included|among\s+them|among\s+those|of\s+whom|of\s+which|"
    r"davon|darunter|unter\s+ihnen|unter\s+den|einschließlich|inklusive|inclusive|with|"
    r"von\s+denen)\s+(?:[\w.-]+\s+){0,4}$",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(
    r"\b(?:warnstufe|stufe|level|route|bundesstraße|straße|autobahn|flight|flug|no\.|nr\.|"
    r"number|nummer|gate|terminal|runway|platform|gleis|linie|line|line|kategorie|category|"
    r"article|artikel|paragraph|section|room|zimmer|highway|interstate|district|bezirk|"
    r"phase|grade|class|klasse|rank|platz|page|seite|chapter|kapitel|version|covid|h5n|"
    r"cat|force|stärke|magnitude)\s*$",
    re.IGNORECASE,
)
_OUT_OF_AFTER = re.compile(r"^\s*(?:von|of|out\s+of|aus)\s+\d", re.IGNORECASE)
_OUT_OF_BEFORE = re.compile(r"\d\s+(?:von|of|out\s+of|aus)\s*$", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(
    r"^\s+(?:more|further|additional|extra|new|weitere[nrs]?|zusätzliche[nrs]?)\b", re.IGNORECASE
)
_INCREMENT_BEFORE = re.compile(
    r"\b(?:another|a\s+further|further|additional|weitere[nr]?)\s*$", re.IGNORECASE
)
_VAGUE_WORDS = {"dozens", "hundreds", "thousands", "millions", "tausende", "hunderte", "dutzende"}


@dataclass(frozen=True)
class Figure:
    """One number in a sentence: its value, where it is, its hedge and what kind of number it is.

    `kind` is "count" for things that can be counted differently by two sources, else the
    reason it is not one ("money", "percent", "unit", "duration", "age", "date", "time",
    "rate", "population", "subset", "range", "label", "year", "decimal").
    """

    value: float
    start: int  # where the hedge (if any) or the number starts
    number_start: int
    end: int  # end of the number (and its scale word)
    raw: str
    hedge: str | None
    kind: str


def read_figures(text: str, language: str) -> list[Figure]:
    """Every number in `text` (digits or words) with its hedge and kind, in text order."""
    lang = (language or "en").lower()[:2]
    spans: list[tuple[float, int, int, str]] = []
    taken: set[int] = set()
    for match in _ATTACHED_SCALE.finditer(text):
        number = float(match.group(1).replace(",", "."))
        spans.append((number * SCALES[match.group(2).lower()], *match.span(), match.group(0)))
        taken.update(range(*match.span()))
    for mention in _join_space_groups(text, extract_numbers(text, lang)):
        if mention.start in taken:
            continue
        value, end = mention.value, mention.end
        scale = _SCALE_AFTER.match(text[end : end + 14])
        if scale:
            word = scale.group(0).strip().lower()
            value *= SCALES.get(word, SCALES.get(word.rstrip("."), 1))
            end += scale.end()
        spans.append((value, mention.start, end, text[mention.start : end]))
        taken.update(range(mention.start, end))
    spans += word_numbers(text, lang, taken)
    spans.sort(key=lambda span: span[1])
    return [_figure(text, *span) for span in spans]


def _join_space_groups(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """ "12 000" written with a plain space is one number, as style guides write it."""
    joined: list[NumberMention] = []
    for mention in mentions:
        last = joined[-1] if joined else None
        if (
            last is not None
            and text[last.end : mention.start] == " "
            and re.fullmatch(r"\d{1,3}(?: \d{3})*", last.raw)
            and re.fullmatch(r"\d{3}", mention.raw)
        ):
            raw = text[last.start : mention.end]
            value = float(raw.replace(" ", ""))
            joined[-1] = NumberMention(value, raw, last.start, mention.end)
            continue
        joined.append(mention)
    return joined


def _figure(text: str, value: float, start: int, end: int, raw: str) -> Figure:
    """A `Figure` with its hedge and kind read from the words around it."""
    before = text[max(0, start - _BEFORE_CHARS) : start]
    after = text[end : end + _AFTER_CHARS]
    near = before[-30:]
    last = _last_word(near)
    hedge_match = _HEDGE_BEFORE.search(near) if last in _HEDGE_ENDS else None
    hedge = hedge_match.group(1).lower() if hedge_match else None
    hedge_start = start - (len(near) - hedge_match.start(1)) if hedge_match else start
    kind = _kind(value, raw, before, after)
    return Figure(value, hedge_start, start, end, raw, hedge, kind)


def _word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a lexicon written as one string."""
    return frozenset(text.split())


def _last_word(before: str) -> str:
    """The last word before a number, lowercased ("" when none): a cheap gate for the
    end-anchored patterns, each of which can only match after a few known words."""
    words = before[-24:].split()
    if not words:
        return ""
    word = words[-1].lower()
    return word if word[-1:] in "€$£¥-–," else word.rstrip(".,;:")


_HEDGE_ENDS = frozenset(
    _w.split()[-1] for _w in LOWER_BOUND + UPPER_BOUND + CLAIMED_MAXIMUM + APPROXIMATE
) | {"a", "the"}
_CURRENCY_ENDS = frozenset({"eur", "usd", "us-$", "chf", "gbp", "sek", "nok", "dkk", "€", "$"})
_CURRENCY_ENDS = _CURRENCY_ENDS | {"£", "¥"}
_MONTH_WORDS = frozenset(MONTHS.split("|"))
_AGE_ENDS = frozenset({"aged", "age", "of", "von", "und"})
_RANGE_ENDS = frozenset({"to", "bis", "or", "oder", "between", "zwischen", "and", "und", "-", "–"})
_OUT_OF_ENDS = frozenset({"von", "of", "aus"})
_INCREMENT_ENDS = frozenset({"another", "further", "additional", "weitere", "weiteren", "weiterer"})
_LABEL_ENDS = _word_set(
    """warnstufe stufe level route bundesstraße straße autobahn flight flug no nr number nummer
    gate terminal runway platform gleis linie line kategorie category article artikel paragraph
    section room zimmer highway interstate district bezirk phase grade class klasse rank platz
    page seite chapter kapitel version covid h5n cat force stärke magnitude"""
)
_POPULATION_ENDS = _word_set(
    """to of is was at employs employing represents mit beschäftigt zählt hold for fasst about
    around some nearly almost than over roughly rund etwa fast knapp als über just only nur
    stands"""
)


def _kind(value: float, raw: str, before: str, after: str) -> str:
    """What kind of number this is: "count", or the reason it is not one."""
    before = before[-_KIND_BEFORE_CHARS:]
    last = _last_word(before)
    checks: tuple[tuple[str, Callable[[], object]], ...] = (
        ("percent", lambda: _PERCENT_AFTER.match(after)),
        (
            "money",
            lambda: (
                _CURRENCY_AFTER.match(after)
                or (last in _CURRENCY_ENDS and _CURRENCY_BEFORE.search(before[-10:]))
            ),
        ),
        ("time", lambda: _TIME_AFTER.match(after)),
        (
            "date",
            lambda: (
                (last.rstrip(".") in _MONTH_WORDS and _DATE_BEFORE.search(before[-12:]))
                or _DATE_AFTER.match(after)
            ),
        ),
        ("ordinal", lambda: _ORDINAL_AFTER.match(after)),
        (
            "age",
            lambda: (
                (last in _AGE_ENDS and _AGE_BEFORE.search(before[-30:])) or _AGE_AFTER.match(after)
            ),
        ),
        ("age", lambda: re.match(r"^,\s", after) and _NAME_COMMA.search(before[-30:])),
        ("unit", lambda: _UNIT_AFTER.match(after) or _HYPHEN_AFTER.match(after)),
        ("duration", lambda: _DURATION_AFTER.match(after)),
        (
            "range",
            lambda: (
                _RANGE_AFTER.match(after)
                or (
                    (last in _RANGE_ENDS or last.endswith(("-", "–")))
                    and _RANGE_BEFORE.search(before[-25:])
                )
            ),
        ),
        (
            "label",
            lambda: (
                _OUT_OF_AFTER.match(after)
                or (last in _OUT_OF_ENDS and _OUT_OF_BEFORE.search(before[-15:]))
            ),
        ),
        ("label", lambda: last in _LABEL_ENDS and _LABEL_BEFORE.search(before[-16:])),
        (
            "population",
            lambda: (
                (last in _POPULATION_ENDS and _POPULATION_BEFORE.search(before))
                or _POPULATION_AFTER.match(after)
            ),
        ),
        ("subset", lambda: _SUBSET_AFTER.match(after) or _SUBSET_BEFORE.search(before)),
        ("rate", lambda: _RATE_AFTER.match(after)),
        (
            "increment",
            lambda: (
                _INCREMENT_AFTER.match(after)
                or (last in _INCREMENT_ENDS and _INCREMENT_BEFORE.search(before[-16:]))
            ),
        ),
    )
    for kind, check in checks:
        if check():
            return kind
    if re.fullmatch(r"0\d*", raw) or value == 0:
        return "label"
    if before.endswith((":", "/", "#", "+", "№")) or after.startswith(("/", ":")):
        return "label"
    if re.search(r"[^\W\d_]-$", before[-3:]):
        return "label"  # "Covid-19", "F-16": part of a name
    if re.fullmatch(r"(1[89]|20)\d{2}", raw) and (
        _YEAR_BEFORE.search(before) or not re.match(r"^\s+[^\W\d_]", after)
    ):
        return "year"
    if value != int(value):
        return "decimal"
    return "count"


_ENGLISH_HEDGES = {
    "etwa": "about",
    "rund": "around",
    "ca.": "about",
    "circa": "about",
    "zirka": "about",
    "ungefähr": "about",
    "schätzungsweise": "an estimated",
    "gut": "just over",
    "mehr als": "more than",
    "über": "over",
    "mindestens": "at least",
    "weniger als": "fewer than",
    "knapp": "almost",
    "fast": "almost",
    "beinahe": "almost",
    "höchstens": "at most",
    "bis zu": "up to",
}


def english_hedge(hedge: str) -> str:
    """A hedge in English for the digest: "rund" -> "around"; English hedges stay."""
    return _ENGLISH_HEDGES.get(hedge.lower(), hedge.lower())


def hedge_direction(hedge: str | None) -> str | None:
    """ "lower" for "more than", "upper" for "up to", "approx" for "about", else None."""
    if hedge is None:
        return None
    if hedge in LOWER_BOUND:
        return "lower"
    if hedge in UPPER_BOUND:
        return "upper"
    if hedge in CLAIMED_MAXIMUM:
        return None  # "up to 12,000" is how a source states its figure
    return "approx"


def is_vague_word(word: str) -> bool:
    """True for "thousands", "Dutzende": a size, not a figure."""
    return word.lower() in _VAGUE_WORDS
