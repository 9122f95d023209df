"""`/v1/subscriptions`: daily digests by email — subscribe, look, list, delete, see deliveries.

One subscription per address: posting the same address again updates it (200) instead of
adding a second one (201). Addresses, time zones and send times are validated here, so the
beat never meets a subscription it cannot schedule.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.deps import ServiceSettingsDep, StoreDep, require_api_key
from api.schemas import MAX_OFFSET, PageLinks
from wiredesk import schedule
from wiredesk.mail import normalise_email, tokens
from wiredesk.mail.tokens import Signer, signer_for
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store
from wiredesk.store import subscriptions as store_subscriptions
from wiredesk.store.models import DeliveryRow, SubscriptionRow, utcnow
from wiredesk.store.subscriptions import SubscriptionFields

log = logging.getLogger("wiredesk.api")

router = APIRouter(
    prefix="/v1/subscriptions", tags=["subscriptions"], dependencies=[Depends(require_api_key)]
)

SubscriptionId = Annotated[
    str, Path(max_length=64, description="The subscription id from `POST /v1/subscriptions`.")
]
DeliveryStatus = Literal["pending", "sending", "sent", "failed", "skipped"]
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PROBLEM = {"content": {"application/problem+json": {}}}


# --- bodies -------------------------------------------------------------------------------------
class Filters(BaseModel):
    """Which articles a digest takes: any language and source when a list is empty."""

    model_config = ConfigDict(extra="forbid")

    languages: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="ISO 639 codes of the source languages, e.g. `de`.",
    )
    sources: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Outlets, as given in the articles' `source` (case-insensitive).",
    )

    @field_validator("languages")
    @classmethod
    def _languages(cls, values: list[str]) -> list[str]:
        """Language codes, lower-cased, each once."""
        if not all(_LANGUAGE.fullmatch(value) for value in values):
            raise ValueError("languages are ISO 639 codes such as de or fr")
        return list(dict.fromkeys(value.lower() for value in values))

    @field_validator("sources")
    @classmethod
    def _sources(cls, values: list[str]) -> list[str]:
        """Outlet names with blanks collapsed, each once; no control characters."""
        cleaned = [" ".join(value.split()) for value in values]
        if any(not value or len(value) > 200 or _CONTROL.search(value) for value in cleaned):
            raise ValueError("sources are outlet names of 1 to 200 printable characters")
        return list(dict.fromkeys(cleaned))


class SubscriptionCreate(BaseModel):
    """A daily digest to an address at a local time; the same address again updates it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "email": "reader@example.com",
                    "send_at": "07:00",
                    "timezone": "Europe/Berlin",
                    "filters": {"languages": ["de"], "sources": []},
                }
            ]
        },
    )

    email: str = Field(max_length=320, description="Where the digest goes.")
    send_at: str = Field(max_length=16, description="Local time of day, 24-hour `HH:MM`.")
    timezone: str = Field(max_length=64, description="IANA time zone, e.g. `Europe/Berlin`.")
    filters: Filters = Field(default_factory=Filters)
    skip_empty: bool = Field(
        False, description="On a day with no new articles send nothing, instead of a short note."
    )

    def fields(self) -> SubscriptionFields:
        """What the store keeps of this request (the web form builds one of these too)."""
        return SubscriptionFields(
            email=self.email,
            send_at=self.send_at,
            timezone=self.timezone,
            languages=self.filters.languages,
            sources=self.filters.sources,
            skip_empty=self.skip_empty,
        )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        """The address, normalised (see `wiredesk.mail.normalise_email`)."""
        return normalise_email(value)

    @field_validator("send_at")
    @classmethod
    def _send_at(cls, value: str) -> str:
        """The send time as `HH:MM`."""
        return schedule.format_send_at(schedule.parse_send_at(value))

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        """The zone name, if it is a known IANA zone."""
        schedule.zone(value)
        return value


class SubscriptionLinks(BaseModel):
    """Where to find a subscription, its deliveries, and the link that unsubscribes it."""

    model_config = ConfigDict(populate_by_name=True)

    self_: str = Field(alias="self")
    deliveries: str
    unsubscribe: str = Field(description="Signed link; works without an API key.")


