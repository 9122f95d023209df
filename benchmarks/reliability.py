"""`make reliability`: the load run, the load run with workers killed, the email run with SMTP
down and Redis restarted, and the fault suite, in one table.

    python -m benchmarks.reliability             # about 10 minutes on 2 cores
    python -m benchmarks.reliability --quick     # fewer batches, same faults

Each part runs in its own process (`python -m benchmarks.load`, `python -m
benchmarks.email_faults`, `pytest`), with its own private Redis, API and workers, so one part's
failure cannot leave state behind for the next. The table shows, per load run: batches submitted
/ finished / lost, succeeded articles without a result, worker kills, 5xx responses, failed
requests and p95 latencies; for the email run: emails sent / duplicated and deliveries due /
failed / lost; then each fault test and its outcome. Exit status 1 if any part failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from typing import Any

from wiredesk.config import PROJECT_ROOT

OUT = PROJECT_ROOT / "out" / "reliability"
FAULT_SUITES = ["tests/reliability", "tests/fuzz", "tests/integration/test_crash.py"]
# The fault tests named one by one in the table (the many fuzz and hardening tests are counted).
LISTED_FAULT_MODULES = (
    "test_faults",
    "test_email_faults",
    "test_lost_batches",
    "test_store_faults",
)
EMAIL_RUN = "email faults"


def run_load(name: str, extra: list[str], *, quick: bool) -> dict[str, Any] | None:
    """One `benchmarks.load` run; its figures, or None if it could not report any."""
    report = OUT / f"{name}.json"
    report.unlink(missing_ok=True)
    size = ["--batches", "60", "--clients", "10"] if quick else []
    command = [sys.executable, "-m", "benchmarks.load", "--json", str(report), *size, *extra]
    print(f"\n== {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if not report.exists():
        return None
    return json.loads(report.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def run_email(*, quick: bool) -> dict[str, Any] | None:
    """One `benchmarks.email_faults` run; its figures, or None if it could not report any."""
    report = OUT / "email.json"
    report.unlink(missing_ok=True)
    size = ["--quick"] if quick else []
    command = [sys.executable, "-m", "benchmarks.email_faults", "--json", str(report), *size]
    print(f"\n== {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if not report.exists():
        return None
    return json.loads(report.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def run_faults() -> list[tuple[str, str]]:
    """The slow and fast reliability and fuzz tests; (test name, outcome) each."""
    junit = OUT / "faults.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *FAULT_SUITES,
        "-m",
        "slow or not slow",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
    ]
    print(f"\n== {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if not junit.exists():
        return [("pytest", "did not run")]
    return [(_short(case), _outcome(case)) for case in ElementTree.parse(junit).iter("testcase")]


def _short(case: ElementTree.Element) -> str:
    """A test's module and name, without the package path."""
    module = case.get("classname", "").rsplit(".", 1)[-1]
    return f"{module}::{case.get('name', '?')}"


def _outcome(case: ElementTree.Element) -> str:
    if case.find("failure") is not None or case.find("error") is not None:
        return "FAILED"
    skipped = case.find("skipped")
    if skipped is None:
        return "passed"
    return "xfail" if skipped.get("type") == "pytest.xfail" else "skipped"  # a known failure


Figure = Callable[[dict[str, Any]], str] | None
NOT_MEASURED = "-"


