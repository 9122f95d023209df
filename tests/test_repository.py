"""What running the project leaves behind is ignored by git, and the tests stay quiet."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest

from wiredesk.config import PROJECT_ROOT


@pytest.mark.skipif(
    shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists(), reason="not a git checkout"
)
@pytest.mark.parametrize(
    "path",
    [
        "celerybeat-schedule",
        "celerybeat-schedule.db",
        "celerybeat-schedule-shm",
        "wiredesk.db",
        "wiredesk.db-shm",
        "wiredesk.db-wal",
        "wiredesk.db-journal",
        "models/tiny-de-en/config.json",
        "out/service/digest.json",
    ],
)
def test_runtime_files_are_ignored(path: str) -> None:
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", path], cwd=PROJECT_ROOT, timeout=30
    )
    assert result.returncode == 0, f"{path} would show up in `git status`"


def test_the_smtp_test_server_does_not_chatter() -> None:
    import tests.mailbox  # noqa: F401  (sets the level on import, before any server starts)

    assert logging.getLogger("mail.log").getEffectiveLevel() >= logging.WARNING
