"""Web pages for daily email digests: list, create, edit time zone and send time, pause and
resume, delete; and each subscription's recent deliveries with their status and reason.

Input is validated by the same model as `POST /v1/subscriptions`; its messages come back inline.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import StoreDep
from api.routes.subscriptions import SubscriptionCreate
from api.web.auth import WebRoute, check_form, require_web_user
from api.web.templating import page
from wiredesk.store import Store
from wiredesk.store import subscriptions as store_subscriptions
from wiredesk.store.models import SubscriptionRow
from wiredesk.store.subscriptions import SubscriptionFields

router = APIRouter(
    route_class=WebRoute, include_in_schema=False, dependencies=[Depends(require_web_user)]
)

SubscriptionId = Annotated[str, Path(max_length=64)]
PAGE_SIZE = 50
RECENT_DELIVERIES = 30


@router.get("/subscriptions")
def subscription_list(
    request: Request,
    store: StoreDep,
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    """Every subscription, newest first, and the form to add one."""
    return _list_page(request, store, page_number=page_number, values={}, errors=[])


@router.post("/subscriptions")
async def subscription_create(request: Request, store: StoreDep) -> Response:
    """Subscribe an address (or update the subscription it has)."""
    form = await request.form(max_files=0, max_fields=10)
    check_form(request, form)
    values = _values(form)
    fields, errors = _validate(values)
    if fields is None:
        return _list_page(request, store, page_number=1, values=values, errors=errors, status=422)
    with store.write() as session:
        row, _ = store_subscriptions.upsert_subscription(session, fields=fields)
        subscription_id = row.id
    return RedirectResponse(f"/subscriptions/{subscription_id}", 303)


@router.get("/subscriptions/{subscription_id}")
def subscription_page(
    subscription_id: SubscriptionId, request: Request, store: StoreDep
) -> Response:
    """One subscription: edit form, pause or resume, delete, and its recent deliveries."""
    return _detail_page(request, store, subscription_id, values=None, errors=[])


@router.post("/subscriptions/{subscription_id}")
async def subscription_edit(
    subscription_id: SubscriptionId, request: Request, store: StoreDep
) -> Response:
    """Change the send time, time zone, filters or empty-day choice."""
    form = await request.form(max_files=0, max_fields=10)
    check_form(request, form)
    with store.read() as session:
        email = store_subscriptions.get_subscription(session, subscription_id=subscription_id).email
    values = _values(form) | {"email": email}
    fields, errors = _validate(values)
    if fields is None:
        return _detail_page(request, store, subscription_id, values=values, errors=errors)
    with store.write() as session:
        store_subscriptions.upsert_subscription(session, fields=fields)
    return RedirectResponse(f"/subscriptions/{subscription_id}?saved=1", 303)


@router.post("/subscriptions/{subscription_id}/pause")
async def subscription_pause(
    subscription_id: SubscriptionId, request: Request, store: StoreDep
) -> Response:
    """Stop sending (the subscription and its history are kept)."""
    form = await request.form(max_files=0, max_fields=3)
    check_form(request, form)
    with store.write() as session:
        store_subscriptions.get_subscription(session, subscription_id=subscription_id)
        store_subscriptions.unsubscribe(session, subscription_id=subscription_id)
    return RedirectResponse(f"/subscriptions/{subscription_id}", 303)


@router.post("/subscriptions/{subscription_id}/resume")
async def subscription_resume(
    subscription_id: SubscriptionId, request: Request, store: StoreDep
) -> Response:
    """Send again, from the next send time on."""
    form = await request.form(max_files=0, max_fields=3)
    check_form(request, form)
    with store.write() as session:
        row = store_subscriptions.get_subscription(session, subscription_id=subscription_id)
        store_subscriptions.upsert_subscription(session, fields=_fields_of(row))
    return RedirectResponse(f"/subscriptions/{subscription_id}", 303)


@router.post("/subscriptions/{subscription_id}/delete")
async def subscription_delete(
    subscription_id: SubscriptionId, request: Request, store: StoreDep
) -> Response:
    """Delete the subscription and its delivery history."""
    form = await request.form(max_files=0, max_fields=3)
    check_form(request, form)
    with store.write() as session:
        store_subscriptions.delete_subscription(session, subscription_id=subscription_id)
    return RedirectResponse("/subscriptions", 303)


# --- helpers --------------------------------------------------------------------------------------
def _values(form: FormData) -> dict[str, Any]:
    """The form's fields as text (what the page shows back when something is wrong)."""
    text = {
        name: str(form.get(name) or "").strip()
        for name in ("email", "send_at", "timezone", "languages", "sources")
    }
    return text | {"skip_empty": form.get("skip_empty") == "on"}


def _validate(values: dict[str, Any]) -> tuple[SubscriptionFields | None, list[str]]:
    """The subscription the form describes, or the problems with it (one line each)."""
    try:
        body = SubscriptionCreate.model_validate(
            {
                "email": values["email"],
                "send_at": values["send_at"],
                "timezone": values["timezone"],
                "filters": {
                    "languages": _split(values["languages"]),
                    "sources": _split(values["sources"]),
                },
                "skip_empty": values["skip_empty"],
            }
        )
    except ValidationError as exc:
        errors = [
            f"{'.'.join(str(part) for part in error['loc'])}: "
            f"{str(error['msg']).removeprefix('Value error, ')}"
            for error in exc.errors(include_url=False, include_input=False)
        ]
        return None, errors
    return body.fields(), []


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _fields_of(row: SubscriptionRow) -> SubscriptionFields:
    return SubscriptionFields(
        email=row.email,
        send_at=row.send_at,
        timezone=row.timezone,
        languages=list(row.languages or []),
        sources=list(row.sources or []),
        skip_empty=row.skip_empty,
    )


def _list_page(
    request: Request,
    store: Store,
    *,
    page_number: int,
    values: dict[str, Any],
    errors: list[str],
    status: int = 200,
) -> Response:
    with store.read() as session:
        rows, total = store_subscriptions.list_subscriptions(
            session, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE
        )
        items = [_row_view(row) for row in rows]
    context = {
        "subscriptions": items,
        "total": total,
        "page_number": page_number,
        "has_next": page_number * PAGE_SIZE < total,
        "values": values,
        "errors": errors,
    }
    return page(request, "subscriptions.html", context, status=status)


def _detail_page(
    request: Request,
    store: Store,
    subscription_id: str,
    *,
    values: dict[str, Any] | None,
    errors: list[str],
) -> Response:
    with store.read() as session:
        row = store_subscriptions.get_subscription(session, subscription_id=subscription_id)
        subscription = _row_view(row)
        deliveries, total = store_subscriptions.list_deliveries(
            session, subscription_id=subscription_id, limit=RECENT_DELIVERIES, offset=0
        )
        recent = [
            {
                "local_date": d.local_date,
                "status": d.status,
                "attempts": d.attempts,
                "error": d.error,
                "articles": len(d.article_pks or []),
                "stories": d.stories,
                "finished_at": d.finished_at,
            }
            for d in deliveries
        ]
    context = {
        "subscription": subscription,
        "values": values or subscription,
        "errors": errors,
        "deliveries": recent,
        "deliveries_total": total,
        "saved": request.query_params.get("saved") == "1",
    }
    return page(request, "subscription.html", context, status=422 if errors else 200)


def _row_view(row: SubscriptionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "email": row.email,
        "send_at": row.send_at,
        "timezone": row.timezone,
        "languages": ", ".join(row.languages or []),
        "sources": ", ".join(row.sources or []),
        "skip_empty": row.skip_empty,
        "active": row.active,
        "created_at": row.created_at,
    }
