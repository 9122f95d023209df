"""The batch service against `wiredesk run` on the same 20 articles, full-size model, CTranslate2.

    python -m benchmarks.service              # about 5 minutes on 2 cores
    python -m benchmarks.service --runs 3     # more rounds, alternating
    python -m benchmarks.service --concurrency 2

The 20 articles are the five seeds four times over (each its own file and id). The model is the
random opus-mt-de-en-sized benchmark model (`benchmarks.bench_model`) converted to CTranslate2
int8, every sentence capped at its source length as in `benchmarks.translate`'s end-to-end run.
`wiredesk run` is timed end to end in a fresh process (start-up, model load, translation,
digest); the service is a private Redis, the API under uvicorn and ONE `wiredesk worker`
(default: one process, threads on every core), started and warmed first, and is timed from the
POST of the batch to its final status, polled every 100 ms. Runs alternate CLI, service, CLI,
...; medians are reported, with the CPU seconds of each side (the CLI process; the worker's
processes), which a busy shared machine moves far less than the wall clock.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from benchmarks.bench_model import ensure_bench_model
from benchmarks.load import redis_server
from benchmarks.translate import E2E_LENGTH, SEEDS, WIREDESK, machine, run_measured
from tests.servers import PYTHON, Server, api_server, children, free_port, service_env
from wiredesk.config import get_settings
from wiredesk.store import Store, migrate
from wiredesk.translate.loader import convert_model

ARTICLES = 20
TARGET_SHARE = 1.15  # the service may take at most 15% longer than `wiredesk run`


def article_folder(folder: Path) -> list[Path]:
    """The 20 article files: the seeds, four times over."""
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = []
    for n in range(ARTICLES):
        path = folder / f"article-{n:02d}.txt"
        shutil.copyfile(seeds[n % len(seeds)], path)
        paths.append(path)
    return paths


def model_env(model: Path, *, threads: int) -> dict[str, str]:
    """What both sides share: the benchmark model on CTranslate2 int8, offline, same caps."""
    return service_env(
        os.environ,
        **E2E_LENGTH,
        WIREDESK_MODEL_DE=str(model),
        WIREDESK_BACKEND="ctranslate2",
        WIREDESK_COMPUTE_TYPE="int8",
        WIREDESK_THREADS=str(threads),
        WIREDESK_HUB_OFFLINE="1",
        HF_HUB_OFFLINE="1",
        WIREDESK_LOG_LEVEL="INFO",
    )


def time_cli(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds of `wiredesk run` on the folder, end to end, and its CPU seconds."""
    with tempfile.TemporaryDirectory() as out:
        run = run_measured([*WIREDESK, "run", str(folder), "--out", out], env=env)
    if run.returncode != 0 or "CTranslate2" not in run.stderr:
        raise RuntimeError(
            f"`wiredesk run` failed or did not use CTranslate2:\n{run.stderr[-2000:]}"
        )
    return run.seconds, run.cpu_seconds


def worker_server(env: dict[str, str], log: Path, *, concurrency: int | None) -> Server:
    """`wiredesk worker`, ready once every pool process has loaded the model."""
    processes = concurrency or 1  # the worker's default
    command = [PYTHON, "-m", "wiredesk.cli", "worker", "--name", "bench@%h"]
    if concurrency:
        command.append(f"--concurrency={concurrency}")

    def ready(server: Server) -> bool:
        return server.recent_log().count("ready (torch threads") >= processes

    return Server("wiredesk worker", command, env, log, ready, startup_timeout=180)


