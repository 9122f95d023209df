"""`wiredesk worker` names each worker process uniquely, so two on one host are two nodes."""

from __future__ import annotations

import socket
import subprocess
import sys


def test_two_worker_processes_on_one_host_get_different_node_names() -> None:
    code = "from wiredesk.service_cli import default_node_name; print(default_node_name())"
    names = {
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(names) == 2
    assert all(n.startswith("worker-") and n.endswith(f"@{socket.gethostname()}") for n in names)
