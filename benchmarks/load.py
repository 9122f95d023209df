"""Load: batches from concurrent clients against one API process and two worker processes.

    python -m benchmarks.load                    # 200 batches of 1-10 articles, 20 clients
    python -m benchmarks.load --kill-workers     # SIGKILL a worker every few seconds, restart it
    python -m benchmarks.load --batches 40 --clients 8 --json out/load.json

Everything runs on loopback and is started here, from the repository: a PRIVATE redis-server
on a free port (append-only file on, as in docker-compose), a SQLite job store, the API under
uvicorn, and two Celery workers of one process each, on the tiny (meaningless) model with one
beam and a short length cap, so the run measures the service, not translation. Each client
submits a batch, polls it until it is final, checks that every succeeded article has its
result, and starts the next. The run is bounded: `--batches` in all, `--timeout` seconds.

It prints batches submitted / finished / lost, articles with and without their results, p50 and
p95 latencies of submit and status requests (all made while the workers were busy), the 5xx
count and every request that failed. It exits 1 unless every batch finished, every succeeded
article has its result, and no request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.script import run_script
from tests.servers import (
    Server,
    api_server,
    celery_worker,
    children,
    free_port,
    redis_answers,
    service_env,
)
from wiredesk.clean import clean
from wiredesk.client import FINAL_STATUSES
from wiredesk.config import PROJECT_ROOT, Settings
from wiredesk.store import Store, jobs, migrate
from wiredesk.tiny import ensure_tiny_model

log = logging.getLogger("benchmarks.load")

SEEDS = PROJECT_ROOT / "seeds"
LATENCY_TARGET_MS = 100.0
POLL_SECONDS = 0.5
READY_LINE = "ready (torch threads"  # what a worker's pool process logs once it can work
REQUEST_TIMEOUT_S = 30.0


# --- the service stack --------------------------------------------------------------------------
def stack_env(
    base: dict[str, str], *, redis_url: str, database_url: str, models_dir: Path, keys: list[str]
) -> dict[str, str]:
    """Settings for the API and workers: tiny model, short limits, quick retries, loopback."""
    return service_env(
        base,
        WIREDESK_REDIS_URL=redis_url,
        WIREDESK_DATABASE_URL=database_url,
        WIREDESK_MODELS_DIR=str(models_dir),
        WIREDESK_HUB_OFFLINE="true",
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        OMP_NUM_THREADS="1",
        WIREDESK_THREADS="1",
        WIREDESK_MODEL_DE="tiny",
        # The tiny model never stops early: every sentence runs to the length cap, so a low cap
        # and one beam keep an article well under a second.
        WIREDESK_BEAMS="1",
        WIREDESK_MAX_LENGTH_RATIO="0.3",
        WIREDESK_MAX_LENGTH_EXTRA="2",
        WIREDESK_CONCURRENCY="1",
        WIREDESK_LOG_LEVEL="INFO",
        WIREDESK_API_KEYS=",".join(keys),
        # A killed worker's unacknowledged task comes back after this (not after an hour).
        WIREDESK_VISIBILITY_TIMEOUT="30",
        WIREDESK_TASK_TIME_LIMIT="25",
        WIREDESK_TASK_SOFT_TIME_LIMIT="20",
        WIREDESK_TASK_RETRY_BACKOFF="1",
        WIREDESK_TASK_RETRY_BACKOFF_MAX="4",
        WIREDESK_TASK_MAX_RETRIES="10",
    )


def redis_server(*, port: int, folder: Path, log_path: Path) -> Server:
    """A private redis-server on `port`, persisting to an append-only file in `folder`."""
    command = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(folder),
        "--appendonly",
        "yes",
        "--save",
        "",
        "--daemonize",
        "no",
    ]
    return Server(
        "redis-server",
        command,
        dict(os.environ),
        log_path,
        lambda _: redis_answers("127.0.0.1", port),
    )


@dataclass
class Stack:
    """A private Redis, the API and the workers, each a subprocess that can be killed."""

    folder: Path
    keys: list[str]
    workers: int = 2
    overrides: dict[str, str] = field(default_factory=dict)  # more WIREDESK_* settings
    redis_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    redis: Server = field(init=False)
    api: Server = field(init=False)
    worker_servers: list[Server] = field(init=False)
    store: Store = field(init=False)
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{self.folder / 'wiredesk.db'}"
        models_dir = Settings().models_dir  # WIREDESK_MODELS_DIR, as the workers will see it
        ensure_tiny_model(Settings(models_dir=models_dir, hub_offline=True))
        self.env = (
            stack_env(
                dict(os.environ),
                redis_url=f"redis://127.0.0.1:{self.redis_port}/0",
                database_url=database_url,
                models_dir=models_dir,
                keys=self.keys,
            )
            | self.overrides
        )
        self.redis = redis_server(
            port=self.redis_port, folder=self.folder, log_path=self.folder / "redis.log"
        )
        self.api = api_server(port=self.api_port, env=self.env, log=self.folder / "api.log")
        self.worker_servers = [
            celery_worker(env=self.env, log=self.folder / f"worker-{n}.log", name=f"w{n}")
            for n in range(1, self.workers + 1)
        ]
        self.store = Store(database_url)

    @property
    def api_url(self) -> str:
        """Where the API listens."""
        return f"http://127.0.0.1:{self.api_port}"

    def start(self) -> Stack:
        """Start Redis, then the API and the workers together; wait until all are ready."""
        self.redis.start()
        migrate.upgrade(self.store)  # before the servers start: they refuse a store behind
        for server in [self.api, *self.worker_servers]:
            server.launch()
        for server in [self.api, *self.worker_servers]:
            server.wait_ready()
        return self

    def stop(self) -> None:
        """Stop everything (gracefully, else killed)."""
        for server in [self.api, *self.worker_servers, self.redis]:
            try:
                server.stop()
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("could not stop %s: %s", server.name, exc)
        self.store.dispose()

    def kill_pool_process(self, index: int) -> bool:
        """SIGKILL the pool process of worker `index` (its parent starts a new one)."""
        process = self.worker_servers[index].process
        if process is None or process.poll() is not None:
            return False
        for pid in children(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return True

    def kill_worker(self, index: int) -> None:
        """SIGKILL worker `index` whole (parent and pool process), then start it again."""
        server = self.worker_servers[index]
        server.kill()
        server.launch()

    def restart_redis(self, *, down_for: float = 0.0) -> None:
        """SIGKILL Redis (a crash, not a shutdown), wait, start it again on the same port."""
        self.redis.kill()
        time.sleep(down_for)
        self.redis.start()

    def restart_api(self) -> None:
        """Stop the API (SIGTERM) and start it again on the same port."""
        self.api.stop()
        self.api.start()


@contextlib.contextmanager
def running_stack(
    folder: Path, *, keys: list[str], workers: int = 2, overrides: dict[str, str] | None = None
) -> Iterator[Stack]:
    """A started stack that is stopped on the way out, whatever happened."""
    stack = Stack(folder=folder, keys=keys, workers=workers, overrides=overrides or {})
    try:
        yield stack.start()
    finally:
        stack.stop()


# --- what the clients send ----------------------------------------------------------------------
def seed_sentences() -> list[str]:
    """German sentences of the seed articles' cleaned text, mid-length, to build articles of."""
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8"), language="de").text
        for line in text.splitlines():
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if 60 <= len(s) <= 220]
    return sentences


