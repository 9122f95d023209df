"""`wiredesk worker` and `wiredesk send-digest` through the real console script.

The worker must say at start-up, loudly, what it needs when it has no weights, with hints that
name options it really has; `send-digest` must report how the SMTP session was really secured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import fresh_database
from tests.mailbox import self_signed_certificate, smtp_server
from tests.servers import free_port

SCRIPT = Path(sys.executable).with_name("wiredesk")


def start_worker(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(SCRIPT), "worker", "--concurrency", "1", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
    )


def first_line_with(process: subprocess.Popen[str], text: str, *, timeout: float = 60) -> str:
    """The first output line containing `text` (the worker is stopped afterwards)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    seen = []
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if text in line:
                return line
    finally:
        process.kill()
        process.wait(timeout=10)
    raise AssertionError(f"{text!r} not in the worker's output:\n{''.join(seen)[-3000:]}")


@pytest.fixture
def no_weights(tmp_path: Path) -> dict[str, str]:
    """A worker environment with an empty models folder, offline, and a Redis nobody runs."""
    return {
        "WIREDESK_MODELS_DIR": str(tmp_path / "models"),
        "WIREDESK_HUB_OFFLINE": "true",
        "WIREDESK_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "WIREDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'wd.db'}",
        "WIREDESK_WARM_LANGUAGES": "de",
    }


def test_a_worker_without_weights_says_what_it_needs(no_weights: dict[str, str]) -> None:
    line = first_line_with(start_worker(env=no_weights), "WARNING")
    assert "no translation weights on disk for 'de'" in line and "FAIL" in line
    for hint in ("wiredesk models pull de", "WIREDESK_MODEL_DE", "wiredesk worker --fallback tiny",
                 "WIREDESK_MODEL_FALLBACK=tiny"):  # fmt: skip
        assert hint in line, hint


def test_worker_fallback_tiny_is_an_option_and_says_so(no_weights: dict[str, str]) -> None:
    line = first_line_with(start_worker("--fallback", "tiny", env=no_weights), "NOTICE")
    assert "TINY TEST MODEL" in line and "MEANINGLESS" in line


def test_worker_model_tiny_is_an_option(no_weights: dict[str, str], tiny_model: Path) -> None:
    env = {**no_weights, "WIREDESK_MODELS_DIR": str(tiny_model.parent)}
    line = first_line_with(start_worker("--model", "tiny", env=env), "Model for 'de'")
    assert str(tiny_model) in line


# --- send-digest ------------------------------------------------------------------------------


def send_digest(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "send-digest", "--to", "reader@example.com"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.fixture
def job_store(tmp_path: Path) -> Iterator[str]:
    """A migrated job store's URL (send-digest records what it sent)."""
    with fresh_database(tmp_path) as url:
        yield url


def test_send_digest_reports_plain_when_the_server_offers_no_starttls(job_store: str) -> None:
    with smtp_server() as box:
        result = send_digest(
            {
                "WIREDESK_DATABASE_URL": job_store,
                "WIREDESK_SMTP_URL": f"smtp://127.0.0.1:{box.port}",
            }
        )
        assert result.returncode == 0, result.stderr
        assert len(box.wait_for(1)) == 1
    assert f"via 127.0.0.1:{box.port} (plain: the server offers no STARTTLS)" in result.stderr
    assert "(STARTTLS)" not in result.stderr


def test_send_digest_reports_starttls_when_it_happened(tmp_path: Path, job_store: str) -> None:
    certificate = self_signed_certificate(tmp_path)
    with smtp_server(certificate=certificate) as box:
        result = send_digest(
            {
                "WIREDESK_DATABASE_URL": job_store,
                "WIREDESK_SMTP_URL": f"smtp://localhost:{box.port}",
                "SSL_CERT_FILE": str(certificate[0]),
            }
        )
        assert result.returncode == 0, result.stderr
        assert len(box.wait_for(1)) == 1
    assert f"via localhost:{box.port} (STARTTLS)" in result.stderr
