"""Email digests under faults: the SMTP server goes down mid-run and Redis is restarted once.

    python -m benchmarks.email_faults                  # 40 subscriptions due now
    python -m benchmarks.email_faults --quick          # 15
    python -m benchmarks.email_faults --json out/email.json

Everything runs on loopback and is started here: a PRIVATE redis-server on a free port
(append-only file on, as in docker-compose), a SQLite job store, one Celery worker process (it
only sends mail, so it loads no model) and a real SMTP server (aiosmtpd, in this process, a
little slow to accept each message so the faults hit a run in progress). Every subscription is
due now; one beat task creates their deliveries and enqueues the sends. Once a quarter of the
messages has arrived the SMTP server goes down (connection refused) for `--smtp-down` seconds,
long enough for some sends to use up their retries; once another quarter has arrived Redis is
SIGKILLed and started again on the same port. Two more beats run at the end, which must send
nothing.

A Redis crash can lose a send task that the worker had taken off the queue but not yet
recorded as unacknowledged (a kombu window, seconds long while the worker's prefetch is full):
its delivery stays pending until the beat re-enqueues it, 15 minutes later. When deliveries
stay pending, the run calls that beat code with its clock moved on, and reports how many.

It prints deliveries due, emails sent (distinct recipients whose message arrived), emails
duplicated (extra copies), deliveries recorded failed, deliveries lost (due, but neither
received nor recorded failed) and deliveries recorded wrongly (received but not recorded sent).
It exits 1 unless nothing was duplicated, lost or recorded wrongly.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from celery import Celery

from benchmarks.load import redis_server
from benchmarks.script import run_script
from tests.mailbox import SmtpOutage, add_articles, seed_results
from tests.servers import Server, celery_worker, free_port, service_env
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, migrate, subscriptions
from wiredesk.store.models import DELIVERY_FINAL, DeliveryRow, utcnow
from wiredesk.store.subscriptions import SubscriptionFields
from worker import jobs as worker_jobs
from worker.config import DIGEST_BEAT_TASK, SEND_DIGEST_TASK, make_celery

log = logging.getLogger("benchmarks.email_faults")

BASE_URL = "https://wiredesk.example"
SECRET_KEY = "email-faults-signing-key-" + "k" * 32
DOMAIN = "readers.example"

# Short retries and limits, so a run takes a minute, not hours. The SMTP retries (about 0.5 +
# 1 + 2 s) end well inside the visibility timeout, which must stay above the task time limit.
WORKER_SETTINGS = {
    "WIREDESK_SMTP_MAX_RETRIES": "3",
    "WIREDESK_SMTP_RETRY_BACKOFF": "1",
    "WIREDESK_SMTP_RETRY_BACKOFF_MAX": "2",
    "WIREDESK_SMTP_TIMEOUT": "3",
    "WIREDESK_VISIBILITY_TIMEOUT": "10",
    "WIREDESK_TASK_TIME_LIMIT": "8",
    "WIREDESK_TASK_SOFT_TIME_LIMIT": "6",
    "WIREDESK_TASK_RETRY_BACKOFF": "1",
    "WIREDESK_TASK_RETRY_BACKOFF_MAX": "2",
}


# --- the service stack --------------------------------------------------------------------------
@dataclass
class EmailStack:
    """A private Redis, one mail-sending worker, its store and a restartable SMTP server."""

    folder: Path
    overrides: dict[str, str] = field(default_factory=dict)  # more WIREDESK_* settings
    smtp_delay: float = 0.0  # seconds the SMTP server takes to accept each message
    redis_port: int = field(default_factory=free_port)
    smtp: SmtpOutage = field(init=False)
    redis: Server = field(init=False)
    worker: Server = field(init=False)
    store: Store = field(init=False)
    env: dict[str, str] = field(init=False)
    publisher: Celery = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.smtp = SmtpOutage()
        self.smtp.mailbox.data_delay = self.smtp_delay
        redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        database_url = f"sqlite:///{self.folder / 'wiredesk.db'}"
        self.env = service_env(
            dict(os.environ),
            WIREDESK_REDIS_URL=redis_url,
            WIREDESK_DATABASE_URL=database_url,
            WIREDESK_SMTP_URL=f"smtp://127.0.0.1:{self.smtp.mailbox.port}",
            WIREDESK_PUBLIC_BASE_URL=BASE_URL,
            WIREDESK_SECRET_KEY=SECRET_KEY,
            WIREDESK_WARM_LANGUAGES="",
            WIREDESK_CONCURRENCY="1",
            WIREDESK_LOG_LEVEL="INFO",
            WIREDESK_HUB_OFFLINE="true",
            HF_HUB_OFFLINE="1",
            TOKENIZERS_PARALLELISM="false",
            OMP_NUM_THREADS="1",
            WIREDESK_THREADS="1",
            **(WORKER_SETTINGS | self.overrides),
        )
        self.redis = redis_server(
            port=self.redis_port, folder=self.folder, log_path=self.folder / "redis.log"
        )
        self.worker = celery_worker(env=self.env, log=self.folder / "worker.log", name="mail")
        self.store = Store(database_url)
        self.publisher = make_celery(
            "email-faults", ServiceSettings(redis_url=redis_url, database_url=database_url)
        )

    def start(self, *, smtp_up: bool = True) -> EmailStack:
        """Start Redis, the store's tables, the SMTP server (unless down) and the worker."""
        self.redis.start()
        migrate.upgrade(self.store)  # the workers refuse a store that is behind
        if smtp_up:
            self.smtp.start()
        self.worker.start()
        return self

    def stop(self) -> None:
        """Stop everything (gracefully, else killed)."""
        self.publisher.close()
        for server in [self.worker, self.redis]:
            try:
                server.stop()
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("could not stop %s: %s", server.name, exc)
        self.smtp.stop()
        self.store.dispose()

    def beat(self) -> None:
        """Run the digest beat once, as `celery beat` does every minute."""
        self.publisher.send_task(DIGEST_BEAT_TASK)

    def restart_redis(self, *, down_for: float) -> None:
        """SIGKILL Redis (a crash, not a shutdown), wait, start it again on the same port."""
        self.redis.kill()
        time.sleep(down_for)
        self.redis.start()

    def subscribe(self, count: int, *, prefix: str = "reader") -> list[str]:
        """`count` subscriptions whose digest is due now (subscribed yesterday, 00:00 UTC)."""
        since = utcnow() - timedelta(days=1)
        emails = [f"{prefix}-{n:03d}-{uuid.uuid4().hex[:6]}@{DOMAIN}" for n in range(count)]
        with self.store.write() as session:
            for address in emails:
                subscriptions.upsert_subscription(
                    session,
                    fields=SubscriptionFields(email=address, send_at="00:00", timezone="UTC"),
                    now=since,
                )
        return emails

    def add_articles(self) -> None:
        """Finished articles for the digests (the five seeds as a real model translates them)."""
        add_articles(self.store, seed_results())

    def deliveries(self) -> dict[str, DeliveryRow]:
        """Every delivery row, by its subscriber's address (detached copies)."""
        with self.store.read() as session:
            rows = session.query(DeliveryRow).all()
            return {row.subscription.email: row for row in rows}

    def beats_done(self) -> int:
        """How many beat tasks the worker has finished."""
        pattern = rf"Task {re.escape(DIGEST_BEAT_TASK)}\[[^\]]+\] succeeded"
        return len(re.findall(pattern, self.worker.log_text()))


