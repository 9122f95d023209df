"""Ingest + clean on real web pages: runs the shared extraction harness and prints its table.

    python -m benchmarks.extraction [--data DIR] [--harness FILE] [--work DIR] [--limit N]

The pages are the evaluation set of the trafilatura project (990 pages annotated with snippets
that must and must not be in the article text); they are other people's pages and stay
outside the project: export its `tests/` folder to DIR (default /tmp/trafilatura-eval). The
harness is `../shared/extraction-eval/extraction_eval.py` (or EXTRACTION_EVAL); a full run
takes several minutes on 2 cores. The table is printed as Markdown, ready for the README.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_HARNESS = PROJECT.parent / "shared" / "extraction-eval" / "extraction_eval.py"
ROWS = (
    ("A", "trafilatura alone, HTML"),
    ("B_pre", "Wiredesk HTML path, before clean.py"),
    ("B", "Wiredesk HTML path (what ships)"),
    ("C_pre", "Wiredesk pasted whole page, before clean.py"),
    ("C", "Wiredesk pasted whole page (what ships)"),
)


def main() -> int:
    """Run the harness, then print the comparison table and clean.py's losses."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/trafilatura-eval"))
    harness = os.environ.get("EXTRACTION_EVAL", str(DEFAULT_HARNESS))
    parser.add_argument("--harness", type=Path, default=Path(harness))
    parser.add_argument("--work", type=Path, default=Path("/tmp/wiredesk-extraction"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    if not args.harness.is_file():
        parser.error(f"harness not found: {args.harness} (set EXTRACTION_EVAL or --harness)")
    command = [sys.executable, str(args.harness), str(args.data), str(PROJECT)]
    command += ["--work", str(args.work)] + (["--limit", str(args.limit)] if args.limit else [])
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    report = json.loads((args.work / "results.json").read_text(encoding="utf-8"))
    print(table(report))
    return 0


def table(report: dict) -> str:
    """The README's Markdown table: precision / recall / F1 per system, all pages and German."""
    day = datetime.date.today().isoformat()
    lines = [
        f"Measured {day} on {report['pages']} pages ({report['german_pages']} German), "
        f"trafilatura {report['trafilatura']}; pages refused as too large: "
        f"{report['too_large_pages']}.",
        "",
        "| system | all pages | German |",
        "|---|---|---|",
    ]
    for system, name in ROWS:
        row = report["table"][system]
        cells = [_cell(row[subset]) for subset in ("all", "de")]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    lines.append("")
    for system, path in (("B", "HTML path"), ("C", "pasted page")):
        analysis = report["analysis"][system]
        lines.append(
            f'- {path}: clean.py lost {analysis["with_lost_by_clean"]} "must keep" snippets '
            f"({analysis['with_lost_by_clean_de']} on German pages); "
            f'{analysis["without_survived_total"]} "must not" snippets survive it.'
        )
    return "\n".join(lines)


def _cell(metrics: dict) -> str:
    return f"{metrics['precision']:.3f} / {metrics['recall']:.3f} / {metrics['f1']:.3f}"


if __name__ == "__main__":
    sys.exit(main())
