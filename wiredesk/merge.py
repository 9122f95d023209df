"""The cross-source digest: articles grouped into stories, merged into key points and disputes.

Similarity is measured three ways and the best one wins: shared glossary names (canonical
English, so language- and model-independent), English TF-IDF (only between articles whose model
is meaningful) and source-text TF-IDF (only between articles in the same source language). That
keeps stories together when the translation is the tiny model's gibberish, and keeps gibberish
from gluing unrelated articles together. Everything is sorted with ties broken by article id,
so the same input always gives the same digest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wiredesk.claims import extract_quantities, find_disagreements
from wiredesk.numbers import extract_numbers
from wiredesk.schema import ArticleResult, ArticleSummary, Digest, KeyPoint, SentencePair, Story
from wiredesk.similarity import (
    TfIdf,
    Vector,
    centroid,
    cosine,
    jaccard,
    model_is_meaningless,
    normalise,
    terms,
)
from wiredesk.summarize import starts_dangling, summarize

MAX_KEY_POINTS = 8
_DOCUMENT_TERMS = 150  # top terms kept per article vector: faster and less noisy
_MIN_SOURCE_WORDS = 5  # shorter body sentences are captions or fragments
_POINT_THRESHOLD = 0.4  # sentence similarity at which two sentences make the same point
_SHARED_NUMBER_BONUS = 0.1
_SHARED_QUANTITY_BONUS = 0.3  # the same count ("12,000 soldiers") is strong evidence
_CONFLICTING_NUMBER_PENALTY = 0.3
_ONE_SIDED_QUANTITY_PENALTY = 0.1  # a sentence with a count is mostly about that count
_GLOSSARY_WEIGHT = 0.1
_LEAD_WEIGHT = 0.1
_MAX_HEADLINE_CHARS = 140
_CANDIDATE_BUDGET = 240  # candidate sentences per story, spread over its articles
_SUMMARY_SENTENCES = 3


@dataclass
class _Document:
    """One article's similarity features."""

    article: ArticleResult
    meaningful: bool
    language: str
    names: frozenset[str]
    english: Vector = field(default_factory=dict)
    source: Vector = field(default_factory=dict)


@dataclass
class _Sentence:
    """One candidate sentence for a key point, with its similarity features."""

    article: str
    index: int
    pair: SentencePair
    language: str
    english: Vector | None
    source: Vector
    numbers: frozenset[float]
    quantities: frozenset[float]
    names: frozenset[str]
    source_words: list[str]
    english_words: list[str]
    score: float = 0.0

    @property
    def combined(self) -> Vector:
        """English and source vectors side by side, for centrality across languages."""
        merged = {f"s:{self.language}:{t}": w for t, w in self.source.items()}
        merged.update({f"t:{t}": w for t, w in (self.english or {}).items()})
        return normalise(merged)


@dataclass
class _Point:
    """Sentences from different articles that make one point; the first is the most central."""

    members: list[_Sentence]

    @property
    def sources(self) -> list[str]:
        """The ids of the articles that make this point, sorted."""
        return sorted({member.article for member in self.members})

    @property
    def text(self) -> str:
        """The most central member's English that stands on its own ("However, ..." does not)."""
        standalone = [member for member in self.members if not starts_dangling(member.pair)]
        chosen = (standalone or self.members)[0]
        return readable(
            chosen.pair, meaningful=chosen.english is not None, language=chosen.language
        )


def build_digest(
    articles: Sequence[ArticleResult],
    *,
    notices: Sequence[str] = (),
    threshold: float = 0.2,
    glossary_notes: Mapping[str, str] | None = None,
) -> Digest:
    """The whole digest: every article (failed ones too), stories built from the ok ones."""
    ok = [article for article in articles if article.status == "ok"]
    return Digest(
        notices=list(notices),
        articles=list(articles),
        stories=build_stories(ok, threshold=threshold, glossary_notes=glossary_notes),
    )


def build_stories(
    articles: Sequence[ArticleResult],
    *,
    threshold: float = 0.2,
    glossary_notes: Mapping[str, str] | None = None,
    summaries: Mapping[str, list[str]] | None = None,
) -> list[Story]:
    """Group articles about one event into stories and merge each; biggest stories first."""
    ok = [article for article in articles if article.status == "ok"]
    stories = [
        _build_story(group, glossary_notes=glossary_notes, summaries=summaries or {})
        for group in group_articles(ok, threshold=threshold)
    ]
    return sorted(stories, key=lambda story: (-len(story.articles), story.articles[0]))


