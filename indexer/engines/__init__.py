"""Search engines behind one interface; ``open_engine`` picks one by name from the settings."""

from __future__ import annotations

from indexer.engines.base import SearchEngine
from indexer.settings import Settings


def open_engine(settings: Settings) -> SearchEngine:
    if settings.engine == "embedded":
        from indexer.engines.embedded import EmbeddedEngine

        return EmbeddedEngine(settings.index_dir)
    if settings.engine == "meilisearch":
        from indexer.engines.meili import MeilisearchEngine

        return MeilisearchEngine.from_settings(settings)
    raise ValueError(f"unknown engine {settings.engine!r}")


__all__ = ["SearchEngine", "open_engine"]
