"""One exception hierarchy. Each error carries the HTTP status it answers with, so the service maps all of
them in one handler table and the CLI prints the same message."""

from __future__ import annotations

from typing import Any


class MemorialError(Exception):
    """Base of every error a user or an operator can cause."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": {"code": self.code, "message": self.message}}
        if self.details is not None:
            body["error"]["details"] = self.details
        return body


class NotFound(MemorialError):
    status_code = 404
    code = "not_found"


class InvalidRequest(MemorialError):
    status_code = 422
    code = "invalid_request"


class ImportRejected(MemorialError):
    """An import file had bad lines; nothing of it was written. ``details`` lists every problem."""

    status_code = 422
    code = "import_rejected"


class Unauthorized(MemorialError):
    status_code = 401
    code = "unauthorized"


class Conflict(MemorialError):
    status_code = 409
    code = "conflict"


class EngineUnavailable(MemorialError):
    """The search engine cannot answer now (Meilisearch down or slow, index being rebuilt from nothing)."""

    status_code = 503
    code = "search_unavailable"


class EngineError(MemorialError):
    """The engine answered, but with an error we did not expect: a bug or a misconfiguration."""

    status_code = 502
    code = "search_engine_error"
