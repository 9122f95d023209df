"""Article tasks in-process with a real Redis: queued articles of one language and the same
options are translated together (from several batches), each result stored once; leases keep two
workers off one article, and the articles of a dead holder are found and sent again, once."""

from __future__ import annotations

import socket
import subprocess
import sys

import redis

from tests.factories import GERMAN_TEXT
from tests.worker.test_jobs import run, submit
from wiredesk.store import jobs
from worker import counters
from worker.leases import HELD, LEASE, Leases, take_lost
from worker.runtime import Runtime


def rows(runtime: Runtime, batch_id: str) -> list[tuple[str, int]]:
    with runtime.store.read() as session:
        return [(r.status, r.attempts) for r in jobs.article_rows(session, batch_id=batch_id)]


def test_queued_articles_like_it_are_translated_together_each_stored_once(
    runtime: Runtime,
) -> None:
    first, first_pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT, GERMAN_TEXT)
    second, second_pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT)
    other, other_pks = submit(runtime, GERMAN_TEXT, options={"beams": 2})
    merges: list[str] = []
    assert run(runtime, first_pks[0], merges) == "ok"
    # One task did both batches (same language, same options), not the one with other options.
    assert rows(runtime, first) == [("ok", 1)] * 3
    assert rows(runtime, second) == [("ok", 1)] * 2
    assert rows(runtime, other) == [("queued", 0)]
    assert sorted(merges) == sorted([first, second])
    # The other tasks of those articles arrive later and do nothing.
    for pk in [*first_pks[1:], *second_pks]:
        assert run(runtime, pk, merges) == "done"
    assert run(runtime, other_pks[0]) == "ok"
    assert runtime.leases.held() == set() and runtime.leases.client.hlen(HELD) == 0
    counted = counters.read_counters(runtime.leases.client)
    assert counted.finished == {("de", "ok"): 6}
    assert counted.seconds_count == 6 and counted.sentences["de"] > 0


def test_the_group_size_caps_what_one_task_takes(runtime: Runtime) -> None:
    runtime.service = runtime.service.model_copy(update={"article_group_size": 2})
    batch_id, pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT, GERMAN_TEXT)
    assert run(runtime, pks[0]) == "ok"
    assert [status for status, _ in rows(runtime, batch_id)] == ["ok", "ok", "queued"]


def test_an_article_held_by_a_live_worker_is_left_to_it(runtime: Runtime) -> None:
    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    elsewhere = Leases(runtime.leases.client, ttl=45, holder="another-host|4242")
    assert elsewhere.acquire(pk)
    assert run(runtime, pk) == "busy"
    assert rows(runtime, batch_id) == [("queued", 0)]


def test_a_dead_holders_article_is_sent_again_once_and_finished_once(runtime: Runtime) -> None:
    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    client = runtime.leases.client
    dead = Leases(client, ttl=45, holder="gone-host|4242")
    assert dead.acquire(pk)
    with runtime.store.write() as session:  # it claimed the article, then its machine vanished
        jobs.claim_article(session, pk=pk, max_attempts=3)
    assert take_lost(client) == []  # its lease still runs
    client.delete(f"{LEASE}{pk}")  # ... until it expires
    assert take_lost(client) == [pk]
    assert take_lost(client) == []  # handed to one sweeper only
    assert run(runtime, pk) == "ok"
    assert rows(runtime, batch_id) == [("ok", 2)]
    assert run(runtime, pk) == "done"  # the late redelivery from Redis does nothing


def test_a_killed_pool_process_on_this_host_gives_up_its_lease_at_once(runtime: Runtime) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = Leases(
        runtime.leases.client, ttl=45, holder=f"{socket.gethostname()}|{finished.stdout.strip()}"
    )
    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    assert gone.acquire(pk)
    assert run(runtime, pk) == "ok"  # not "busy": the holder's process is gone
    assert rows(runtime, batch_id) == [("ok", 1)]


def test_a_task_that_failed_for_good_fails_its_article_and_sends_the_merge(
    runtime: Runtime,
) -> None:
    from worker import jobs as worker_jobs

    batch_id, pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT)
    merges: list[str] = []
    assert worker_jobs.fail_article(runtime, article_pk=pks[0], enqueue_merge=merges.append) == (
        "failed"
    )
    assert merges == []  # one article is still queued
    assert run(runtime, pks[1], merges) == "ok"
    assert merges == [batch_id]
    assert worker_jobs.merge_batch(runtime, batch_id=batch_id) == "partial"


def test_an_unfinished_article_let_go_is_found_by_the_sweep(runtime: Runtime) -> None:
    client: redis.Redis = runtime.leases.client
    runtime.leases.acquire(101)
    runtime.leases.release([101], finished=False)
    assert take_lost(client) == [101]
    runtime.leases.acquire(102)
    runtime.leases.release([102], finished=True)
    assert take_lost(client) == []


def test_a_dead_workers_group_is_taken_back_together_but_a_last_attempt_runs_alone(
    runtime: Runtime,
) -> None:
    runtime.service = runtime.service.model_copy(update={"article_max_attempts": 3})
    batch_id, pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT, GERMAN_TEXT)
    client = runtime.leases.client
    dead = Leases(client, ttl=45, holder="gone-host|4242")
    with runtime.store.write() as session:
        for pk in pks:
            assert dead.acquire(pk)
            jobs.claim_article(session, pk=pk, max_attempts=3)
        jobs.claim_article(session, pk=pks[2], max_attempts=3)  # died with it twice already
    for pk in pks:
        client.delete(f"{LEASE}{pk}")  # its leases expire
    assert run(runtime, pks[0]) == "ok"
    # The first two went together; the third, on its last attempt, was left for its own task.
    assert rows(runtime, batch_id) == [("ok", 2), ("ok", 2), ("running", 2)]
    assert run(runtime, pks[2]) == "ok"
    assert rows(runtime, batch_id) == [("ok", 2), ("ok", 2), ("ok", 3)]