def groups(log: str) -> list[int]:
    """How many articles each task of the latest batch translated together, in order."""
    batches = re.findall(r"batch (\w+) article \S+ started \(attempt \d+, (\d+) together\)", log)
    if not batches:
        return []
    latest = batches[-1][0]
    sizes = [int(size) for batch, size in batches if batch == latest]
    found, index = [], 0
    while index < len(sizes):  # each task logs one line per article of its group
        found.append(sizes[index])
        index += sizes[index]
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process `pid` and its live children (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for each in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it exited meanwhile
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def time_service(api: str, paths: Sequence[Path]) -> float:
    """Seconds from submitting the articles as one batch to the batch's final status."""
    articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in paths]
    with httpx.Client(base_url=api, timeout=60) as client:
        started = time.perf_counter()
        answer = client.post("/v1/batches", json={"articles": articles})
        answer.raise_for_status()
        batch_id = answer.json()["id"]
        while True:
            status = client.get(f"/v1/batches/{batch_id}").json()
            if status["status"] in ("succeeded", "partial", "failed"):
                seconds = time.perf_counter() - started
                break
            time.sleep(0.1)
    if status["status"] != "succeeded":
        raise RuntimeError(f"The service's batch ended {status['status']}: {status}")
    return seconds


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="Timed runs of each side.")
    parser.add_argument("--threads", type=int, default=2, help="WIREDESK_THREADS for both.")
    parser.add_argument("--concurrency", type=int, help="Worker processes (default: 1).")
    args = parser.parse_args(argv)

    settings = get_settings()
    model = ensure_bench_model(settings)
    convert_model(
        "de", settings=settings.model_copy(update={"compute_type": "int8"}), override=str(model)
    )
    env = model_env(model, threads=args.threads)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="wiredesk-service-bench-") as scratch:
        folder = Path(scratch)
        articles = folder / "articles"
        articles.mkdir()
        paths = article_folder(articles)
        port, redis_port = free_port(), free_port()
        service = service_env(
            env,
            WIREDESK_REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            WIREDESK_DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
            WIREDESK_WARM_LANGUAGES="de",
            WIREDESK_RATE_LIMIT_PER_MINUTE="0",
        )
        store = Store(service["WIREDESK_DATABASE_URL"])
        migrate.upgrade(store)  # before the servers start: they refuse a store behind
        store.dispose()
        servers = [
            redis_server(port=redis_port, folder=folder, log_path=folder / "redis.log"),
            worker_server(service, folder / "worker.log", concurrency=args.concurrency),
            api_server(port=port, env=service, log=folder / "api.log"),
        ]
        cli_times: list[float] = []
        service_times: list[float] = []
        cli_cpu: list[float] = []
        service_cpu: list[float] = []
        try:
            for server in servers:
                server.start()
            api = f"http://127.0.0.1:{port}"
            time_service(api, paths[:2])  # warm-up: first glossary load, first batch
            worker_pid = servers[1].process.pid if servers[1].process else 0
            for _ in range(args.runs):
                seconds, cpu = time_cli(articles, env)
                cli_times.append(seconds)
                cli_cpu.append(cpu)
                before = cpu_seconds(worker_pid)
                service_times.append(time_service(api, paths))
                service_cpu.append(cpu_seconds(worker_pid) - before)
                print(
                    f"  run: wiredesk run {seconds:.1f} s (CPU {cpu:.1f} s), service "
                    f"{service_times[-1]:.1f} s (worker CPU {service_cpu[-1]:.1f} s), "
                    f"articles per task {groups(servers[1].recent_log())}, "
                    f"load {os.getloadavg()[0]:.1f}"
                )
        finally:
            for server in reversed(servers):
                server.stop()
    cli, svc = statistics.median(cli_times), statistics.median(service_times)
    print(f"\n{ARTICLES} articles, benchmark model on CTranslate2 int8, {args.threads} threads:")
    print(
        f"  `wiredesk run` (fresh process, end to end):  {cli:.1f} s (median of {len(cli_times)})"
    )
    runs = len(service_times)
    print(f"  service, one worker (submit to final status): {svc:.1f} s (median of {runs})")
    print(
        f"  CPU seconds: wiredesk run {statistics.median(cli_cpu):.1f}, worker "
        f"{statistics.median(service_cpu):.1f} (less moved by other load than the wall clock)"
    )
    share = svc / cli
    verdict = "met" if share <= TARGET_SHARE else "MISSED"
    print(f"  service / CLI = {share:.2f} (target <= {TARGET_SHARE:.2f}): {verdict}")
    print(f"Load average {os.getloadavg()[0]:.1f} at the end.")
    if share > TARGET_SHARE:
        sys.exit(1)


if __name__ == "__main__":
    main()
