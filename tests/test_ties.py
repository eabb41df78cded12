"""Records of equal score: ordered by the closeness of their own spelling, then by id, on every page."""

from __future__ import annotations

from indexer.engines.base import SearchQuery, StoredRecord
from indexer.engines.ties import ORDERED_WINDOW, page_with_ties_ordered, spelling_distance
from indexer.search import QueryInput
from indexer.search.parse import parse_query

RECORDS = {
    "a-nuriev": {"id": "a-nuriev", "surname": "Нуриев", "given_name": "Рашид"},
    "b-nureev": {"id": "b-nureev", "surname": "Нуреев", "given_name": "Рашид"},
    "c-nureev": {"id": "c-nureev", "surname": "Nurejew", "given_name": "Raschid"},
    "d-other": {"id": "d-other", "surname": "Нуреев", "given_name": "Ильдар"},
}


def stored(rid: str) -> StoredRecord:
    return StoredRecord(RECORDS[rid])


def query(q: str, limit: int = 10, offset: int = 0) -> SearchQuery:
    return parse_query(QueryInput(q=q, limit=limit, offset=offset, with_facets=False))


def test_the_spelling_nearest_the_typed_word_is_nearer() -> None:
    typed = query("Nureyev")
    assert spelling_distance(typed, RECORDS["b-nureev"]) < spelling_distance(typed, RECORDS["a-nuriev"])
    # Yelkin's ye and Ёлкин's е are one letter read two ways, not a difference
    assert spelling_distance(query("Yelkin"), {"surname": "Ёлкин"}) == 0


def test_a_query_word_meets_only_the_fields_of_its_role() -> None:
    fielded = parse_query(QueryInput(surname="Рашид", with_facets=False))
    assert spelling_distance(fielded, RECORDS["a-nuriev"]) > 0  # Рашид is its given name, not surname


def test_ties_are_ordered_by_spelling_then_id() -> None:
    scored = [(1400.0, "a-nuriev"), (1400.0, "d-other"), (1400.0, "c-nureev"), (1400.0, "b-nureev")]
    page = page_with_ties_ordered(query("Nureyev"), scored, stored)
    # Нуреев, Nurejew and Нуреев are all nureev as written (Nureyev: nureiev), Нуриев is one letter off
    assert [rid for _, rid in page] == ["b-nureev", "c-nureev", "d-other", "a-nuriev"]


def test_scores_still_come_first() -> None:
    scored = [(1500.0, "a-nuriev"), (1400.0, "b-nureev"), (1400.0, "c-nureev")]
    page = page_with_ties_ordered(query("Nureyev"), scored, stored)
    assert [rid for _, rid in page][0] == "a-nuriev"


def test_pages_cut_one_order() -> None:
    scored = [(1400.0, rid) for rid in ("d-other", "a-nuriev", "c-nureev", "b-nureev")]
    whole = [rid for _, rid in page_with_ties_ordered(query("Nureyev", limit=4), scored, stored)]
    pages = [
        rid
        for offset in (0, 2)
        for _, rid in page_with_ties_ordered(query("Nureyev", limit=2, offset=offset), scored, stored)
    ]
    assert pages == whole


def test_records_without_ties_are_not_looked_at() -> None:
    looked: list[str] = []

    def summary_of(rid: str) -> StoredRecord:
        looked.append(rid)
        return stored(rid)

    scored = [(1500.0, "a-nuriev"), (1400.0, "b-nureev"), (1300.0, "c-nureev"), (1300.0, "d-other")]
    page = page_with_ties_ordered(query("Nureyev", limit=2), scored, summary_of)
    assert [rid for _, rid in page] == ["a-nuriev", "b-nureev"]
    assert looked == []
    # the tie at 1300 reaches into the second page: only its records are read
    page_with_ties_ordered(query("Nureyev", limit=2, offset=2), scored, summary_of)
    assert sorted(set(looked)) == ["c-nureev", "d-other"]


def test_ties_are_ordered_within_the_window_only_and_every_page_cuts_that_order() -> None:
    # 40 records of one score in the engine's order, alternately spelt far from and as typed.
    many = {f"r{n:02}": {"id": f"r{n:02}", "surname": "Нуриев" if n % 2 else "Нуреев"} for n in range(40)}
    scored = [(1400.0, rid) for rid in many]

    def stored_many(rid: str) -> StoredRecord:
        return StoredRecord(many[rid])

    whole = [rid for _, rid in page_with_ties_ordered(query("Nureyev", limit=40), scored, stored_many)]
    window = whole[:ORDERED_WINDOW]
    # Within the window, the spellings as typed first; past it, the engine's order untouched.
    assert window == sorted(window, key=lambda rid: (many[rid]["surname"] != "Нуреев", rid))
    assert whole[ORDERED_WINDOW:] == [rid for _, rid in scored[ORDERED_WINDOW:]]
    for limit in (3, 7, 20):
        pages = [
            rid
            for offset in range(0, 40, limit)
            for _, rid in page_with_ties_ordered(
                query("Nureyev", limit=limit, offset=offset), scored, stored_many
            )
        ]
        assert pages == whole, f"limit {limit}"


def test_a_baltic_mens_spelling_is_nearer_the_man_than_the_woman() -> None:
    # Vasiljevas is Lithuanian for Васильев (a woman's would end -ienė): one letter from Васильева as typed
    typed = query("Vasiljevas")
    assert spelling_distance(typed, {"surname": "Васильев"}) < spelling_distance(
        typed, {"surname": "Васильева"}
    )
    assert spelling_distance(query("Ivanovs"), {"surname": "Иванов"}) == 0


def test_among_equal_readings_the_spelling_typed_comes_first() -> None:
    cards = {
        "a-cyrillic": {"id": "a-cyrillic", "surname": "Pogoschew", "given_name": "Андрей"},
        "b-as-typed": {"id": "b-as-typed", "surname": "Pogoschew", "given_name": "Andrej"},
    }
    scored = [(1400.0, "a-cyrillic"), (1400.0, "b-as-typed")]
    page = page_with_ties_ordered(query("Pogoschew Andrej"), scored, lambda rid: StoredRecord(cards[rid]))
    assert [rid for _, rid in page] == ["b-as-typed", "a-cyrillic"]  # both read andrei; one is spelt so
