"""The digest email: `multipart/alternative` with a plain-text part and an inline-CSS HTML part.

Every string that came from an article is untrusted. The HTML part escapes all of it (quotes
too) and links only http(s) URLs; both parts drop control and bidi-override characters and
keep each value on one line. Header values never hold article text, and each is checked for
line breaks. The HTML is tables and inline styles only (no `<style>`, no images, no script),
which is what Gmail, Outlook and Apple Mail all render alike.
"""

from __future__ import annotations

import email.policy
import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from wiredesk.mail.address import check_header, format_sender, sender_address
from wiredesk.render import safe_url
from wiredesk.schema import ArticleResult, Digest, Disagreement, KeyPoint, Story

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGE_NAMES = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "uk": "Ukrainian",
    "en": "English",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "tr": "Turkish",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "cs": "Czech",
    "no": "Norwegian",
    "el": "Greek",
    "hu": "Hungarian",
    "ro": "Romanian",
}
MAX_KEY_POINTS = 5  # the email is a briefing; the full digest behind the link has them all
# The biggest stories only: a long email is clipped by Gmail (~100 KB) and read by nobody.
MAX_STORIES = 15
MAX_CLAIMS_SHOWN = 4
MAX_TITLE = 100
TEXT_WIDTH = 72
# C0/C1 controls and the bidi overrides that can make text read differently than it is.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# --- the palette and type, inline on each element -------------------------------------------
_SANS = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
_SERIF = "Georgia,'Times New Roman',serif"
_S = {
    "body": "margin:0;padding:0;background:#eef1f5;",
    "outer": "background:#eef1f5;",
    "outer_cell": "padding:24px 12px;",
    "card": "max-width:600px;width:100%;background:#ffffff;border:1px solid #dde3ea;"
    "border-radius:10px;border-collapse:separate;",
    "masthead": "padding:26px 32px 22px;background:#13223a;border-radius:10px 10px 0 0;",
    "kicker": f"font-family:{_SANS};font-size:12px;line-height:16px;font-weight:700;"
    "letter-spacing:2px;text-transform:uppercase;color:#8fb7ff;",
    "date": f"font-family:{_SERIF};font-size:26px;line-height:32px;font-weight:700;color:#ffffff;"
    "margin-top:6px;",
    "tally": f"font-family:{_SANS};font-size:14px;line-height:20px;color:#c5d0e0;margin-top:6px;",
    "notice_cell": "padding:18px 32px 0;",
    "notice": f"font-family:{_SANS};font-size:14px;line-height:20px;color:#6b3a00;"
    "background:#fff4e0;border-left:4px solid #e08a00;padding:10px 14px;",
    "story_cell": "padding:26px 32px 22px;border-bottom:1px solid #e6eaf0;",
    "story_kicker": f"font-family:{_SANS};font-size:12px;line-height:16px;font-weight:700;"
    "letter-spacing:1px;text-transform:uppercase;color:#5b6b80;",
    "headline": f"font-family:{_SERIF};font-size:21px;line-height:28px;font-weight:700;"
    "color:#13223a;margin:6px 0 10px;",
    "lead": f"font-family:{_SANS};font-size:16px;line-height:25px;color:#2b3645;margin:0 0 14px;",
    "label": f"font-family:{_SANS};font-size:12px;line-height:16px;font-weight:700;"
    "letter-spacing:1px;text-transform:uppercase;color:#5b6b80;margin:16px 0 6px;",
    "list": "margin:0 0 4px;padding:0 0 0 20px;",
    "item": f"font-family:{_SANS};font-size:15px;line-height:22px;color:#1f2a37;margin:0 0 7px;",
    "who": f"font-family:{_SANS};font-size:13px;color:#6b7a8f;",
    "dispute": "background:#f4f6fa;border-radius:8px;padding:12px 14px;margin:14px 0 4px;",
    "dispute_title": f"font-family:{_SANS};font-size:14px;line-height:20px;font-weight:700;"
    "color:#9a4a00;margin:0 0 6px;",
    "claim_value": f"font-family:{_SANS};font-size:15px;line-height:20px;font-weight:700;"
    "color:#13223a;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap;",
    "claim_text": f"font-family:{_SANS};font-size:14px;line-height:20px;color:#2b3645;"
    "padding:4px 0;vertical-align:top;",
    "original": f"font-family:{_SANS};font-size:14px;line-height:21px;color:#2b3645;"
    "margin:0 0 4px;",
    "link": "color:#1f5fd6;text-decoration:none;",
    "empty_cell": "padding:30px 32px;",
    "empty": f"font-family:{_SANS};font-size:16px;line-height:24px;color:#2b3645;margin:0;",
    "button_cell": "padding:26px 32px 30px;text-align:center;",
    "button": f"display:inline-block;font-family:{_SANS};font-size:15px;font-weight:700;"
    "color:#ffffff;background:#1f5fd6;border-radius:6px;padding:11px 22px;text-decoration:none;",
    "footer_cell": f"padding:18px 32px 8px;font-family:{_SANS};font-size:12px;line-height:18px;"
    "text-align:center;"
    "color:#6b7a8f;",
    "footer_link": "color:#6b7a8f;text-decoration:underline;",
}


