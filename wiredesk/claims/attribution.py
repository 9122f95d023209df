"""Who the text names as the source of a figure: "X said", "according to X", "nach Angaben von X",
"laut X", "teilte X mit", "wie X berichtet", "X puts the figure at", in the figure's sentence or
the adjacent one ("Das teilten die Stadtwerke mit.", "That was the figure given by X.").

Only the text counts: a name that is merely mentioned in the sentence is not a source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a lexicon written as one string."""
    return text.split()


_EN_SUBJECT_VERBS = (
    r"(?:(?:has|have|had|will|would)\s+)?(?:said|says|say|told|tells|added|estimated|estimates|"
    r"reported|reports|announced|announces|confirmed|confirms|insisted|insists|claimed|claims|"
    r"stated|states|counted|counts|put|puts|gave|gives|given|stuck\s+to|sticks\s+to|stood\s+by|"
    r"stands\s+by|recorded|records|registered|cited|wrote|revised|maintains|maintained|"
    r"spoke\s+of|speaks\s+of|tweeted|posted|puts?\s+the\s+\w+\s+at|show|shows|showed)"
)
_DE_SUBJECT_VERBS = (
    r"(?:sagte|sagt|sagten|sagen|erklärte|erklärt|erklärten|zählte|zählt|zählten|beziffert|"
    r"beziffern|bezifferte|bezifferten|nennt|nannte|nennen|nannten|sprach|spricht|sprechen|"
    r"sprachen|gab|gibt|geben|gaben|schätzt|schätzte|schätzen|meldete|meldet|meldeten|"
    r"berichtet|berichtete|berichten|bestätigte|bestätigt|schrieb|schreibt|twitterte)"
)
_DE_PERFECT = re.compile(
    r"\b(?:hatte|hat|haben|hatten)\b(?=.*\b(?:genannt|angegeben|gezählt|gemeldet|beziffert|"
    r"geschätzt|mitgeteilt)\b)",
    re.IGNORECASE,
)
_EN_INVERTED = re.compile(
    r"(?:[\"”“'’,]\s*)(?:said|says|added|told|according\s+to)\s+", re.IGNORECASE
)
_EN_AFTER = re.compile(
    r"\b(?:according\s+to|given\s+by|came\s+from|comes\s+from|provided\s+by|issued\s+by|"
    r"released\s+by|supplied\s+by|figures?\s+from|data\s+from)\s+",
    re.IGNORECASE,
)
_DE_AFTER = re.compile(
    r"\b(?:nach\s+(?:eigenen\s+)?(?:angaben|darstellung|schätzungen?|informationen|zählung|"
    r"auskunft|worten|einschätzung|zählungen)|laut|berichte[n]?|angaben|zufolge\s+von|"
    r"hieß\s+es\s+(?:von|vom|bei|beim|aus)|"
    r"schätzungen|so)\s+(?=(?:de[rsmn]|die|das|eine[rsmn]?|vo[nm]|[A-ZÄÖÜ]))",
    re.IGNORECASE,
)
_DE_INVERTED = re.compile(
    r"(?:[\"“„”'’,]\s*|^\s*|\.\s+)(?:sagte|sagten|erklärte|erklärten|teilte|teilten|berichtete|"
    r"berichteten|meldete|meldeten|schätzte|schätzten|zählte|zählten|nannte|nannten|"
    r"bestätigte|bestätigten)\s+",
    re.IGNORECASE,
)
# "Das sagte ein Sprecher des Klinikums.": a sentence that only names who said the one before
_DE_THAT_SAID = re.compile(
    r"^\s*(?:das|dies|diese\s+zahl|die\s+zahl)\s+(?:sagte|sagten|erklärte|erklärten|berichtete|"
    r"berichteten|meldete|meldeten|bestätigte|bestätigten|nannte|nannten|schätzte|schätzten)\s+",
    re.IGNORECASE,
)
# "Das teilte die Polizei mit": the speaker follows the separable verb wherever it stands
_DE_TEILTE = re.compile(
    r"\b(?:teilte|teilten|teilt|gab|gaben)\s+(?=\S+\s+\S+.*\b(?:mit|bekannt)\b)", re.I
)
# "Der Feuerwehr zufolge", "nach Polizeiangaben": the source stands before the trigger
_DE_ZUFOLGE = re.compile(
    r"\b(?:[Dd]em|[Dd]er|[Dd]en|[Dd]es)\s+((?:\w+\s+){0,3}?[A-ZÄÖÜ][\w-]+)\s+zufolge\b"
)
_DE_COMPOUND_SOURCE = re.compile(
    r"\b(?:[Nn]ach|[Ll]aut)\s+([A-ZÄÖÜ][a-zäöüß]+?)(?:angaben|schätzungen|informationen|zählungen?)\b"
)
_DE_WIE = re.compile(
    r"\bwie\s+(.{2,80}?)\s+(?:mitteilte|mitteilten|berichtet|berichtete|berichten|berichteten|"
    r"meldete|meldeten|sagte|sagten|erklärte|erklärten|bestätigte|bestätigten|mitgeteilt)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(
    r"((?:[\w-]+\s+){0,3}[\w-]+)['’]s\s+(?:own\s+|official\s+)?(?:count|figure|estimate|tally|"
    r"toll|total|number|numbers|figures)\b",
    re.IGNORECASE,
)
_NEXT_SENTENCE_LEAD = re.compile(
    r"^\s*(?:that|this|the\s+(?:figure|number|count|toll|estimate)|these\s+figures|das|dies|"
    r"diese\s+(?:zahl|angaben)|die\s+(?:zahl|angaben))\b",
    re.IGNORECASE,
)
_STOP_WORDS = frozenset(
    _words(
        """on at in during after before when who which that as while to with from and but
        because since about had has have was were is are would will said says who's whose
        where than if it said told am im bei auf gegen vor nach zu mit dass und aber weil
        seit um davon darauf noch bereits heute gestern sei seien habe hat hatte wird werde
        über zufolge sowie sich nicht man es wie"""
    )
)
_LEADING = frozenset(
    _words(
        """the a an and but while whereas so der die das des dem den ein eine eines einer einem
        einen und aber während its their"""
    )
)
_CLAUSE_WORDS = frozenset(
    _words(
        """had has have was were is are would will which who that when if been being wurde
        wurden ist sind war waren hatte hat haben wird zufolge"""
    )
)
_OPEN_ENDS = frozenset({"of", "the", "a", "an", "its", "their", "with", "for", "by", "to", "newly"})
_DE_ADVERBS = frozenset(
    _words(
        """insgesamt gestern heute zuletzt zunächst dort hier damals inzwischen mittlerweile
        bislang bisher dann danach später außerdem zudem allein demnach offenbar nun jetzt
        morgens abends nachts vormittags nachmittags bereits schon ebenfalls auch"""
    )
)
_OWN_ACCOUNT = re.compile(r"\bnach\s+eigenen\s+(?:angaben|zählungen?|schätzungen?)\b", re.I)
_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "er", "sie", "es", "wir", "ich"])
_NOT_SPEAKERS = frozenset(
    _words(
        """there this that these those which what who here nobody no one anyone everyone dies
        das figures figure data statistics estimates numbers"""
    )
)
_MAX_NAME_WORDS = 8
_MAX_SUBJECT_WORDS = 10  # "A spokesman for the regional fire service said"
_SUBJECT_WINDOW = 300  # characters looked back for a subject: bounds work on long sentences
_QUOTES = '"“”„»«'


