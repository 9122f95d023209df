"""The work behind each task (the article itself is in `worker.articles`): merge a batch; start
again a batch whose tasks were lost; find the digests due and send each by email at most once.

Every step is idempotent: the store records what is finished, and a redelivered task finds
its article done and returns. Transient trouble (store or Redis unreachable, a batch not yet
visible) is raised as-is for the task to retry; anything else becomes a failed article.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING

from wiredesk import schedule
from wiredesk.config import Settings
from wiredesk.errors import NotFoundError, UnavailableError, WiredeskError
from wiredesk.mail import MailContext, SmtpTarget, compose, daily_digest, tokens
from wiredesk.mail.message import source_names
from wiredesk.mail.smtp import parse_smtp_url, send_message
from wiredesk.mail.tokens import Signer
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, jobs, subscriptions
from wiredesk.store.models import (
    DELIVERY_FINAL,
    ArticleRow,
    DeliveryRow,
    SubscriptionRow,
    utcnow,
)
from wiredesk.store.subscriptions import DeliveryClaim
from worker.runtime import Runtime

if TYPE_CHECKING:
    from redis import Redis

    from wiredesk.pipeline import Pipeline
    from wiredesk.schema import Digest

log = logging.getLogger("wiredesk.worker")


class NotVisibleYet(Exception):
    """The task's batch or article is not in the store yet (the API has not committed)."""


class BatchNotReady(Exception):
    """The merge ran while some articles are unfinished (e.g. one is being redelivered)."""


def articles_to_start(runtime: Runtime, *, batch_id: str) -> list[int] | None:
    """The batch's unfinished articles (None if the batch is final), once the batch is visible."""
    # A write transaction: on SQLite it waits until the API's submitting transaction commits.
    with runtime.store.write() as session:
        try:
            return jobs.unfinished_article_pks(session, batch_id=batch_id)
        except NotFoundError as exc:
            raise NotVisibleYet(f"batch {batch_id} is not in the store") from exc


def merge_batch(runtime: Runtime, *, batch_id: str) -> str | None:
    """Write the digest of a batch whose articles are all finished; returns its final status."""
    with runtime.store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        if batch.finished_at is not None:
            log.info("batch %s already finished, merge skipped", batch_id)
            return None
        inputs = jobs.batch_inputs(session, batch_id=batch_id)
    if inputs.unfinished:
        raise BatchNotReady(f"batch {batch_id}: {inputs.unfinished} articles unfinished")
    pipeline = runtime.batch_pipeline(
        options=inputs.options,
        glossary_text=inputs.glossary_text,
        glossary_name=inputs.glossary_name,
    )
    try:
        digest = _digest(pipeline, inputs)
    except Exception as exc:
        # Without this the batch would stay "running" forever; record why it failed instead.
        log.exception("batch %s: building the digest failed", batch_id)
        with runtime.store.write() as session:
            jobs.finish_batch(
                session,
                batch_id=batch_id,
                digest=None,
                error=f"Building the digest failed: {type(exc).__name__}: {exc}",
            )
        return "failed"
    with runtime.store.write() as session:
        status = jobs.finish_batch(session, batch_id=batch_id, digest=digest)
    failed = sum(1 for r in inputs.results if r.status == "failed")
    log.info(
        "batch %s finished: %s (%d articles, %d failed, %d stories)",
        batch_id,
        status,
        len(inputs.results),
        failed,
        len(digest.stories),
    )
    return status


def _digest(pipeline: Pipeline, inputs: jobs.BatchInputs) -> Digest:
    """The digest of a batch; glossaries are loaded first so it can name people and places."""
    for language in sorted({r.language for r in inputs.results if r.status == "ok" and r.language}):
        pipeline.glossary_for(language)
    return pipeline.digest(inputs.results, notices=inputs.notices)


def fail_article(runtime: Runtime, *, article_pk: int, enqueue_merge: Callable[[str], None]) -> str:
    """Record an article whose task failed for good as failed; send its batch's merge if last."""
    with runtime.store.write() as session:
        recorded = jobs.record_failure(
            session,
            pk=article_pk,
            error="The task processing this article failed repeatedly; see the worker log.",
            code="task_failed",
        )
        row = session.get(ArticleRow, article_pk)
        batch_id = row.batch_id if row is not None else None
    if batch_id is None:
        return "missing"
    log.error("batch %s article #%d: its task failed for good", batch_id, article_pk)
    with runtime.store.read() as session:
        complete = jobs.unfinished_count(session, batch_id=batch_id) == 0
    if complete:
        enqueue_merge(batch_id)
    return "failed" if recorded else "done"


