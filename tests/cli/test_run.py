"""End to end: `wiredesk run` on the seeds and on bad inputs, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiredesk.cli import app
from wiredesk.schema import Digest

runner = CliRunner()


def run_cli(*args: str) -> tuple[int, str]:
    """Invoke the CLI in-process (models stay loaded between tests) and return (code, output)."""
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def load_digest(out: Path) -> Digest:
    return Digest.model_validate_json((out / "digest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_digest(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, tiny_model: Path):
    """The seeds through the real console script with the tiny model (one subprocess)."""
    out = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wiredesk.cli",
            "run",
            str(seeds_dir),
            "--out",
            str(out),
            "--model",
            "tiny",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ.copy(),
    )
    return proc, out


def test_seeds_run_writes_three_digest_files(seeds_digest) -> None:
    proc, out = seeds_digest
    assert proc.returncode == 0, proc.stderr
    for name in ("digest.json", "digest.md", "digest.html"):
        assert (out / name).stat().st_size > 0
    assert "digest.html" in proc.stderr  # tells the user where the digest is


def test_seeds_digest_marks_tiny_model_loudly(seeds_digest) -> None:
    proc, out = seeds_digest
    digest = load_digest(out)
    assert len(digest.articles) == 5
    assert all(a.status == "ok" for a in digest.articles)
    assert all("meaningless" in (a.model or "") for a in digest.articles)
    assert any("meaningless" in n for n in digest.notices)
    assert "meaningless" in proc.stderr
    assert "meaningless" in (out / "digest.html").read_text(encoding="utf-8")


def test_seeds_digest_has_every_field_the_schema_promises(seeds_digest) -> None:
    _, out = seeds_digest
    raw = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    article = raw["articles"][0]
    for key in (
        "id",
        "title",
        "source",
        "language",
        "status",
        "error",
        "clean_text",
        "removed",
        "translation",
        "sentences",
        "summary",
        "glossary",
        "model",
    ):
        assert key in article
    assert {"source", "target", "flags"} <= set(article["sentences"][0])
    story = raw["stories"][0]
    for key in ("headline", "lead", "articles", "key_points", "disagreements"):
        assert key in story


def test_seeds_are_one_story_with_the_troop_number_disagreement(seeds_digest) -> None:
    _, out = seeds_digest
    digest = load_digest(out)
    assert len(digest.stories) == 1
    story = digest.stories[0]
    assert sorted(story.articles) == sorted(a.id for a in digest.articles)
    values = {
        claim.value: set(claim.sources)
        for disagreement in story.disagreements
        for claim in disagreement.claims
    }
    assert "10,000" in values and "12,000" in values
    assert "000_3711738a1e9c65d7" in values["10,000"]
    assert "002_ed57f43ab0f5a4e6" in values["12,000"]


def test_seed_with_boilerplate_is_cleaned_and_audited(seeds_digest) -> None:
    _, out = seeds_digest
    digest = load_digest(out)
    article = next(a for a in digest.articles if a.id.startswith("001_"))
    assert "Ad-Blocker" not in article.clean_text
    assert article.clean_text.startswith("Werden „nicht untätig bleiben“")
    assert any("Ad-Blocker" in removed.text for removed in article.removed)


def test_glossary_hits_are_reported_per_article(seeds_digest) -> None:
    _, out = seeds_digest
    digest = load_digest(out)
    article = next(a for a in digest.articles if a.id.startswith("000_"))
    matches = {(hit.match, hit.target) for hit in article.glossary}
    assert ("Choes", "Choe Son Hui") in matches
    assert any(target == "Pyongyang" for _, target in matches)


def test_missing_real_model_fails_articles_with_how_to(tmp_path: Path, seeds_dir: Path) -> None:
    code, output = run_cli(
        "run", str(seeds_dir / "002_ed57f43ab0f5a4e6.txt"), "--out", str(tmp_path)
    )
    assert code == 1  # no article could be processed
    digest = load_digest(tmp_path)
    error = digest.articles[0].error or ""
    assert "wiredesk models pull de" in error and "WIREDESK_MODEL_DE" in error
    assert "Traceback" not in output


def test_fallback_to_tiny_is_loud(tmp_path: Path, seeds_dir: Path, tiny_model: Path) -> None:
    code, output = run_cli(
        "run",
        str(seeds_dir / "002_ed57f43ab0f5a4e6.txt"),
        "--out",
        str(tmp_path),
        "--fallback",
        "tiny",
        "--format",
        "json",
    )
    assert code == 0
    digest = load_digest(tmp_path)
    assert any("FALLBACK" in notice for notice in digest.notices)
    assert "FALLBACK" in output
    assert not (tmp_path / "digest.html").exists()  # only the asked-for format


def test_bad_inputs_fail_per_article_not_the_run(
    tmp_path: Path, seeds_dir: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_MODEL_DE", "tiny")  # German only: Swahili has no model
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.txt").write_text((seeds_dir / "002_ed57f43ab0f5a4e6.txt").read_text("utf-8"))
    (inbox / "empty.txt").write_text("   \n")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (inbox / "swahili.txt").write_text(
        "Habari za asubuhi. Watoto wanakwenda shuleni kila siku na walimu wao wanafundisha "
        "hesabu na kusoma. Mvua ilinyesha sana jana usiku katika mji mkuu.",
        encoding="utf-8",
    )
    (inbox / "huge.txt").write_text("Wort " * 200_000)
    out = tmp_path / "out"
    code, _ = run_cli("run", str(inbox), "--out", str(out))
    assert code == 0
    by_id = {a.id: a for a in load_digest(out).articles}
    assert by_id["good"].status == "ok"
    assert by_id["empty"].error_code == "empty_article"
    assert by_id["binary"].error_code == "binary_content"
    assert by_id["huge"].error_code == "too_large"
    assert by_id["swahili"].status == "failed"
    assert "sw" in (by_id["swahili"].error or "")


def test_unknown_path_is_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wiredesk.cli",
            "run",
            str(tmp_path / "nope"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "nope" in proc.stderr


@pytest.mark.parametrize(
    "command",
    [[], ["run"], ["models"], ["models", "pull"], ["models", "build-tiny"], ["models", "list"]],
)
def test_every_command_has_help(command: list[str]) -> None:
    code, output = run_cli(*command, "--help")
    assert code == 0
    assert "Usage" in output
