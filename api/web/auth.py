"""Sign-in for the web pages, and the anti-forgery token every form carries.

When `WIREDESK_API_KEYS` is set, a person signs in once with an API key; the page sets a
signed, HttpOnly, SameSite=Strict session cookie that names the key's hash (never the key) and
when it was issued. A session ends after `SESSION_SECONDS`, at sign-out, or as soon as its key
is removed from the settings. Without keys there is no sign-in: the pages are as open as the API.

Forms are protected by a double-submit token: a random HttpOnly SameSite=Strict cookie, and in
each form that value signed with the deployment's key. Another site can neither read the cookie
nor make the browser send it, so it cannot forge a form post; a post whose Origin is another
site is refused as well.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from api.deps import (
    ANONYMOUS,
    authenticate,
    get_service_settings,
    get_store,
    limit_by_address,
    principal_of,
)
from api.problems import error_response
from api.routes.subscriptions import link_signer
from api.web.templating import page
from wiredesk.errors import ForbiddenError, UnauthorizedError, WiredeskError
from wiredesk.mail.tokens import Signer

SESSION_COOKIE = "wd_session"
CSRF_COOKIE = "wd_csrf"
CSRF_FIELD = "csrf_token"
SESSION_SECONDS = 12 * 3600
_SESSION = "web-session"  # signing purposes: a CSRF token can never pass for a session
_CSRF = "web-csrf"
MAX_KEY_CHARS = 512


class SignInRequired(UnauthorizedError):
    """A page was asked for without a valid session while API keys are set."""


class WebRoute(APIRoute):
    """A route of the web UI: errors become an HTML page, and a browser without a session goes
    to the sign-in page (a script, which does not ask for HTML, gets a 401 problem instead)."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired as exc:
                if "text/html" not in request.headers.get("accept", ""):
                    return error_response(exc, instance=request.url.path)  # a script asked
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", 303)
            except WiredeskError as exc:
                return error_page(request, exc.status, exc.title, exc.detail)
            except RequestValidationError:
                return error_page(request, 422, "Invalid request", "A parameter is not valid.")

        return handle


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    """An HTML page that says what went wrong, with the error's status."""
    return page(request, "error.html", {"title": title, "detail": detail}, status=status)


def keys_required(request: Request) -> bool:
    """Whether API keys are set (then the pages need a signed-in session)."""
    return bool(get_service_settings(request).api_key_list())


def _signer(request: Request) -> Signer:
    return link_signer(request, get_service_settings(request), get_store(request))


def session_principal(request: Request) -> str | None:
    """Who the session cookie belongs to (a key's hash), ANONYMOUS without keys, else None."""
    keys = get_service_settings(request).api_key_list()
    if not keys:
        return ANONYMOUS
    value = _signer(request).verify(_SESSION, request.cookies.get(SESSION_COOKIE, ""))
    if value is None:
        return None
    principal, _, issued = value.rpartition("-")
    if not issued.isdigit() or not 0 <= time.time() - int(issued) <= SESSION_SECONDS:
        return None
    # The key must still be configured: removing a key ends its sessions at once.
    matches = [hmac.compare_digest(principal, principal_of(key)) for key in keys]
    if not any(matches):
        return None
    return principal


def signed_in(request: Request) -> bool:
    """Whether a person is signed in (always False without keys: nobody needs to)."""
    return keys_required(request) and session_principal(request) is not None


async def require_web_user(request: Request) -> str:
    """The session's principal; sends the browser to the sign-in page when there is none."""
    principal = session_principal(request)
    if principal is None:
        raise SignInRequired("Sign in with an API key to see this page.")
    return principal


WebUserDep = Annotated[str, Depends(require_web_user)]


# --- anti-forgery tokens --------------------------------------------------------------------------
def _csrf_cookie_value(request: Request) -> str:
    """This browser's CSRF cookie value, made up now (and set on the response) if it has none."""
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) == 43 and value.replace("-", "").replace("_", "").isalnum():
        return value
    fresh: str | None = getattr(request.state, "new_csrf", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.new_csrf = fresh
    return fresh


def csrf_token(request: Request) -> str:
    """The token a form on this page must send back."""
    return _signer(request).sign(_CSRF, _csrf_cookie_value(request))


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Set the CSRF cookie on `response` if this request made one up."""
    fresh = getattr(request.state, "new_csrf", None)
    if fresh is not None:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/",
        )


def check_form(request: Request, form: FormData) -> None:
    """Refuse (403) a form post without this browser's token or from another site."""
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") not in _own_origins(request):
        raise ForbiddenError("This form was sent from another site.")
    token = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    genuine = isinstance(token, str) and _signer(request).verify(_CSRF, token)
    if not cookie or not genuine or not hmac.compare_digest(genuine, cookie):
        raise ForbiddenError(
            "This form has expired or did not come from this site; reload the page and send it "
            "again."
        )


def _own_origins(request: Request) -> set[str]:
    origins = {str(request.base_url).rstrip("/")}
    public = get_service_settings(request).public_base_url
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def _secure(request: Request) -> bool:
    """Mark cookies Secure when the site is served over HTTPS."""
    public = get_service_settings(request).public_base_url or ""
    return request.url.scheme == "https" or public.startswith("https://")


# --- sign-in pages --------------------------------------------------------------------------------
router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no `//host`, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/sign-in")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    """The sign-in form; without API keys there is nothing to sign in to."""
    if not keys_required(request):
        return RedirectResponse("/", 303)
    return page(request, "sign_in.html", {"next": _safe_next(next), "error": None})


@router.post("/sign-in", dependencies=[Depends(limit_by_address)])
async def sign_in(request: Request) -> Response:
    """Check the key, then set the session cookie and go where the person was going."""
    if not keys_required(request):
        return RedirectResponse("/", 303)
    form = await request.form(max_files=0, max_fields=5)
    check_form(request, form)
    key = form.get("api_key")
    target = _safe_next(str(form.get("next") or "/"))
    try:
        if not isinstance(key, str) or not key or len(key) > MAX_KEY_CHARS:
            raise UnauthorizedError("Enter an API key.")
        credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=key.strip())
        principal = authenticate(get_service_settings(request), credentials)
    except UnauthorizedError as exc:
        context = {"next": target, "error": exc.detail}
        return page(request, "sign_in.html", context, status=401)
    response = RedirectResponse(target, 303)
    response.set_cookie(
        SESSION_COOKIE,
        _signer(request).sign(_SESSION, f"{principal}-{int(time.time())}"),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """End the session."""
    form = await request.form(max_files=0, max_fields=5)
    check_form(request, form)
    response = RedirectResponse("/sign-in" if keys_required(request) else "/", 303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
