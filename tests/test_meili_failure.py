"""Meilisearch down or slow: public search answers 503 with a JSON error, /readyz says not ready, and
writes made meanwhile wait in the outbox and reach the index once it is back, each exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.engines.embedded import EmbeddedEngine
from indexer.engines.meili import MeilisearchEngine
from indexer.errors import Conflict, EngineUnavailable
from indexer.importing import import_files
from indexer.records import Record
from indexer.settings import Settings
from indexer.store import Store, open_store
from indexer.sync import ensure_index
from service.app import create_app
from service.sync_worker import SyncWorker, backoff_after
from tests.conftest import DATA, free_port
from tests.meili_standin import StandIn

TIMEOUT = 0.3  # seconds a Meilisearch call may take in these tests
STORE_FILES = [DATA / "search_fixture.jsonl"]


def closed_port_url() -> str:
    """A local port nothing listens on: connections are refused at once."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    import_files(s, STORE_FILES)
    yield s
    s.close()


def meili_settings(tmp_path: Path, url: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        engine="meilisearch",
        meili_url=url,
        meili_key="indexing-key",
        meili_search_key="search-key",
        meili_timeout=TIMEOUT,
    )


def assert_unavailable(client: TestClient, why: str) -> None:
    response = client.get("/api/search", params={"q": "Иванов"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "search_unavailable" and why in error["message"]
    assert response.headers["Retry-After"]
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["ready"] is False and why in ready.json()["checks"]["engine"]["status"]


def test_meilisearch_down_gives_503_and_not_ready(tmp_path: Path, store: Store) -> None:
    with TestClient(create_app(meili_settings(tmp_path, closed_port_url()))) as client:
        assert_unavailable(client, "cannot be reached")
        assert client.get("/healthz").status_code == 200  # the process itself is fine


def test_meilisearch_slow_gives_503_after_the_timeout(tmp_path: Path, store: Store, standin: StandIn) -> None:
    standin.delay = 30.0  # far beyond the timeout: an answer could only come from the timeout firing
    with TestClient(create_app(meili_settings(tmp_path, standin.url))) as client:
        assert_unavailable(client, f"did not answer within {TIMEOUT:g} s")


def test_search_answers_again_once_meilisearch_is_back(
    tmp_path: Path, store: Store, standin: StandIn
) -> None:
    standin.available = False
    with TestClient(create_app(meili_settings(tmp_path, standin.url))) as client:
        assert client.get("/readyz").status_code == 503
        standin.available = True
        ensure_index(store, client.app.state.engine)  # type: ignore[attr-defined]
        assert client.get("/readyz").status_code == 200
        assert (
            client.get("/api/search", params={"q": "Иванов"}).json()["total"] == 0
        )  # the stand-in finds nothing


def write_while_down(store: Store) -> set[str]:
    with store.transaction() as conn:
        store.write_records(
            conn, [Record(id="new-1", surname="Мочалов"), Record(id="new-2", surname="Лапин")]
        )
        store.write_records(
            conn, [Record(id="new-1", surname="Мочалов", given_name="Кирилл")]
        )  # edited again
        store.delete_record(conn, "abm-sitnov-valentin")
    return {"new-1", "new-2"}


def documents_sent(standin: StandIn, since: int) -> list[str]:
    return [d["id"] for r in standin.requests[since:] if r.path.endswith("/documents") for d in r.body]


def deleted_sent(standin: StandIn, since: int) -> list[str]:
    return [r.body["filter"] for r in standin.requests[since:] if r.path.endswith("/documents/delete")]


def test_writes_while_down_reach_the_index_once_when_it_is_back(store: Store, standin: StandIn) -> None:
    engine = MeilisearchEngine(
        standin.url, write_key="indexing-key", index_uid="memorial_records", timeout=TIMEOUT
    )
    ensure_index(store, engine)
    worker = SyncWorker(store, engine)
    before = len(standin.requests)
    standin.available = False
    written = write_while_down(store)
    for _ in range(2):  # each pass fails and waits longer
        with pytest.raises(EngineUnavailable):
            worker.run_once()
    assert worker.step() == backoff_after(1) and worker.step() == backoff_after(2)
    assert worker.status.failures == 2 and "cannot be reached" in (worker.status.last_error or "")
    assert len(standin.requests) == before  # nothing reached it
    standin.available = True
    assert worker.step() == worker.interval and worker.status.failures == 0
    sent = documents_sent(standin, before)
    assert sorted(i for i in sent if not i.startswith("_memorial")) == sorted(written)  # each exactly once
    assert deleted_sent(standin, before) == ['id IN ["abm-sitnov-valentin"]']
    assert engine.applied_seq() == store.last_change_seq()
    after = len(standin.requests)
    assert worker.run_once() == 0
    assert documents_sent(standin, after) == [] and deleted_sent(standin, after) == []  # none applied twice


def test_the_worker_thread_retries_until_meilisearch_is_back(store: Store, standin: StandIn) -> None:
    engine = MeilisearchEngine(
        standin.url, write_key="indexing-key", index_uid="memorial_records", timeout=TIMEOUT
    )
    ensure_index(store, engine)
    standin.available = False
    written = write_while_down(store)
    failed, applied = threading.Event(), threading.Event()
    worker = SyncWorker(store, engine, interval=0.01, first_backoff=0.01, max_backoff=0.05)
    original = worker.step

    def observed() -> float:
        wait = original()
        (failed if worker.status.failures else applied if worker.status.applied else threading.Event()).set()
        return wait

    worker.step = observed  # type: ignore[method-assign]
    before = len(standin.requests)
    worker.start()
    try:
        assert failed.wait(10)
        standin.available = True
        assert applied.wait(10)
    finally:
        worker.stop()
    assert sorted(i for i in documents_sent(standin, before) if not i.startswith("_memorial")) == sorted(
        written
    )
    assert worker.status.applied == 4 and worker.status.last_error is None


def test_the_worker_rebuilds_a_missing_index(store: Store, standin: StandIn) -> None:
    engine = MeilisearchEngine(
        standin.url, write_key="indexing-key", index_uid="memorial_records", timeout=TIMEOUT
    )
    SyncWorker(store, engine).run_once()
    assert standin.sent("POST", r"^/swap-indexes$") and not engine.needs_rebuild()
    assert engine.applied_seq() == store.last_change_seq()


def test_backoff_doubles_up_to_a_minute() -> None:
    assert [backoff_after(n) for n in (1, 2, 3, 4, 7, 8, 20)] == [1, 2, 4, 8, 60, 60, 60]


def test_the_worker_is_safe_with_the_embedded_engine(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = EmbeddedEngine(tmp_path / "index")
    worker = SyncWorker(store, engine)
    assert worker.run_once() == 0  # no index yet: built from the store
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-1", surname="Мочалов")])
    assert worker.run_once() == 1 and worker.run_once() == 0

    def busy(*_: object) -> None:
        raise Conflict("another process is writing the search index; try again when it has finished")

    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-2", surname="Лапин")])
    monkeypatch.setattr(engine, "upsert", busy)
    assert worker.step() == worker.interval and worker.status.failures == 0  # busy means later, not failed
    monkeypatch.undo()
    assert worker.run_once() == 1
