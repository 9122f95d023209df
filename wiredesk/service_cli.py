"""The service commands of `wiredesk`: `serve`, `worker`, `beat`, `submit`, `status`,
`digest`, `send-digest`.

`register(app)` adds them to the main Typer app. Servers are imported only inside their
command, so `wiredesk submit` never loads FastAPI, Celery or torch.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wiredesk.errors import ConflictError, InputError
from wiredesk.service_settings import ServiceSettings, get_service_settings
from wiredesk.terminal import console, progress_bar, quiet_libraries

if TYPE_CHECKING:
    from wiredesk.store.subscriptions import StoredArticle

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


class Fallback(StrEnum):
    """What a worker does when a real model's weights are missing."""

    none = "none"
    tiny = "tiny"


class DigestFormat(StrEnum):
    """Formats `wiredesk digest` can write."""

    json = "json"
    md = "md"
    html = "html"


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

    from wiredesk.store import Store
    from wiredesk.store.migrate import require_current

    settings = get_service_settings()
    store = Store(settings.database_url)
    try:
        require_current(store)  # one line naming `wiredesk db upgrade`, before uvicorn starts
    finally:
        store.dispose()
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
            min=1, help="Worker processes (default: WIREDESK_CONCURRENCY, else 1 using every core)."
        ),
    ] = None,
    pool: Annotated[
        Pool, typer.Option(help="`prefork` (processes) or `solo` (one task at a time, in-process).")
    ] = Pool.prefork,
    loglevel: Annotated[
        str, typer.Option(envvar="WIREDESK_LOG_LEVEL", help="Log level of the worker.")
    ] = "INFO",
    model: Annotated[
        str | None,
        typer.Option(
            help="Model for every source language: a hub id, a local folder, or `tiny` (the "
            "meaningless test model). Sets WIREDESK_MODEL_<LANG> for each language."
        ),
    ] = None,
    fallback: Annotated[
        Fallback | None,
        typer.Option(
            help="`tiny`: where a real model's weights are missing, translate with the tiny "
            "test model (meaningless output, said loudly in every digest) instead of failing "
            "the articles. Default: WIREDESK_MODEL_FALLBACK (none)."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="Node name, unique in the fleet (`%h` is the host name); default "
            "worker-<pid>@<host>, so several workers on one host never share a name.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run a Celery worker (celery -A worker.app worker) that translates queued batches.

    It needs translation weights: `wiredesk models pull de` (internet), a folder in
    WIREDESK_MODEL_DE, or `--fallback tiny` for a dry run. It says at start which it found.
    """
    from wiredesk.config import get_settings

    quiet_libraries()
    _apply_model_options(model=model, fallback=fallback)
    _say_what_models_are_there(get_settings(), get_service_settings())
    from worker.app import app as celery_app

    processes = concurrency or get_service_settings().worker_concurrency()
    celery_app.worker_main(
        [
            "worker",
            f"--hostname={name or default_node_name()}",
            f"--concurrency={processes}",
            f"--pool={pool.value}",
            f"--loglevel={loglevel}",
        ]
    )


def default_node_name() -> str:
    """`worker-<pid>@<host>`: unique per process, so `celery inspect ping` sees every worker."""
    return f"worker-{os.getpid()}@{socket.gethostname()}"


def beat(
    schedule: Annotated[
        Path,
        typer.Option(help="File where the beat remembers when each periodic task last ran."),
    ] = Path("celerybeat-schedule"),
    loglevel: Annotated[
        str, typer.Option(envvar="WIREDESK_LOG_LEVEL", help="Log level of the beat.")
    ] = "INFO",
) -> None:
    """Run the scheduler (celery -A worker.app beat): digest emails, the stalled-batch sweep.

    Run exactly one per deployment; it only sends messages, the workers do the work.
    """
    from worker.app import app as celery_app

    celery_app.start(["beat", f"--schedule={schedule}", f"--loglevel={loglevel}"])


def _apply_model_options(*, model: str | None, fallback: Fallback | None) -> None:
    """Pass `--model`/`--fallback` to the worker processes as the variables they read."""
    from wiredesk.config import MODEL_ENV_PREFIX, get_settings
    from wiredesk.registry import supported_languages

    if fallback is not None:
        os.environ["WIREDESK_MODEL_FALLBACK"] = fallback.value
    if model:
        for language in supported_languages(get_settings()):
            os.environ[f"{MODEL_ENV_PREFIX}{language.upper()}"] = model
    get_settings.cache_clear()
    get_service_settings.cache_clear()


def _say_what_models_are_there(settings: Any, service: ServiceSettings) -> None:
    """One loud line per warm language whose weights are not on disk, saying what to do."""
    from wiredesk.errors import WiredeskError
    from wiredesk.registry import locate_weights, resolve_model

    for language in service.warm_language_list():
        try:
            spec = resolve_model(language, settings=settings)
            where = locate_weights(spec, settings=settings)
        except WiredeskError as exc:
            where = exc.detail
        if isinstance(where, Path):
            console.print(f"Model for '{language}': {where}", highlight=False)
            continue
        if settings.model_fallback == "tiny":
            console.print(
                f"[bold yellow]NOTICE:[/] no weights on disk for '{language}': this worker "
                "falls back to the TINY TEST MODEL; its translations are MEANINGLESS and every "
                "digest says so.",
                highlight=False,
            )
            continue
        env = f"WIREDESK_MODEL_{language.upper()}"
        download = (
            f"unless {where} can be downloaded from the Hugging Face hub"
            if " " not in where
            else "(downloads are off or failed)"
        )
        console.print(
            f"[bold red]WARNING:[/] no translation weights on disk for '{language}': articles in "
            f"'{language}' will FAIL {download}. Get them with "
            f"`wiredesk models pull {language}` (needs internet) or point {env} at a folder; for "
            "a dry run restart with `wiredesk worker --fallback tiny` (or set "
            "WIREDESK_MODEL_FALLBACK=tiny): meaningless output, said loudly in every digest.",
            highlight=False,
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
    """Submit files as ONE batch; print its id.

    Exit codes with --wait: 0 succeeded, 10 partial, 1 failed, 11 not finished (--timeout);
    API errors: 2 bad input, 4 not found, 6 unauthorized (--key), 7 rate limited, 8 unavailable.
    """
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
        console.print(
            f"Submitted {len(files)} files as batch {batch_id}.", highlight=False, soft_wrap=True
        )
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
    with progress_bar() as progress:
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


def digest(
    batch_id: Annotated[str, typer.Argument(help="Batch id printed by `wiredesk submit`.")],
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
    output_format: Annotated[
        list[DigestFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="json, md or html; repeat for several. With --out the default is all three, "
            "without it json, printed on stdout.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder to write digest.json/.md/.html into."),
    ] = None,
) -> None:
    """Fetch a finished batch's digest: print it, or write the files with --out.

    Exit codes: 0 written, 5 the batch is not finished yet (try again later), 4 no such batch.
    """
    from wiredesk.client import ServiceClient
    from wiredesk.render import render_digest

    formats = [f.value for f in output_format] if output_format else None
    with ServiceClient(api, api_key=key) as client:
        fetched = client.digest(batch_id)
    if out is not None:
        from wiredesk.render import write_digest

        for fmt, path in write_digest(fetched, out, formats=formats or list(DigestFormat)).items():
            console.print(f"Digest ({fmt}): {path}", highlight=False)
        return
    if formats is not None and len(formats) > 1:
        raise InputError("Without --out, give one --format (the digest is printed on stdout).")
    typer.echo(render_digest(fetched, (formats or ["json"])[0]), nl=False)


def _write_digest(client: Any, batch_id: str, out: Path) -> None:
    """Write the finished batch's digest files; say its notices (e.g. the tiny model) loudly."""
    from wiredesk.cli import print_notices
    from wiredesk.render import write_digest

    try:
        fetched = client.digest(batch_id)
    except ConflictError as exc:
        console.print(f"No digest: {exc.detail}", highlight=False, soft_wrap=True)
        return
    print_notices(fetched)
    for fmt, path in write_digest(fetched, out).items():
        console.print(f"Digest ({fmt}): {path}", highlight=False, soft_wrap=True)


_DURATION = re.compile(r"(\d{1,6})\s*([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PREVIEW_HEADERS = ("Subject", "From", "To", "Date", "List-Unsubscribe", "List-Unsubscribe-Post")


def parse_duration(text: str) -> timedelta:
    """`90m`, `24h`, `2d` or `3600s` as a timedelta; `InputError` otherwise."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None or int(match[1]) == 0:
        raise InputError(f"--since wants a duration such as 24h, 90m or 2d, not {text[:20]!r}.")
    return timedelta(seconds=int(match[1]) * _SECONDS[match[2]])


def send_digest(
    to: Annotated[str, typer.Option("--to", help="Address to send the digest to.")],
    since: Annotated[
        str, typer.Option(help="How far back articles are taken: 24h, 90m, 2d, ...")
    ] = "24h",
    language: Annotated[
        list[str] | None,
        typer.Option("--language", help="Only articles in this source language (repeatable)."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only articles from this outlet (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the message instead of sending it.")
    ] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML part to this file.")
    ] = None,
) -> None:
    """Send (or print) one digest of the recent articles now, outside the daily schedule.

    It reads the job store (WIREDESK_DATABASE_URL) and sends through WIREDESK_SMTP_URL, e.g.
    smtp://user:pass@host:587 (STARTTLS), smtps://user:pass@host:465, or
    smtp://localhost:1025 (a local catcher); From is WIREDESK_MAIL_FROM. --dry-run needs no SMTP.
    """
    from wiredesk.config import get_settings
    from wiredesk.mail import MailContext, compose, daily_digest, normalise_email
    from wiredesk.mail.smtp import parse_smtp_url, send_message

    try:
        address = normalise_email(to)
    except ValueError as exc:
        raise InputError(f"--to: {exc}") from exc
    window = parse_duration(since)
    service, core = get_service_settings(), get_settings()
    now = datetime.now(UTC)
    articles, unsubscribe = _recent_articles(
        service, address, since=now - window, until=now, languages=language, sources=source
    )
    digest = daily_digest(articles, settings=core, generated_at=now)
    context = MailContext(
        to=address, mail_from=service.mail_from, day=now.date(), unsubscribe_url=unsubscribe
    )
    message = compose(digest, context=context, now=now)
    if html is not None:
        html.write_text(_part(message, "html"), encoding="utf-8")
        console.print(f"HTML part written to {html}", highlight=False, soft_wrap=True)
    if dry_run:
        typer.echo(_preview(message))
        return
    if service.smtp_url is None:
        raise InputError("Set WIREDESK_SMTP_URL (e.g. smtp://user:pass@host:587) to send email.")
    target = parse_smtp_url(service.smtp_url.get_secret_value())
    security = send_message(message, target=target, timeout=service.smtp_timeout)
    console.print(
        f"Sent “{message['Subject']}” to {address} via {target.host}:{target.port} ({security}).",
        highlight=False,
    )


def _recent_articles(
    service: ServiceSettings,
    address: str,
    *,
    since: datetime,
    until: datetime,
    languages: list[str] | None,
    sources: list[str] | None,
) -> tuple[list[StoredArticle], str | None]:
    """The window's articles from the store, and the address's unsubscribe link if subscribed."""
    from wiredesk.mail.tokens import link_base_url, signer_for, unsubscribe_url
    from wiredesk.store import Store
    from wiredesk.store import subscriptions as store_subscriptions
    from wiredesk.store.migrate import require_current

    store = Store(service.database_url)
    try:
        require_current(store)
        with store.read() as session:
            articles = store_subscriptions.recent_articles(
                session,
                since=since,
                until=until,
                languages=languages or [],
                sources=sources or [],
                limit=service.digest_max_articles,
            )
            subscription = store_subscriptions.find_subscription(session, email=address)
            subscription_id = subscription.id if subscription is not None else None
        if subscription_id is None:
            return articles, None
        signer = signer_for(service.secret_key, store=store)
        base = link_base_url(service.public_base_url, port=service.port)
        return articles, unsubscribe_url(base, signer, subscription_id=subscription_id)
    finally:
        store.dispose()


db_app = typer.Typer(
    help="The job store's schema: bring it up to date before starting the API and workers.",
    no_args_is_help=True,
)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the job store (WIREDESK_DATABASE_URL) to this version's schema."""
    from wiredesk.store import Store
    from wiredesk.store.migrate import current_revision, upgrade

    store = Store(get_service_settings().database_url)
    try:
        before = current_revision(store)
        upgrade(store)
        after = current_revision(store)
    finally:
        store.dispose()
    where = store.url.render_as_string(hide_password=True)
    if before == after:
        console.print(f"{where}: already at schema {after}.", highlight=False, soft_wrap=True)
    else:
        console.print(
            f"{where}: upgraded from {before or 'empty'} to {after}.",
            highlight=False,
            soft_wrap=True,
        )


@db_app.command("current")
def db_current() -> None:
    """Show the job store's schema revision and whether it is the one this version needs."""
    from wiredesk.store import Store
    from wiredesk.store.migrate import current_revision, head_revision

    store = Store(get_service_settings().database_url)
    try:
        current = current_revision(store)
    finally:
        store.dispose()
    head = head_revision()
    state = "up to date" if current == head else f"behind: run `wiredesk db upgrade` (to {head})"
    console.print(f"{current or 'empty'} ({state})", highlight=False, soft_wrap=True)


def _part(message: EmailMessage, subtype: str) -> str:
    """The decoded text of the message's `text/<subtype>` part."""
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None  # `compose` always makes both parts
    return str(part.get_content())


def _preview(message: EmailMessage) -> str:
    """The main headers and the plain-text part, as a reader would see them."""
    headers = [f"{name}: {message[name]}" for name in _PREVIEW_HEADERS if message[name]]
    return "\n".join([*headers, "", _part(message, "plain")])


def register(app: typer.Typer) -> None:
    """Add `serve`, `worker`, `beat`, `submit`, `status`, `digest`, `send-digest` to `wiredesk`."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("beat")(beat)
    app.command("submit")(submit)
    app.command("status")(status)
    app.command("digest")(digest)
    app.command("send-digest")(send_digest)
    app.add_typer(db_app, name="db")