# --- grouping articles into stories ---------------------------------------------------------


def group_articles(
    articles: Sequence[ArticleResult], *, threshold: float = 0.2
) -> list[list[ArticleResult]]:
    """Single-link clusters of articles whose similarity reaches `threshold` (each sorted by id)."""
    documents = _documents(articles)
    parent = list(range(len(documents)))

    def find(index: int) -> int:
        """The root of `index`'s cluster (with path halving)."""
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(documents)):
        for j in range(i + 1, len(documents)):
            if find(i) == find(j):
                continue
            similarity = article_similarity(documents[i], documents[j])
            if similarity > 0 and similarity >= threshold:
                parent[find(j)] = find(i)
    clusters: dict[int, list[ArticleResult]] = {}
    for index, document in enumerate(documents):
        clusters.setdefault(find(index), []).append(document.article)
    return [sorted(group, key=lambda a: a.id) for group in clusters.values()]


def _documents(articles: Sequence[ArticleResult]) -> list[_Document]:
    """Per-article features, with idf over the batch (English) or its language (source)."""
    documents = [
        _Document(
            article=article,
            meaningful=not model_is_meaningless(article.model),
            language=_language(article),
            names=frozenset(hit.target.lower() for hit in article.glossary),
        )
        for article in articles
    ]
    meaningful = [doc for doc in documents if doc.meaningful]
    english_terms = [terms(_english_text(doc.article)) for doc in meaningful]
    english_idf = TfIdf(english_terms)
    for doc, words in zip(meaningful, english_terms, strict=True):
        doc.english = english_idf.vector(words, top=_DOCUMENT_TERMS)
    for language in sorted({doc.language for doc in documents}):
        same = [doc for doc in documents if doc.language == language]
        source_terms = [terms(_source_text(doc.article)) for doc in same]
        source_idf = TfIdf(source_terms)
        for doc, words in zip(same, source_terms, strict=True):
            doc.source = source_idf.vector(words, top=_DOCUMENT_TERMS)
    return documents


def article_similarity(a: _Document, b: _Document) -> float:
    """The best of shared glossary names, English cosine and same-language source cosine."""
    scores = [jaccard(a.names, b.names)]
    if a.meaningful and b.meaningful:
        scores.append(cosine(a.english, b.english))
    if a.language == b.language:
        scores.append(cosine(a.source, b.source))
    return max(scores)


def _language(article: ArticleResult) -> str:
    """The article's two-letter source language (English when unknown)."""
    return (article.language or "en").lower()[:2]


def _english_text(article: ArticleResult) -> str:
    """The article's English: the joined translation, else its sentence targets."""
    return article.translation or " ".join(pair.target for pair in article.sentences)


def _source_text(article: ArticleResult) -> str:
    """The article's source text as segmented (the cleaned text when unsegmented)."""
    if article.sentences:
        return " ".join(pair.source for pair in article.sentences)
    return article.clean_text


# --- one story ------------------------------------------------------------------------------


def _build_story(
    articles: Sequence[ArticleResult],
    *,
    glossary_notes: Mapping[str, str] | None,
    summaries: Mapping[str, list[str]],
) -> Story:
    """Headline, lead, key points, disagreements and per-article summaries of one story."""
    sentences = _candidate_sentences(articles)
    points = key_points(sentences)
    return Story(
        headline=_headline(_most_central_article(articles, sentences)),
        lead=_lead(points, single=len(articles) == 1),
        articles=[article.id for article in articles],
        key_points=[KeyPoint(text=point.text, sources=point.sources) for point in points],
        disagreements=find_disagreements(articles, glossary_notes=glossary_notes),
        summaries=[_summary(article, summaries) for article in articles],
    )


