"""Numeric claims ("about 10,000 soldiers") and where sources disagree about them.

Claims are anchored on the *source* sentence, so they exist even when the translation is
meaningless; the English target only contributes the English noun when the number survived into
it. Claims about the same thing are grouped on the English noun ("soldier") or, for the same
source language, on the source noun ("soldaten"), so mixed real-model and tiny-model batches
still meet. A claim's `text` is the English target sentence, or the source sentence when every
article giving that value was translated by a meaningless model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from wiredesk.numbers import NumberMention, extract_numbers
from wiredesk.schema import ArticleResult, Claim, Disagreement, SentencePair
from wiredesk.similarity import model_is_meaningless, word_set

# Characters looked at on either side of a number: enough for "bis zu" / "8000 von ihnen" and
# a short noun phrase, and a hard bound on work per number however long the sentence is.
_BEFORE_CHARS = 60
_AFTER_CHARS = 90
_MAX_PHRASE_WORDS = 5
_ATTRIBUTABLE_KINDS = ("person", "org")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?|\d[\d.,]*|[^\w\s]")

_MONTHS = word_set(
    """januar jänner februar märz april mai juni juli august september oktober november dezember
    january february march may june july october december jan feb mar apr jun jul aug sep sept
    oct nov dec"""
)
# Time units: a duration ("seit 2 Jahren", "3 days") is not a disputed count.
_TIME_UNITS = word_set(
    """jahr jahre jahren jahres year years monat monate monaten month months woche wochen week
    weeks tag tage tagen day days stunde stunden hour hours minute minuten minutes sekunde
    sekunden second seconds uhr"""
)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:[€$£¥%‰]|prozent|prozentpunkte|percent|per\s+cent|percentage|euro|euros|eur|"
    r"dollar|dollars|usd|us-dollar|pfund|pounds?|franken|francs?|yen|rubel|rubles?|roubles?|"
    r"yuan|cent|cents)\b",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|\b(?:eur|usd|us-\$|chf|gbp))\s*$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^(?::\d|\s*(?:uhr|a\.m\.|p\.m\.|am\b|pm\b|o'clock|h\b))", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^\.(?!\d)")
_RANGE_AFTER = re.compile(r"^\s*(?:[-–]|bis\s+\d|to\s+\d)")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–]|bis|to|und|and|oder|or)\s*$", re.IGNORECASE)
_PARTITIVE_AFTER = re.compile(
    r"^\s*(?:davon\b|(?:von|of|unter|among)\s+(?:ihnen|them|whom|those|these|denen|diesen|"
    r"jenen|den|der|dieser|the|which)\b)",
    re.IGNORECASE,
)
_PARTITIVE_BEFORE = re.compile(
    r"\b(?:davon|darunter|including|among\s+them|of\s+whom|of\s+which|von\s+denen|"
    r"unter\s+ihnen|einschließlich|inklusive)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_HEDGES = (
    "etwa|rund|ca\\.|circa|zirka|ungefähr|knapp|fast|beinahe|mehr als|über|weniger als|bis zu|"
    "mindestens|höchstens|schätzungsweise|gut|about|around|approximately|roughly|nearly|almost|"
    "some|more than|over|fewer than|less than|under|up to|at least|at most|an estimated|"
    "as many as|as few as"
)
_HEDGE_BEFORE = re.compile(rf"(?<![\w])({_HEDGES})\s*$", re.IGNORECASE)
_SCALES = {
    "tausend": 1e3,
    "thousand": 1e3,
    "million": 1e6,
    "millionen": 1e6,
    "millions": 1e6,
    "mio.": 1e6,
    "mio": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd.": 1e9,
    "mrd": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
# Words that end an English noun phrase: anything that is not a modifier or a noun.
_EN_PHRASE_STOPS = word_set(
    """a an the and or but of to in on at by for from with into onto as than that which who whom
    whose this these those is are was were be been being have has had do does did will would
    shall should can could may might must not no also already still only just reportedly
    allegedly then there here it its their his her they he she we you i have now"""
)
_EN_VERBS = word_set("left went came fought lost remain remains fled died fell rose say says")
_EN_SYNONYMS = {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier"}
_ATTRIBUTION_TRIGGER = {
    "de": re.compile(r"\b(?:laut|sagte|erklärte)\s+", re.IGNORECASE),
    "en": re.compile(r"\b(?:according\s+to|said)\s+(?:the\s+)?", re.IGNORECASE),
}
_EN_SAID_BEFORE = re.compile(r"\s+said\b")
_NAME_CONNECTORS = frozenset({"of", "von", "der", "des", "for", "de", "van", "al"})
_NAME_PUNCTUATION = ",.;:!?\"'“”„»«()"
# Capitalised words that open a run but are not who said it ("laut Angaben des ISW").
_NAME_LEADS = frozenset({"the", "a", "an", "angaben", "berichten", "informationen", "schätzungen"})
_NOT_NAMES = (
    _MONTHS
    | {"he", "she", "they", "it", "we", "i", "er", "sie", "es", "wir", "this", "that"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"}
)
_MAX_NAME_TOKENS = 5


@dataclass(frozen=True)
class QuantityClaim:
    """A number plus the thing it counts, as found in one sentence of one article."""

    article: str
    sentence: int
    value: float
    text: str  # the claim as written in the source, hedge kept: "etwa 10.000 Soldaten"
    source_noun: str  # lowercased source head noun: "soldaten"
    language: str
    english_noun: str | None = None  # crude English lemma when the number survived: "soldier"
    english_phrase: str | None = None  # "North Korean soldiers"
    hedge: str | None = None
    attributed_to: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        """Grouping keys: the English noun, and the source noun within its language."""
        keys = [(self.language, self.source_noun)]
        if self.english_noun:
            keys.append(("en", self.english_noun))
        return tuple(keys)


@dataclass(frozen=True)
class _Quantity:
    """A number found in text with its scaled value, hedge, counted noun and phrase span."""

    value: float
    noun: str
    phrase: str
    hedge: str | None
    start: int
    end: int


def display_value(value: float) -> str:
    """A claim value the English way: 10000 -> "10,000", 1.5 -> "1.5"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def english_lemma(noun: str) -> str:
    """A crude English lemma: lowercase, plural s dropped, synonyms unified (troop -> soldier)."""
    word = noun.lower()
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _EN_SYNONYMS.get(word, word)


