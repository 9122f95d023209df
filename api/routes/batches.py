"""`/v1/batches`: submit a batch, follow its progress, fetch its digest and its articles."""

from __future__ import annotations

import contextlib
import logging
import threading
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import intake
from api.deps import (
    CoreSettingsDep,
    PrincipalDep,
    QueueDep,
    ServiceSettingsDep,
    StoreDep,
    require_api_key,
)
from api.queue import TaskQueue
from api.schemas import (
    MAX_OFFSET,
    ArticleState,
    BatchAccepted,
    BatchOptions,
    BatchOut,
    BatchPage,
    BatchSummary,
    Link,
    PageLinks,
    Progress,
)
from wiredesk import render
from wiredesk.errors import ConflictError, InputError, NotFoundError, UnavailableError
from wiredesk.schema import ArticleResult, Digest
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import ARTICLE_FINAL, BATCH_FINAL, BatchRow, Store, jobs
from wiredesk.store import glossaries as glossary_store
from wiredesk.store.models import utcnow

log = logging.getLogger("wiredesk.api")

router = APIRouter(prefix="/v1/batches", tags=["batches"], dependencies=[Depends(require_api_key)])

BatchId = Annotated[str, Path(max_length=64, description="The batch id from `POST /v1/batches`.")]
RENDERERS = {
    "json": ("application/json", render.render_json),
    "md": ("text/markdown; charset=utf-8", render.render_markdown),
    "html": ("text/html; charset=utf-8", render.render_html),
}
MEDIA_TYPES = {"application/json": "json", "text/markdown": "md", "text/html": "html"}
BATCH_CREATE = "BatchCreate"  # added to the OpenAPI components by `api.main`
_SQLITE_WRITER = threading.Lock()  # one submitting writer at a time on SQLite (see `_writer_turn`)
# A digest quotes untrusted articles: browsers must not sniff Markdown as HTML, and the HTML
# page may run nothing and load nothing (the same policy as its own <meta> tag).
DIGEST_HEADERS = {
    "Vary": "Accept",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'",
}

_SUBMIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{BATCH_CREATE}"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Article files: .txt/.md, .html/.htm or .json.",
                        },
                        "glossary": {"type": "string", "description": "A stored glossary."},
                        "summary_sentences": {"type": "integer", "minimum": 1, "maximum": 20},
                        "beams": {"type": "integer", "minimum": 1, "maximum": 16},
                    },
                }
            },
        },
    }
}
_PROBLEM = {"content": {"application/problem+json": {}}}


@router.post(
    "",
    status_code=202,
    response_model=BatchAccepted,
    openapi_extra=_SUBMIT_BODY,
    responses={
        401: _PROBLEM | {"description": "Missing or wrong API key."},
        409: _PROBLEM | {"description": "Idempotency-Key reused with a different body."},
        413: _PROBLEM | {"description": "Request, article or article count over a limit."},
        422: _PROBLEM | {"description": "Malformed JSON, or an article without text or html."},
        503: _PROBLEM | {"description": "Redis is unreachable; nothing was stored."},
    },
)
async def create_batch(
    request: Request,
    response: Response,
    principal: PrincipalDep,
    settings: ServiceSettingsDep,
    core: CoreSettingsDep,
    store: StoreDep,
    queue: QueueDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=255,
            description="Replaying a request with the same key and body returns the same batch.",
        ),
    ] = None,
) -> BatchAccepted:
    """Queue a batch of articles (JSON, or multipart `files`); poll the `Location` it returns."""
    submission = await _read_submission(
        request,
        max_article_bytes=core.max_article_bytes,
        max_articles=core.max_articles,
        max_html_bytes=core.max_html_bytes,
    )
    batch, replayed = await run_in_threadpool(
        store_and_enqueue,
        store,
        queue,
        settings,
        submission,
        principal=principal,
        idempotency_key=idempotency_key,
    )
    links = batch_links(request, settings, batch.id)
    response.headers["Location"] = links.self_
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return BatchAccepted(id=batch.id, status=batch.status, links=links)  # type: ignore[arg-type]


