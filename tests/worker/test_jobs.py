"""The worker's jobs in-process, with the real pipeline, the tiny model and a real Redis (for the
article leases): idempotent steps, per-batch options, notices, merge readiness and the rescue
after an old-style chord error."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from tests.databases import fresh_database
from tests.factories import GERMAN_TEXT
from tests.servers import redis_url
from tests.worker.conftest import JOBS_REDIS_DB
from wiredesk.config import Settings
from wiredesk.schema import Article, Digest
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import Store, jobs
from worker import articles
from worker import jobs as worker_jobs
from worker.leases import Leases
from worker.runtime import GLOSSARY_CACHE_SIZE, Runtime, torch_threads, worker_settings


def run(runtime: Runtime, pk: int, merges: list[str] | None = None) -> str:
    """One article task, in-process; the merges it sends are appended to `merges`."""
    sent = merges if merges is not None else []
    return articles.run_article(runtime, article_pk=pk, enqueue_merge=sent.append)


def submit(runtime: Runtime, *texts: str, options: dict | None = None, **fields: str) -> tuple:
    items = [Article(id=f"a{n}", text=text) for n, text in enumerate(texts)]
    with runtime.store.write() as session:
        batch, pks = jobs.create_batch(session, articles=items, options=options or {}, **fields)
    return batch.id, pks


def test_an_article_is_processed_once(runtime: Runtime) -> None:
    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    assert run(runtime, pk) == "ok"
    assert run(runtime, pk) == "done"  # a redelivery: no-op
    with runtime.store.read() as session:
        (row,) = jobs.article_rows(session, batch_id=batch_id)
    assert row.status == "ok" and row.attempts == 1
    result = jobs.result_of(row)
    assert result.language == "de" and result.translation and result.summary
    # The meaningless-model notice is kept with the article even though the model loaded long ago.
    assert any("meaningless" in notice for notice in row.notices)


def test_a_missing_article_is_retried_not_dropped(runtime: Runtime) -> None:
    with pytest.raises(worker_jobs.NotVisibleYet):
        run(runtime, 12345)
    with pytest.raises(worker_jobs.NotVisibleYet):
        worker_jobs.articles_to_start(runtime, batch_id="not-committed-yet")


def test_merge_waits_for_every_article_then_runs_once(runtime: Runtime) -> None:
    runtime.service = ServiceSettings(article_max_attempts=2, article_group_size=1)
    batch_id, pks = submit(runtime, GERMAN_TEXT, "12345 67890 11 22 33 44 55")
    assert worker_jobs.articles_to_start(runtime, batch_id=batch_id) == pks
    run(runtime, pks[0])
    with pytest.raises(worker_jobs.BatchNotReady):
        worker_jobs.merge_batch(runtime, batch_id=batch_id)
    assert run(runtime, pks[1]) == "failed"
    assert worker_jobs.merge_batch(runtime, batch_id=batch_id) == "partial"
    assert worker_jobs.merge_batch(runtime, batch_id=batch_id) is None
    assert worker_jobs.articles_to_start(runtime, batch_id=batch_id) is None
    with runtime.store.read() as session:
        batch = jobs.get_batch(session, batch_id=batch_id)
    assert batch.status == "partial" and batch.digest is not None
    digest = Digest.model_validate_json(batch.digest)
    assert [a.status for a in digest.articles] == ["ok", "failed"]
    assert {a for story in digest.stories for a in story.articles} <= {"a0"}


def test_a_crash_inside_the_pipeline_fails_only_that_article(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiredesk.pipeline import Pipeline

    def explode(self: Pipeline, batch: list[Article]) -> None:
        raise RuntimeError("CUDA error: device-side assert")

    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    monkeypatch.setattr(Pipeline, "process_many", explode)
    assert run(runtime, pk) == "failed"
    with runtime.store.read() as session:
        (row,) = jobs.article_rows(session, batch_id=batch_id)
    assert row.error_code == "internal" and "device-side assert" in (row.error or "")


def test_a_poisonous_article_is_given_up_after_its_attempts(runtime: Runtime) -> None:
    batch_id, (pk,) = submit(runtime, GERMAN_TEXT)
    for _ in range(2):  # started twice, its worker died both times
        with runtime.store.write() as session:
            jobs.claim_article(session, pk=pk, max_attempts=2)
    assert run(runtime, pk) == "exhausted"
    assert worker_jobs.merge_batch(runtime, batch_id=batch_id) == "failed"


def test_rescue_fails_what_is_unfinished_and_merges_the_rest(runtime: Runtime) -> None:
    runtime.service = ServiceSettings(article_group_size=1)
    batch_id, pks = submit(runtime, GERMAN_TEXT, GERMAN_TEXT)
    run(runtime, pks[0])
    assert worker_jobs.rescue_batch(runtime, batch_id=batch_id) == "partial"
    with runtime.store.read() as session:
        rows = jobs.article_rows(session, batch_id=batch_id)
    assert [(r.status, r.error_code) for r in rows] == [("ok", None), ("failed", "task_failed")]


def test_batch_options_and_glossary_shape_the_pipeline_but_share_its_models(
    runtime: Runtime,
) -> None:
    pipeline = runtime.batch_pipeline(
        options={"beams": 3, "summary_sentences": 1},
        glossary_text="Geheimdienstes\tSpy Agency\torg\n",
        glossary_name="spies",
    )
    assert pipeline.beams == 3 and pipeline.summary_sentences == 1
    assert pipeline._translators is runtime.pipeline._translators
    assert pipeline.glossary_for("de") is not runtime.pipeline.glossary_for("de")
    result = pipeline.process(Article(id="g", text=GERMAN_TEXT + " Der Geheimdienstes meldet."))
    assert len(result.summary) == 1
    assert {hit.target for hit in result.glossary} == {"Spy Agency"}


def test_a_batch_glossary_is_parsed_once_per_process_not_per_article(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wiredesk.glossary

    calls: list[str] = []
    real = wiredesk.glossary.parse_glossary

    def counting(text: str, **kwargs: object) -> object:
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(wiredesk.glossary, "parse_glossary", counting)
    texts = [f"Term{n}\tTerm {n}\tother\n" for n in range(GLOSSARY_CACHE_SIZE + 1)]
    first = [runtime.parsed_glossary(texts[0], "a") for _ in range(5)]
    assert len(calls) == 1 and all(g is first[0] for g in first)
    assert runtime.parsed_glossary(texts[0], "b") is not first[0]  # the name is in its errors
    for text in texts[1:]:
        runtime.parsed_glossary(text, "a")
    assert len(runtime.glossaries) == GLOSSARY_CACHE_SIZE  # bounded: the oldest ones go
    runtime.parsed_glossary(texts[0], "a")
    assert calls.count(texts[0]) == 3  # evicted, so parsed again


@pytest.mark.parametrize(
    ("configured", "concurrency", "cores", "expected"),
    [(4, 1, 2, 2), (4, 2, 2, 1), (4, 8, 2, 1), (1, 1, 16, 1), (4, 2, 16, 4)],
)
def test_torch_threads_never_oversubscribe_the_cores(
    monkeypatch: pytest.MonkeyPatch, configured: int, concurrency: int, cores: int, expected: int
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert torch_threads(configured, concurrency=concurrency) == expected


def test_a_worker_splits_its_threads_as_the_cli_does_unless_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    settings = worker_settings(Settings(threads=4), concurrency=2)
    assert (settings.inter_threads, settings.threads) == (None, 2)
    told = worker_settings(Settings(threads=1, inter_threads=2), concurrency=2)
    assert (told.inter_threads, told.threads) == (2, 1)


FRENCH_TEXT = (
    "La Corée du Nord envoie des milliers de soldats en Russie, selon les services secrets. "
    "Le ministre a rencontré ses homologues à Moscou vendredi dernier pour des discussions."
)


def test_a_batch_digest_has_each_notice_once_and_only_its_languages(
    tmp_path: Path, tiny_model: Path
) -> None:
    settings = Settings(
        models={"de": "tiny", "fr": "tiny"}, beams=1, max_length_ratio=0.5, max_length_extra=2
    )
    with fresh_database(tmp_path) as database_url:
        _notices_once_per_digest(Store(database_url), settings)


def _notices_once_per_digest(store: Store, settings: Settings) -> None:
    """Three German and one French article: each notice once, and only its batch's languages."""
    from wiredesk.pipeline import Pipeline

    client = redis.Redis.from_url(redis_url(JOBS_REDIS_DB))
    runtime = Runtime(settings=settings, service=ServiceSettings(), store=store,
                      pipeline=Pipeline(settings), leases=Leases(client, ttl=45))  # fmt: skip

    def batch(*articles: Article) -> str:
        with store.write() as session:
            created, pks = jobs.create_batch(session, articles=list(articles), options={})
        for pk in pks:  # the first task takes the others along (same language and options)
            assert run(runtime, pk) in ("ok", "done")
        assert worker_jobs.merge_batch(runtime, batch_id=created.id) == "succeeded"
        with store.read() as session:
            digest = jobs.get_batch(session, batch_id=created.id).digest
        return Digest.model_validate_json(digest).notices  # type: ignore[return-value]

    try:
        french = Article(id="f", text=FRENCH_TEXT, language="fr")
        german = [Article(id=f"d{n}", text=GERMAN_TEXT, language="de") for n in range(3)]
        mixed = batch(french, *german)  # the process has now loaded both languages' models
        assert len(mixed) == len(set(mixed)) == 2  # once each, not once per article
        only_german = batch(*german)
        assert only_german == [n for n in mixed if "'de'" in n]
    finally:
        store.dispose()