def extract_quantities(text: str, language: str) -> list[_Quantity]:
    """The counted quantities in `text`: numbers followed by the noun they count.

    Dates, years, ordinals, times, money, percentages, ranges, partitive subsets ("8000 von
    ihnen") and durations are left out: they are not the same kind of quantity.
    """
    lang = (language or "en").lower()[:2]
    found = []
    for mention in extract_numbers(text, lang):
        quantity = _quantity_at(text, mention, lang)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity_at(text: str, mention: NumberMention, lang: str) -> _Quantity | None:
    """The quantity a number starts, or None when it is not a count of something."""
    before = text[max(0, mention.start - _BEFORE_CHARS) : mention.start]
    after = text[mention.end : mention.end + _AFTER_CHARS]
    if _is_excluded(mention, before, after):
        return None
    tokens = [(m.group(0), m.end()) for m in _TOKEN.finditer(after)]
    value = mention.value
    if tokens and tokens[0][0].lower() in _SCALES:
        value *= _SCALES[tokens[0][0].lower()]
        tokens = tokens[1:]
        if _CURRENCY_AFTER.match(after[_offset_after(tokens, after) :]):
            return None
    head = _head_noun(tokens, lang)
    if head is None:
        return None
    noun, phrase, phrase_end = head
    if noun.lower() in _TIME_UNITS or noun.lower() in _MONTHS:
        return None
    hedge_match = _HEDGE_BEFORE.search(before)
    start = mention.start - (len(before) - hedge_match.start(1)) if hedge_match else mention.start
    hedge = hedge_match.group(1) if hedge_match else None
    return _Quantity(value, noun, phrase, hedge, start, mention.end + phrase_end)


def _offset_after(tokens: list[tuple[str, int]], after: str) -> int:
    """Where the remaining tokens begin in `after` (used after skipping a scale word)."""
    if not tokens:
        return len(after)
    word, end = tokens[0]
    return end - len(word)


