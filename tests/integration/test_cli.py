"""`wiredesk submit --wait` and `wiredesk status` against the real stack, exit codes included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from tests.factories import seed_batch, seed_paths
from tests.integration.conftest import Stack
from tests.servers import api_server, free_port, service_env
from wiredesk.client import EXIT_PARTIAL, EXIT_SUCCEEDED
from wiredesk.errors import NotFoundError, UnauthorizedError, UnavailableError
from wiredesk.service_cli import register

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run(cli: typer.Typer, *args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def test_submit_wait_writes_the_digest(stack: Stack, cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "digest"
    result = run(
        cli,
        "submit",
        str(seed_paths()[0].parent),
        "--api",
        stack.api_url,
        "--wait",
        "--out",
        str(out),
    )
    assert result.exit_code == EXIT_SUCCEEDED, result.output  # type: ignore[attr-defined]
    batch_id = result.stdout.splitlines()[0]  # type: ignore[attr-defined]
    assert f"batch {batch_id}: succeeded (5/5 done, 0 failed)" in result.stdout  # type: ignore[attr-defined]
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in digest["articles"]] == [p.stem for p in seed_paths()]
    assert (out / "digest.md").read_text().strip() and "<html" in (out / "digest.html").read_text()

    status = run(cli, "status", batch_id, "--api", stack.api_url, "--json")
    assert status.exit_code == EXIT_SUCCEEDED  # type: ignore[attr-defined]
    assert json.loads(status.stdout)["status"] == "succeeded"  # type: ignore[attr-defined]


def test_a_partial_batch_exits_10(stack: Stack, cli: typer.Typer, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_paths()[2], folder)
    (folder / "numbers.txt").write_text("12345 67890 11 22 33 44 55\n", encoding="utf-8")
    result = run(
        cli, "submit", str(folder), "--api", stack.api_url, "--wait", "--out", str(tmp_path / "out")
    )
    assert result.exit_code == EXIT_PARTIAL, result.output  # type: ignore[attr-defined]
    assert "failed numbers:" in result.stdout  # type: ignore[attr-defined]
    assert (tmp_path / "out" / "digest.json").exists()


def test_errors_keep_the_apis_detail(stack: Stack, cli: typer.Typer) -> None:
    missing = run(cli, "status", "nope", "--api", stack.api_url)
    assert isinstance(missing.exception, NotFoundError)  # type: ignore[attr-defined]
    assert "nope" in missing.exception.detail  # type: ignore[attr-defined]
    down = run(cli, "status", "x", "--api", f"http://127.0.0.1:{free_port()}")
    assert isinstance(down.exception, UnavailableError)  # type: ignore[attr-defined]


def test_a_keyed_api_under_uvicorn(stack: Stack, cli: typer.Typer, tmp_path: Path) -> None:
    """A second API process with keys, on the same queue and store as the session's worker."""
    port = free_port()
    env = service_env(stack.env, WIREDESK_API_KEYS="k-one,k-two")
    keyed = api_server(port=port, env=env, log=tmp_path / "keyed-api.log").start()
    url = f"http://127.0.0.1:{port}"
    try:
        assert httpx.get(f"{url}/v1/batches").status_code == 401
        refused = run(cli, "submit", str(seed_paths()[3]), "--api", url, "--key", "wrong")
        assert isinstance(refused.exception, UnauthorizedError)  # type: ignore[attr-defined]
        accepted = run(
            cli,
            "submit",
            str(seed_paths()[3]),
            "--api",
            url,
            "--key",
            "k-two",
            "--wait",
            "--out",
            str(tmp_path / "out"),
        )
        assert accepted.exit_code == EXIT_SUCCEEDED, accepted.output  # type: ignore[attr-defined]
        assert "WIREDESK_API_KEYS is not set" not in keyed.log_text()
        assert "k-two" not in keyed.log_text()
    finally:
        keyed.stop()


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("serve", ["--host", "--port", "--workers"]),
        ("worker", ["--concurrency", "--pool", "--loglevel", "WIREDESK_LOG_LEVEL", "--name"]),
        ("beat", ["--schedule", "--loglevel"]),
        ("submit", ["--api", "--key", "--wait", "--out", "WIREDESK_API_URL", "WIREDESK_API_KEY"]),
        ("status", ["--api", "--key", "--json"]),
    ],
)
def test_every_command_documents_its_options(
    cli: typer.Typer, command: str, options: list[str]
) -> None:
    result = CliRunner().invoke(cli, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.output, (command, option)


# --- through the real console script (issue 14) -----------------------------------------------
SCRIPT = Path(sys.executable).with_name("wiredesk")


def wiredesk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_a_digest_asked_for_too_early_is_409_with_retry_after_then_fetched_by_the_cli(
    stack: Stack, tmp_path: Path
) -> None:
    batch_id = stack.submit(seed_batch())
    with stack.http() as client:
        early = client.get(f"/v1/batches/{batch_id}/digest")
    assert early.status_code == 409, "the digest of five seeds cannot be ready at once"
    assert int(early.headers["Retry-After"]) > 0
    too_early = wiredesk("digest", batch_id, WIREDESK_API_URL=stack.api_url)
    if too_early.returncode != 0:  # still running: the CLI says so, with when to come back
        assert too_early.returncode == 5 and "Try again in" in too_early.stderr
    stack.wait(batch_id)

    printed = wiredesk("digest", batch_id, "--api", stack.api_url)
    assert printed.returncode == 0, printed.stderr
    digest = json.loads(printed.stdout)
    assert [a["id"] for a in digest["articles"]] == [p.stem for p in seed_paths()]
    # Each notice once (it used to come twice), and readable text for the tiny model.
    assert len(digest["notices"]) == len(set(digest["notices"])) == 1
    assert all(a["summary"][0].startswith("[de, untranslated] ") for a in digest["articles"])
    assert all(a["model_output"]["summary"] for a in digest["articles"])

    markdown = wiredesk("digest", batch_id, "--api", stack.api_url, "--format", "md")
    assert markdown.stdout.startswith("# Wiredesk digest") and "⚠" in markdown.stdout
    assert markdown.stdout.count("meaningless") >= 1
    written = wiredesk("digest", batch_id, "--api", stack.api_url, "-o", str(tmp_path / "d"))
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "digest.html", "digest.json", "digest.md",
    ]  # fmt: skip
    missing = wiredesk("digest", "no-such-batch", "--api", stack.api_url)
    assert missing.returncode == 4 and "no-such-batch" in missing.stderr


def test_a_401_says_how_to_give_the_key(stack: Stack, tmp_path: Path) -> None:
    port = free_port()
    env = service_env(stack.env, WIREDESK_API_KEYS="k-one")
    keyed = api_server(port=port, env=env, log=tmp_path / "keyed-api.log").start()
    try:
        refused = wiredesk("status", "x", "--api", f"http://127.0.0.1:{port}")
    finally:
        keyed.stop()
    assert refused.returncode == 6
    assert "--key" in refused.stderr and "WIREDESK_API_KEY" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_submit_wait_says_the_digests_notices_once(stack: Stack, tmp_path: Path) -> None:
    result = wiredesk("submit", str(seed_paths()[2]), "--api", stack.api_url, "--wait",
                      "--out", str(tmp_path))  # fmt: skip
    assert result.returncode == EXIT_SUCCEEDED, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith("NOTICE: ")]
    assert len(notices) == 1 and "meaningless" in notices[0], result.stderr
    assert (tmp_path / "digest.html").exists()
