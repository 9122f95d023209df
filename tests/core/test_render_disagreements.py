"""Each disagreement shows its label, values with hedges, sources, who said it, newer figures."""

from __future__ import annotations

from datetime import date

from tests.story_articles import article_from_text
from wiredesk.claims import find_disagreements
from wiredesk.mail import MailContext
from wiredesk.mail.message import render_email_html, render_email_text
from wiredesk.merge import build_digest
from wiredesk.render import render_html, render_markdown
from wiredesk.schema import Digest


def digest() -> Digest:
    """Two articles on one fire that disagree on the deaths; the second says its figure rose."""
    articles = [
        article_from_text(
            "wire-a",
            "Fire in Tallow Street\n\nAt least 14 people died in the Tallow Street fire, "
            "the fire service said. Crews fought the blaze for hours in the old town.",
            language="en",
        ),
        article_from_text(
            "wire-b",
            "Tallow Street toll rises\n\nThe number of dead in the Tallow Street fire has risen "
            "to 19, the city hospital said. Crews fought the blaze for hours in the old town.",
            language="en",
        ),
    ]
    built = build_digest(articles)
    assert [d.about for s in built.stories for d in s.disagreements] == ["deaths"]
    return built


def test_the_claims_carry_hedge_and_newer_mark() -> None:
    [story] = digest().stories
    claims = {c.value: c for c in story.disagreements[0].claims}
    assert (claims["14"].hedge, claims["14"].newer) == ("at least", False)
    assert (claims["19"].hedge, claims["19"].newer) == (None, True)


def test_markdown_and_html_show_label_values_sources_and_speakers() -> None:
    built = digest()
    markdown = render_markdown(built)
    assert "**deaths**" in markdown
    assert "**at least 14**" in markdown and "fire service" in markdown
    assert "**19 (newer figure)**" in markdown and "city hospital" in markdown
    page = render_html(built)
    assert "at least 14" in page and "19 (newer figure)" in page and "said by" in page


def test_email_shows_the_same() -> None:
    built = digest()
    context = MailContext(
        to="reader@example.org", mail_from="desk@example.org", day=date(2026, 1, 2)
    )
    text = render_email_text(built, context=context)
    assert "Sources disagree: deaths" in text
    assert "at least 14" in text and "19 (newer figure)" in text and "fire service" in text
    html = render_email_html(built, context=context)
    assert "at least 14" in html and "19 (newer figure)" in html and "city hospital" in html


def test_find_disagreements_is_stable() -> None:
    built = digest()
    by_id = {a.id: a for a in built.articles}
    again = find_disagreements([by_id["wire-a"], by_id["wire-b"]])
    assert again == built.stories[0].disagreements