def rescue_batch(runtime: Runtime, *, batch_id: str) -> str | None:
    """After a chord error: record unfinished articles as failed, then merge what is there."""
    with runtime.store.write() as session:
        count = jobs.fail_unfinished(
            session,
            batch_id=batch_id,
            error="The task processing this article failed repeatedly; see the worker log.",
            code="task_failed",
        )
    log.error("batch %s: chord failed, %d unfinished articles recorded as failed", batch_id, count)
    return merge_batch(runtime, batch_id=batch_id)


# --- lost batches -------------------------------------------------------------------------------
# Marks a batch the beat sent again; it expires after `batch_stall_after`, so a batch whose new
# tasks wait in a long queue is sent at most once per that period, not every minute.
REQUEUE_MARKER = "wiredesk:batch-requeued:"


def requeue_stalled_batches(
    store: Store,
    *,
    service: ServiceSettings,
    now: datetime,
    enqueue: Callable[[str], None],
    markers: Redis,
) -> list[str]:
    """The beat: send `start_batch` again for each batch idle too long; returns their ids.

    kombu can lose a task message when Redis is killed at an unlucky moment, which would leave
    its batch unfinished for ever. Sending the start again is safe: it sends tasks only for
    unfinished articles (a finished one is skipped by its claim), or only the merge when every
    article is finished.
    """
    idle_since = now - timedelta(seconds=service.batch_stall_after)
    with store.read() as session:
        batch_ids = jobs.stalled_batch_ids(session, idle_since=idle_since)
    requeued: list[str] = []
    for batch_id in batch_ids:
        key = f"{REQUEUE_MARKER}{batch_id}"
        if not markers.set(key, now.isoformat(), nx=True, ex=service.batch_stall_after):
            continue  # sent again less than `batch_stall_after` ago; its tasks may be queued
        try:
            enqueue(batch_id)
        except Exception:
            markers.delete(key)  # not sent: the next beat must try again
            raise
        log.warning(
            "batch %s: no progress for over %d s (a task message was lost?); started again",
            batch_id,
            service.batch_stall_after,
        )
        requeued.append(batch_id)
    return requeued


# --- email digests ------------------------------------------------------------------------------
# A pending delivery whose send task has not run this long after it was due is enqueued again
# (its message was lost, e.g. Redis restarted empty); the claim makes a duplicate harmless.
REQUEUE_AFTER = timedelta(minutes=15)
INTERRUPTED = (
    "Interrupted while the message was being handed to the SMTP server (the worker stopped); "
    "not resent, so that it is never sent twice."
)


@dataclass(frozen=True)
class _Recipient:
    """What a send needs of a subscription, read inside the session."""

    subscription_id: str
    email: str
    schedule: str
    active: bool
    skip_empty: bool
    local_date: date


def enqueue_due_digests(
    store: Store, *, service: ServiceSettings, now: datetime, enqueue: Callable[[int], None]
) -> int:
    """The beat: record a pending delivery per due slot, then enqueue its send; returns the count.

    The delivery row is committed before its task is enqueued, and (subscription, local date)
    is unique, so a second beat, or two at once, finds the day taken and enqueues nothing.
    """
    if service.smtp_url is None:
        log.warning("email digests are off: WIREDESK_SMTP_URL is not set")
        return 0
    with store.read() as session:
        # Only those due by `next_due_at` (SQL); the schedule below still decides each one.
        rows = subscriptions.due_subscriptions(session, now=now)
        seen = {row.id: subscriptions.ScheduleSeen.of(row) for row in rows}
        schedules = [_schedule_of(row) for row in rows]
        days = _candidate_days({s.timezone for s in schedules}, now=now)
        delivered = subscriptions.delivered_dates(
            session, subscription_ids=[s.subscription_id for s in schedules], dates=days
        )
    slots = schedule.due_slots(schedules, now=now, delivered=delivered)
    created = [
        pk
        for slot in slots
        if (pk := _create_delivery(store, slot, service=service, now=now)) is not None
    ]
    # Today's slot is taken (just now, or by another beat): the next one is not before tomorrow's.
    taken = delivered | {(slot.subscription_id, slot.local_date) for slot in slots}
    _remember_next_due(store, schedules, seen=seen, taken=taken, now=now)
    requeued = _recover_stale(store, service=service, now=now)
    for pk in [*created, *requeued]:
        enqueue(pk)
    if created or requeued:
        log.info("digests: %d due now, %d re-enqueued", len(created), len(requeued))
    return len(created)


