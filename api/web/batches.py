"""Web pages for batches: the list (`/`), the submit form, a batch with its digest, an article.

The pages read the same store the JSON API reads and submit through the same intake and
enqueue code, so a batch sent from the form is exactly a batch sent to `POST /v1/batches`.
"""

from __future__ import annotations

import io
import json
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.datastructures import FormData, Headers, UploadFile

from api import intake
from api.deps import CoreSettingsDep, QueueDep, ServiceSettingsDep, StoreDep
from api.routes.batches import DIGEST_HEADERS, RENDERERS, store_and_enqueue
from api.web.auth import WebRoute, WebUserDep, check_form, require_web_user
from api.web.templating import page
from wiredesk.errors import ConflictError, InputError
from wiredesk.schema import ArticleResult, Digest
from wiredesk.store import ARTICLE_FINAL, BATCH_FINAL, Store, browse, jobs
from wiredesk.store import glossaries as glossary_store

router = APIRouter(
    route_class=WebRoute, include_in_schema=False, dependencies=[Depends(require_web_user)]
)

STATUSES = ("queued", "running", "succeeded", "partial", "failed")
PAGE_SIZE = 20
MAX_PAGE = 10_000
BatchId = Annotated[str, Path(max_length=64)]
ArticleId = Annotated[str, Path(max_length=200)]
PASTED = "pasted"


