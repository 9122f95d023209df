"""`wiredesk models convert`: the CLI command that converts a model for the CTranslate2 backend.

Kept here, next to the backend, and added to the `models` command group by `register`.
"""

from __future__ import annotations

from typing import Annotated

import typer


def models_convert(
    language: Annotated[str, typer.Argument(help="Source language code, e.g. `de`.")],
    force: Annotated[bool, typer.Option(help="Convert again even if a conversion exists.")] = False,
    model: Annotated[
        str | None,
        typer.Option(help="Model to convert instead of the configured one (hub id, folder, tiny)."),
    ] = None,
) -> None:
    """Convert LANGUAGE's model for CTranslate2 (WIREDESK_COMPUTE_TYPE, int8 by default), once.

    Workers then use it automatically (WIREDESK_BACKEND=auto).
    """
    from wiredesk.cli import setup_logging
    from wiredesk.config import get_settings
    from wiredesk.translate.loader import convert_model

    settings = get_settings()
    setup_logging(settings)
    folder = convert_model(language, settings=settings, force=force, override=model)
    typer.echo(f"CTranslate2 model ({settings.compute_type}) for '{language}' is in {folder}")


def register(models_app: typer.Typer) -> None:
    """Add `convert` to the `wiredesk models` command group."""
    models_app.command("convert")(models_convert)
