"""Hostile content on every web page: script tags, event handlers, `javascript:` URLs and
control characters in titles, outlets, URLs, text, glossaries and subscriptions show as text.

The hostile batch of `test_hostile_content` goes in through the API and is finished with
results that echo a payload in every field; then each page is parsed and audited: only the
page's own tags, no event-handler attributes, links only to this site or to http(s) pages, and
the one script the pages load is our own. The browser suite checks the same pages run nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.reliability.conftest import ClientFactory
from tests.reliability.test_hostile_content import (
    PAYLOADS,
    SCRIPT,
    finish_with_hostile_results,
    hostile_batch,
)
from wiredesk.store import glossaries as glossary_store
from wiredesk.store import jobs
from wiredesk.store import subscriptions as store_subscriptions
from wiredesk.store.subscriptions import SubscriptionFields

pytestmark = pytest.mark.integration

PAGE_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "header", "nav", "main", "section",
    "article", "h1", "h2", "h3", "h4", "p", "div", "span", "ul", "li", "a", "table", "thead",
    "tbody", "tr", "th", "td", "strong", "code", "blockquote", "details", "summary", "mark", "dl",
    "dt", "dd", "form", "input", "button", "label", "select", "option", "textarea", "fieldset",
    "legend", "progress", "pre",
}  # fmt: skip
CONTROL = "Steuer\x1b[31mzeichen\x07\x00 und \x7f"
LINK_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "data", "xlink:href")


class PageAudit(HTMLParser):
    """Every tag, event-handler attribute, link target and script source of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.targets: list[str] = []
        self.scripts: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values.get("src"))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag}.{name}")
            if name in LINK_ATTRIBUTES:
                self.targets.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(client: TestClient, path: str) -> PageAudit:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = PageAudit()
    page.feed(response.text)
    assert page.tags <= PAGE_TAGS, (path, page.tags - PAGE_TAGS)
    assert not page.handlers, (path, page.handlers)
    assert page.scripts in ([], ["/static/progress.js"]), (path, page.scripts)
    for target in page.targets:
        assert re.match(r"(/(?!/)|https?://|#)", target), (path, target)
        assert "javascript:" not in target.lower(), (path, target)
    for character in "\x00\x07\x1b\x7f":
        assert character not in response.text, (path, repr(character))
    return page


@pytest.fixture
def hostile_site(make_client: ClientFactory) -> Iterator[tuple[TestClient, str, list[str]]]:
    """An open site holding the hostile batch (finished), a glossary and a subscription whose
    fields carry payloads: the client, the batch id and its article ids."""
    client = make_client()
    articles = hostile_batch("http://127.0.0.1:9")["articles"]
    response = client.post("/v1/batches", json={"articles": articles})
    assert response.status_code == 202, response.text
    batch_id = response.json()["id"]
    finish_with_hostile_results(client, batch_id)
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.write() as session:
        # Ingest strips control characters from input; model output is not input, and a
        # model can emit anything: put some in a stored translation and English title.
        row = jobs.article_rows(session, batch_id=batch_id)[0]
        result = jobs.result_of(row)
        result.title_en = f"{SCRIPT} {CONTROL}"
        result.sentences[0].target += f" {CONTROL}"
        row.result = result.model_dump_json()
        text = "".join(f"Begriff{n}\tTerm{n}\t{p}\n" for n, p in enumerate(PAYLOADS))
        glossary_store.put_glossary(session, name="hostile", text=text, entries=len(PAYLOADS))
        store_subscriptions.upsert_subscription(
            session,
            fields=SubscriptionFields(
                email="reader@example.com",
                send_at="07:00",
                timezone="Europe/Berlin",
                sources=PAYLOADS[:3],
            ),
        )
    ids = [article["id"] for article in articles]
    yield client, batch_id, ids


def test_every_page_shows_hostile_content_as_text(
    hostile_site: tuple[TestClient, str, list[str]],
) -> None:
    client, batch_id, ids = hostile_site
    subscription = client.get("/v1/subscriptions").json()["items"][0]["id"]
    paths = [
        "/",
        f"/?q={quote(SCRIPT)}",
        f"/batches/{batch_id}",
        *(f"/batches/{batch_id}/articles/{quote(article_id)}" for article_id in ids),
        "/glossaries",
        "/glossaries/hostile",
        "/subscriptions",
        f"/subscriptions/{subscription}",
    ]
    shown = ""
    for path in paths:
        shown += "".join(audit(client, path).text)
    assert SCRIPT in shown  # the payload is there, as text a reader can see
    assert "javascript:alert(document.cookie)" in shown  # a bad URL is shown, not linked
    assert "Steuer␛[31mzeichen␇␀ und ␡" in shown  # control characters made visible


def test_a_rejected_glossary_line_is_shown_as_text(make_client: ClientFactory) -> None:
    client = make_client()
    page = client.get("/glossaries")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    response = client.post(
        "/glossaries",
        data={"csrf_token": token.group(1), "name": "bad", "text": f"{SCRIPT}\t{CONTROL}\n"},
    )
    assert response.status_code == 422
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text or "pasted text, line 1" in response.text
