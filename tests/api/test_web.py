"""The web pages in-process (TestClient, real Redis, real SQLite): sign-in, sessions, the forms'
anti-forgery token, and the pages' own behaviour that needs no browser. The browser suite
(`tests/browser`) drives the same pages in Chromium against a real worker.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.web import auth
from tests.api.conftest import AppFactory
from tests.factories import GLOSSARY_TSV, article, batch

pytestmark = pytest.mark.integration

KEYS = "s3cret-one, s3cret-two"
PAGES = ["/", "/batches/new", "/glossaries", "/subscriptions"]


def csrf_of(client: TestClient, path: str) -> str:
    """The anti-forgery token of the first form on `path` (the page also sets its cookie)."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
    assert found, "no form token on the page"
    return found.group(1)


def signed_in(make_client: AppFactory, key: str = "s3cret-two") -> TestClient:
    client = make_client(api_keys=KEYS)
    token = csrf_of(client, "/sign-in")
    response = client.post(
        "/sign-in", data={"api_key": key, "csrf_token": token, "next": "/glossaries"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/glossaries"
    return client


# --- without keys -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_without_keys_every_page_opens_and_there_is_no_sign_in(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "Sign out" not in response.text
    redirect = client.get("/sign-in", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/"


def test_the_glossary_list_is_in_the_json_api_too(client: TestClient) -> None:
    assert client.get("/v1/glossaries").json() == []
    for name in ("zeta", "alpha"):
        response = client.put(
            f"/v1/glossaries/{name}", content=GLOSSARY_TSV.encode(),
            headers={"Content-Type": "text/tab-separated-values"},
        )  # fmt: skip
        assert response.status_code == 201
    listed = client.get("/v1/glossaries").json()
    assert [item["name"] for item in listed] == ["alpha", "zeta"]
    assert listed[0]["entries"] == 2 and listed[0]["updated_at"]


def test_docs_and_redoc_load_their_assets_from_this_server(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets and all(asset.startswith("/") for asset in assets), assets
        for asset in assets:
            if asset.startswith("/static-docs/"):
                assert client.get(asset).status_code == 200, asset
    assert "$defs" not in client.get("/openapi.json").text  # ReDoc cannot resolve nested ones


def test_a_batch_page_lists_its_articles_while_queued(client: TestClient) -> None:
    batch_id = client.post("/v1/batches", json=batch()).json()["id"]
    page = client.get(f"/batches/{batch_id}")
    assert page.status_code == 200
    assert 'id="progress"' in page.text and "/static/progress.js" in page.text
    progress = client.get(f"/batches/{batch_id}/progress").json()
    assert progress == {"status": "queued", "final": False, "total": 1, "done": 0, "failed": 0}
    assert client.get(f"/batches/{batch_id}/digest.html").status_code == 409
    missing = client.get("/batches/nope")
    assert missing.status_code == 404 and "No batch with id" in missing.text
    assert missing.headers["content-type"].startswith("text/html")


def test_the_list_filters_by_status_and_searches_titles_and_outlets(client: TestClient) -> None:
    client.post("/v1/batches", json=batch(article(title="Gipfel in Pjöngjang", source="Blatt")))
    client.post("/v1/batches", json=batch(article(source="50%_Zeitung")))

    def listed(query: str) -> int:
        page = client.get(f"/{query}")
        assert page.status_code == 200
        return len(re.findall(r'href="/batches/[0-9a-f]{32}"', page.text))

    assert listed("?q=pjöngjang") == 1
    assert listed("?q=BLATT") == 1
    assert listed("?q=50%25_") == 1  # % and _ are literal
    assert listed("?q=%25") == 1
    assert listed("?q=nichts") == 0
    assert listed("?status=queued") == 2
    assert listed("?status=succeeded") == 0
    assert client.get("/?page=0").status_code == 422


def test_a_form_batch_is_the_same_as_an_api_batch(client: TestClient) -> None:
    token = csrf_of(client, "/batches/new")
    response = client.post(
        "/batches/new",
        data={"csrf_token": token, "text": "Nordkorea schickt Soldaten nach Russland.",
              "title": "Soldaten", "source": "Testblatt", "beams": "2"},
        files=[("files", ("a.txt", b"Pjongjang meldet etwas Neues zu den Soldaten.", "text/plain")),
               ("files", ("", b"", "application/octet-stream"))],
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    batch_id = response.headers["location"].rsplit("/", 1)[1]
    state = client.get(f"/v1/batches/{batch_id}").json()
    assert [article["id"] for article in state["articles"]] == ["a", "pasted"]
    assert state["options"]["beams"] == 2

    refused = client.post(
        "/batches/new", data={"csrf_token": token, "beams": "99", "text": "Etwas Text."}
    )
    assert refused.status_code == 422 and "beams" in refused.text
    assert "Etwas Text." in refused.text  # what was typed is kept
    empty = client.post("/batches/new", data={"csrf_token": token})
    assert empty.status_code == 422 and "Paste a text or choose" in empty.text


def test_a_glossary_upload_error_names_the_file_and_line(client: TestClient) -> None:
    token = csrf_of(client, "/glossaries")
    bad = b"Pj\xc3\xb6ngjang\tPyongyang\n\nnur eine Spalte\n"
    response = client.post(
        "/glossaries", data={"csrf_token": token, "name": "korea"},
        files={"file": ("korea.tsv", bad, "text/tab-separated-values")},
    )  # fmt: skip
    assert response.status_code == 422
    assert "korea.tsv, line 3" in response.text
    assert client.get("/v1/glossaries").json() == []  # nothing stored


# --- with keys ----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [*PAGES, "/batches/x", "/glossaries/g", "/subscriptions/s"])
def test_with_keys_every_page_sends_a_browser_to_sign_in(
    make_client: AppFactory, path: str
) -> None:
    client = make_client(api_keys=KEYS)
    response = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")
    script = client.get(path, headers={"Accept": "application/json"}, follow_redirects=False)
    assert script.status_code == 401


def test_signing_in_sets_a_strict_httponly_cookie_that_opens_pages_not_the_api(
    make_client: AppFactory,
) -> None:
    client = signed_in(make_client)
    cookie = next(c for c in client.cookies.jar if c.name == auth.SESSION_COOKIE)
    assert "s3cret" not in (cookie.value or "")
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/batches").status_code == 401  # the JSON API still wants its key
    bearer = {"Authorization": "Bearer s3cret-one"}
    assert client.get("/v1/batches", headers=bearer).status_code == 200


def test_the_session_cookie_attributes(make_client: AppFactory) -> None:
    client = make_client(api_keys=KEYS)
    token = csrf_of(client, "/sign-in")
    response = client.post(
        "/sign-in", data={"api_key": "s3cret-one", "csrf_token": token}, follow_redirects=False
    )
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie and "path=/" in set_cookie


def test_a_wrong_key_is_refused_and_next_never_leaves_the_site(make_client: AppFactory) -> None:
    client = make_client(api_keys=KEYS)
    token = csrf_of(client, "/sign-in")
    wrong = client.post("/sign-in", data={"api_key": "guess", "csrf_token": token})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    assert auth.SESSION_COOKIE not in client.cookies
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = client.post(
            "/sign-in", data={"api_key": "s3cret-one", "csrf_token": token, "next": target},
            follow_redirects=False,
        )  # fmt: skip
        assert response.headers["location"] == "/", target


def test_forms_without_the_token_or_from_another_site_are_refused(
    make_client: AppFactory,
) -> None:
    client = signed_in(make_client)
    token = csrf_of(client, "/glossaries")
    form = {"name": "g", "text": GLOSSARY_TSV}
    assert client.post("/glossaries", data=form).status_code == 403
    assert client.post("/glossaries", data=form | {"csrf_token": "x.y"}).status_code == 403
    foreign = client.post(
        "/glossaries", data=form | {"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    # Another browser's token does not fit this browser's cookie.
    other = make_client(api_keys=KEYS)
    other_token = csrf_of(other, "/sign-in")
    assert client.post("/glossaries", data=form | {"csrf_token": other_token}).status_code == 403
    ok = client.post("/glossaries", data=form | {"csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303


def test_a_session_ends_when_its_key_is_removed_or_it_is_old(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = signed_in(make_client, key="s3cret-two")
    assert client.get("/glossaries", follow_redirects=False).status_code == 200
    settings = client.app.state.service_settings  # type: ignore[attr-defined]
    settings.api_keys = SecretStr("s3cret-one")
    assert client.get("/glossaries", follow_redirects=False).status_code == 401
    settings.api_keys = SecretStr(KEYS)
    assert client.get("/glossaries", follow_redirects=False).status_code == 200
    later = time.time() + auth.SESSION_SECONDS + 60
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert client.get("/glossaries", follow_redirects=False).status_code == 401


def test_signing_out_ends_the_session(make_client: AppFactory) -> None:
    client = signed_in(make_client)
    token = csrf_of(client, "/glossaries")
    response = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/glossaries", follow_redirects=False).status_code == 401


def test_a_subscription_page_shows_its_deliveries_with_their_reasons(client: TestClient) -> None:
    from tests.browser.conftest import add_deliveries

    created = client.post(
        "/v1/subscriptions",
        json={"email": "desk@example.com", "send_at": "07:00", "timezone": "Europe/Berlin"},
    ).json()
    add_deliveries(client.app.state.store, created["id"])  # type: ignore[attr-defined]
    page = client.get(f"/subscriptions/{created['id']}").text
    for status in ("sent", "skipped", "failed"):
        assert f'status-{status}">{status}<' in page
    assert "mailbox unavailable" in page and "skip_empty is on" in page


def test_the_list_is_paginated(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.web import batches as web_batches

    monkeypatch.setattr(web_batches, "PAGE_SIZE", 2)
    ids = [client.post("/v1/batches", json=batch()).json()["id"] for _ in range(3)]
    first, second = client.get("/").text, client.get("/?page=2").text
    assert "Page 1 of 2" in first and 'rel="next" href="/?page=2"' in first
    assert "Page 2 of 2" in second and 'rel="prev" href="/?page=1"' in second
    assert ids[2] in first and ids[1] in first and ids[0] in second  # newest first


def test_highlight_escapes_everything_and_marks_whole_words_only() -> None:
    from api.web.templating import highlight

    marked = str(highlight('<b>Pjöngjang</b> & Pjöngjangs "Pjöngjang"', ["Pjöngjang", ""]))
    assert marked == (
        '&lt;b&gt;<mark class="term">Pjöngjang</mark>&lt;/b&gt; &amp; Pjöngjangs '
        '&#34;<mark class="term">Pjöngjang</mark>&#34;'
    )
    assert str(highlight("<i>x</i>", [])) == "&lt;i&gt;x&lt;/i&gt;"


def test_an_outlet_falls_back_to_the_site_then_says_it_is_unknown() -> None:
    from api.web.templating import outlet
    from wiredesk.schema import ArticleResult

    assert outlet(ArticleResult(id="a", source="dpa", url="https://x.example/")) == "dpa"
    assert outlet(ArticleResult(id="a", url="https://www.spiegel.de/politik/1")) == "spiegel.de"
    assert outlet(ArticleResult(id="a", url="javascript:alert(1)")) == "unknown outlet"
    assert outlet(None) == "unknown outlet"


def test_a_disputed_value_shows_its_hedge_and_whether_it_is_newer() -> None:
    from api.web.templating import templates
    from wiredesk.schema import Claim

    claim = Claim(value="52", text="t", sources=["a"], hedge="at least", newer=True)
    shown = templates.env.from_string("{{ c|claim_value }}").render(c=claim)
    assert shown == "at least 52 (newer figure)"
    batch_page = (Path(templates.env.loader.searchpath[0]) / "batch.html").read_text()
    assert "claim|claim_value" in batch_page


def test_a_form_html_upload_is_held_to_the_html_size_limit(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiredesk.config import get_settings

    monkeypatch.setenv("WIREDESK_MAX_HTML_BYTES", "2000")
    get_settings.cache_clear()
    client = make_client()
    page = b"<html><body><p>" + b"Soldaten " * 400 + b"</p></body></html>"
    response = client.post(
        "/batches/new",
        data={"csrf_token": csrf_of(client, "/batches/new")},
        files=[("files", ("big.html", page, "text/html"))],
        follow_redirects=False,
    )
    assert response.status_code == 413  # the setting, not the default of several MB
    assert "the limit is 2,000 bytes" in response.text.replace("&#39;", "'")