# --- the list -------------------------------------------------------------------------------------
@router.get("/")
def batch_list(
    request: Request,
    store: StoreDep,
    status: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=browse.MAX_QUERY_CHARS)] = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """Recent batches, newest first; filter by status, search titles and outlets."""
    status = status if status in STATUSES else None
    query = (q or "").strip() or None
    with store.read() as session:
        batches, total = browse.batch_overviews(
            session,
            status=status,
            query=query,
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
    pages = max(1, math.ceil(total / PAGE_SIZE))
    context = {
        "batches": batches,
        "total": total,
        "status": status,
        "q": query or "",
        "page_number": page_number,
        "pages": pages,
        "statuses": STATUSES,
    }
    return page(request, "batches.html", context)


# --- submitting -----------------------------------------------------------------------------------
@router.get("/batches/new")
def new_batch_form(request: Request, store: StoreDep) -> Response:
    """The form: paste a text or choose files, pick a glossary, beams and summary length."""
    return _form_page(request, store, values={}, error=None)


@router.post("/batches/new")
async def submit_batch(
    request: Request,
    principal: WebUserDep,
    settings: ServiceSettingsDep,
    core: CoreSettingsDep,
    store: StoreDep,
    queue: QueueDep,
) -> Response:
    """Queue the batch and go to its page, or show the form again with what was wrong."""
    form = await request.form(
        max_files=core.max_articles, max_fields=12, max_part_size=core.max_article_bytes + 1024
    )
    try:
        check_form(request, form)
        values = {name: _text(form, name) for name in ("text", "title", "source", "language")}
        values |= {name: _text(form, name) for name in ("glossary", "beams", "summary_sentences")}
        try:
            submission = await intake.from_form(
                _intake_form(form, values),
                max_article_bytes=core.max_article_bytes,
                max_articles=core.max_articles,
                max_html_bytes=core.max_html_bytes,
            )
            batch, _ = await run_in_threadpool(
                store_and_enqueue,
                store,
                queue,
                settings,
                submission,
                principal=principal,
                idempotency_key=None,
            )
        except RequestValidationError as exc:
            fields = ", ".join(str(error["loc"][-1]) for error in exc.errors())
            raise InputError(f"Check these fields: {fields} (whole numbers in range).") from exc
    except InputError as exc:
        return _form_page(request, store, values=values, error=exc.detail, status=exc.status)
    finally:
        await form.close()
    return RedirectResponse(f"/batches/{batch.id}", 303)


def _form_page(
    request: Request,
    store: Store,
    *,
    values: dict[str, str | None],
    error: str | None,
    status: int = 200,
) -> Response:
    with store.read() as session:
        names = [row.name for row in glossary_store.list_glossaries(session)]
    context = {"values": values, "error": error, "glossaries": names}
    return page(request, "batch_new.html", context, status=status)


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


def _intake_form(form: FormData, values: dict[str, str | None]) -> FormData:
    """The form as `POST /v1/batches` takes it: chosen files, the pasted text as one more file
    (JSON, so its title and outlet come along), and the options."""
    items: list[tuple[str, str | UploadFile]] = []
    for upload in form.getlist("files"):
        # A file input left empty still sends one nameless, empty part.
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            items.append(("files", upload))
    if values.get("text"):
        article = {"id": PASTED, "text": values["text"]}
        for name in ("title", "source", "language"):
            if values.get(name):
                article[name] = values[name]  # type: ignore[assignment]
        data = json.dumps(article, ensure_ascii=False).encode("utf-8")
        items.append(
            (
                "files",
                UploadFile(
                    io.BytesIO(data),
                    size=len(data),
                    filename=f"{PASTED}.json",
                    headers=Headers({"content-type": "application/json"}),
                ),
            )
        )
    if not any(name == "files" for name, _ in items):
        raise InputError("Paste a text or choose at least one file.")
    for name in ("glossary", "beams", "summary_sentences"):
        if values.get(name):
            items.append((name, values[name]))  # type: ignore[arg-type]
    return FormData(items)


# --- one batch ------------------------------------------------------------------------------------
@router.get("/batches/{batch_id}")
def batch_page(batch_id: BatchId, request: Request, store: StoreDep) -> Response:
    """A batch: its progress while it runs; its digest once it is done."""
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        rows = jobs.article_rows(session, batch_id=batch_id)
        states = [{"id": row.article_id, "status": row.status, "error": row.error} for row in rows]
        finished = batch.status in BATCH_FINAL
        digest = Digest.model_validate_json(batch.digest) if batch.digest else None
        info = {
            "id": batch.id,
            "status": batch.status,
            "created_at": batch.created_at,
            "finished_at": batch.finished_at,
            "glossary": batch.glossary_name,
            "options": dict(batch.options or {}),
            "error": batch.error,
        }
    done = sum(1 for state in states if state["status"] in ARTICLE_FINAL)
    failed = sum(1 for state in states if state["status"] == "failed")
    articles = {article.id: article for article in digest.articles} if digest else {}
    context = {
        "batch": info,
        "states": states,
        "progress": {"total": len(states), "done": done, "failed": failed},
        "finished": finished,
        "digest": digest,
        "notices": list(dict.fromkeys(digest.notices)) if digest else [],
        "articles": articles,
        "failed_articles": [a for a in articles.values() if a.status == "failed"],
    }
    return page(request, "batch.html", context)


@router.get("/batches/{batch_id}/progress")
def batch_progress(batch_id: BatchId, store: StoreDep) -> JSONResponse:
    """Progress as JSON for the page's live updates (same session as the page)."""
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        counts = jobs.progress(session, batch_ids=[batch_id])[batch_id]
    body = {
        "status": batch.status,
        "final": batch.status in BATCH_FINAL,
        "total": counts.total,
        "done": counts.done,
        "failed": counts.failed,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.get("/batches/{batch_id}/digest.{fmt}")
def batch_digest_file(
    batch_id: BatchId, fmt: Annotated[str, Path(pattern="^(json|md|html)$")], store: StoreDep
) -> Response:
    """The digest as a file (the same as the API's `?format=`), for a signed-in browser."""
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
    if batch.digest is None:
        raise ConflictError(f"Batch {batch_id} has no digest (it is {batch.status}).")
    media_type, renderer = RENDERERS[fmt]
    digest = Digest.model_validate_json(batch.digest)
    headers = DIGEST_HEADERS | {
        "Content-Disposition": f'inline; filename="digest-{batch.id}.{fmt}"'
    }
    return Response(renderer(digest), media_type=media_type, headers=headers)


# --- one article ----------------------------------------------------------------------------------
@router.get("/batches/{batch_id}/articles/{article_id:path}")
def article_page(
    batch_id: BatchId, article_id: ArticleId, request: Request, store: StoreDep
) -> Response:
    """An article: source and English side by side, sentence by sentence, with flags and terms."""
    with store.read() as session:
        jobs.get_batch(session, batch_id=batch_id)
        row = jobs.get_article(session, batch_id=batch_id, article_id=article_id)
        if row.status not in ARTICLE_FINAL:
            raise ConflictError(f"Article '{article_id}' is {row.status}; there is no result yet.")
        article = jobs.result_of(row)
    context = {"batch_id": batch_id, "article": article, "rows": _sentence_rows(article)}
    return page(request, "article.html", context)


def _sentence_rows(article: ArticleResult) -> list[dict[str, Any]]:
    """Each sentence pair with its glossary hits (source forms, English forms) and flags."""
    hits: dict[int, list[Any]] = {}
    for hit in article.glossary:
        hits.setdefault(hit.sentence, []).append(hit)
    rows = []
    previous = None
    for index, pair in enumerate(article.sentences):
        found = hits.get(index, [])
        rows.append(
            {
                "number": index + 1,
                "pair": pair,
                "source_terms": [hit.match for hit in found],
                "target_terms": [hit.target for hit in found if hit.in_output],
                "flags": [_flag_label(flag) for flag in pair.flags],
                "new_paragraph": previous is not None and pair.paragraph != previous,
            }
        )
        previous = pair.paragraph
    return rows


_FLAG_WORDS = {
    "number_lost": "number lost",
    "glossary_missing": "glossary term missing",
    "glossary_repaired": "glossary term repaired",
    "untranslated": "untranslated",
    "empty": "empty translation",
    "too_short": "translation too short",
    "too_long": "translation too long",
}


def _flag_label(flag: str) -> dict[str, str]:
    """A flag as shown: its words, its detail (`10.000`), and whether it is only informational."""
    code, _, detail = flag.partition(":")
    kind = "info" if code == "glossary_repaired" else "warn"
    return {"code": code, "label": _FLAG_WORDS.get(code, code), "detail": detail, "kind": kind}
