"""Numeric claims in news and where sources disagree about them: the one place callers import from.

A claim is a figure (digits or words, "a dozen", "1.2m", "zwei Millionen") with its hedge, what it
counts (a measure built from the noun and the predicate: "40 people died" and "52 Tote" are both
deaths) and who the text says gave it. Modules by concern:

- `reading`: numbers in either notation, hedges, and what kind of number it is (a count, or
  money, a percentage, a date, an age, a distance, a rate, a subset...); `numerals` reads
  numbers written as words in English and German.
- `measures`: what is counted, from the noun and the predicate; `lexicon` holds the words
  (people events, events for things, kinds of things, in English and German).
- `attribution`: who is named as the source ("X said", "nach Angaben von X", "laut X").
- `extract`: the claims of one article (measure inherited for "put the number at 38").
- `compare`: disagreements across articles of one story.
"""

from wiredesk.claims.attribution import attributed_names
from wiredesk.claims.compare import display_value, find_disagreements
from wiredesk.claims.extract import Quantity, QuantityClaim, article_claims, extract_quantities
from wiredesk.claims.measures import Measure, english_lemma
from wiredesk.claims.reading import Figure, read_figures

__all__ = [
    "Figure",
    "Measure",
    "Quantity",
    "QuantityClaim",
    "article_claims",
    "attributed_names",
    "display_value",
    "english_lemma",
    "extract_quantities",
    "find_disagreements",
    "read_figures",
]
