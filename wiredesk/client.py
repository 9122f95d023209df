"""A small HTTP client of the batch service, behind `wiredesk submit` and `wiredesk status`.

It uploads files as one multipart batch, polls with backoff, and writes the digest files the
same way `wiredesk run` does. API errors (problem+json) come back as `WiredeskError`s with the
API's own detail, so the CLI prints one line and exits with the error's code.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

import httpx

from wiredesk.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    RateLimitedError,
    TooLargeError,
    UnauthorizedError,
    UnavailableError,
    WiredeskError,
)
from wiredesk.ingest import HTML_SUFFIXES, JSON_SUFFIXES, MAX_FOLDER_DEPTH, TEXT_SUFFIXES
from wiredesk.render import write_digest
from wiredesk.schema import Digest

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"succeeded", "partial", "failed"})
# Exit codes of `submit --wait` and `status`; 1-8 stay the error codes of `wiredesk.errors`.
EXIT_SUCCEEDED = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 10
EXIT_UNFINISHED = 11
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
_ERRORS: dict[int, type[WiredeskError]] = {
    401: UnauthorizedError,
    404: NotFoundError,
    409: ConflictError,
    413: TooLargeError,
    422: InputError,
    429: RateLimitedError,
    503: UnavailableError,
}


def exit_code_for(status: str) -> int:
    """The process exit code for a batch status: 0 succeeded, 10 partial, 1 failed, 11 other."""
    return {"succeeded": EXIT_SUCCEEDED, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED}.get(
        status, EXIT_UNFINISHED
    )


def collect_files(paths: Sequence[Path]) -> list[Path]:
    """Files to upload: named files as given, folders walked in name order (articles only)."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise InputError(f"No such file or folder: {', '.join(missing)}")
    files: list[Path] = []
    for path in paths:
        files.extend(_walk(path, depth=0) if path.is_dir() else [path])
    if not files:
        raise InputError("No article files (.txt, .md, .html, .htm, .json) found.")
    return files


def _walk(folder: Path, *, depth: int) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink() and depth < MAX_FOLDER_DEPTH:
            yield from _walk(entry, depth=depth + 1)
        elif entry.is_file() and entry.suffix.lower() in SUFFIXES:
            yield entry


class ServiceClient:
    """Talks to one Wiredesk API; use as a context manager so the connection is closed."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=timeout, transport=transport
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def submit(
        self,
        files: Sequence[Path],
        *,
        glossary: str | None = None,
        summary_sentences: int | None = None,
        beams: int | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Upload `files` as one batch; returns the API's answer (`id`, `status`, `links`)."""
        fields = {
            name: str(value)
            for name, value in (
                ("glossary", glossary),
                ("summary_sentences", summary_sentences),
                ("beams", beams),
            )
            if value is not None
        }
        uploads = [("files", (path.name, path.read_bytes(), _content_type(path))) for path in files]
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return self._json("POST", "/v1/batches", data=fields, files=uploads, headers=headers)

    def status(self, batch_id: str) -> dict[str, Any]:
        """The batch's status, progress and per-article states."""
        return self._json("GET", f"/v1/batches/{batch_id}")

    def digest(self, batch_id: str) -> Digest:
        """The finished batch's digest."""
        return Digest.model_validate(self._json("GET", f"/v1/batches/{batch_id}/digest"))

    def wait(
        self,
        batch_id: str,
        *,
        on_progress: Callable[[dict[str, Any]], None] | None = None,
        first_delay: float = 0.5,
        max_delay: float = 5.0,
        timeout: float | None = None,
        max_errors: int = 10,
        sleep: Callable[[float], None] = time.sleep,
    ) -> dict[str, Any]:
        """Poll until the batch is final (or `timeout` seconds pass); returns the last status.

        The delay grows by half each poll while nothing changes, and starts over when progress
        is made; an unreachable API is retried up to `max_errors` times in a row.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        delay, errors, last = first_delay, 0, None
        while True:
            try:
                status = self.status(batch_id)
            except UnavailableError:
                errors += 1
                if errors >= max_errors:
                    raise
                log.warning("API unavailable, retrying in %.1f s", delay)
            else:
                errors = 0
                if on_progress is not None:
                    on_progress(status)
                if status["status"] in FINAL_STATUSES:
                    return status
                if last is not None and status["progress"] != last["progress"]:
                    delay = first_delay
                last = status
            if deadline is not None and time.monotonic() + delay > deadline:
                if last is None:
                    raise UnavailableError(f"No answer from {self.base_url} before the timeout.")
                return last
            sleep(delay)
            delay = min(max_delay, delay * 1.5)

    def write_digest(
        self, batch_id: str, out: Path, *, formats: Sequence[str] = ("json", "md", "html")
    ) -> dict[str, Path]:
        """Fetch the digest and write digest.json/.md/.html into `out`, like `wiredesk run`."""
        return write_digest(self.digest(batch_id), out, formats=formats)

    def _json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        """Send a request; a problem+json answer or a network failure becomes a WiredeskError."""
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise UnavailableError(
                f"Cannot reach the Wiredesk API at {self.base_url}: {exc}"
            ) from exc
        if response.is_error:
            raise _error_from(response)
        data = response.json()
        if not isinstance(data, dict):
            raise WiredeskError(f"Unexpected answer from {url}: not a JSON object.")
        return data


def _error_from(response: httpx.Response) -> WiredeskError:
    """The WiredeskError a problem+json response stands for, with the API's detail."""
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    detail = problem.get("detail") if isinstance(problem, dict) else None
    message = f"{response.status_code} {response.reason_phrase}: {detail or response.text[:200]}"
    if response.status_code == 401:
        message += " Give the API key with --key KEY or set WIREDESK_API_KEY."
    elif response.status_code == 409 and response.headers.get("Retry-After"):
        message += f" Try again in {response.headers['Retry-After']} s."
    error_class = _ERRORS.get(response.status_code, WiredeskError)
    retry_after = response.headers.get("Retry-After")
    return error_class(
        message, retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None
    )


def _content_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