async def _read_submission(
    request: Request, *, max_article_bytes: int, max_articles: int, max_html_bytes: int
) -> intake.Submission:
    """Parse the body by its content type; parsing runs off the event loop."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        body = await request.body()
        return await run_in_threadpool(
            intake.from_json,
            body,
            max_article_bytes=max_article_bytes,
            max_articles=max_articles,
            max_html_bytes=max_html_bytes,
        )
    if content_type == "multipart/form-data":
        form = await request.form(max_files=max_articles, max_fields=10)
        try:
            return await intake.from_form(
                form,
                max_article_bytes=max_article_bytes,
                max_articles=max_articles,
                max_html_bytes=max_html_bytes,
            )
        finally:
            await form.close()
    raise StarletteHTTPException(
        415, detail="Send application/json (a BatchCreate) or multipart/form-data (files)."
    )


def store_and_enqueue(
    store: Store,
    queue: TaskQueue,
    settings: ServiceSettings,
    submission: intake.Submission,
    *,
    principal: str,
    idempotency_key: str | None,
) -> tuple[BatchRow, bool]:
    """Store the batch and enqueue it in ONE transaction: if Redis is down, nothing is kept."""
    not_before = utcnow() - timedelta(seconds=settings.idempotency_ttl)
    try:
        with _writer_turn(store), store.write() as session:
            if idempotency_key:
                # A replay after the fact is answered without writing anything.
                seen = jobs.find_idempotency(
                    session, principal=principal, key=idempotency_key, not_before=not_before
                )
                if seen is not None:
                    return _replay(session, seen.batch_id, seen.request_hash, submission), True
            glossary_text = None
            if submission.glossary:
                glossary_text = _glossary_text(session, submission.glossary)
            # The batch goes in first (the key refers to it), inside a savepoint: if another
            # request holds the key, the batch is undone and that request's batch answered.
            attempt = session.begin_nested() if idempotency_key else None
            batch, article_pks = jobs.create_batch(
                session,
                articles=submission.articles,
                options=submission.options,
                glossary_name=submission.glossary,
                glossary_text=glossary_text,
            )
            if idempotency_key:
                holder = jobs.claim_idempotency(
                    session,
                    principal=principal,
                    key=idempotency_key,
                    request_hash=submission.request_hash,
                    batch_id=batch.id,
                    not_before=not_before,
                )
                assert attempt is not None
                if holder is not None:
                    attempt.rollback()
                    log.info("idempotency key raced; replaying the batch the other request stored")
                    return _replay(session, holder.batch_id, holder.request_hash, submission), True
                attempt.commit()
            # Published before COMMIT: if this raises, the transaction rolls back. A worker that
            # picks a task up before the commit waits for it (SQLite) or retries (PostgreSQL).
            queue.enqueue_batch(batch_id=batch.id)
    except OperationalError as exc:
        # The operator needs the store's own reason ("database is locked", "disk is full").
        log.error("batch not stored: the job store refused the write: %s", exc.orig)
        raise UnavailableError(
            "The job store could not store the batch (unreachable, locked or full); nothing "
            "was stored. Retry later.",
            retry_after=settings.retry_after,
        ) from exc
    log.info(
        "batch %s queued: %d articles, glossary=%s, options=%s",
        batch.id,
        len(article_pks),
        submission.glossary,
        submission.options,
    )
    return batch, False


def _writer_turn(store: Store) -> AbstractContextManager[object]:
    """This process's turn to write, on SQLite: one writer at a time, in arrival order.

    SQLite lets one transaction write at a time. Request threads that wait for it in SQLite's
    busy handler sleep in growing steps (up to 100 ms), so under concurrent submissions most of
    their latency was sleep; queued on a lock, each starts as soon as the previous commits.
    """
    return _SQLITE_WRITER if store.is_sqlite else contextlib.nullcontext()


def _replay(
    session: Session, batch_id: str, request_hash: str, submission: intake.Submission
) -> BatchRow:
    """The batch an idempotency key started, if the replayed request is the same one."""
    if request_hash != submission.request_hash:
        raise ConflictError("This Idempotency-Key was used for a different request; use a new key.")
    batch = jobs.get_batch(session, batch_id=batch_id)
    log.info("batch %s replayed for a repeated Idempotency-Key", batch.id)
    return batch


def _glossary_text(session: Session, name: str) -> str:
    """The text of the named glossary the batch refers to; its absence makes the request invalid."""
    try:
        return glossary_store.get_glossary(session, name=name).text
    except NotFoundError as exc:
        raise InputError(
            f"No glossary named '{name}'; store it with PUT /v1/glossaries/{name}."
        ) from exc


@router.get("", response_model=BatchPage)
def list_batches(
    request: Request,
    settings: ServiceSettingsDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Batches per page.")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Batches to skip (newest first).")
    ] = 0,
) -> BatchPage:
    """Recent batches, newest first, a page at a time."""
    with store.read() as session:
        rows, total = jobs.list_batches(session, limit=limit, offset=offset)
        counts = jobs.progress(session, batch_ids=[row.id for row in rows])
    items = [
        BatchSummary(
            id=row.id,
            status=row.status,  # type: ignore[arg-type]
            progress=Progress(**vars(counts[row.id])),
            created_at=row.created_at,
            finished_at=row.finished_at,
            links=batch_links(request, settings, row.id),
        )
        for row in rows
    ]
    return BatchPage(
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        links=_page_links(request, settings, limit=limit, offset=offset, total=total),
    )


@router.get("/{batch_id}", response_model=BatchOut, responses={404: _PROBLEM})
def get_batch(
    batch_id: BatchId, request: Request, settings: ServiceSettingsDep, store: StoreDep
) -> BatchOut:
    """A batch's status, progress, and each article's status (and error, if it failed)."""
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        rows = jobs.article_rows(session, batch_id=batch_id)
    failed = sum(1 for row in rows if row.status == "failed")
    return BatchOut(
        id=batch.id,
        status=batch.status,  # type: ignore[arg-type]
        progress=Progress(
            total=len(rows),
            done=sum(1 for row in rows if row.status in ARTICLE_FINAL),
            failed=failed,
        ),
        articles=[
            ArticleState(
                id=row.article_id,
                status=row.status,  # type: ignore[arg-type]
                error=row.error,
                error_code=row.error_code,
            )
            for row in rows
        ],
        glossary=batch.glossary_name,
        options=BatchOptions.model_validate(batch.options or {}),
        error=batch.error,
        created_at=batch.created_at,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        links=batch_links(request, settings, batch.id),
    )


@router.get(
    "/{batch_id}/digest",
    responses={
        200: {
            "description": "The digest (same schema as the CLI's digest.json).",
            "content": {
                "application/json": {"schema": Digest.model_json_schema()},
                "text/markdown": {},
                "text/html": {},
            },
        },
        404: _PROBLEM,
        409: _PROBLEM
        | {"description": "The batch is not finished yet (with `Retry-After` in seconds)."},
    },
)
def get_digest(
    batch_id: BatchId,
    store: StoreDep,
    settings: ServiceSettingsDep,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    format: Annotated[
        str | None,
        Query(
            pattern="^(json|md|markdown|html)$",
            description="`json`, `md` or `html`; overrides the Accept header.",
        ),
    ] = None,
) -> Response:
    """The batch's digest as JSON, Markdown or HTML (by `?format=` or the Accept header)."""
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        if batch.status not in BATCH_FINAL:
            counts = jobs.progress(session, batch_ids=[batch_id])[batch_id]
    if batch.status not in BATCH_FINAL:
        raise ConflictError(
            f"Batch {batch_id} is {batch.status} ({counts.done} of {counts.total} articles "
            "done); its digest is not ready yet.",
            retry_after=settings.retry_after,
        )
    if batch.digest is None:
        raise ConflictError(f"Batch {batch_id} failed without a digest: {batch.error}")
    chosen = pick_format(format, accept)
    media_type, renderer = RENDERERS[chosen]
    digest = Digest.model_validate_json(batch.digest)
    return Response(renderer(digest), media_type=media_type, headers=DIGEST_HEADERS)


