"""The README's service quick start, through the real console script, on a machine without weights.

`wiredesk serve`, `wiredesk worker --concurrency 1 --fallback tiny` and `wiredesk submit ...
--wait --out DIR`, as README.md writes them (other ports, and a short length cap so the tiny
model is quick): the batch must finish, and the digest and the terminal must say loudly that
the tiny model was used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.factories import seed_paths
from tests.servers import Server, free_port, redis_url, service_env
from wiredesk.config import PROJECT_ROOT
from wiredesk.schema import Digest

pytestmark = pytest.mark.integration

QUICK_START_REDIS_DB = 9  # 10-15 belong to the other suites
SCRIPT = Path(sys.executable).with_name("wiredesk")
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_these_commands() -> None:
    for line in (
        ".venv/bin/wiredesk db upgrade",
        ".venv/bin/wiredesk serve",
        ".venv/bin/wiredesk worker --concurrency 1 --fallback tiny",
        ".venv/bin/wiredesk submit seeds/ --wait --out out/service",
    ):
        assert line in README, line


def test_the_quick_start_without_weights_ends_with_a_loud_tiny_digest(
    tmp_path: Path, tiny_model: Path
) -> None:
    port = free_port()
    env = service_env(
        os.environ,
        WIREDESK_REDIS_URL=redis_url(QUICK_START_REDIS_DB),
        WIREDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'wiredesk.db'}",
        WIREDESK_PORT=str(port),
        WIREDESK_API_URL=f"http://127.0.0.1:{port}",
        WIREDESK_BEAMS="1",
        WIREDESK_MAX_LENGTH_RATIO="0.5",
        WIREDESK_MAX_LENGTH_EXTRA="2",
    )
    env.pop("WIREDESK_MODEL_DE", None)
    env.pop("WIREDESK_MODEL_FALLBACK", None)

    def api_ready(_: Server) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    api = Server("serve", [str(SCRIPT), "serve"], env, tmp_path / "serve.log", api_ready)
    worker = Server(
        "worker",
        [str(SCRIPT), "worker", "--concurrency", "1", "--fallback", "tiny"],
        env,
        tmp_path / "worker.log",
        lambda server: "ready (torch threads" in server.recent_log(),
        startup_timeout=120,
    )
    upgraded = subprocess.run(
        [str(SCRIPT), "db", "upgrade"], capture_output=True, text=True, timeout=120, env=env
    )
    assert upgraded.returncode == 0, upgraded.stderr
    api.launch()
    worker.launch()
    try:
        api.wait_ready()
        worker.wait_ready()
        result = subprocess.run(
            [str(SCRIPT), "submit", str(seed_paths()[2]), "--wait", "--out", str(tmp_path / "out"),
             "--timeout", "240"],
            capture_output=True, text=True, timeout=300, env=env,
        )  # fmt: skip
    finally:
        worker.stop()
        api.stop()
    assert "TINY TEST MODEL" in worker.log_text().splitlines()[0]  # said first, loudly
    assert result.returncode == 0, result.stderr + worker.log_text()[-3000:]
    assert "succeeded (1/1 done, 0 failed)" in result.stdout
    assert "NOTICE: FALLBACK" in result.stderr
    digest = Digest.model_validate_json((tmp_path / "out" / "digest.json").read_text())
    assert any(notice.startswith("FALLBACK") for notice in digest.notices)
    assert len(digest.notices) == len(set(digest.notices))
    page = (tmp_path / "out" / "digest.html").read_text(encoding="utf-8")
    assert "TINY TEST MODEL" in page and "[de, untranslated]" in page
