"""`wiredesk submit --wait` and `wiredesk status` against the real stack, exit codes included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from tests.factories import seed_paths
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
