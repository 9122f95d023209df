"""The `wiredesk` command line: the whole pipeline on files or folders, and model management.

Every `WiredeskError` becomes a one-line message and the error's exit code (see `errors.py`).
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from wiredesk.config import Settings, get_settings
from wiredesk.errors import InputError, WiredeskError
from wiredesk.help import HelpGroup
from wiredesk.schema import Article, ArticleResult, Digest, IngestFailure
from wiredesk.terminal import console, log_handler, progress_bar, quiet_libraries

if TYPE_CHECKING:  # the pipeline imports torch: only `run` loads it, lazily
    from wiredesk.pipeline import Pipeline

app = typer.Typer(
    help="Wiredesk: foreign-language news in; English translations, summaries and a digest out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=HelpGroup,
)
models_app = typer.Typer(
    help="Download, build and list translation models.", no_args_is_help=True, cls=HelpGroup
)
app.add_typer(models_app, name="models")

log = logging.getLogger("wiredesk")


class OutputFormat(StrEnum):
    """Digest file formats `run` can write."""

    json = "json"
    md = "md"
    html = "html"


class Fallback(StrEnum):
    """What `run` does when a real model's weights are missing."""

    none = "none"
    tiny = "tiny"


def setup_logging(settings: Settings) -> None:
    """Log through the shared console (one line per record), the libraries' own bars off."""
    quiet_libraries()
    logging.basicConfig(level=settings.log_level.upper(), handlers=[log_handler()], force=True)


def wiredesk_version() -> str:
    """The installed package's version."""
    try:
        return version("wiredesk")
    except PackageNotFoundError:
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"wiredesk {wiredesk_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Wiredesk: foreign-language news in; English translations, summaries and a digest out."""


@app.command()
def run(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files (.txt, .html, .json) or folders of them.")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder the digest files are written to.")
    ] = Path("out"),
    glossary: Annotated[
        Path | None,
        typer.Option(help="Glossary TSV to enforce instead of glossary/<lang>-en.tsv."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Model for every source language: a hub id, a local folder, or `tiny` "
            "(the meaningless test model). Default: models/registry.toml and WIREDESK_MODEL_<LANG>."
        ),
    ] = None,
    beams: Annotated[
        int | None, typer.Option(min=1, max=16, help="Beam size (default: WIREDESK_BEAMS).")
    ] = None,
    summary_sentences: Annotated[
        int | None,
        typer.Option(min=1, max=20, help="Sentences per article summary (default 3)."),
    ] = None,
    output_format: Annotated[
        list[OutputFormat] | None,
        typer.Option("--format", "-f", help="Digest format(s) to write; repeat for several."),
    ] = None,
    fallback: Annotated[
        Fallback | None,
        typer.Option(
            help="`tiny`: if a real model is missing, use the tiny test model (with a loud "
            "notice) instead of failing its articles. Default: WIREDESK_MODEL_FALLBACK."
        ),
    ] = None,
) -> None:
    """Translate, summarize and merge articles into digest.json/.md/.html under --out."""
    from wiredesk.ingest import load_paths
    from wiredesk.pipeline import Pipeline
    from wiredesk.render import write_digest

    settings = get_settings()
    setup_logging(settings)
    items = load_paths(
        paths,
        max_article_bytes=settings.max_article_bytes,
        max_html_bytes=settings.max_html_bytes,
        max_articles=settings.max_articles,
    )
    if not items:
        raise InputError(
            f"no input files found in {', '.join(str(p) for p in paths)} "
            "(looked for .txt, .text, .md, .html, .htm and .json files)."
        )
    _check_glossary(glossary or settings.glossary, settings)
    pipeline = Pipeline(
        settings,
        model=model,
        glossary=glossary,
        beams=beams,
        summary_sentences=summary_sentences,
        fallback=fallback.value if fallback else None,
    )
    results = _process_all(pipeline, items)
    digest = pipeline.digest(results)
    formats = [f.value for f in output_format] if output_format else ["json", "md", "html"]
    written = write_digest(digest, out, formats=formats)
    _report(digest, written)
    if not any(r.status == "ok" for r in results):
        raise typer.Exit(code=1)


