"""Claims of one article: each counted figure with its measure, hedge, speaker and timeline role.

A figure with no noun of its own ("put the number at 38", "Die Polizei nennt vier") counts what
the figure before it counted, in the same sentence or the two before, or what the sentence before
talks about ("the number of people who needed hospital treatment").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from wiredesk.claims.attribution import (
    closing_speaker,
    find_attributions,
    is_pronoun,
    next_sentence_speaker,
    sentence_subject,
    speaker_for,
)
from wiredesk.claims.lexicon import PEOPLE_EVENTS, STRONG_EVENTS
from wiredesk.claims.measures import (
    Measure,
    clause_span,
    english_lemma,
    find_event,
    head_noun,
    inherent_event,
    is_person_class,
    is_stamped,
    is_still,
    make_measure,
    noun_class,
    thing_event,
)
from wiredesk.claims.reading import Figure, is_vague_word, read_figures
from wiredesk.schema import ArticleResult

_POWER = re.compile(r"\b(?:power|electricity|blackouts?|outages?)\b|strom|netz", re.IGNORECASE)
_FROM_TO_AFTER = re.compile(r"^\s*(?:[\w.,]+\s+){0,3}?(?:auf|to)\s", re.IGNORECASE)
_VON_BEFORE = re.compile(r"\bvon\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_EARLIER_BEFORE = re.compile(
    r"(?:\b(?:up|down)\s+from|\bfrom|\bwaren\s+es|\bwar\s+es)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NEWER_BEFORE = re.compile(
    r"(?:\b(?:rose|risen|rising|climbed|increased|grew|jumped|gone\s+up|went\s+up|fell|dropped|"
    r"decreased|reached|revised|raised|stieg|gestiegen|erhöhte\s+sich|kletterte|sank|gesunken|"
    r"erhöht|korrigiert)\s+(?:\w+\s+){0,3}(?:to|auf)|\bnow|\binzwischen|\bmittlerweile|\bnun|"
    r"\bjetzt)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# German puts the verb last: "ist auf elf gestiegen"
_AUF_BEFORE = re.compile(r"\bauf\s+(?:\w+\s+){0,1}$", re.IGNORECASE)
_RISEN_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,1}(?:gestiegen|gesunken|erhöht|korrigiert|angewachsen|geklettert|"
    r"zurückgegangen)\b",
    re.IGNORECASE,
)
_TO_AFTER_FROM = re.compile(r"\bfrom\b.*\bto\s+(?:\w+\s+){0,2}$|\bvon\b.*\bauf\s+$", re.I)
# A sentence that sets its figure against another one ("a lower figure of 40"); case matters:
# "Lower Varenna" is a place.
_CONTRAST = re.compile(
    r"\b(?:(?:lower|higher|smaller|larger|different|conflicting|own)\s+(?:figure|number|count|"
    r"estimate|toll|tally|total)s?|far\s+(?:more|fewer|higher|lower)\s+than|disputed?|disputes|"
    r"contradicts?|(?:niedrigere|höhere|andere|eigene)n?\s+(?:Zahl|Angabe)n?|"
    r"deutlich\s+(?:mehr|weniger)|bestreitet|widerspricht|hingegen|umstritten)\b"
)
_PEAK = re.compile(
    r"\b(?:height|peak|at\s+its\s+worst|in\s+total|insgesamt|höhepunkt|zeitweise|spitze)\b",
    re.IGNORECASE,
)
_NUMBER_OF_EN = re.compile(
    r"\b(?:number|total|count|tally)\s+of\s+(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b", re.IGNORECASE
)
_NUMBER_OF_DE = re.compile(
    r"\b(?:Zahl|Anzahl|Gesamtzahl)\s+(?:der|von)\s+(?:[a-zäöüß]+\s+){0,2}([A-ZÄÖÜ][\w-]+)"
)
_FIGURE_TALK = re.compile(
    r"\b(?:figures?|numbers?|count|total|toll|tally|estimates?|put|puts|gave|given|giving|said|"
    r"says|say|told|claims?|claimed|reported|counted|zahl|angaben?|nennt|nannte|nennen|genannt|"
    r"zählte|zählt|beziffer\w*|spricht|sprach|sprechen|schätz\w*|gab|gibt|angegeben|meldete|"
    r"meldet|von|from|auf|to|than|compared|against|versus|es)\b",
    re.IGNORECASE,
)
# A running ("still") figure stamped with a day or time of day is one stage of a timeline.
_DAY_STAMP = re.compile(
    r"\b(?:morning|evening|noon|midday|afternoon|night|overnight|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|today|yesterday|\w*(?:morgen|mittag|abend|nacht)|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|heute|gestern)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_INHERIT_SENTENCES = 2
_SENTENCE_WINDOW = 400  # characters searched around a figure for what happened to the people


@dataclass(frozen=True)
class QuantityClaim:
    """A counted figure in one sentence of one article, with what it counts and who said it."""

    article: str
    sentence: int
    value: float
    text: str  # as written in the source, hedge kept: "rund 24.000 Haushalte"
    measure: Measure
    language: str
    hedge: str | None = None
    attributed_to: tuple[str, ...] = ()
    earlier: bool = False  # "up from 900": an earlier figure the article itself updates
    stamped: bool = False  # "by noon": one stage of a running total, compared with nothing
    contrast: bool = False  # its sentence sets it against another figure ("a lower figure")
    newer: bool = False  # "has risen to 52": says it is the newer figure

    @property
    def about(self) -> str:
        """The readable English label of what is counted."""
        return self.measure.label


@dataclass(frozen=True)
class Quantity:
    """A counted figure and the noun right after it, as found in a piece of text."""

    value: float
    noun: str
    hedge: str | None
    start: int
    end: int


def extract_quantities(text: str, language: str) -> list[Quantity]:
    """Counted figures followed by a noun ("etwa 10.000 Soldaten"); money, dates, subsets,
    ages, distances, rates and the like are left out."""
    lang = (language or "en").lower()[:2]
    found = []
    for figure in read_figures(text, lang):
        if figure.kind != "count":
            continue
        noun = head_noun(text[figure.end : figure.end + 120], lang)
        if noun is None or is_vague_word(noun[0]):
            continue
        found.append(
            Quantity(figure.value, noun[0], figure.hedge, figure.start, figure.end + noun[1])
        )
    return found


def article_claims(
    article: ArticleResult, *, glossary_notes: Mapping[str, str] | None = None
) -> list[QuantityClaim]:
    """Every counted figure of `article` with its measure and speaker (from the text alone).

    `glossary_notes` is accepted for compatibility; speakers come from how the text attributes
    a figure, never from a name merely appearing in the sentence.
    """
    del glossary_notes
    language = (article.language or "en").lower()[:2]
    # headlines too: "Marlau: Feuerwehr spricht von 56 Verletzten" states a value for its outlet
    body = [(index, pair.source) for index, pair in enumerate(article.sentences)]
    power = bool(_POWER.search(" ".join([article.title or "", *(text for _, text in body)])))
    claims: list[QuantityClaim] = []
    last_speaker: str | None = None
    seen_speakers: list[str] = []
    for position, (index, text) in enumerate(body):
        attributions = find_attributions(text, language)
        fallback = None
        if position + 1 < len(body):
            fallback = next_sentence_speaker(body[position + 1][1], language)
        if fallback is None and position > 0:
            fallback = closing_speaker(body[position - 1][1], language)
        previous_text = body[position - 1][1] if position > 0 else ""
        for figure in read_figures(text, language):
            if figure.kind != "count":
                continue
            measure = _measure(text, figure, language, power)
            if measure is None and _is_figure_talk(text, figure, language):
                measure = _inherited(claims, index, text, figure, previous_text, language)
            if measure is None:
                continue
            speaker = speaker_for(attributions, figure.number_start) or fallback
            if speaker and is_pronoun(speaker):
                speaker = last_speaker or sentence_subject(previous_text, language)
            speaker = _fuller_name(speaker, seen_speakers)
            claims.append(_claim(article.id, index, text, figure, measure, language, speaker))
        named = [a.name for a in attributions if not is_pronoun(a.name)]
        if named:
            last_speaker = named[-1]
        seen_speakers += named
    return claims


def _fuller_name(speaker: str | None, seen: list[str]) -> str | None:
    """A one-word speaker ("the association", "Der Verband") as named in full earlier in the
    article ("Fluggastverband FairFlug"), when exactly that word ends an earlier name's word."""
    if speaker is None or " " in speaker.strip():
        return speaker
    word = speaker.lower()
    for earlier in reversed(seen):
        if len(earlier) > len(speaker) and any(
            token.lower().rstrip("s").endswith(word) for token in earlier.split()
        ):
            return earlier
    return speaker


