"""Turn a submitted request (JSON body or multipart files) into validated `Article`s.

Uses the same ingest code as `wiredesk run`, so a file gives the same article (id, text, title)
through the API as on the command line. Every problem is refused up front: a batch that is
accepted has only articles the workers can start on.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from api.schemas import GLOSSARY_NAME_PATTERN, BatchCreate, BatchOptions
from wiredesk.errors import InputError, TooLargeError
from wiredesk.ingest import articles_from_json, load_paths
from wiredesk.schema import Article, IngestFailure

FORM_FIELDS = frozenset({"files", "glossary", "summary_sentences", "beams"})


@dataclass(frozen=True)
class Submission:
    """A batch ready to store: its articles, glossary name, options and a hash of the request."""

    articles: list[Article]
    glossary: str | None
    options: dict[str, Any]
    request_hash: str


def _invalid(exc: ValidationError, *, where: str) -> RequestValidationError:
    """FastAPI's own validation error (same 422 problem), located in the body or the form."""
    errors = exc.errors(include_url=False, include_input=False)
    return RequestValidationError([error | {"loc": (where, *error["loc"])} for error in errors])


def from_json(
    body: bytes,
    *,
    max_article_bytes: int,
    max_articles: int,
    max_html_bytes: int,
) -> Submission:
    """A submission from a JSON body (`BatchCreate`)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # ValueError: bad UTF-8 or JSON, huge numbers
        raise InputError(f"The request body is not valid JSON: {exc}") from exc
    _check_encodable(data)
    try:
        request = BatchCreate.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, where="body") from exc
    _check_count(len(request.articles), max_articles)
    items = [
        article.model_dump(exclude_none=True) | {"id": article.id or f"article-{n}"}
        for n, article in enumerate(request.articles, start=1)
    ]
    for item in items:
        limit = max_article_bytes if item.get("text") else max_html_bytes
        body_bytes = len((item.get("text") or item.get("html") or "").encode("utf-8"))
        if body_bytes > limit:
            raise TooLargeError(
                f"Article '{item['id']}' is {body_bytes:,} bytes; the limit is {limit:,} bytes."
            )
    _check_unique([str(item["id"]) for item in items])
    articles = _accepted(
        articles_from_json(
            items,
            origin="api",
            max_article_bytes=max_article_bytes,
            max_html_bytes=max_html_bytes,
        )
    )
    options = request.options.model_dump(exclude_none=True)
    fingerprint = {"articles": items, "glossary": request.glossary, "options": options}
    return Submission(articles, request.glossary, options, _hash(fingerprint))


async def from_form(
    form: FormData,
    *,
    max_article_bytes: int,
    max_articles: int,
    max_html_bytes: int,
) -> Submission:
    """A submission from a multipart form: `files` (one or more) plus optional fields."""
    unknown = sorted(set(form.keys()) - FORM_FIELDS)
    if unknown:
        raise InputError(f"Unknown form field(s): {', '.join(unknown)}.")
    uploads = [value for value in form.getlist("files") if isinstance(value, UploadFile)]
    if not uploads:
        raise InputError('Upload at least one file in the form field "files".')
    _check_count(len(uploads), max_articles)
    options = _form_options(form)
    glossary = _form_text(form, "glossary")
    if glossary is not None and not re.fullmatch(GLOSSARY_NAME_PATTERN, glossary):
        raise InputError(f"'{glossary[:70]}' is not a glossary name.")
    files: list[tuple[str, bytes]] = []
    for number, upload in enumerate(uploads, start=1):
        files.append((_safe_name(upload.filename, number), await upload.read()))
    articles = _articles_from_files(
        files,
        max_article_bytes=max_article_bytes,
        max_articles=max_articles,
        max_html_bytes=max_html_bytes,
    )
    fingerprint = {
        "files": [[name, hashlib.sha256(data).hexdigest()] for name, data in files],
        "glossary": glossary,
        "options": options,
    }
    return Submission(articles, glossary, options, _hash(fingerprint))


def _articles_from_files(
    files: Sequence[tuple[str, bytes]],
    *,
    max_article_bytes: int,
    max_articles: int,
    max_html_bytes: int,
) -> list[Article]:
    """Articles from uploaded files, read exactly as `wiredesk run` reads files on disk."""
    with tempfile.TemporaryDirectory(prefix="wiredesk-upload-") as folder:
        paths: list[Path] = []
        for number, (name, data) in enumerate(files, start=1):
            # One folder per upload: two files may share a name (from different folders).
            path = Path(folder) / f"{number:05d}" / name
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(path)
        items = load_paths(
            paths,
            max_article_bytes=max_article_bytes,
            max_articles=max_articles,
            max_html_bytes=max_html_bytes,
        )
        accepted = _accepted(items)
    return [
        article.model_copy(update={"origin": PurePath(article.origin or "").name})
        for article in accepted
    ]


def _accepted(items: Sequence[Article | IngestFailure]) -> list[Article]:
    """The articles, or an error naming every item that could not be read."""
    failures = [item for item in items if isinstance(item, IngestFailure)]
    if failures:
        detail = "; ".join(f"{f.id}: {f.error}" for f in failures[:10])
        if any(f.code == TooLargeError.code for f in failures):
            raise TooLargeError(detail)
        raise InputError(detail)
    return [item for item in items if isinstance(item, Article)]


def _form_options(form: FormData) -> dict[str, Any]:
    """`summary_sentences` and `beams` from form fields, validated like the JSON options."""
    raw = {name: _form_text(form, name) for name in ("summary_sentences", "beams")}
    try:
        options = BatchOptions.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        raise _invalid(exc, where="form") from exc
    return options.model_dump(exclude_none=True)


def _form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'Form field "{name}" must be text, not a file.')
    return value.strip() or None


def _safe_name(filename: str | None, number: int) -> str:
    """The base name of an uploaded file, never a path; a placeholder when there is none."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    if not name or name.startswith(".") or len(name) > 200:
        return f"upload-{number}.txt"
    return name


def _check_encodable(data: Any) -> None:
    """Refuse lone surrogates: a JSON "\\ud800" escape decodes to one, which is not text and
    cannot be encoded, stored or translated."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError) as exc:
        raise InputError(
            "The request body holds a \\uD800-\\uDFFF escape that is not half of a pair: not text."
        ) from exc


def _check_count(count: int, max_articles: int) -> None:
    if count > max_articles:
        raise TooLargeError(f"{count} articles in one batch; the limit is {max_articles}.")


def _check_unique(ids: Sequence[str]) -> None:
    repeated = sorted(article_id for article_id, count in Counter(ids).items() if count > 1)
    if repeated:
        raise InputError(
            f"Article ids must be unique within a batch; repeated: {', '.join(repeated)}."
        )


def _hash(fingerprint: dict[str, Any]) -> str:
    """A stable hash of what was submitted, so a replayed request can be recognised."""
    canonical = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