def table_rows(
    runs: dict[str, dict[str, Any] | None], email: dict[str, Any] | None
) -> list[tuple[str, list[str]]]:
    """The table: one row per figure, one column per load run, then the email run's column."""
    rows: list[tuple[str, Figure, Figure]] = [
        (
            "batches submitted / finished / lost",
            lambda r: f"{r['submitted']} / {sum(r['finished'].values())} / {r['lost']}",
            None,
        ),
        ("articles ok / failed", lambda r: f"{r['articles_ok']} / {r['articles_failed']}", None),
        ("ok articles without a result", lambda r: str(r["ok_without_result"]), None),
        (
            "worker kills (pool / whole)",
            lambda r: (
                f"{r['worker_kills'].get('pool process', 0)} / "
                f"{r['worker_kills'].get('whole worker', 0)}"
            ),
            None,
        ),
        ("articles redelivered", lambda r: str(r["redelivered_articles"]), None),
        (
            "emails sent / duplicated",
            None,
            lambda e: f"{e['emails_sent']} / {e['emails_duplicated']}",
        ),
        (
            "email deliveries due / failed / lost",
            None,
            lambda e: f"{e['due']} / {e['deliveries_failed']} / {e['deliveries_lost']}",
        ),
        ("email sends lost, re-enqueued", None, lambda e: str(e["requeued_after_loss"])),
        (
            "SMTP down (s) / Redis restarts",
            None,
            lambda e: f"{e['smtp_down_s']:.0f} / {e['redis_restarts']}",
        ),
        ("5xx responses", lambda r: str(r["server_errors"]), None),
        ("failed requests", lambda r: str(sum(r["failed_requests"].values())), None),
        ("submit p95 (ms)", lambda r: f"{r['submit_p95_ms']:.0f}", None),
        ("status p95 (ms)", lambda r: f"{r['status_p95_ms']:.0f}", None),
        ("wall time (s)", lambda r: f"{r['seconds']:.0f}", lambda e: f"{e['seconds']:.0f}"),
    ]
    return [
        (name, [*(_cell(load, run) for run in runs.values()), _cell(mail, email)])
        for name, load, mail in rows
    ]


def _cell(figure: Figure, run: dict[str, Any] | None) -> str:
    """One figure of one run: "no report" if the run reported nothing, "-" if not measured."""
    if figure is None:
        return NOT_MEASURED
    return figure(run) if run else "no report"


def passed(run: dict[str, Any] | None) -> bool:
    """Nothing lost, nothing without its result, no failed request."""
    return bool(
        run
        and run["lost"] == 0
        and run["ok_without_result"] == 0
        and run["server_errors"] == 0
        and not run["failed_requests"]
    )


def email_passed(run: dict[str, Any] | None) -> bool:
    """No email sent twice, no delivery lost, every email that arrived recorded as sent."""
    return bool(
        run
        and run["emails_duplicated"] == 0
        and run["deliveries_lost"] == 0
        and run["recorded_wrongly"] == 0
    )


def print_table(
    runs: dict[str, dict[str, Any] | None],
    email: dict[str, Any] | None,
    faults: list[tuple[str, str]],
) -> None:
    """The whole result, as one plain-text table."""
    rows = table_rows(runs, email)
    titles = [*runs, EMAIL_RUN]
    first = max(len(name) for name, _ in rows)
    widths = [max(len(title), *(len(r[1][n]) for r in rows)) for n, title in enumerate(titles)]
    header = [
        "Wiredesk reliability".ljust(first),
        *(t.rjust(w) for t, w in zip(titles, widths, strict=True)),
    ]
    print("\n" + "   ".join(header))
    for name, values in rows:
        cells = [name.ljust(first), *(v.rjust(w) for v, w in zip(values, widths, strict=True))]
        print("   ".join(cells))
    print(
        "(the load runs have no subscriptions; the email run sends digests due at once while the "
        "SMTP server goes down and Redis is killed and restarted; '-': not measured in that run)"
    )
    print()
    slow = [
        (name, outcome)
        for name, outcome in faults
        if name.split("::")[0] in LISTED_FAULT_MODULES or outcome != "passed"
    ]
    for name, outcome in slow:
        print(f"{outcome:>8}  {name}")
    counts = {o: sum(1 for _, x in faults if x == o) for o in ("passed", "FAILED", "xfail")}
    print(
        f"fault and fuzz tests: {counts['passed']} passed, {counts['FAILED']} failed, "
        f"{counts['xfail']} known failures (xfail), {len(faults) - sum(counts.values())} skipped"
    )


def main(argv: list[str] | None = None) -> int:
    """Run everything, print the table, exit 1 if anything failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="60 batches per load run, not 200; 15 email subscriptions, not 40",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    runs = {
        "load": run_load("load", [], quick=args.quick),
        "load + kills": run_load("load-kills", ["--kill-workers"], quick=args.quick),
    }
    email = run_email(quick=args.quick)
    faults = run_faults()
    print_table(runs, email, faults)
    ok = (
        all(passed(run) for run in runs.values())
        and email_passed(email)
        and all(o != "FAILED" for _, o in faults)
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