def _claim(
    article: str,
    index: int,
    text: str,
    figure: Figure,
    measure: Measure,
    language: str,
    speaker: str | None,
) -> QuantityClaim:
    """A claim for `figure`, with its timeline role read from the words before it."""
    start, end = clause_span(text, figure.start, figure.end)
    before = text[start : figure.start]
    peak = bool(_PEAK.search(text[start:end]))
    von_auf = bool(_VON_BEFORE.search(before) and _FROM_TO_AFTER.match(text[figure.end : end]))
    earlier = (bool(_EARLIER_BEFORE.search(before)) or von_auf) and not peak
    earlier = earlier and not _NEWER_BEFORE.search(before)
    risen_de = bool(_AUF_BEFORE.search(before) and _RISEN_AFTER.match(text[figure.end : end]))
    newer = bool(_NEWER_BEFORE.search(before) or _TO_AFTER_FROM.search(before) or risen_de)
    noun = head_noun(text[figure.end : figure.end + 120], language)
    shown_end = figure.end + (noun[1] if noun else 0)
    return QuantityClaim(
        article=article,
        sentence=index,
        value=figure.value,
        text=text[figure.start : shown_end],
        measure=measure,
        language=language,
        hedge=figure.hedge,
        attributed_to=(speaker,) if speaker else (),
        earlier=earlier,
        newer=newer and not earlier,
        stamped=is_stamped(text[start:end])
        or (measure.still and bool(_DAY_STAMP.search(text[start:end]))),
        contrast=bool(_CONTRAST.search(text)),
    )


