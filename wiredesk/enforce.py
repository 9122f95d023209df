"""Glossary enforcement: mask terms before translation, then verify and repair the output.

transformers 5 has no constrained beam search, so the glossary is enforced around generation,
in three steps (the pre-process / forward / post-process shape of a Hugging Face pipeline):

1. Mask: each glossary match in a source sentence is replaced by its English form before the
   model sees it ("Pjöngjang" -> "Pyongyang"). OPUS-MT models copy proper names through
   reliably, far more reliably than they transliterate them, so the English form usually
   survives as is. A German genitive becomes an English possessive ("Choes Besuch" ->
   "Choe Son Hui's Besuch"), "von X" after a noun ("Unterstützung Nordkoreas" ->
   "Unterstützung von North Korea"), and is dropped after "des" ("des Pentagons").
2. Translate: all masked sentences go to the translator in one call (the backend batches).
3. Verify and repair: each hit's English form must occur in its sentence's output (whole words,
   any case, any whitespace; "Kursk-region" and "Pyongyang's" count), once per hit. What is
   missing is looked for as (a) a source form the model kept ("Pjöngjang", "Lawrow") or (b) a
   mangled copy of the English form (fuzzy similarity >= 0.75: "Choe Son-hui", "Pyongjang");
   the span found is replaced by the English form. Nothing is ever inserted where no such span
   exists: a term that cannot be found stays in `missing` for the checks to flag.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from wiredesk.glossary import Glossary, Match
from wiredesk.schema import GlossaryHit
from wiredesk.translate.base import Translator, one_per_sentence

logger = logging.getLogger(__name__)

FUZZY_THRESHOLD = 0.75
MIN_FUZZY_CHARS = 5
GENITIVE_ARTICLES = frozenset({"des", "eines", "dieses", "jenes", "jedes"})
# Endings that turn a name into its adjective or demonym: "Russia" -> "Russian" is a different
# word, not a mangled copy, so fuzzy repair must leave it alone.
_DERIVATION_ENDINGS = frozenset({"n", "an", "ian", "ean", "ese", "ish", "i", "ns", "ans", "ians"})
_WORD = re.compile(r"[\w\u0300-\u036f]+")
_WORD_CHARS = r"\w\u0300-\u036f"
_LOOKBACK_CHARS = 200
# Repairs tried per sentence: bounds the fuzzy search on hostile input with thousands of hits.
MAX_REPAIRS_PER_SENTENCE = 64
MAX_FUZZY_WORDS = 2_000

Span = tuple[int, int]


@dataclass
class EnforcedSentence:
    """One translated sentence after glossary enforcement.

    `masked` is what the model was given; `missing` holds the English forms (one per hit) that
    are still absent from `target`; `repaired` is True when `target` was edited.
    """

    source: str
    target: str
    hits: list[GlossaryHit] = field(default_factory=list)
    repaired: bool = False
    missing: list[str] = field(default_factory=list)
    masked: str = ""

    @property
    def repaired_terms(self) -> list[str]:
        """English forms that had to be repaired into the output (for the checks)."""
        return [hit.target for hit in self.hits if hit.repaired]


def translate_with_glossary(
    sentences: Sequence[str],
    translator: Translator,
    glossary: Glossary | None,
    *,
    beams: int | None = None,
) -> list[EnforcedSentence]:
    """Translate `sentences` in one batch with glossary terms masked, verified and repaired."""
    return translate_groups_with_glossary([sentences], translator, glossary, beams=beams)[0]


def translate_groups_with_glossary(
    groups: Sequence[Sequence[str]],
    translator: Translator,
    glossary: Glossary | None,
    *,
    beams: int | None = None,
) -> list[list[EnforcedSentence]]:
    """Translate several articles' sentences in ONE translator call, enforced per group.

    One call lets the backend sort every sentence by length and fill whole batches across
    articles; each group's hits are numbered within the group, as if translated alone.
    """
    sentences = [sentence for group in groups for sentence in group]
    matches = [glossary.find(sentence) if glossary else [] for sentence in sentences]
    masked = [mask_terms(s, found) for s, found in zip(sentences, matches, strict=True)]
    outputs = one_per_sentence(
        translator.name,
        translator.translate(masked, beams=beams) if masked else [],
        expected=len(masked),
    )
    results: list[list[EnforcedSentence]] = []
    flat = 0
    for group in groups:
        done = []
        for index in range(len(group)):
            found, output = matches[flat], outputs[flat]
            result = verify_and_repair(
                sentences[flat], output, found, glossary=glossary, sentence=index
            )
            result.masked = masked[flat]
            done.append(result)
            flat += 1
        results.append(done)
    return results


# --- step 1: mask ---------------------------------------------------------------------------


def mask_terms(sentence: str, matches: Sequence[Match]) -> str:
    """`sentence` with every match replaced by its English form (genitives adapted)."""
    pieces: list[str] = []
    position = 0
    for match in matches:
        pieces.append(sentence[position : match.start])
        pieces.append(_mask_form(sentence, match))
        position = match.end
    pieces.append(sentence[position:])
    return "".join(pieces)


def _mask_form(sentence: str, match: Match) -> str:
    """The English form to put in place of `match`, keeping the German genitive's meaning."""
    target = match.entry.target
    if not match.suffix:
        return target
    # Look back a bounded window only: a huge unsegmented "sentence" must stay linear.
    window_start = max(0, match.start - _LOOKBACK_CHARS)
    before = _WORD.findall(sentence, window_start, match.start)[-2:]
    previous = before[-1] if before else ""
    if previous.casefold() in GENITIVE_ARTICLES:
        return target  # "des Pentagons": the article already says "of the"
    after = _WORD.search(sentence, match.end)
    following = after.group(0) if after else ""
    # "die Unterstützung Nordkoreas umfassen": a genitive after a noun (not the first word of
    # the sentence) and not followed by the noun it would own reads "of North Korea".
    first_word = len(before) < 2 and window_start == 0
    if previous[:1].isupper() and not first_word and not following[:1].isupper():
        return f"von {target}"
    return possessive(target)