@dataclass(frozen=True)
class MailContext:
    """Who gets the email, for which local date, and the links it carries."""

    to: str
    mail_from: str
    day: date
    digest_url: str | None = None
    unsubscribe_url: str | None = None
    schedule: str | None = None  # "07:00 Europe/Berlin", said in the footer


# --- what the email says --------------------------------------------------------------------


def subject_for(digest: Digest, *, day: date) -> str:
    """`Wiredesk digest — 22 Nov 2026 — 3 stories from 5 sources` (or `— no new articles`)."""
    stamp = f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    if not digest.stories:
        return f"Wiredesk digest — {stamp} — no new articles"
    stories, sources = len(digest.stories), len(source_names(digest))
    return (
        f"Wiredesk digest — {stamp} — {_count(stories, 'story', 'stories')} "
        f"from {_count(sources, 'source', 'sources')}"
    )


def source_names(digest: Digest) -> list[str]:
    """The outlets behind the digest's stories, each once, in story order."""
    names = _names_by_id(digest.articles)
    return list(dict.fromkeys(names[i] for story in digest.stories for i in story.articles))


def _names_by_id(articles: Sequence[ArticleResult]) -> dict[str, str]:
    """Article id → the outlet to credit (its source, else its id), made safe to show."""
    return {a.id: clean(a.source) or clean(a.id) for a in articles}


def _story_sources(story: Story, names: dict[str, str]) -> list[str]:
    """The outlets behind one story, each once, in the story's order."""
    return list(dict.fromkeys(names.get(i, clean(i)) for i in story.articles))


def _credit(ids: Iterable[str], names: dict[str, str]) -> str:
    """Article ids as the outlets to credit, comma-separated, each once."""
    return ", ".join(dict.fromkeys(names.get(i, clean(i)) for i in ids))


def _more(digest: Digest) -> str:
    """`…and 3 more stories in the full digest.` when the email shows only the biggest ones."""
    hidden = len(digest.stories) - MAX_STORIES
    return (
        f"…and {_count(hidden, 'more story', 'more stories')} in the full digest."
        if hidden > 0
        else ""
    )


def _fresh_points(story: Story) -> list[KeyPoint]:
    """The story's key points that the lead does not already say, at most `MAX_KEY_POINTS`."""
    lead = clean(story.lead)
    return [p for p in story.key_points if clean(p.text) not in lead][:MAX_KEY_POINTS]


def original_title(article: ArticleResult) -> str:
    """What the original is called where it was published: its title, else its first line."""
    if clean(article.title):
        return clean(article.title)
    first = next((clean(pair.source) for pair in article.sentences if clean(pair.source)), "")
    if not first:
        first = clean(article.clean_text.split("\n", 1)[0]) if article.clean_text else ""
    if len(first) > MAX_TITLE:
        first = first[:MAX_TITLE].rsplit(" ", 1)[0] + "…"
    return first or clean(article.id)


