"""Where sources disagree: the same measure in one story, different values from different articles.

Not a disagreement: one article updating itself ("up from 900"), a value an article states as an
earlier stage of its own running total, a count up to a time of day ("by noon"), two values in
one article that it does not set against each other (no two different speakers, no "lower
figure"), a loose figure that fits another ("more than a dozen" next to 14), and unattributed
counts of nouns outside the lexicons ("five bridges" vs "two other bridges").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from wiredesk.claims.attribution import dedupe
from wiredesk.claims.extract import QuantityClaim, article_claims
from wiredesk.claims.reading import english_hedge, hedge_direction
from wiredesk.schema import ArticleResult, Claim, Disagreement
from wiredesk.similarity import model_is_meaningless

_LOOSE_MARGIN = 0.25  # "more than 12" fits 14; "more than 2,000" does not fit 1,312
_APPROX_MARGIN = 0.05  # "about 1,000" fits 1,020; "up to 12,000" is a claim, not a bound


def display_value(value: float) -> str:
    """A claim value the English way: 10000 -> "10,000", 1.5 -> "1.5"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def find_disagreements(
    articles: Sequence[ArticleResult], *, glossary_notes: Mapping[str, str] | None = None
) -> list[Disagreement]:
    """Counts of the same thing that differ between the story's articles, with who said each.

    A disagreement needs two distinct values from two different articles after updates,
    subsets and loose figures are set aside. Values are sorted numerically.
    """
    by_id = {article.id: article for article in articles}
    claims = [
        claim
        for article in articles
        if article.status == "ok"
        for claim in article_claims(article, glossary_notes=glossary_notes)
    ]
    # "up from 900" in one article explains every source's 900 for that measure
    explained = {(c.measure.thing, c.measure.event, c.value) for c in claims if c.earlier}
    claims = [
        c
        for c in claims
        if (c.measure.thing, c.measure.event, c.value) not in explained and not c.stamped
    ]
    disagreements = []
    for group in _groups(claims):
        group = _comparable(group)
        if _is_disagreement(group) and (_in_lexicons(group) or _attributed_values(group) >= 2):
            disagreements.append(
                Disagreement(about=_about(group), claims=_merged_claims(group, by_id))
            )
    disagreements.sort(
        key=lambda d: (-len({s for c in d.claims for s in c.sources}), d.about.lower())
    )
    return disagreements


def _groups(claims: Sequence[QuantityClaim]) -> list[list[QuantityClaim]]:
    """Claims by measure; a claim with no event joins its kind's only event ("14 vehicles" joins
    "22 cars plunged into the river" when nothing else happened to vehicles)."""
    by_key: dict[str, list[QuantityClaim]] = defaultdict(list)
    for claim in claims:
        by_key[claim.measure.key].append(claim)
    events: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for claim in claims:
        if claim.measure.event:
            events[(claim.measure.thing, claim.measure.still)].add(claim.measure.key)
    for key in list(by_key):
        members = by_key[key]
        measure = members[0].measure
        if measure.event or measure.thing == "people":
            continue
        targets = events.get((measure.thing, measure.still), set())
        if len(targets) == 1:
            by_key[next(iter(targets))].extend(by_key.pop(key))
    return list(by_key.values())


def _comparable(group: list[QuantityClaim]) -> list[QuantityClaim]:
    """The claims that can conflict: updates, one-article timelines and loose figures removed."""
    group = _one_voice_per_article(group)
    return _without_loose_figures(group)


def _one_voice_per_article(group: list[QuantityClaim]) -> list[QuantityClaim]:
    """An article that gives two values without two different speakers, and without setting them
    against each other ("a lower figure"), is telling a timeline or another scope, not a
    conflict: keep its values that other articles share, else its first."""
    by_article: dict[str, list[QuantityClaim]] = defaultdict(list)
    for claim in group:
        by_article[claim.article].append(claim)
    kept: list[QuantityClaim] = []
    for article, own in by_article.items():
        values = {claim.value for claim in own}
        if len(values) < 2 or _distinct_speakers(own) or any(claim.contrast for claim in own):
            kept += own
            continue
        elsewhere = {c.value for c in group if c.article != article}
        shared = values & elsewhere
        keep = shared or {min(own, key=lambda c: c.sentence).value}
        kept += [claim for claim in own if claim.value in keep]
    return kept