def make_batch(rng: random.Random, sentences: list[str], *, max_articles: int) -> dict[str, Any]:
    """A batch of 1..max_articles articles of 1-3 seed sentences each."""
    count = rng.randint(1, max_articles)
    articles = [
        {
            "id": f"a{n}",
            "source": f"Quelle {n}",
            "language": "de",
            "text": " ".join(rng.sample(sentences, rng.randint(1, 3))),
        }
        for n in range(1, count + 1)
    ]
    return {"articles": articles}


# --- the clients ----------------------------------------------------------------------------------
@dataclass
class Tally:
    """Everything the clients saw."""

    submitted: int = 0
    finished: Counter[str] = field(default_factory=Counter)
    unfinished: list[str] = field(default_factory=list)
    articles_ok: int = 0
    articles_failed: int = 0
    ok_without_result: list[str] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    status_ms: list[float] = field(default_factory=list)
    server_errors: int = 0
    failed_requests: Counter[str] = field(default_factory=Counter)
    failure_examples: list[str] = field(default_factory=list)

    def fail(self, what: str, detail: str) -> None:
        """Record a failed request (connection error, timeout, 5xx, 429, anything unexpected)."""
        self.failed_requests[what] += 1
        if len(self.failure_examples) < 10:
            self.failure_examples.append(f"{what}: {detail[:200]}")


