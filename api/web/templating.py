"""Jinja2 templates for the web UI, with the filters the pages need and their security headers.

Autoescaping is on for every template: article text is untrusted and only ever shown as text.
The few filters that build markup (`highlight`) escape everything they are given first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from wiredesk.render import safe_url

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Pages load only their own stylesheet and script; nothing inline, nothing from elsewhere.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# C0 control characters (but tab and newline) and DEL, shown as their visible Unicode pictures
# (U+2400 block): input can carry them, and a page should show them rather than pass them on.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(32) if chr(code) not in "\t\n\r"}
_CONTROL_PICTURES[0x7F] = 0x2421


def visible(value: Any) -> Any:
    """Every value a template prints, with control characters made visible (Jinja's finalize)."""
    if isinstance(value, Markup):
        return Markup(str(value).translate(_CONTROL_PICTURES))
    if isinstance(value, str):
        return value.translate(_CONTROL_PICTURES)
    return value


def highlight(text: str | None, terms: Iterable[str]) -> Markup:
    """`text` escaped, with every whole-word occurrence of `terms` wrapped in <mark>."""
    source = text or ""
    words = sorted({term for term in terms if term and term.strip()}, key=len, reverse=True)
    if not words:
        return Markup(escape(source))
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE
    )
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(source):
        parts.append(escape(source[last : match.start()]))
        parts.append(Markup('<mark class="term">') + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    parts.append(escape(source[last:]))
    return Markup("").join(parts)


def outlet(article: Any) -> str:
    """Who published an article: its outlet, else its web site's host name, else say so."""
    if article is None:
        return "unknown outlet"
    if getattr(article, "source", None):
        return str(article.source)
    link = safe_url(getattr(article, "url", None))
    host = urlsplit(link).hostname if link else None
    return host.removeprefix("www.") if host else "unknown outlet"


def when(value: datetime | None) -> str:
    """A timestamp as `2026-12-03 08:40 UTC` (the pages show UTC throughout)."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def query_string(params: Mapping[str, Any]) -> str:
    """`?a=1&b=2` from the parameters that have a value ('' when none)."""
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, finalize=visible)
)
templates.env.filters["highlight"] = highlight
templates.env.filters["when"] = when
templates.env.filters["outlet"] = outlet
templates.env.globals["safe_url"] = safe_url
templates.env.globals["query_string"] = query_string


def page(
    request: Request, name: str, context: Mapping[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render template `name` with the signed-in state and CSRF token every page needs."""
    from api.web import auth  # the page helpers and the sign-in routes use each other

    values = {
        "signed_in": auth.signed_in(request),
        "keys_required": auth.keys_required(request),
        "csrf_token": auth.csrf_token(request),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, values, status_code=status)
    response.headers.update(PAGE_HEADERS)
    auth.set_csrf_cookie(request, response)
    return response
