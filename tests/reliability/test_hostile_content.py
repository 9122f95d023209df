"""Hostile article content through the API: scripts, `javascript:` links and event handlers in
titles, sources, URLs, text and HTML are inert in every digest page, and no URL in an article
is ever fetched by the server (no SSRF).

The batch goes in through the API (ingest runs there), its results are built from what was
stored and merged by the real merge code (no model needed), and the digest comes out through
the API as JSON, Markdown and HTML.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.reliability.conftest import ClientFactory
from wiredesk import merge
from wiredesk.schema import Article, ArticleResult, SentencePair
from wiredesk.store import jobs

# A real Redis (the queue) and the test job store; no worker needed.
pytestmark = pytest.mark.integration

SCRIPT = '<script>alert("pwned")</script>'
PAYLOADS = [
    SCRIPT,
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(2)>',
    '<a href="javascript:alert(3)">Klick</a>',
    "[Klick](javascript:alert(4))",
    "<javascript:alert(5)>",
    "<iframe src=//evil.example></iframe>",
]
BAD_URLS = [
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
GERMAN = (
    "Nordkorea schickt weitere Soldaten nach Russland. Nach Angaben des südkoreanischen "
    "Geheimdienstes sollen es 10.000 Soldaten sein."
)
# Tags a digest page may contain; anything else (script, img, iframe, svg, ...) came from input.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "div", "span",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "b", "i",
    "small", "section", "details", "summary", "blockquote", "code", "br", "hr", "abbr",
}  # fmt: skip


class Recorder(BaseHTTPRequestHandler):
    """Answers anything and records the path: the server must never call it."""

    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"<html><body><p>gotcha</p></body></html>")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args: Any) -> None:
        """Quiet: the test reads `seen`."""


@pytest.fixture
def bait() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server (its base URL) and the list of paths anyone requested from it."""
    seen: list[str] = []
    handler = type("BaitHandler", (Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def hostile_batch(base: str) -> dict[str, Any]:
    """Articles whose every field carries a payload, and a page full of fetchable references."""
    page = f"""<html><head><title>{SCRIPT} Titel</title>
      <base href="{base}/base/"><link rel="stylesheet" href="{base}/style.css">
      <meta http-equiv="refresh" content="0;url={base}/refresh">
      <script src="{base}/script.js"></script>
      <style>@import url("{base}/import.css"); body {{background: url({base}/bg.png)}}</style>
      </head><body><article>
      <h1 onclick="alert(6)">Überschrift {PAYLOADS[1]}</h1>
      <p>{GERMAN} <img src="{base}/img.png" srcset="{base}/img2.png 2x"></p>
      <iframe src="{base}/frame"></iframe><object data="{base}/object"></object>
      <p><a href="javascript:alert(7)">Mehr</a> <a href="{base}/link">Quelle</a> {GERMAN}</p>
      </article></body></html>"""
    articles = [
        {
            "id": f"text-{n}",
            "title": payload,
            "source": PAYLOADS[(n + 1) % len(PAYLOADS)],
            "url": url,
            "language": "de",
            "text": f"{payload}\n\n{GERMAN} {payload}",
        }
        for n, (payload, url) in enumerate(zip(PAYLOADS, [*BAD_URLS, base, base], strict=True))
    ]
    articles.append({"id": "page", "url": f"{base}/article", "language": "de", "html": page})
    return {"articles": articles}


def finish_with_hostile_results(client: TestClient, batch_id: str) -> None:
    """Store a result per article, echoing payloads in every field, then merge the batch."""
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.write() as session:
        rows = jobs.article_rows(session, batch_id=batch_id)
        results = []
        for index, row in enumerate(rows):
            article = Article.model_validate(row.input)
            payload = PAYLOADS[index % len(PAYLOADS)]
            sentences = [
                SentencePair(source=s, target=f"{payload} North Korea sends 10,000 soldiers.")
                for s in article.text.split("\n")
                if s.strip()
            ]
            result = ArticleResult(
                id=article.id,
                title=article.title,
                title_en=article.title,
                source=article.source,
                url=article.url,
                language="de",
                clean_text=article.text,
                translation=" ".join(pair.target for pair in sentences),
                sentences=sentences,
                summary=[pair.target for pair in sentences[:2]],
                model=payload,
            )
            jobs.record_result(session, pk=row.pk, result=result, notices=[payload])
            results.append(result)
        digest = merge.build_digest(results, notices=[SCRIPT])
        assert jobs.finish_batch(session, batch_id=batch_id, digest=digest) == "succeeded"


class Audit(HTMLParser):
    """Every tag, event-handler attribute and link target of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag}.{name}")
            if name in ("href", "src", "srcset", "action", "formaction", "data", "xlink:href"):
                self.targets.append(value or "")


@pytest.fixture
def digest_of(
    make_client: ClientFactory, bait: tuple[str, list[str]]
) -> Iterator[tuple[TestClient, str]]:
    """A finished hostile batch: the client and the batch id."""
    client = make_client()
    response = client.post("/v1/batches", json=hostile_batch(bait[0]))
    assert response.status_code == 202, response.text
    batch_id = response.json()["id"]
    finish_with_hostile_results(client, batch_id)
    yield client, batch_id


def test_the_html_digest_runs_nothing_and_links_only_to_web_pages(
    digest_of: tuple[TestClient, str],
) -> None:
    client, batch_id = digest_of
    response = client.get(f"/v1/batches/{batch_id}/digest?format=html")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    audit = Audit()
    audit.feed(response.text)
    assert audit.tags <= ALLOWED_TAGS, audit.tags - ALLOWED_TAGS
    assert not audit.handlers
    assert audit.targets and all(re.match(r"https?://", t) for t in audit.targets), audit.targets
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in response.text  # shown


def test_the_markdown_digest_has_no_raw_html_and_links_only_to_web_pages(
    digest_of: tuple[TestClient, str],
) -> None:
    client, batch_id = digest_of
    response = client.get(f"/v1/batches/{batch_id}/digest", headers={"Accept": "text/markdown"})
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    text = response.text
    # The only "<" left opens a link target ("](<https://...>)"); payloads show as entities.
    assert all(text[max(0, i - 2) : i] == "](" for i in range(len(text)) if text[i] == "<")
    targets = re.findall(r"\]\(<([^>]*)>\)", text)
    assert targets and all(re.match(r"https?://", target) for target in targets), targets
    assert "javascript:" not in "".join(targets).lower()
    assert "&lt;script&gt;" in text


def test_the_json_digest_keeps_payloads_as_plain_strings(
    digest_of: tuple[TestClient, str],
) -> None:
    client, batch_id = digest_of
    response = client.get(f"/v1/batches/{batch_id}/digest?format=json")
    assert response.headers["content-type"].startswith("application/json")
    titles = {article["id"]: article["title"] for article in response.json()["articles"]}
    assert titles["text-0"] == SCRIPT  # data, not markup: escaping is the renderer's job
    assert SCRIPT not in titles["page"]  # the page's <title> script is text, kept as text


def test_no_url_in_an_article_is_ever_fetched(
    digest_of: tuple[TestClient, str], bait: tuple[str, list[str]]
) -> None:
    client, batch_id = digest_of
    for fmt in ("json", "md", "html"):
        assert client.get(f"/v1/batches/{batch_id}/digest?format={fmt}").status_code == 200
    assert client.get(f"/v1/batches/{batch_id}/articles/page").status_code == 200
    base, seen = bait
    assert seen == []  # ingest, storing, merging and rendering never called the bait server
    stored = client.get(f"/v1/batches/{batch_id}/articles/page").json()
    assert stored["url"] == f"{base}/article"  # the URL is kept, as data
    assert "gotcha" not in stored["clean_text"]