def _is_excluded(mention: NumberMention, before: str, after: str) -> bool:
    """True for numbers that are not counts: years, ordinals, times, money, ranges, subsets."""
    raw = mention.raw
    if re.fullmatch(r"(19|20)\d{2}|2100", raw):
        return True
    if re.fullmatch(r"0\d+", raw) or mention.value == 0:
        return True
    if before.endswith((":", "/", "#", "+")) or after.startswith(("/", "%")):
        return True
    checks = (
        _ORDINAL_AFTER.match(after),
        _TIME_AFTER.match(after),
        _CURRENCY_AFTER.match(after),
        _CURRENCY_BEFORE.search(before),
        _RANGE_AFTER.match(after),
        _RANGE_BEFORE.search(before),
        _PARTITIVE_AFTER.match(after),
        _PARTITIVE_BEFORE.search(before),
    )
    if any(checks):
        return True
    last_word = re.findall(r"[^\W\d_]+", before[-20:])
    return bool(last_word) and last_word[-1].lower() in _MONTHS | {"jahr", "year"}


def _head_noun(tokens: list[tuple[str, int]], lang: str) -> tuple[str, str, int] | None:
    """(head noun, noun phrase, end offset) of the phrase right after a number, or None."""
    if lang == "de":
        return _head_noun_capitalised(tokens)
    if lang == "en":
        return _head_noun_english(tokens)
    return _head_noun_first_word(tokens)


def _is_word(token: str) -> bool:
    """True for word tokens (not numbers or punctuation)."""
    return token[0].isalpha()


def _head_noun_capitalised(tokens: list[tuple[str, int]]) -> tuple[str, str, int] | None:
    """German: nouns are capitalised, so the first capitalised word (adjectives skipped)."""
    words: list[str] = []
    for token, end in tokens[:_MAX_PHRASE_WORDS]:
        if not _is_word(token):
            return None
        words.append(token)
        if token[0].isupper():
            noun = token.rstrip(".")
            return noun, " ".join(words).rstrip("."), end - (len(token) - len(noun))
    return None


def _head_noun_english(tokens: list[tuple[str, int]]) -> tuple[str, str, int] | None:
    """English: the first plural-looking word of the modifier run, else its last word."""
    run: list[tuple[str, int]] = []
    for token, end in tokens[:_MAX_PHRASE_WORDS]:
        word = token.rstrip(".")
        if not _is_word(token) or word.lower() in _EN_PHRASE_STOPS:
            break
        if run and _looks_like_verb(word):
            break
        run.append((word, end - (len(token) - len(word))))
        if _looks_plural(word):
            break
    if not run:
        return None
    noun, end = run[-1]
    return noun, " ".join(word for word, _ in run), end


def _looks_like_verb(word: str) -> bool:
    """After a noun, "-ed"/"-ing" words and a few common verbs end the phrase ("people fled")."""
    lowered = word.lower()
    return lowered.endswith(("ed", "ing")) or lowered in _EN_VERBS


def _looks_plural(word: str) -> bool:
    """English plural-looking ("soldiers"), not "-ss"/"-us"/"-is" ("press", "bus")."""
    lowered = word.lower()
    return len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is"))


def _head_noun_first_word(tokens: list[tuple[str, int]]) -> tuple[str, str, int] | None:
    """Other languages: the word right after the number (nouns usually precede adjectives)."""
    if not tokens or not _is_word(tokens[0][0]):
        return None
    token, end = tokens[0]
    noun = token.rstrip(".")
    return noun, noun, end - (len(token) - len(noun))


def sentence_claims(
    pair: SentencePair,
    *,
    article: str,
    sentence: int,
    language: str,
    use_target: bool,
    attributed_to: Sequence[str] = (),
) -> list[QuantityClaim]:
    """The quantity claims of one sentence pair, keyed on English nouns where the number survived.

    `use_target=False` (a meaningless model) ignores the English side entirely.
    """
    lang = (language or "en").lower()[:2]
    source_quantities = extract_quantities(pair.source, lang)
    if not source_quantities:
        return []
    unused = extract_quantities(pair.target, "en") if use_target and lang != "en" else []
    claims = []
    for quantity in source_quantities:
        english = _take_same_value(unused, quantity.value)
        if lang == "en":
            english = quantity
        claims.append(
            QuantityClaim(
                article=article,
                sentence=sentence,
                value=quantity.value,
                text=pair.source[quantity.start : quantity.end],
                source_noun=quantity.noun.lower(),
                language=lang,
                english_noun=english_lemma(english.noun) if english else None,
                english_phrase=english.phrase if english else None,
                hedge=quantity.hedge,
                attributed_to=tuple(attributed_to),
            )
        )
    return claims