def _distinct_speakers(own: Sequence[QuantityClaim]) -> bool:
    """True when two values of one article are credited to two different speakers."""
    speakers: dict[float, set[str]] = defaultdict(set)
    for claim in own:
        speakers[claim.value].update(name.lower() for name in claim.attributed_to)
    named = [names for names in speakers.values() if names]
    for index, left in enumerate(named):
        for right in named[index + 1 :]:
            if not any(_overlaps(a, b) for a in left for b in right):
                return True
    return False


def _overlaps(a: str, b: str) -> bool:
    """True when one name contains the other ("Quayle" / "Governor Helen Quayle")."""
    return a in b or b in a


def _without_loose_figures(group: list[QuantityClaim]) -> list[QuantityClaim]:
    """Drop hedged figures that another article's figure fits ("more than a dozen" vs 14)."""
    kept = []
    for claim in group:
        direction = hedge_direction(claim.hedge)
        others = [c.value for c in group if c.article != claim.article and c.value != claim.value]
        if direction and any(_fits(claim.value, direction, other) for other in others):
            continue
        kept.append(claim)
    return kept


def _fits(value: float, direction: str, other: float) -> bool:
    """True when `other` is within what a hedged `value` allows."""
    if direction == "lower":
        return value < other <= value * (1 + _LOOSE_MARGIN)
    if direction == "upper":
        return value * (1 - _APPROX_MARGIN) <= other < value
    return abs(other - value) <= value * _APPROX_MARGIN


def _in_lexicons(group: Sequence[QuantityClaim]) -> bool:
    """True when the group counts a known measure (deaths, vehicles), not just a noun."""
    return not group[0].measure.thing.startswith("noun:")


def _attributed_values(group: Sequence[QuantityClaim]) -> int:
    """How many values of the group someone is named for. Counts of a noun outside the
    lexicons ("five bridges" vs "two other bridges") are compared only when sources are named
    for both: incidental counts are seldom attributed, disputed ones nearly always are."""
    return len({claim.value for claim in group if claim.attributed_to})


def _is_disagreement(group: Sequence[QuantityClaim]) -> bool:
    """True when two different values come from two different articles."""
    pairs = {(claim.value, claim.article) for claim in group}
    return any(v1 != v2 and a1 != a2 for v1, a1 in pairs for v2, a2 in pairs)


def _about(group: Sequence[QuantityClaim]) -> str:
    """The group's English label; an event label wins over a bare kind ("vehicles")."""
    labels = [claim.measure.label for claim in group if claim.measure.event]
    labels = labels or [claim.measure.label for claim in group]
    return max(set(labels), key=lambda label: (labels.count(label), -labels.index(label)))


def _merged_claims(
    group: Sequence[QuantityClaim], by_id: Mapping[str, ArticleResult]
) -> list[Claim]:
    """One `Claim` per distinct value, with its hedge, sources, speakers and newer mark."""
    by_value: dict[float, list[QuantityClaim]] = defaultdict(list)
    for claim in sorted(group, key=lambda c: (c.article, c.sentence)):
        by_value[claim.value].append(claim)
    merged = []
    for value in sorted(by_value):
        members = by_value[value]
        hedges = [c.hedge for c in members if c.hedge]
        merged.append(
            Claim(
                value=display_value(value),
                text=_claim_text(members, by_id),
                sources=dedupe([c.article for c in members]),
                attributed_to=dedupe([name for c in members for name in c.attributed_to]),
                hedge=english_hedge(Counter(hedges).most_common(1)[0][0]) if hedges else None,
                newer=any(c.newer for c in members),
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