def _remember_next_due(
    store: Store,
    schedules: list[schedule.Schedule],
    *,
    seen: dict[str, subscriptions.ScheduleSeen],
    taken: set[tuple[str, date]],
    now: datetime,
) -> None:
    """Store each subscription's next due instant, so later beats skip it until then."""
    if not schedules:
        return
    with store.write() as session:
        for item in schedules:
            done = {day for sid, day in taken if sid == item.subscription_id}
            subscriptions.set_next_due(
                session,
                subscription_id=item.subscription_id,
                seen=seen[item.subscription_id],
                next_due_at=schedule.next_send(item, now=now, delivered=done),
            )


def _schedule_of(row: SubscriptionRow) -> schedule.Schedule:
    """What the scheduler needs of a stored subscription."""
    return schedule.Schedule(
        subscription_id=row.id,
        send_at=schedule.parse_send_at(row.send_at),
        timezone=row.timezone,
        active_since=row.active_since,
    )


def _candidate_days(zones: set[str], *, now: datetime) -> list[date]:
    """Today's local date in every zone in use: the only dates the beat may send for."""
    return sorted({schedule.local_date(now, schedule.zone(name)) for name in zones})


def _create_delivery(
    store: Store, slot: schedule.Slot, *, service: ServiceSettings, now: datetime
) -> int | None:
    """Insert the slot's pending delivery (its window tiles onto the previous one); its key."""
    with store.write() as session:
        previous = subscriptions.previous_window_end(
            session, subscription_id=slot.subscription_id, before=slot.local_date
        )
        row = subscriptions.create_delivery(
            session,
            subscription_id=slot.subscription_id,
            local_date=slot.local_date,
            window_start=schedule.window_start(
                now=now, previous_end=previous, hours=service.digest_window_hours
            ),
            window_end=now,
            now=now,
        )
        if row is None:
            return None
        session.flush()
        return row.pk


def _recover_stale(store: Store, *, service: ServiceSettings, now: datetime) -> list[int]:
    """Pending deliveries to enqueue again; sends interrupted mid-way are recorded as failed."""
    lease = timedelta(seconds=max(600, 4 * service.smtp_timeout))
    with store.write() as session:
        pending, interrupted = subscriptions.stale_deliveries(
            session, pending_before=now - REQUEUE_AFTER, sending_before=now - lease
        )
        for pk in interrupted:
            subscriptions.finish_delivery(
                session, pk=pk, status="failed", error=INTERRUPTED, now=now
            )
            log.error("delivery %d: %s", pk, INTERRUPTED)
        for pk in pending:
            subscriptions.touch_delivery(session, pk=pk, next_attempt_at=now)
    return pending


def send_digest(
    store: Store,
    *,
    delivery_pk: int,
    service: ServiceSettings,
    core: Settings,
    signer: Signer,
    now: datetime,
    final_attempt: bool,
    retry_in: float,
) -> str:
    """Build and send one delivery's digest, at most once; returns what became of it.

    `sent`, `skipped` (unsubscribed, or an empty day the subscriber skips) and `failed` are
    final. A temporary SMTP failure puts the delivery back to pending and raises
    `UnavailableError` for the task to retry, unless this is the `final_attempt`.
    """
    with store.read() as session:
        delivery = subscriptions.get_delivery(session, pk=delivery_pk)
        if delivery is None:
            return DeliveryClaim.missing.value
        if delivery.status != "pending":
            log.info("delivery %d is %s; nothing to do", delivery_pk, delivery.status)
            final = delivery.status in DELIVERY_FINAL
            return (DeliveryClaim.done if final else DeliveryClaim.busy).value
        recipient = _recipient(delivery)
        articles = subscriptions.recent_articles(
            session,
            since=delivery.window_start,
            until=delivery.window_end,
            languages=delivery.subscription.languages,
            sources=delivery.subscription.sources,
            limit=service.digest_max_articles,
        )
    if not recipient.active:
        return _finish(store, delivery_pk, "skipped", error="Unsubscribed before it was sent.")
    try:
        digest = daily_digest(articles, settings=core, generated_at=now)
    except Exception as exc:
        # Without this the delivery would stay pending and be retried every 15 minutes forever.
        log.exception("delivery %d: building the digest failed", delivery_pk)
        error = f"Building the digest failed: {type(exc).__name__}: {exc}"
        return _finish(store, delivery_pk, "failed", error=error)
    if not digest.stories and recipient.skip_empty:
        return _finish(
            store,
            delivery_pk,
            "skipped",
            error="No new articles; this subscription skips empty days.",
        )
    try:
        target, message = _prepare(digest, recipient, delivery_pk, service, signer, now)
    except WiredeskError as exc:
        return _finish(store, delivery_pk, "failed", error=exc.detail)
    with store.write() as session:
        claim = subscriptions.claim_delivery(
            session, pk=delivery_pk, article_pks=[a.pk for a in articles], now=now
        )
    if claim is not DeliveryClaim.send:
        return claim.value
    return _deliver(store, delivery_pk, message, digest, target, service, final_attempt, retry_in)


