"""Tables of the record store (SQLModel).

A record is kept whole as JSON (the contract form) plus the few columns staff lists sort and filter on.
Every write also appends a row to ``change`` in the same transaction: the outbox from which each search
index catches up, so a write made while an engine is down reaches it later, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


# Compared code point by code point, so that "begins with" is a range on its index (see
# ``Store.list_records``): PostgreSQL's "C" collation, SQLite's default BINARY. Text, not String(200):
# case folding may lengthen a name (ß is ss).
FOLDED_TEXT = Text().with_variant(Text(collation="C"), "postgresql")


class RecordRow(SQLModel, table=True):
    __tablename__ = "record"
    # With the id, the staff list's whole order: a page is read off the index, never sorted.
    __table_args__ = (Index("ix_record_surname_folded", "surname_folded", "id"),)

    id: str = Field(primary_key=True, max_length=64)
    surname: str = Field(max_length=200)
    # ``folded_surname(surname)``: what the staff list is sorted by and its "surname begins with" compares.
    surname_folded: str = Field(sa_column=Column(FOLDED_TEXT, nullable=False))
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
