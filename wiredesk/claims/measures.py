"""What a figure counts: a measure made from the noun after the number and the predicate around it.

"40 people died", "the death toll rose to 52", "52 Tote" and "kamen 52 Menschen ums Leben" are
all *deaths*; "evacuated" and "in shelters" are other measures; "workers", "employees", "staff"
and "Beschäftigte" are one kind of thing. A count with "still"/"noch" ("still without power")
is a running figure, a measure of its own. A noun outside the lexicons is its own measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.claims.lexicon import (
    CLASSES,
    CUSTOMERS,
    INHERENT_EVENTS,
    PEOPLE_LABELS,
    PERSON_CLASSES,
    THING_EVENTS,
    THING_EVENTS_FOR,
    words,
)

_STILL = re.compile(
    r"\b(?:still|remain|remains|remained|remaining|weiterhin|nach\s+wie\s+vor|immer\s+noch|"
    r"noch\s+immer)\b",
    re.IGNORECASE,
)
# Events that happen once: "still" does not make their count a running figure.
_ONCE_EVENTS = frozenset(
    {"deaths", "injured", "arrested", "seized", "freed", "rescued", "participants", "killed"}
    | {"cancelled", "diverted", "delayed", "destroyed", "damaged", "rejected", "cast", "sent"}
)
# "by noon", "as of Tuesday evening", "bis zum Abend": a count up to a time is a running figure
_BY_TIME = re.compile(
    r"\b(?:by|as\s+of|until)\s+(?:\w+\s+){0,2}(?:noon|midday|midnight|morning|afternoon|evening|"
    r"night|nightfall|\d{1,2}(?:[.:]\d{2})?\s*(?:a\.m\.|p\.m\.))\b|"
    r"\bbis\s+(?:zum|zur|in\s+die)\s+(?:\w+\s+)?\w*(?:mittag|abend|morgen|nacht|nachmittag)\b",
    re.IGNORECASE,
)
_NOCH_BEFORE = re.compile(r"\bnoch\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_EN_STOPS = frozenset(
    words(
        """a an the and or but of to in on at by for from with into onto as than that which who
        whom whose this these those is are was were be been being have has had do does did
        will would shall should can could may might must not no also already still only just
        then there here it its their his her they he she we you i now more other
        when where after before because if while since until as"""
    )
)
_DE_FUNCTION = frozenset(
    words(
        """von vom der die das den dem des in im auf mit aus bei nach zu zum zur und oder für
        über unter an am als wie ein eine einer eines einem einen sind ist war waren wurden
        wurde hat haben hatte hatten seien sei"""
    )
)
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d[\d.,]*|[^\w\s]")
_CLAUSE_BREAK = re.compile(
    r"[;:–—]|,\s|\s(?:while|whereas|but|während|aber|sondern)\s|\s(?:and|und|or|oder)\s(?=\S*\d)"
)
_NOUN_WORDS = 5
_OWNERS = frozenset({"our", "my", "your"})
_CLAUSE_WINDOW = 300


@dataclass(frozen=True)
class Measure:
    """What a figure counts: a key to compare on and a readable English label."""

    key: str
    label: str
    thing: str  # the class ("people", "vehicles") or "noun:<lemma>" outside the lexicons
    event: str | None
    still: bool = False

    def with_still(self, still: bool) -> Measure:
        """This measure as a running ("still") figure, or not."""
        if still == self.still:
            return self
        return make_measure(self.thing, self.event, still=still, label=None)


def make_measure(thing: str, event: str | None, *, still: bool, label: str | None) -> Measure:
    """A measure with its key and English label ("people still held", "flights cancelled")."""
    if thing == "participants" and event is None:
        thing, event = "people", "participants"  # "5,000 protesters" = "5,000 people took part"
    if event in _ONCE_EVENTS:
        still = False  # "police still say 40 died": deaths are not a running state
    if label is None:
        label = _label(thing, event)
    if still and thing == "people" and event == "hospitalised":
        label = "people still in hospital"
    elif still:
        label = f"{label} (still)" if " " not in label else label.replace(" ", " still ", 1)
    key = f"{thing}|{event or ''}|{'still' if still else ''}"
    return Measure(key=key, label=label, thing=thing, event=event, still=still)


def _label(thing: str, event: str | None) -> str:
    """An English label for a class and event."""
    if thing == "people" and event:
        return PEOPLE_LABELS[event]
    name = thing.split(":", 1)[1] if thing.startswith("noun:") else CLASSES[thing][0]
    return f"{name} {event}" if event else name


def english_lemma(noun: str) -> str:
    """A crude English lemma: lowercase, plural s dropped, synonyms unified (troops -> soldier)."""
    word = noun.lower()
    if word in ("people", "staff", "police", "cattle", "sheep", "aircraft", "poultry"):
        return word
    if word in ("men", "women", "children", "geese"):
        return {"men": "man", "women": "woman", "children": "child", "geese": "goose"}[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier"}.get(word, word)


def noun_class(noun: str, language: str, *, power_context: bool) -> str | None:
    """The class of a noun ("Fluggäste" -> passengers), or None when it is in no lexicon."""
    lowered = noun.lower()
    lemma = english_lemma(lowered) if language == "en" else lowered
    if lemma in CUSTOMERS or lowered in CUSTOMERS:
        return "households" if power_context else "accounts"
    for name, (_label_text, english, stems) in CLASSES.items():
        if language == "en" and (lemma in english or lowered in english):
            return name
        if language != "en" and any(_ends_with(lowered, stem) for stem in stems):
            return name
    return None


def inherent_event(noun: str, language: str) -> str | None:
    """The event a noun carries itself ("Tote", "hostages", "evacuees"), if any."""
    lowered = noun.lower()
    if language == "en":
        return INHERENT_EVENTS.get(english_lemma(lowered)) or INHERENT_EVENTS.get(lowered)
    for word, event in INHERENT_EVENTS.items():
        if _ends_with(lowered, word) and len(word) > 4:
            return event
    return None


def _ends_with(word: str, stem: str) -> bool:
    """German compounds and declensions: "Legehennen" ends with "hennen", "Evakuierten" with
    "evakuierte"(n)."""
    return word.endswith(stem) or word.endswith(stem + "n")


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): bounded by commas, semicolons, dashes and "while"
    (and at most `_CLAUSE_WINDOW` characters either side, so long text stays cheap)."""
    left = max(0, start - _CLAUSE_WINDOW)
    for match in _CLAUSE_BREAK.finditer(sentence, left, end):
        if match.end() <= start:
            left = match.end()
    right_match = _CLAUSE_BREAK.search(sentence, end, end + _CLAUSE_WINDOW)
    right = right_match.start() if right_match else min(len(sentence), end + _CLAUSE_WINDOW)
    return left, right


