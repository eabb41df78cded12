"""One behavioural suite for every engine: the same records, the same queries, the same answers.

The golden cases are rows of ``tests/data/engine_contract.tsv``; the records are the search fixture plus
``tests/data/engine_contract_records.jsonl`` (one Petrov in each tier). The embedded engine always runs;
Meilisearch runs when ``MEMORIAL_MEILI_URL`` is set, in indexes of its own that are deleted afterwards.
A known gap of an engine is an xfail with its reason (the TSV's ``meilisearch_gap`` column).
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from indexer.documents import document_for
from indexer.engines.base import FACET_NAMES, SearchEngine
from indexer.engines.embedded import EmbeddedEngine
from indexer.engines.meili import MeilisearchEngine, meili_document
from indexer.engines.meili_query import score_keys
from indexer.importing import import_files
from indexer.names.stored_analysis import LIVE, StoredAnalysis
from indexer.records import Record
from indexer.search import QueryInput, SearchResponse, run_search
from indexer.search.explain import explain_hit
from indexer.search.parse import parse_query
from indexer.store import Store, open_store
from indexer.sync import catch_up, ensure_index, rebuild
from tests.conftest import DATA

MEILI_URL = os.environ.get("MEMORIAL_MEILI_URL", "")
MEILI_KEY = os.environ.get("MEMORIAL_MEILI_KEY", "")
SKIP_REASON = (
    "set MEMORIAL_MEILI_URL (and MEMORIAL_MEILI_KEY, the master key or an indexing key) to run the contract "
    "suite against Meilisearch, e.g. docker run -p 7700:7700 getmeili/meilisearch:v1.53.0"
)
RECORD_FILES = [DATA / "search_fixture.jsonl", DATA / "engine_contract_records.jsonl"]
ENGINES = [
    "embedded",
    pytest.param(
        "meilisearch",
        marks=[
            pytest.mark.meilisearch,
            pytest.mark.skipif(not MEILI_URL, reason=SKIP_REASON),
        ],
    ),
]
INT_PARAMS = {"birth_year_min", "birth_year_max", "limit", "offset"}


def read_cases() -> list[dict[str, str]]:
    with (DATA / "engine_contract.tsv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows, delimiter="\t"))


CASES = read_cases()


def query_input(params: str, **extra: object) -> QueryInput:
    """A query from a case's URL parameters; 50 hits a page unless the case or the test says otherwise."""
    given: dict[str, object] = {"limit": 50}
    for name, value in parse_qsl(params):
        if name == "match":
            given["strictness"] = value
        else:
            given[name] = int(value) if name in INT_PARAMS else value
    return QueryInput(**(given | extra))  # type: ignore[arg-type]


def search(engine: SearchEngine, params: str, **extra: object) -> SearchResponse:
    return run_search(engine, query_input(params, **extra))


def ids(response: SearchResponse) -> list[str]:
    return [h["id"] for h in response.hits]


def assert_pages_cut_one_order(
    engine: SearchEngine, params: str, whole: SearchResponse, limits: tuple[int, ...]
) -> None:
    """Every page of each size, one after the other, lists what ``whole`` lists, under the same total."""
    listed = ids(whole)
    for limit in limits:
        pages = [
            (hit["id"], response.total)
            for offset in range(0, len(listed), limit)
            for response in [search(engine, f"{params}&limit={limit}&offset={offset}")]
            for hit in response.hits
        ]
        assert [i for i, _ in pages] == listed, f"limit {limit}"
        assert {total for _, total in pages} == {whole.total}


def make_engine(kind: str, directory: Path) -> SearchEngine:
    if kind == "embedded":
        return EmbeddedEngine(directory / "index")
    # An index of its own per run, under the service's prefix so an indexing key scoped to it works.
    prefix = os.environ.get("MEMORIAL_MEILI_INDEX", "memorial_records")
    return MeilisearchEngine(
        MEILI_URL, write_key=MEILI_KEY, index_uid=f"{prefix}_test_{uuid.uuid4().hex[:10]}", timeout=10.0
    )


def loaded(kind: str, directory: Path) -> Iterator[tuple[Store, SearchEngine]]:
    store = open_store(f"sqlite:///{directory / 'store.sqlite3'}")
    import_files(store, RECORD_FILES)
    engine = make_engine(kind, directory)
    try:
        ensure_index(store, engine)
        yield store, engine
    finally:
        if isinstance(engine, MeilisearchEngine):
            engine.drop()
        engine.close()
        store.close()