def _candidate_sentences(articles: Sequence[ArticleResult]) -> list[_Sentence]:
    """Body sentences of the story's articles, scored by centrality, capped per article."""
    sentences = [
        _features(article, index, pair)
        for article in articles
        for index, pair in enumerate(article.sentences)
        if _is_candidate(pair)
    ]
    _vectorise(sentences)
    middle = centroid([sentence.combined for sentence in sentences])
    positions: dict[str, int] = {}
    for sentence in sentences:
        rank = positions.get(sentence.article, 0)
        positions[sentence.article] = rank + 1
        lead_bonus = _LEAD_WEIGHT / (1.0 + rank)
        sentence.score = cosine(sentence.combined, middle) + lead_bonus
    per_article = max(2, _CANDIDATE_BUDGET // max(1, len(articles)))
    by_article: dict[str, list[_Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article, []).append(sentence)
    kept = [s for own in by_article.values() for s in sorted(own, key=_rank_key)[:per_article]]
    return sorted(kept, key=_rank_key)[:_CANDIDATE_BUDGET]


def _rank_key(sentence: _Sentence) -> tuple[float, str, int]:
    """Most central first; ties by article id, then position, for stable output."""
    return (-sentence.score, sentence.article, sentence.index)


def _is_candidate(pair: SentencePair) -> bool:
    """Body sentences long enough to be a point (headings and captions are not)."""
    return (
        not pair.heading
        and bool(pair.target.strip())
        and len(pair.source.split()) >= _MIN_SOURCE_WORDS
    )


def _features(article: ArticleResult, index: int, pair: SentencePair) -> _Sentence:
    """A sentence's words (names masked out: they count once, through `names`) and numbers."""
    language = _language(article)
    meaningful = not model_is_meaningless(article.model)
    hits = [hit for hit in article.glossary if hit.sentence == index]
    return _Sentence(
        article=article.id,
        index=index,
        pair=pair,
        language=language,
        english={} if meaningful else None,
        source={},
        numbers=frozenset(m.value for m in extract_numbers(pair.source, language)),
        quantities=frozenset(q.value for q in extract_quantities(pair.source, language)),
        names=frozenset(hit.target.lower() for hit in hits),
        source_words=terms(_mask(pair.source, [hit.match for hit in hits])),
        english_words=terms(_mask(pair.target, [hit.target for hit in hits])) if meaningful else [],
    )


def _mask(text: str, names: Sequence[str]) -> str:
    """`text` with each of `names` blanked out, so shared names do not double as shared words."""
    for name in sorted(set(names), key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    return text


def _vectorise(sentences: Sequence[_Sentence]) -> None:
    """Fill in English and source TF-IDF vectors, idf over the story's sentences."""
    english = [s for s in sentences if s.english is not None]
    english_terms = [s.english_words for s in english]
    english_idf = TfIdf(english_terms)
    for sentence, words in zip(english, english_terms, strict=True):
        sentence.english = english_idf.vector(words)
    for language in sorted({s.language for s in sentences}):
        same = [s for s in sentences if s.language == language]
        source_terms = [s.source_words for s in same]
        source_idf = TfIdf(source_terms)
        for sentence, words in zip(same, source_terms, strict=True):
            sentence.source = source_idf.vector(words)


def sentence_similarity(a: _Sentence, b: _Sentence) -> float:
    """Text similarity, raised by shared numbers and names, lowered by conflicting counts.

    Two sentences that count the same thing differently ("10,000" vs "12,000 soldiers") are a
    disagreement, not one point, so they should not merge.
    """
    scores = [0.0]
    if a.english is not None and b.english is not None:
        scores.append(cosine(a.english, b.english))
    if a.language == b.language:
        scores.append(cosine(a.source, b.source))
    similarity = max(scores) + _GLOSSARY_WEIGHT * jaccard(a.names, b.names)
    if a.quantities & b.quantities:
        similarity += _SHARED_QUANTITY_BONUS
    elif a.quantities and b.quantities:
        similarity -= _CONFLICTING_NUMBER_PENALTY
    elif a.quantities or b.quantities:
        similarity -= _ONE_SIDED_QUANTITY_PENALTY
    if a.numbers & b.numbers and not a.quantities & b.quantities:
        similarity += _SHARED_NUMBER_BONUS
    return similarity


def key_points(sentences: Sequence[_Sentence], *, limit: int = MAX_KEY_POINTS) -> list[_Point]:
    """Near-duplicate sentences merged (one per article per point), most supported first.

    Average-link agglomerative clustering, most similar pairs first: two groups merge when they
    share no article and their sentences are, on average, similar enough.
    """
    similarities = _pair_similarities(sentences)
    members: dict[int, list[int]] = {i: [i] for i in range(len(sentences))}
    owner = list(range(len(sentences)))
    edges = sorted((-value, i, j) for (i, j), value in similarities.items())
    for negative, i, j in edges:
        if -negative < _POINT_THRESHOLD:
            break
        left, right = owner[i], owner[j]
        if left == right or not _can_merge(sentences, members[left], members[right], similarities):
            continue
        members[left].extend(members.pop(right))
        for index in members[left]:
            owner[index] = left
    points = [
        _Point(sorted((sentences[i] for i in group), key=_rank_key)) for group in members.values()
    ]
    ranked = sorted(points, key=lambda p: (-len(p.sources), _rank_key(p.members[0])))
    return ranked[:limit]


def _pair_similarities(sentences: Sequence[_Sentence]) -> dict[tuple[int, int], float]:
    """Similarity of every pair of sentences from different articles (i < j)."""
    return {
        (i, j): sentence_similarity(sentences[i], sentences[j])
        for i in range(len(sentences))
        for j in range(i + 1, len(sentences))
        if sentences[i].article != sentences[j].article
    }


def _can_merge(
    sentences: Sequence[_Sentence],
    left: Sequence[int],
    right: Sequence[int],
    similarities: Mapping[tuple[int, int], float],
) -> bool:
    """No article twice in one point, and the two groups similar enough on average."""
    if {sentences[i].article for i in left} & {sentences[j].article for j in right}:
        return False
    values = [similarities[(min(i, j), max(i, j))] for i in left for j in right]
    return sum(values) / len(values) >= _POINT_THRESHOLD


def _lead(points: Sequence[_Point], *, single: bool) -> str:
    """The top point, plus the next when it is as well supported (or the story is one article)."""
    if not points:
        return ""
    chosen = [points[0]]
    if len(points) > 1 and (single or len(points[1].sources) == len(points[0].sources)):
        chosen.append(points[1])
    return " ".join(point.text for point in chosen)


def _most_central_article(
    articles: Sequence[ArticleResult], sentences: Sequence[_Sentence]
) -> ArticleResult:
    """The article whose kept sentences score highest on average (ties: lowest id)."""
    totals: dict[str, list[float]] = {}
    for sentence in sentences:
        totals.setdefault(sentence.article, []).append(sentence.score)

    def average(article: ArticleResult) -> float:
        """Mean score of the article's candidate sentences (0 when it has none)."""
        scores = totals.get(article.id, [])
        return sum(scores) / len(scores) if scores else 0.0

    return min(articles, key=lambda article: (-average(article), article.id))


def readable(pair: SentencePair, *, meaningful: bool, language: str) -> str:
    """The English of `pair`, or, when its model's output is meaningless, the marked source.

    A digest made with the tiny test model stays readable: the source sentence is shown,
    tagged as untranslated, instead of random English-looking tokens.
    """
    if meaningful:
        return pair.target.strip()
    return f"[{language}, untranslated] {pair.source.strip()}"


def _headline(article: ArticleResult) -> str:
    """The article's English title, else its first heading or first sentence, trimmed."""
    if model_is_meaningless(article.model):
        title = article.title or next((p.source for p in article.sentences), article.id)
        return _trim(f"[{_language(article)}, untranslated] {title}")
    if article.title_en and article.title_en.strip():
        return _trim(article.title_en)
    headings = [pair.target for pair in article.sentences if pair.heading and pair.target.strip()]
    if headings:
        return _trim(headings[0])
    body = [pair.target for pair in article.sentences if pair.target.strip()]
    if body:
        return _trim(body[0])
    return _trim(article.title or article.id)


def _trim(text: str, *, limit: int = _MAX_HEADLINE_CHARS) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when over `limit`."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:-–")
    return f"{cut}…"


def _summary(article: ArticleResult, summaries: Mapping[str, list[str]]) -> ArticleSummary:
    """The article's summary as given, as stored on the article, or made here (extractive)."""
    lines = summaries.get(article.id) or article.summary
    if not lines:
        lines = summarize(article.sentences, n=_SUMMARY_SENTENCES)
    return ArticleSummary(
        id=article.id,
        title=article.title_en or article.title,
        source=article.source,
        language=article.language,
        url=article.url,
        summary=list(lines),
    )
