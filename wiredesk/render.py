"""Write a `Digest` as JSON (the data), Markdown (mail, chat) and one self-contained HTML page.

Every string that came from an article is untrusted: HTML output escapes it and links only
http(s) URLs; Markdown output escapes Markdown syntax and HTML, and keeps each value on one
line, so a hostile title can neither run script nor restructure the page.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

from wiredesk.errors import InputError
from wiredesk.schema import ArticleResult, ArticleSummary, Digest, Disagreement, Story

FORMATS: dict[str, str] = {"json": "digest.json", "md": "digest.md", "html": "digest.html"}
# Inline Markdown syntax; "(" and "!" are inert once "[" is escaped, so they stay readable.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
# What turns a line into a list, quote, heading or rule when it comes first.
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")  # ">" becomes "&gt;" anyway
_SAFE_SCHEMES = frozenset({"http", "https"})
_FILE_MODE = 0o644  # mkstemp makes 0600; a digest is meant to be read by others (web server, mail)
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:2px solid #ddd}
h3{font-size:1.05rem;margin-top:1.5rem}
.notice{background:#fff3cd;border:2px solid #d39e00;padding:.75rem 1rem;font-weight:600;
margin:1rem 0}
.lead{font-size:1.1rem}.src{color:#555;font-size:.85rem}
.failed{color:#a00}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;
text-align:left;font-size:.9rem}.meta{color:#555;font-size:.9rem}
body{overflow-wrap:break-word}.scroll{overflow-x:auto;max-width:100%}
td{vertical-align:top;max-width:24rem}td:nth-child(8){min-width:18rem;font-size:.8rem}
@media (max-width:40rem){body{margin:1rem auto;padding:0 .6rem}h1{font-size:1.35rem}}
"""


# --- shared helpers -------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL (the only kind worth a link), else None."""
    if not url:
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None
    return candidate


def _one_line(text: str | None) -> str:
    """Whitespace (newlines included) collapsed, so article text cannot start a new block."""
    return " ".join((text or "").split())


def _sources(ids: Sequence[str]) -> str:
    """Article ids as one comma-separated string."""
    return ", ".join(ids)


def _flag_count(article: ArticleResult) -> int:
    """How many quality flags the article's sentences carry in all."""
    return sum(len(pair.flags) for pair in article.sentences)


def _glossary_terms(article: ArticleResult) -> list[tuple[str, str, bool]]:
    """(as found, English, kept everywhere) per distinct glossary term, in order of first hit."""
    terms: dict[tuple[str, str], bool] = {}
    for hit in article.glossary:
        key = (hit.match, hit.target)
        terms[key] = terms.get(key, True) and hit.in_output
    return [(match, target, kept) for (match, target), kept in terms.items()]


# --- JSON -----------------------------------------------------------------------------------


def render_json(digest: Digest) -> str:
    """The digest as indented JSON (`Digest.model_validate_json` reads it back)."""
    return digest.model_dump_json(indent=2)


# --- Markdown -------------------------------------------------------------------------------


