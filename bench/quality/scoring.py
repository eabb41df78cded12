"""Scoring the benchmark's queries: which records count as found, recall@1, recall@10 and MRR per kind.

A query names only some of what is known about a person (surname and given name, say). Every record
whose person has the same values for those fields is indistinguishable from the query, and a hit on any
of them counts: for "Ivanov Ivan", each of the population's Иван Ивановs is a right answer. For a prisoner
number, every record that carries the number (another camp may have issued it too) counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.quality.variants import (
    EXTRA_KINDS,
    KINDS,
    NUMBER_KIND,
    TARGET_KINDS,
    Query,
    record_numbers,
    truth_key,
)
from indexer.generator import Truth

TOP = 10


def correct_ids(
    queries: Sequence[Query], population: Sequence[tuple[dict[str, Any], Truth]]
) -> list[frozenset[str]]:
    """For each query, the ids of every record indistinguishable from its target."""
    indexes: dict[tuple[str, bool], dict[tuple[Any, ...], set[str]]] = {}

    def index_for(pattern: str, family: bool) -> dict[tuple[Any, ...], set[str]]:
        built = indexes.get((pattern, family))
        if built is None:
            built = defaultdict(set)
            for record, truth in population:
                if pattern == "number":
                    for number in record_numbers(record):
                        built[("number", number)].add(truth.record_id)
                else:
                    built[truth_key(truth, pattern, family)].add(truth.record_id)
            indexes[(pattern, family)] = built
        return built

    out = []
    for query in queries:
        pattern = "number" if query.shape == "number" else "".join(sorted(set(query.shape)))
        family = isinstance(query.key[0], str) and query.key[0].startswith("family:")
        found = index_for(pattern, family).get(query.key, set())
        out.append(frozenset(found | {query.target_id}))
    return out


def rank_of(hits: Sequence[str], correct: frozenset[str]) -> int | None:
    """1-based rank of the first right hit within the first `TOP`, or None."""
    for rank, hit in enumerate(hits[:TOP], start=1):
        if hit in correct:
            return rank
    return None


@dataclass
class Figures:
    n: int = 0
    top1: int = 0
    top10: int = 0
    reciprocal: float = 0.0

    def add(self, rank: int | None) -> None:
        self.n += 1
        if rank is not None:
            self.top1 += rank == 1
            self.top10 += 1
            self.reciprocal += 1.0 / rank

    def to_json(self) -> dict[str, float | int]:
        n = max(self.n, 1)
        return {
            "n": self.n,
            "recall_at_1": round(self.top1 / n, 4),
            "recall_at_10": round(self.top10 / n, 4),
            "mrr": round(self.reciprocal / n, 4),
        }


@dataclass
class Outcome:
    """How each system ranked one query's target; `engine_top` is the engine's first hit, for failures."""

    query: Query
    correct_count: int
    ranks: dict[str, int | None] = field(default_factory=dict)
    engine_top: str = ""
    target_spelling: str = ""
    deep_rank: int | None = None  # for an engine miss: the target's rank within the first 100, if there
    target_how: str = ""  # ... and how the engine matched it there


GROUPS = {
    "all target kinds": TARGET_KINDS,
    "extra kinds (outside the target's words)": EXTRA_KINDS,
    "prisoner numbers": (NUMBER_KIND,),
}


def summarize(outcomes: Sequence[Outcome], systems: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """{row: {system: figures}} for every kind, then the groups of kinds pooled."""
    by_row: dict[str, dict[str, Figures]] = defaultdict(lambda: defaultdict(Figures))
    for outcome in outcomes:
        rows = [outcome.query.kind] + [g for g, kinds in GROUPS.items() if outcome.query.kind in kinds]
        for row in rows:
            for system in systems:
                by_row[row][system].add(outcome.ranks.get(system))
    order = [k for k in KINDS if k in by_row] + [g for g in GROUPS if g in by_row]
    return {row: {s: by_row[row][s].to_json() for s in systems} for row in order}


def miss_depths(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """Per kind, the engine's misses split: target ranked 11-100 (a ranking miss) or not in the first 100
    (mostly a matching miss: the query's spelling never met the record's)."""
    out: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        misses = [o for o in outcomes if o.query.kind == kind and o.ranks.get("engine") is None]
        if misses:
            deep = sum(o.deep_rank is not None for o in misses)
            out[kind] = {"misses": len(misses), "ranked_11_to_100": deep, "not_in_100": len(misses) - deep}
    return out


def engine_failures(outcomes: Sequence[Outcome], per_kind: int = 5) -> dict[str, list[dict[str, Any]]]:
    """Up to `per_kind` examples per kind where the engine missed the first 10, then ranked lowest."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.query.kind == kind]
        missed = [o for o in mine if o.ranks.get("engine") is None]
        low = sorted(
            (o for o in mine if (o.ranks.get("engine") or 1) > 1), key=lambda o: -(o.ranks["engine"] or 0)
        )
        chosen = (missed + low)[:per_kind]
        if chosen:
            out[kind] = [
                {
                    "query": o.query.text,
                    "target": o.target_spelling,
                    "rank": o.ranks.get("engine"),
                    "deep_rank": o.deep_rank,
                    "target_how": o.target_how,
                    "engine_first_hit": o.engine_top,
                    "note": o.query.note,
                }
                for o in chosen
            ]
    return out
