"""schemathesis against the API's own OpenAPI document: no generated request gets a 5xx.

The app runs in-process (ASGI) on the test job store and a real Redis database of its own,
with a batch, its article and a glossary already stored, so generated requests reach existing
resources too, not only 404s. Any 5xx fails the test with the request that caused it. The fast
run tries a few examples per operation; `-m slow` tries many.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.main import create_app
from tests.databases import fresh_database
from tests.factories import GLOSSARY_TSV, batch
from tests.servers import redis_url
from wiredesk.schema import ArticleResult, Digest
from wiredesk.service_settings import ServiceSettings
from wiredesk.store import jobs

# A real Redis and the test job store; no worker needed.
pytestmark = pytest.mark.integration

SCHEMATHESIS_REDIS_DB = 11
SUPPRESSED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]


@pytest.fixture(scope="module")
def seeded_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The API with one finished batch (article "a1") and a glossary "korea" stored; the ids."""
    folder = tmp_path_factory.mktemp("schemathesis")
    with fresh_database(folder) as database_url:
        yield from _seeded_app(database_url)


def _seeded_app(database_url: str) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    settings = ServiceSettings(
        redis_url=redis_url(SCHEMATHESIS_REDIS_DB),
        database_url=database_url,
        rate_limit_per_minute=0,  # thousands of requests in seconds: reach the routes, not 429s
    )
    app = create_app(settings)
    with TestClient(app) as client:  # the seed goes in through the API itself
        assert client.put("/v1/glossaries/korea", content=GLOSSARY_TSV.encode()).status_code == 201
        batch_id = client.post("/v1/batches", json=batch()).json()["id"]
        store = client.app.state.store  # type: ignore[attr-defined]
        with store.write() as session:
            (row,) = jobs.article_rows(session, batch_id=batch_id)
            result = ArticleResult(id="a1", language="de", translation="North Korea.")
            jobs.record_result(session, pk=row.pk, result=result)
            jobs.finish_batch(session, batch_id=batch_id, digest=Digest(articles=[result]))
    yield app, {"batch_id": batch_id, "article_id": "a1", "name": "korea"}


@pytest.fixture(scope="module")
def api_schema(seeded_app: tuple[FastAPI, dict[str, str]]) -> schemathesis.BaseSchema:
    """The OpenAPI document the app serves, bound to the app for in-process calls."""
    return schemathesis.openapi.from_asgi("/openapi.json", seeded_app[0])


@pytest.fixture(scope="module")
def known_ids(seeded_app: tuple[FastAPI, dict[str, str]]) -> dict[str, str]:
    """Path parameters that name stored resources."""
    return seeded_app[1]


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the app documents, read without starting it."""
    document = create_app(ServiceSettings(redis_url="redis://unused", api_keys=None)).openapi()
    return [(method, path) for path, item in document["paths"].items() for method in item]


def check_operation(
    api_schema: schemathesis.BaseSchema,
    known: dict[str, str],
    method: str,
    path: str,
    *,
    examples: int,
) -> None:
    """Send `examples` valid and invalid generated requests to one operation; fail on a 5xx.

    Half of them are pointed at the stored batch, article and glossary, if the path names one.
    (schemathesis's own pytest integration does not run under pytest 9, hence this loop.)
    """
    operation = api_schema[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(max_examples=examples, deadline=None, suppress_health_check=SUPPRESSED)
    @given(case=cases, existing=st.booleans())
    def send(case: schemathesis.Case, existing: bool) -> None:
        if existing and case.path_parameters:
            for name in case.path_parameters.keys() & known.keys():
                case.path_parameters[name] = known[name]
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])

    send()


@pytest.mark.parametrize(("method", "path"), operations())
def test_no_generated_request_gets_a_5xx(
    api_schema: schemathesis.BaseSchema, known_ids: dict[str, str], method: str, path: str
) -> None:
    check_operation(api_schema, known_ids, method, path, examples=6)


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), operations())
def test_no_generated_request_gets_a_5xx_deep(
    api_schema: schemathesis.BaseSchema, known_ids: dict[str, str], method: str, path: str
) -> None:
    check_operation(api_schema, known_ids, method, path, examples=400)


def test_the_schema_covers_every_route(api_schema: schemathesis.BaseSchema) -> None:
    paths = {operation.ok().path for operation in api_schema.get_all_operations()}
    assert {"/v1/batches", "/v1/batches/{batch_id}", "/v1/glossaries/{name}"} <= paths
