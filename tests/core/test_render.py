"""digest.json / .md / .html: what a reader needs is there, and hostile article text is inert."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.story_articles import NOTES, TINY, article_from_pairs, reference_articles
from wiredesk.errors import InputError
from wiredesk.merge import build_digest
from wiredesk.render import (
    md_escape,
    render_html,
    render_json,
    render_markdown,
    safe_url,
    write_digest,
)
from wiredesk.schema import ArticleResult, Digest

HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_URL = "javascript:alert(document.cookie)"
TINY_NOTICE = "Tiny model in use: translations are meaningless (random weights)."


def hostile_article() -> ArticleResult:
    """An article whose title, text, outlet and URL try to inject markup and script."""
    article = article_from_pairs(
        "evil",
        [
            (
                'Ein Satz mit <img src=x onerror="alert(2)"> und [Link](javascript:alert(3)).',
                '# A sentence with <img src=x onerror="alert(2)"> and [link](javascript:alert(3)).',
            ),
            ("Noch ein Satz mit genug Wörtern für eine Zusammenfassung.", "*bold* _em_ `code` |x|"),
        ],
        url=HOSTILE_URL,
        source='Outlet "quoted" & <b>bold</b>',
    )
    return article.model_copy(update={"title_en": HOSTILE_TITLE, "title": HOSTILE_TITLE})


def digest() -> Digest:
    """The reference story, the hostile article and a failed one, with the tiny-model notice."""
    failed = ArticleResult(
        id="broken",
        status="failed",
        error="binary content <b>not</b> text",
        error_code="binary_content",
        url="https://news.example/broken",
    )
    return build_digest(
        [*reference_articles(), hostile_article(), failed],
        notices=[TINY_NOTICE],
        glossary_notes=NOTES,
    )


class _Collector(HTMLParser):
    """Every tag, attribute and text node of a page, for checking what a browser would see."""

    def __init__(self) -> None:
        """Start with nothing collected."""
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the tag and its attributes."""
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        """Record a text node."""
        self.text.append(data)


def parse(page: str) -> _Collector:
    """What a browser would build from `page`: tags, attributes and text."""
    collector = _Collector()
    collector.feed(page)
    return collector


# --- HTML -----------------------------------------------------------------------------------


def test_html_neutralises_hostile_titles_text_and_urls() -> None:
    page = render_html(digest())
    seen = parse(page)

    assert "script" not in seen.tags and "img" not in seen.tags
    assert HOSTILE_TITLE in "".join(seen.text)  # shown as text, not run
    hrefs = [value for name, value in seen.attributes if name == "href"]
    assert hrefs and all(href.startswith("https://") for href in hrefs)
    assert not any(name.startswith("on") for name, _ in seen.attributes)
    assert HOSTILE_URL in "".join(seen.text)  # visible, but not a link


def test_html_is_self_contained() -> None:
    page = render_html(digest())
    seen = parse(page)

    assert not {"script", "link", "iframe", "img"} & set(seen.tags)
    assert not [v for n, v in seen.attributes if n == "src"]
    assert "default-src 'none'" in page  # even injected markup could load nothing
    assert "<style>" in page


def test_html_shows_what_a_reader_needs() -> None:
    page = render_html(digest())
    text = " ".join(" ".join(parse(page).text).split())

    assert text.index(TINY_NOTICE) < text.index("Key points")  # loudly, at the top
    assert "Where sources disagree" in text
    assert "10,000" in text and "12,000" in text
    assert "Antony Blinken" in text  # who said it
    assert "Per-article summaries" in text
    assert "binary content <b>not</b> text" in text  # the failed article's error, as text
    assert "Failed articles" in text
    assert 'href="https://news.example/001"' in page


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_neutralises_hostile_text_and_urls() -> None:
    markdown = render_markdown(digest())

    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert not re.search(r"(?<!\\)\]\(<?javascript:", markdown)  # no live link to it
    assert "\\[link\\](javascript:alert(3))" in markdown  # the article's own text, inert
    assert "javascript:alert(document.cookie)" in markdown  # shown, not linked
    assert "\n# A sentence" not in markdown  # no heading injected by article text
    assert "\\*bold\\* \\_em\\_ \\`code\\` \\|x\\|" in markdown


def test_markdown_shows_what_a_reader_needs() -> None:
    markdown = render_markdown(digest())

    assert markdown.index(TINY_NOTICE.replace(".", "")[:20]) < markdown.index("## 1.")
    assert "### Where sources disagree" in markdown
    assert "**about 10,000**" in markdown and "**about 12,000**" in markdown
    assert "[link](<https://news.example/000>)" in markdown
    assert "## Failed articles" in markdown
    assert "binary content &lt;b&gt;not&lt;/b&gt; text" in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Not a list", "1\\. Not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("> not a quote", "&gt; not a quote"),
        ("line\n# not a heading", "line \\# not a heading"),
        ("[x](http://a)", "\\[x\\](http://a)"),
        ("AT&T <b>", "AT&amp;T &lt;b&gt;"),
        ("plain text, 10,000 soldiers.", "plain text, 10,000 soldiers."),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("HTTP://news.example/", "HTTP://news.example/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//news.example/no-scheme", None),
        ("https://news.example/a b", None),
        ("https:/no-host", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, safe: str | None) -> None:
    assert safe_url(url) == safe


# --- JSON and files -------------------------------------------------------------------------


def test_json_round_trips() -> None:
    original = digest()

    again = Digest.model_validate_json(render_json(original))

    assert again == original
    assert json.loads(render_json(original))["notices"] == [TINY_NOTICE]


def test_write_digest_writes_all_three_files_atomically(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "out"

    written = write_digest(digest(), out)

    assert written == {
        "json": out / "digest.json",
        "md": out / "digest.md",
        "html": out / "digest.html",
    }
    assert sorted(p.name for p in out.iterdir()) == ["digest.html", "digest.json", "digest.md"]
    assert Digest.model_validate_json(written["json"].read_text(encoding="utf-8")).stories
    assert all(path.stat().st_mode & 0o044 for path in written.values())  # others may read


def test_write_digest_replaces_old_files_and_honours_formats(tmp_path: Path) -> None:
    (tmp_path / "digest.md").write_text("old", encoding="utf-8")

    written = write_digest(digest(), tmp_path, formats=["md"])

    assert list(written) == ["md"]
    assert written["md"].read_text(encoding="utf-8").startswith("# Wiredesk digest")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.md"]


def test_unknown_format_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pdf"):
        write_digest(digest(), tmp_path, formats=["json", "pdf"])
    assert list(tmp_path.iterdir()) == []


def test_empty_digest_renders() -> None:
    empty = Digest(notices=[], articles=[], stories=[])

    assert "No stories" in render_markdown(empty)
    assert "No stories" in render_html(empty)
    assert Digest.model_validate_json(render_json(empty)) == empty


def test_tiny_model_article_details_are_listed() -> None:
    article = article_from_pairs(
        "t1",
        [
            ("Ein Satz mit Pentagon und genug Wörtern.", "x"),
            ("Noch ein Satz über das Pentagon.", "The Pentagon"),
        ],
    )
    article = article.model_copy(update={"model": TINY})
    article.sentences[0].flags.append("number_lost:10.000")

    markdown = render_markdown(build_digest([article]))

    assert "- Quality flags: 1" in markdown
    assert markdown.count("- Glossary: Pentagon → Pentagon (missing)") == 1  # once per term
    assert "- Model: tiny (random weights: output is meaningless)" in markdown
