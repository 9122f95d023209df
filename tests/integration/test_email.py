"""The daily digest end to end: a real Celery worker runs the beat task, which enqueues the send
task, which mails the digest to a real SMTP server (aiosmtpd); the API, on the same store,
shows the delivery and honours the email's unsubscribe link.

The worker generates the link-signing key and keeps it in the store; the API (another process's
code, here in-process) must accept the links the worker signed with it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.databases import fresh_database
from tests.mailbox import (
    HOSTILE_TITLE,
    OUTLETS,
    Mailbox,
    add_articles,
    hostile_result,
    seed_results,
    smtp_server,
)
from tests.servers import Server, celery_worker, redis_url, service_env
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, subscriptions
from wiredesk.store.models import utcnow
from worker.config import DIGEST_BEAT_TASK, make_celery

pytestmark = pytest.mark.integration

EMAIL_REDIS_DB = 13
BASE_URL = "http://testserver"  # the TestClient's own address: links in the email open in it


def beats_done(worker: Server) -> int:
    """How many beat tasks the worker has finished."""
    return len(
        re.findall(rf"Task {re.escape(DIGEST_BEAT_TASK)}\[[^\]]+\] succeeded", worker.log_text())
    )


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="module")
def email_stack(
    tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox
) -> Iterator[tuple[Server, Store, ServiceSettings]]:
    """A worker that needs no model (it only sends mail), its store, and matching settings."""
    tmp = tmp_path_factory.mktemp("email")
    with fresh_database(tmp) as database_url:
        yield from _email_stack(tmp, mailbox, database_url)


def _email_stack(
    tmp: Path, mailbox: Mailbox, database_url: str
) -> Iterator[tuple[Server, Store, ServiceSettings]]:
    settings = ServiceSettings(
        redis_url=redis_url(EMAIL_REDIS_DB),
        database_url=database_url,
        smtp_url=f"smtp://127.0.0.1:{mailbox.port}",  # type: ignore[arg-type]
        public_base_url=BASE_URL,
    )
    env = service_env(
        os.environ,
        WIREDESK_REDIS_URL=settings.redis_url,
        WIREDESK_DATABASE_URL=settings.database_url,
        WIREDESK_SMTP_URL=f"smtp://127.0.0.1:{mailbox.port}",
        WIREDESK_PUBLIC_BASE_URL=BASE_URL,
        WIREDESK_WARM_LANGUAGES="",
        WIREDESK_CONCURRENCY="1",
        WIREDESK_LOG_LEVEL="INFO",
    )
    store = Store(settings.database_url)
    worker = celery_worker(env=env, log=tmp / "worker.log", name="email").start()
    try:
        yield worker, store, settings
    finally:
        worker.stop()
        store.dispose()


def test_the_worker_sends_the_days_digest_once_and_its_links_work(
    email_stack: tuple[Server, Store, ServiceSettings], mailbox: Mailbox, tmp_path: Path
) -> None:
    worker, store, settings = email_stack
    add_articles(store, [*seed_results(), hostile_result()])
    app = create_app(settings)
    publisher = make_celery("email-test", settings)
    with TestClient(app) as api:
        created = api.post(
            "/v1/subscriptions",
            json={"email": "reader@example.com", "send_at": "00:00", "timezone": "UTC"},
        ).json()
        with store.write() as session:  # subscribed yesterday, so today's 00:00 digest is due
            row = subscriptions.get_subscription(session, subscription_id=created["id"])
            row.active_since = utcnow() - timedelta(days=1)

        started = time.monotonic()
        publisher.send_task(DIGEST_BEAT_TASK)
        (received,) = mailbox.wait_for(1, timeout=30)
        elapsed = time.monotonic() - started

        message = received.message
        assert message.get_content_type() == "multipart/alternative"
        assert message["Subject"].endswith("— 2 stories from 6 sources")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # On the wire, as a mail client reads it: the plain <http…> form, never RFC 2047.
        assert re.search(
            rb"^List-Unsubscribe: <http://testserver/unsubscribe/[^>\s]+>\r?$",
            received.raw,
            flags=re.MULTILINE,
        ), received.raw[:2000]
        text = str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        html = str(message.get_body(("html",)).get_content())  # type: ignore[union-attr]
        assert all(outlet in text for outlet in OUTLETS) and HOSTILE_TITLE in text
        assert "&lt;script&gt;" in html and "<script" not in html

        # A second beat (say, a second beat process) finds the day taken: no second email.
        publisher.send_task(DIGEST_BEAT_TASK)
        deadline = time.monotonic() + 20
        while beats_done(worker) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert beats_done(worker) >= 2, worker.log_text()[-3000:]
        time.sleep(0.5)  # time for a (wrongly) enqueued send to arrive
        assert len(mailbox.received) == 1

        (delivery,) = api.get(f"/v1/subscriptions/{created['id']}/deliveries").json()["items"]
        assert (delivery["status"], delivery["attempts"], delivery["articles"]) == ("sent", 1, 6)
        digest_path = delivery["links"]["digest"].removeprefix(BASE_URL)
        assert api.get(digest_path, params={"format": "json"}).json()["stories"]

        # The unsubscribe link the worker signed works in the API: one-click, as a mail client does.
        unsubscribe = message["List-Unsubscribe"].strip("<>").removeprefix(BASE_URL)
        assert api.post(unsubscribe, content="List-Unsubscribe=One-Click").status_code == 200
        assert api.get(f"/v1/subscriptions/{created['id']}").json()["active"] is False
    publisher.close()
    assert elapsed < 20, f"the digest took {elapsed:.1f} s to arrive"