@router.get(
    "/{batch_id}/articles/{article_id}",
    response_model=ArticleResult,
    responses={404: _PROBLEM, 409: _PROBLEM | {"description": "Not processed yet."}},
)
def get_article(
    batch_id: BatchId,
    article_id: Annotated[str, Path(max_length=200, description="The article's id.")],
    store: StoreDep,
) -> ArticleResult:
    """One article's full result: clean text, translation, sentences with flags, summary."""
    with store.read() as session:
        jobs.get_batch(session, batch_id=batch_id)
        row = jobs.get_article(session, batch_id=batch_id, article_id=article_id)
        if row.status not in ARTICLE_FINAL:
            raise ConflictError(f"Article '{article_id}' is {row.status}; no result yet.")
        return jobs.result_of(row)


def pick_format(format: str | None, accept: str | None) -> str:
    """`json`, `md` or `html`: the query parameter wins, then the Accept header, then JSON."""
    if format:
        return "md" if format == "markdown" else format
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, index, media.strip().lower()))
    for negative_quality, _, media in sorted(ranked):
        if negative_quality < 0 and media in MEDIA_TYPES:
            return MEDIA_TYPES[media]
    return "json"


def batch_links(request: Request, settings: ServiceSettings, batch_id: str) -> Link:
    """Absolute links of a batch, based on `public_base_url` or the request's own URL."""
    base = f"{_base_url(request, settings)}/v1/batches/{batch_id}"
    return Link.model_validate({"self": base, "digest": f"{base}/digest"})


def _page_links(
    request: Request, settings: ServiceSettings, *, limit: int, offset: int, total: int
) -> PageLinks:
    base = f"{_base_url(request, settings)}/v1/batches"
    next_link = f"{base}?limit={limit}&offset={offset + limit}" if offset + limit < total else None
    prev_link = f"{base}?limit={limit}&offset={max(0, offset - limit)}" if offset > 0 else None
    return PageLinks(next=next_link, prev=prev_link)


def _base_url(request: Request, settings: ServiceSettings) -> str:
    return (settings.public_base_url or str(request.base_url)).rstrip("/")
