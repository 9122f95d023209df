"""Run a command and write its own peak RSS (and CPU time) to a file.

Linux carries a process's peak RSS over fork and exec, so a command started by the (large)
benchmark process would report at least the benchmark's size. Started from this small process
instead, the figure is the command's own.

    python -m benchmarks.peak_rss RESULT.json COMMAND [ARG ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run `argv[1:]`; write its peak RSS, CPU seconds and exit code to `argv[0]` as JSON."""
    result, command = Path(argv[0]), argv[1:]
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    report = {
        "rss_kb": usage.ru_maxrss,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "returncode": process.returncode,
    }
    result.write_text(json.dumps(report))
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