class LoadClient:
    """One client: submit a batch, poll it until it is final, check its results, repeat."""

    def __init__(
        self, http: httpx.AsyncClient, tally: Tally, *, deadline: float, delay: float = 0.0
    ) -> None:
        self.http, self.tally, self.deadline, self.delay = http, tally, deadline, delay

    async def request(
        self, method: str, url: str, what: str, **kwargs: Any
    ) -> httpx.Response | None:
        """Send one request; None (and a recorded failure) unless it got a non-5xx answer."""
        started = time.perf_counter()
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.tally.fail(what, f"{type(exc).__name__}: {exc}")
            return None
        elapsed = (time.perf_counter() - started) * 1000
        if what == "submit":
            self.tally.submit_ms.append(elapsed)
        elif what == "status":
            self.tally.status_ms.append(elapsed)
        if response.status_code >= 500:
            self.tally.server_errors += 1
            self.tally.fail(what, f"{response.status_code} {response.text}")
            return None
        return response

    async def submit(self, payload: dict[str, Any]) -> str | None:
        """Submit until accepted (a refused submission is a failure, then retried); the
        Idempotency-Key makes a retry after a lost answer return the same batch, not a second."""
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        while time.monotonic() < self.deadline:
            response = await self.request(
                "POST", "/v1/batches", "submit", json=payload, headers=headers
            )
            if response is not None and response.status_code == 202:
                self.tally.submitted += 1
                return str(response.json()["id"])
            if response is not None:
                self.tally.fail("submit", f"{response.status_code} {response.text}")
            await asyncio.sleep(_retry_after(response))
        return None

    async def wait(self, batch_id: str) -> dict[str, Any] | None:
        """Poll until the batch is final; its last status, or None at the deadline."""
        while time.monotonic() < self.deadline:
            response = await self.request("GET", f"/v1/batches/{batch_id}", "status")
            if response is not None and response.status_code == 200:
                status = response.json()
                if status["status"] in FINAL_STATUSES:
                    return status  # type: ignore[no-any-return]
            elif response is not None:
                self.tally.fail("status", f"{response.status_code} {response.text}")
            await asyncio.sleep(POLL_SECONDS if response is not None else _retry_after(response))
        return None

    async def check_results(self, batch_id: str, status: dict[str, Any]) -> None:
        """Every article the batch reports as ok must have its result, with a translation."""
        for article in status["articles"]:
            if article["status"] != "ok":
                self.tally.articles_failed += 1
                continue
            self.tally.articles_ok += 1
            url = f"/v1/batches/{batch_id}/articles/{article['id']}"
            response = await self.request("GET", url, "result")
            result = response.json() if response is not None and response.status_code == 200 else {}
            if result.get("status") != "ok" or not result.get("translation"):
                self.tally.ok_without_result.append(f"{batch_id}/{article['id']}")

    async def run(self, payloads: list[dict[str, Any]]) -> None:
        """Work through this client's batches, one at a time, after its start delay."""
        await asyncio.sleep(self.delay)
        for payload in payloads:
            batch_id = await self.submit(payload)
            if batch_id is None:
                return
            status = await self.wait(batch_id)
            if status is None:
                self.tally.unfinished.append(batch_id)
                continue
            self.tally.finished[status["status"]] += 1
            await self.check_results(batch_id, status)


def _retry_after(response: httpx.Response | None) -> float:
    """Seconds to wait before retrying: the server's Retry-After, else one second."""
    if response is not None and response.headers.get("Retry-After", "").isdigit():
        return float(response.headers["Retry-After"])
    return 1.0


