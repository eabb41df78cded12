"""Keeping a search index in step with the store.

Writes reach an index through the outbox: the index remembers the last change it applied, and
``catch_up`` applies the ones after it. An upsert re-reads the record, so a change applied twice (after a
crash between the engine's commit and the position being saved) gives the same index, and a change is never
lost: it stays in the outbox until applied. ``rebuild`` derives a whole new index from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from indexer.documents import SearchDocument, document_for
from indexer.engines.base import SearchEngine
from indexer.store import Store

SYNC_BATCH = 5000

ProgressCallback = Callable[[int], None]


def catch_up(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> int:
    """Apply every outbox change the engine has not applied yet. Returns how many were applied."""
    position = engine.applied_seq()
    applied = 0
    while True:
        changes = store.changes_since(position, SYNC_BATCH)
        if not changes:
            return applied
        upserts = list(dict.fromkeys(c.record_id for c in changes if c.op == "upsert"))
        records = store.get_many(upserts)
        # A record upserted and then deleted in the same batch is gone from the store: delete it.
        deletes = [c.record_id for c in changes if c.op == "delete" or c.record_id not in records]
        if deletes:
            engine.delete(list(dict.fromkeys(deletes)))
        engine.upsert([document_for(records[rid]) for rid in upserts if rid in records])
        position = changes[-1].seq
        engine.commit(position)
        applied += len(changes)
        if on_progress:
            on_progress(len(changes))


def documents_from(store: Store, on_progress: ProgressCallback | None = None) -> Iterator[Sequence[SearchDocument]]:
    for batch in store.iter_records(SYNC_BATCH):
        yield [document_for(record) for record in batch]
        if on_progress:
            on_progress(len(batch))


def rebuild(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> int:
    """Build a fresh index from the whole store and swap it in; then apply what changed meanwhile."""
    position = store.last_change_seq()
    total = engine.rebuild(documents_from(store, on_progress), position)
    catch_up(store, engine)
    return total


def ensure_index(store: Store, engine: SearchEngine, on_progress: ProgressCallback | None = None) -> None:
    """Rebuild an index that is missing or of an older format; otherwise bring it up to date."""
    if engine.needs_rebuild():
        rebuild(store, engine, on_progress)
    else:
        catch_up(store, engine, on_progress)
