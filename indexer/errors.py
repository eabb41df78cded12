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
    """A request that cannot be answered. Its ``details`` reach the client as a list of problems, each
    ``{"field", "reason"}``, the shape FastAPI's own parameter checks answer with too (``service.app``):
    ``details={"field": "q"}`` is sent as ``[{"field": "q", "reason": message}]``."""

    status_code = 422
    code = "invalid_request"

    @property
    def field(self) -> str | None:
        """The field the request is wrong in, if one."""
        if isinstance(self.details, dict):
            return self.details.get("field")
        if isinstance(self.details, list) and self.details and isinstance(self.details[0], dict):
            return self.details[0].get("field")
        return None

    def to_json(self) -> dict[str, Any]:
        body = super().to_json()
        if isinstance(self.details, dict) and set(self.details) == {"field"}:
            body["error"]["details"] = [{"field": self.details["field"], "reason": self.message}]
        return body


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


class StoreBusy(MemorialError):
    """Another write holds the record store (SQLite allows one writer: an import keeps it for its whole
    all-or-nothing transaction). Nothing of this write was changed; it can be tried again."""

    status_code = 503
    code = "store_busy"


class EngineUnavailable(MemorialError):
    """The search engine cannot answer now (Meilisearch down or slow, index being rebuilt from nothing)."""

    status_code = 503
    code = "search_unavailable"


class EngineError(MemorialError):
    """The engine answered, but with an error we did not expect: a bug or a misconfiguration."""

    status_code = 502
    code = "search_engine_error"
