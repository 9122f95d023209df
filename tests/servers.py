"""Start and stop the real servers the service tests run against: Redis, uvicorn, Celery.

No fakes: a Redis server (the local one on a dedicated database, or a throw-away
`redis-server` on a free port), the API under uvicorn, and a prefork Celery worker, each a
subprocess of the test run with its output in a log file for post-mortems.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

from wiredesk.config import PROJECT_ROOT

# TEST_REDIS_PORT points the suite at another local Redis, so parallel test runs on one
# machine (several checkouts) never share, and flush, each other's databases.
LOCAL_REDIS = ("127.0.0.1", int(os.environ.get("TEST_REDIS_PORT", "6379")))
PYTHON = sys.executable


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    check: Callable[[], bool], *, timeout: float, what: str, log: Path | None = None
) -> None:
    """Poll `check` every 50 ms until it is true; fail with the log's tail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} not ready after {timeout} s\n{tail}")


# --- Redis --------------------------------------------------------------------------------------
_spawned_redis: tuple[subprocess.Popen[bytes], int] | None = None
_local_redis_lock: object | None = None  # the open lock file while this run holds the local Redis


def _hold_local_redis() -> bool:
    """Whether this test run may use the local Redis: no other run on this machine holds it.

    Two runs on one Redis flush and drain each other's queues; the first takes the local
    server, a run started while it goes on gets a throw-away `redis-server` of its own (or,
    without that binary, waits for the first run to end).
    """
    global _local_redis_lock
    if _local_redis_lock is not None:
        return True
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"wiredesk-tests-redis-{LOCAL_REDIS[1]}.lock"
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if shutil.which("redis-server") else 0))
    except BlockingIOError:
        handle.close()
        return False
    _local_redis_lock = handle  # released when the run's process exits
    return True


def redis_answers(host: str, port: int) -> bool:
    """Whether a Redis server answers PING at host:port."""
    client = redis.Redis(host=host, port=port, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def redis_url(db: int) -> str:
    """A URL of a real Redis database `db`, emptied: the local server, or one started for the run.

    Each test suite uses its own database number, so queues of different suites never mix;
    test runs side by side on one machine never share a server (`_hold_local_redis`).
    """
    global _spawned_redis
    if _spawned_redis is None and redis_answers(*LOCAL_REDIS) and _hold_local_redis():
        host, port = LOCAL_REDIS
    else:
        if _spawned_redis is None:
            port = free_port()
            process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _spawned_redis = (process, port)
            atexit.register(stop, process)
            wait_until(lambda: redis_answers("127.0.0.1", port), timeout=10, what="redis-server")
        host, port = "127.0.0.1", _spawned_redis[1]
    url = f"redis://{host}:{port}/{db}"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()
    return url


# --- processes ----------------------------------------------------------------------------------
def service_env(base: Mapping[str, str], **overrides: str) -> dict[str, str]:
    """The environment for a server subprocess: the test environment, the repo importable."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


def stop(process: subprocess.Popen[bytes], *, timeout: float = 10) -> None:
    """Stop a server: SIGTERM, then SIGKILL if it does not exit in `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def children(pid: int) -> list[int]:
    """Process ids of the direct children of `pid` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.extend(int(child) for child in (task / "children").read_text().split())
    return found


@dataclass
class Server:
    """A server subprocess started from `command`, restartable, with its log file."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    ready: Callable[[Server], bool]
    startup_timeout: float = 60
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _offset: int = 0

    def start(self) -> Server:
        """Start the process and wait until it is ready."""
        self.launch()
        self.wait_ready()
        return self

    def launch(self) -> None:
        """Start the process without waiting (start several, then wait for each)."""
        self._offset = self.log.stat().st_size if self.log.exists() else 0
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=PROJECT_ROOT, stdout=handle, stderr=subprocess.STDOUT
        )
        handle.close()

    def wait_ready(self) -> None:
        """Wait until the launched process is ready; fail with its log if it dies or hangs."""
        wait_until(self._ready, timeout=self.startup_timeout, what=self.name, log=self.log)

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}\n{tail}")
        return self.ready(self)

    def stop(self) -> None:
        """Stop it gracefully (SIGTERM), or kill it."""
        if self.process is not None:
            stop(self.process)

    def kill(self) -> None:
        """SIGKILL the process and all its children at once, as a crash or the OOM killer would."""
        assert self.process is not None
        pids = [*children(self.process.pid), self.process.pid]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def log_text(self) -> str:
        """Everything the process logged so far, over all its starts."""
        return self.log.read_text(errors="replace")

    def recent_log(self) -> str:
        """What the process logged since its latest start."""
        with self.log.open("rb") as handle:
            handle.seek(self._offset)
            return handle.read().decode("utf-8", errors="replace")


def api_server(*, port: int, env: dict[str, str], log: Path) -> Server:
    """The API under a real uvicorn, ready when /healthz answers."""
    url = f"http://127.0.0.1:{port}"

    def ready(_: Server) -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    command = [
        PYTHON,
        "-m",
        "uvicorn",
        "api.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "info",
    ]
    return Server("uvicorn", command, env, log, ready)


def celery_worker(*, env: dict[str, str], log: Path, name: str = "test") -> Server:
    """A prefork Celery worker with one child, ready when its child has built its pipeline."""

    def ready(server: Server) -> bool:
        return "ready (torch threads" in server.recent_log()

    command = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "worker.app",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--hostname",
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return Server("celery worker", command, env, log, ready, startup_timeout=90)