def _recipient(delivery: DeliveryRow) -> _Recipient:
    """The subscription's details a send needs, copied out of the session."""
    subscription = delivery.subscription
    return _Recipient(
        subscription_id=subscription.id,
        email=subscription.email,
        schedule=f"{subscription.send_at} ({subscription.timezone})",
        active=subscription.active,
        skip_empty=subscription.skip_empty,
        local_date=delivery.local_date,
    )


def _prepare(
    digest: Digest,
    recipient: _Recipient,
    delivery_pk: int,
    service: ServiceSettings,
    signer: Signer,
    now: datetime,
) -> tuple[SmtpTarget, EmailMessage]:
    """The SMTP target and the message; a configuration problem raises `WiredeskError`."""
    if service.smtp_url is None:
        raise WiredeskError("WIREDESK_SMTP_URL is not set; no digest can be sent.")
    target = parse_smtp_url(service.smtp_url.get_secret_value())
    base = tokens.link_base_url(service.public_base_url, port=service.port)
    context = MailContext(
        to=recipient.email,
        mail_from=service.mail_from,
        day=recipient.local_date,
        digest_url=tokens.digest_url(base, signer, delivery_pk=delivery_pk),
        unsubscribe_url=tokens.unsubscribe_url(
            base, signer, subscription_id=recipient.subscription_id
        ),
        schedule=recipient.schedule,
    )
    return target, compose(digest, context=context, now=now)


def _deliver(
    store: Store,
    delivery_pk: int,
    message: EmailMessage,
    digest: Digest,
    target: SmtpTarget,
    service: ServiceSettings,
    final_attempt: bool,
    retry_in: float,
) -> str:
    """Hand the claimed message to SMTP and record the outcome."""
    try:
        send_message(message, target=target, timeout=service.smtp_timeout)
    except UnavailableError as exc:
        if final_attempt:
            error = f"Gave up after {service.smtp_max_retries + 1} attempts: {exc.detail}"
            return _finish(store, delivery_pk, "failed", error=error)
        log.warning("delivery %d: %s; retrying in %.0f s", delivery_pk, exc.detail, retry_in)
        with store.write() as session:
            subscriptions.release_delivery(
                session,
                pk=delivery_pk,
                error=exc.detail,
                next_attempt_at=utcnow() + timedelta(seconds=retry_in),
            )
        raise
    except WiredeskError as exc:
        return _finish(store, delivery_pk, "failed", error=exc.detail)
    with store.write() as session:
        subscriptions.finish_delivery(
            session,
            pk=delivery_pk,
            status="sent",
            message_id=str(message["Message-ID"]),
            stories=len(digest.stories),
            sources=len(source_names(digest)),
        )
    log.info("delivery %d sent: %s", delivery_pk, message["Subject"])
    return "sent"


def _finish(store: Store, delivery_pk: int, status: str, *, error: str | None) -> str:
    """Record a final delivery state and log it; returns the state."""
    with store.write() as session:
        subscriptions.finish_delivery(session, pk=delivery_pk, status=status, error=error)
    log.log(
        logging.WARNING if status == "failed" else logging.INFO,
        "delivery %d %s: %s",
        delivery_pk,
        status,
        error,
    )
    return status


def smtp_backoff(retries: int, *, service: ServiceSettings) -> float:
    """Seconds before SMTP retry number `retries + 1`: doubling, capped, with jitter."""
    ceiling = min(service.smtp_retry_backoff_max, service.smtp_retry_backoff * 2**retries)
    return random.uniform(ceiling / 2, ceiling)
