"""`/docs` (Swagger UI) and `/redoc`, with their scripts and styles served from this process.

FastAPI's own pages load them from a CDN, so they are blank on a machine without internet; the
files here come from the installed `fastapi-offline` package, which bundles both.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static-docs"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))

router = APIRouter(include_in_schema=False)
# Both pages may load from this server only. ReDoc's sidebar shows a logo from its CDN whatever
# its options say: this policy stops the browser from even asking for it. (Swagger UI starts
# from an inline script, and ReDoc runs its search in a blob: worker.)
DOCS_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; "
    "worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for the OpenAPI document."""
    root = request.scope.get("root_path", "")
    response = get_swagger_ui_html(
        openapi_url=f"{root}/openapi.json",
        title="Wiredesk API",
        swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
    )
    response.headers.update(DOCS_HEADERS)
    return response


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc for the OpenAPI document (without web fonts, which would come from outside)."""
    root = request.scope.get("root_path", "")
    response = get_redoc_html(
        openapi_url=f"{root}/openapi.json",
        title="Wiredesk API",
        redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS}/favicon.png",
        with_google_fonts=False,
    )
    response.headers.update(DOCS_HEADERS)
    return response


def install(app: FastAPI) -> None:
    """Serve the docs pages and their bundled assets on `app`."""
    app.mount(ASSETS, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    app.include_router(router)