async def run_clients(
    api_url: str, keys: list[str], payloads: list[dict[str, Any]], *, timeout: float, ramp_up: float
) -> Tally:
    """Run one client per key, concurrently, sharing the payloads out round-robin; the clients
    start evenly spread over `ramp_up` seconds, as independent clients would."""
    tally = Tally()
    deadline = time.monotonic() + timeout
    shares = [payloads[n :: len(keys)] for n in range(len(keys))]
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    clients = [
        httpx.AsyncClient(
            base_url=api_url,
            headers={"Authorization": f"Bearer {key}"},
            timeout=REQUEST_TIMEOUT_S,
            limits=limits,
        )
        for key in keys
    ]
    try:
        await asyncio.gather(
            *(
                LoadClient(client, tally, deadline=deadline, delay=ramp_up * n / len(keys)).run(
                    share
                )
                for n, (client, share) in enumerate(zip(clients, shares, strict=True))
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    return tally


# --- killing workers ----------------------------------------------------------------------------
class WorkerKiller:
    """Every few seconds, SIGKILL a working worker: in turn its pool process, or all of it.

    Only a worker that is ready (its pool process has loaded the model since its last kill)
    is killed, so every kill hits a worker that is taking tasks, and work always moves on.
    """

    def __init__(self, stack: Stack, *, every: float, rng: random.Random) -> None:
        self.stack, self.every, self.rng = stack, every, rng
        self.kills: Counter[str] = Counter()
        self._readiness = [0] * len(stack.worker_servers)  # "ready" lines seen at the last kill
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="worker-killer", daemon=True)

    def start(self) -> None:
        """Start killing, in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop killing and wait for the thread."""
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        turn = 0
        while not self._stop.wait(self.every * self.rng.uniform(0.5, 1.5)):
            ready = [
                n for n in range(len(self._readiness)) if self._ready_count(n) > self._readiness[n]
            ]
            if not ready:
                continue
            index = self.rng.choice(ready)
            whole = turn % 2 == 1
            self._readiness[index] = 0 if whole else self._ready_count(index)
            if whole:
                self.stack.kill_worker(index)  # its log starts again: 0 "ready" lines seen
                self.kills["whole worker"] += 1
            elif self.stack.kill_pool_process(index):
                self.kills["pool process"] += 1
            turn += 1

    def _ready_count(self, index: int) -> int:
        """How often worker `index`'s pool process became ready since the worker started."""
        return self.stack.worker_servers[index].recent_log().count(READY_LINE)


# --- the report ---------------------------------------------------------------------------------
@dataclass
class Report:
    """The figures of one run, as printed and as written to `--json`."""

    batches: int
    clients: int
    ramp_up_s: float
    kill_workers: bool
    seconds: float
    submitted: int
    finished: dict[str, int]
    lost: int
    articles_ok: int
    articles_failed: int
    ok_without_result: int
    redelivered_articles: int
    worker_kills: dict[str, int]
    submit_p50_ms: float
    submit_p95_ms: float
    status_p50_ms: float
    status_p95_ms: float
    submit_max_ms: float
    status_max_ms: float
    submits: int
    polls: int
    server_errors: int
    failed_requests: dict[str, int]
    failure_examples: list[str]

    @property
    def passed(self) -> bool:
        """Nothing lost, every succeeded article has its result, no request failed."""
        return (
            self.lost == 0
            and self.ok_without_result == 0
            and self.server_errors == 0
            and not self.failed_requests
            and sum(self.finished.values()) == self.batches
        )

    @property
    def latency_ok(self) -> bool:
        """Whether p95 of submit and status stayed under the target."""
        return max(self.submit_p95_ms, self.status_p95_ms) < LATENCY_TARGET_MS


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.5, 0.95) of `values`; 0 for none."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def redeliveries(store: Store) -> int:
    """Articles that were started more than once (their worker was killed)."""
    with store.read() as session:
        rows, _ = jobs.list_batches(session, limit=100_000, offset=0)
        return sum(
            1
            for batch in rows
            for row in jobs.article_rows(session, batch_id=batch.id)
            if row.attempts > 1
        )


def build_report(
    args: argparse.Namespace, tally: Tally, *, seconds: float, stack: Stack, kills: Counter[str]
) -> Report:
    """Combine what the clients saw with what the store says."""
    return Report(
        batches=args.batches,
        clients=args.clients,
        ramp_up_s=args.ramp_up,
        kill_workers=args.kill_workers,
        seconds=round(seconds, 1),
        submitted=tally.submitted,
        finished=dict(tally.finished),
        lost=args.batches - sum(tally.finished.values()),
        articles_ok=tally.articles_ok,
        articles_failed=tally.articles_failed,
        ok_without_result=len(tally.ok_without_result),
        redelivered_articles=redeliveries(stack.store),
        worker_kills=dict(kills),
        submit_p50_ms=round(percentile(tally.submit_ms, 0.5), 1),
        submit_p95_ms=round(percentile(tally.submit_ms, 0.95), 1),
        status_p50_ms=round(percentile(tally.status_ms, 0.5), 1),
        status_p95_ms=round(percentile(tally.status_ms, 0.95), 1),
        submit_max_ms=round(max(tally.submit_ms, default=0.0), 1),
        status_max_ms=round(max(tally.status_ms, default=0.0), 1),
        submits=len(tally.submit_ms),
        polls=len(tally.status_ms),
        server_errors=tally.server_errors,
        failed_requests=dict(tally.failed_requests),
        failure_examples=tally.failure_examples,
    )