def _measure(text: str, figure: Figure, language: str, power: bool) -> Measure | None:
    """What `figure` counts, from the noun after it and the predicate in its clause."""
    start, end = clause_span(text, figure.start, figure.end)
    clause = text[start:end]
    position = figure.number_start - start
    still = is_still(clause, text[: figure.number_start])
    noun = head_noun(text[figure.end : end], language)
    if noun is None:
        return _measure_from_clause(clause, position, language, power, still)
    word = noun[0]
    if is_vague_word(word):
        return None
    thing = noun_class(word, language, power_context=power)
    event = inherent_event(word, language)
    if thing is None and event:
        thing = "people"
    if thing is not None and (thing == "people" or is_person_class(thing)):
        if event not in STRONG_EVENTS:
            found = find_event(clause, position, language, PEOPLE_EVENTS)
            if found and (thing == "people" or found[0] != "participants"):
                event = found[0]
        if event is None and thing == "people":
            window = text[
                max(0, figure.number_start - _SENTENCE_WINDOW) : figure.end + _SENTENCE_WINDOW
            ]
            found = find_event(
                window, min(figure.number_start, _SENTENCE_WINDOW), language, PEOPLE_EVENTS
            )
            event = found[0] if found else None
        if event is not None:
            return make_measure("people", event, still=still, label=None)
        if thing == "people":
            return None
    if thing is not None:
        return make_measure(
            thing, thing_event(thing, clause, position, language), still=still, label=None
        )
    if language == "en":
        return make_measure(f"noun:{english_lemma(word)}", None, still=still, label=word.lower())
    label = f"{word} ({language})"
    return make_measure(f"noun:{_german_stem(word)}", None, still=still, label=label)


def _measure_from_clause(
    clause: str, position: int, language: str, power: bool, still: bool
) -> Measure | None:
    """A measure for a figure without a noun: "the death toll rose to 52", "die Zahl der
    Verschütteten auf sechs", "the number of invalid ballots at 1,312"."""
    for match in _WORD.finditer(clause[:position]):
        word = match.group(0)
        if language != "en" and not word[0].isupper():
            continue
        thing = noun_class(word, language, power_context=power)
        event = inherent_event(word, language)
        if event and (thing is None or thing == "people"):
            return make_measure("people", event, still=still, label=None)
        if thing and (thing == "people" or is_person_class(thing)):
            found = find_event(clause[:position], position, language, PEOPLE_EVENTS)
            if found:
                return make_measure("people", found[0], still=still, label=None)
            if thing == "people":
                continue
        if thing:
            event_name = thing_event(thing, clause, position, language)
            return make_measure(thing, event_name, still=still, label=None)
    found = find_event(clause, position, language, PEOPLE_EVENTS)
    if found:  # "94 were injured", "the toll rose to 52"
        return make_measure("people", found[0], still=still, label=None)
    named = (_NUMBER_OF_EN if language == "en" else _NUMBER_OF_DE).search(clause[:position])
    if named:  # "the number of confirmed cases rose to 212": a noun outside the lexicons
        word = named.group(1)
        key = english_lemma(word) if language == "en" else _german_stem(word)
        label = word.lower() if language == "en" else f"{word} ({language})"
        return make_measure(f"noun:{key}", None, still=still, label=label)
    return None


def _is_figure_talk(text: str, figure: Figure, language: str) -> bool:
    """True for a bare figure in talk about figures ("put the number at 38", "Die Polizei nennt
    vier", "der Flughafen hatte 34 genannt"): it counts what the text was counting."""
    start, end = clause_span(text, figure.start, figure.end)
    if head_noun(text[figure.end : end], language) is not None:
        return False
    return bool(_FIGURE_TALK.search(text[start:end]))


def _inherited(
    claims: list[QuantityClaim],
    index: int,
    text: str,
    figure: Figure,
    previous_text: str,
    language: str,
) -> Measure | None:
    """The measure of the nearest earlier figure (same sentence, then up to two sentences back,
    lexicon measures first), else what the sentence before talks about."""
    start, end = clause_span(text, figure.start, figure.end)
    still = is_still(text[start:end], text[: figure.number_start])
    same = [c for c in claims if c.sentence == index]
    if same:
        return same[-1].measure.with_still(still)
    recent = [c for c in claims if index - c.sentence <= _INHERIT_SENTENCES]
    known = [c for c in recent if not c.measure.thing.startswith("noun:")]
    if known or recent:
        return (known or recent)[-1].measure.with_still(still)
    found = find_event(previous_text, len(previous_text), language, PEOPLE_EVENTS)
    if found:
        return make_measure("people", found[0], still=still, label=None)
    return None


def _german_stem(word: str) -> str:
    """A German noun without its dative plural n ("Offizieren" -> "offiziere")."""
    lowered = word.lower()
    if len(lowered) > 5 and lowered.endswith("en") and lowered[-3] in "elr":
        return lowered[:-1]
    return lowered
