"""The embedded index: swap on reindex while searches go on, rebuild of missing or old-format indexes,
and catching up from the outbox."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from indexer.engines.embedded import CURRENT_FILE, FORMAT_VERSION, META_FILE, EmbeddedEngine
from indexer.importing import import_files
from indexer.records import Record
from indexer.search import QueryInput, run_search
from indexer.settings import Settings
from indexer.store import Store, open_store
from indexer.sync import catch_up, ensure_index, rebuild
from tests.conftest import DATA


def _loaded(settings: Settings) -> tuple[Store, EmbeddedEngine]:
    store = open_store(settings.resolved_database_url)
    import_files(store, [DATA / "search_fixture.jsonl"])
    engine = EmbeddedEngine(settings.index_dir)
    ensure_index(store, engine)
    return store, engine


def test_reindex_swaps_while_searches_continue(settings: Settings) -> None:
    store, engine = _loaded(settings)
    before = (settings.index_dir / CURRENT_FILE).read_text()
    errors: list[BaseException] = []
    answers: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                answers.append(run_search(engine, QueryInput(q="Pogozhev")).total)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    searchers = [threading.Thread(target=keep_searching) for _ in range(2)]
    for t in searchers:
        t.start()
    try:
        for _ in range(3):
            assert rebuild(store, engine) == 14
    finally:
        stop.set()
        for t in searchers:
            t.join()
    assert errors == []
    assert len(answers) > 0 and all(total >= 2 for total in answers)
    after = (settings.index_dir / CURRENT_FILE).read_text()
    assert after != before
    assert [p.name for p in settings.index_dir.glob("gen-*")] == [after]


def test_missing_index_is_rebuilt(settings: Settings) -> None:
    store, engine = _loaded(settings)
    (settings.index_dir / CURRENT_FILE).unlink()
    fresh = EmbeddedEngine(settings.index_dir)
    assert fresh.needs_rebuild()
    assert fresh.readiness()[0] is False
    ensure_index(store, fresh)
    assert run_search(fresh, QueryInput(q="Ситнов")).total == 1


def test_older_format_is_rebuilt_not_crashed_on(settings: Settings) -> None:
    store, engine = _loaded(settings)
    live = settings.index_dir / (settings.index_dir / CURRENT_FILE).read_text()
    (live / META_FILE).write_text(json.dumps({"format": 0, "applied_seq": 3}))
    old = EmbeddedEngine(settings.index_dir)
    assert old.needs_rebuild()
    ensure_index(store, old)
    assert not old.needs_rebuild()
    assert run_search(old, QueryInput(q="Ситнов")).total == 1


def test_older_format_of_another_schema_is_rebuilt_not_crashed_on(settings: Settings) -> None:
    """A format bump that adds a field: tantivy refuses to open the old index with the new schema, so the
    engine must read the format first and not open it at all."""
    import tantivy

    store, engine = _loaded(settings)
    engine.close()
    old_dir = settings.index_dir / "gen-000099"
    old_dir.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("only_field", stored=True)
    writer = tantivy.Index(builder.build(), path=str(old_dir)).writer(15_000_000, 1)
    writer.commit()
    writer.wait_merging_threads()
    (old_dir / META_FILE).write_text(json.dumps({"format": FORMAT_VERSION - 1, "applied_seq": 3}))
    (settings.index_dir / CURRENT_FILE).write_text(old_dir.name)
    old = EmbeddedEngine(settings.index_dir)
    assert old.needs_rebuild()
    assert old.readiness()[0] is False
    ensure_index(store, old)
    assert not old.needs_rebuild()
    assert run_search(old, QueryInput(q="Ситнов")).total == 1


def test_outbox_changes_reach_the_index_once(settings: Settings) -> None:
    store, engine = _loaded(settings)
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-1", surname="Мочалов", given_name="Константин")])
        store.delete_record(conn, "abm-sitnov-valentin")
    assert run_search(engine, QueryInput(q="Mochalov")).total == 0  # written, not yet applied
    assert catch_up(store, engine) == 2
    assert run_search(engine, QueryInput(q="Mochalov")).total == 1
    assert run_search(engine, QueryInput(q="Ситнов", strictness="exact")).total == 0
    assert catch_up(store, engine) == 0
    count = engine.count()
    # Re-applying what was applied (as after a crash before the position was saved) changes nothing.
    live = settings.index_dir / (settings.index_dir / CURRENT_FILE).read_text()
    (live / META_FILE).write_text(json.dumps({"format": FORMAT_VERSION, "applied_seq": 0}))
    catch_up(store, engine)
    assert engine.count() == count


def test_a_second_process_sees_new_commits(settings: Settings, tmp_path: Path) -> None:
    store, writer_engine = _loaded(settings)
    reader = EmbeddedEngine(settings.index_dir)
    assert run_search(reader, QueryInput(q="Mochalov")).total == 0
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-2", surname="Мочалов")])
    catch_up(store, writer_engine)
    import time

    time.sleep(0.6)  # readers look for new commits at most twice a second
    assert run_search(reader, QueryInput(q="Mochalov")).total == 1


def test_parallel_document_building_matches_serial(settings: Settings) -> None:
    from indexer.sync import documents_from

    store = open_store(settings.resolved_database_url)
    import_files(store, [DATA / "search_fixture.jsonl"])
    # The workers get the stored JSON as text and parse it themselves.
    serial = [d for docs in documents_from(store.iter_raw(5), parallel=False) for d in docs]
    parallel = [d for docs in documents_from(store.iter_raw_text(5), parallel=True) for d in docs]
    assert len(serial) > 5
    assert [d.id for d in parallel] == [d.id for d in serial]
    assert [d.terms for d in parallel] == [d.terms for d in serial]


def test_service_starts_at_once_and_builds_a_large_missing_index_in_the_background(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import time

    from fastapi.testclient import TestClient

    import service.app
    from service.app import create_app

    store, engine = _loaded(settings)
    engine.close()
    shutil.rmtree(settings.index_dir)
    monkeypatch.setattr(service.app, "BUILD_AT_START_LIMIT", 0)  # count the fixture as "large"
    with TestClient(create_app(settings)) as client:
        for _ in range(200):  # the sync worker builds it; wait for that, not for a time
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.05)
        assert client.get("/readyz").status_code == 200
        assert client.get("/api/search", params={"q": "Pogozhev"}).json()["total"] >= 2