def english_list(items: Sequence[str]) -> str:
    """`German`, `German and French`, `German, French and Chinese`."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def language_name(code: str) -> str:
    """`German` for `de`; an unknown code as itself, upper-case (`XX`)."""
    return LANGUAGE_NAMES.get(code.lower(), clean(code).upper())


def _count(number: int, one: str, many: str) -> str:
    """`1 story`, `3 stories`: a number with the right English noun."""
    return f"{number} {one if number == 1 else many}"


def long_date(day: date) -> str:
    """`Sunday, 22 November 2026`, in English whatever the machine's locale."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def _languages(digest: Digest) -> str:
    """`translated from German`, from the languages of the articles that made it in."""
    codes = {a.language for a in digest.articles if a.status == "ok" and a.language}
    names = sorted({language_name(code) for code in codes if code != "en"})
    return f"translated from {english_list(names)}" if names else ""


def _tally(digest: Digest) -> str:
    """The masthead's line: stories, sources and source languages."""
    parts = [
        _count(len(digest.stories), "story", "stories"),
        f"from {_count(len(source_names(digest)), 'source', 'sources')}",
    ]
    language = _languages(digest)
    return " ".join(parts) + (f" · {language}" if language else "")


def clean(text: str | None) -> str:
    """Untrusted text on one line, without control or bidi-override characters."""
    return " ".join(_UNSAFE_CHARS.sub("", text or "").split())


# --- HTML -----------------------------------------------------------------------------------


def _e(text: str | None) -> str:
    """Cleaned and HTML-escaped, quotes included (safe in text and in attributes)."""
    return html.escape(clean(text), quote=True)


def _a(label: str, url: str | None) -> str:
    """A link for an http(s) URL, else the label alone; `label` is escaped here."""
    target = safe_url(url)
    if target is None:
        return _e(label)
    return f'<a href="{html.escape(target, quote=True)}" style="{_S["link"]}">{_e(label)}</a>'


def render_email_html(digest: Digest, *, context: MailContext) -> str:
    """The HTML part: masthead, notices, each story, the full-digest button, the footer."""
    rows = [_masthead(digest, context.day)]
    rows += [_notice(notice) for notice in digest.notices]
    if digest.stories:
        names = _names_by_id(digest.articles)
        by_id = {a.id: a for a in digest.articles}
        rows += [
            _html_story(number, story, names, by_id)
            for number, story in enumerate(digest.stories[:MAX_STORIES], start=1)
        ]
        if _more(digest):
            rows.append(_row(_S["empty_cell"], f'<p style="{_S["empty"]}">{_more(digest)}</p>'))
    else:
        rows.append(_html_empty())
    if context.digest_url and safe_url(context.digest_url):
        rows.append(_button(context.digest_url))
    preheader = _e(digest.stories[0].headline) if digest.stories else "No new articles today."
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(subject_for(digest, day=context.day))}</title></head>\n"
        f'<body style="{_S["body"]}">\n'
        '<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">'
        f"{preheader}</div>\n"
        f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        f'style="{_S["outer"]}"><tr><td align="center" style="{_S["outer_cell"]}">\n'
        f'<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        f'style="{_S["card"]}">\n' + "\n".join(rows) + "\n</table>\n"
        f"{_footer(context)}\n"
        "</td></tr></table>\n</body></html>\n"
    )


def _row(cell_style: str, content: str) -> str:
    """One row of the card table with an inline-styled cell."""
    return f'<tr><td style="{cell_style}">{content}</td></tr>'


def _masthead(digest: Digest, day: date) -> str:
    """The dark header: brand, long date, tally."""
    return _row(
        _S["masthead"],
        f'<div style="{_S["kicker"]}">Wiredesk digest</div>'
        f'<div style="{_S["date"]}">{_e(long_date(day))}</div>'
        f'<div style="{_S["tally"]}">{_e(_tally(digest))}</div>',
    )


def _notice(notice: str) -> str:
    """A loud warning box (e.g. the meaningless tiny model was used)."""
    return _row(_S["notice_cell"], f'<div style="{_S["notice"]}">&#9888; {_e(notice)}</div>')


