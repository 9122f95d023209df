"""The rate limit: per key (or per client address), shared by API processes, 429 + Retry-After,
and open (with one warning) when Redis is away. API keys are compared in constant time and
never reach a log line or a Redis key."""

from __future__ import annotations

import hmac
import logging
import time

import pytest
import redis
from fastapi.testclient import TestClient

from api import deps
from api.main import create_app
from api.ratelimit import KEY_PREFIX
from tests.api.test_batches import assert_problem
from tests.factories import batch
from tests.reliability.conftest import ClientFactory
from tests.servers import free_port
from wiredesk.service_settings import ServiceSettings

# A real Redis (the buckets) and the test job store; no worker needed.
pytestmark = pytest.mark.integration

KEYS = "s3cret-one-7f1c, s3cret-two-99ab"
ONE = {"Authorization": "Bearer s3cret-one-7f1c"}
TWO = {"Authorization": "Bearer s3cret-two-99ab"}


def statuses(client: object, count: int, **kwargs: object) -> list[int]:
    return [client.get("/v1/batches", **kwargs).status_code for _ in range(count)]  # type: ignore[attr-defined]


def test_a_key_past_its_burst_gets_429_with_retry_after(make_client: ClientFactory) -> None:
    client = make_client(api_keys=KEYS, rate_limit_per_minute=60, rate_limit_burst=3)
    assert statuses(client, 3, headers=ONE) == [200, 200, 200]
    refused = client.get("/v1/batches", headers=ONE)
    problem = assert_problem(refused, 429, "rate_limited")
    assert refused.headers["Retry-After"] == "1"  # one token a second
    assert "60 a minute" in str(problem["detail"])
    # Each key has its own bucket; health and docs are never limited.
    assert client.get("/v1/batches", headers=TWO).status_code == 200
    assert statuses(client, 3, headers=ONE)[-1] == 429
    assert {client.get(path).status_code for path in ("/healthz", "/openapi.json") * 5} == {200}


def test_every_v1_route_takes_from_the_same_bucket(make_client: ClientFactory) -> None:
    client = make_client(api_keys=KEYS, rate_limit_per_minute=60, rate_limit_burst=4)
    assert client.post("/v1/batches", json=batch(), headers=ONE).status_code == 202
    assert client.get("/v1/glossaries/none", headers=ONE).status_code == 404
    assert client.get("/v1/batches/nope", headers=ONE).status_code == 404
    assert client.get("/v1/batches", headers=ONE).status_code == 200
    assert_problem(client.post("/v1/batches", json=batch(), headers=ONE), 429, "rate_limited")


def test_tokens_come_back_at_the_configured_rate(make_client: ClientFactory) -> None:
    client = make_client(rate_limit_per_minute=600, rate_limit_burst=1)  # 10 a second
    assert statuses(client, 2) == [200, 429]
    time.sleep(0.3)
    assert statuses(client, 2) == [200, 429]


def test_api_processes_share_one_limit_per_client_address(make_client: ClientFactory) -> None:
    # No keys: the limit is per client address, counted in Redis across processes.
    settings = {"rate_limit_per_minute": 60, "rate_limit_burst": 4}
    first = make_client(address="10.0.0.1", **settings)
    second = make_client(address="10.0.0.1", **settings)
    neighbour = make_client(address="10.0.0.2", **settings)
    assert statuses(first, 2) + statuses(second, 2) == [200] * 4
    assert statuses(first, 1) + statuses(second, 1) == [429, 429]
    assert statuses(neighbour, 4) == [200] * 4


def test_a_rate_of_zero_turns_the_limit_off(
    make_client: ClientFactory, hardening_redis: str
) -> None:
    client = make_client(rate_limit_per_minute=0, rate_limit_burst=1)
    assert set(statuses(client, 30)) == {200}
    assert not redis.Redis.from_url(hardening_redis).keys(f"{KEY_PREFIX}*")


def test_without_redis_the_limit_fails_open_and_says_so_once(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="wiredesk.api")
    dead = f"redis://127.0.0.1:{free_port()}/0"
    client = make_client(redis_url=dead, rate_limit_per_minute=60, rate_limit_burst=1)
    assert statuses(client, 5) == [200] * 5  # reads work from the job store alone
    submitted = client.post("/v1/batches", json=batch())
    assert_problem(submitted, 503, "unavailable")  # a batch cannot be queued without Redis
    warnings = [r.getMessage() for r in caplog.records if "failing open" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "NOT enforced" in warnings[0]


def test_keys_are_compared_in_constant_time(
    make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[int, int]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    client = make_client(api_keys="short, " + "long-" * 20 + ", third")
    for key, status in (("short", 200), ("third", 200), ("x" * 500, 401), ("", 401)):
        compared.clear()
        response = client.get("/v1/batches", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == status
        if key:  # an empty credential is refused before any comparison
            # Every key is compared, always, and always as two 32-byte digests: the time taken
            # says neither which key matched nor how long the keys are.
            assert compared == [(32, 32)] * 3


def test_keys_never_reach_the_log_or_redis(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture, hardening_redis: str
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(api_keys=KEYS, rate_limit_per_minute=60, rate_limit_burst=2)
    wrong = {"Authorization": "Bearer wrong-guess-5e2d"}
    client.get("/v1/batches", headers=wrong)
    for _ in range(3):  # ok, ok, 429
        client.post("/v1/batches", json=batch(), headers=ONE)
    client.get("/v1/batches/unknown", headers=TWO)
    dead = make_client(api_keys=KEYS, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    dead.post("/v1/batches", json=batch(), headers=ONE)  # 503 and a fail-open warning
    stored = b" ".join(redis.Redis.from_url(hardening_redis).keys("*"))
    assert stored  # the buckets are there, under hashes
    for secret in ("s3cret-one-7f1c", "s3cret-two-99ab", "wrong-guess-5e2d"):
        assert secret not in caplog.text
        assert secret.encode() not in stored


def test_email_link_routes_are_limited_per_address(hardening_redis: str, database_url: str) -> None:
    # The routes an email link opens take no key: their tokens cannot be guessed at full speed.
    settings = ServiceSettings(
        redis_url=hardening_redis,
        database_url=database_url,
        api_keys=KEYS,
        rate_limit_per_minute=60,
        rate_limit_burst=3,
    )
    with TestClient(create_app(settings), client=("10.0.0.9", 1)) as client:
        codes = [
            client.get("/unsubscribe/guess1").status_code,
            client.post("/unsubscribe/guess2").status_code,
            client.get("/digests/guess3").status_code,
            client.get("/unsubscribe/guess4").status_code,
        ]
        assert codes == [404, 404, 404, 429]
        assert_problem(client.get("/digests/guess5"), 429, "rate_limited")
    with TestClient(create_app(settings), client=("10.0.0.10", 1)) as other:
        assert other.get("/unsubscribe/guess1").status_code == 404  # another address, own bucket