@pytest.fixture(scope="module", params=ENGINES)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, SearchEngine]]:
    """One loaded engine per module for the read-only cases."""
    yield from loaded(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture(params=ENGINES)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, SearchEngine]]:
    """A loaded engine of its own, for the tests that write."""
    yield from loaded(request.param, tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_case(
    shared: tuple[Store, SearchEngine], case: dict[str, str], request: pytest.FixtureRequest
) -> None:
    _, engine = shared
    if engine.name == "meilisearch" and case["meilisearch_gap"]:
        request.applymarker(pytest.mark.xfail(reason=case["meilisearch_gap"], strict=True))
    found = ids(search(engine, case["params"]))
    top = case["top"].split()
    assert set(found[: len(top)]) == set(top), f"top {len(top)}: {found}"
    order = case["order"].split()
    assert [i for i in found if i in order] == order, f"order: {found}"
    assert set(case["includes"].split()) <= set(found), f"includes: {found}"
    assert not set(case["excludes"].split()) & set(found), f"excludes: {found}"
    if case["total"] != "-":
        assert search(engine, case["params"]).total == int(case["total"])


def test_facets_count_the_whole_result(shared: tuple[Store, SearchEngine]) -> None:
    _, engine = shared
    response = search(engine, "q=Иванов", limit=1)
    assert set(response.facets) == set(FACET_NAMES)
    assert response.facets["camp"]["Stalag IV-B Mühlberg"] == 3
    assert response.facets["fate"]["died"] == 2
    assert response.facets["birth_decade"] == {"1910": 2, "1920": 1}
    assert sum(response.facets["nationality"].values()) == response.total == 4
    assert search(engine, "q=Иванов", with_facets=False).facets == {}


def test_facets_follow_the_filters(shared: tuple[Store, SearchEngine]) -> None:
    _, engine = shared
    facets = search(engine, "q=Petrov&camp=Stalag VIII-A Görlitz").facets
    assert facets["camp"] == {"Stalag VIII-A Görlitz": 3}
    assert facets["fate"] == {"died": 2, "survived": 1}


def test_paging_walks_the_same_order(shared: tuple[Store, SearchEngine]) -> None:
    _, engine = shared
    full = search(engine, "q=Petrov&match=variants")
    assert full.total == 3
    pages = [ids(search(engine, "q=Petrov&match=variants", limit=1, offset=i)) for i in range(full.total)]
    assert [p[0] for p in pages] == ids(full)
    beyond = search(engine, "q=Petrov&match=variants", offset=10)
    assert beyond.hits == [] and beyond.total == full.total


def test_hits_carry_the_summary(shared: tuple[Store, SearchEngine]) -> None:
    _, engine = shared
    hit = search(engine, "q=Ситнов").hits[0]
    assert hit["id"] == "abm-sitnov-valentin"
    assert hit["surname"] == "Ситнов" and hit["camps"][0]["number"] == "164256"
    assert hit["match"]["best"] == "exact"


def test_a_slip_undone_is_explained_as_a_typo(shared: tuple[Store, SearchEngine]) -> None:
    """Pugahcev (ch typed hc) reads as пугахцев, two edits from Пугачёв; undone, it is one slip."""
    _, engine = shared
    hit = search(engine, "q=Pugahcev").hits[0]
    assert hit["id"] == "ctr-pugachev"
    assert hit["match"]["words"][0] == {
        "query": "Pugahcev",
        "field": "surname",
        "how": "typo",
        "record_spelling": "Пугачёв",
        "edits": 1,
    }


def test_other_vowels_are_explained_as_the_same_consonants(shared: tuple[Store, SearchEngine]) -> None:
    """Yoldoshev, Uzbek for Юлдашев, shares only its consonants with it: the last candidate there is."""
    _, engine = shared
    hits = search(engine, "q=Yoldoshev").hits
    juldashev = next(hit for hit in hits if hit["id"] == "ctr-juldashev")
    assert juldashev["match"]["words"][0] == {
        "query": "Yoldoshev",
        "field": "surname",
        "how": "consonants",
        "record_spelling": "Юлдашев",
    }
    assert juldashev["match"]["best"] == "consonants"


@pytest.mark.parametrize("case", CASES[::4], ids=[c["case"] for c in CASES[::4]])
def test_hits_are_explained_from_the_stored_analysis_as_live(
    shared: tuple[Store, SearchEngine], case: dict[str, str]
) -> None:
    """Each hit brings its record's name words as the index analysed them, and they explain it as the live
    analysis would."""
    _, engine = shared
    query = parse_query(query_input(case["params"]))
    for hit in engine.search(query).hits:
        assert isinstance(hit.analysis, StoredAnalysis)
        assert explain_hit(query, hit.summary, hit.analysis) == explain_hit(query, hit.summary, LIVE), hit.id


def test_upsert_and_delete_reach_the_index_through_the_outbox(fresh: tuple[Store, SearchEngine]) -> None:
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-1", surname="Мочалов", given_name="Константин")])
        store.delete_record(conn, "abm-sitnov-valentin")
    assert search(engine, "q=Mochalov").total == 0  # in the store and its outbox, not yet in the index
    assert catch_up(store, engine) == 2
    assert ids(search(engine, "q=Mochalov")) == ["new-1"]
    assert search(engine, "q=Ситнов").total == 0
    assert engine.applied_seq() == store.last_change_seq()
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-1", surname="Мочалов", given_name="Кирилл")])
    assert catch_up(store, engine) == 1
    hits = search(engine, "q=Mochalov").hits
    assert [(h["id"], h["given_name"]) for h in hits] == [("new-1", "Кирилл")]  # replaced, not added
    assert catch_up(store, engine) == 0


def test_rebuild_swaps_in_a_complete_index(fresh: tuple[Store, SearchEngine]) -> None:
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(conn, [Record(id="new-2", surname="Мочалов")])
    assert rebuild(store, engine) == store.count()
    assert engine.applied_seq() == store.last_change_seq()
    assert not engine.needs_rebuild()
    assert engine.count() == store.count()
    assert ids(search(engine, "q=Mochalov")) == ["new-2"]
    assert engine.readiness() == (True, "ok")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, SearchEngine]]:
    yield from loaded("embedded", tmp_path_factory.mktemp("scores"))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_meilisearch_adapter_scores_as_the_embedded_engine(
    embedded: tuple[Store, SearchEngine], case: dict[str, str]
) -> None:
    """The Meilisearch adapter ranks the hits it gets back from their keys; for every hit the embedded
    engine returns, that score is the embedded engine's score. (Runs without a server.)"""
    store, engine = embedded
    query = parse_query(query_input(case["params"]))
    for hit in engine.search(query).hits:
        record = store.get(hit.id)
        assert record is not None
        assert score_keys(query, meili_document(document_for(record))) == hit.score, hit.id


