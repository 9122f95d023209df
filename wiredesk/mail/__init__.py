"""Daily digests by email: addresses, signed links, the digest of a time window, the MIME
message (HTML + plain text) and SMTP delivery. Pure core code: no FastAPI, no Celery.
"""

from wiredesk.mail.address import check_header, normalise_email, sender_address
from wiredesk.mail.daily import daily_digest
from wiredesk.mail.message import MailContext, compose, subject_for
from wiredesk.mail.smtp import SmtpTarget, parse_smtp_url, send_message
from wiredesk.mail.tokens import Signer

__all__ = [
    "MailContext",
    "Signer",
    "SmtpTarget",
    "check_header",
    "compose",
    "daily_digest",
    "normalise_email",
    "parse_smtp_url",
    "send_message",
    "sender_address",
    "subject_for",
]
