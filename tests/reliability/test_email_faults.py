"""Email digests under faults, with real components: a PRIVATE redis-server (append-only file on),
a real Celery worker subprocess, a real SMTP server (aiosmtpd) that can go down and come back,
and the beat task sent to the worker as `celery beat` would send it.

Whatever fails, a day's digest reaches each subscriber at most once: a send that runs out of retries
is recorded as failed (and shown by the API), never sent again by a later beat; a send whose server
comes back in time arrives once, as does one whose server fails after accepting it (QUIT answered
with an error); and a Redis crash in the middle of a run loses no delivery and doubles none, and
does not stop the worker, even while it holds retries waiting for their countdown (kombu crashed it
there; see `worker/tasks.py`). A send task that Redis loses is re-enqueued by the beat 15 minutes
later; the tests run that beat code with its clock moved on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from benchmarks.email_faults import (
    EmailStack,
    finish_every_delivery,
    running_email_stack,
    wait_for,
)
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import subscriptions
from wiredesk.store.models import DELIVERY_FINAL, DeliveryRow

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def down_smtp(tmp_path: Path) -> Iterator[EmailStack]:
    """A stack whose SMTP server is down at the start; two retries (three attempts) per send."""
    with running_email_stack(
        tmp_path / "stack", overrides={"WIREDESK_SMTP_MAX_RETRIES": "2"}, smtp_up=False
    ) as stack:
        stack.add_articles()
        yield stack


def delivery_of(stack: EmailStack, email: str) -> DeliveryRow | None:
    """The (only) delivery of a subscriber, if the beat has made it."""
    return stack.deliveries().get(email)


def subscription_id(stack: EmailStack, email: str) -> str:
    """The id of a subscriber's subscription."""
    with stack.store.read() as session:
        row = subscriptions.find_subscription(session, email=email)
        assert row is not None
        return row.id


def run_beats(stack: EmailStack, count: int) -> None:
    """Send `count` beats and wait until the worker has run them, and a moment for any send."""
    done = stack.beats_done()
    for _ in range(count):
        stack.beat()
    assert wait_for(lambda: stack.beats_done() >= done + count, timeout=20), stack.worker.log_text()
    time.sleep(1.0)  # a (wrongly) enqueued send would arrive within this


def assert_worker_alive(stack: EmailStack) -> None:
    """The worker process is still running and nothing in it crashed."""
    assert stack.worker.process is not None and stack.worker.process.poll() is None
    assert "Traceback" not in stack.worker.log_text(), stack.worker.log_text()[-3000:]


# --- SMTP down ----------------------------------------------------------------------------------
def test_smtp_down_at_send_time_is_retried_then_recorded_failed_and_never_resent(
    down_smtp: EmailStack,
) -> None:
    stack = down_smtp
    (reader,) = stack.subscribe(1)
    stack.beat()

    assert wait_for(
        lambda: getattr(delivery_of(stack, reader), "status", "") == "failed", timeout=30
    )
    row = delivery_of(stack, reader)
    assert row is not None and row.attempts == 3  # the first try and two retries
    assert (row.error or "").startswith("Gave up after 3 attempts") and "unreachable" in row.error
    assert stack.worker.log_text().count("Retry in") == 2
    assert_worker_alive(stack)

    # The API shows the failure and its reason.
    settings = ServiceSettings(
        database_url=str(stack.store.url), redis_url=stack.env["WIREDESK_REDIS_URL"]
    )
    with TestClient(create_app(settings)) as api:
        shown = api.get(f"/v1/subscriptions/{subscription_id(stack, reader)}/deliveries").json()
    (item,) = shown["items"]
    assert (item["status"], item["attempts"]) == ("failed", 3)
    assert "unreachable" in item["error"]

    # The server comes back: the next beats send a new subscriber's digest, never the failed day.
    stack.smtp.start()
    (newcomer,) = stack.subscribe(1, prefix="newcomer")
    run_beats(stack, 2)
    stack.smtp.mailbox.wait_for(1, timeout=20)
    time.sleep(1.0)
    assert stack.smtp.mailbox.per_recipient() == {newcomer: 1}
    row = delivery_of(stack, reader)
    assert row is not None and (row.status, row.attempts) == ("failed", 3)
    assert_worker_alive(stack)


