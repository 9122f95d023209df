"""The web UI: server-rendered pages (Jinja2 templates, plain forms) in the API process.

One router per resource, like `api/routes`: `batches` (the list at `/`, the submit form, a batch
with its digest, an article side by side), `glossaries`, `subscriptions`, `auth` (sign-in when
API keys are set, and the forms' anti-forgery token) and `docs` (offline `/docs` and `/redoc`).
Templates are in `api/templates/`, the stylesheet and the one small script in `api/static/`.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import auth, batches, docs, glossaries, subscriptions
from api.web.templating import STATIC_DIR


def install(app: FastAPI) -> None:
    """Add the pages, their static files and the offline API docs to `app`."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    docs.install(app)
    app.include_router(auth.router)
    app.include_router(batches.router)
    app.include_router(glossaries.router)
    app.include_router(subscriptions.router)