class SubscriptionOut(BaseModel):
    """A subscription, when its next digest goes out, and its links."""

    id: str
    email: str
    send_at: str
    timezone: str
    filters: Filters
    skip_empty: bool
    active: bool = Field(description="False once unsubscribed; posting the address re-activates.")
    next_send_at: datetime | None = Field(description="UTC time of the next digest, if active.")
    created_at: datetime
    updated_at: datetime
    unsubscribed_at: datetime | None = None
    links: SubscriptionLinks


class SubscriptionPage(BaseModel):
    """One page of subscriptions, newest first."""

    items: list[SubscriptionOut]
    total: int
    limit: int
    offset: int
    links: PageLinks


class DeliveryLinks(BaseModel):
    """The full digest that was emailed (signed link, no API key), once sent."""

    digest: str | None = None


class DeliveryOut(BaseModel):
    """One day's digest for a subscription: whether it went out, and why not if it did not."""

    local_date: date
    status: DeliveryStatus
    attempts: int
    error: str | None = None
    window_start: datetime = Field(description="Articles finished from here ...")
    window_end: datetime = Field(description="... up to here went into it.")
    articles: int
    stories: int
    sources: int
    created_at: datetime
    finished_at: datetime | None = None
    links: DeliveryLinks


class DeliveryPage(BaseModel):
    """One page of deliveries, newest local date first."""

    items: list[DeliveryOut]
    total: int
    limit: int
    offset: int


# --- routes -------------------------------------------------------------------------------------
@router.post(
    "",
    status_code=201,
    response_model=SubscriptionOut,
    responses={
        200: {"description": "The address was subscribed already; its subscription is updated."},
        401: _PROBLEM,
        422: _PROBLEM | {"description": "Bad email, send_at, timezone or filters."},
    },
)
def subscribe(
    body: SubscriptionCreate,
    request: Request,
    response: Response,
    settings: ServiceSettingsDep,
    store: StoreDep,
) -> SubscriptionOut:
    """Subscribe an address to the daily digest (201), or update its subscription (200)."""
    fields = body.fields()
    with store.write() as session:  # an atomic upsert: no retry when two arrive at once
        row, created = store_subscriptions.upsert_subscription(session, fields=fields)
    log.info("subscription %s %s", row.id, "created" if created else "updated")
    out = _out(row, request, settings, store)
    response.status_code = 201 if created else 200
    response.headers["Location"] = out.links.self_
    return out