def print_report(report: Report) -> None:
    """The figures as a small table, then the verdict."""
    finished = ", ".join(f"{n} {status}" for status, n in sorted(report.finished.items()))
    kills = ", ".join(f"{n} {what}" for what, n in report.worker_kills.items()) or "none"
    rows = [
        (
            "batches submitted",
            f"{report.submitted} of {report.batches} "
            f"({report.clients} clients, started over {report.ramp_up_s:.0f} s)",
        ),
        ("batches finished", f"{sum(report.finished.values())} ({finished or 'none'})"),
        ("batches lost", str(report.lost)),
        ("articles ok / failed", f"{report.articles_ok} / {report.articles_failed}"),
        ("ok articles without result", str(report.ok_without_result)),
        ("worker kills", kills),
        ("articles started twice or more", str(report.redelivered_articles)),
        (
            "submit p50 / p95 / max",
            f"{report.submit_p50_ms:.0f} / {report.submit_p95_ms:.0f} / "
            f"{report.submit_max_ms:.0f} ms ({report.submits} requests)",
        ),
        (
            "status p50 / p95 / max",
            f"{report.status_p50_ms:.0f} / {report.status_p95_ms:.0f} / "
            f"{report.status_max_ms:.0f} ms ({report.polls} requests)",
        ),
        ("5xx responses", str(report.server_errors)),
        ("failed requests", str(sum(report.failed_requests.values()))),
        ("wall time", f"{report.seconds:.0f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for example in report.failure_examples:
        print(f"  ! {example}")
    latency = "under" if report.latency_ok else "OVER"
    print(f"  p95 latency {latency} the {LATENCY_TARGET_MS:.0f} ms target")
    print("PASS" if report.passed else "FAIL")


# --- main ---------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=200, help="batches in all (default 200)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--max-articles", type=int, default=10, help="most articles per batch")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds before giving up")
    parser.add_argument(
        "--ramp-up", type=float, default=5.0, help="seconds over which the clients start"
    )
    parser.add_argument("--kill-workers", action="store_true", help="SIGKILL workers repeatedly")
    parser.add_argument("--kill-every", type=float, default=8.0, help="seconds between kills")
    parser.add_argument("--seed", type=int, default=7, help="random seed of batches and kills")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep logs and the database in this folder")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> Report:
    """Start the stack, run the clients (and the killer), report."""
    rng = random.Random(args.seed)
    sentences = seed_sentences()
    payloads = [
        make_batch(rng, sentences, max_articles=args.max_articles) for _ in range(args.batches)
    ]
    keys = [f"load-key-{n:02d}-{rng.getrandbits(64):016x}" for n in range(args.clients)]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wiredesk-load-"))
    print(f"Starting Redis, the API and {args.workers} workers (logs in {folder}) ...", flush=True)
    with running_stack(folder, keys=keys, workers=args.workers) as stack:
        killer = WorkerKiller(stack, every=args.kill_every, rng=rng) if args.kill_workers else None
        print(f"Running {args.batches} batches from {args.clients} clients ...", flush=True)
        started = time.monotonic()
        if killer:
            killer.start()
        try:
            tally = asyncio.run(
                run_clients(
                    stack.api_url, keys, payloads, timeout=args.timeout, ramp_up=args.ramp_up
                )
            )
        finally:
            if killer:
                killer.stop()
        seconds = time.monotonic() - started
        report = build_report(
            args, tally, seconds=seconds, stack=stack, kills=killer.kills if killer else Counter()
        )
    if report.passed and args.keep is None:
        shutil.rmtree(folder)  # logs are kept (and named above) only when something failed
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the load test; exit 0 when nothing was lost and no request failed."""
    return run_script(argv, parse_args=parse_args, run=run, print_report=print_report)


if __name__ == "__main__":
    sys.exit(main())