def _html_story(
    number: int, story: Story, names: dict[str, str], by_id: dict[str, ArticleResult]
) -> str:
    """One story: kicker, headline, lead, new key points, disputes, links to originals."""
    sources = _story_sources(story, names)
    parts = [
        f'<div style="{_S["story_kicker"]}">Story {number} · '
        f"{_e(_count(len(sources), 'source', 'sources'))}</div>",
        f'<h2 style="{_S["headline"]}">{_e(story.headline)}</h2>',
        f'<p style="{_S["lead"]}">{_e(story.lead)}</p>',
    ]
    points = _fresh_points(story)
    if points:
        items = "".join(
            f'<li style="{_S["item"]}">{_e(point.text)} '
            f'<span style="{_S["who"]}">— {_e(_credit(point.sources, names))}</span></li>'
            for point in points
        )
        parts.append(f'<div style="{_S["label"]}">Key points</div>')
        parts.append(f'<ul style="{_S["list"]}">{items}</ul>')
    parts += [_html_dispute(d, names) for d in story.disagreements]
    parts.append(f'<div style="{_S["label"]}">Read the originals</div>')
    parts += [_html_original(by_id[i], names) for i in story.articles if i in by_id]
    return _row(_S["story_cell"], "".join(parts))


def _html_dispute(disagreement: Disagreement, names: dict[str, str]) -> str:
    """A shaded box: each value given, by whom, and the sentence that says it."""
    rows = []
    for claim in disagreement.claims[:MAX_CLAIMS_SHOWN]:
        said = f" (said by {_e(', '.join(claim.attributed_to))})" if claim.attributed_to else ""
        rows.append(
            f'<tr><td style="{_S["claim_value"]}">{_e(claim.value)}</td>'
            f'<td style="{_S["claim_text"]}">{_e(_credit(claim.sources, names))}{said}'
            f'<br><span style="{_S["who"]}">“{_e(claim.text)}”</span></td></tr>'
        )
    return (
        f'<div style="{_S["dispute"]}">'
        f'<div style="{_S["dispute_title"]}">Sources disagree: {_e(disagreement.about)}</div>'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0">'
        + "".join(rows)
        + "</table></div>"
    )


def _html_original(article: ArticleResult, names: dict[str, str]) -> str:
    """The original's own title, linked to it where it has an http(s) URL, with its outlet."""
    return (
        f'<p style="{_S["original"]}">{_a(original_title(article), article.url)} '
        f'<span style="{_S["who"]}">— {_e(names.get(article.id, article.id))}</span></p>'
    )


def _html_empty() -> str:
    """The short note of a day with nothing new."""
    return _row(
        _S["empty_cell"],
        f'<p style="{_S["empty"]}"><strong>No new articles.</strong> Nothing matching your '
        "subscription was translated since the last digest. We will write again tomorrow.</p>",
    )


def _button(url: str) -> str:
    """The call to action: the full digest in the API."""
    return _row(
        _S["button_cell"],
        f'<a href="{html.escape(url, quote=True)}" style="{_S["button"]}">'
        "Read the full digest &rarr;</a>",
    )


def _footer(context: MailContext) -> str:
    """Why the reader gets this, a caveat, and the unsubscribe link."""
    schedule = f" every day at {_e(context.schedule)}" if context.schedule else ""
    parts = [
        f"You receive this digest{schedule} at {_e(context.to)}.",
        "Translations and summaries are machine-made; check quotes against the originals.",
    ]
    if context.unsubscribe_url and safe_url(context.unsubscribe_url):
        link = html.escape(context.unsubscribe_url, quote=True)
        parts.append(f'<a href="{link}" style="{_S["footer_link"]}">Unsubscribe</a>')
    return (
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="max-width:600px;width:100%;">'
        + _row(_S["footer_cell"], "<br>".join(parts))
        + "</table>"
    )


# --- plain text -----------------------------------------------------------------------------


