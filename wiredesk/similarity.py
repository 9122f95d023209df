"""Bag-of-words text similarity (stdlib TF-IDF and Jaccard) shared by summarize, claims and merge.

Deliberately crude and language-light: tokens are lowercased, stop-words of English and German
are dropped and words are cut to a six-letter stem, so "Soldaten"/"Soldat" and
"nordkoreanische"/"Nordkorea" meet without a real stemmer or any extra dependency.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

Vector = dict[str, float]

# Letters only (digits and underscores excluded), optionally joined by hyphens or apostrophes.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_STEM_LENGTH = 6
_MIN_TERM_LENGTH = 3
_MEANINGLESS_MARKER = "meaningless"


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and edit than a list literal)."""
    return frozenset(text.split())


_STOP_EN = word_set(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours said says say according also however would could may might
    must shall one two three new"""
)
_STOP_DE = word_set(
    """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei beim
    bereits bin bis bisher bist da dabei damit dann darauf darum das dass dein deine dem den denen
    denn der deren des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine
    einem einen einer eines er es etwa euer eure für gegen gewesen hab habe haben hat hatte hatten
    hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede
    jedem jeden jeder jedes jedoch jetzt kann kein keine keinem keinen keiner können könnte könnten
    machen man manche mehr mein meine mit muss musste nach nicht nichts noch nun nur ob oder ohne
    sehr sein seine seinem seinen seiner seit sich sie sind so solche soll sollen sollte sondern
    sowie über um und uns unser unsere unter vom von vor wann war waren warum was weg weil weiter
    welche welchem welchen welcher wenn wer werde werden wie wieder will wir wird wirst wo wollen
    wurde wurden zu zum zur zwar zwischen sagte laut sei seien habe heute wolle ebenfalls"""
)
STOPWORDS = _STOP_EN | _STOP_DE


def model_is_meaningless(model: str | None) -> bool:
    """True when an article's `model` name says its output is meaningless (the tiny test model).

    Such English text is random, so every stage falls back to source-side and glossary signals.
    """
    return model is not None and _MEANINGLESS_MARKER in model.lower()


def stem(word: str) -> str:
    """A crude stem: lowercase, plural/genitive "s" dropped, cut to six letters."""
    lowered = word.lower()
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        lowered = lowered[:-1]
    return lowered[:_STEM_LENGTH]


def terms(text: str) -> list[str]:
    """The content-word stems of `text`, in order (stop-words and very short words dropped)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        lowered = word.lower()
        if len(lowered) < _MIN_TERM_LENGTH or lowered in STOPWORDS:
            continue
        found.append(stem(lowered))
    return found


class TfIdf:
    """Inverse document frequencies over one small corpus, and the unit vectors they weigh."""

    def __init__(self, documents: Iterable[Sequence[str]]) -> None:
        """Count in how many of `documents` (term lists) each term occurs."""
        frequencies: Counter[str] = Counter()
        count = 0
        for document in documents:
            frequencies.update(set(document))
            count += 1
        self._frequencies = frequencies
        self._count = count

    def idf(self, term: str) -> float:
        """Smoothed idf, so a term in every document still counts (it is on topic, not noise)."""
        return math.log((1 + self._count) / (1 + self._frequencies[term])) + 1.0

    def vector(self, document: Sequence[str], *, top: int | None = None) -> Vector:
        """The L2-normalised sublinear TF-IDF vector of `document`, optionally its `top` terms."""
        counts = Counter(document)
        weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
        if top is not None and len(weights) > top:
            kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:top]
            weights = dict(kept)
        return normalise(weights)


def normalise(weights: Mapping[str, float]) -> Vector:
    """`weights` scaled to unit length (an all-zero input gives an empty vector)."""
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if norm == 0:
        return {}
    return {t: w / norm for t, w in weights.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two unit vectors (a dot product, iterating over the smaller one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def centroid(vectors: Sequence[Mapping[str, float]]) -> Vector:
    """The normalised mean of `vectors`: the "what is this group about" direction."""
    total: Counter[str] = Counter()
    for vector in vectors:
        for term, weight in vector.items():
            total[term] += weight
    return normalise(total)


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|a ∩ b| / |a ∪ b| of two sets; 0 when both are empty."""
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0
