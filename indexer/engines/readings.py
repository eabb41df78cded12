"""Another reading of the surname, on the first page.

A Latin spelling may read more than one way: Hasanov is Хасанов, or Гасанов as Russian papers wrote the
Azerbaijani name; Vəliyev is Валиев or Велиев; Sadıqov is Садыков or Садыхов. Every reading is searched,
but when one of them is far more common its records fill page after page (a million records hold hundreds
of Хасанов), and the relative whose grandfather was Гасанов never sees him: by score he is only the
``LESS_LIKELY_READING`` (and the ``WRITTEN_SCORE``) below each of them.

So the best record of each of up to ``OTHER_READINGS`` readings the first place does not show takes the
places from ``OTHER_READING_AT`` on, when it met the query as well as the record it passes but for the
reading itself (``READING_GAP``). It is taken from its own place further down, so the pages still cut one
order: no record comes twice, none is lost, and the total is the same. The search for it is the query's
first stage restricted to the other readings' keys (``Filters.surname_keys``), so its score is the one the
whole query gives it.

Both engines page through ``page_with_other_reading``, so they answer alike."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import Generic, NamedTuple, TypeVar

from indexer.engines.base import LESS_LIKELY_READING, WRITTEN_SCORE, SearchQuery, StoredRecord
from indexer.engines.ties import ordered_slice, record_words, tie_order

T = TypeVar("T")

# The other reading's record comes sixth: below the first five of the common reading, on the first page of
# every size the service shows (the widget's ten, the search page's twenty).
OTHER_READING_AT = 5
# How many other readings get a place: Sadıqov reads Садыков, Садыхов and Садыгов.
OTHER_READINGS = 2
# How much lower than the record it passes the other reading's record may score: the reading itself.
READING_GAP = LESS_LIKELY_READING + WRITTEN_SCORE + 0.5
# The readings of a word looked at: the likeliest few (a Latin word may read up to a dozen ways).
READING_KEYS = 4

Scored = tuple[float, T]


def other_readings(query: SearchQuery, shown: set[str]) -> tuple[str, ...]:
    """The surname readings of the query's words that ``shown`` (the keys of the record in first place)
    does not hold; none when the query cannot have another reading on its first page."""
    if query.strictness == "exact" or query.numbers or not query.staged:
        return ()
    keys = (
        key
        for word in query.words
        if word.role in ("any", "surname") and len(word.keys) > 1
        for key in word.keys[:READING_KEYS]
    )
    return tuple(dict.fromkeys(k for k in keys if k not in shown))


def other_reading_query(query: SearchQuery, readings: tuple[str, ...], shown: set[str]) -> SearchQuery:
    """The query restricted to records of ``readings`` and none of ``shown``: its best hit is the best
    record of another reading."""
    filters = replace(query.filters, surname_keys=readings, not_surname_keys=tuple(sorted(shown)))
    return replace(query, filters=filters, offset=0, limit=1, with_facets=False)


def surname_keys(record: StoredRecord) -> set[str]:
    """The keys a record's surname (and its other spellings) read as."""
    words = record_words(record.summary, ("surname", "name_variants"))
    return {key for word in words for key in record.analysis.keys(word)}


class Page(NamedTuple, Generic[T]):
    hits: list[Scored[T]]
    moved: set[Hashable]  # the identities of the records moved up as other readings


def page_with_other_reading(
    query: SearchQuery,
    scored: Sequence[Scored[T]],
    stored_of: Callable[[T], StoredRecord],
    identity: Callable[[T], Hashable],
    best_of: Callable[[SearchQuery], Scored[T] | None],
) -> Page[T]:
    """The page ``[offset, offset + limit)`` of ``scored`` (best first, every hit up to the page's end or
    the ties' window, whichever is further, and ``OTHER_READINGS`` more), its ties ordered
    (``ties.ordered_slice``), with the best records of other readings moved up to ``OTHER_READING_AT``
    when it is worth it. ``best_of`` runs a query and gives its best hit."""
    start, end = query.offset, query.offset + query.limit
    orders: dict[Hashable, tuple[int, int, str]] = {}  # each record's place among ties, worked out once

    def order(item: T) -> tuple[int, int, str]:
        key = identity(item)
        if key not in orders:
            orders[key] = tie_order(query, stored_of(item))
        return orders[key]

    def cut(hits: Sequence[Scored[T]], low: int, high: int) -> list[Scored[T]]:
        return ordered_slice(query, hits, stored_of, low, high, order)

    # Looked for whatever the page, even one above OTHER_READING_AT: the records moved up leave the ties'
    # window, and its ties could then be ordered otherwise than without them.
    others = _other_readings(query, scored, stored_of, identity, best_of, cut)
    if not others:
        return Page(cut(scored, start, end), set())
    # The order is the rest's, with the other readings' records at OTHER_READING_AT and after.
    moved = {identity(item) for _, item in others}
    rest = [item for item in scored if identity(item[1]) not in moved]
    at, n = OTHER_READING_AT, len(others)
    page = cut(rest, start, min(end, at))
    page += others[max(start - at, 0) : max(end - at, 0)]
    page += cut(rest, max(start, at + n) - n, end - n)
    return Page(page, moved)


def _other_readings(
    query: SearchQuery,
    scored: Sequence[Scored[T]],
    stored_of: Callable[[T], StoredRecord],
    identity: Callable[[T], Hashable],
    best_of: Callable[[SearchQuery], Scored[T] | None],
    cut: Callable[[Sequence[Scored[T]], int, int], list[Scored[T]]],
) -> list[Scored[T]]:
    """The best record of each of up to ``OTHER_READINGS`` readings the first place does not show, when it
    is worth moving up: it met the query as well as the record at ``OTHER_READING_AT`` but for the reading,
    and is not already above it."""
    if len(scored) <= OTHER_READING_AT or not other_readings(query, set()):
        return []  # every hit is on the first page anyway, or the query reads one way (Cyrillic, most)
    shown = surname_keys(stored_of(scored[0][1]))
    first: set[Hashable] | None = None  # the records above OTHER_READING_AT, once a candidate needs them
    others: list[Scored[T]] = []
    while len(others) < OTHER_READINGS and (readings := other_readings(query, shown)):
        other = best_of(other_reading_query(query, readings, shown))
        if other is None or other[0] < scored[OTHER_READING_AT][0] - READING_GAP:
            break
        if first is None:
            first = {identity(item) for _, item in cut(scored, 0, OTHER_READING_AT)}
        if identity(other[1]) not in first:
            others.append(other)
        shown |= surname_keys(stored_of(other[1]))
    return others