def _check_glossary(path: Path | None, settings: Settings) -> None:
    """Read and parse a user's glossary before any model loads: a bad one is unusable input."""
    if path is None:
        return
    from wiredesk.glossary import load_glossary

    load_glossary(path, max_bytes=settings.max_glossary_bytes)


def _process_all(pipeline: Pipeline, items: list[Article | IngestFailure]) -> list[ArticleResult]:
    """Process every article at once behind a progress bar of translated sentences.

    All articles go to the pipeline together so their sentences share translation batches;
    ingest failures become failed results in their place.
    """
    articles = [item for item in items if not isinstance(item, IngestFailure)]
    with progress_bar() as progress:
        task = progress.add_task(f"Translating {len(articles)} articles: sentences", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        processed = iter(pipeline.process_many(articles, progress=advance))
        total = progress.tasks[0].total or 0
        progress.update(task, description="Sentences translated", total=total, completed=total)
    return [
        _ingest_failed(item) if isinstance(item, IngestFailure) else next(processed)
        for item in items
    ]


def _ingest_failed(item: IngestFailure) -> ArticleResult:
    return ArticleResult(id=item.id, status="failed", error=item.error, error_code=item.code)


def print_notices(digest: Digest) -> None:
    """Each of the digest's notices once, on one loud line (text, never markup)."""
    for notice in digest.notices:
        console.print(f"[bold red]NOTICE:[/] {escape(notice)}", highlight=False)


def _report(digest: Digest, written: dict[str, Path]) -> None:
    """Tell the user what happened: notices, per-article failures, where the digest is."""
    print_notices(digest)
    for article in digest.articles:
        if article.status == "failed":
            console.print(
                f"[yellow]failed[/] {escape(article.id)}: {escape(article.error or '')}",
                highlight=False,
            )
    ok = sum(1 for a in digest.articles if a.status == "ok")
    console.print(
        f"{ok} of {len(digest.articles)} articles processed, {len(digest.stories)} stories.",
        highlight=False,
    )
    for fmt, path in written.items():
        console.print(f"Digest ({fmt}): {path}", highlight=False)


@models_app.command("pull")
def models_pull(
    language: Annotated[str, typer.Argument(help="Source language code, e.g. `de`.")],
) -> None:
    """Download the registry's model for LANGUAGE into models/ (needs internet access)."""
    from wiredesk.registry import pull_model

    settings = get_settings()
    setup_logging(settings)
    path = pull_model(language, settings=settings)
    console.print(f"Model for '{language}' is in {path}", highlight=False)


@models_app.command("build-tiny")
def models_build_tiny(
    force: Annotated[bool, typer.Option(help="Rebuild even if it exists.")] = False,
) -> None:
    """Build the tiny test model offline (random weights: its output is MEANINGLESS)."""
    from wiredesk.tiny import TINY_FOLDER, build_tiny_model, tiny_corpus_paths

    settings = get_settings()
    setup_logging(settings)
    path = build_tiny_model(
        settings.models_dir / TINY_FOLDER, corpus_paths=tiny_corpus_paths(settings), force=force
    )
    console.print(
        f"Tiny model in {path} (random weights: output is meaningless; for tests and CI).",
        highlight=False,
    )


@models_app.command("list")
def models_list() -> None:
    """Show each configured source language, its model, and whether weights are on disk."""
    from wiredesk.registry import locate_weights, resolve_model, supported_languages

    settings = get_settings()
    for lang in supported_languages(settings):
        spec = resolve_model(lang, settings=settings)
        where = locate_weights(spec, settings=settings)
        state = "on disk" if isinstance(where, Path) else "not downloaded"
        typer.echo(f"{lang}\t{spec.model_id}\t{state}")


def _register_extensions() -> None:
    """Commands that live beside the core: the batch service's and CTranslate2 conversion."""
    from wiredesk.service_cli import register as register_service
    from wiredesk.translate.cli_commands import register as register_convert

    register_service(app)
    register_convert(models_app)


_register_extensions()


def main() -> None:
    """Console-script entry point: run the app, turning Wiredesk errors into one line."""
    try:
        app()
    except WiredeskError as exc:
        console.print(f"[bold red]error:[/] {exc.detail}", highlight=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
