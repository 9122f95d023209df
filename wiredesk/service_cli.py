"""The service commands of `wiredesk`: `serve`, `worker`, `submit` and `status`.

`register(app)` adds them to the main Typer app. Servers are imported only inside their
command, so `wiredesk submit` never loads FastAPI, Celery or torch.
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from wiredesk.errors import ConflictError
from wiredesk.service_settings import get_service_settings

console = Console(stderr=True)
log = logging.getLogger(__name__)

DEFAULT_API = "http://localhost:8000"

ApiOption = Annotated[
    str,
    typer.Option("--api", envvar="WIREDESK_API_URL", help="Base URL of the Wiredesk API."),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        envvar="WIREDESK_API_KEY",
        help="API key sent as `Authorization: Bearer <key>` (needed when the API has keys).",
        show_default=False,
    ),
]


class Pool(StrEnum):
    """Celery pool kinds `wiredesk worker` offers."""

    prefork = "prefork"
    solo = "solo"


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: WIREDESK_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default: WIREDESK_PORT, 8000).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Uvicorn worker processes.")] = 1,
) -> None:
    """Run the HTTP API (uvicorn api.main:app); it queues batches for `wiredesk worker`."""
    import uvicorn

    settings = get_service_settings()
    uvicorn.run(
        "api.main:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=True,
    )


def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, help="Worker processes (default: WIREDESK_CONCURRENCY, else one per CPU core)."
        ),
    ] = None,
    pool: Annotated[
        Pool, typer.Option(help="`prefork` (processes) or `solo` (one task at a time, in-process).")
    ] = Pool.prefork,
    loglevel: Annotated[
        str, typer.Option(envvar="WIREDESK_LOG_LEVEL", help="Log level of the worker.")
    ] = "INFO",
) -> None:
    """Run a Celery worker (celery -A worker.app worker) that translates queued batches."""
    from worker.app import app as celery_app

    processes = concurrency or get_service_settings().worker_concurrency()
    celery_app.worker_main(
        ["worker", f"--concurrency={processes}", f"--pool={pool.value}", f"--loglevel={loglevel}"]
    )


def submit(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files (.txt, .md, .html, .json) or folders.")
    ],
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Poll until the batch finishes, then write the digest.")
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder the digest files are written to (--wait).")
    ] = Path("out"),
    glossary: Annotated[
        str | None, typer.Option(help="Name of a glossary stored on the API (PUT /v1/glossaries).")
    ] = None,
    summary_sentences: Annotated[
        int | None, typer.Option(min=1, max=20, help="Sentences per article summary.")
    ] = None,
    beams: Annotated[int | None, typer.Option(min=1, max=16, help="Beam size.")] = None,
    idempotency_key: Annotated[
        str | None,
        typer.Option(help="Resubmitting with the same key returns the same batch, not a new one."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(min=1, help="With --wait: give up after this many seconds (exit code 11)."),
    ] = None,
) -> None:
    """Submit files as ONE batch; print its id. Exit codes (--wait): 0 ok, 10 partial, 1 failed."""
    from wiredesk.client import ServiceClient, collect_files, exit_code_for

    files = collect_files(paths)
    with ServiceClient(api, api_key=key) as client:
        accepted = client.submit(
            files,
            glossary=glossary,
            summary_sentences=summary_sentences,
            beams=beams,
            idempotency_key=idempotency_key,
        )
        batch_id = accepted["id"]
        typer.echo(batch_id)
        console.print(f"Submitted {len(files)} files as batch {batch_id}.", highlight=False)
        if not wait:
            return
        final = _wait_with_progress(client, batch_id, timeout=timeout)
        _report(final)
        if final["status"] in ("succeeded", "partial", "failed"):
            _write_digest(client, batch_id, out)
    raise typer.Exit(code=exit_code_for(final["status"]))


def status(
    batch_id: Annotated[str, typer.Argument(help="Batch id printed by `wiredesk submit`.")],
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON answer.")] = False,
) -> None:
    """Print a batch's status. Exit codes: 0 succeeded, 10 partial, 1 failed, 11 not finished."""
    from wiredesk.client import ServiceClient, exit_code_for

    with ServiceClient(api, api_key=key) as client:
        state = client.status(batch_id)
    if as_json:
        typer.echo(json.dumps(state, indent=2))
    else:
        _report(state)
    raise typer.Exit(code=exit_code_for(state["status"]))


def _wait_with_progress(client: Any, batch_id: str, *, timeout: float | None) -> dict[str, Any]:
    """Poll the batch behind a progress bar of finished articles."""
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("queued", total=None)

        def show(state: dict[str, Any]) -> None:
            counts = state["progress"]
            failed = f", {counts['failed']} failed" if counts["failed"] else ""
            progress.update(
                task,
                description=f"{state['status']}{failed}",
                total=counts["total"],
                completed=counts["done"],
            )

        return client.wait(batch_id, on_progress=show, timeout=timeout)  # type: ignore[no-any-return]


def _report(state: dict[str, Any]) -> None:
    """The status line and each failed article's error, on stdout."""
    counts = state["progress"]
    typer.echo(
        f"batch {state['id']}: {state['status']} "
        f"({counts['done']}/{counts['total']} done, {counts['failed']} failed)"
    )
    for article in state.get("articles", []):
        if article["status"] == "failed":
            typer.echo(f"  failed {article['id']}: {article.get('error')}")


def _write_digest(client: Any, batch_id: str, out: Path) -> None:
    try:
        written = client.write_digest(batch_id, out)
    except ConflictError as exc:
        console.print(f"No digest: {exc.detail}", highlight=False)
        return
    for fmt, path in written.items():
        console.print(f"Digest ({fmt}): {path}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `serve`, `worker`, `submit` and `status` to the `wiredesk` command."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("submit")(submit)
    app.command("status")(status)
