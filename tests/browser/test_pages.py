"""What a reader does in the browser: sign in, submit files, watch the batch finish, read the
digest, open an article side by side, manage glossaries and subscriptions. Every page is also
checked to request nothing from any other host.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import API_KEY, OTHER_KEY, Visit, WebStack, open_context, sign_in
from wiredesk.config import PROJECT_ROOT

pytestmark = pytest.mark.integration

SEEDS = PROJECT_ROOT / "seeds"
FINAL = ("succeeded", "partial", "failed")


def article_files(folder: Path) -> list[Path]:
    """A .txt, a .json with title and outlet, and an .html page: the three kinds a reader has."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(SEEDS.glob("*.txt"))
    plain = folder / "pentagon.txt"
    plain.write_text(texts[0].read_text(encoding="utf-8"), encoding="utf-8")
    wire = folder / "yonhap.json"
    wire.write_text(
        json.dumps(
            {
                "id": "yonhap-12000",
                "title": "Nordkorea schickt 12.000 Soldaten",
                "source": "Yonhap (Test)",
                "url": "https://example.org/yonhap",
                "language": "de",
                "text": texts[2].read_text(encoding="utf-8"),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    page = folder / "moskau.html"
    body = "".join(f"<p>{line}</p>" for line in texts[3].read_text(encoding="utf-8").splitlines())
    page.write_text(
        "<html><head><title>Choe in Moskau</title></head><body><article>"
        f"<h1>Choe in Moskau</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    return [plain, wire, page]


def submit_through_the_form(visit: Visit, files: list[Path]) -> str:
    """Fill the New batch form with `files` and send it; the batch id from the page it opens."""
    visit.go("/batches/new")
    visit.page.set_input_files("#files", [str(path) for path in files])
    visit.page.fill("#beams", "1")
    visit.page.fill("#summary_sentences", "2")
    visit.page.click("form[action='/batches/new'] button[type=submit]")
    visit.page.wait_for_url(re.compile(r"/batches/[0-9a-f]{32}$"))
    return str(visit.page.url.rsplit("/", 1)[1])


def test_submit_files_watch_progress_read_digest_and_article(
    visit: Visit, web_stack: WebStack, tmp_path: Path
) -> None:
    page = visit.page
    polls: list[str] = []
    page.on(
        "request", lambda request: polls.append(request.url) if "/progress" in request.url else None
    )
    batch_id = submit_through_the_form(visit, article_files(tmp_path / "in"))

    # Live progress: the page starts with the bar (three articles take the worker seconds) and
    # turns into the digest by itself once the batch is done; nobody reloads it here.
    assert page.locator("#progress").count() == 1
    seen = [page.inner_text("#progress-text")]
    page.wait_for_selector("article.story", timeout=90_000)
    assert polls, "the page never asked for progress"
    assert page.inner_text("#batch-status") in FINAL
    assert not page.locator("#progress").count()
    with web_stack.http() as client:
        status = client.get(f"/v1/batches/{batch_id}").json()
    assert status["progress"] == {"total": 3, "done": 3, "failed": status["progress"]["failed"]}
    assert re.match(r"\d of 3 articles done", seen[0]), seen

    # The digest: a headline, a lead, and sources shown as outlet and title, linked.
    assert page.locator("article.story h2").first.inner_text().strip()
    assert page.locator("article.story p.lead").first.inner_text().strip()
    outlets = page.locator("article.story a.source .outlet").all_inner_texts()
    assert "Yonhap (Test)" in outlets
    assert not any(re.fullmatch(r"\d{3}_[0-9a-f]+", text) for text in outlets)

    # Follow the Yonhap source to its article page.
    page.locator("article.story a.source", has_text="Yonhap (Test)").first.click()
    page.wait_for_url(re.compile(rf"/batches/{batch_id}/articles/yonhap-12000$"))
    sources = page.locator(".parallel .prow:not(.phead) .col-source")
    targets = page.locator(".parallel .prow:not(.phead) .col-target")
    assert sources.count() >= 5 and sources.count() == targets.count()
    # Side by side: each source sentence sits left of its English, on the same row.
    first_source, first_target = sources.first.bounding_box(), targets.first.bounding_box()
    assert first_source["x"] + first_source["width"] <= first_target["x"] + 1
    assert abs(first_source["y"] - first_target["y"]) < 2
    # Glossary terms are highlighted in the source column; the tiny model's English is noise
    # that holds none of them, so each term is flagged missing on its own sentence instead
    # (the English column's highlights are checked on readable English below).
    source_marks = page.locator(".col-source mark.term").all_inner_texts()
    assert {"NIS", "Nordkorea"} <= set(source_marks), source_marks
    first_flags = page.locator("#s1 .flag").all_inner_texts()
    assert "glossary term missing: NIS" in first_flags, first_flags
    assert "tiny" in page.inner_text("dl.facts").lower()  # the model used is named
    assert page.locator("section.summary li").count() >= 1
    assert visit.outside == [] and visit.dialogs == []


def test_a_malformed_glossary_shows_its_line_then_a_good_one_is_stored_and_deleted(
    visit: Visit, tmp_path: Path
) -> None:
    page = visit.page
    bad = tmp_path / "bad.tsv"
    bad.write_text("# people\nPjöngjang\tPyongyang\tplace\nnur eine Spalte\n", encoding="utf-8")
    visit.go("/glossaries")
    page.fill("#name", "korea-test")
    page.set_input_files("#file", str(bad))
    page.click("form[action='/glossaries'] button[type=submit]")
    error = page.inner_text("#glossary-error")
    assert "bad.tsv, line 3" in error and "columns" in error
    assert page.input_value("#name") == "korea-test"  # the form keeps what was typed

    good = tmp_path / "good.tsv"
    good.write_text("Pjöngjang\tPyongyang\tplace\nChoe Son Hui\tChoe Son Hui\tperson\n", "utf-8")
    page.fill("#name", "korea-test")
    page.set_input_files("#file", str(good))
    page.click("form[action='/glossaries'] button[type=submit]")
    page.wait_for_url(re.compile(r"/glossaries/korea-test"))
    assert page.locator("table.list tbody tr").count() == 2
    assert "Saved: 2 entries" in page.inner_text("main")

    page.click("form[action='/glossaries/korea-test/delete'] button")
    page.wait_for_url(re.compile(r"/glossaries$"))
    assert "korea-test" not in page.inner_text("main")


def test_create_edit_pause_and_delete_a_subscription(visit: Visit) -> None:
    page = visit.page
    visit.go("/subscriptions")
    page.fill("#email", "reader@example.com")
    page.fill("#send_at", "07:00")
    page.fill("#timezone", "Mars/Olympus")
    page.click("form[action='/subscriptions'] button[type=submit]")
    assert "timezone" in page.inner_text("ul.error").lower()  # refused inline, form kept
    assert page.input_value("#email") == "reader@example.com"

    page.fill("#timezone", "Europe/Berlin")
    page.click("form[action='/subscriptions'] button[type=submit]")
    page.wait_for_url(re.compile(r"/subscriptions/[0-9a-f]{32}$"))
    assert page.input_value("#timezone") == "Europe/Berlin"

    page.fill("#timezone", "Asia/Seoul")
    page.fill("#send_at", "6.30")
    page.click("main form.stack button[type=submit]")
    assert "send_at" in page.inner_text("ul.error")  # refused inline
    page.fill("#send_at", "06:30")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"\?saved=1$"))
    assert page.input_value("#timezone") == "Asia/Seoul"
    assert page.input_value("#send_at") == "06:30"

    page.click("form[action$='/pause'] button")
    expect(page.locator(".heading-row .status")).to_have_text("paused")
    page.click("form[action$='/resume'] button")
    expect(page.locator(".heading-row .status")).to_have_text("active")
    assert "Nothing sent yet" in page.inner_text("main")

    page.click(".actions form[action$='/delete'] button")
    page.wait_for_url(re.compile(r"/subscriptions$"))
    assert "reader@example.com" not in page.inner_text("main")


def test_sign_in_is_needed_and_a_wrong_key_is_refused(browser: Any, web_stack: WebStack) -> None:
    visit = open_context(browser, web_stack.base_url)
    page = visit.page
    try:
        for path in ("/", "/glossaries", "/subscriptions", "/batches/new"):
            visit.go(path)
            assert page.url.startswith(f"{web_stack.base_url}/sign-in"), path
        assert page.request.get(f"{web_stack.base_url}/batches/nope/progress").status != 200

        sign_in(visit, "not-a-key")
        assert page.url.startswith(f"{web_stack.base_url}/sign-in")
        assert "not valid" in page.inner_text(".error")

        visit.go("/subscriptions")  # sent to sign in, then back where it was going
        page.fill("#api_key", OTHER_KEY)
        page.click("form[action='/sign-in'] button[type=submit]")
        page.wait_for_url(f"{web_stack.base_url}/subscriptions")
        cookie = next(c for c in page.context.cookies() if c["name"] == "wd_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert API_KEY not in cookie["value"] and OTHER_KEY not in cookie["value"]

        # The session opens pages, not the JSON API: that still wants its bearer key.
        assert page.request.get(f"{web_stack.base_url}/v1/batches").status == 401

        # A form posted without its token (as another site would) is refused.
        response = page.request.post(
            f"{web_stack.base_url}/subscriptions",
            form={"email": "x@example.com", "send_at": "07:00", "timezone": "UTC"},
        )
        assert response.status == 403

        page.click("form.signout button")
        page.wait_for_url(re.compile(r"/sign-in"))
        visit.go("/")
        assert page.url.startswith(f"{web_stack.base_url}/sign-in")
    finally:
        page.context.close()


def test_no_page_requests_anything_from_another_host(visit: Visit, web_stack: WebStack) -> None:
    with web_stack.http() as client:
        batch = client.post(
            "/v1/batches",
            json={"articles": [{"id": "kurz", "language": "de", "text": SEEDS_TEXT}]},
        ).json()["id"]
        for _ in range(600):
            if client.get(f"/v1/batches/{batch}").json()["status"] in FINAL:
                break
            visit.page.wait_for_timeout(100)
    pages = [
        "/",
        "/?q=Nordkorea&status=succeeded",
        "/batches/new",
        f"/batches/{batch}",
        f"/batches/{batch}/articles/kurz",
        "/glossaries",
        "/subscriptions",
    ]
    for path in pages:
        response = visit.go(path)
        assert response.status == 200, path
        visit.page.wait_for_load_state("networkidle")
    # The API docs render offline: Swagger UI and ReDoc come from this server.
    visit.go("/docs")
    visit.page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "Wiredesk" in visit.page.inner_text(".swagger-ui .info .title")
    visit.go("/redoc")
    visit.page.wait_for_selector("h1:has-text('Wiredesk')", timeout=30_000)
    assert visit.outside == [], visit.outside
    assert visit.dialogs == []


SEEDS_TEXT = (
    "Nordkorea schickt weitere Soldaten nach Russland. Nach Angaben des südkoreanischen "
    "Geheimdienstes NIS sollen es 10.000 Soldaten sein. Pjöngjang schweigt dazu."
)


def test_glossary_terms_are_highlighted_in_both_columns(
    visit: Visit, web_stack: WebStack, reference_batch: str
) -> None:
    page = visit.page
    visit.go(f"/batches/{reference_batch}")
    assert page.locator(".notice").count() == 1  # the same notice twice is shown once
    assert "Paywall Post" in page.inner_text(".failed-list")
    assert "Nothing is left after removing boilerplate" in page.inner_text(".failed-list")
    dispute = page.locator(".dispute").first.inner_text()
    assert "10,000" in dispute and "12,000" in dispute
    page.locator(".dispute a.source", has_text="Yonhap (Test)").first.click()
    page.wait_for_url(re.compile(rf"/batches/{reference_batch}/articles/002$"))
    source_marks = page.locator(".col-source mark.term").all_inner_texts()
    target_marks = page.locator(".col-target mark.term").all_inner_texts()
    assert source_marks == ["Yonhap"] and target_marks == ["Yonhap"]
    assert page.locator("#s2 .col-source mark.term").inner_text() == "Yonhap"
    assert page.locator("#s2 .col-target mark.term").inner_text() == "Yonhap"
    # Flags sit on their own sentence (the second), not on the article as a whole.
    flagged = page.locator("#s2 .flag").all_inner_texts()
    assert flagged == ["number lost: 12.000", "glossary term repaired: Yonhap"]
    assert page.locator("#s1 .flag").count() == 0
    # Removed boilerplate is there, folded away, with its reasons.
    removed = page.locator("details.removed")
    assert not removed.evaluate("element => element.open")
    removed.locator("summary").click()
    assert "adblock" in removed.inner_text() and "Ad-Blocker" in removed.inner_text()
    assert visit.outside == []


def test_hostile_articles_run_nothing_in_the_browser(visit: Visit, web_stack: WebStack) -> None:
    from tests.reliability.test_hostile_content import SCRIPT, hostile_batch

    bait = "http://127.0.0.1:9"  # nothing listens; the route guard records any request anyway
    with web_stack.http() as client:
        batch = client.post("/v1/batches", json=hostile_batch(bait)).json()["id"]
        for _ in range(900):
            state = client.get(f"/v1/batches/{batch}").json()
            if state["status"] in FINAL:
                break
            visit.page.wait_for_timeout(100)
    ids = [article["id"] for article in state["articles"] if article["status"] == "ok"]
    assert ids, state
    for path in [
        "/",
        f"/?q={SCRIPT}",
        f"/batches/{batch}",
        *(f"/batches/{batch}/articles/{article_id}" for article_id in ids),
    ]:
        assert visit.go(path).status == 200, path
        visit.page.wait_for_load_state("networkidle")
    visit.go(f"/batches/{batch}/articles/text-0")
    assert SCRIPT in visit.page.inner_text("main")  # shown as text (the original title)
    assert visit.dialogs == [] and visit.outside == []