def test_two_typos_are_tried_only_when_the_name_as_typed_finds_nobody(
    fresh: tuple[Store, SearchEngine],
) -> None:
    """Маслопников is two typos from Maslennikow: not offered beside a Масленников Николай who meets every
    word (one typo still is, and so is Маслинникав, two edits away but the same sounds: the same person
    written another way is not a misspelling). Погодемов, two typos from Pogorelow, is found when nobody
    is named so."""
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(
            conn,
            [
                Record(id="cap-exact", surname="Масленников", given_name="Николай"),
                Record(id="cap-one-typo", surname="Маслинников", given_name="Николай"),
                Record(id="cap-sound-alike", surname="Маслинникав", given_name="Николай"),
                Record(id="cap-two-typos", surname="Маслопников", given_name="Николай"),
                Record(id="cap-alone-two-typos", surname="Погодемов", given_name="Иван"),
            ],
        )
    catch_up(store, engine)
    found = ids(search(engine, "q=Maslennikow Nikolai"))
    assert found[0] == "cap-exact"
    assert {"cap-one-typo", "cap-sound-alike"} <= set(found) and "cap-two-typos" not in found
    assert ids(search(engine, "q=Pogorelow Iwan"))[:1] == ["cap-alone-two-typos"]


def test_initials_stand_for_the_given_name_then_the_patronymic(fresh: tuple[Store, SearchEngine]) -> None:
    """Погожев А. И. (as Soviet lists write names) finds Андрей Иванович before Иван Андреевич, and a card
    that gives only the initials is found by the full name."""
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(
            conn,
            [
                Record(id="ini-andrei", surname="Погожев", given_name="Андрей", patronymic="Иванович"),
                Record(id="ini-ivan", surname="Погожев", given_name="Иван", patronymic="Андреевич"),
                Record(id="ini-boris", surname="Погожев", given_name="Борис", patronymic="Петрович"),
                Record(id="ini-yurii", surname="Погожев", given_name="Юрий", patronymic="Андреевич"),
                Record(id="ini-card", surname="Pogoschew", given_name="A.", patronymic="I."),
            ],
        )
    catch_up(store, engine)
    for typed in ("q=Погожев А. И.", "q=Pogozhev A.I.", "q=А.И. Погожев", "q=Pogoschew A. I."):
        found = [i for i in ids(search(engine, typed)) if i.startswith("ini-")]
        assert found.index("ini-andrei") < found.index("ini-ivan") < found.index("ini-boris")
    # Ю. is Юрий, not Иван: in Latin too (Yu.), though it takes two letters there.
    assert [i for i in ids(search(engine, "q=Pogozhev Yu. A.")) if i.startswith("ini-")][0] == "ini-yurii"
    hits = search(engine, "q=Pogozhev Andrei").hits
    card = next(h for h in hits if h["id"] == "ini-card")
    assert [w["how"] for w in card["match"]["words"]] == ["variant", "initial"]
    found = ids(search(engine, "q=Pogozhev Andrei"))
    assert found.index("ini-andrei") < found.index("ini-card")  # the whole name first


