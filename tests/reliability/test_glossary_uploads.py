"""Glossary uploads that are malformed, contradictory or huge: a clear 422 or 413 naming the
problem, and the glossary stored before stays in use, unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.test_batches import assert_problem
from tests.factories import GLOSSARY_TSV
from tests.reliability.conftest import ClientFactory

# A real Redis (the rate limit) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration

TSV = {"content-type": "text/tab-separated-values"}
GLOSSARY_LIMIT = 1_000_000  # the default WIREDESK_MAX_GLOSSARY_BYTES


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """An API whose glossary 'korea' holds GLOSSARY_TSV."""
    client = make_client()
    assert put(client, GLOSSARY_TSV.encode()).status_code == 201
    return client


def put(client: TestClient, body: bytes | Iterator[bytes], name: str = "korea") -> object:
    return client.put(f"/v1/glossaries/{name}", content=body, headers=TSV)


def assert_unchanged(client: TestClient) -> None:
    fetched = client.get("/v1/glossaries/korea")
    assert fetched.status_code == 200 and fetched.text == GLOSSARY_TSV


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param(b"Kim\tKim\nKim\tQim\n", "'Kim' is already on line 1", id="contradicting"),
        pytest.param(b"A\tB\tperson\tA1|\n", "alias", id="empty-alias"),
        pytest.param(b"one column only\n", "line 1: expected 2 to 4", id="one-column"),
        pytest.param(b"a\tb\tc\td\te\n", "found 5", id="five-columns"),
        pytest.param(b"Pj\x00ngjang\tPyongyang\n", "control character", id="nul"),
        pytest.param(b"A\tB\n\x1b[31mC\tD\n", "line 2", id="escape-code"),
        pytest.param(b"\xff\xfeA\x00\t\x00B\x00", "not valid UTF-8", id="utf-16"),
        pytest.param(b"# only a comment\n\n", "no entries", id="empty"),
        pytest.param(b"...\t!!!\n", "no letters or digits", id="punctuation"),
        pytest.param(b"A\t" + b"B" * 201 + b"\n", "over 200 characters", id="long-field"),
        pytest.param(
            b"".join(b"t%d\tT%d\n" % (n, n) for n in range(50_001)),
            "more than 50000 entries",
            id="too-many-entries",
        ),
    ],
)
def test_a_bad_glossary_is_422_and_the_old_one_stays(
    client: TestClient, body: bytes, says: str
) -> None:
    problem = assert_problem(put(client, body), 422, "invalid_glossary")
    assert says in str(problem["detail"])
    assert_unchanged(client)


def test_repeated_identical_rows_are_merged_not_refused(client: TestClient) -> None:
    row = b"Pj\xc3\xb6ngjang\tPyongyang\tplace\n"
    stored = put(client, row * 3, name="repeats")
    assert stored.status_code == 201 and stored.json()["entries"] == 1  # type: ignore[attr-defined]


def test_a_bom_and_crlf_line_ends_are_accepted(client: TestClient) -> None:
    body = b"\xef\xbb\xbf" + GLOSSARY_TSV.replace("\n", "\r\n").encode()
    stored = put(client, body, name="windows")
    assert stored.status_code == 201 and stored.json()["entries"] == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_glossary_over_the_limit_is_413_and_the_old_one_stays(
    client: TestClient, chunked: bool
) -> None:
    body = GLOSSARY_TSV.encode() + b"# " + b"x" * GLOSSARY_LIMIT + b"\n"
    sent = iter([body[:1000], body[1000:]]) if chunked else body
    problem = assert_problem(put(client, sent), 413, "too_large")
    assert "limit" in str(problem["detail"])
    assert_unchanged(client)


def test_a_request_over_the_api_limit_is_refused_before_it_is_read(
    make_client: ClientFactory,
) -> None:
    client = make_client(max_request_bytes=64_000)
    chunks = iter([b"# " + b"x" * 50_000 + b"\n"] * 100)  # 5 MB without a Content-Length
    assert_problem(put(client, chunks, name="flood"), 413, "too_large")
    assert_problem(client.get("/v1/glossaries/flood"), 404, "not_found")


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%00b", "-x", "x" * 65])
def test_names_that_are_not_plain_are_refused(client: TestClient, name: str) -> None:
    response = put(client, GLOSSARY_TSV.encode(), name=name)
    assert response.status_code in (404, 422), response.text  # type: ignore[attr-defined]
    assert_unchanged(client)
