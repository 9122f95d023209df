"""The pages an email links to, authorised by a signed token instead of an API key.

`GET /unsubscribe/{token}` shows a small page with one button; `POST /unsubscribe/{token}`
unsubscribes — the button, and mail clients' one-click `List-Unsubscribe-Post` (RFC 8058).
GET alone never unsubscribes: mail scanners open every link in a message, and a reader must
not lose the subscription to them. `GET /digests/{token}` shows the digest an email was made
from. A forged or altered token gets 404, the same as an unknown one.
"""

from __future__ import annotations

import html
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import CoreSettingsDep, ServiceSettingsDep, StoreDep, limit_by_address
from api.routes.batches import RENDERERS, pick_format
from api.routes.subscriptions import link_signer
from wiredesk.errors import NotFoundError
from wiredesk.mail import daily_digest
from wiredesk.mail.tokens import DIGEST, MAX_TOKEN, UNSUBSCRIBE
from wiredesk.store import subscriptions as store_subscriptions
from wiredesk.store.models import SubscriptionRow

log = logging.getLogger("wiredesk.api")

# No API key here, so the limit is per client address: tokens cannot be guessed at full speed.
router = APIRouter(tags=["email links"], dependencies=[Depends(limit_by_address)])

Token = Annotated[str, Path(max_length=MAX_TOKEN, description="The signed token from the email.")]
# The token is a capability: keep it out of Referer headers, caches and search engines.
_PRIVATE = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
_PAGE_CSS = (
    "body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,"
    "sans-serif;background:#eef1f5;color:#1f2a37;margin:0;padding:48px 16px}"
    "main{max-width:460px;margin:0 auto;background:#fff;border:1px solid #dde3ea;"
    "border-radius:10px;padding:28px 32px}h1{font-size:20px;margin:0 0 12px}"
    "p{line-height:1.5}button{font-size:15px;font-weight:700;color:#fff;background:#1f5fd6;"
    "border:0;border-radius:6px;padding:10px 20px;cursor:pointer}"
    ".muted{color:#6b7a8f;font-size:14px}"
)


def _page(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    """A small self-contained page; `body` is already escaped HTML."""
    document = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; form-action 'self'\">"
        f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>\n"
    )
    return HTMLResponse(document, status_code=status, headers=_PRIVATE)


def _invalid_link() -> HTMLResponse:
    """The 404 page for a token that does not verify."""
    return _page(
        "This link is not valid",
        "<p>The unsubscribe link is incomplete or has been altered. Use the link from the most "
        "recent digest email, or copy the whole link into your browser.</p>",
        status=404,
    )


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, responses={404: {}})
def unsubscribe_page(
    token: Token, request: Request, settings: ServiceSettingsDep, store: StoreDep
) -> HTMLResponse:
    """A page that names the address and offers one button to unsubscribe it."""
    subscription_id = link_signer(request, settings, store).verify(UNSUBSCRIBE, token)
    if subscription_id is None:
        return _invalid_link()
    with store.read() as session:
        row = session.get(SubscriptionRow, subscription_id)
        email, active = (row.email, row.active) if row is not None else ("", False)
    if not active:
        return _page(
            "You are unsubscribed",
            "<p>This address gets no Wiredesk digest. Nothing more to do.</p>",
        )
    action = html.escape(str(request.url.path), quote=True)
    return _page(
        "Unsubscribe from the Wiredesk digest?",
        f"<p>Stop sending the daily digest to <strong>{html.escape(email)}</strong>?</p>"
        f'<form method="post" action="{action}"><button type="submit">Unsubscribe</button></form>'
        '<p class="muted">You can subscribe again at any time.</p>',
    )


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, responses={404: {}})
def unsubscribe(
    token: Token, request: Request, settings: ServiceSettingsDep, store: StoreDep
) -> HTMLResponse:
    """Unsubscribe (the page's button, or a mail client's one-click POST); safe to repeat."""
    subscription_id = link_signer(request, settings, store).verify(UNSUBSCRIBE, token)
    if subscription_id is None:
        return _invalid_link()
    with store.write() as session:
        row = store_subscriptions.unsubscribe(session, subscription_id=subscription_id)
        email = row.email if row is not None else None
    said = f" <strong>{html.escape(email)}</strong>" if email else " this address"
    return _page(
        "You are unsubscribed",
        f"<p>The daily Wiredesk digest will no longer be sent to{said}.</p>",
    )


@router.get(
    "/digests/{token}",
    responses={
        200: {"content": {"text/html": {}, "text/markdown": {}, "application/json": {}}},
        404: {"content": {"application/problem+json": {}}},
    },
)
def emailed_digest(
    token: Token,
    request: Request,
    settings: ServiceSettingsDep,
    core: CoreSettingsDep,
    store: StoreDep,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    format: Annotated[
        str | None,
        Query(pattern="^(json|md|markdown|html)$", description="`html` (default), `md` or `json`."),
    ] = None,
) -> Response:
    """The full digest an email was made from (the same articles), as HTML by default."""
    value = link_signer(request, settings, store).verify(DIGEST, token)
    if value is None or not value.isdigit():
        raise NotFoundError("No digest behind this link; it is incomplete or has been altered.")
    with store.read() as session:
        delivery = store_subscriptions.get_delivery(session, pk=int(value))
        if delivery is None or delivery.status != "sent":
            raise NotFoundError("No digest was sent for this link (or it has been deleted).")
        articles = store_subscriptions.articles_by_pks(session, pks=delivery.article_pks)
        generated_at = delivery.finished_at or delivery.created_at
    digest = daily_digest(articles, settings=core, generated_at=generated_at)
    chosen = pick_format(format, accept) if format or _asks_for_data(accept) else "html"
    media_type, renderer = RENDERERS[chosen]
    return Response(renderer(digest), media_type=media_type, headers=_PRIVATE | {"Vary": "Accept"})


def _asks_for_data(accept: str | None) -> bool:
    """Whether the client asked for JSON or Markdown rather than a page (browsers never do)."""
    wanted = (accept or "").lower()
    return "text/html" not in wanted and ("json" in wanted or "markdown" in wanted)