def test_pages_list_every_record_once_whatever_their_size(fresh: tuple[Store, SearchEngine]) -> None:
    """Forty records of one score, spelt two ways, paged by any size: every record comes once, in one
    order, under one total. Ordering only the part of a run of ties that a page happened to fetch gave
    every page another order (240 Wassilij listed 121 records, some on three pages)."""
    store, engine = fresh
    given = ["Иван", "Пётр", "Сергей", "Николай", "Павел"]
    with store.transaction() as conn:
        store.write_records(
            conn,
            [
                Record(id=f"page-{n:02}", surname="Петров" if n % 3 else "Petroff", given_name=given[n % 5])
                for n in range(40)
            ],
        )
    catch_up(store, engine)
    whole = search(engine, "q=Petrov&limit=100")
    listed = ids(whole)
    assert {f"page-{n:02}" for n in range(40)} <= set(listed)
    # 43 meet the surname at least in its family form: the first page is full of them, so the total
    # counts the closer matches only, not Pedrow or Petros, on every page of every size.
    assert "ctr-pedrow" not in listed and whole.total == len(listed)
    assert_pages_cut_one_order(engine, "q=Petrov", whole, (3, 7, 10, 20))


def test_another_reading_of_the_surname_comes_on_the_first_page(fresh: tuple[Store, SearchEngine]) -> None:
    """Hasanov is Хасанов, or Гасанов as Russian papers wrote the Azerbaijani name. Among many Хасанов the
    best Гасанов comes sixth, not after all of them; every page of every size cuts that one order, and the
    total is the same."""
    store, engine = fresh
    given = ["Али", "Рашид", "Ильдар", "Марат", "Фарид", "Гариф", "Салих"]
    with store.transaction() as conn:
        store.write_records(
            conn,
            # more Хасанов than the ties' window holds, so that a record moved up changes what it holds
            [Record(id=f"has-{n:02}", surname="Хасанов", given_name=given[n % 7]) for n in range(40)]
            + [
                Record(id="gas-1", surname="Гасанов", given_name="Гусейн"),
                Record(id="gas-2", surname="Гасанов", given_name="Али"),
                Record(id="hasanow-1", surname="Hasanow", given_name="Ali"),
            ],
        )
    catch_up(store, engine)
    whole = search(engine, "q=Hasanov&limit=100")
    listed = ids(whole)
    assert listed.index("gas-1") == 5 and len(listed) == len(set(listed)) == whole.total
    # ... and says so: it scored lower than the records after it
    assert [h["id"] for h in whole.hits if h["match"].get("other_reading")] == ["gas-1"]
    for typed in ("q=Hasanov", "q=Hasanov Ali", "q=Ali Hasanov"):
        assert_pages_cut_one_order(
            engine, typed, search(engine, f"{typed}&limit=100"), (1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 25)
        )
    # Given names that agree rank as before: Гасанов Гусейн first for both words, Hasanow Ali for his
    assert ids(search(engine, "q=Hasanov Guseyn"))[0] == "gas-1"
    assert ids(search(engine, "q=Hasanov Ali"))[0] == "hasanow-1"  # spelt as typed
    # Written in Cyrillic, the name reads one way: Гасанов, a letter off, is not moved above any Хасанов
    assert all(i.startswith("has-") for i in ids(search(engine, "q=Хасанов&limit=100"))[:24])
    assert "gas-1" not in ids(search(engine, "q=Hasanov&match=exact"))


