"""The error answers of the JSON API, described for the OpenAPI schema: every error is
``{"error": {"code", "message", "details"}}`` (``indexer.errors``, ``service.app``), not FastAPI's default
``{"detail": [...]}``, and the schema says so, so that clients generated from it read errors right."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="What kind of error: invalid_request, not_found, search_unavailable, ...")
    message: str = Field(description="What was wrong and where, in English")
    details: Any = Field(
        default=None,
        description="For invalid_request, each problem as {field, reason}; for import_rejected, the report",
    )


class ErrorBody(BaseModel):
    error: ErrorDetail


def error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


Responses = dict[int | str, dict[str, Any]]

INVALID: Responses = {
    422: error("The request cannot be answered: the message and details name each field and reason")
}
UNAVAILABLE: Responses = {
    503: error("The search engine cannot answer now; try again after Retry-After seconds")
}
NOT_FOUND: Responses = {404: error("No record with this id")}
STAFF: Responses = {
    401: error("No valid staff token (Authorization: Bearer …) or session"),
    409: error("A record with this id exists already"),
    412: error("If-Match named a version of the record that is no longer current (stale_version)"),
}
