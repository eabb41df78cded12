"""Equal scores, ordered: the record spelt closest to what was typed first, then by id.

The score says how a record met the query (exact, variant, family...); many records meet it the same way.
Among those, tantivy and Meilisearch return them in the order they happened to index them, which changes
with every rebuild. The score itself already prefers, across the whole result, a surname written as the
typed word reads (``WRITTEN_SCORE``: Nureyev reads nureev, as Нуреев is written, not Нуриев, nuriev, though
both fold to the key nurev). What is still tied within the page is ordered here, the same way in both
engines: by how far the record's own spellings, read before folding, are from the typed words (given name
and patronymic too), then by how many typed words the record spells letter for letter, and last by record
id, so the same search gives the same page every time.

Only the first ``ORDERED_WINDOW`` hits are so ordered. Past them, equal scores keep the engine's own order,
which is the same for every page size (tantivy's: by document). Ordering a whole run of ties would mean
reading every record of it (a million records hold thousands of Иванов), and ordering only the part a page
happened to fetch gave each page another order: records came twice and others never."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from indexer.engines.base import ROLE_FIELDS, SearchQuery, StoredRecord
from indexer.names.analysis import fold_spelling, words_of
from indexer.names.stored_analysis import LIVE, LiveAnalysis
from indexer.names.typos import least_distance

T = TypeVar("T")

# The hits whose ties are ordered by spelling: the search page's first page and ten more, so that records
# tied with its last hit are ordered too. Every search fetches at least these.
ORDERED_WINDOW = 30
# A word no spelling of the record comes near counts as this far, however far it is.
FAR = 4


def _record_readings(summary: Mapping[str, Any], fields: Sequence[str], analysis: LiveAnalysis) -> list[str]:
    return [reading for word in record_words(summary, fields) for reading in analysis.written(word)]


def _word_distance(typed: tuple[str, ...], theirs: list[str]) -> int:
    if not typed or not theirs:
        return FAR
    if not set(typed).isdisjoint(theirs):  # the common case among ties, without an edit distance
        return 0
    return least_distance(typed, theirs, FAR)


def spelling_distance(query: SearchQuery, summary: Mapping[str, Any], analysis: LiveAnalysis = LIVE) -> int:
    """How far the record's spellings are from the typed words: edits summed over the query's words.
    ``analysis`` reads the record's spellings (the document's stored analysis when the engine has it)."""
    readings: dict[tuple[str, ...], list[str]] = {}  # words of one role read the same fields
    total = 0
    for word in query.words:
        fields = ROLE_FIELDS[word.role]
        if fields not in readings:
            readings[fields] = _record_readings(summary, fields, analysis)
        total += _word_distance(word.written, readings[fields])
    return total


def _score(item: tuple[float, Any]) -> float:
    return round(item[0], 4)  # tantivy's float32 sums may differ in the last bits for one score


def page_with_ties_ordered(
    query: SearchQuery,
    scored: Sequence[tuple[float, T]],
    stored_of: Callable[[T], StoredRecord],
) -> list[tuple[float, T]]:
    """The page ``[offset, offset + limit)`` of ``scored``: ``ordered_slice`` of the query's page."""
    return ordered_slice(query, scored, stored_of, query.offset, query.offset + query.limit)


def ordered_slice(
    query: SearchQuery,
    scored: Sequence[tuple[float, T]],
    stored_of: Callable[[T], StoredRecord],
    start: int,
    end: int,
    order_of: Callable[[T], tuple[int, int, str]] | None = None,
) -> list[tuple[float, T]]:
    """``[start, end)`` of ``scored``: best score first, equal scores in the engine's order, holding at
    least the first ``ORDERED_WINDOW`` hits (or all) and the slice. Within that window, each run of equal
    scores that reaches into the slice is ordered by ``spelling_distance``, then by
    ``words_not_spelt_alike``, then by record id; the window is the same whatever page is asked for, so the
    pages cut one order. Only the records of those runs are looked at (``stored_of`` may be costly);
    ``order_of`` may give their ``tie_order`` from a memo, for a caller that cuts several slices."""
    end = min(end, len(scored))
    if start >= end:
        return []
    window = min(ORDERED_WINDOW, len(scored))
    if start >= window:
        return list(scored[start:end])
    low, high = start, min(end, window)
    while low > 0 and _score(scored[low - 1]) == _score(scored[start]):
        low -= 1
    while high < window and _score(scored[high]) == _score(scored[high - 1]):
        high += 1
    order = order_of or (lambda item: tie_order(query, stored_of(item)))
    ordered: list[tuple[float, T]] = []
    for _, run in itertools.groupby(scored[low:high], key=_score):
        tied = list(run)
        if len(tied) > 1:
            tied.sort(key=lambda item: order(item[1]))
        ordered.extend(tied)
    ordered.extend(scored[high:end])
    return ordered[start - low : end - low]


def tie_order(query: SearchQuery, record: StoredRecord) -> tuple[int, int, str]:
    if not query.words:
        return 0, 0, str(record.summary.get("id", ""))
    distance = spelling_distance(query, record.summary, record.analysis)
    return distance, words_not_spelt_alike(query, record.summary), str(record.summary.get("id", ""))


def words_not_spelt_alike(query: SearchQuery, summary: Mapping[str, Any]) -> int:
    """How many typed words the record does not spell letter for letter (case and diacritics aside). Two
    spellings may read alike (Andrej and Андрей both read andrei), and the one typed comes first."""
    missing = 0
    for word in query.words:
        spelt = {fold_spelling(w) for w in record_words(summary, ROLE_FIELDS[word.role])}
        missing += word.exact not in spelt
    return missing


def record_words(summary: Mapping[str, Any], fields: Sequence[str]) -> Iterator[str]:
    for field in fields:
        values = summary.get(field)
        for value in values if isinstance(values, list) else [values]:
            yield from words_of(value if isinstance(value, str) else None)
