"""A real browser on the real service: Debian's Chromium driven by Playwright, against the API
under uvicorn and one Celery worker on a real Redis, with API keys set (so every page goes
through sign-in, as in a deployment).

The browser is the system's (`/usr/bin/chromium`, or `WIREDESK_TEST_CHROMIUM`); Playwright
never downloads one. Without it the suite is skipped on a workstation and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import fresh_database
from tests.servers import Server, api_server, celery_worker, free_port, redis_url, service_env
from wiredesk.store import Store

# 7 is this suite's: 8-15 belong to the other suites (schemathesis 11, hardening 12, email 13, ...).
BROWSER_REDIS_DB = 7
API_KEY = "browser-test-key-0123456789abcdef"
OTHER_KEY = "second-key-for-scripts-0123456789"

pytestmark = pytest.mark.integration


def chromium_path() -> str | None:
    """The system Chromium, if installed."""
    configured = os.environ.get("WIREDESK_TEST_CHROMIUM")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class WebStack:
    """The running services, the browser, and handles on them."""

    base_url: str
    api: Server
    worker: Server
    store: Store
    tmp: Path

    def http(self, **kwargs: Any) -> httpx.Client:
        """A JSON API client that sends the key, as scripts do."""
        headers = {"Authorization": f"Bearer {API_KEY}"}
        return httpx.Client(base_url=self.base_url, timeout=30, headers=headers, **kwargs)


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Iterator[WebStack]:
    """Redis (if needed), one worker and the API with two API keys; stopped at the end."""
    tmp = tmp_path_factory.mktemp("web")
    with fresh_database(tmp) as database_url:  # migrated: the servers refuse a schema behind
        yield from _web_stack(tmp, database_url)


def _web_stack(tmp: Path, database_url: str) -> Iterator[WebStack]:
    """The web stack's servers on a migrated job store, stopped when the generator closes."""
    port = free_port()
    env = service_env(
        os.environ,
        WIREDESK_REDIS_URL=redis_url(BROWSER_REDIS_DB),
        WIREDESK_DATABASE_URL=database_url,
        WIREDESK_API_KEYS=f"{API_KEY},{OTHER_KEY}",
        WIREDESK_SECRET_KEY="web-test-secret-0123456789abcdefghijkl",
        WIREDESK_MODEL_DE="tiny",
        WIREDESK_BEAMS="1",
        WIREDESK_MAX_LENGTH_RATIO="0.5",
        WIREDESK_MAX_LENGTH_EXTRA="2",
        WIREDESK_CONCURRENCY="1",
        WIREDESK_RATE_LIMIT_PER_MINUTE="0",
    )
    store = Store(database_url)
    worker = celery_worker(env=env, log=tmp / "worker.log", name="web")
    api = api_server(port=port, env=env, log=tmp / "api.log")
    worker.launch()
    api.launch()
    try:
        api.wait_ready()
        worker.wait_ready()
        yield WebStack(f"http://127.0.0.1:{port}", api, worker, store, tmp)
    finally:
        api.stop()
        worker.stop()
        store.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium, headless, launched by path (Playwright's own browsers are never downloaded)."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("no system Chromium (apt-get install chromium)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    """A browser context on the stack, with what it asked of other hosts and any dialogs."""

    page: Any
    base_url: str
    outside: list[str]
    dialogs: list[str]

    def go(self, path: str) -> Any:
        """Open `path` on the server; the response."""
        return self.page.goto(self.base_url + path)


def open_context(browser: Any, base_url: str, *, width: int = 1440, height: int = 900) -> Visit:
    """A fresh context (no cookies) in which every request for another host is refused and
    recorded, and every dialog (alert, confirm) is recorded and dismissed."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    outside: list[str] = []
    dialogs: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(base_url + "/") or route.request.url == base_url:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return Visit(page, base_url, outside, dialogs)


def sign_in(visit: Visit, key: str = API_KEY) -> None:
    """Sign in through the form."""
    visit.go("/sign-in")
    visit.page.fill("#api_key", key)
    visit.page.click("form[action='/sign-in'] button[type=submit]")


@pytest.fixture
def visit(browser: Any, web_stack: WebStack) -> Iterator[Visit]:
    """A signed-in browser context."""
    opened = open_context(browser, web_stack.base_url)
    sign_in(opened)
    opened.page.wait_for_url(web_stack.base_url + "/")
    yield opened
    opened.page.context.close()


# --- a finished batch with readable English -------------------------------------------------------
OUTLETS = {
    "000": "Pentagon Wire",
    "001": "Seoul Daily",
    "002": "Yonhap (Test)",
    "003": "Moskauer Rundschau",
    "004": "UN Report",
}
TITLES = {
    "000": "Nordkoreas Außenministerin reist nach Moskau",
    "001": "Warum Südkorea Nordkoreas Bündnis mit Russland fürchtet",
    "002": "Nordkorea schickt Tausende Soldaten nach Russland",
    "003": "Nordkorea sichert Russland Unterstützung bis zum Sieg zu",
    "004": "Streit im UN-Sicherheitsrat über nordkoreanische Truppen",
}
TINY_NOTICE = (
    "Example data: this English was written by hand, since no real model weights are "
    "available here (the tiny test model's output is meaningless)."
)


@pytest.fixture(scope="session")
def reference_batch(web_stack: WebStack) -> str:
    """A finished batch of the seeds with hand-written reference English (the tiny model's
    output is noise), stored as the worker would store it, plus one article that failed. Never
    enqueued: the worker does not see it. Its id."""
    from tests.story_articles import reference_articles
    from wiredesk import merge
    from wiredesk.schema import Article, ArticleResult, Removed
    from wiredesk.store import jobs

    results = [
        result.model_copy(
            update={
                "source": OUTLETS[result.id],
                "title": TITLES[result.id],
                "summary": [pair.target for pair in result.sentences[:2]],
                "clean_text": " ".join(pair.source for pair in result.sentences),
                "removed": [
                    Removed(text="Bitte deaktivieren Sie Ihren Ad-Blocker", reason="adblock"),
                    Removed(text="Foto: dpa", reason="photo_credit"),
                ],
            }
        )
        for result in reference_articles()
    ]
    # One sentence carries flags, so the article page shows them where they belong.
    flagged = results[2].sentences[1]
    flagged.flags = ["number_lost:12.000", "glossary_repaired:Yonhap"]
    inputs = [
        Article(
            id=r.id,
            text=r.clean_text,
            title=r.title,
            source=r.source,
            url=r.url,
            language="de",
        )
        for r in results
    ]
    paywall = Article(
        id="paywall",
        text="Jetzt abonnieren",
        # A long word has to wrap, in the pages and in the static digest.html alike.
        title="Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 2,
        source="Paywall Post",
        language="de",
    )
    with web_stack.store.write() as session:
        batch, pks = jobs.create_batch(
            session, articles=[*inputs, paywall], options={"beams": 4, "summary_sentences": 2}
        )
        for pk, result in zip(pks, results, strict=False):
            jobs.record_result(session, pk=pk, result=result, notices=[TINY_NOTICE])
        failed = ArticleResult.failed(
            paywall,
            error="Nothing is left after removing boilerplate (cookie and subscription prompts).",
            code="empty_article",
        )
        jobs.record_result(session, pk=pks[-1], result=failed)
        digest = merge.build_digest([*results, failed], notices=[TINY_NOTICE, TINY_NOTICE])
        jobs.finish_batch(session, batch_id=batch.id, digest=digest)
        return batch.id


def add_deliveries(store: Store, subscription_id: str) -> None:
    """Three days of deliveries as the beat would leave them: sent, skipped, failed."""
    from datetime import UTC, date, datetime, timedelta

    from wiredesk.store import subscriptions as store_subscriptions

    outcomes = [
        ("sent", None, 2, 5),
        ("skipped", "No new articles since the previous digest; skip_empty is on.", 0, 0),
        ("failed", "SMTP 550 5.1.1 <desk@example.com>: mailbox unavailable", 0, 0),
    ]
    with store.write() as session:
        for days_ago, (status, error, stories, sources) in enumerate(outcomes, start=1):
            day = date(2026, 12, 1) - timedelta(days=days_ago)
            start = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
            row = store_subscriptions.create_delivery(
                session,
                subscription_id=subscription_id,
                local_date=day,
                window_start=start - timedelta(days=1),
                window_end=start,
            )
            assert row is not None
            store_subscriptions.finish_delivery(
                session, pk=row.pk, status=status, error=error, stories=stories, sources=sources
            )
