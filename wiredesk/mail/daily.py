"""The digest of a time window's articles, through the same merge code as a batch's digest.

Articles come from many batches, so two may share an id ("001"): such ids get their batch id
in front, since the merge keys stories by article id. The same article submitted twice (same
URL, or the same text) appears once, its newest copy.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from wiredesk import merge
from wiredesk.config import Settings
from wiredesk.errors import WiredeskError
from wiredesk.glossary import glossary_for
from wiredesk.schema import ArticleResult, Digest
from wiredesk.store.subscriptions import StoredArticle

log = logging.getLogger(__name__)

ENGLISH = "en"


def daily_digest(
    articles: Sequence[StoredArticle],
    *,
    settings: Settings,
    generated_at: datetime,
    notices: Iterable[str] = (),
) -> Digest:
    """Merge stored articles (oldest first) into one digest stamped `generated_at`."""
    unique = _drop_repeats(articles)
    results = _unique_ids(unique)
    all_notices = list(dict.fromkeys([*notices, *(n for a in unique for n in a.notices)]))
    digest = merge.build_digest(
        results,
        notices=all_notices,
        threshold=settings.story_threshold,
        glossary_notes=glossary_notes(results, settings=settings),
    )
    return digest.model_copy(update={"generated_at": generated_at})


def glossary_notes(results: Sequence[ArticleResult], *, settings: Settings) -> dict[str, str]:
    """English term → kind (person, place, ...) from the glossaries of the articles' languages.

    The notes only sharpen how disagreements are named, so a glossary that cannot be read is
    logged and left out rather than holding back the day's email.
    """
    notes: dict[str, str] = {}
    languages = sorted({r.language for r in results if r.language and r.language != ENGLISH})
    for language in languages:
        try:
            glossary = glossary_for(
                language,
                glossary_dir=settings.glossary_dir,
                override=settings.glossary,
                max_bytes=settings.max_glossary_bytes,
            )
        except WiredeskError as exc:
            log.warning("digest without the %s glossary's notes: %s", language, exc.detail)
            continue
        if glossary is not None:
            notes.update({entry.target: entry.note for entry in glossary.entries})
    return notes


def _drop_repeats(articles: Sequence[StoredArticle]) -> list[StoredArticle]:
    """Each article once (by URL, else by its cleaned text), keeping the newest copy."""
    seen: set[str] = set()
    kept: list[StoredArticle] = []
    for article in reversed(articles):
        key = _identity(article.result)
        if key in seen:
            continue
        seen.add(key)
        kept.append(article)
    kept.reverse()
    return kept


def _identity(result: ArticleResult) -> str:
    """What makes two stored copies the same article: its URL, else a hash of its text."""
    if result.url:
        return f"url:{result.url.strip()}"
    text = result.clean_text or result.translation or result.id
    return "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unique_ids(articles: Sequence[StoredArticle]) -> list[ArticleResult]:
    """The results, an id that occurs more than once prefixed by its batch id (and numbered if
    even that repeats), so every id in the digest is distinct."""
    counts = Counter(article.result.id for article in articles)
    taken: set[str] = set()
    results = []
    for article in articles:
        wanted = article.result.id
        if counts[wanted] > 1:
            wanted = f"{article.batch_id[:8]}/{wanted}"
        unique, number = wanted, 1
        while unique in taken:
            number += 1
            unique = f"{wanted}~{number}"
        taken.add(unique)
        results.append(
            article.result
            if unique == article.result.id
            else article.result.model_copy(update={"id": unique})
        )
    return results
