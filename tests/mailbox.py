"""A real SMTP server for the email tests: aiosmtpd on a free loopback port, in this process.

It keeps every message it accepts (parsed), can answer RCPT with a chosen reply (to play a
server that defers or refuses), and can speak STARTTLS or implicit TLS with a self-signed
certificate made by `openssl`, which the client trusts through `SSL_CERT_FILE`.
"""

from __future__ import annotations

import asyncio
import email
import logging
import ssl
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers import free_port
from wiredesk.schema import Article, ArticleResult
from wiredesk.store import Store, jobs

USER, PASSWORD = "digest", "s3cret pass"
# aiosmtpd logs every connection and command at INFO: test output is for failures, not that.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    """One accepted message: envelope sender and recipients, and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes = b""  # the message as it came over the wire, for header checks


@dataclass
class Mailbox:
    """The server's handler: what arrived, and how to answer RCPT (a queue of replies)."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: list[str] = field(default_factory=list)
    port: int = 0
    data_delay: float = 0.0  # seconds each DATA takes before the message is accepted
    quit_reply: str = "221 Bye"  # what QUIT is answered (after a message was accepted)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        """Accept the recipient, unless a reply was queued for it."""
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message, parsed as a mail client would (after `data_delay`, a slow server)."""
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content)
        )
        return "250 Message accepted"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        """Answer QUIT with the chosen reply (a server may fail after accepting the message)."""
        return self.quit_reply

    def wait_for(self, count: int, *, timeout: float = 10) -> list[Received]:
        """The first `count` messages, waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.received) >= count, f"{len(self.received)} of {count} messages arrived"
        return self.received[:count]

    def per_recipient(self) -> Counter[str]:
        """How many messages each recipient got (more than one for a day is a double send)."""
        return Counter(address for item in self.received for address in item.rcpt_tos)


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    """Accept only USER / PASSWORD."""
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for `localhost` (and 127.0.0.1), made with the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextmanager
def smtp_server(
    *, certificate: tuple[Path, Path] | None = None, implicit_tls: bool = False, auth: bool = False
) -> Iterator[Mailbox]:
    """Run a server until the block ends: plain, STARTTLS (with `certificate`) or implicit TLS."""
    mailbox = Mailbox(port=free_port())
    options: dict[str, Any] = {}
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        options["ssl_context" if implicit_tls else "tls_context"] = context
        if not implicit_tls:
            options["require_starttls"] = True
    if auth:
        options.update(authenticator=_authenticate, auth_required=True, auth_require_tls=True)
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port, **options)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class SmtpOutage:
    """A plain aiosmtpd server on a fixed port that can go down and come back (an outage).

    While it is down nothing listens on the port: a client's connection is refused.
    """

    mailbox: Mailbox = field(default_factory=lambda: Mailbox(port=free_port()))
    _controller: Controller | None = field(default=None, repr=False)

    @property
    def up(self) -> bool:
        """Whether the server is listening."""
        return self._controller is not None

    def start(self) -> None:
        """Listen on the mailbox's port (again), keeping every message received so far."""
        if self._controller is None:
            self._controller = Controller(
                self.mailbox, hostname="127.0.0.1", port=self.mailbox.port
            )
            self._controller.start()

    def stop(self) -> None:
        """Stop listening and drop every open session at once, as a crash would."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


# --- articles to make digests of ----------------------------------------------------------------
HOSTILE_TITLE = "<script>alert(1)</script>"
OUTLETS = ["Tagesbote", "Morgenkurier", "Abendpost Online", "Westfalen-Echo", "Isar-Rundschau"]
STORM_PAIRS = [
    ("Unwetter im Süden erwartet", "Storms expected in the south"),
    (
        "Der Deutsche Wetterdienst warnt für das Wochenende vor schweren Gewittern mit Starkregen "
        "und Hagel in Bayern und Baden-Württemberg.",
        "The German Weather Service warns of severe thunderstorms with heavy rain and hail in "
        "Bavaria and Baden-Württemberg at the weekend.",
    ),
    (
        "Örtlich können bis zu 40 Liter Regen pro Quadratmeter fallen.",
        "Up to 40 litres of rain per square metre may fall locally.",
    ),
]


def seed_results() -> list[ArticleResult]:
    """The five seeds as a real model would translate them (the reference English), one outlet
    each: one story, with the 10,000 vs 12,000 troops dispute."""
    from tests.story_articles import REFERENCE, TITLES, article_from_pairs

    return [
        article_from_pairs(
            article_id,
            REFERENCE[article_id],
            title_en=TITLES[article_id],
            source=outlet,
            url=f"https://{outlet.lower().replace(' ', '-')}.example/politik/{article_id}",
        )
        for article_id, outlet in zip(sorted(REFERENCE), OUTLETS, strict=True)
    ]


def hostile_result(article_id: str = "evil") -> ArticleResult:
    """An unrelated article whose every field tries to break out of the HTML it lands in."""
    from tests.story_articles import article_from_pairs

    return article_from_pairs(
        article_id,
        STORM_PAIRS,
        title=HOSTILE_TITLE,
        title_en=HOSTILE_TITLE,
        source='Evil "><img src=x onerror=alert(2)> Post\u202e',
        url="javascript:alert(3)",
    )


def add_articles(store: Store, results: list[ArticleResult]) -> list[int]:
    """Store finished articles as one batch, as the workers would have; returns their keys."""
    inputs = [Article(id=r.id, text="…", source=r.source, url=r.url) for r in results]
    with store.write() as session:
        _, pks = jobs.create_batch(session, articles=inputs, options={})
        for pk, result in zip(pks, results, strict=True):
            jobs.record_result(session, pk=pk, result=result, notices=[])
    return pks