def test_smtp_back_before_the_retries_run_out_sends_exactly_once(tmp_path: Path) -> None:
    retries = {"WIREDESK_SMTP_MAX_RETRIES": "6"}  # about 0.5 + 1 + 2 × 4 s of retries at most
    with running_email_stack(tmp_path / "stack", overrides=retries, smtp_up=False) as stack:
        stack.add_articles()
        (reader,) = stack.subscribe(1)
        stack.beat()

        # Two attempts failed: the delivery waits, pending, with the reason, for its next retry.
        assert wait_for(lambda: getattr(delivery_of(stack, reader), "attempts", 0) >= 2, timeout=20)
        row = delivery_of(stack, reader)
        assert row is not None and "unreachable" in (row.error or "")
        stack.smtp.start()

        stack.smtp.mailbox.wait_for(1, timeout=20)
        run_beats(stack, 2)
        assert stack.smtp.mailbox.per_recipient() == {reader: 1}
        row = delivery_of(stack, reader)
        assert row is not None and row.status == "sent" and 3 <= row.attempts <= 7
        assert row.error is None
        assert_worker_alive(stack)


@pytest.mark.parametrize(
    "quit_reply", ["421 4.3.2 Service shutting down", "554 5.3.0 Closing anyway"]
)
def test_a_server_that_fails_quit_after_accepting_the_message_gets_it_once(
    tmp_path: Path, quit_reply: str
) -> None:
    with running_email_stack(tmp_path / "stack") as stack:
        stack.smtp.mailbox.quit_reply = quit_reply
        stack.add_articles()
        (reader,) = stack.subscribe(1)
        stack.beat()

        stack.smtp.mailbox.wait_for(1, timeout=20)
        assert wait_for(
            lambda: getattr(delivery_of(stack, reader), "status", "") in DELIVERY_FINAL, timeout=20
        )
        run_beats(stack, 1)
        time.sleep(2.0)  # a retry (after 0.5-1 s) would have arrived by now
        assert stack.smtp.mailbox.per_recipient() == {reader: 1}
        row = delivery_of(stack, reader)
        assert row is not None and (row.status, row.attempts) == ("sent", 1)


# --- Redis crashed ------------------------------------------------------------------------------
def test_redis_killed_while_sending_every_due_digest_goes_out_exactly_once(tmp_path: Path) -> None:
    count = 12
    with running_email_stack(tmp_path / "stack", smtp_delay=0.2) as stack:
        stack.add_articles()
        readers = stack.subscribe(count)
        mailbox = stack.smtp.mailbox
        stack.beat()
        mailbox.wait_for(3, timeout=20)

        stack.restart_redis(down_for=2.0)  # SIGKILL, while most sends are still queued
        unsent_at_the_crash = count - len(mailbox.received)
        assert unsent_at_the_crash >= count // 2

        # (A send task Redis lost is re-enqueued by the beat, 15 minutes later, as here.)
        finish_every_delivery(stack, count, timeout=40)
        run_beats(stack, 2)  # the worker reconnected: it runs new beats, which send nothing
        assert mailbox.per_recipient() == dict.fromkeys(readers, 1)
        assert {row.status for row in stack.deliveries().values()} == {"sent"}
        assert "Connection to broker lost" in stack.worker.log_text()
        assert stack.worker.process is not None and stack.worker.process.poll() is None


# The SMTP retries wait 2-4 s (the first) then 4 s each; enough of them to outlast the outage.
WAITING_RETRIES = {
    "WIREDESK_SMTP_MAX_RETRIES": "8",
    "WIREDESK_SMTP_RETRY_BACKOFF": "4",
    "WIREDESK_SMTP_RETRY_BACKOFF_MAX": "4",
}


def test_redis_killed_while_smtp_retries_wait_the_worker_survives_and_sends_each_once(
    tmp_path: Path,
) -> None:
    count = 4
    with running_email_stack(tmp_path / "stack", overrides=WAITING_RETRIES, smtp_up=False) as stack:
        stack.add_articles()
        readers = stack.subscribe(count)
        stack.beat()

        # Every send failed once and its retry waits in the worker (a message it has not
        # acknowledged), while the worker, idle, waits on Redis for more: then Redis crashes.
        assert wait_for(
            lambda: (
                len(rows := stack.deliveries()) == count
                and all(row.attempts == 1 and row.status == "pending" for row in rows.values())
            ),
            timeout=20,
        )
        stack.redis.kill()
        stack.smtp.start()
        time.sleep(2.0)
        stack.redis.start()

        # The worker reconnects; the retries it held come back from Redis (after the visibility
        # timeout) and each digest goes out once.
        finish_every_delivery(stack, count, timeout=40)
        run_beats(stack, 2)
        assert stack.smtp.mailbox.per_recipient() == dict.fromkeys(readers, 1)
        assert {row.status for row in stack.deliveries().values()} == {"sent"}
        assert "Unrecoverable error" not in stack.worker.log_text()
        assert stack.worker.process is not None and stack.worker.process.poll() is None