@dataclass(frozen=True)
class Attribution:
    """A speaker named in a sentence, and where the naming starts (to pick the nearest one)."""

    name: str
    position: int


def find_attributions(sentence: str, language: str) -> list[Attribution]:
    """Every speaker the sentence names as a source, in text order (pronouns kept as written)."""
    lang = (language or "en").lower()[:2]
    found = _subject_speakers(sentence, lang) + _following_speakers(sentence, lang)
    found.sort(key=lambda attribution: attribution.position)
    return found


def attributed_names(text: str, language: str) -> list[str]:
    """The names `text` gives as sources (pronouns left out), first spelling kept."""
    names = [a.name for a in find_attributions(text, language) if not is_pronoun(a.name)]
    return dedupe(names)


def speaker_for(attributions: Sequence[Attribution], position: int) -> str | None:
    """The speaker for a figure at `position`: the nearest naming before it, else the next one."""
    before = [a for a in attributions if a.position <= position]
    if before:
        return before[-1].name
    return attributions[0].name if attributions else None


def next_sentence_speaker(sentence: str, language: str) -> str | None:
    """The speaker of a sentence that only says who gave the figure before it ("Das teilten die
    Stadtwerke mit.", "That was the figure given by X.")."""
    if not _NEXT_SENTENCE_LEAD.match(sentence):
        return None
    found = [a.name for a in find_attributions(sentence, language) if not is_pronoun(a.name)]
    return found[0] if found else None