@router.get("", response_model=SubscriptionPage)
def list_subscriptions(
    request: Request,
    settings: ServiceSettingsDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Subscriptions per page.")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Subscriptions to skip (newest first).")
    ] = 0,
) -> SubscriptionPage:
    """Subscriptions, newest first, a page at a time."""
    with store.read() as session:
        rows, total = store_subscriptions.list_subscriptions(session, limit=limit, offset=offset)
    base = f"{_base_url(request, settings)}/v1/subscriptions"
    return SubscriptionPage(
        items=[_out(row, request, settings, store) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
        links=PageLinks(
            next=f"{base}?limit={limit}&offset={offset + limit}"
            if offset + limit < total
            else None,
            prev=f"{base}?limit={limit}&offset={max(0, offset - limit)}" if offset else None,
        ),
    )


@router.get("/{subscription_id}", response_model=SubscriptionOut, responses={404: _PROBLEM})
def get_subscription(
    subscription_id: SubscriptionId, request: Request, settings: ServiceSettingsDep, store: StoreDep
) -> SubscriptionOut:
    """One subscription."""
    with store.read() as session:
        row = store_subscriptions.get_subscription(session, subscription_id=subscription_id)
    return _out(row, request, settings, store)


@router.delete("/{subscription_id}", status_code=204, responses={404: _PROBLEM})
def delete_subscription(subscription_id: SubscriptionId, store: StoreDep) -> Response:
    """Delete a subscription and its delivery history (unsubscribing keeps the history)."""
    with store.write() as session:
        store_subscriptions.delete_subscription(session, subscription_id=subscription_id)
    log.info("subscription %s deleted", subscription_id)
    return Response(status_code=204)


@router.get("/{subscription_id}/deliveries", response_model=DeliveryPage, responses={404: _PROBLEM})
def list_deliveries(
    subscription_id: SubscriptionId,
    request: Request,
    settings: ServiceSettingsDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Deliveries per page.")] = 30,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Deliveries to skip (newest first).")
    ] = 0,
) -> DeliveryPage:
    """The subscription's digests, newest first: sent, skipped, pending or failed (with why)."""
    with store.read() as session:
        store_subscriptions.get_subscription(session, subscription_id=subscription_id)
        rows, total = store_subscriptions.list_deliveries(
            session, subscription_id=subscription_id, limit=limit, offset=offset
        )
    signer = link_signer(request, settings, store)
    base = _base_url(request, settings)
    return DeliveryPage(
        items=[_delivery_out(row, base, signer) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


# --- helpers ------------------------------------------------------------------------------------
def link_signer(request: Request, settings: ServiceSettings, store: Store) -> Signer:
    """The signer of email links, resolved once per app (a generated key is read from the store)."""
    signer: Signer | None = getattr(request.app.state, "link_signer", None)
    if signer is None:
        signer = signer_for(settings.secret_key, store=store)
        request.app.state.link_signer = signer
    return signer


def _out(
    row: SubscriptionRow, request: Request, settings: ServiceSettings, store: Store
) -> SubscriptionOut:
    """A stored subscription as the API shows it, with its next send time and links."""
    base = _base_url(request, settings)
    signer = link_signer(request, settings, store)
    return SubscriptionOut(
        id=row.id,
        email=row.email,
        send_at=row.send_at,
        timezone=row.timezone,
        filters=Filters(languages=list(row.languages or []), sources=list(row.sources or [])),
        skip_empty=row.skip_empty,
        active=row.active,
        next_send_at=_next_send(row, store) if row.active else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        unsubscribed_at=row.unsubscribed_at,
        links=SubscriptionLinks.model_validate(
            {
                "self": f"{base}/v1/subscriptions/{row.id}",
                "deliveries": f"{base}/v1/subscriptions/{row.id}/deliveries",
                "unsubscribe": tokens.unsubscribe_url(base, signer, subscription_id=row.id),
            }
        ),
    )


def _next_send(row: SubscriptionRow, store: Store) -> datetime:
    """When the beat will send this subscription's next digest."""
    plan = schedule.Schedule(
        subscription_id=row.id,
        send_at=schedule.parse_send_at(row.send_at),
        timezone=row.timezone,
        active_since=row.active_since,
    )
    now = utcnow()
    today = schedule.local_date(now, schedule.zone(row.timezone))
    days = [today - timedelta(days=1), today, today + timedelta(days=1)]
    with store.read() as session:
        delivered = store_subscriptions.delivered_dates(
            session, subscription_ids=[row.id], dates=days
        )
    return schedule.next_send(plan, now=now, delivered={day for _, day in delivered})


def _delivery_out(row: DeliveryRow, base: str, signer: Signer) -> DeliveryOut:
    """A delivery as the API shows it; sent ones link to their digest."""
    digest = tokens.digest_url(base, signer, delivery_pk=row.pk) if row.status == "sent" else None
    return DeliveryOut(
        local_date=row.local_date,
        status=row.status,  # type: ignore[arg-type]
        attempts=row.attempts,
        error=row.error,
        window_start=row.window_start,
        window_end=row.window_end,
        articles=len(row.article_pks or []),
        stories=row.stories,
        sources=row.sources,
        created_at=row.created_at,
        finished_at=row.finished_at,
        links=DeliveryLinks(digest=digest),
    )


def _base_url(request: Request, settings: ServiceSettings) -> str:
    """`public_base_url`, else the URL the request came to."""
    return (settings.public_base_url or str(request.base_url)).rstrip("/")
