"""Every page is readable at 375 px (a phone) and at 1440 px: the page itself never scrolls
sideways (long words wrap, tables scroll inside their box). With `SCREENSHOTS_DIR` set, a
screenshot of each page at both widths is saved there (`make screenshots` writes docs/)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Visit, WebStack, add_deliveries, open_context, sign_in

pytestmark = pytest.mark.integration

FINAL = ("succeeded", "partial", "failed")

WIDTHS = (375, 1440)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 2


@pytest.fixture(scope="module")
def pages(web_stack: WebStack, reference_batch: str) -> dict[str, str]:
    """Name -> path of each kind of page, with content worth looking at."""
    with web_stack.http() as client:
        client.put(
            "/v1/glossaries/korea",
            content=(Path(__file__).resolve().parents[2] / "glossary" / "de-en.tsv").read_bytes(),
            headers={"Content-Type": "text/tab-separated-values"},
        ).raise_for_status()
        response = client.post(
            "/v1/subscriptions",
            json={"email": "desk@example.com", "send_at": "07:00", "timezone": "Europe/Berlin",
                  "filters": {"languages": ["de"], "sources": [LONG_WORD]}},
        )  # fmt: skip
        response.raise_for_status()
        subscription = response.json()["id"]
        add_deliveries(web_stack.store, subscription)
        queued = client.post(
            "/v1/batches",
            json={"articles": [{"id": LONG_WORD, "title": LONG_WORD, "language": "de",
                                "text": f"{LONG_WORD} schickt Soldaten. " * 3}]},
        )  # fmt: skip
        queued.raise_for_status()
        # Finished before any page is looked at: a running batch's page reloads itself.
        for _ in range(900):
            if client.get(f"/v1/batches/{queued.json()['id']}").json()["status"] in FINAL:
                break
            time.sleep(0.1)
    return {
        "batches": "/",
        "new-batch": "/batches/new",
        "digest": f"/batches/{reference_batch}",
        "article": f"/batches/{reference_batch}/articles/000",
        "glossaries": "/glossaries",
        "glossary": "/glossaries/korea",
        "subscriptions": "/subscriptions",
        "subscription": f"/subscriptions/{subscription}",
        "static-digest": f"/batches/{reference_batch}/digest.html",
        "sign-in": "/sign-in",
        "long-words": f"/batches/{queued.json()['id']}",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(
    browser: Any, web_stack: WebStack, pages: dict[str, str], width: int
) -> None:
    visit = open_context(browser, web_stack.base_url, width=width, height=800)
    folder = os.environ.get("SCREENSHOTS_DIR")
    try:
        for name, path in pages.items():
            if name == "sign-in":
                _sign_in_page(visit)
            else:
                _ensure_signed_in(visit)
                assert visit.go(path).status == 200, path
            visit.page.wait_for_load_state("networkidle")
            overflow = visit.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
            if folder and name != "long-words":
                _screenshot(visit, Path(folder) / f"web-{name}-{width}.png", name)
    finally:
        visit.page.context.close()


def _ensure_signed_in(visit: Visit) -> None:
    if not any(c["name"] == "wd_session" for c in visit.page.context.cookies()):
        sign_in(visit)
        visit.page.wait_for_url(visit.base_url + "/")


def _sign_in_page(visit: Visit) -> None:
    visit.page.context.clear_cookies()
    visit.go("/sign-in")


def _screenshot(visit: Visit, path: Path, name: str) -> None:
    """A PNG of the page: the full page, cut at 1,600 px so the files stay small."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if name == "article":
        visit.page.locator("details.removed summary").click()
    height = min(visit.page.evaluate("() => document.documentElement.scrollHeight"), 1600)
    width = visit.page.viewport_size["width"]
    visit.page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height})
