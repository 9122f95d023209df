"""Signed tokens for the links in an email (unsubscribe, the full digest): no login needed.

A token is `<value>.<tag>`, the tag an HMAC-SHA256 of the purpose and the value under the
signing key (128 bits kept). The purpose is part of what is signed, so a digest link's token
can never unsubscribe anyone. The key is `WIREDESK_SECRET_KEY`, or, when that is unset, a random
key generated once and kept in the job store, shared by the API and every worker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
from typing import TYPE_CHECKING

from wiredesk.errors import WiredeskError

if TYPE_CHECKING:
    from pydantic import SecretStr

    from wiredesk.store import Store

log = logging.getLogger(__name__)

MIN_KEY_CHARS = 32
SECRET_NAME = "link-signing-key"
MAX_TOKEN = 128
_TAG_BYTES = 16
_VALUE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Signer:
    """Signs and checks link tokens with one key."""

    def __init__(self, key: str | bytes) -> None:
        """A signer with `key` (text or bytes)."""
        self._key = key.encode("utf-8") if isinstance(key, str) else key

    def sign(self, purpose: str, value: str) -> str:
        """A token carrying `value` (letters, digits, `_`, `-`) for `purpose`."""
        if not _VALUE.fullmatch(value):
            raise ValueError("token values are 1-64 URL-safe characters")
        return f"{value}.{self._tag(purpose, value)}"

    def verify(self, purpose: str, token: str) -> str | None:
        """The value a genuine token for `purpose` carries; None for anything forged or altered."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN:
            return None
        value, dot, tag = token.rpartition(".")
        if not dot or not _VALUE.fullmatch(value):
            return None
        expected = self._tag(purpose, value).encode("ascii")
        genuine = hmac.compare_digest(tag.encode("ascii", "replace"), expected)
        return value if genuine else None

    def _tag(self, purpose: str, value: str) -> str:
        """The truncated HMAC of purpose and value, URL-safe base64 without padding."""
        digest = hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).decode("ascii").rstrip("=")


def signer_for(configured: SecretStr | None, *, store: Store) -> Signer:
    """The signer for this deployment: the configured key, else the one kept in the store."""
    if configured is not None:
        key = configured.get_secret_value()
        if len(key) < MIN_KEY_CHARS:
            raise WiredeskError(
                f"WIREDESK_SECRET_KEY is too short: use at least {MIN_KEY_CHARS} random characters "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')."
            )
        return Signer(key)
    from wiredesk.store.subscriptions import shared_secret

    with store.write() as session:
        return Signer(shared_secret(session, name=SECRET_NAME))


UNSUBSCRIBE = "unsubscribe"
DIGEST = "digest"


def unsubscribe_url(base_url: str, signer: Signer, *, subscription_id: str) -> str:
    """The signed link that unsubscribes one subscription (GET shows a page, POST unsubscribes)."""
    return f"{base_url.rstrip('/')}/unsubscribe/{signer.sign(UNSUBSCRIBE, subscription_id)}"


def digest_url(base_url: str, signer: Signer, *, delivery_pk: int) -> str:
    """The signed link to the full digest that one delivery emailed."""
    return f"{base_url.rstrip('/')}/digests/{signer.sign(DIGEST, str(delivery_pk))}"


def link_base_url(public_base_url: str | None, *, port: int) -> str:
    """Where links in emails point: `WIREDESK_PUBLIC_BASE_URL`, else the API on this machine."""
    if public_base_url:
        return public_base_url.rstrip("/")
    log.warning(
        "WIREDESK_PUBLIC_BASE_URL is not set: email links point at http://localhost:%d", port
    )
    return f"http://localhost:{port}"
