"""The digest email, its addresses, its signed links and SMTP delivery, against a real server.

Messages are parsed back from the bytes that went over the wire (aiosmtpd, `tests/mailbox.py`)
and checked as a mail client would see them: two parts, the subject, the headers, the stories,
and hostile article text that stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.mailbox import (
    HOSTILE_TITLE,
    OUTLETS,
    PASSWORD,
    USER,
    Mailbox,
    hostile_result,
    seed_results,
    self_signed_certificate,
    smtp_server,
)
from tests.servers import free_port
from wiredesk.config import Settings
from wiredesk.errors import InputError, UnavailableError, WiredeskError
from wiredesk.mail import (
    MailContext,
    Signer,
    check_header,
    compose,
    daily_digest,
    normalise_email,
    parse_smtp_url,
    send_message,
    sender_address,
    subject_for,
)
from wiredesk.mail.tokens import DIGEST, UNSUBSCRIBE, signer_for
from wiredesk.schema import ArticleResult, Digest, Story
from wiredesk.store import Store
from wiredesk.store.subscriptions import StoredArticle

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
DAY = date(2026, 11, 22)
UNSUBSCRIBE_URL = "https://wiredesk.example/unsubscribe/abc.tag"
DIGEST_URL = "https://wiredesk.example/digests/7.tag"


def stored(results: list[ArticleResult], *, batch: str = "batch0001") -> list[StoredArticle]:
    return [StoredArticle(n, batch, result, []) for n, result in enumerate(results, start=1)]


def make_digest(results: list[ArticleResult]) -> Digest:
    return daily_digest(stored(results), settings=Settings(), generated_at=NOW)


def context(**overrides: object) -> MailContext:
    fields: dict[str, object] = {
        "to": "reader@example.com",
        "mail_from": "Wiredesk <digest@wiredesk.example>",
        "day": DAY,
        "digest_url": DIGEST_URL,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "schedule": "07:00 (Europe/Berlin)",
    }
    return MailContext(**(fields | overrides))  # type: ignore[arg-type]


def parts(message: EmailMessage) -> tuple[str, str]:
    """The decoded plain-text and HTML parts."""
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    return str(plain.get_content()), str(html.get_content())


@pytest.fixture(scope="module")
def seeds_and_hostile() -> Digest:
    return make_digest([*seed_results(), hostile_result()])


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


def send_and_receive(message: EmailMessage, mailbox: Mailbox) -> EmailMessage:
    target = parse_smtp_url(f"smtp://127.0.0.1:{mailbox.port}")
    send_message(message, target=target, timeout=5)
    (received,) = mailbox.wait_for(1)
    return received.message


# --- the message as received --------------------------------------------------------------------
def test_the_received_email_has_both_parts_subject_and_headers(
    seeds_and_hostile: Digest, mailbox: Mailbox
) -> None:
    message = send_and_receive(compose(seeds_and_hostile, context=context(), now=NOW), mailbox)

    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "Wiredesk digest — 22 Nov 2026 — 2 stories from 6 sources"
    assert message["From"] == "Wiredesk <digest@wiredesk.example>"
    assert message["To"] == "reader@example.com"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE_URL}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@wiredesk.example>")
    assert message["Date"]
    assert mailbox.received[0].rcpt_tos == ["reader@example.com"]


def test_stories_sources_dispute_and_links_are_in_both_parts(seeds_and_hostile: Digest) -> None:
    text, html = parts(compose(seeds_and_hostile, context=context(), now=NOW))
    headline = seeds_and_hostile.stories[0].headline
    for body in (" ".join(text.split()), html):  # text is wrapped: compare words, not lines
        assert all(outlet in body for outlet in OUTLETS)
        assert "10,000" in body and "12,000" in body  # the troops dispute
        assert "The German Weather Service warns of severe thunderstorms" in body  # story 2
        assert DIGEST_URL in body and UNSUBSCRIBE_URL in body
        assert "reader@example.com" in body
    assert headline.upper() in text and headline in html
    assert "Sources disagree: soldiers" in text
    assert "https://tagesbote.example/politik/000" in text
    assert 'href="https://tagesbote.example/politik/000"' in html


def test_a_hostile_article_stays_text_in_html_and_harmless_in_plain_text(
    seeds_and_hostile: Digest,
) -> None:
    text, html = parts(compose(seeds_and_hostile, context=context(), now=NOW))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<\s*script", html, re.IGNORECASE)
    assert "<img" not in html and "onerror=alert(2)>" not in html
    assert "javascript:" not in html  # the url is not linked, and not shown as a link target
    assert "\u202e" not in html and "\u202e" not in text  # no bidi override survives
    # In text/plain the title is just characters; the javascript: URL is not offered at all.
    assert HOSTILE_TITLE in text
    assert "javascript:" not in text


def test_article_text_never_reaches_a_header_or_breaks_a_line() -> None:
    evil = hostile_result().model_copy(
        update={"title_en": "Headline\r\nBcc: victim@example.com\n\nbody", "source": "A\nB"}
    )
    message = compose(make_digest([evil]), context=context(), now=NOW)
    text, _ = parts(message)
    assert message["Bcc"] is None and "victim" not in message["Subject"]
    assert "HEADLINE BCC: VICTIM@EXAMPLE.COM BODY" in text  # collapsed onto one line


def test_a_day_without_articles_says_so() -> None:
    digest = make_digest([])
    message = compose(digest, context=context(), now=NOW)
    text, html = parts(message)
    assert message["Subject"] == "Wiredesk digest — 22 Nov 2026 — no new articles"
    assert "No new articles" in text and "No new articles" in html


def test_the_subject_counts_in_english() -> None:
    one = make_digest([hostile_result()])
    assert subject_for(one, day=date(2026, 1, 5)) == (
        "Wiredesk digest — 5 Jan 2026 — 1 story from 1 source"
    )


def test_notices_are_shown_loudly_in_both_parts() -> None:
    notice = "Translated with the tiny test model: output is meaningless."
    digest = daily_digest(
        [StoredArticle(1, "b", hostile_result(), [notice])], settings=Settings(), generated_at=NOW
    )
    text, html = parts(compose(digest, context=context(), now=NOW))
    assert f"! {notice}" in text
    assert "&#9888;" in html and notice in html


def test_a_manual_send_without_subscription_has_no_unsubscribe_header() -> None:
    message = compose(
        make_digest([hostile_result()]),
        context=context(unsubscribe_url=None, digest_url=None),
        now=NOW,
    )
    text, html = parts(message)
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert "Unsubscribe" not in text and "full digest" not in html


@pytest.mark.parametrize(
    "field",
    [
        {"to": "reader@example.com\r\nBcc: all@example.com"},
        {"mail_from": "Wiredesk <a@b.example>\nBcc: all@example.com"},
        {"unsubscribe_url": "https://x.example/u\r\nX-Evil: 1"},
    ],
)
def test_a_line_break_in_any_header_value_is_refused(field: dict[str, str]) -> None:
    with pytest.raises(InputError):
        compose(make_digest([]), context=context(**field), now=NOW)


# --- the digest of a window ---------------------------------------------------------------------
def test_the_same_article_twice_appears_once_and_clashing_ids_are_kept_apart() -> None:
    seeds = seed_results()
    repeat = StoredArticle(9, "batch0002", seeds[0], [])  # resubmitted: same URL
    other = seeds[1].model_copy(update={"url": "https://elsewhere.example/x", "id": "000"})
    articles = [
        *stored(seeds, batch="batch0001"),
        repeat,
        StoredArticle(10, "batch0003", other, []),
    ]

    digest = daily_digest(articles, settings=Settings(), generated_at=NOW)

    ids = [a.id for a in digest.articles]
    assert len(ids) == len(set(ids)) == 6  # the resubmitted copy is gone, the clash resolved
    assert {"batch000/000", "batch000/000~2"} <= set(ids)
    assert digest.generated_at == NOW


# --- addresses ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Reader@Example.COM", "Reader@example.com"),
        ("  first.last+news@mail.example.org ", "first.last+news@mail.example.org"),
        ("leser@bücher.example", "leser@xn--bcher-kva.example"),
    ],
)
def test_good_addresses_are_normalised(given: str, expected: str) -> None:
    assert normalise_email(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "",
        "reader",
        "reader@",
        "@example.com",
        "a@b@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a b@example.com",
        "reader@localhost",
        "reader@-bad.example",
        "reader@example.123",
        "reader@example.com\r\nBcc: x@example.com",
        "<reader@example.com>",
        "x" * 65 + "@example.com",
        "a@" + "b" * 250 + ".com",
        "a" * 1_000_000 + "@example.com",
    ],
)
def test_bad_addresses_are_refused_with_a_reason(given: str) -> None:
    with pytest.raises(ValueError, match="not a valid email address"):
        normalise_email(given)


def test_header_values_with_line_breaks_are_refused() -> None:
    assert check_header("Subject", "fine — really") == "fine — really"
    for bad in ("a\rb", "a\nb", "a\x00b"):
        with pytest.raises(InputError, match="line breaks"):
            check_header("Subject", bad)


def test_the_sender_may_have_a_display_name_and_a_local_domain() -> None:
    assert sender_address("Wiredesk <wiredesk@localhost>") == ("Wiredesk", "wiredesk@localhost")
    assert sender_address("news@example.com") == ("", "news@example.com")
    with pytest.raises(InputError):
        sender_address("not an address")


# --- signed links -------------------------------------------------------------------------------
def test_tokens_verify_only_unaltered_and_for_their_purpose() -> None:
    signer = Signer("k" * 32)
    token = signer.sign(UNSUBSCRIBE, "0123abcd")
    assert signer.verify(UNSUBSCRIBE, token) == "0123abcd"

    value, _, tag = token.rpartition(".")
    flipped = tag[:-1] + ("A" if tag[-1] != "A" else "B")
    for forged in (
        f"{value}.{flipped}",
        f"0123abce.{tag}",
        value,
        f"{value}.",
        "",
        "ü" * 40,
        token + "x" * 200,
    ):
        assert signer.verify(UNSUBSCRIBE, forged) is None, forged
    assert signer.verify(DIGEST, token) is None  # an unsubscribe token is not a digest link
    assert Signer("z" * 32).verify(UNSUBSCRIBE, token) is None  # nor valid under another key


def test_without_a_configured_key_one_is_generated_once_and_shared(database_url: str) -> None:
    url = database_url
    first, second = Store(url), Store(url)  # two processes, one database
    try:
        token = signer_for(None, store=first).sign(UNSUBSCRIBE, "abc")
        assert signer_for(None, store=second).verify(UNSUBSCRIBE, token) == "abc"
    finally:
        first.dispose()
        second.dispose()


def test_a_short_configured_key_is_refused_without_showing_it(database_url: str) -> None:
    from pydantic import SecretStr

    store = Store(database_url)
    with pytest.raises(WiredeskError, match="too short") as caught:
        signer_for(SecretStr("hunter2"), store=store)
    assert "hunter2" not in caught.value.detail
    assert (
        signer_for(SecretStr("s" * 32), store=store).verify(
            UNSUBSCRIBE, Signer("s" * 32).sign(UNSUBSCRIBE, "x")
        )
        == "x"
    )


# --- SMTP ---------------------------------------------------------------------------------------
def test_smtp_urls_choose_tls_ports_and_credentials() -> None:
    remote = parse_smtp_url("smtp://user%40corp:p%3Ass@mail.example.com")
    assert (remote.host, remote.port, remote.starttls, remote.implicit_tls) == (
        "mail.example.com",
        587,
        True,
        False,
    )
    assert (remote.username, remote.password) == ("user@corp", "p:ss")
    tls = parse_smtp_url("smtps://u:p@mail.example.com")
    assert (tls.port, tls.implicit_tls, tls.starttls) == (465, True, False)
    relay = parse_smtp_url("smtp://mailpit:1025?starttls=off")
    assert (relay.port, relay.starttls, relay.username) == (1025, False, None)
    assert "p:ss" not in remote.describe() and "mail.example.com:587" in remote.describe()


@pytest.mark.parametrize(
    "url",
    [
        "http://mail.example.com",
        "smtp://",
        "smtp://host:notaport",
        "smtp://user:secretpw@relay.example:25?starttls=off",  # a password in the clear
        "smtps://host?starttls=off",
        "smtp://host?starttls=maybe",
    ],
)
def test_bad_smtp_urls_are_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_smtp_url(url)
    assert "secretpw" not in caught.value.detail


def test_a_plain_local_server_receives_the_message(mailbox: Mailbox) -> None:
    message = compose(make_digest([hostile_result()]), context=context(), now=NOW)
    received = send_and_receive(message, mailbox)
    assert received["Subject"] == message["Subject"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_starttls_with_login_when_the_server_requires_both(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    message = compose(make_digest([hostile_result()]), context=context(), now=NOW)
    with smtp_server(certificate=certificate, auth=True) as box:
        url = f"smtp://{USER}:{PASSWORD.replace(' ', '%20')}@localhost:{box.port}"
        send_message(message, target=parse_smtp_url(url), timeout=5)
        assert box.wait_for(1)[0].message["Subject"] == message["Subject"]
        wrong = parse_smtp_url(f"smtp://{USER}:wrong@localhost:{box.port}")
        with pytest.raises(WiredeskError) as caught:
            send_message(message, target=wrong, timeout=5)
        assert not isinstance(caught.value, UnavailableError)  # bad credentials: no retry
        assert "535" in caught.value.detail


def test_implicit_tls_and_an_untrusted_certificate(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    message = compose(make_digest([]), context=context(), now=NOW)
    with smtp_server(certificate=certificate, implicit_tls=True) as box:
        target = parse_smtp_url(f"smtps://localhost:{box.port}")
        with pytest.raises(WiredeskError, match="certificate") as caught:
            send_message(message, target=target, timeout=5)  # self-signed, not trusted yet
        assert not isinstance(caught.value, UnavailableError)
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        send_message(message, target=target, timeout=5)
        assert len(box.wait_for(1)) == 1


def test_a_server_that_is_down_or_defers_is_temporary() -> None:
    message = compose(make_digest([]), context=context(), now=NOW)
    with pytest.raises(UnavailableError, match="unreachable"):
        send_message(message, target=parse_smtp_url(f"smtp://127.0.0.1:{free_port()}"), timeout=2)
    with smtp_server() as box:
        box.rcpt_replies.append("451 4.3.0 Try again later")
        target = parse_smtp_url(f"smtp://127.0.0.1:{box.port}")
        with pytest.raises(UnavailableError, match="451"):
            send_message(message, target=target, timeout=5)


def test_a_refused_recipient_is_permanent(mailbox: Mailbox) -> None:
    mailbox.rcpt_replies.append("550 5.1.1 No such user")
    message = compose(make_digest([]), context=context(), now=NOW)
    with pytest.raises(WiredeskError, match="550") as caught:
        send_message(message, target=parse_smtp_url(f"smtp://127.0.0.1:{mailbox.port}"), timeout=5)
    assert not isinstance(caught.value, UnavailableError)
    assert mailbox.received == []


def test_a_busy_day_shows_the_biggest_stories_and_stays_under_gmails_clip() -> None:
    articles = [
        ArticleResult(id=f"a{n}", source=f"Outlet {n}", title_en=f"Title {n}", language="de")
        for n in range(40)
    ]
    stories = [
        Story(headline=f"Headline {n}", lead="A lead sentence. " * 20, articles=[f"a{n}"])
        for n in range(40)
    ]
    digest = Digest(articles=articles, stories=stories)
    message = compose(digest, context=context(), now=NOW)
    text, html = parts(message)

    assert message["Subject"].endswith("— 40 stories from 40 sources")
    assert "15. HEADLINE 14" in text and "16. HEADLINE 15" not in text
    assert "…and 25 more stories in the full digest." in text
    assert "…and 25 more stories in the full digest." in html
    assert len(message.as_bytes()) < 100_000


# --- what a new user saw wrong (issue 14) -------------------------------------------------------
def test_list_unsubscribe_goes_over_the_wire_plain(mailbox: Mailbox) -> None:
    long_link = "https://wiredesk.example/unsubscribe/" + "a1B2c3D4e5" * 12 + ".tag"
    message = compose(make_digest(seed_results()), context=context(unsubscribe_url=long_link),
                      now=NOW)  # fmt: skip
    send_and_receive(message, mailbox)
    raw = mailbox.received[0].raw
    headers = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert f"\r\nList-Unsubscribe: <{long_link}>\r\n" in headers  # one plain line, no =?utf-8?q?
    assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in headers


def with_language(result: ArticleResult, language: str, article_id: str) -> ArticleResult:
    return result.model_copy(update={"language": language, "id": article_id, "url": None})


@pytest.mark.parametrize(
    ("languages", "said"),
    [
        (["de"], "translated from German"),
        (["de", "fr"], "translated from French and German"),
        (["de", "fr", "zh"], "translated from Chinese, French and German"),
        (["de", "xx"], "translated from German and XX"),
    ],
)
def test_the_masthead_names_languages_in_an_english_list(languages: list[str], said: str) -> None:
    seeds = seed_results()
    results = [with_language(seeds[n], code, f"a{n}") for n, code in enumerate(languages)]
    text, html = parts(compose(make_digest(results), context=context(), now=NOW))
    assert said in text and said in html
    assert " and zh" not in text and " and fr" not in text


def test_read_the_originals_shows_original_titles_linked() -> None:
    seeds = [r.model_copy(update={"title": f"Originaltitel {r.id}"}) for r in seed_results()]
    text, html = parts(compose(make_digest(seeds), context=context(), now=NOW))
    originals = text.split("Read the originals:", 1)[1]
    for result in seeds:
        assert f"Originaltitel {result.id} — " in originals
        assert f'<a href="{result.url}" style="color:#1f5fd6;text-decoration:none;">' \
               f"Originaltitel {result.id}</a>" in html  # fmt: skip
        assert (result.title_en or "") not in originals  # the translated title is elsewhere


def test_a_tiny_model_article_shows_its_own_title_in_read_the_originals() -> None:
    from tests.story_articles import TINY, article_from_pairs

    gibberish = "nktnktnktnkt Ma Ma Ma"
    article = article_from_pairs(
        "t1",
        [("Nordkorea schickt Truppen", gibberish), ("Pjöngjang hat 10.000 Soldaten.", gibberish)],
        model=TINY,
        title="Nordkorea schickt Truppen",
        title_en=gibberish,
        url="https://example.org/t1",
    )
    text, html = parts(compose(make_digest([article]), context=context(), now=NOW))
    assert "Nordkorea schickt Truppen — " in text
    assert (
        '<a href="https://example.org/t1"' in html and gibberish not in html.split("originals")[1]
    )
