"""`/v1/glossaries/{name}`: named glossaries (TSV) that batches refer to by name.

An upload is parsed with the same code the pipeline uses before it is stored, so a bad file is
refused (422) and the glossary already stored under that name stays in use.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import CoreSettingsDep, StoreDep, require_api_key
from api.schemas import GLOSSARY_NAME_PATTERN, GlossaryOut
from wiredesk.errors import GlossaryError, TooLargeError
from wiredesk.glossary import parse_glossary
from wiredesk.store import Store, glossaries

log = logging.getLogger("wiredesk.api")

router = APIRouter(
    prefix="/v1/glossaries", tags=["glossaries"], dependencies=[Depends(require_api_key)]
)

GlossaryName = Annotated[
    str, Path(pattern=GLOSSARY_NAME_PATTERN, description="Letters, digits, `_`, `.`, `-`.")
]
TSV = "text/tab-separated-values; charset=utf-8"
_PROBLEM = {"content": {"application/problem+json": {}}}
_TSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/tab-separated-values": {
                "schema": {"type": "string"},
                "example": "# source\tEnglish\tnote\nChoe Son Hui\tChoe Son Hui\tperson\n"
                "Pjöngjang\tPyongyang\tplace\n",
            }
        },
    }
}


@router.get("", response_model=list[GlossaryOut])
def list_glossaries(store: StoreDep) -> list[GlossaryOut]:
    """Every stored glossary (name, entry count, last change), by name."""
    with store.read() as session:
        rows = glossaries.list_glossaries(session)
        return [GlossaryOut(name=r.name, entries=r.entries, updated_at=r.updated_at) for r in rows]


@router.put(
    "/{name}",
    response_model=GlossaryOut,
    openapi_extra=_TSV_BODY,
    responses={
        200: {"description": "Replaced."},
        201: {"description": "Created."},
        413: _PROBLEM,
        422: _PROBLEM | {"description": "Not a valid glossary; the stored one is kept."},
    },
)
async def put_glossary(
    name: GlossaryName,
    request: Request,
    response: Response,
    store: StoreDep,
    core: CoreSettingsDep,
) -> GlossaryOut:
    """Create or replace a glossary from a TSV body (`source<TAB>English[<TAB>note]` lines)."""
    body = await request.body()
    if len(body) > core.max_glossary_bytes:
        raise TooLargeError(
            f"The glossary is {len(body):,} bytes; the limit is {core.max_glossary_bytes:,}."
        )
    out, created = await run_in_threadpool(_validate_and_store, store, name, _decode(body))
    response.status_code = 201 if created else 200
    return out


def _validate_and_store(store: Store, name: str, text: str) -> tuple[GlossaryOut, bool]:
    """Parse the glossary (GlossaryError, 422, if invalid) and only then store it."""
    glossary = parse_glossary(text, origin=f"glossary '{name}'")
    if len(glossary) == 0:
        raise GlossaryError(f"Glossary '{name}' has no entries.")
    with store.write() as session:
        created = glossaries.put_glossary(session, name=name, text=text, entries=len(glossary))
        row = glossaries.get_glossary(session, name=name)
        out = GlossaryOut(name=row.name, entries=row.entries, updated_at=row.updated_at)
    log.info("glossary %s %s: %d entries", name, "created" if created else "replaced", out.entries)
    return out, created


@router.get(
    "/{name}",
    responses={200: {"content": {"text/tab-separated-values": {}}}, 404: _PROBLEM},
    response_class=Response,
)
def get_glossary(name: GlossaryName, store: StoreDep) -> Response:
    """The glossary's TSV text, as uploaded."""
    with store.read() as session:
        row = glossaries.get_glossary(session, name=name)
    return Response(row.text, media_type=TSV)


@router.delete("/{name}", status_code=204, responses={404: _PROBLEM})
def delete_glossary(name: GlossaryName, store: StoreDep) -> Response:
    """Delete a glossary; batches already submitted keep the copy they were given."""
    with store.write() as session:
        glossaries.delete_glossary(session, name=name)
    log.info("glossary %s deleted", name)
    return Response(status_code=204)


def _decode(body: bytes) -> str:
    """The body as UTF-8 text, or a 422 naming the line that is not."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise GlossaryError(f"Line {line} of the glossary is not valid UTF-8.") from exc
