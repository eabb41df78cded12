"""Fixtures shared by the tests: stores on SQLite (always) and PostgreSQL (when configured)."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from indexer.settings import Settings
from indexer.store import Store, open_store
from tests.meili_standin import StandIn

PG_URL = os.environ.get("MEMORIAL_TEST_DATABASE_URL", "")
DATA = Path(__file__).resolve().parent / "data"


def free_port() -> int:
    """A local port free at the moment of asking: for a server the test starts, or for one nobody does."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_schema_url(schema: str) -> str:
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not PG_URL, reason="set MEMORIAL_TEST_DATABASE_URL=postgresql://... to run on PostgreSQL"
                ),
            ],
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    s = open_store(database_url)
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, engine="embedded")


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    """Write rows as JSON Lines; a str row is written as it is (for malformed lines)."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path


@pytest.fixture
def standin() -> Iterator[StandIn]:
    """A stand-in HTTP server on 127.0.0.1 that records and validates what the Meilisearch client sends
    (it checks requests against Meilisearch's API description; it is not Meilisearch)."""
    with StandIn() as server:
        yield server


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The whole service over ``settings``, served by uvicorn on a free port in a thread: its base URL, for
    the tests that need a real server (a browser, or node running the widget)."""
    import uvicorn

    from service.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serving_records(home: Path, files: list[Path]) -> Iterator[str]:
    """``serving`` a fresh embedded home at ``home`` holding the records of ``files``."""
    from indexer.cli import run_import

    settings = Settings(home=home, database_url="", engine="embedded")
    run_import(settings, files)
    with serving(settings) as base:
        yield base
