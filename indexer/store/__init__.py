"""The record store: the source of truth. Every search index is derived from it and can be rebuilt from it."""

from indexer.store.database import Store, open_store
from indexer.store.tables import ChangeRow, RecordRow

__all__ = ["ChangeRow", "RecordRow", "Store", "open_store"]
