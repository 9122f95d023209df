"""Subscriptions and the pages an email links to, through the real app (TestClient) and store.

Subscribing validates address, time and zone (422 otherwise) and updates rather than
duplicates; unsubscribing works from the page's button and as a one-click POST, never from a
bare GET, and never with an altered token; deliveries and the emailed digest are visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AppFactory
from tests.api.test_batches import assert_problem
from tests.mailbox import HOSTILE_TITLE, add_articles, hostile_result, seed_results
from wiredesk.store import Store, subscriptions

# A real Redis (the queue) and a real SQLite store; no worker needed.
pytestmark = pytest.mark.integration

BODY = {"email": "Reader@Example.com", "send_at": "07:00", "timezone": "Europe/Berlin"}


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """The app's own database (the `make_client` fixture opens the same one)."""
    store = Store(database_url)
    yield store
    store.dispose()


def subscribe(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/v1/subscriptions", json=BODY | overrides)
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


# --- subscribing --------------------------------------------------------------------------------
def test_subscribing_answers_201_with_the_subscription_and_its_unsubscribe_link(
    client: TestClient,
) -> None:
    response = client.post(
        "/v1/subscriptions",
        json=BODY | {"filters": {"languages": ["DE"], "sources": ["  Der  Spiegel "]}},
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "Reader@example.com"
    assert (body["send_at"], body["timezone"], body["active"]) == ("07:00", "Europe/Berlin", True)
    assert body["filters"] == {"languages": ["de"], "sources": ["Der Spiegel"]}
    assert body["skip_empty"] is False
    assert response.headers["location"] == body["links"]["self"]
    assert body["links"]["unsubscribe"].startswith("http://testserver/unsubscribe/")
    # Subscribing at any time today means the first digest comes at the next 07:00 in Berlin.
    next_send = datetime.fromisoformat(body["next_send_at"])
    assert datetime.now(UTC) < next_send < datetime.now(UTC) + timedelta(days=1, hours=1)
    assert next_send.astimezone(ZoneInfo("Europe/Berlin")).time() == time(7, 0)


def test_the_same_address_again_updates_instead_of_duplicating(client: TestClient) -> None:
    first = subscribe(client)
    response = client.post(
        "/v1/subscriptions",
        json=BODY | {"email": "reader@EXAMPLE.com", "send_at": "18:30", "skip_empty": True},
    )

    assert response.status_code == 200, response.text
    second = response.json()
    assert second["id"] == first["id"]
    assert (second["send_at"], second["skip_empty"]) == ("18:30", True)
    listed = client.get("/v1/subscriptions").json()
    assert listed["total"] == 1 and listed["items"][0]["send_at"] == "18:30"


@pytest.mark.parametrize(
    ("change", "location", "reason"),
    [
        ({"email": "not-an-address"}, "body.email", "not a valid email address"),
        ({"email": "a@b.example\r\nBcc: all@example.com"}, "body.email", "not a valid email"),
        ({"email": "reader@localhost"}, "body.email", "needs a dot"),
        ({"timezone": "Mars/Olympus"}, "body.timezone", "IANA time zone"),
        ({"timezone": "../../etc/passwd"}, "body.timezone", "IANA time zone"),
        ({"send_at": "25:00"}, "body.send_at", "HH:MM"),
        ({"send_at": "7am"}, "body.send_at", "HH:MM"),
        ({"filters": {"languages": ["german"]}}, "body.filters.languages", "ISO 639"),
        ({"filters": {"sources": ["a\x00b"]}}, "body.filters.sources", "printable"),
        ({"frequency": "hourly"}, "body.frequency", "Extra inputs"),
    ],
)
def test_bad_subscriptions_get_422_saying_what_is_wrong(
    client: TestClient, change: dict[str, Any], location: str, reason: str
) -> None:
    body = assert_problem(client.post("/v1/subscriptions", json=BODY | change), 422)
    assert location in str(body["detail"]) and reason in str(body["detail"])
    assert "passwd" not in str(body["detail"]) and "Bcc" not in str(body["detail"])


def test_missing_fields_are_named(client: TestClient) -> None:
    body = assert_problem(client.post("/v1/subscriptions", json={"email": "a@b.example"}), 422)
    assert "body.send_at" in str(body["detail"]) and "body.timezone" in str(body["detail"])


def test_get_list_and_delete(client: TestClient) -> None:
    ids = [subscribe(client, email=f"r{n}@example.com")["id"] for n in range(3)]

    assert client.get(f"/v1/subscriptions/{ids[0]}").json()["email"] == "r0@example.com"
    page = client.get("/v1/subscriptions", params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["links"]["next"]
    assert client.delete(f"/v1/subscriptions/{ids[0]}").status_code == 204
    assert_problem(client.get(f"/v1/subscriptions/{ids[0]}"), 404, "not_found")
    assert_problem(client.delete(f"/v1/subscriptions/{ids[0]}"), 404, "not_found")
    assert_problem(client.get("/v1/subscriptions/nope/deliveries"), 404, "not_found")


def test_subscriptions_need_the_api_key_but_email_links_do_not(make_client: AppFactory) -> None:
    secured = make_client(api_keys="k-one")
    for method, path in [("GET", "/v1/subscriptions"), ("POST", "/v1/subscriptions"),
                         ("GET", "/v1/subscriptions/x"), ("DELETE", "/v1/subscriptions/x"),
                         ("GET", "/v1/subscriptions/x/deliveries")]:  # fmt: skip
        assert_problem(secured.request(method, path), 401, "unauthorized")
    auth = {"Authorization": "Bearer k-one"}
    created = secured.post("/v1/subscriptions", json=BODY, headers=auth).json()
    token = token_of(created["links"]["unsubscribe"])
    assert secured.get(f"/unsubscribe/{token}").status_code == 200  # no key: it is in the email
    assert secured.post(f"/unsubscribe/{token}").status_code == 200


# --- unsubscribing ------------------------------------------------------------------------------
def test_the_unsubscribe_page_asks_first_and_the_button_unsubscribes(client: TestClient) -> None:
    created = subscribe(client)
    path = f"/unsubscribe/{token_of(created['links']['unsubscribe'])}"

    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Reader@example.com" in page.text
    assert f'<form method="post" action="{path}">' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    # Opening the link (a person, or a mail scanner) changes nothing.
    assert client.get(f"/v1/subscriptions/{created['id']}").json()["active"] is True

    done = client.post(path)
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    state = client.get(f"/v1/subscriptions/{created['id']}").json()
    assert state["active"] is False and state["unsubscribed_at"] and state["next_send_at"] is None
    assert "You are unsubscribed" in client.get(path).text  # the link again: already done


def test_one_click_list_unsubscribe_post(client: TestClient) -> None:
    created = subscribe(client)
    response = client.post(
        f"/unsubscribe/{token_of(created['links']['unsubscribe'])}",
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert client.get(f"/v1/subscriptions/{created['id']}").json()["active"] is False


def test_an_altered_or_foreign_token_is_rejected(client: TestClient) -> None:
    created = subscribe(client)
    token = token_of(created["links"]["unsubscribe"])
    value, _, tag = token.rpartition(".")
    other = subscribe(client, email="other@example.com")["id"]
    for forged in (
        f"{value}.{tag[:-1]}{'A' if tag[-1] != 'A' else 'B'}",
        f"{other}.{tag}",  # someone else's subscription with this tag
        value,
        "x" * 120,
    ):
        for method in ("GET", "POST"):
            response = client.request(method, f"/unsubscribe/{forged}")
            assert response.status_code == 404, forged
            assert "not valid" in response.text
    assert client.get("/unsubscribe/" + "x" * 500).status_code in (404, 422)
    listed = client.get("/v1/subscriptions").json()["items"]
    assert all(item["active"] for item in listed)


def test_resubscribing_after_unsubscribing_reactivates(client: TestClient) -> None:
    created = subscribe(client)
    client.post(f"/unsubscribe/{token_of(created['links']['unsubscribe'])}")
    again = client.post("/v1/subscriptions", json=BODY)
    assert again.status_code == 200
    assert again.json()["active"] is True and again.json()["id"] == created["id"]


def test_the_page_escapes_what_it_shows(client: TestClient, store: Store) -> None:
    created = subscribe(client)
    with store.write() as session:  # an address stored before today's validation, say
        row = subscriptions.get_subscription(session, subscription_id=created["id"])
        row.email = "<script>alert(1)</script>@example.com"
    page = client.get(f"/unsubscribe/{token_of(created['links']['unsubscribe'])}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- deliveries and the emailed digest ----------------------------------------------------------
def add_sent_delivery(store: Store, subscription_id: str) -> int:
    """A delivery as the worker leaves it after sending the seeds and the hostile article."""
    pks = add_articles(store, [*seed_results(), hostile_result()])
    now = datetime.now(UTC)
    with store.write() as session:
        failed = subscriptions.create_delivery(
            session,
            subscription_id=subscription_id,
            local_date=date(2026, 11, 21),
            window_start=now,
            window_end=now,
        )
        sent = subscriptions.create_delivery(
            session,
            subscription_id=subscription_id,
            local_date=date(2026, 11, 22),
            window_start=now,
            window_end=now,
        )
        assert failed is not None and sent is not None
        session.flush()
        subscriptions.finish_delivery(
            session, pk=failed.pk, status="failed", error="The SMTP server answered 550 no"
        )
        subscriptions.claim_delivery(session, pk=sent.pk, article_pks=pks)
        subscriptions.finish_delivery(session, pk=sent.pk, status="sent", stories=2, sources=6)
        return sent.pk


def test_deliveries_show_what_was_sent_and_why_one_failed(client: TestClient, store: Store) -> None:
    created = subscribe(client)
    add_sent_delivery(store, created["id"])

    page = client.get(f"/v1/subscriptions/{created['id']}/deliveries").json()

    assert page["total"] == 2
    sent, failed = page["items"]  # newest local date first
    assert (sent["local_date"], sent["status"], sent["articles"], sent["stories"]) == (
        "2026-11-22",
        "sent",
        6,
        2,
    )
    assert sent["links"]["digest"].startswith("http://testserver/digests/")
    assert (failed["status"], failed["error"], failed["links"]["digest"]) == (
        "failed",
        "The SMTP server answered 550 no",
        None,
    )


def test_the_emailed_digest_link_shows_that_digest_escaped(
    client: TestClient, store: Store
) -> None:
    created = subscribe(client)
    add_sent_delivery(store, created["id"])
    items = client.get(f"/v1/subscriptions/{created['id']}/deliveries").json()["items"]
    path = "/digests/" + token_of(items[0]["links"]["digest"])

    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Tagesbote" in page.text and "&lt;script&gt;" in page.text
    assert not re.search(r"<script", page.text, re.IGNORECASE)
    data = client.get(path, params={"format": "json"}).json()
    assert len(data["articles"]) == 6 and len(data["stories"]) == 2
    assert HOSTILE_TITLE in [a["title_en"] for a in data["articles"]]

    # A digest token is not an unsubscribe token, and an altered one shows nothing.
    assert client.post("/unsubscribe/" + token_of(path)).status_code == 404
    assert_problem(client.get(path[:-2] + "xx"), 404, "not_found")
    assert client.get(f"/v1/subscriptions/{created['id']}").json()["active"] is True


def test_a_short_secret_key_is_a_clear_server_error(make_client: AppFactory) -> None:
    client = make_client(secret_key="too-short")
    body = assert_problem(client.post("/v1/subscriptions", json=BODY), 500)
    assert "WIREDESK_SECRET_KEY is too short" in str(body["detail"])
    assert "too-short" not in str(body["detail"])
