"""Keeping a search index in step with the store.

Writes reach an index through the outbox: the index remembers the last change it applied, and
``catch_up`` applies the ones after it. An upsert re-reads the record, so a change applied twice (after a
crash between the engine's commit and the position being saved) gives the same index, and a change is never
lost: it stays in the outbox until applied. ``rebuild`` derives a whole new index from the store.

Name analysis is the costly part of indexing (a new surname spelling takes some 60 µs to analyse), so large
jobs build their documents in worker processes, one per core, while this process feeds the engine.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from weakref import WeakKeyDictionary

import orjson

from indexer.bulk import map_batches
from indexer.documents import SearchDocument, document_for
from indexer.engines.base import SearchEngine
from indexer.records import Record
from indexer.store import Store

SYNC_BATCH = 5000
# Applying this many changes one by one costs more than building the index anew from the store.
REBUILD_THRESHOLD = 100_000
# Below this many records, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 20_000
# How many changes go into one engine commit while catching up.
COMMIT_EVERY = 50_000

ProgressCallback = Callable[[int], None]


def build_documents(
    rows: Sequence[str | dict[str, Any]], encode: Callable[[SearchDocument], Any] | None = None
) -> list[Any]:
    """Stored record JSON (as text, or parsed) -> search documents, encoded for an engine's ``rebuild``
    if ``encode`` is given (runs in worker processes too)."""
    parsed = (orjson.loads(row) if isinstance(row, str) else row for row in rows)
    documents = [document_for(Record.model_validate(data)) for data in parsed]
    return [encode(doc) for doc in documents] if encode else documents


def documents_from(
    batches: Iterable[Sequence[str | dict[str, Any]]],
    *,
    parallel: bool,
    encode: Callable[[SearchDocument], Any] | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[list[Any]]:
    for docs in map_batches(functools.partial(build_documents, encode=encode), batches, parallel=parallel):
        if on_progress:
            on_progress(len(docs))
        yield docs


# One catch-up at a time per engine in this process: the sync worker and a staff write may both ask, and
# two interleaved passes could save an older outbox position after a newer one.
_CATCH_UP_LOCKS: WeakKeyDictionary[SearchEngine, threading.Lock] = WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def _catch_up_lock(engine: SearchEngine) -> threading.Lock:
    with _LOCKS_GUARD:
        return _CATCH_UP_LOCKS.setdefault(engine, threading.Lock())


def catch_up(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> int:
    """Apply every outbox change the engine has not applied yet. Returns how many were applied."""
    with _catch_up_lock(engine):
        return _catch_up(store, engine, on_progress)


def _catch_up(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None) -> int:
    position = engine.applied_seq()
    applied = uncommitted = 0
    while True:
        changes = store.changes_since(position, SYNC_BATCH)
        if not changes:
            break
        upserts = list(dict.fromkeys(c.record_id for c in changes if c.op == "upsert"))
        records = store.get_many(upserts)
        # A record upserted and then deleted in the same batch is gone from the store: delete it.
        deletes = [c.record_id for c in changes if c.op == "delete" or c.record_id not in records]
        if deletes:
            engine.delete(list(dict.fromkeys(deletes)))
        engine.upsert([document_for(records[rid]) for rid in upserts if rid in records])
        position = changes[-1].seq
        applied += len(changes)
        uncommitted += len(changes)
        if uncommitted >= COMMIT_EVERY:
            engine.commit(position)
            uncommitted = 0
        if on_progress:
            on_progress(len(changes))
    if uncommitted:
        engine.commit(position)
    return applied


def rebuild(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> int:
    """Build a fresh index from the whole store and swap it in; then apply what changed meanwhile."""
    position = store.last_change_seq()
    parallel = store.count() >= PARALLEL_THRESHOLD
    documents = documents_from(
        store.iter_raw_text(SYNC_BATCH),
        parallel=parallel,
        encode=engine.encode_document,
        on_progress=on_progress,
    )
    total = engine.rebuild(documents, position)
    catch_up(store, engine)
    return total


def pending_changes(store: Store, engine: SearchEngine) -> int:
    return max(store.last_change_seq() - engine.applied_seq(), 0)


def ensure_index(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> None:
    """Rebuild an index that is missing, of an older format, or far behind; otherwise bring it up to date."""
    if engine.needs_rebuild() or pending_changes(store, engine) > REBUILD_THRESHOLD:
        rebuild(store, engine, on_progress)
    else:
        catch_up(store, engine, on_progress)