def md_escape(text: str | None) -> str:
    """Article text made inert in Markdown: one line, syntax backslash-escaped, HTML as entities."""
    line = _one_line(text)
    line = _MD_SPECIAL.sub(r"\\\1", line)
    line = _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_link(label: str | None, url: str | None) -> str:
    """A Markdown link for http(s) URLs; anything else is shown as escaped plain text."""
    target = safe_url(url)
    if target is None:
        return md_escape(url) if url else ""
    encoded = quote(target, safe=":/?#[]@!$&'*+,;=%~-._")
    encoded = encoded.replace("(", "%28").replace(")", "%29")
    return f"[{md_escape(label or target)}](<{encoded}>)"


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown: notices first, then stories, then per-article details."""
    lines = ["# Wiredesk digest", "", f"_Generated {digest.generated_at.isoformat()}_", ""]
    for notice in digest.notices:
        lines += [f"> **⚠ {md_escape(notice)}**", ""]
    if not digest.stories:
        lines += ["_No stories: no article was processed successfully._", ""]
    for number, story in enumerate(digest.stories, start=1):
        lines += _md_story(number, story)
    lines += _md_articles(digest.articles)
    return "\n".join(lines).rstrip() + "\n"


def _md_story(number: int, story: Story) -> list[str]:
    """One story in Markdown: headline, lead, points, disputes, summaries."""
    lines = [f"## {number}. {md_escape(story.headline)}", ""]
    lines += [md_escape(story.lead), "", f"Sources: {md_escape(_sources(story.articles))}", ""]
    if story.key_points:
        lines += ["### Key points", ""]
        lines += [
            f"- {md_escape(point.text)} ({md_escape(_sources(point.sources))})"
            for point in story.key_points
        ]
        lines.append("")
    if story.disagreements:
        lines += ["### Where sources disagree", ""]
        for disagreement in story.disagreements:
            lines += _md_disagreement(disagreement)
        lines.append("")
    if story.summaries:
        lines += ["### Per-article summaries", ""]
        for summary in story.summaries:
            lines += _md_summary(summary)
    return lines


def _md_disagreement(disagreement: Disagreement) -> list[str]:
    """One disputed quantity: each value with its sources, speakers and sentence."""
    lines = [f"- **{md_escape(disagreement.about)}**"]
    for claim in disagreement.claims:
        said = (
            f"; said by {md_escape(', '.join(claim.attributed_to))}" if claim.attributed_to else ""
        )
        lines.append(
            f"  - **{md_escape(claim.value)}** ({md_escape(_sources(claim.sources))}{said}): "
            f"{md_escape(claim.text)}"
        )
    return lines


def _md_summary(summary: ArticleSummary) -> list[str]:
    """One article's summary with outlet, language and link."""
    meta = [md_escape(summary.source or "unknown outlet"), md_escape(summary.language or "?")]
    link = _md_link("link", summary.url)
    if link:
        meta.append(link)
    title = md_escape(summary.title or summary.id)
    lines = [f"#### {title} ({md_escape(summary.id)})", "", " · ".join(meta), ""]
    lines += [f"- {md_escape(sentence)}" for sentence in summary.summary]
    lines.append("")
    return lines


def _md_articles(articles: Sequence[ArticleResult]) -> list[str]:
    """Per-article details (status, error, flags, glossary), then the failures."""
    if not articles:
        return []
    lines = ["## Articles", ""]
    for article in articles:
        title = md_escape(article.title_en or article.title or article.id)
        lines += [f"### {md_escape(article.id)}: {title}", ""]
        lines.append(f"- Status: **{md_escape(article.status)}**")
        if article.status == "failed":
            code = f" ({md_escape(article.error_code)})" if article.error_code else ""
            lines.append(f"- Error{code}: {md_escape(article.error or 'unknown error')}")
        lines.append(f"- Outlet: {md_escape(article.source or 'unknown')}")
        lines.append(f"- Language: {md_escape(article.language or '?')}")
        if article.url:
            lines.append(f"- URL: {_md_link(article.url, article.url)}")
        if article.model:
            lines.append(f"- Model: {md_escape(article.model)}")
        lines.append(f"- Quality flags: {_flag_count(article)}")
        for match, target, kept in _glossary_terms(article):
            mark = "kept" if kept else "missing"
            lines.append(f"- Glossary: {md_escape(match)} → {md_escape(target)} ({mark})")
        lines.append("")
    failed = [article for article in articles if article.status == "failed"]
    if failed:
        lines += ["## Failed articles", ""]
        lines += [f"- {md_escape(a.id)}: {md_escape(a.error or 'unknown error')}" for a in failed]
        lines.append("")
    return lines


# --- HTML -----------------------------------------------------------------------------------


