"""The digest beat and send task in-process: the test job store, a real SMTP server (aiosmtpd),
the clock injected. Sends happen at most once per subscription and local day, whatever runs
twice; SMTP trouble is retried, and a permanent failure is recorded where the API shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.mailbox import (
    HOSTILE_TITLE,
    OUTLETS,
    Mailbox,
    add_articles,
    hostile_result,
    seed_results,
    smtp_server,
)
from tests.servers import free_port
from wiredesk.config import Settings
from wiredesk.errors import InputError
from wiredesk.mail.tokens import DIGEST, UNSUBSCRIBE, Signer
from wiredesk.service_settings import ServiceSettings, get_service_settings
from wiredesk.store import Store, subscriptions
from wiredesk.store.models import DeliveryRow, utcnow
from wiredesk.store.subscriptions import DeliveryClaim, SubscriptionFields
from worker import jobs as worker_jobs
from worker import runtime

SIGNER = Signer("test-signing-key-" + "x" * 32)
BASE_URL = "https://wiredesk.example"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


def service(store: Store, smtp_port: int, **overrides: Any) -> ServiceSettings:
    fields: dict[str, Any] = {
        "database_url": str(store.url),
        "smtp_url": f"smtp://127.0.0.1:{smtp_port}",
        "mail_from": "Wiredesk <digest@wiredesk.example>",
        "public_base_url": BASE_URL,
        "smtp_max_retries": 2,
        "smtp_timeout": 5,
    }
    return ServiceSettings(**(fields | overrides))


def subscribe(store: Store, *, since: datetime, **fields: Any) -> str:
    chosen = {"email": "reader@example.com", "send_at": "00:00", "timezone": "UTC"} | fields
    with store.write() as session:
        row, _ = subscriptions.upsert_subscription(
            session, fields=SubscriptionFields(**chosen), now=since
        )
        return row.id


def enqueue_all(store: Store, settings: ServiceSettings, now: datetime) -> list[int]:
    """One beat: every delivery it enqueued, new or re-enqueued."""
    enqueued: list[int] = []
    worker_jobs.enqueue_due_digests(store, service=settings, now=now, enqueue=enqueued.append)
    return enqueued


def beat(store: Store, settings: ServiceSettings, now: datetime) -> list[int]:
    """One beat: the deliveries it created (and enqueued)."""
    with store.read() as session:
        before = set(session.scalars(select(DeliveryRow.pk)))
    return [pk for pk in enqueue_all(store, settings, now) if pk not in before]


def send(store: Store, settings: ServiceSettings, pk: int, *, final: bool = False) -> str:
    return worker_jobs.send_digest(
        store,
        delivery_pk=pk,
        service=settings,
        core=Settings(),
        signer=SIGNER,
        now=utcnow(),
        final_attempt=final,
        retry_in=1,
    )


def delivery(store: Store, pk: int) -> DeliveryRow:
    with store.read() as session:
        row = subscriptions.get_delivery(session, pk=pk)
    assert row is not None
    return row


def yesterday() -> datetime:
    return utcnow() - timedelta(days=1)


# --- a day's digest -----------------------------------------------------------------------------
def test_the_beat_finds_the_due_digest_and_the_task_sends_it(
    store: Store, mailbox: Mailbox
) -> None:
    add_articles(store, [*seed_results(), hostile_result()])
    subscription_id = subscribe(store, since=yesterday())
    settings = service(store, mailbox.port)

    (pk,) = beat(store, settings, utcnow())
    assert send(store, settings, pk) == "sent"

    (received,) = mailbox.wait_for(1)
    message = received.message
    today = utcnow().date()
    assert received.rcpt_tos == ["reader@example.com"]
    assert message["Subject"] == (
        f"Wiredesk digest — {today.day} {today:%b} {today.year} — 2 stories from 6 sources"
    )
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    text, page = str(plain.get_content()), str(html.get_content())
    assert all(outlet in text and outlet in page for outlet in OUTLETS)
    assert HOSTILE_TITLE in text and "<script" not in page and "&lt;script&gt;" in page
    # The links carry tokens the API will accept: unsubscribe this subscription, show this digest.
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{BASE_URL}/unsubscribe/")
    assert SIGNER.verify(UNSUBSCRIBE, unsubscribe.rsplit("/", 1)[1]) == subscription_id
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest_link = next(word for word in text.split() if word.startswith(f"{BASE_URL}/digests/"))
    assert SIGNER.verify(DIGEST, digest_link.rsplit("/", 1)[1]) == str(pk)

    row = delivery(store, pk)
    assert (row.status, row.attempts, row.stories, row.sources) == ("sent", 1, 2, 6)
    assert len(row.article_pks) == 6 and row.message_id == message["Message-ID"]


def test_a_second_beat_and_a_repeated_task_never_send_twice(store: Store, mailbox: Mailbox) -> None:
    add_articles(store, seed_results())
    subscribe(store, since=yesterday())
    settings = service(store, mailbox.port)
    now = utcnow()
    # later beats of the same day: a beat past midnight rightly starts the next day's digest
    end_of_day = datetime.combine(now.date(), time.max, tzinfo=UTC)

    (pk,) = beat(store, settings, now)
    assert beat(store, settings, now) == []  # the same minute again
    next_minute = min(now + timedelta(minutes=1), end_of_day)
    assert beat(store, settings, next_minute) == []
    assert send(store, settings, pk) == "sent"
    assert send(store, settings, pk) == "done"  # a redelivered or retried task
    assert beat(store, settings, min(now + timedelta(hours=3), end_of_day)) == []

    assert len(mailbox.wait_for(1)) == 1
    with store.read() as session:
        assert session.query(DeliveryRow).count() == 1


def test_only_one_of_two_tasks_racing_for_a_delivery_sends_it(
    store: Store, mailbox: Mailbox
) -> None:
    subscribe(store, since=yesterday())
    settings = service(store, mailbox.port)
    (pk,) = beat(store, settings, utcnow())
    with store.write() as session:
        assert subscriptions.claim_delivery(session, pk=pk, article_pks=[]) is DeliveryClaim.send
    with store.write() as session:
        assert subscriptions.claim_delivery(session, pk=pk, article_pks=[]) is DeliveryClaim.busy
    assert send(store, settings, pk) == "busy"
    assert mailbox.received == []


def test_the_next_days_window_starts_where_the_last_one_ended(
    store: Store, mailbox: Mailbox
) -> None:
    subscribe(
        store, since=datetime(2026, 3, 1, tzinfo=UTC), send_at="07:00", timezone="Europe/Berlin"
    )
    settings = service(store, mailbox.port)
    # Spring forward: 07:00 Berlin is 06:00 UTC on the 28th and 05:00 UTC on the 29th.
    (first,) = beat(store, settings, datetime(2026, 3, 28, 6, 0, 20, tzinfo=UTC))
    (second,) = beat(store, settings, datetime(2026, 3, 29, 5, 0, 20, tzinfo=UTC))
    assert delivery(store, first).local_date == date(2026, 3, 28)
    assert delivery(store, second).local_date == date(2026, 3, 29)
    assert delivery(store, second).window_start == delivery(store, first).window_end
    assert delivery(store, first).window_start == datetime(2026, 3, 27, 6, 0, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "days"),
    [
        (datetime(2026, 3, 27, 23, tzinfo=UTC), [28, 29, 30]),  # spring forward on the 29th
        (datetime(2026, 10, 23, 22, tzinfo=UTC), [24, 25, 26]),  # fall back on the 25th
    ],
)
def test_the_beat_makes_one_delivery_per_local_day_across_a_dst_change(
    store: Store, mailbox: Mailbox, start: datetime, days: list[int]
) -> None:
    subscribe(
        store, since=datetime(2026, 1, 1, tzinfo=UTC), send_at="02:30", timezone="Europe/Berlin"
    )
    settings = service(store, mailbox.port)
    now = start
    while now < start + timedelta(days=3):
        enqueue_all(store, settings, now)
        now += timedelta(minutes=15)
    with store.read() as session:
        dates = list(session.scalars(select(DeliveryRow.local_date).order_by(DeliveryRow.pk)))
    assert dates == [date(start.year, start.month, day) for day in days]


# --- what a subscription asks for ---------------------------------------------------------------
def test_filters_pick_languages_and_sources(store: Store, mailbox: Mailbox) -> None:
    french = hostile_result("fr1").model_copy(update={"language": "fr", "source": "Tagesbote"})
    add_articles(store, [*seed_results(), french])
    subscribe(store, since=yesterday(), languages=["de"], sources=["tagesbote", "Morgenkurier"])
    settings = service(store, mailbox.port)

    (pk,) = beat(store, settings, utcnow())
    send(store, settings, pk)

    text = str(mailbox.wait_for(1)[0].message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "Tagesbote" in text and "Morgenkurier" in text
    assert "Westfalen-Echo" not in text and HOSTILE_TITLE not in text
    assert len(delivery(store, pk).article_pks) == 2


def test_an_empty_day_sends_a_short_note_or_nothing(store: Store, mailbox: Mailbox) -> None:
    subscribe(store, since=yesterday())
    subscribe(store, since=yesterday(), email="quiet@example.com", skip_empty=True)
    settings = service(store, mailbox.port)

    outcomes = sorted(send(store, settings, pk) for pk in beat(store, settings, utcnow()))

    assert outcomes == ["sent", "skipped"]
    (received,) = mailbox.wait_for(1)
    assert received.rcpt_tos == ["reader@example.com"]
    assert received.message["Subject"].endswith("— no new articles")


def test_unsubscribing_between_beat_and_send_sends_nothing(store: Store, mailbox: Mailbox) -> None:
    subscription_id = subscribe(store, since=yesterday())
    settings = service(store, mailbox.port)
    (pk,) = beat(store, settings, utcnow())
    with store.write() as session:
        subscriptions.unsubscribe(session, subscription_id=subscription_id)
    assert send(store, settings, pk) == "skipped"
    assert mailbox.received == []
    assert beat(store, settings, utcnow()) == []  # and no more days for it


def test_without_an_smtp_url_the_beat_does_nothing(store: Store) -> None:
    subscribe(store, since=yesterday())
    assert beat(store, ServiceSettings(database_url=str(store.url)), utcnow()) == []
    with store.read() as session:
        assert session.query(DeliveryRow).count() == 0


def test_lost_tasks_are_enqueued_again_and_interrupted_sends_recorded(
    store: Store, mailbox: Mailbox
) -> None:
    subscribe(store, since=yesterday())
    subscribe(store, since=yesterday(), email="other@example.com")
    settings = service(store, mailbox.port)
    now = utcnow()
    lost, interrupted = beat(store, settings, now)
    with store.write() as session:
        subscriptions.claim_delivery(session, pk=interrupted, article_pks=[], now=now)

    assert enqueue_all(store, settings, now + timedelta(minutes=5)) == []  # not stale yet
    assert enqueue_all(store, settings, now + timedelta(minutes=20)) == [lost]
    assert enqueue_all(store, settings, now + timedelta(minutes=21)) == []  # every 15 minutes
    row = delivery(store, interrupted)
    assert row.status == "failed" and "never sent twice" in (row.error or "")


# --- the Celery task: retries, and failures the API shows ---------------------------------------
@pytest.fixture
def task_env(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Settings for the real task functions, which read them from the environment."""
    env = {
        "WIREDESK_DATABASE_URL": str(store.url),
        "WIREDESK_PUBLIC_BASE_URL": BASE_URL,
        "WIREDESK_SMTP_MAX_RETRIES": "2",
        "WIREDESK_SMTP_TIMEOUT": "5",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(runtime, "_runtime", None)
    get_service_settings.cache_clear()
    yield env
    get_service_settings.cache_clear()


def run_task(pk: int) -> str:
    from worker.tasks import send_digest

    return str(send_digest.apply(args=(pk,)).get(disable_sync_subtasks=False))


def test_smtp_down_retries_then_a_failure_the_api_shows(
    store: Store, task_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    get_service_settings.cache_clear()
    subscription_id = subscribe(store, since=yesterday())
    (pk,) = beat(store, get_service_settings(), utcnow())

    assert run_task(pk) == "failed"

    row = delivery(store, pk)
    assert row.attempts == 3  # the first try and smtp_max_retries=2 retries
    assert (
        row.error
        and row.error.startswith("Gave up after 3 attempts")
        and "unreachable" in row.error
    )

    from api.main import create_app

    app = create_app(
        ServiceSettings(database_url=str(store.url), redis_url="redis://127.0.0.1:1/0")
    )
    with TestClient(app) as client:
        shown = client.get(f"/v1/subscriptions/{subscription_id}/deliveries").json()
    (item,) = shown["items"]
    assert item["status"] == "failed" and item["attempts"] == 3
    assert "unreachable" in item["error"] and item["links"]["digest"] is None


def test_a_deferral_is_retried_and_then_sent_once(
    store: Store, mailbox: Mailbox, task_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_SMTP_URL", f"smtp://127.0.0.1:{mailbox.port}")
    get_service_settings.cache_clear()
    add_articles(store, seed_results())
    subscribe(store, since=yesterday())
    (pk,) = beat(store, get_service_settings(), utcnow())
    mailbox.rcpt_replies.append("451 4.3.0 Greylisted, try again")

    assert run_task(pk) == "sent"
    assert run_task(pk) == "done"  # the task again, e.g. redelivered: no second email

    assert len(mailbox.wait_for(1)) == 1
    row = delivery(store, pk)
    assert (row.status, row.attempts) == ("sent", 2)


def test_a_permanent_refusal_is_recorded_without_retrying(
    store: Store, mailbox: Mailbox, task_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_SMTP_URL", f"smtp://127.0.0.1:{mailbox.port}")
    get_service_settings.cache_clear()
    subscribe(store, since=yesterday())
    (pk,) = beat(store, get_service_settings(), utcnow())
    mailbox.rcpt_replies.append("550 5.1.1 Mailbox does not exist")

    assert run_task(pk) == "failed"
    row = delivery(store, pk)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in (row.error or "")
    assert mailbox.received == []


# --- `wiredesk send-digest` ---------------------------------------------------------------------
def send_digest_cli(*args: str) -> Any:
    from typer.testing import CliRunner

    from wiredesk.cli import app

    return CliRunner().invoke(app, ["send-digest", *args])


@pytest.fixture
def cli_env(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("WIREDESK_DATABASE_URL", str(store.url))
    monkeypatch.setenv("WIREDESK_PUBLIC_BASE_URL", BASE_URL)
    get_service_settings.cache_clear()
    yield
    get_service_settings.cache_clear()


def test_send_digest_dry_run_prints_the_message_and_writes_the_html(
    store: Store, cli_env: None, tmp_path: Path
) -> None:
    add_articles(store, [*seed_results(), hostile_result()])
    subscribe(store, since=yesterday())  # subscribed: the manual email can carry its link
    page = tmp_path / "email.html"

    result = send_digest_cli("--to", "reader@example.com", "--dry-run", "--html", str(page))

    assert result.exit_code == 0, result.output
    assert "Subject: Wiredesk digest — " in result.output
    assert "2 stories from 6 sources" in result.output
    assert f"List-Unsubscribe: <{BASE_URL}/unsubscribe/" in result.output
    assert "Tagesbote" in result.output and HOSTILE_TITLE in result.output
    assert "&lt;script&gt;" in page.read_text(encoding="utf-8")


def test_send_digest_sends_now_and_filters(
    store: Store, mailbox: Mailbox, cli_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_SMTP_URL", f"smtp://127.0.0.1:{mailbox.port}")
    get_service_settings.cache_clear()
    add_articles(store, seed_results())

    result = send_digest_cli(
        "--to", "someone@example.com", "--since", "2h", "--source", "Tagesbote"
    )

    assert result.exit_code == 0, result.output
    (received,) = mailbox.wait_for(1)
    assert received.rcpt_tos == ["someone@example.com"]
    assert received.message["Subject"].endswith("— 1 story from 1 source")
    assert received.message["List-Unsubscribe"] is None  # not a subscriber: nothing to leave


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--to", "nobody"], "not a valid email address"),
        (["--to", "a@b.example", "--since", "yesterday"], "duration"),
        (["--to", "a@b.example", "--since", "0h"], "duration"),
        (["--to", "a@b.example"], "WIREDESK_SMTP_URL"),  # not --dry-run, and no server set
    ],
)
def test_send_digest_refuses_bad_input(cli_env: None, args: list[str], error: str) -> None:
    result = send_digest_cli(*args)
    assert isinstance(result.exception, InputError), result.output
    assert error in result.exception.detail and result.exception.exit_code == 2