def test_a_filter_narrows_the_result_it_filters(fresh: tuple[Store, SearchEngine]) -> None:
    """A facet's count is what clicking it shows. "Petrov" is answered by its closer matches (the first page
    is full of Петров), so a typo's Pedrow is not among them; "Petrov" filtered to the dead must not reach
    into typos the unfiltered search left out just because fewer records are left."""
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(
            conn,
            [
                Record(id=f"flt-{n:02}", surname="Петров", fate="died" if n < 3 else "survived")
                for n in range(24)
            ]
            + [Record(id="flt-pedrow", surname="Pedrow", fate="died")],
        )
    catch_up(store, engine)
    whole = search(engine, "q=Petrov&limit=100")
    assert "flt-pedrow" not in ids(whole)
    dead = search(engine, "q=Petrov&fate=died&limit=100")
    assert set(ids(dead)) <= set(ids(whole)) and "flt-pedrow" not in ids(dead)
    assert dead.total == whole.facets["fate"]["died"]
    # Alone, Pedrow is still found by its typo, filtered or not
    assert "flt-pedrow" in ids(search(engine, "q=Pedrov&fate=died"))


def test_a_word_that_is_no_given_name_meets_no_initial(fresh: tuple[Store, SearchEngine]) -> None:
    """A card of initials, Петренко А. И., is found by a known given name or patronymic of those letters,
    not by any word of that first letter: Arutyunyan alone found it, and nothing else."""
    store, engine = fresh
    with store.transaction() as conn:
        store.write_records(
            conn, [Record(id="ini-only", surname="Петренко", given_name="А.", patronymic="И.")]
        )
    catch_up(store, engine)
    for typed in ("q=Arutyunyan", "q=Абрамов", "q=Александров", "q=Ильин", "q=Ivanov"):
        assert "ini-only" not in ids(search(engine, typed)), typed
    for typed in ("q=Петренко Андрей", "q=Petrenko Ivanovich", "q=Петренко&given_name=Арам"):
        assert ids(search(engine, typed))[0] == "ini-only", typed


# One person's two cards, as a Soviet paper and a German clerk (or a French or English writer) wrote them.
TWO_CARDS = [
    ("Солженицын", "Александр", "Soljenitsyne", "Alexandre"),
    ("Будённый", "Семён", "Budjonny", "Semjon"),
    ("Дёмин", "Николай", "Djommin", "Nikolaj"),
    ("Хрущёв", "Никита", "Chruschtschow", "Nikita"),
    ("Щербаков", "Александр", "Schtscherbakow", "Alexander"),
    ("Оганесян", "Ованес", "Hovhannisyan", "Hovhannes"),
    ("Мамедов", "Гасан", "Məmmədov", "Həsən"),
    ("Джугашвили", "Иосиф", "Dschugaschwili", "Josef"),
]


@pytest.mark.parametrize("person", TWO_CARDS, ids=[p[0] for p in TWO_CARDS])
def test_both_cards_of_one_person_come_back_whichever_is_typed(
    fresh: tuple[Store, SearchEngine], person: tuple[str, str, str, str]
) -> None:
    """A relative typing the name as one card wrote it must see the other card too, though the first
    matches exactly: the other spelling is not a misspelling to be left out."""
    store, engine = fresh
    surname, given, other_surname, other_given = person
    with store.transaction() as conn:
        store.write_records(
            conn,
            [
                Record(id="card-soviet", surname=surname, given_name=given),
                Record(id="card-other", surname=other_surname, given_name=other_given),
            ],
        )
    catch_up(store, engine)
    for typed in (f"q={surname} {given}", f"q={other_surname} {other_given}"):
        assert {"card-soviet", "card-other"} <= set(ids(search(engine, typed))[:10]), typed