def _take_same_value(candidates: list[_Quantity], value: float) -> _Quantity | None:
    """Remove and return the first candidate with `value` (each English number is used once)."""
    for index, candidate in enumerate(candidates):
        if candidate.value == value:
            return candidates.pop(index)
    return None


def article_claims(
    article: ArticleResult, *, glossary_notes: Mapping[str, str] | None = None
) -> list[QuantityClaim]:
    """Every quantity claim in `article`, with who said it (glossary people/orgs, "laut X")."""
    use_target = not model_is_meaningless(article.model)
    language = (article.language or "en").lower()[:2]
    claims: list[QuantityClaim] = []
    for index, pair in enumerate(article.sentences):
        if pair.heading:
            continue
        if not extract_numbers(pair.source, language):
            continue
        speakers = attribution(
            article, index, glossary_notes=glossary_notes or {}, use_target=use_target
        )
        claims.extend(
            sentence_claims(
                pair,
                article=article.id,
                sentence=index,
                language=language,
                use_target=use_target,
                attributed_to=speakers,
            )
        )
    return claims


def attribution(
    article: ArticleResult,
    index: int,
    *,
    glossary_notes: Mapping[str, str],
    use_target: bool,
) -> list[str]:
    """Who sentence `index` attributes its content to: glossary people/orgs, then "laut X"."""
    names: list[str] = []
    for hit in article.glossary:
        if hit.sentence == index and _is_attributable(glossary_notes.get(hit.target)):
            names.append(hit.target)
    pair = article.sentences[index]
    if use_target:
        found = attributed_names(pair.target, "en")
    else:
        found = attributed_names(pair.source, (article.language or "en").lower()[:2])
    for name in found:
        if not any(_overlaps(name, known) for known in names):
            names.append(name)
    return _dedupe(names)


def _is_attributable(kind: str | None) -> bool:
    """True for glossary notes whose kind (first word) is person or org."""
    return kind is not None and kind.strip().lower().startswith(_ATTRIBUTABLE_KINDS)


def _overlaps(a: str, b: str) -> bool:
    """True when one name contains the other ("Blinken" / "Antony Blinken")."""
    left, right = a.lower(), b.lower()
    return left in right or right in left


def attributed_names(text: str, language: str) -> list[str]:
    """Names after "laut"/"sagte"/"according to"/"said" (and before English "said")."""
    trigger = _ATTRIBUTION_TRIGGER.get(language)
    if trigger is None:
        return []
    names = []
    for match in trigger.finditer(text):
        name = _capitalised_run(text[match.end() : match.end() + 80])
        if name:
            names.append(name)
    if language == "en":
        for match in _EN_SAID_BEFORE.finditer(text):
            name = _capitalised_run_before(text[max(0, match.start() - 60) : match.start()])
            if name:
                names.append(name)
    return _dedupe(names)


def _capitalised_run(text: str) -> str | None:
    """The capitalised words at the start of `text` ("Antony Blinken", "Secretary of State Antony
    Blinken"), connectors allowed inside; None when `text` starts lowercase or with a date word."""
    words = re.findall(r"\S+", text)[: _MAX_NAME_TOKENS + 2]
    run: list[str] = []
    for position, raw in enumerate(words):
        word = raw.strip(_NAME_PUNCTUATION)
        connector = word in _NAME_CONNECTORS and _is_capitalised(_word_at(words, position + 1))
        if not (_is_capitalised(word) or (run and connector)):
            break
        run.append(word)
        if raw.rstrip("\"'“”»«)") != raw.rstrip(_NAME_PUNCTUATION) or len(run) >= _MAX_NAME_TOKENS:
            break
    return _clean_name(run)


def _capitalised_run_before(text: str) -> str | None:
    """The capitalised words at the end of `text` (English "... Antony Blinken said")."""
    words = re.findall(r"\S+", text)
    run: list[str] = []
    for raw in reversed(words[-_MAX_NAME_TOKENS:]):
        word = raw.strip(_NAME_PUNCTUATION)
        if word != raw or not _is_capitalised(word):
            break
        run.insert(0, word)
    return _clean_name(run)


def _word_at(words: Sequence[str], position: int) -> str:
    """The word at `position` without punctuation, or "" past the end."""
    return words[position].strip(_NAME_PUNCTUATION) if position < len(words) else ""


def _is_capitalised(word: str) -> bool:
    """True for words starting with an uppercase letter."""
    return word[:1].isalpha() and word[:1].isupper()