def closing_speaker(sentence: str, language: str) -> str | None:
    """The speaker named at the end of a sentence (", X said." / "teilte X mit."), if any."""
    found = find_attributions(sentence, language)
    if not found:
        return None
    last = found[-1]
    if last.position < len(sentence) * 0.5 or is_pronoun(last.name):
        return None
    return last.name


def is_pronoun(name: str) -> bool:
    """True for "she", "Sie", "they": a speaker to resolve from the sentence before."""
    return name.lower() in _PRONOUNS


def _subject_speakers(sentence: str, lang: str) -> list[Attribution]:
    """Speakers before a verb of saying or estimating: "The ministry said", "Die Polizei nennt"."""
    verbs = _EN_SUBJECT_VERBS if lang == "en" else _DE_SUBJECT_VERBS
    found: list[Attribution] = []
    matches = [(m.start(), m.end()) for m in re.finditer(rf"\b{verbs}\b", sentence, re.I)]
    if lang != "en":
        matches += [(m.start(), m.end()) for m in _DE_PERFECT.finditer(sentence)]
    for start, end in matches:
        name = _subject_before(sentence[max(0, start - _SUBJECT_WINDOW) : start], lang)
        if lang != "en" and (name is None or name.lower() in _DE_ADVERBS):
            # German verb-second: "Insgesamt zählte die Leitstelle 512 Notrufe"
            name = _determiner_phrase(sentence[end : end + 160])
        if name:
            found.append(Attribution(name, start))
    if lang != "en" and _OWN_ACCOUNT.search(sentence):
        # "Die Feuerwehr rückte nach eigenen Angaben zu 350 Einsätzen aus": its own count
        first = sentence.split(maxsplit=1)[0] if sentence.split() else ""
        name = _determiner_phrase(sentence) or (first if is_pronoun(first) else None)
        if name:
            found.append(Attribution(name, 0))
    for match in _POSSESSIVE.finditer(sentence):
        name = _clean(match.group(1).split(), lang, from_end=True)
        if name and not is_pronoun(name):
            found.append(Attribution(name, match.start()))
    return found


def sentence_subject(sentence: str, language: str) -> str | None:
    """The German subject that opens a sentence ("Die Feuerwehr war ..."), for "sie" after it."""
    return _determiner_phrase(sentence) if language == "de" else None


def _determiner_phrase(text: str) -> str | None:
    """A German noun phrase that opens `text` with an article ("die Leitstelle"), or None."""
    if not re.match(r"\s*(?:der|die|das|ein|eine)\s+", text, re.IGNORECASE):
        return None
    return _phrase_after(text.strip(), "de")