def _e(text: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def _html_link(label: str, url: str | None) -> str:
    """An <a> for http(s) URLs; anything else (javascript:, data:, ...) as escaped text."""
    target = safe_url(url)
    if target is None:
        return _e(url or "")
    return f'<a href="{_e(target)}" rel="noopener noreferrer nofollow">{_e(label)}</a>'


def _tag(name: str, content: str, *, cls: str | None = None) -> str:
    """`content` (already escaped) wrapped in an element with an optional class."""
    attribute = f' class="{cls}"' if cls else ""
    return f"<{name}{attribute}>{content}</{name}>"


def _ul(items: Iterable[str]) -> str:
    """A list of already escaped items."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def render_html(digest: Digest) -> str:
    """The digest as one self-contained page: inline CSS, no script, no external resources."""
    body = [
        _tag("h1", "Wiredesk digest"),
        _tag("p", f"Generated {_e(digest.generated_at.isoformat())}", cls="meta"),
    ]
    body += [_tag("div", f"⚠ {_e(notice)}", cls="notice") for notice in digest.notices]
    if not digest.stories:
        body.append(_tag("p", "No stories: no article was processed successfully."))
    for story in digest.stories:
        body.append(_html_story(story))
    body.append(_html_articles(digest.articles))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Wiredesk digest</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _html_story(story: Story) -> str:
    """One story as a section: headline, lead, points, disputes, summaries."""
    parts = [
        _tag("h2", _e(story.headline)),
        _tag("p", _e(story.lead), cls="lead"),
        _tag("p", f"Sources: {_e(_sources(story.articles))}", cls="meta"),
    ]
    if story.key_points:
        parts.append(_tag("h3", "Key points"))
        parts.append(
            _ul(
                f"{_e(p.text)} {_tag('span', _e(_sources(p.sources)), cls='src')}"
                for p in story.key_points
            )
        )
    if story.disagreements:
        parts.append(_tag("h3", "Where sources disagree"))
        parts.append(_ul(_html_disagreement(d) for d in story.disagreements))
    if story.summaries:
        parts.append(_tag("h3", "Per-article summaries"))
        parts += [_html_summary(summary) for summary in story.summaries]
    return _tag("section", "\n".join(parts))


def _html_disagreement(disagreement: Disagreement) -> str:
    """One disputed quantity: each value with its sources, speakers and sentence."""
    claims = []
    for claim in disagreement.claims:
        said = f"; said by {_e(', '.join(claim.attributed_to))}" if claim.attributed_to else ""
        claims.append(
            f"{_tag('strong', _e(claim.value))} "
            f"{_tag('span', _e(_sources(claim.sources)) + said, cls='src')}: {_e(claim.text)}"
        )
    return f"{_tag('strong', _e(disagreement.about))}{_ul(claims)}"


def _html_summary(summary: ArticleSummary) -> str:
    """One article's summary with outlet, language and link."""
    meta = [_e(summary.source or "unknown outlet"), _e(summary.language or "?")]
    if summary.url:
        meta.append(_html_link("link", summary.url))
    heading = f"{_e(summary.title or summary.id)} ({_e(summary.id)})"
    return (
        _tag("h4", heading)
        + _tag("p", " · ".join(meta), cls="meta")
        + _ul(_e(sentence) for sentence in summary.summary)
    )


def _html_articles(articles: Sequence[ArticleResult]) -> str:
    """The per-article table, then the failed articles with their errors."""
    if not articles:
        return ""
    rows = "".join(_html_article_row(article) for article in articles)
    parts = [
        _tag("h2", "Articles"),
        '<div class="scroll"><table><tr><th>id</th><th>title</th><th>status</th><th>outlet</th>'
        "<th>language</th>"
        "<th>model</th><th>flags</th><th>glossary</th><th>link</th></tr>" + rows + "</table></div>",
    ]
    failed = [article for article in articles if article.status == "failed"]
    if failed:
        parts.append(_tag("h2", "Failed articles"))
        parts.append(_ul(f"{_e(a.id)}: {_e(a.error or 'unknown error')}" for a in failed))
    return _tag("section", "\n".join(parts))


def _html_article_row(article: ArticleResult) -> str:
    """One table row: id, title, status (with error), outlet, model, flags, glossary."""
    status = _e(article.status)
    if article.status == "failed":
        error = _e(article.error or "unknown error")
        status = _tag("span", f"{status}: {error}", cls="failed")
    glossary = "; ".join(
        f"{_e(match)} → {_e(target)}{'' if kept else ' (missing)'}"
        for match, target, kept in _glossary_terms(article)
    )
    cells = [
        _e(article.id),
        _e(article.title_en or article.title or ""),
        status,
        _e(article.source or ""),
        _e(article.language or ""),
        _e(article.model or ""),
        str(_flag_count(article)),
        glossary,
        _html_link("link", article.url) if article.url else "",
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


# --- files ----------------------------------------------------------------------------------

_RENDERERS: dict[str, Callable[[Digest], str]] = {
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
}


def render_digest(digest: Digest, fmt: str) -> str:
    """The digest in one format (`json`, `md`, `html`), as `write_digest` would write it."""
    if fmt not in _RENDERERS:
        raise InputError(f"unknown digest format {fmt!r}; choose from {', '.join(FORMATS)}")
    return _RENDERERS[fmt](digest)


def write_digest(
    digest: Digest, out_dir: Path, *, formats: Sequence[str] = ("json", "md", "html")
) -> dict[str, Path]:
    """Write digest.json / digest.md / digest.html into `out_dir`, each atomically."""
    unknown = [name for name in formats if name not in _RENDERERS]
    if unknown:
        raise InputError(
            f"unknown digest format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in dict.fromkeys(formats):
        path = out_dir / FORMATS[name]
        _write_atomically(path, _RENDERERS[name](digest))
        written[name] = path
    return written


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, _FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
