"""Email addresses and header values: strict, bounded checks before anything reaches a header.

Addresses are the plain `local@domain` form (dot-atom local part, an internationalised domain is
converted to its ASCII form); no comments, no quoted local parts, no display names. Anything
with a line break is refused outright, so no input can inject a header.
"""

from __future__ import annotations

import re
from email.utils import formataddr, parseaddr

from wiredesk.errors import InputError

MAX_ADDRESS = 254  # RFC 5321 path limit
MAX_LOCAL = 64
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")  # unambiguous: linear time on any input
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_FORBIDDEN_IN_HEADERS = ("\r", "\n", "\x00")


def normalise_email(text: str, *, allow_local_domain: bool = False) -> str:
    """`text` as a deliverable address with its domain lower-cased; `ValueError` otherwise.

    `allow_local_domain` accepts a one-label domain (`wiredesk@localhost`) for sender addresses.
    """
    if not isinstance(text, str) or len(text) > MAX_ADDRESS:
        raise ValueError("not a valid email address (at most 254 characters)")
    local, at, domain = text.strip().rpartition("@")
    if not at or not local or len(local) > MAX_LOCAL or not _LOCAL.fullmatch(local):
        raise ValueError("not a valid email address: expected name@example.com")
    ascii_domain = _ascii_domain(domain)
    labels = ascii_domain.split(".")
    if len(labels) < 2 and not allow_local_domain:
        raise ValueError("not a valid email address: the domain needs a dot (example.com)")
    if labels[-1].isdigit():
        raise ValueError("not a valid email address: the domain cannot end in a number")
    address = f"{local}@{ascii_domain}"
    if len(address) > MAX_ADDRESS:
        raise ValueError("not a valid email address (at most 254 characters)")
    return address


def _ascii_domain(domain: str) -> str:
    """The domain in ASCII (IDNA), lower-cased, each label checked; `ValueError` otherwise."""
    if not domain or len(domain) > 253:
        raise ValueError("not a valid email address: missing or overlong domain")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError("not a valid email address: the domain is not a valid host name") from exc
    if not all(_LABEL.fullmatch(label) for label in ascii_domain.split(".")):
        raise ValueError("not a valid email address: the domain is not a valid host name")
    return ascii_domain


def sender_address(text: str) -> tuple[str, str]:
    """(display name, address) of a From setting such as `Wiredesk <news@example.com>`."""
    check_header("From", text)
    name, address = parseaddr(text)
    if not address:
        raise InputError("WIREDESK_MAIL_FROM is not an address: use news@example.com")
    try:
        return name, normalise_email(address, allow_local_domain=True)
    except ValueError as exc:
        raise InputError(f"WIREDESK_MAIL_FROM: {exc}") from exc


def format_sender(text: str) -> str:
    """The From header value for a From setting, display name quoted or encoded as needed."""
    return formataddr(sender_address(text))


def check_header(name: str, value: str) -> str:
    """`value` unchanged, or `InputError` when it holds a line break or NUL (header injection)."""
    if any(character in value for character in _FORBIDDEN_IN_HEADERS):
        raise InputError(f"The {name} header must not contain line breaks.")
    return value