def head_noun(text_after: str, language: str) -> tuple[str, int] | None:
    """(noun, end offset) of the noun phrase right after a number, or None."""
    tokens = [(m.group(0), m.end()) for m in _TOKEN.finditer(text_after[:120])][:_NOUN_WORDS]
    if language == "de":
        for index, (token, end) in enumerate(tokens[:3]):
            if not token[0].isalpha() or token.lower() in _DE_FUNCTION:
                return None
            if token[0].isupper():
                return token, end
            if index == 2:
                return None
        return None
    if len(tokens) > 2 and tokens[0][0].lower() == "of" and tokens[1][0].lower() in _OWNERS:
        tokens = tokens[2:]  # "Five of our people": the people are counted, not a subset
    while tokens and tokens[0][0].lower() in ("other", "more"):
        tokens = tokens[1:]  # "two other bridges": the bridges are counted
    run: list[tuple[str, int]] = []
    for token, end in tokens:
        lowered = token.lower()
        if not token[0].isalpha() or lowered in _EN_STOPS:
            break
        if run and lowered.endswith(("ed", "ing")) and english_lemma(lowered) not in _ALL_EN:
            break
        run.append((token, end))
        lemma = english_lemma(lowered)
        if lemma in _ALL_EN or lowered in _ALL_EN:
            # "16 injured people": keep going to the noun the adjective belongs to
            if lemma in ("injured", "wounded", "dead") and len(tokens) > len(run):
                continue
            return token, end
        if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")):
            return token, end
    if not run:
        return None
    return run[-1]


_ALL_EN = frozenset(word for _name, (_l, english, _s) in CLASSES.items() for word in english)


def find_event(text: str, position: int, language: str, events: dict[str, tuple[str, str]]):
    """The event whose cue is nearest to `position` in `text` (or None): (event, distance)."""
    best: tuple[int, int, str] | None = None
    for order, (event, (english, german)) in enumerate(events.items()):
        pattern = english if language == "en" else german
        for match in re.finditer(pattern, text, re.IGNORECASE):
            distance = min(abs(match.start() - position), abs(match.end() - position))
            candidate = (distance, order, event)
            if best is None or candidate < best:
                best = candidate
    return (best[2], best[0]) if best else None


def thing_event(thing: str, text: str, position: int, language: str) -> str | None:
    """The nearest event in `text` that fits `thing` ("cancelled" for flights), or None."""
    allowed = THING_EVENTS_FOR.get(thing)
    if not allowed:
        return None
    found = find_event(text, position, language, {k: THING_EVENTS[k] for k in allowed})
    return found[0] if found else None


def is_still(clause: str, before_number: str) -> bool:
    """A running figure: "still without power", "remain in shelters", "noch 900 Haushalte"."""
    return bool(
        _STILL.search(clause) or _NOCH_BEFORE.search(before_number[-30:]) or is_stamped(clause)
    )


def is_stamped(clause: str) -> bool:
    """A count up to a time of day ("by noon", "bis zum Abend"): one stage of a running total."""
    return bool(_BY_TIME.search(clause))


def is_person_class(thing: str) -> bool:
    """Classes of people, whose counts can take a people event ("three workers were killed")."""
    return thing in PERSON_CLASSES
