"""Searching: parse what a person typed, ask the engine, explain each hit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from indexer.engines.base import Hit, SearchEngine, SearchQuery
from indexer.names.camps import camp_title
from indexer.search.explain import explain_hit
from indexer.search.parse import QueryInput, parse_query


@dataclass
class SearchResponse:
    query: SearchQuery
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.query.limit,
            "offset": self.query.offset,
            "match": self.query.strictness,
            "query": {
                "words": [w.text for w in self.query.words],
                "numbers": list(self.query.numbers),
                "birth_year": self.query.birth_year,
            },
            "hits": self.hits,
            "facets": self.facets,
        }


def run_search(engine: SearchEngine, given: QueryInput) -> SearchResponse:
    query = parse_query(given)
    result = engine.search(query)
    hits = [
        hit.summary | {"id": hit.id, "score": hit.score, "match": _explained(query, hit)}
        for hit in result.hits
    ]
    return SearchResponse(query=query, total=result.total, hits=hits, facets=_camps_by_title(result.facets))


def _explained(query: SearchQuery, hit: Hit) -> dict[str, Any]:
    explanation = explain_hit(query, hit.summary, hit.analysis)
    if hit.other_reading:  # placed above records that scored higher, and the reader is told why
        explanation["other_reading"] = True
    return explanation


def _camps_by_title(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The camp facet by camp, not by how each card wrote it: "Stalag VI-K" and "Stalag 326 Senne" are one
    entry, Stalag 326 (VI-K) Senne, whose link (the camp filter) finds both. A record that wrote one camp
    two ways is counted under it twice, as the engines counted it once under each."""
    if "camp" not in facets:
        return facets
    merged: Counter[str] = Counter()
    for written, count in facets["camp"].items():
        merged[camp_title(written)] += count
    return facets | {"camp": dict(merged.most_common())}


__all__ = ["QueryInput", "SearchResponse", "parse_query", "run_search"]
