"""Digest quality on the development set: stories, disagreements, sources and who said it.

    python -m benchmarks.digest_quality                       # ../shared/digest-eval
    python -m benchmarks.digest_quality --set PATH --out DIR  # another set of the same kind

Runs `wiredesk run SET/articles --model tiny -f json` in a subprocess (the tiny model keeps it
offline; claims are read from the source text, so the model does not change them) and prints the
set's own scorer report (`SET/score.py`), which ends with the score line
`digest eval: stories F1 X, disagreements P Y R Z`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from wiredesk.config import PROJECT_ROOT

DEFAULT_SET = PROJECT_ROOT.parent / "shared" / "digest-eval"
_RUN_TIMEOUT_S = 1800


def main(argv: Sequence[str] | None = None) -> int:
    """Run the digest on the set's articles and print the scorer's report (its exit code)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder with articles/")
    parser.add_argument("--out", type=Path, default=None, help="digest folder (default: temp)")
    args = parser.parse_args(argv)
    articles = args.set / "articles"
    scorer = args.set / "score.py"
    if not articles.is_dir() or not scorer.is_file():
        parser.error(f"{args.set} has no articles/ folder or score.py")
    with tempfile.TemporaryDirectory(prefix="wd-eval-") as scratch:
        out = args.out or Path(scratch)
        command = [
            sys.executable,
            "-m",
            "wiredesk.cli",
            "run",
            str(articles),
            "--model",
            "tiny",
            "--out",
            str(out),
            "-f",
            "json",
        ]
        subprocess.run(command, check=True, timeout=_RUN_TIMEOUT_S, stdout=subprocess.DEVNULL)
        report = subprocess.run(
            [sys.executable, str(scorer), str(out / "digest.json")], check=False, timeout=120
        )
    return report.returncode


if __name__ == "__main__":
    raise SystemExit(main())
