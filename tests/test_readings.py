"""Another reading of the surname on the first page (``engines.readings``): which record is moved up, where,
and that the pages still cut one order, whatever their size."""

from __future__ import annotations

import pytest

from indexer.engines.base import SearchQuery, StoredRecord
from indexer.engines.readings import (
    OTHER_READING_AT,
    OTHER_READINGS,
    READING_GAP,
    other_readings,
    page_with_other_reading,
)
from indexer.search import QueryInput
from indexer.search.parse import parse_query

# Hasanov reads Хасанов (hasanov) first, and Гасанов (gasanov) a little less likely.
RECORDS = {f"h{n:02}": {"id": f"h{n:02}", "surname": "Хасанов"} for n in range(30)}
RECORDS |= {
    "g-1": {"id": "g-1", "surname": "Гасанов"},
    "g-2": {"id": "g-2", "surname": "Гасанов"},
    "z-1": {"id": "z-1", "surname": "Газанов"},
}


def stored(rid: str) -> StoredRecord:
    return StoredRecord(RECORDS[rid])


def query(q: str = "Hasanov", limit: int = 10, offset: int = 0, **given: object) -> SearchQuery:
    return parse_query(QueryInput(q=q, limit=limit, offset=offset, with_facets=False, **given))  # type: ignore[arg-type]


# Every Хасанов met the word as its likeliest reading; the other readings' records met it a little lower.
COMMON = [(1401.0, f"h{n:02}") for n in range(30)]
BEST_OTHER = {"gasanov": (1390.0, "g-1"), "hazanov": None, "gazanov": (1390.0, "z-1")}


def best_of(asked: SearchQuery) -> tuple[float, str] | None:
    """The best record of the readings asked for, none of the readings shown (a search of these records)."""
    wanted, shown = asked.filters.surname_keys, set(asked.filters.not_surname_keys)
    found = [BEST_OTHER[k] for k in wanted if BEST_OTHER.get(k) and k not in shown]
    return max(found, key=lambda hit: hit[0]) if found else None  # type: ignore[arg-type,return-value]


def page(q: SearchQuery, scored: list[tuple[float, str]] = COMMON) -> list[str]:
    return [rid for _, rid in page_with_other_reading(q, scored, stored, lambda rid: rid, best_of).hits]


def test_the_best_record_of_another_reading_comes_sixth() -> None:
    moved = page_with_other_reading(query(), COMMON, stored, lambda rid: rid, best_of).moved
    assert moved == {"g-1", "z-1"}
    first = page(query())
    assert first[OTHER_READING_AT] in {"g-1", "z-1"}
    assert set(first[OTHER_READING_AT : OTHER_READING_AT + OTHER_READINGS]) == {"g-1", "z-1"}
    assert first[:OTHER_READING_AT] == [f"h{n:02}" for n in range(OTHER_READING_AT)]


def test_pages_of_every_size_cut_one_order() -> None:
    whole = page(query(limit=40))
    assert len(whole) == len(set(whole)) == 32  # every record once, the two moved up among them
    for limit in (1, 2, 3, 5, 6, 7, 10, 20):
        pages = [rid for offset in range(0, 40, limit) for rid in page(query(limit=limit, offset=offset))]
        assert pages == whole, limit


def test_a_record_already_in_the_first_places_is_not_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BEST_OTHER, "gasanov", (1395.0, "g-1"))  # a Гасанов agreeing on more
    scored = [(1401.0, "h00"), (1401.0, "h01"), (1395.0, "g-1"), *((1390.0, r) for _, r in COMMON[2:])]
    first = page(query(), scored)
    assert first[:3] == ["h00", "h01", "g-1"]
    assert first[OTHER_READING_AT] == "z-1" and first.count("g-1") == 1


def test_a_record_met_less_well_than_by_the_reading_alone_stays_where_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(BEST_OTHER, "gasanov", (1401.0 - READING_GAP - 1, "g-1"))
    monkeypatch.setitem(BEST_OTHER, "gazanov", None)
    assert "g-1" not in page(query())


def test_only_a_word_of_several_readings_has_others() -> None:
    assert other_readings(query("Hasanov"), {"hasanov"})  # Гасанов, Газанов ...
    assert not other_readings(query("Хасанов"), {"hasanov"})  # Cyrillic reads one way
    assert not other_readings(query("Hasanov", strictness="exact"), {"hasanov"})
    assert not other_readings(query("Hasanov 88349"), {"hasanov"})  # a number decides