def _subject_before(text: str, lang: str) -> str | None:
    """The subject noun phrase at the end of `text` (relative clauses skipped), or None."""
    relative = list(re.finditer(r",\s+(?:which|who|whose|where|der|die|das|welche[rs]?)\b", text))
    if text.rstrip().endswith(",") and relative:
        text = text[: relative[-1].start()]  # "X, which owns the plant, has said"
    parts = [part.strip() for part in re.split(r",\s|;\s|:\s|\s[–—]\s|\bthat\b|\bdass\b", text)]
    parts = [part for part in parts if part]
    # "X, which owns the plant, has said": the verb right after a comma closes a relative clause
    while (
        text.rstrip().endswith(",")
        and len(parts) > 1
        and re.match(
            r"^(?:which|who|whose|where|der|die|das|welche[rs]?)\b", parts[-1], re.IGNORECASE
        )
    ):
        parts.pop()
    if not parts:
        return None
    if any(quote in parts[-1] for quote in _QUOTES) or re.search(r"\d", parts[-1]):
        return None  # a quotation or a figure, not who said it
    segment = parts[-1].strip(" ")
    words = segment.split()
    while words and words[0].lower() in ("and", "but", "while", "und", "aber", "so", "also"):
        words = words[1:]
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return None
    if any(word.lower() in _CLAUSE_WORDS for word in words[1:]):
        return None  # a clause, not a noun phrase
    if words[-1].lower() in _OPEN_ENDS:
        return None  # "the number of confirmed cases": the verb is an adjective here
    if lang != "en" and not (words[0][:1].isupper() or words[0].lower() in _LEADING):
        return None
    if not words or words[0].lower() in _STOP_WORDS:
        return None  # "Im Land gibt es": a place, not a speaker
    return _clean(words, lang, from_end=False)


def _following_speakers(sentence: str, lang: str) -> list[Attribution]:
    """Speakers after a trigger: "according to X", "said X", "nach Angaben der X", "laut X"."""
    found: list[Attribution] = []
    triggers = (
        [_EN_INVERTED, _EN_AFTER]
        if lang == "en"
        else [_DE_AFTER, _DE_INVERTED, _DE_TEILTE, _DE_THAT_SAID]
    )
    for pattern in triggers:
        for match in pattern.finditer(sentence):
            name = _phrase_after(sentence[match.end() : match.end() + 160], lang)
            if name:
                found.append(Attribution(name, match.start()))
    if lang != "en":
        for pattern in (_DE_ZUFOLGE, _DE_COMPOUND_SOURCE):
            for match in pattern.finditer(sentence):
                name = _clean(match.group(1).split(), lang, from_end=False)
                if name:
                    found.append(Attribution(name, match.start()))
        for match in _DE_WIE.finditer(sentence):
            name = _clean(match.group(1).split(), lang, from_end=False)
            if name and len(name.split()) <= _MAX_NAME_WORDS:
                found.append(Attribution(name, match.start()))
    return found


def _phrase_after(text: str, lang: str) -> str | None:
    """The noun phrase at the start of `text`, up to punctuation or a function word."""
    words: list[str] = []
    for raw in re.findall(r"\S+", text)[: _MAX_NAME_WORDS + 2]:
        word = raw.strip(_QUOTES + ",.;:!?()")
        lowered = word.lower()
        if not word or lowered in _STOP_WORDS or re.search(r"\d", word):
            break
        if lang != "en" and word[0].islower() and lowered not in _LEADING | {"von", "vom", "für"}:
            following = re.findall(r"\S+", text)[len(words) + 1 : len(words) + 2]
            if not (_adjective_before_noun(lowered) and following and following[0][:1].isupper()):
                break
        words.append(word)
        if raw != raw.rstrip(_QUOTES + ",.;:!?()") or len(words) >= _MAX_NAME_WORDS:
            break
    return _clean(words, lang, from_end=False)


def _adjective_before_noun(word: str) -> bool:
    """German lowercase adjectives inside a name ("die südkoreanische Nachrichtenagentur")."""
    return word.endswith(("e", "en", "er", "es", "em", "ische", "ischen"))


def _clean(words: list[str], lang: str, *, from_end: bool) -> str | None:
    """`words` without leading articles and trailing connectors; None if nothing is left."""
    words = [word.strip(_QUOTES + ",.;:!?()") for word in words]
    words = [word for word in words if word]
    if from_end:
        words = words[-4:]
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    while words and words[-1].lower() in ("of", "von", "vom", "der", "des", "for", "the"):
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if name.lower() in _NOT_SPEAKERS or len(words) > _MAX_NAME_WORDS:
        return None
    return name


def dedupe(items: Sequence[str]) -> list[str]:
    """`items` without case-insensitive repeats, first spelling and order kept."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            kept.append(item)
    return kept
