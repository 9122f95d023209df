"""A new user's first hour at the command line, through the real `wiredesk` entry point.

Each test runs the installed `wiredesk` console script as a subprocess with its output piped,
as a script or CI log would see it: help that reads like a man page, errors caught before any
model loads, no library progress bars, each notice once, and no line wrapped at 80 columns.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from wiredesk.schema import Digest

TINY_MARK = "[de, untranslated]"
SCRIPT = Path(sys.executable).with_name("wiredesk")  # the console script, beside the venv's python


def wiredesk(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the console script with its output piped."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# --- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["run"], "Usage: wiredesk run [OPTIONS] PATH..."),
        (["submit"], "Usage: wiredesk submit [OPTIONS] PATH..."),
        (["status"], "Usage: wiredesk status [OPTIONS] BATCH_ID"),
        (["digest"], "Usage: wiredesk digest [OPTIONS] BATCH_ID"),
        (["worker"], "Usage: wiredesk worker [OPTIONS]"),
        (["send-digest"], "Usage: wiredesk send-digest [OPTIONS]"),
        (["models", "build-tiny"], "Usage: wiredesk models build-tiny [OPTIONS]"),
    ],
)
def test_help_shows_what_a_user_types(command: list[str], usage: str) -> None:
    result = wiredesk(*command, "--help", timeout=60)
    assert result.returncode == 0, result.stderr
    assert usage in result.stdout
    assert "<bool>" not in result.stdout  # a flag takes no value
    assert not re.search(r"\{\w+\}", result.stdout)  # no `{paths}...`


def test_help_names_exit_codes_options_and_variables() -> None:
    submit = wiredesk("submit", "--help", env={"COLUMNS": "200"}, timeout=60).stdout
    assert "11 not finished" in submit and "10 partial" in submit
    send = wiredesk("send-digest", "--help", env={"COLUMNS": "200"}, timeout=60).stdout
    assert "WIREDESK_SMTP_URL" in send
    worker = wiredesk("worker", "--help", env={"COLUMNS": "200"}, timeout=60).stdout
    assert "--model" in worker and "--fallback" in worker and "WIREDESK_MODEL_FALLBACK" in worker
    digest = wiredesk("digest", "--help", env={"COLUMNS": "200"}, timeout=60).stdout
    assert "--format" in digest and "--out" in digest


def test_version() -> None:
    result = wiredesk("--version", timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"wiredesk {version('wiredesk')}"


# --- unusable input is refused before any model loads ------------------------------------


def test_missing_glossary_is_rc_2_before_any_model_loads(seeds_dir: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    result = wiredesk(
        "run", str(seeds_dir), "--model", "tiny", "--glossary", str(tmp_path / "nope.tsv"),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "nope.tsv" in result.stderr and "Traceback" not in result.stderr
    assert "Loaded translation model" not in result.stderr
    assert not (tmp_path / "out").exists()
    assert time.monotonic() - started < 60


def test_malformed_glossary_is_rc_2_with_its_line(seeds_dir: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "bad.tsv"
    glossary.write_text("Pjöngjang\tPyongyang\tplace\nnur eine Spalte\n", encoding="utf-8")
    result = wiredesk("run", str(seeds_dir), "--model", "tiny", "--glossary", str(glossary),
                      "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "bad.tsv" in result.stderr and "line 2" in result.stderr
    assert "Loaded translation model" not in result.stderr


def test_an_empty_folder_says_no_input_files(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF")  # other formats are skipped in folders
    result = wiredesk("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no input files found" in result.stderr
    assert "0 of 0" not in result.stderr


def test_json_with_both_text_and_html_fails_that_article(tmp_path: Path) -> None:
    item = {"id": "both", "text": "Ein Text.", "html": "<p>Ein Text.</p>"}
    path = tmp_path / "both.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    result = wiredesk("run", str(path), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 1  # the only article failed
    article = Digest.model_validate_json((tmp_path / "out" / "digest.json").read_text()).articles[0]
    assert article.error_code == "invalid_input" and "exactly one" in (article.error or "")


# --- clean output ---------------------------------------------------------------------------


def test_building_the_tiny_model_shows_no_library_progress_bars(tmp_path: Path) -> None:
    result = wiredesk("models", "build-tiny", env={"WIREDESK_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Writing model shards" not in result.stderr + result.stdout
    assert "it/s" not in result.stderr


@pytest.fixture(scope="module")
def piped_seeds_run(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, tiny_model: Path
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The seeds with the tiny model, output piped (not a terminal), at a narrow COLUMNS."""
    out = tmp_path_factory.mktemp("piped")
    result = wiredesk("run", str(seeds_dir), "--model", "tiny", "--out", str(out),
                      env={"COLUMNS": "80"})  # fmt: skip
    return result, out


def test_piped_output_is_one_line_per_thing_without_library_chatter(
    piped_seeds_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = piped_seeds_run
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for chatter in ("Loading weights", "Writing model shards", "it/s", "━"):
        assert chatter not in result.stderr, chatter
    digest = Digest.model_validate_json((out / "digest.json").read_text(encoding="utf-8"))
    assert digest.notices
    for notice in digest.notices:
        # each notice once, whole, on one line (not wrapped at 80 columns, not also logged)
        assert sum(notice in line for line in lines) == 1, (notice, lines)
        assert f"NOTICE: {notice}" in lines
    assert any(len(line) > 80 for line in lines)
    assert "5 of 5 articles processed, 1 stories." in lines


def test_tiny_model_text_is_the_marked_source_wherever_a_reader_looks(
    piped_seeds_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = piped_seeds_run
    digest = Digest.model_validate_json((out / "digest.json").read_text(encoding="utf-8"))
    titled = [a for a in digest.articles if a.title]
    assert titled
    for article in titled:
        assert article.title_en == f"{TINY_MARK} {article.title}"
    for article in digest.articles:
        assert article.summary and all(line.startswith(TINY_MARK) for line in article.summary)
        for line in article.summary:  # each line is a source sentence of the article
            assert line.removeprefix(TINY_MARK).strip() in article.clean_text
        # the model's own output is kept, in its own field
        assert article.model_output is not None and article.model_output.summary
        assert article.model_output.summary != article.summary
    for summary in digest.stories[0].summaries:
        assert all(line.startswith(TINY_MARK) for line in summary.summary)
    markdown = (out / "digest.md").read_text(encoding="utf-8")
    page = (out / "digest.html").read_text(encoding="utf-8")
    for article in digest.articles:
        for gibberish in article.model_output.summary if article.model_output else []:
            assert gibberish[:40] not in markdown and gibberish[:40] not in page
        if article.model_output and article.model_output.title_en:
            assert article.model_output.title_en[:40] not in page
    assert re.search(r"#### \\\[de, untranslated\\\] Werden", markdown)
