"""Sending a message over SMTP, configured by one URL, with failures sorted for retrying.

- `smtps://user:pass@host:465` — implicit TLS from the first byte (default port 465);
- `smtp://user:pass@host:587` — STARTTLS, required (default port 587); to a loopback host
  (localhost, 127.0.0.1, ::1) it is used when offered, so a local catcher needs no TLS;
- `smtp://host:1025?starttls=off` — plain text to a trusted relay such as Mailpit in compose;
  a password is never sent this way unless the host is loopback.

Certificates are verified against the system's CAs (`SSL_CERT_FILE` points elsewhere). A
temporary failure (connection refused, timeout, a 4xx reply) raises `UnavailableError`, worth
a retry; a permanent one (5xx, bad credentials, no STARTTLS, a bad certificate) raises
`WiredeskError`, which retrying would not fix.
"""

from __future__ import annotations

import ipaddress
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from wiredesk.errors import InputError, UnavailableError, WiredeskError

log = logging.getLogger(__name__)

_DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
_STARTTLS_VALUES = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to deliver: host, port, TLS mode and optional credentials."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool  # required for a remote host; opportunistic for a loopback one
    username: str | None = None
    password: str | None = None

    @property
    def loopback(self) -> bool:
        """Whether the server is on this machine (plain text cannot be sniffed on the way)."""
        if self.host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def describe(self) -> str:
        """`host:port (mode asked for)`, for logs; never the credentials."""
        if self.implicit_tls:
            mode = "TLS"
        elif self.starttls:
            mode = "STARTTLS if offered" if self.loopback else "STARTTLS"
        else:
            mode = "plain"
        return f"{self.host}:{self.port} ({mode})"


def parse_smtp_url(url: str) -> SmtpTarget:
    """The target an `smtp://` or `smtps://` URL names; `InputError` (without the URL) if bad."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError("WIREDESK_SMTP_URL is not a URL like smtp://user:pass@host:587.") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise InputError("WIREDESK_SMTP_URL must look like smtp://user:pass@host:587 or smtps://…")
    options = parse_qs(parts.query)
    starttls = True
    if "starttls" in options:
        value = options["starttls"][-1].lower()
        if value not in _STARTTLS_VALUES or scheme == "smtps":
            raise InputError("WIREDESK_SMTP_URL: starttls=on|off, and only with smtp://.")
        starttls = _STARTTLS_VALUES[value]
    target = SmtpTarget(
        host=parts.hostname,
        port=port or _DEFAULT_PORTS[scheme],
        implicit_tls=scheme == "smtps",
        starttls=starttls and scheme == "smtp",
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
    if target.username and not (target.implicit_tls or target.starttls or target.loopback):
        raise InputError("WIREDESK_SMTP_URL: refusing to send a password without TLS.")
    return target


def send_message(message: EmailMessage, *, target: SmtpTarget, timeout: float) -> str:
    """Deliver `message` to its To address; returns how the session was secured, as it happened
    (`TLS`, `STARTTLS`, `plain: the server offers no STARTTLS`, `plain: starttls=off`).
    Raises as described in the module docstring.

    Once the server has accepted the message, nothing that follows (a QUIT answered with an
    error) may raise: the caller would retry, and the reader would get the message twice.
    """
    try:
        client = _connect(target, timeout=timeout)
        accepted = False
        try:
            security = _secure(client, target)
            if target.username:
                client.login(target.username, target.password or "")
            client.send_message(message)
            accepted = True
        finally:
            if not accepted:
                client.close()
    except smtplib.SMTPResponseException as exc:
        raise _classify(exc.smtp_code, _reply(exc.smtp_error), target) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        raise _classify(code, _reply(reply), target) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise WiredeskError(f"The SMTP server {target.describe()} offers no STARTTLS.") from exc
    except ssl.SSLCertVerificationError as exc:
        raise WiredeskError(
            f"The SMTP server {target.describe()} sent a certificate that does not verify: "
            f"{exc.verify_message}."
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise UnavailableError(
            f"The SMTP server {target.describe()} is unreachable: {type(exc).__name__}: {exc}"
        ) from exc
    log.info(
        "mail to %s handed to %s:%d (%s)",
        _mask(str(message["To"])),
        target.host,
        target.port,
        security,
    )
    _quit(client, target)
    return security


def _quit(client: smtplib.SMTP, target: SmtpTarget) -> None:
    """End the session after the message was accepted; a failure here is only logged."""
    try:
        code, reply = client.docmd("QUIT")
        if code != 221:
            log.warning(
                "the SMTP server %s answered QUIT with %d %s after accepting the message",
                target.describe(),
                code,
                _reply(reply),
            )
    except (smtplib.SMTPException, OSError) as exc:
        log.warning(
            "the SMTP server %s dropped the connection after accepting the message: %s",
            target.describe(),
            exc,
        )
    finally:
        client.close()


def _connect(target: SmtpTarget, *, timeout: float) -> smtplib.SMTP:
    """An open connection, TLS from the start for `smtps://`."""
    if target.implicit_tls:
        return smtplib.SMTP_SSL(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    return smtplib.SMTP(target.host, target.port, timeout=timeout)


def _secure(client: smtplib.SMTP, target: SmtpTarget) -> str:
    """STARTTLS when asked for: required for a remote host, used if offered on loopback.

    Returns what really secures the session, for the logs and `wiredesk send-digest`.
    """
    if target.implicit_tls:
        return "TLS"
    if not target.starttls:
        return "plain: starttls=off"
    client.ehlo()
    if client.has_extn("starttls"):
        client.starttls(context=ssl.create_default_context())
        client.ehlo()
        return "STARTTLS"
    if not target.loopback:
        raise smtplib.SMTPNotSupportedError("STARTTLS not offered")
    return "plain: the server offers no STARTTLS"


def _classify(code: int, reply: str, target: SmtpTarget) -> WiredeskError:
    """4xx replies are temporary (retry), everything else is permanent."""
    text = f"The SMTP server {target.describe()} answered {code} {reply}".rstrip()
    if 400 <= code < 500:
        return UnavailableError(text)
    return WiredeskError(text)


def _reply(raw: bytes | str) -> str:
    """A server reply as one bounded line of text."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:300]


def _mask(address: str) -> str:
    """`r…@example.com`: enough to follow a delivery in the logs without listing subscribers."""
    local, at, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}" if at else "…"
