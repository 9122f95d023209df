"""Requests that fuzzing (hypothesis, schemathesis) turned into 500s, now clear 4xx answers.

Each case is the smallest request that reproduced its bug; the comment names the cause.
"""

from __future__ import annotations

import pytest

from tests.api.test_batches import assert_problem
from tests.reliability.conftest import ClientFactory

# A real Redis (the queue) and the test job store; no worker needed.
pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("body", "code", "says"),
    [
        # A lone surrogate escape passed validation and crashed on UTF-8 encoding.
        (b'{"articles":[{"text":"Hallo \\ud800 Welt."}]}', "invalid_input", "\\uD800"),
        (b'{"articles":[{"html":"<p>Hallo \\udfff Welt.</p>"}]}', "invalid_input", "\\uD800"),
        # json.loads raises a plain ValueError past 4300 digits, not a JSONDecodeError.
        (b'{"articles":[{"text":"Hallo."}],"x":' + b"9" * 5000 + b"}", "invalid_input", "JSON"),
        # htmldate's date search failed an assertion on this markup.
        (b'{"articles":[{"html":"<svg><s></s><a>"}]}', "invalid_input", "No article text"),
        # libxml2 stops reading past depth 255: the text after that point was lost silently.
        (
            b'{"articles":[{"html":"<p>Vorher.</p>' + b"<div>" * 300 + b'<p>tief</p>"}]}',
            "invalid_input",
            "nested too deeply",
        ),
    ],
    ids=["surrogate-text", "surrogate-html", "huge-number", "htmldate-crash", "deep-html"],
)
def test_hostile_submissions_are_422_not_500(
    make_client: ClientFactory, body: bytes, code: str, says: str
) -> None:
    client = make_client()
    problem = assert_problem(client.post("/v1/batches", content=body, headers=JSON), 422, code)
    assert says in str(problem["detail"])
    assert client.get("/v1/batches").json()["total"] == 0  # nothing was stored


def test_an_offset_past_64_bits_is_422_not_500(make_client: ClientFactory) -> None:
    # SQLite's integers are 64-bit: the driver raised OverflowError on the query.
    client = make_client()
    assert_problem(client.get("/v1/batches?offset=9223372036854775808"), 422, "invalid_request")
    assert client.get("/v1/batches?offset=1000000000").status_code == 200