def render_email_text(digest: Digest, *, context: MailContext) -> str:
    """The plain-text part: the same content, wrapped at 72 columns, links written out."""
    lines = [f"WIREDESK DIGEST — {long_date(context.day)}", _tally(digest), ""]
    for notice in digest.notices:
        lines += _wrap(f"! {clean(notice)}", indent="  ")
    if digest.notices:
        lines.append("")
    if not digest.stories:
        lines += _wrap(
            "No new articles. Nothing matching your subscription was translated since the last "
            "digest. We will write again tomorrow."
        )
        lines.append("")
    names = _names_by_id(digest.articles)
    by_id = {a.id: a for a in digest.articles}
    for number, story in enumerate(digest.stories[:MAX_STORIES], start=1):
        lines += _text_story(number, story, names, by_id)
    if _more(digest):
        lines += [_more(digest), ""]
    if context.digest_url and safe_url(context.digest_url):
        lines += [f"Full digest: {context.digest_url}", ""]
    lines += ["-- ", *_text_footer(context)]
    return "\n".join(lines).rstrip() + "\n"


def _text_story(
    number: int, story: Story, names: dict[str, str], by_id: dict[str, ArticleResult]
) -> list[str]:
    """One story in plain text, indented under its number."""
    lines = _wrap(f"{number}. {clean(story.headline).upper()}", indent="   ")
    lines += [f"   Sources: {', '.join(_story_sources(story, names))}", ""]
    lines += _wrap(clean(story.lead), first="   ", indent="   ")
    points = _fresh_points(story)
    if points:
        lines += ["", "   Key points:"]
        for point in points:
            text = f"{clean(point.text)} ({_credit(point.sources, names)})"
            lines += _wrap(text, first="   - ", indent="     ")
    for disagreement in story.disagreements:
        lines += ["", f"   Sources disagree: {clean(disagreement.about)}"]
        for claim in disagreement.claims[:MAX_CLAIMS_SHOWN]:
            text = f"{clean(claim.value)}: {_credit(claim.sources, names)}"
            if claim.attributed_to:
                text += f", said by {', '.join(clean(x) for x in claim.attributed_to)}"
            lines += _wrap(text, first="   - ", indent="     ")
    lines += ["", "   Read the originals:"]
    for article_id in story.articles:
        if article_id in by_id:
            article = by_id[article_id]
            url = safe_url(article.url)
            title = original_title(article)
            text = f"{title} — {names.get(article_id, article_id)}" + (f": {url}" if url else "")
            lines += _wrap(text, first="   - ", indent="     ")
    return [*lines, ""]


def _text_footer(context: MailContext) -> list[str]:
    """The plain-text footer, after the `-- ` signature line."""
    schedule = f" every day at {clean(context.schedule)}" if context.schedule else ""
    lines = _wrap(f"You receive this digest{schedule} at {clean(context.to)}.")
    if context.unsubscribe_url and safe_url(context.unsubscribe_url):
        lines.append(f"Unsubscribe: {context.unsubscribe_url}")
    return lines


def _wrap(text: str, *, first: str = "", indent: str = "") -> list[str]:
    """`text` wrapped at `TEXT_WIDTH`; long words (URLs) are never broken."""
    return textwrap.wrap(
        text,
        width=TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


# --- the MIME message -----------------------------------------------------------------------


def compose(digest: Digest, *, context: MailContext, now: datetime) -> EmailMessage:
    """The complete message, headers checked; `List-Unsubscribe` when there is a link for it."""
    _, sender = sender_address(context.mail_from)
    # refold_source="none": a header set raw (List-Unsubscribe) goes out exactly as given.
    message = EmailMessage(policy=email.policy.default.clone(refold_source="none"))
    message["Subject"] = check_header("Subject", subject_for(digest, day=context.day))
    message["From"] = check_header("From", format_sender(context.mail_from))
    message["To"] = check_header("To", context.to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("digest", domain=sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    if context.unsubscribe_url:
        # Raw, never RFC 2047-encoded or folded: mail clients look for a plain `<https://…>`.
        message.set_raw(
            "List-Unsubscribe", check_header("List-Unsubscribe", f"<{context.unsubscribe_url}>")
        )
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(render_email_text(digest, context=context), charset="utf-8")
    message.add_alternative(render_email_html(digest, context=context), subtype="html")
    return message