def _clean_name(run: list[str]) -> str | None:
    """`run` without leading articles and report-nouns ("Angaben des"), or None if nothing is left
    or it is a pronoun or a date word."""
    while run and (run[0].lower() in _NAME_LEADS or run[0] in _NAME_CONNECTORS):
        run = run[1:]
    while run and run[-1] in _NAME_CONNECTORS:
        run = run[:-1]
    if not run or (len(run) == 1 and run[0].lower() in _NOT_NAMES):
        return None
    return " ".join(run)


def _dedupe(items: Iterable[str]) -> list[str]:
    """`items` without case-insensitive repeats, first spelling and order kept."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            kept.append(item)
    return kept


def find_disagreements(
    articles: Sequence[ArticleResult], *, glossary_notes: Mapping[str, str] | None = None
) -> list[Disagreement]:
    """Things counted differently by different articles (e.g. 10,000 vs 12,000 soldiers).

    A disagreement needs two distinct values that come from two different articles; one article
    giving two values, or one source alone, is not one. Values are sorted numerically.
    """
    by_id = {article.id: article for article in articles}
    claims = [
        claim
        for article in articles
        if article.status == "ok"
        for claim in article_claims(article, glossary_notes=glossary_notes)
    ]
    disagreements = []
    for group in _group_claims(claims):
        if _is_disagreement(group):
            disagreements.append(
                Disagreement(about=_about(group), claims=_merged_claims(group, by_id))
            )
    disagreements.sort(
        key=lambda d: (-len({s for c in d.claims for s in c.sources}), d.about.lower())
    )
    return disagreements


def _group_claims(claims: Sequence[QuantityClaim]) -> list[list[QuantityClaim]]:
    """Claims sharing any key (English noun, or source noun in the same language), transitively."""
    parent = list(range(len(claims)))

    def find(index: int) -> int:
        """The root of `index`'s group (with path halving)."""
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with_key: dict[tuple[str, str], int] = {}
    for index, claim in enumerate(claims):
        for key in claim.keys:
            if key in first_with_key:
                parent[find(index)] = find(first_with_key[key])
            else:
                first_with_key[key] = index
    groups: dict[int, list[QuantityClaim]] = defaultdict(list)
    for index, claim in enumerate(claims):
        groups[find(index)].append(claim)
    return list(groups.values())


def _is_disagreement(group: Sequence[QuantityClaim]) -> bool:
    """True when two different values come from two different articles."""
    pairs = {(claim.value, claim.article) for claim in group}
    return any(v1 != v2 and a1 != a2 for v1, a1 in pairs for v2, a2 in pairs)


def _about(group: Sequence[QuantityClaim]) -> str:
    """The English noun(s) the group counts ("soldiers / troops"), else "Soldaten (de)"."""
    english = _most_common(
        [c.english_phrase.split()[-1].lower() for c in group if c.english_phrase]
    )
    if english:
        return " / ".join(english[:2])
    source = _most_common([c.text.split()[-1] for c in group])
    return f"{source[0]} ({group[0].language})"


def _most_common(items: Sequence[str]) -> list[str]:
    """Distinct `items`, most frequent first, ties in order of first appearance."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    order = {item: position for position, item in reversed(list(enumerate(items)))}
    return sorted(counts, key=lambda item: (-counts[item], order[item]))


def _merged_claims(
    group: Sequence[QuantityClaim], by_id: Mapping[str, ArticleResult]
) -> list[Claim]:
    """One `Claim` per distinct value, with deduplicated sources and speakers."""
    by_value: dict[float, list[QuantityClaim]] = defaultdict(list)
    for claim in sorted(group, key=lambda c: (c.article, c.sentence)):
        by_value[claim.value].append(claim)
    merged = []
    for value in sorted(by_value):
        members = by_value[value]
        merged.append(
            Claim(
                value=display_value(value),
                text=_claim_text(members, by_id),
                sources=_dedupe(c.article for c in members),
                attributed_to=_dedupe(name for c in members for name in c.attributed_to),
            )
        )
    return merged


def _claim_text(members: Sequence[QuantityClaim], by_id: Mapping[str, ArticleResult]) -> str:
    """The English sentence of the first article with a meaningful model, else a source sentence."""
    for claim in members:
        article = by_id[claim.article]
        if not model_is_meaningless(article.model):
            return article.sentences[claim.sentence].target
    first = members[0]
    return by_id[first.article].sentences[first.sentence].source
