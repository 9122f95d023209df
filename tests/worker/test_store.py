"""The job store on the test database: transitions, statuses, idempotency, concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.factories import GERMAN_TEXT, GLOSSARY_TSV
from wiredesk.errors import NotFoundError
from wiredesk.schema import Article, ArticleResult, Digest
from wiredesk.store import ArticleRow, Store, glossaries, jobs
from wiredesk.store.jobs import ClaimOutcome


def make_batch(store: Store, count: int = 3, **fields: object) -> tuple[str, list[int]]:
    articles = [Article(id=f"a{n}", text=GERMAN_TEXT, language="de") for n in range(count)]
    with store.write() as session:
        batch, pks = jobs.create_batch(session, articles=articles, options={}, **fields)
    return batch.id, pks


def ok(article_id: str) -> ArticleResult:
    return ArticleResult(id=article_id, translation="English.", summary=["English."])


def failed(article_id: str) -> ArticleResult:
    return ArticleResult(id=article_id, status="failed", error="no", error_code="language")


def claim(store: Store, pk: int, *, max_attempts: int = 3) -> jobs.Claim:
    with store.write() as session:
        return jobs.claim_article(session, pk=pk, max_attempts=max_attempts)


def record(store: Store, pk: int, result: ArticleResult, notices: list[str] | None = None) -> bool:
    with store.write() as session:
        return jobs.record_result(session, pk=pk, result=result, notices=notices or [])


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode(store: Store) -> None:
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_new_batch_is_queued_with_its_articles_in_order(store: Store) -> None:
    batch_id, pks = make_batch(store)
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        rows = jobs.article_rows(session, batch_id=batch_id)
        counts = jobs.progress(session, batch_ids=[batch_id])[batch_id]
    assert batch.status == "queued" and batch.total == 3
    assert batch.created_at.tzinfo is not None  # SQLite forgets zones; the store does not
    assert [row.article_id for row in rows] == ["a0", "a1", "a2"] and [r.pk for r in rows] == pks
    assert counts == jobs.Progress(total=3, done=0, failed=0)


def test_claiming_starts_the_article_and_the_batch_once(store: Store) -> None:
    batch_id, pks = make_batch(store)
    first = claim(store, pks[0])
    second = claim(store, pks[1])
    assert first.outcome is ClaimOutcome.run and first.batch_started and first.attempt == 1
    assert first.article is not None and first.article.id == "a0"
    assert second.outcome is ClaimOutcome.run and not second.batch_started
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
        assert batch.status == "running" and batch.started_at is not None


def test_a_finished_article_is_never_redone_or_overwritten(store: Store) -> None:
    _, pks = make_batch(store, 1)
    claim(store, pks[0])
    assert record(store, pks[0], ok("a0"))
    assert claim(store, pks[0]).outcome is ClaimOutcome.done
    assert not record(store, pks[0], failed("a0"))  # a late duplicate loses
    with store.write() as session:
        assert not jobs.record_failure(session, pk=pks[0], error="late", code="x")
        row = session.get(ArticleRow, pks[0])
        assert row is not None and row.status == "ok" and row.error is None


def test_an_article_started_too_often_is_given_up(store: Store) -> None:
    _, pks = make_batch(store, 1)
    for attempt in (1, 2):
        assert claim(store, pks[0], max_attempts=2).attempt == attempt  # each time, a crash
    gave_up = claim(store, pks[0], max_attempts=2)
    assert gave_up.outcome is ClaimOutcome.exhausted
    with store.read() as session:
        (row,) = jobs.article_rows(session, batch_id=gave_up.batch_id or "")
    assert row.status == "failed" and row.error_code == "worker_lost" and "2 attempts" in row.error


def test_an_unknown_article_is_missing(store: Store) -> None:
    assert claim(store, 999).outcome is ClaimOutcome.missing


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([ok, ok], "succeeded"),
        ([ok, failed], "partial"),
        ([failed, failed], "failed"),
    ],
)
def test_the_final_status_follows_the_articles(store: Store, results: list, expected: str) -> None:
    batch_id, pks = make_batch(store, 2)
    for pk, make in zip(pks, results, strict=True):
        claim(store, pk)
        record(store, pk, make(f"a{pk}"))
    with store.write() as session:
        assert jobs.finish_batch(session, batch_id=batch_id, digest=Digest()) == expected
        assert jobs.finish_batch(session, batch_id=batch_id, digest=Digest()) is None  # once
    with store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
    assert batch.status == expected and batch.digest and batch.finished_at


def test_a_batch_without_a_digest_failed(store: Store) -> None:
    batch_id, pks = make_batch(store, 1)
    record(store, pks[0], ok("a0"))
    with store.write() as session:
        status = jobs.finish_batch(session, batch_id=batch_id, digest=None, error="merge broke")
    assert status == "failed"


def test_merge_inputs_count_unfinished_and_keep_notices_once(store: Store) -> None:
    batch_id, pks = make_batch(store, 3)
    record(store, pks[0], ok("a0"), ["tiny model"])
    record(store, pks[1], failed("a1"), ["tiny model", "fallback"])
    with store.read() as session:
        inputs = jobs.batch_inputs(session, batch_id=batch_id)
    assert inputs.unfinished == 1
    assert [r.id for r in inputs.results] == ["a0", "a1"]
    assert inputs.notices == ["tiny model", "fallback"]


def test_fail_unfinished_closes_the_rest(store: Store) -> None:
    batch_id, pks = make_batch(store, 3)
    record(store, pks[0], ok("a0"))
    claim(store, pks[1])
    with store.write() as session:
        assert jobs.fail_unfinished(session, batch_id=batch_id, error="gone", code="x") == 2
    with store.read() as session:
        inputs = jobs.batch_inputs(session, batch_id=batch_id)
    assert inputs.unfinished == 0
    assert [(r.status, r.error) for r in inputs.results] == [
        ("ok", None),
        ("failed", "gone"),
        ("failed", "gone"),
    ]


def test_idempotency_keys_expire(store: Store) -> None:
    batch_id, _ = make_batch(store, 1)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with store.write() as session:
        assert (
            jobs.claim_idempotency(
                session,
                principal="p",
                key="k",
                request_hash="h",
                batch_id=batch_id,
                not_before=hour_ago,
            )
            is None
        )
    now = datetime.now(UTC)
    with store.read() as session:
        found = jobs.find_idempotency(session, principal="p", key="k", not_before=hour_ago)
        assert found is not None and found.batch_id == batch_id
        other_caller = jobs.find_idempotency(session, principal="q", key="k", not_before=hour_ago)
        assert other_caller is None
        assert jobs.find_idempotency(session, principal="p", key="k", not_before=now) is None


def test_a_held_idempotency_key_names_its_holder_until_it_expires(store: Store) -> None:
    first, _ = make_batch(store, 1)
    second, _ = make_batch(store, 1)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    claim_key = dict(principal="p", key="k", request_hash="h", not_before=hour_ago)
    with store.write() as session:
        assert jobs.claim_idempotency(session, batch_id=first, **claim_key) is None  # type: ignore[arg-type]
    with store.write() as session:
        holder = jobs.claim_idempotency(session, batch_id=second, **claim_key)  # type: ignore[arg-type]
    assert holder == jobs.KeyHolder(request_hash="h", batch_id=first)
    # Expired (not_before after it was taken): the next request takes it over.
    later = claim_key | {"not_before": datetime.now(UTC) + timedelta(seconds=1)}
    with store.write() as session:
        assert jobs.claim_idempotency(session, batch_id=second, **later) is None  # type: ignore[arg-type]
    with store.read() as session:
        found = jobs.find_idempotency(session, principal="p", key="k", not_before=hour_ago)
        assert found is not None and found.batch_id == second


def test_listing_is_newest_first(store: Store) -> None:
    ids = [make_batch(store, 1)[0] for _ in range(3)]
    with store.read() as session:
        rows, total = jobs.list_batches(session, limit=2, offset=0)
        rest, _ = jobs.list_batches(session, limit=2, offset=2)
    assert total == 3
    assert [r.id for r in rows] + [r.id for r in rest] == ids[::-1]


def test_unknown_batch_and_article_are_not_found(store: Store) -> None:
    batch_id, _ = make_batch(store, 1)
    with store.read() as session, pytest.raises(NotFoundError):
        jobs.get_batch(session, batch_id="nope")
    with store.read() as session, pytest.raises(NotFoundError):
        jobs.get_article(session, batch_id=batch_id, article_id="nope")


def test_glossaries_are_created_replaced_and_deleted(store: Store) -> None:
    with store.write() as session:
        assert glossaries.put_glossary(session, name="g", text=GLOSSARY_TSV, entries=2)
    with store.write() as session:
        assert not glossaries.put_glossary(session, name="g", text="a\tb\n", entries=1)
    with store.write() as session:
        assert glossaries.get_glossary(session, name="g").text == "a\tb\n"
        glossaries.delete_glossary(session, name="g")
    with store.read() as session, pytest.raises(NotFoundError):
        glossaries.get_glossary(session, name="g")


def test_concurrent_writers_from_separate_connections_never_fail(database_url: str) -> None:
    """Read-then-write transactions from many connections at once: they queue, none errors."""
    url = database_url
    setup = Store(url)
    batch_id, pks = make_batch(setup, 40)
    errors: list[BaseException] = []

    def work(share: list[int]) -> None:
        store = Store(url)  # its own engine and connections, as another process would have
        try:
            for pk in share:
                claim(store, pk)
                record(store, pk, ok(f"a{pk}"))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            store.dispose()

    threads = [threading.Thread(target=work, args=(pks[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with setup.read() as session:
        assert jobs.progress(session, batch_ids=[batch_id])[batch_id].done == 40
