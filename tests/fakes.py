"""A deterministic fake translator that behaves like an OPUS-MT model where tests need it to.

`FakeTranslator` translates German word by word with a small dictionary, writes numbers the
English way ("10.000" -> "10,000"), copies unknown words (names) through unchanged, and then
damages names exactly as told, so a test can drive each glossary path on purpose:

    FakeTranslator(mangle={"Choe Son Hui": "Choe Son-hui"})   # a mangled copy (repaired)
    FakeTranslator(mangle={"Pyongyang": "Pjöngjang"})          # German form kept (repaired)
    FakeTranslator(drop={"Kursk"})                             # name dropped (flagged missing)

Every call is recorded in `.calls` (the sentences as given) and `.beams`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

# German words as German writes them (nouns capitalised), so a capitalised English word inside a
# name ("Study of War") is not mistaken for German "war", as a real model would not.
DEFAULT_VOCABULARY: dict[str, str] = {
    # function words
    "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the", "des": "of the",
    "ein": "a", "eine": "a", "einen": "a", "einem": "a", "einer": "a",
    "und": "and", "oder": "or", "aber": "but", "nicht": "not", "auch": "also", "noch": "still",
    "in": "in", "im": "in the", "mit": "with", "von": "of", "vom": "from the", "nach": "to",
    "aus": "from", "für": "for", "zu": "to", "zur": "to the", "zum": "to the", "auf": "on",
    "an": "at", "am": "on", "bei": "at", "über": "about", "gegen": "against", "seit": "since",
    "etwa": "about", "bis": "up to", "rund": "around", "laut": "according to", "heute": "today",
    "ist": "is", "sind": "are", "hat": "has", "haben": "have", "wird": "will", "werden": "will",
    "war": "was", "wurde": "was", "wurden": "were", "sich": "", "es": "it", "er": "he",
    "sie": "she", "wir": "we", "ihre": "their", "ihr": "her", "sein": "his", "seine": "his",
    "kein": "no",
    # verbs and adjectives used by the tests
    "besuchte": "visited", "sagte": "said", "traf": "met", "trifft": "meets", "reist": "travels",
    "dauert": "lasts", "zwei": "two", "drei": "three", "berichten": "report",
    "berichteten": "reported", "vertiefen": "deepen", "gestützte": "backed", "entsandt": "sent",
    "geschickt": "sent", "stationiert": "stationed", "lobte": "praised", "warnte": "warned",
    "kam": "came", "sprach": "spoke", "hier": "here",
    # nouns
    "Besuch": "visit", "Tage": "days", "Soldaten": "soldiers", "Truppen": "troops",
    "Region": "region", "Krieg": "war", "Behörden": "officials", "Unterstützung": "support",
    "Präsident": "president", "Außenminister": "foreign minister",
    "Außenministerin": "foreign minister", "Botschafter": "ambassador", "Gespräche": "talks",
    "Oktober": "October", "Juni": "June", "Donnerstag": "Thursday", "Freitag": "Friday",
    "Beziehungen": "relations", "Vorschläge": "proposals", "Rede": "speech", "Name": "name",
    "Verteidigungsminister": "defence secretary", "Geheimdienst": "intelligence service",
    "Sanktionen": "sanctions", "Hilfe": "aid", "Waffen": "weapons", "Grenze": "border",
}  # fmt: skip

_WORD = re.compile(r"[\w\u0300-\u036f]+")
_GERMAN_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])")


class FakeTranslator:
    """Implements the `Translator` protocol deterministically, with configurable name damage.

    `mangle` maps an English form to what the "model" writes instead (applied to its output);
    `drop` lists names the "model" leaves out (with a following "'s"); `vocabulary` replaces
    the default word list; `short_by` returns that many fewer sentences (a broken backend).
    """

    name = "fake"
    meaningless = False

    def __init__(
        self,
        *,
        mangle: Mapping[str, str] | None = None,
        drop: Iterable[str] = (),
        vocabulary: Mapping[str, str] | None = None,
        short_by: int = 0,
    ) -> None:
        """Configure the damage; see the class docstring."""
        self.mangle = dict(mangle or {})
        self.drop = list(drop)
        self.vocabulary = dict(DEFAULT_VOCABULARY if vocabulary is None else vocabulary)
        self.short_by = short_by
        self.calls: list[list[str]] = []
        self.beams: list[int | None] = []

    def translate(self, sentences: Sequence[str], *, beams: int | None = None) -> list[str]:
        """One "English" string per sentence; records the call."""
        self.calls.append(list(sentences))
        self.beams.append(beams)
        outputs = [_capitalise(self._damage(self._translate_one(s))) for s in sentences]
        return outputs[: max(0, len(outputs) - self.short_by)]

    def _translate_one(self, sentence: str) -> str:
        """Word-by-word translation; unknown words (names) are copied through."""
        text = _GERMAN_NUMBER.sub(_english_number, sentence)
        first = _WORD.search(text)
        start = first.start() if first else 0
        text = _WORD.sub(
            lambda word: self._word(word.group(0), initial=word.start() == start), text
        )
        return " ".join(text.split())

    def _word(self, word: str, *, initial: bool) -> str:
        """A word's translation; the sentence's first word may be a capitalised lowercase word."""
        translated = self.vocabulary.get(word)
        if translated is None and initial:
            translated = self.vocabulary.get(word.lower())
        return word if translated is None else translated

    def _damage(self, text: str) -> str:
        """Apply the configured drops and mangles, as a model with weak copying would."""
        for name in self.drop:
            text = re.sub(rf"{re.escape(name)}(?:['’]s)?", "", text)
        for name, damaged in self.mangle.items():
            text = text.replace(name, damaged)
        return " ".join(text.split()).replace(" .", ".").replace(" ,", ",")


def _capitalise(text: str) -> str:
    """Sentence case for the first letter, as a model writes it."""
    return text[:1].upper() + text[1:]


def _english_number(match: re.Match[str]) -> str:
    """A German-written number the English way: "10.000" -> "10,000", "0,99" -> "0.99"."""
    integer = match.group(1).replace(".", ",")
    return f"{integer}.{match.group(2)}" if match.group(2) else integer
