"""How long analysing a query takes (`parse_query`): DESIGN says well under a millisecond.

Three figures over the benchmark's own queries. "cold": every cache of the name analysis emptied before
each query, so every word is analysed from scratch (a query no one has typed before, word for word).
"first pass": caches emptied once, then the queries in turn (later queries profit from words seen
earlier, as a running service does). "cached": the same queries again. Dictionaries loaded once per
process (the given-name and patronymic tables: caches of size 1) are kept loaded throughout.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from indexer.errors import MemorialError
from indexer.search.parse import QueryInput, parse_query

_MODULE_PREFIXES = ("indexer.names", "indexer.search")


def analysis_caches() -> list[Any]:
    """The lru_caches of the name analysis, except the size-1 caches that hold loaded tables."""
    caches = []
    for name, module in list(sys.modules.items()):
        if not name.startswith(_MODULE_PREFIXES) or module is None:
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", "") == name and info().maxsize not in (1,):
                caches.append(value)
    return caches


def _clear(caches: Sequence[Any]) -> None:
    for cache in caches:
        cache.cache_clear()


def _micros(texts: Sequence[str], before: Callable[[], None] | None) -> list[float]:
    out = []
    for text in texts:
        if before is not None:
            before()
        start = time.perf_counter_ns()
        with contextlib.suppress(MemorialError):
            parse_query(QueryInput(q=text, limit=10, with_facets=False))
        out.append((time.perf_counter_ns() - start) / 1000)
    return out


def _stats(micros: list[float]) -> dict[str, float]:
    ordered = sorted(micros)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    p50 = ordered[len(ordered) // 2] if ordered else 0.0
    return {
        "mean_us": round(sum(ordered) / max(len(ordered), 1), 1),
        "p50_us": round(p50, 1),
        "p99_us": round(p99, 1),
    }


def time_parsing(texts: Sequence[str]) -> dict[str, Any]:
    """Mean, median and p99 microseconds per query: cold, first pass and cached."""
    caches = analysis_caches()
    parse_query(QueryInput(q="Иванов", limit=10, with_facets=False))  # load the tables once
    cold = _micros(texts, lambda: _clear(caches))
    _clear(caches)
    first = _micros(texts, None)
    cached = _micros(texts, None)
    return {
        "queries": len(texts),
        "caches_cleared": len(caches),
        "cold": _stats(cold),
        "first_pass": _stats(first),
        "cached": _stats(cached),
    }
