"""Web pages for named glossaries: list, view, upload or replace (errors shown inline), delete.

An upload is parsed by the same code the pipeline uses before it is stored; a bad file is shown
back with the error naming the file and the line, and the stored glossary stays as it was.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from api.deps import CoreSettingsDep, StoreDep
from api.schemas import GLOSSARY_NAME_PATTERN
from api.web.auth import WebRoute, check_form, require_web_user
from api.web.templating import page
from wiredesk.errors import GlossaryError, InputError, TooLargeError
from wiredesk.glossary import parse_glossary
from wiredesk.store import Store
from wiredesk.store import glossaries as glossary_store

router = APIRouter(
    route_class=WebRoute, include_in_schema=False, dependencies=[Depends(require_web_user)]
)

GlossaryName = Annotated[str, Path(pattern=GLOSSARY_NAME_PATTERN)]


@router.get("/glossaries")
def glossary_list(request: Request, store: StoreDep) -> Response:
    """Every stored glossary, and the form to upload one."""
    return _list_page(request, store, error=None, values={})


@router.post("/glossaries")
async def glossary_upload(request: Request, store: StoreDep, core: CoreSettingsDep) -> Response:
    """Create or replace a glossary from a file or pasted text; errors come back inline."""
    form = await request.form(
        max_files=1, max_fields=6, max_part_size=core.max_glossary_bytes + 1024
    )
    try:
        check_form(request, form)
        name = str(form.get("name") or "").strip()
        values = {"name": name}
        upload = form.get("file")
        pasted = str(form.get("text") or "")
        try:
            if not re.fullmatch(GLOSSARY_NAME_PATTERN, name):
                raise InputError(
                    "A glossary name is 1 to 64 letters, digits, '_', '.' or '-', starting with "
                    "a letter or digit."
                )
            if isinstance(upload, UploadFile) and upload.filename:
                origin, body = upload.filename, await upload.read()
            elif pasted.strip():
                origin, body = "pasted text", pasted.encode("utf-8")
                values["text"] = pasted
            else:
                raise InputError("Choose a TSV file or paste the glossary.")
            if len(body) > core.max_glossary_bytes:
                raise TooLargeError(
                    f"{origin} is {len(body):,} bytes; the limit is {core.max_glossary_bytes:,}."
                )
            entries = await run_in_threadpool(_store, store, name, _decode(body, origin), origin)
        except (InputError, GlossaryError) as exc:
            return _list_page(request, store, error=exc.detail, values=values, status=exc.status)
    finally:
        await form.close()
    return RedirectResponse(f"/glossaries/{name}?saved={entries}", 303)


def _store(store: Store, name: str, text: str, origin: str) -> int:
    """Parse (GlossaryError names the file and line) and only then store; the entry count."""
    glossary = parse_glossary(text, origin=origin)
    if len(glossary) == 0:
        raise GlossaryError(f"{origin} has no entries.")
    with store.write() as session:
        glossary_store.put_glossary(session, name=name, text=text, entries=len(glossary))
    return len(glossary)


def _decode(body: bytes, origin: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise GlossaryError(f"{origin}, line {line}: not valid UTF-8.") from exc


def _list_page(
    request: Request, store: Store, *, error: str | None, values: dict[str, str], status: int = 200
) -> Response:
    with store.read() as session:
        rows = [
            {"name": row.name, "entries": row.entries, "updated_at": row.updated_at}
            for row in glossary_store.list_glossaries(session)
        ]
    context = {"glossaries": rows, "error": error, "values": values}
    return page(request, "glossaries.html", context, status=status)


@router.get("/glossaries/{name}")
def glossary_view(
    name: GlossaryName, request: Request, store: StoreDep, saved: int | None = None
) -> Response:
    """One glossary's entries (source, English, note)."""
    with store.read() as session:
        row = glossary_store.get_glossary(session, name=name)
        text, updated_at = row.text, row.updated_at
    try:
        entries, problem = parse_glossary(text, origin=name).entries, None
    except GlossaryError as exc:  # stored by a version that checked less: show it as it is
        entries, problem = (), exc.detail
    context = {
        "name": name,
        "entries": entries,
        "problem": problem,
        "text": text,
        "updated_at": updated_at,
        "saved": saved,
    }
    return page(request, "glossary.html", context)


@router.post("/glossaries/{name}/delete")
async def glossary_delete(name: GlossaryName, request: Request, store: StoreDep) -> Response:
    """Delete a glossary (batches already submitted keep their copy)."""
    form = await request.form(max_files=0, max_fields=3)
    check_form(request, form)
    with store.write() as session:
        glossary_store.delete_glossary(session, name=name)
    return RedirectResponse("/glossaries", 303)