@contextlib.contextmanager
def running_email_stack(
    folder: Path,
    *,
    overrides: dict[str, str] | None = None,
    smtp_delay: float = 0.0,
    smtp_up: bool = True,
) -> Iterator[EmailStack]:
    """A started email stack that is stopped on the way out, whatever happened."""
    stack = EmailStack(folder=folder, overrides=overrides or {}, smtp_delay=smtp_delay)
    try:
        yield stack.start(smtp_up=smtp_up)
    finally:
        stack.stop()


def wait_for(check: Callable[[], bool], *, timeout: float, poll: float = 0.05) -> bool:
    """Poll `check` until it is true or `timeout` seconds passed; whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(poll)
    return check()


def all_final(stack: EmailStack, count: int) -> bool:
    """Whether `count` deliveries exist and every one is sent, failed or skipped."""
    rows = stack.deliveries()
    return len(rows) >= count and all(row.status in DELIVERY_FINAL for row in rows.values())


def settle(stack: EmailStack, count: int, *, timeout: float, quiet: float) -> bool:
    """Wait until every delivery is final (True), or none changed for `quiet` seconds (False).

    A retry the worker held when Redis crashed comes back after the visibility timeout, so
    `quiet` must be longer than that.
    """
    deadline = time.monotonic() + timeout
    seen: object = None
    changed = time.monotonic()
    while time.monotonic() < deadline:
        rows = stack.deliveries()
        if len(rows) >= count and all(row.status in DELIVERY_FINAL for row in rows.values()):
            return True
        state = sorted((row.pk, row.status, row.attempts) for row in rows.values())
        if state != seen:
            seen, changed = state, time.monotonic()
        elif time.monotonic() - changed > quiet:
            return False
        time.sleep(0.5)
    return False


def recover_lost_sends(stack: EmailStack) -> list[int]:
    """Run the beat as it runs 16 minutes later: it re-enqueues pending deliveries whose task
    message was lost; their keys.

    kombu takes a message off the Redis list (BRPOP) before it records it as unacknowledged,
    and while the worker's prefetch window is full it leaves the reply unread, for seconds; a
    Redis crash then loses that message. The delivery stays pending, and the beat sends it
    again once it is `REQUEUE_AFTER` old: this calls that real code with the clock moved on.
    """
    rows = stack.deliveries().values()
    if any(row.status == "sending" for row in rows):
        raise RuntimeError("a send is in progress; moving the clock would record it as failed")
    now = utcnow()
    later = now + worker_jobs.REQUEUE_AFTER + timedelta(minutes=1)
    if later.date() != now.date():
        raise RuntimeError("too close to midnight UTC: the beat would start tomorrow's digests")
    service = ServiceSettings(
        database_url=str(stack.store.url),
        smtp_url=stack.env["WIREDESK_SMTP_URL"],  # type: ignore[arg-type]
        smtp_timeout=int(stack.env["WIREDESK_SMTP_TIMEOUT"]),
    )
    requeued: list[int] = []

    def enqueue(pk: int) -> None:
        requeued.append(pk)
        stack.publisher.send_task(SEND_DIGEST_TASK, args=(pk,))

    worker_jobs.enqueue_due_digests(stack.store, service=service, now=later, enqueue=enqueue)
    return requeued


def finish_every_delivery(stack: EmailStack, count: int, *, timeout: float) -> list[int]:
    """Wait for every delivery to be final, recovering lost sends as the beat would; the keys
    of the deliveries that needed the recovery."""
    quiet = int(stack.env["WIREDESK_VISIBILITY_TIMEOUT"]) + 6.0
    if settle(stack, count, timeout=timeout, quiet=quiet):
        return []
    requeued = recover_lost_sends(stack)
    settle(stack, count, timeout=timeout, quiet=quiet)
    return requeued


# --- the report ---------------------------------------------------------------------------------
@dataclass
class EmailReport:
    """The figures of one run, as printed and as written to `--json`."""

    subscriptions: int
    seconds: float
    smtp_down_s: float
    redis_restarts: int
    due: int
    deliveries_created: int
    emails_sent: int
    emails_duplicated: int
    deliveries_failed: int
    deliveries_lost: int
    recorded_wrongly: int
    requeued_after_loss: int
    send_attempts: int
    statuses: dict[str, int]
    examples: list[str]

    @property
    def passed(self) -> bool:
        """Nothing sent twice, nothing lost, every email that arrived recorded as sent."""
        return (
            self.emails_duplicated == 0 and self.deliveries_lost == 0 and self.recorded_wrongly == 0
        )


def build_report(
    stack: EmailStack,
    emails: list[str],
    *,
    seconds: float,
    smtp_down: float,
    restarts: int,
    requeued: int,
) -> EmailReport:
    """Compare what arrived at the SMTP server with what the store recorded."""
    rows = stack.deliveries()
    counts = stack.smtp.mailbox.per_recipient()
    statuses: dict[str, int] = {}
    for row in rows.values():
        statuses[row.status] = statuses.get(row.status, 0) + 1
    lost = [a for a in emails if not counts[a] and _status(rows, a) != "failed"]
    wrong = [a for a in emails if counts[a] and _status(rows, a) != "sent"]
    examples = [f"lost: {a} ({_status(rows, a)})" for a in lost[:5]]
    examples += [f"received but recorded {_status(rows, a)}: {a}" for a in wrong[:5]]
    examples += [f"{n} copies: {a}" for a, n in counts.items() if n > 1][:5]
    return EmailReport(
        subscriptions=len(emails),
        seconds=round(seconds, 1),
        smtp_down_s=smtp_down,
        redis_restarts=restarts,
        due=len(emails),
        deliveries_created=len(rows),
        emails_sent=sum(1 for a in emails if counts[a]),
        emails_duplicated=sum(n - 1 for n in counts.values() if n > 1),
        deliveries_failed=statuses.get("failed", 0),
        deliveries_lost=len(lost),
        recorded_wrongly=len(wrong),
        requeued_after_loss=requeued,
        send_attempts=sum(row.attempts for row in rows.values()),
        statuses=statuses,
        examples=examples,
    )


def _status(rows: dict[str, DeliveryRow], address: str) -> str:
    """The delivery status of an address, or `none` if the beat never created its delivery."""
    row = rows.get(address)
    return row.status if row is not None else "none"


def print_report(report: EmailReport) -> None:
    """The figures as a small table, then the verdict."""
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(report.statuses.items()))
    rows = [
        ("deliveries due", f"{report.due} ({report.deliveries_created} created: {statuses})"),
        ("emails sent", str(report.emails_sent)),
        ("emails duplicated", str(report.emails_duplicated)),
        ("deliveries failed (recorded)", str(report.deliveries_failed)),
        ("deliveries lost", str(report.deliveries_lost)),
        ("received but not recorded sent", str(report.recorded_wrongly)),
        ("task messages lost, re-enqueued", str(report.requeued_after_loss)),
        ("send attempts", str(report.send_attempts)),
        (
            "faults",
            f"SMTP down {report.smtp_down_s:.0f} s, Redis restarted {report.redis_restarts}x",
        ),
        ("wall time", f"{report.seconds:.0f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for example in report.examples:
        print(f"  ! {example}")
    print("PASS" if report.passed else "FAIL")


# --- main ---------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscriptions", type=int, help="subscriptions due (default 40)")
    parser.add_argument("--quick", action="store_true", help="15 subscriptions, not 40")
    parser.add_argument(
        "--smtp-delay", type=float, default=0.15, help="seconds SMTP takes per message"
    )
    parser.add_argument("--smtp-down", type=float, default=4.0, help="seconds SMTP is down")
    parser.add_argument("--redis-down", type=float, default=2.0, help="seconds Redis is down")
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds to wait for the sends, at most twice"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep logs and the database in this folder")
    args = parser.parse_args(argv)
    if args.subscriptions is None:
        args.subscriptions = 15 if args.quick else 40
    return args


def run(args: argparse.Namespace) -> EmailReport:
    """Start the stack, make every digest due, inject the faults, report."""
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wiredesk-email-"))
    count = args.subscriptions
    print(f"Starting Redis, a worker and an SMTP server (logs in {folder}) ...", flush=True)
    with running_email_stack(folder, smtp_delay=args.smtp_delay) as stack:
        stack.add_articles()
        emails = stack.subscribe(count)
        mailbox = stack.smtp.mailbox
        print(f"Sending {count} digests ...", flush=True)
        started = time.monotonic()
        stack.beat()
        wait_for(lambda: len(mailbox.received) >= count // 4, timeout=args.timeout / 3)
        print(f"  {len(mailbox.received)} received: SMTP down for {args.smtp_down:.0f} s")
        stack.smtp.stop()
        time.sleep(args.smtp_down)
        stack.smtp.start()
        arrived = len(mailbox.received)
        wait_for(lambda: len(mailbox.received) >= arrived + count // 4, timeout=args.timeout / 3)
        print(f"  {len(mailbox.received)} received: Redis killed for {args.redis_down:.0f} s")
        stack.restart_redis(down_for=args.redis_down)
        requeued = finish_every_delivery(stack, count, timeout=args.timeout)
        if requeued:
            print(f"  {len(requeued)} send task(s) lost with Redis: re-enqueued by the beat")
        print(f"  {len(mailbox.received)} received: two more beats, which must send nothing")
        beats = stack.beats_done()
        stack.beat()
        stack.beat()
        wait_for(lambda: stack.beats_done() >= beats + 2, timeout=20, poll=0.2)
        time.sleep(1.0)  # time for a (wrongly) enqueued send to arrive
        seconds = time.monotonic() - started
        report = build_report(
            stack,
            emails,
            seconds=seconds,
            smtp_down=args.smtp_down,
            restarts=1,
            requeued=len(requeued),
        )
    if report.passed and args.keep is None:
        shutil.rmtree(folder)  # logs are kept (and named above) only when something failed
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the email fault run; exit 0 when nothing was duplicated, lost or recorded wrongly."""
    return run_script(argv, parse_args=parse_args, run=run, print_report=print_report)


if __name__ == "__main__":
    sys.exit(main())
