"""The `main` that the fault and load scripts share: run, print, optionally save JSON, exit."""

from __future__ import annotations

import argparse
import json
import logging
import signal
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into SystemExit, so the stack's processes are stopped on the way out."""
    raise SystemExit(128 + signum)


def run_script(
    argv: Sequence[str] | None,
    *,
    parse_args: Callable[[Sequence[str] | None], argparse.Namespace],
    run: Callable[[argparse.Namespace], Any],
    print_report: Callable[[Any], None],
) -> int:
    """Parse, run, print the report, write it to `--json` if given; 0 if it passed, else 1.

    `run` returns a dataclass report with a `passed` attribute.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = parse_args(argv)
    report = run(args)
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
    return 0 if report.passed else 1