def possessive(name: str) -> str:
    """English possessive of a name: "Choe Son Hui's", "Kazianis'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# --- step 3: verify and repair ----------------------------------------------------------------


def verify_and_repair(
    source: str,
    output: str,
    matches: Sequence[Match],
    *,
    glossary: Glossary | None = None,
    sentence: int = 0,
) -> EnforcedSentence:
    """Check that each match's English form is in `output`; repair what can be found mangled.

    Exact occurrences are assigned first, longest English forms first, so a repair never
    rewrites text that already satisfies another hit; then each missing hit is repaired from a
    kept source form or a fuzzy copy, or left missing.
    """
    claimed = _Claims()
    edits: list[tuple[int, int, str]] = []
    present = [False] * len(matches)
    repaired = [False] * len(matches)
    for target, indices in _group_by_target(matches):
        spans = [span for span in _occurrences(output, target) if not claimed.overlaps(span)]
        for index, span in zip(indices, spans, strict=False):
            claimed.add(span)
            present[index] = True
            if _case_differs(output[span[0] : span[1]], target):
                edits.append((*span, target))
                repaired[index] = True
    attempts = 0
    hopeless: set[str] = set()  # targets already searched for in vain: claims only grow
    for index, match in enumerate(matches):
        target = match.entry.target
        if present[index] or target in hopeless or attempts >= MAX_REPAIRS_PER_SENTENCE:
            continue
        attempts += 1
        forms = glossary.keys_for(match.entry) if glossary else []
        found = _find_repair(output, match, [match.key, match.entry.source, *forms], claimed)
        if found is None:
            hopeless.add(target)
            continue
        start, end, replacement = found
        claimed.add((start, end))
        edits.append((start, end, replacement))
        present[index] = repaired[index] = True
        logger.debug("glossary repair: %r -> %r", output[start:end], replacement)
    hits = [
        GlossaryHit(
            match=match.text,
            term=match.entry.source,
            target=match.entry.target,
            in_output=present[i],
            sentence=sentence,
            repaired=repaired[i],
        )
        for i, match in enumerate(matches)
    ]
    missing = [hit.target for hit in hits if not hit.in_output]
    return EnforcedSentence(
        source=source,
        target=_apply(output, edits),
        hits=hits,
        repaired=any(repaired),
        missing=missing,
    )


def _group_by_target(matches: Sequence[Match]) -> list[tuple[str, list[int]]]:
    """Hit indices grouped by English form, longest form first (it claims its text first)."""
    groups: dict[str, list[int]] = {}
    for index, match in enumerate(matches):
        groups.setdefault(match.entry.target, []).append(index)
    return sorted(groups.items(), key=lambda item: len(item[0]), reverse=True)


@lru_cache(maxsize=4096)
def _form_pattern(form: str, *, genitive: bool) -> re.Pattern[str]:
    """Whole-word pattern for `form`: any whitespace between words, any case unless an acronym;
    with `genitive`, an optional "s", "es" or "'s" ending captured as `suffix`."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    suffix = r"(?P<suffix>['’]s|e?s)?" if genitive else ""
    letters = [c for c in form if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    flags = 0 if acronym else re.IGNORECASE
    return re.compile(rf"(?<![{_WORD_CHARS}]){body}{suffix}(?![{_WORD_CHARS}])", flags)


def _occurrences(output: str, target: str) -> list[Span]:
    """Spans of `output` that are the English form, in any case and spacing."""
    if " ".join(target.split()).casefold() not in " ".join(output.split()).casefold():
        return []  # cheap substring test first; the regex only confirms word boundaries
    return [m.span() for m in _form_pattern(target, genitive=False).finditer(output)]


def _case_differs(found: str, target: str) -> bool:
    """Whether an occurrence needs rewriting: a case change other than a capitalised start."""
    found = " ".join(found.split())
    if found == target:
        return False
    # "the West" capitalised at the start of a sentence is not a difference worth a repair.
    return not (target[:1].islower() and found[1:] == target[1:])


def _find_repair(
    output: str, match: Match, forms: Sequence[str], claimed: _Claims
) -> tuple[int, int, str] | None:
    """A span of `output` to replace by `match`'s English form, and its replacement text."""
    target = match.entry.target
    found = _find_source_form(output, forms, claimed) or _find_fuzzy(
        output, target, [target, match.entry.source], claimed
    )
    if found is None:
        return None
    start, end, genitive = found
    start, end = _extend_over_name(output, start, end, target, claimed)
    return start, end, possessive(target) if genitive else target


def _find_source_form(
    output: str, forms: Sequence[str], claimed: _Claims
) -> tuple[int, int, bool] | None:
    """The first unclaimed occurrence of a glossary form (longest forms first), and whether it
    carried a genitive ending ("Pjöngjangs" -> "Pyongyang's")."""
    for form in sorted(dict.fromkeys(forms), key=len, reverse=True):
        for found in _form_pattern(form, genitive=True).finditer(output):
            if not claimed.overlaps(found.span()):
                return found.start(), found.end(), bool(found.group("suffix"))
    return None


def _find_fuzzy(
    output: str, target: str, references: Sequence[str], claimed: _Claims
) -> tuple[int, int, bool] | None:
    """The run of words in `output` most similar to a reference form, if similar enough.

    Runs have about as many words as the target, start with a capital and the same first letter
    as a reference (a mangled copy of a name keeps both), and are never an adjective derived
    from the name ("Russian" for "Russia").
    """
    if len(target) < MIN_FUZZY_CHARS:
        return None
    words = list(_WORD.finditer(output))
    if len(words) > MAX_FUZZY_WORDS:
        return None  # no model writes sentences this long; bound the work on hostile input
    size = len(_WORD.findall(target))
    normalised = [_normalise(ref) for ref in references if len(ref) >= MIN_FUZZY_CHARS]
    initials = {ref[:1] for ref in normalised}
    best: tuple[float, int, int] | None = None
    for first in range(len(words)):
        word = words[first].group(0)
        if not word[:1].isupper() or _normalise(word)[:1] not in initials:
            continue
        for count in range(max(1, size - 1), size + 2):
            run = words[first : first + count]
            if len(run) < count or not _is_one_name(output, run):
                break
            span = (run[0].start(), run[-1].end())
            if claimed.overlaps(span) or _is_derivation(run[-1].group(0), target):
                continue
            score = _similarity(_normalise(output[span[0] : span[1]]), normalised)
            if score >= FUZZY_THRESHOLD and (best is None or score > best[0]):
                best = (score, *span)
    return (best[1], best[2], False) if best else None


def _similarity(text: str, references: Sequence[str]) -> float:
    """Best difflib ratio of `text` to the references (cheap upper bounds checked first)."""
    best = 0.0
    for reference in references:
        matcher = SequenceMatcher(None, text, reference)
        if matcher.real_quick_ratio() >= FUZZY_THRESHOLD and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def _is_one_name(output: str, run: Sequence[re.Match[str]]) -> bool:
    """Whether consecutive words are separated only by whitespace or one hyphen."""
    for previous, word in itertools.pairwise(run):
        gap = output[previous.end() : word.start()]
        if gap != "-" and not gap.isspace():
            return False
    return True


def _is_derivation(word: str, target: str) -> bool:
    """Whether `word` is the target's last word turned adjective ("Korean" from "Korea")."""
    last = _WORD.findall(target)[-1].casefold()
    word = word.casefold()
    stem = last[:-1] if last[-1:] in ("a", "e") else last
    return word != last and word.startswith(stem) and word[len(stem) :] in _DERIVATION_ENDINGS


def _extend_over_name(output: str, start: int, end: int, target: str, claimed: _Claims) -> Span:
    """Widen a repair span over adjacent words that are leftovers of the same name, so "Sergej
    Lavrov" or "Choe Son-hui" is replaced whole instead of doubling its other words."""
    names = _WORD.findall(target)
    words = list(_WORD.finditer(output))
    inside = [i for i, word in enumerate(words) if start <= word.start() < end]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]
    while last - first + 1 <= len(names):
        if last + 1 < len(words) and _continues(output, words[last], words[last + 1], names):
            last += 1
        elif first > 0 and _continues(output, words[first - 1], words[first], names, left=True):
            first -= 1
        else:
            break
    span = (min(start, words[first].start()), max(end, words[last].end()))
    return span if not claimed.overlaps(span) else (start, end)


def _continues(
    output: str,
    before: re.Match[str],
    after: re.Match[str],
    names: Sequence[str],
    *,
    left: bool = False,
) -> bool:
    """Whether the new word (`before` when extending left, else `after`) joins the name: it is
    separated by whitespace or one hyphen and nearly equals one of the name's words, and is
    capitalised unless that word is ("hui" joins "Choe Son", "the" never joins a name)."""
    gap = output[before.end() : after.start()]
    if gap != "-" and not (gap and gap.isspace()):
        return False
    word = (before if left else after).group(0)
    text = _normalise(word)
    return any(
        (word[:1].isupper() or name[:1].isupper())
        and SequenceMatcher(None, text, _normalise(name)).ratio() >= FUZZY_THRESHOLD
        for name in names
    )


def _normalise(text: str) -> str:
    """Comparison form: accents stripped, casefolded, hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-'’]", " ", letters.casefold()).split())


class _Claims:
    """Non-overlapping spans of the output already accounted for, sorted for O(log n) lookups."""

    def __init__(self) -> None:
        """Start with nothing claimed; starts and ends are kept in step, both sorted."""
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, span: Span) -> None:
        """Claim `span` (callers check it is free first)."""
        index = bisect.bisect_left(self._starts, span[0])
        self._starts.insert(index, span[0])
        self._ends.insert(index, span[1])

    def overlaps(self, span: Span) -> bool:
        """Whether `span` overlaps a claimed span: only its two neighbours can."""
        index = bisect.bisect_left(self._starts, span[1])
        return index > 0 and self._ends[index - 1] > span[0]


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """`text` with non-overlapping `(start, end, replacement)` edits applied, in one pass."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        pieces.extend((text[position:start], replacement))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
