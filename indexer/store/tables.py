"""Tables of the record store (SQLModel).

A record is kept whole as JSON (the contract form) plus the few columns staff lists sort and filter on.
Every write also appends a row to ``change`` in the same transaction: the outbox from which each search
index catches up, so a write made while an engine is down reaches it later, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class RecordRow(SQLModel, table=True):
    __tablename__ = "record"

    id: str = Field(primary_key=True, max_length=64)
    surname: str = Field(index=True, max_length=200)
    given_name: str | None = Field(default=None, max_length=200)
    birth_year: int | None = Field(default=None, index=True)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))


class ChangeRow(SQLModel, table=True):
    __tablename__ = "change"

    seq: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(max_length=64, index=True)
    # "upsert" or "delete"
    op: str = Field(max_length=8)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True)))
