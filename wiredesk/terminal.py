"""What the command-line tools share on the terminal: one stderr console and one progress bar.

Output that goes to a file or a pipe is never wrapped (a log line stays one line for grep), and
the libraries' own progress bars ("Loading weights", "Writing model shards") are switched off
so only Wiredesk's bar and messages are seen.
"""

from __future__ import annotations

import logging
import os
import sys

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# Read by huggingface_hub and transformers when they are imported (after this module).
_QUIET_LIBRARIES = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
# A logging record with this attribute set is a notice the command prints itself, once, at the end.
NOTICE_ATTRIBUTE = "wiredesk_notice"


def _make_console() -> Console:
    """The stderr console; off a terminal it neither wraps nor pads lines to 80 columns."""
    stream = sys.stderr
    if stream.isatty():
        return Console(stderr=True)
    return Console(stderr=True, soft_wrap=True, width=10_000, no_color=True)


console = _make_console()


def progress_bar() -> Progress:
    """A progress bar of done/total items with elapsed time, on the shared console."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )


def quiet_libraries() -> None:
    """Switch off the progress bars and advisory chatter of huggingface_hub and transformers."""
    for name, value in _QUIET_LIBRARIES.items():
        os.environ.setdefault(name, value)
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time of each record, never a stale stream."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> object:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        """The stream is always the current `sys.stderr`."""


class _NotNotices(logging.Filter):
    """Drops notice records: the command prints each notice once, itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, NOTICE_ATTRIBUTE, False)


def log_handler() -> logging.Handler:
    """Rich log lines on a terminal, plain one-line `LEVEL message` records elsewhere."""
    handler: logging.Handler
    if console.is_terminal:
        handler = RichHandler(console=console, show_path=False, show_time=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(_NotNotices())
    return handler
