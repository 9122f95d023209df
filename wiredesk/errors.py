"""The one error hierarchy of Wiredesk.

Every error the core raises on purpose is a `WiredeskError`. Each carries an HTTP `status`,
a stable machine-readable `code`, and a CLI `exit_code`, so the API turns it into an
`application/problem+json` response and the CLI into a one-line message, in one place each.

    WiredeskError                     500  internal
    ├── InputError                    422  invalid_input      (untrusted input is wrong)
    │   ├── EmptyArticleError         422  empty_article
    │   ├── BinaryContentError        422  binary_content
    │   ├── UnsupportedFormatError    422  unsupported_format
    │   └── TooLargeError             413  too_large
    ├── GlossaryError                 422  invalid_glossary
    ├── LanguageError                 422  language
    │   ├── LanguageDetectionError    422  language_undetected
    │   └── UnsupportedLanguageError  422  unsupported_language
    ├── ModelError                    503  model
    │   ├── ModelNotFoundError        503  model_not_found    (weights missing; says how)
    │   └── ModelLoadError            503  model_load_failed
    ├── TranslationError              500  translation_failed
    ├── NotFoundError                 404  not_found
    ├── ConflictError                 409  conflict
    ├── UnauthorizedError             401  unauthorized
    ├── ForbiddenError                403  forbidden          (a web form without its CSRF token)
    ├── RateLimitedError              429  rate_limited
    └── UnavailableError              503  unavailable        (a dependency is down; retry later)
        └── SchemaBehindError         503  schema_behind      (run `wiredesk db upgrade`)
"""

from __future__ import annotations


class WiredeskError(Exception):
    """Base of every deliberate Wiredesk error."""

    status: int = 500
    code: str = "internal"
    title: str = "Internal error"
    exit_code: int = 1

    def __init__(self, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after

    def to_problem(self, *, instance: str | None = None) -> dict[str, object]:
        """RFC 9457 problem details for this error."""
        problem: dict[str, object] = {
            "type": f"https://wiredesk.dev/problems/{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            problem["instance"] = instance
        return problem


class InputError(WiredeskError):
    """Untrusted input (an article, a file, a request) is not acceptable."""

    status, code, title, exit_code = 422, "invalid_input", "Invalid input", 2


class EmptyArticleError(InputError):
    """An article has no text left to work on."""

    code, title = "empty_article", "Empty article"


class BinaryContentError(InputError):
    """A file looks binary rather than text."""

    code, title = "binary_content", "Binary content"


class UnsupportedFormatError(InputError):
    """A file or payload is in a format Wiredesk does not read."""

    code, title = "unsupported_format", "Unsupported format"


class TooLargeError(InputError):
    """An input is over a configured size limit."""

    status, code, title = 413, "too_large", "Input too large"


class GlossaryError(WiredeskError):
    """A glossary file is malformed or over its limits."""

    status, code, title, exit_code = 422, "invalid_glossary", "Invalid glossary", 2


class LanguageError(WiredeskError):
    """An article's language cannot be handled."""

    status, code, title, exit_code = 422, "language", "Language problem", 2


class LanguageDetectionError(LanguageError):
    """The language of an article could not be detected with confidence."""

    code, title = "language_undetected", "Language not detected"


class UnsupportedLanguageError(LanguageError):
    """No translation model is configured for an article's language."""

    code, title = "unsupported_language", "Unsupported language"


class ModelError(WiredeskError):
    """A translation or summarization model is unusable."""

    status, code, title, exit_code = 503, "model", "Model unavailable", 3


class ModelNotFoundError(ModelError):
    """Model weights are neither on disk nor downloadable; the detail says how to get them."""

    code, title = "model_not_found", "Model not found"


class ModelLoadError(ModelError):
    """Model files exist but could not be loaded."""

    code, title = "model_load_failed", "Model failed to load"


class TranslationError(WiredeskError):
    """Generation failed for a reason other than the model's absence."""

    code, title = "translation_failed", "Translation failed"


class NotFoundError(WiredeskError):
    """A requested resource does not exist."""

    status, code, title, exit_code = 404, "not_found", "Not found", 4


class ConflictError(WiredeskError):
    """The request conflicts with the current state (not ready yet, key reused, ...)."""

    status, code, title, exit_code = 409, "conflict", "Conflict", 5


class UnauthorizedError(WiredeskError):
    """Credentials are missing or wrong."""

    status, code, title, exit_code = 401, "unauthorized", "Unauthorized", 6


class RateLimitedError(WiredeskError):
    """Too many requests for this key; `retry_after` says when to come back."""

    status, code, title, exit_code = 429, "rate_limited", "Too many requests", 7


class UnavailableError(WiredeskError):
    """A dependency (broker, database, SMTP) is down; retry later."""

    status, code, title, exit_code = 503, "unavailable", "Service unavailable", 8


class ForbiddenError(WiredeskError):
    """The caller may not do this: e.g. a web form posted without its anti-forgery token."""

    status, code, title, exit_code = 403, "forbidden", "Forbidden", 6


class SchemaBehindError(UnavailableError):
    """The job store's schema is older than this version needs; `wiredesk db upgrade` fixes it."""

    code, title = "schema_behind", "Database schema behind"
