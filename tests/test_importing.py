"""Import: every bad line reported by number and field, all or nothing, counts, CSV, export round trip."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from indexer.errors import ImportRejected
from indexer.exporting import export_jsonl
from indexer.importing import WORKBOOK_REASON, import_files
from indexer.store import Store
from tests.conftest import free_port, write_jsonl

GOOD: list[dict[str, Any]] = [
    {
        "id": "r1",
        "surname": "Погожев",
        "given_name": "Андрей",
        "camps": [{"camp": "Auschwitz", "number": "1418"}],
    },
    {"id": "r2", "surname": "Pogoschew", "given_name": "Andrej", "birth_date": "1915-03"},
    {"id": "r3", "surname": "Лебедев", "given_name": "Александр", "fate": "died"},
]


def problems_of(exc: pytest.ExceptionInfo[ImportRejected]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.reason) for p in exc.value.details.problems]


def test_good_file_imports_and_counts(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", GOOD)
    report = import_files(store, [path])
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (3, 0, 0)
    assert store.count() == 3
    assert store.get("r1").camps[0].number == "1418"  # type: ignore[union-attr]


def test_reimport_counts_updated_and_unchanged(store: Store, tmp_path: Path) -> None:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", GOOD)])
    changed = [GOOD[0], GOOD[1] | {"birth_date": "1915-03-02"}, GOOD[2], {"id": "r4", "surname": "Мишин"}]
    report = import_files(store, [write_jsonl(tmp_path / "b.jsonl", changed)])
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (1, 1, 2)
    assert store.get("r2").birth_date == "1915-03-02"  # type: ignore[union-attr]


def test_every_bad_line_is_reported_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    rows: list = [
        GOOD[0],
        {"id": "bad id!", "surname": "X"},  # line 2
        GOOD[1],
        "{not json",  # line 4
        {"id": "r9", "surname": "X", "birth_date": "1921-02-30"},  # line 5
        {"id": "r10", "surname": "X", "hair": "dark"},  # line 6
        {"id": "r11", "surname": 5},  # line 7
        GOOD[0] | {"given_name": "Andrei"},  # line 8: duplicate of line 1
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    found = problems_of(exc)
    assert (2, "id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'") in found
    assert any(
        line == 4 and field == "(line)" and "not valid JSON" in reason for line, field, reason in found
    )
    assert (5, "birth_date", "day 30 does not exist in 1921-02") in found
    assert (6, "hair", "unknown field") in found
    assert (7, "surname", "wrong type: expected a string, got int") in found
    assert any(
        line == 8 and field == "id" and "duplicate id 'r1'" in reason and "line 1" in reason
        for line, field, reason in found
    )
    assert exc.value.details.problem_count == 6
    assert store.count() == 0
    assert store.last_change_seq() == 0


def test_bad_line_after_many_good_batches_still_imports_nothing(store: Store, tmp_path: Path) -> None:
    rows: list = [{"id": f"g{i}", "surname": "Иванов"} for i in range(5000)] + [
        {"id": "g-last", "surname": ""}
    ]
    path = write_jsonl(tmp_path / "big.jsonl", rows)
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    assert problems_of(exc) == [(5001, "surname", "must not be empty")]
    assert store.count() == 0


def test_all_files_or_none(store: Store, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", GOOD)
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "z", "surname": "X", "fate": "gone"}])
    with pytest.raises(ImportRejected):
        import_files(store, [good, bad])
    assert store.count() == 0


def test_dry_run_reports_counts_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    report = import_files(store, [write_jsonl(tmp_path / "a.jsonl", GOOD)], dry_run=True)
    assert report.counts.created == 3
    assert store.count() == 0


def test_csv_with_lists(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "id,surname,given_name,name_variants,camps,sources,fate\n"
        "c1,Погожев,Андрей,Pogozhev;Pogoschew,Auschwitz|1418|1942|1942-11-06,"
        "Auschwitz-Birkenau State Museum|Soviet POWs|https://www.auschwitz.org/,escaped\n"
        'c2,"Иванов",Виктор,,,,\n',
        encoding="utf-8",
    )
    report = import_files(store, [path])
    assert report.counts.created == 2
    record = store.get("c1")
    assert record is not None
    assert record.name_variants == ["Pogozhev", "Pogoschew"]
    assert record.camps[0].number == "1418" and record.camps[0].to == "1942-11-06"
    assert record.sources[0].url == "https://www.auschwitz.org/"


def test_csv_errors_name_line_and_column(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text("id,surname,birth_date\nc1,Погожев,1915\nc2,Иванов,15.03.1915\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    assert problems_of(exc) == [
        (3, "birth_date", "'15.03.1915' is not a partial ISO date (1921, 1921-03 or 1921-03-05)")
    ]
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("id,surname,eye_colour\nc1,X,blue\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [unknown])
    assert problems_of(exc) == [(1, "(line)", "unknown column 'eye_colour'")]


def test_export_imports_back_to_the_same_records(store: Store, tmp_path: Path) -> None:
    rows = GOOD + [
        {
            "id": "full",
            "surname": "Ситнов",
            "given_name": "Валентин",
            "patronymic": "Иванович",
            "name_variants": ["Sitnov"],
            "sex": "m",
            "birth_date": "1917",
            "birth_place": "Тула",
            "nationality": "русский",
            "rank": "лейтенант",
            "unit": "авиаполк",
            "camps": [{"camp": "Auschwitz", "number": "164256", "from": "1943-11-19"}],
            "fate": "survived",
            "death_date": "1990",
            "death_place": "Москва",
            "burial_place": "Москва",
            "sources": [{"archive": "ABSM", "reference": "x", "url": "https://example.org/a"}],
            "notes": "Pilot.",
        }
    ]
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", rows)])
    out = io.StringIO()
    assert export_jsonl(store, out) == 4
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(exported, key=lambda r: r["id"]) == sorted(rows, key=lambda r: r["id"])
    again = tmp_path / "again.jsonl"
    again.write_text(out.getvalue(), encoding="utf-8")
    report = import_files(store, [again])
    assert report.counts.unchanged == 4 and report.counts.created == report.counts.updated == 0


def test_cli_import_while_the_engine_is_down_keeps_the_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Meilisearch unreachable: the import still succeeds (exit 0), says the records are not searchable
    yet, and they are in the store for the sync worker to index."""

    from indexer import cli
    from indexer.settings import get_settings
    from indexer.store import open_store

    port = free_port()  # nothing listens on it
    monkeypatch.setenv("MEMORIAL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MEMORIAL_ENGINE", "meilisearch")
    monkeypatch.setenv("MEMORIAL_MEILI_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("MEMORIAL_MEILI_KEY", "test-indexing-key")
    monkeypatch.setenv("MEMORIAL_MEILI_TIMEOUT", "0.5")
    monkeypatch.delenv("MEMORIAL_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["import", str(write_jsonl(tmp_path / "a.jsonl", GOOD))]) == 0
        assert "not yet searchable" in capsys.readouterr().err
        store = open_store(get_settings().resolved_database_url)
        assert store.count() == 3
        store.close()
    finally:
        get_settings.cache_clear()


# -- big files: chunks validated in worker processes -------------------------------------------------
def test_chunks_validated_in_workers_report_every_line_as_one_process_would(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Line numbers, fields and duplicate ids across chunks come out the same when the chunks are
    validated by worker processes."""
    import indexer.importing as importing

    rows: list[Any] = [{"id": f"p{i}", "surname": "Иванов"} for i in range(450)]
    rows[120] = {"id": "p120", "surname": "Иванов", "birth_date": "1921-02-30"}
    rows[301] = "{broken"
    rows[440] = {"id": "p7", "surname": "Петров"}  # the id of line 8, in another chunk
    path = write_jsonl(tmp_path / "chunks.jsonl", rows)
    monkeypatch.setattr(importing, "CHUNK_LINES", 100)
    found = {}
    for threshold in (10**12, 0):  # in this process, then in workers
        monkeypatch.setattr(importing, "PARALLEL_IMPORT_BYTES", threshold)
        with pytest.raises(ImportRejected) as exc:
            import_files(store, [path])
        found[threshold] = problems_of(exc)
        assert store.count() == 0
    assert found[0] == found[10**12]
    assert [(line, field) for line, field, _ in found[0]] == [
        (121, "birth_date"),
        (302, "(line)"),
        (441, "id"),
    ]
    assert "also on" in found[0][2][2] and "line 8" in found[0][2][2]


def test_chunks_validated_in_workers_import_the_same_records(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import indexer.importing as importing

    rows = [{"id": f"w{i}", "surname": f"Фамилия{i % 37}", "given_name": " Иван "} for i in range(600)]
    path = write_jsonl(tmp_path / "w.jsonl", rows)
    monkeypatch.setattr(importing, "CHUNK_LINES", 64)
    monkeypatch.setattr(importing, "PARALLEL_IMPORT_BYTES", 0)
    report = import_files(store, [path])
    assert (report.records, report.counts.created) == (600, 600)
    assert store.get("w599") == importing.Record(id="w599", surname="Фамилия7", given_name="Иван")


# -- the first import into an empty store builds the index in the same pass ---------------------------
def test_first_import_builds_the_index_in_the_same_pass(tmp_path: Path, database_url: str) -> None:
    from indexer.cli import run_import
    from indexer.engines.embedded import EmbeddedEngine
    from indexer.search import QueryInput, run_search
    from indexer.settings import Settings
    from indexer.store import open_store

    settings = Settings(home=tmp_path / "home", database_url=database_url, engine="embedded")
    report = run_import(settings, [write_jsonl(tmp_path / "a.jsonl", GOOD)])
    assert report.committed and report.index_error is None
    store = open_store(database_url)
    engine = EmbeddedEngine(settings.index_dir)
    try:
        assert engine.count() == 3
        assert engine.applied_seq() == store.last_change_seq() == 3
        assert {h["id"] for h in run_search(engine, QueryInput(q="Pogozhev Andrei")).hits} == {"r1", "r2"}
    finally:
        engine.close()
    # The store is no longer empty: the next import is applied change by change.
    run_import(settings, [write_jsonl(tmp_path / "b.jsonl", [{"id": "r4", "surname": "Мишин"}])])
    engine = EmbeddedEngine(settings.index_dir)
    try:
        assert engine.count() == 4 and engine.applied_seq() == store.last_change_seq() == 4
    finally:
        engine.close()
        store.close()


def test_rejected_first_import_leaves_neither_records_nor_an_index(tmp_path: Path, database_url: str) -> None:
    from indexer.cli import run_import
    from indexer.engines.embedded import EmbeddedEngine
    from indexer.settings import Settings
    from indexer.store import open_store

    settings = Settings(home=tmp_path / "home", database_url=database_url, engine="embedded")
    path = write_jsonl(tmp_path / "a.jsonl", [*GOOD, {"id": "bad", "surname": "X", "sex": "x"}])
    with pytest.raises(ImportRejected) as exc:
        run_import(settings, [path])
    assert problems_of(exc) == [(4, "sex", "'x' is not one of 'm' or 'f'")]
    store = open_store(database_url)
    engine = EmbeddedEngine(settings.index_dir)
    try:
        assert store.count() == 0
        assert engine.needs_rebuild()  # no generation was swapped in
        assert not list(settings.index_dir.glob("gen-*"))  # and the half-built one is gone
    finally:
        engine.close()
        store.close()


def test_first_import_keeps_the_records_when_the_engine_fails_at_the_end(
    store: Store, tmp_path: Path
) -> None:
    """The store commits before the new index is swapped in; if the engine fails after that, the records
    stay and the report says why they are not searchable yet (the outbox holds every change)."""
    from collections.abc import Iterable, Sequence

    from indexer.engines.embedded import EmbeddedEngine
    from indexer.errors import EngineError
    from indexer.importing import import_files_indexing

    class FailingAtTheEnd(EmbeddedEngine):
        def rebuild(self, batches: Iterable[Sequence[str]], applied_seq: int) -> int:
            for _ in batches:
                pass
            raise EngineError("no space left on device")

    engine = FailingAtTheEnd(tmp_path / "index")
    try:
        report = import_files_indexing(store, engine, [write_jsonl(tmp_path / "a.jsonl", GOOD)])
    finally:
        engine.close()
    assert report.committed and report.index_error == "no space left on device"
    assert store.count() == 3 and store.last_change_seq() == 3


# -- CSV quoting: a broken quote rejects the file, naming where it opened ----------------------------
UNCLOSED_QUOTE = (
    "id,surname,given_name,notes\n"
    "qa-q1,Тестов,Иван,ok\n"
    'qa-q2,Тестов,Пётр,"unclosed note\n'
    "qa-q3,Тестов,Сидор,third\n"
    "qa-q4,Тестов,Фома,fourth\n"
)


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_csv_unclosed_quote_rejects_everything_and_names_its_line_and_column(
    store: Store, tmp_path: Path, suffix: str, dry_run: bool
) -> None:
    """Read leniently, the quote would swallow every later line into qa-q2's notes, and the import would
    report success with two records of four."""
    path = tmp_path / f"quote{suffix}"
    path.write_text(
        UNCLOSED_QUOTE if suffix == ".csv" else UNCLOSED_QUOTE.replace(",", "\t"), encoding="utf-8"
    )
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path], dry_run=dry_run)
    assert problems_of(exc) == [
        (3, "notes", "the quoted cell is not closed: no closing quote before the end of the file")
    ]
    assert store.count() == 0


def test_csv_unclosed_quote_past_the_csv_modules_cell_limit_is_named_too(
    store: Store, tmp_path: Path
) -> None:
    rows = [f"r{i},Фамилия{i},заметка {i}" for i in range(10_000)]
    rows[5] = 'r5,Фамилия5,"open'
    path = tmp_path / "big.csv"
    path.write_text("id,surname,notes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    [(line, field, reason)] = problems_of(exc)
    assert (line, field) == (7, "notes") and reason.startswith("the quoted cell is not closed: no closing")


def test_csv_quoted_cells_over_several_lines_still_import(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        'id,surname,notes\nm1,Погожев,"first line\nsecond, with ""quotes"""\n'
        'm2,Чернов,"one\r\ntwo"\nm3,Лапин,\n',
        encoding="utf-8",
    )
    assert import_files(store, [path]).counts.created == 3
    assert store.get("m1").notes == 'first line\nsecond, with "quotes"'  # type: ignore[union-attr]
    # CRLF inside a quoted cell is stored as LF, as the staff form stores a textarea's lines
    assert store.get("m2").notes == "one\ntwo"  # type: ignore[union-attr]


def test_csv_text_after_a_closing_quote_is_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    path.write_text(
        'id,surname,notes,given_name\nm1,Погожев,"two\nlines"\nm2,"Чернов" Иван,x,y\nm3,Лапин,,\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    assert problems_of(exc) == [
        (4, "surname", "text follows a quoted cell's closing quote (a quote inside the cell is doubled)")
    ]


# -- the report ---------------------------------------------------------------------------------------
def test_problems_are_listed_by_file_then_line(store: Store, tmp_path: Path) -> None:
    """Duplicate ids are found only after every line was read; the report still reads down each file."""
    first = write_jsonl(
        tmp_path / "b.jsonl",
        [GOOD[0], GOOD[0], {"id": "x", "surname": "X", "sex": "x"}, GOOD[1], GOOD[1]],
    )
    second = write_jsonl(tmp_path / "a.jsonl", [{"id": "y", "surname": ""}, GOOD[2]])
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [first, second])
    order = [(Path(p.file).name, p.line, p.field) for p in exc.value.details.problems]
    assert order == [
        ("b.jsonl", 2, "id"),
        ("b.jsonl", 3, "sex"),
        ("b.jsonl", 5, "id"),
        ("a.jsonl", 1, "surname"),
    ]


def test_the_report_names_files_by_the_names_given(store: Store, tmp_path: Path) -> None:
    """An upload is imported from a temporary copy; its problems name the file as it was uploaded."""
    copy = write_jsonl(tmp_path / "upload.jsonl", [GOOD[0], GOOD[1], GOOD[0]])
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [copy], names=["cards.jsonl"])
    [problem] = exc.value.details.problems
    assert (problem.file, problem.line) == ("cards.jsonl", 3)
    assert problem.reason == "duplicate id 'r1': also on cards.jsonl line 1"
    assert exc.value.details.files == ["cards.jsonl"]


def test_dates_out_of_order_are_reported_by_line_and_field(store: Store, tmp_path: Path) -> None:
    rows: list[Any] = [
        GOOD[0],
        {"id": "d1", "surname": "X", "birth_date": "1921", "death_date": "1919"},
        {"id": "d2", "surname": "X", "camps": [{"camp": "Stalag 326", "from": "1942-05", "to": "1941-01"}]},
    ]
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [write_jsonl(tmp_path / "a.jsonl", rows)])
    assert problems_of(exc) == [
        (2, "death_date", "1919 is before the birth date (1921)"),
        (3, "camps.0.to", "1941-01 is before the start of the stay (1942-05)"),
    ]
    assert store.count() == 0


def test_a_stay_after_the_death_and_a_birth_after_the_war_are_reported_by_line_and_field(
    store: Store, tmp_path: Path
) -> None:
    rows: list[Any] = [
        GOOD[0],
        {
            "id": "d1",
            "surname": "X",
            "death_date": "1942-11",
            "camps": [{"camp": "Stalag 326", "from": "1943"}],
        },
        {"id": "d2", "surname": "X", "birth_date": "1990"},
        # died in 1942, on a day not given: a stay from 1942-11-20 may have come before it
        {
            "id": "d3",
            "surname": "X",
            "death_date": "1942",
            "camps": [{"camp": "Stalag 326", "from": "1942-11-20"}],
        },
    ]
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [write_jsonl(tmp_path / "a.jsonl", rows)])
    assert problems_of(exc) == [
        (2, "camps.0.from", "1943 is after the death date (1942-11)"),
        (3, "birth_date", "1990 is after the end of the war (1945-05-09)"),
    ]
    assert store.count() == 0


# --- spreadsheet habits: ';' as the delimiter, a trailing delimiter, CRLF, empty cells, other encodings ---


def test_csv_with_semicolons_as_excel_writes_it_in_russian_or_german(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "id;surname;given_name;name_variants;camps\r\n"
        'c1;Погожев;Андрей;"Pogozhev;Pogoschew";"Auschwitz|1418|1942;Stalag 326"\r\n'.encode()
    )
    assert import_files(store, [path]).counts.created == 1
    record = store.get("c1")
    assert record is not None and record.given_name == "Андрей"
    assert record.name_variants == ["Pogozhev", "Pogoschew"]
    assert [stay.camp for stay in record.camps] == ["Auschwitz", "Stalag 326"]


def test_csv_header_with_an_unknown_column_between_semicolons_is_still_refused(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("id;surname;eye_colour\nc1;X;blue\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    assert problems_of(exc) == [(1, "(line)", "unknown column 'id;surname;eye_colour'")]


def test_csv_trailing_delimiter_is_an_unnamed_column_that_must_stay_empty(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "trailing.csv"
    path.write_text("id,surname,\nc1,Погожев,\nc2,Иванов\n", encoding="utf-8")
    assert import_files(store, [path]).counts.created == 2
    filled = tmp_path / "filled.csv"
    filled.write_text("id;surname;;\nc3;Лебедев;;\nc4;Мишин;;x\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [filled])
    reason = "a value in column 4, which has no name in the header (its first line)"
    assert problems_of(exc) == [(3, "(line)", reason)]


def test_csv_in_windows_1251_is_reported_on_its_line_with_the_encoding(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes("id,surname\nc1,Smith\nc2,Погожев\n".encode("cp1251"))
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [path])
    reason = "not UTF-8 (byte 4): the file seems to be in Windows-1251 (Cyrillic); save it as UTF-8"
    assert problems_of(exc) == [(3, "(line)", reason)]


def test_csv_crlf_inside_a_quoted_cell_is_stored_as_lf(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b'id,surname,notes\r\nc1,X,"Anfang\r\nEnde"\r\n')
    import_files(store, [path])
    assert store.get("c1").notes == "Anfang\nEnde"  # type: ignore[union-attr]


def test_empty_list_items_are_dropped_so_an_export_imports_back_unchanged(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id,surname,camps,sources\nc1,X,Auschwitz|1||;;|||,||\n", encoding="utf-8")
    import_files(store, [path])
    rows = [{"id": "c2", "surname": "Y", "name_variants": ["", " "], "camps": [{}, {"camp": "  "}]}]
    import_files(store, [write_jsonl(tmp_path / "api.jsonl", rows)])
    c1, c2 = store.get("c1"), store.get("c2")
    assert c1 is not None and c2 is not None
    assert len(c1.camps) == 1 and c1.sources == [] and c2.camps == [] and c2.name_variants == []
    exported = tmp_path / "export.jsonl"
    with exported.open("w", encoding="utf-8") as out:
        export_jsonl(store, out)
    report = import_files(store, [exported], dry_run=True)
    assert (report.counts.updated, report.counts.unchanged) == (0, 2)


def test_export_from_a_home_without_a_store_says_so_and_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from indexer import cli
    from indexer.settings import get_settings

    monkeypatch.setenv("MEMORIAL_HOME", str(tmp_path / "typo"))
    monkeypatch.delenv("MEMORIAL_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["export", "--output", str(tmp_path / "out.jsonl")]) == 2
        assert "no store in" in capsys.readouterr().err
        assert not (tmp_path / "typo" / "memorial.sqlite3").exists()
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("where", ["no-such-folder/out.jsonl", "."])
def test_export_to_a_place_it_cannot_write_says_so_in_a_line(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from indexer import cli
    from indexer.settings import get_settings

    monkeypatch.setenv("MEMORIAL_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MEMORIAL_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        one = write_jsonl(tmp_path / "one.jsonl", [{"id": "a", "surname": "Ли"}])
        assert cli.main(["import", str(one)]) == 0
        assert cli.main(["export", "--output", where]) == 2
        assert f"error: cannot write {where}: " in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


# -- reading a line, and a chunk's lines shared out by surname ----------------------------------------
@pytest.mark.parametrize(
    ("number", "raw", "data", "error"),
    [
        (1, b'\xef\xbb\xbf{"id": "a"}\n', {"id": "a"}, None),  # a byte-order mark opens the file only
        (
            2,
            b'\xef\xbb\xbf{"id": "a"}\n',
            None,
            "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1",
        ),
        (3, b"   \n", None, None),  # a blank line is no record
        (3, b"\xc2\xa0\n", None, None),  # nor one of a no-break space
        (4, b'{"id": "\xcf\xee"}\n', None, "not UTF-8 (byte 9)"),
        (5, b'{"id" "a"}\n', None, "not valid JSON: Expecting ':' delimiter at column 7"),
        (
            6,
            b'{"id": NaN}\n',
            None,
            "not valid JSON: unexpected character, expected a JSON value: line 1 column 8 (char 7)",
        ),
        (7, b'{"id": "x"}\r\n', {"id": "x"}, None),
        (8, b"[1, 2]\n", [1, 2], None),  # parsed; validation says it is no record
    ],
)
def test_a_jsonl_line_is_read_or_said_why_not(number: int, raw: bytes, data: Any, error: str | None) -> None:
    """Good lines are read straight from their bytes; the others say what is wrong as before."""
    from indexer.importing import parse_jsonl_line

    line = parse_jsonl_line(number, raw)
    assert (line.line, line.data, line.error, line.size) == (number, data, error, len(raw))


def _chunk_of(rows: list[Any]) -> Any:
    from indexer.importing import Chunk

    lines = [json.dumps(row, ensure_ascii=False).encode() + b"\n" for row in rows]
    return Chunk("f.jsonl", list(enumerate(lines, start=1)))


def test_a_chunk_is_shared_out_by_surname_and_put_back_in_line_order() -> None:
    """Each surname as written goes to one part (so one worker analyses it); preparing the parts and
    merging them gives what preparing the whole chunk gives, problems included."""
    from indexer.engines.embedded import tantivy_json
    from indexer.importing import merge_prepared, prepare_chunk, split_chunk

    surnames = [
        f"{stem}{ending}"
        for stem in ("Иван", "Pogosch", "Петр", "Tschern", "Sidor")
        for ending in ("ов", "ew", "ова", "ow")
    ]
    rows: list[Any] = [{"id": f"r{i}", "surname": surnames[i % len(surnames)]} for i in range(300)]
    rows[17] = {"id": "r17", "surname": "Иванов", "birth_date": "1921-02-30"}
    rows[40] = "{broken"
    rows[41] = {"id": "r41"}
    chunk = _chunk_of(rows)
    parts = split_chunk(chunk, 2)
    assert sorted(line for part in parts for line, _ in part.lines) == list(range(1, 301))
    for surname in surnames:
        holding = [
            p for p, part in enumerate(parts) if any(f'"{surname}"'.encode() in raw for _, raw in part.lines)
        ]
        assert len(holding) == 1, surname
    whole = prepare_chunk(chunk, encode=tantivy_json)
    merged = merge_prepared([prepare_chunk(part, encode=tantivy_json) for part in parts])
    assert merged == whole
    assert [(p.line, p.field) for p in merged.problems] == [
        (18, "birth_date"),
        (41, "(line)"),
        (42, "surname"),
    ]


def test_a_file_of_one_surname_still_keeps_every_worker_busy() -> None:
    from indexer.importing import split_chunk

    parts = split_chunk(_chunk_of([{"id": f"r{i}", "surname": "Иванов"} for i in range(1000)]), 2)
    assert sorted(len(part.lines) for part in parts) == [374, 626]  # at most a quarter past an even share


def test_csv_records_are_shared_out_by_surname_too(tmp_path: Path) -> None:
    from indexer.importing import Chunk, read_file, split_chunk

    path = tmp_path / "people.csv"
    rows = [f"c{i},{('Иванов', 'Петров', 'Smith')[i % 3]}" for i in range(30)]
    path.write_text("id,surname\n" + "\n".join([*rows, 'c30,"unclosed']) + "\n", encoding="utf-8")
    lines = list(read_file(path))
    parts = split_chunk(Chunk(str(path), lines), 2)
    assert sorted(raw.line for part in parts for raw in part.lines) == [raw.line for raw in lines]
    for surname in ("Иванов", "Петров", "Smith"):
        holding = {
            p
            for p, part in enumerate(parts)
            for raw in part.lines
            if raw.data and raw.data["surname"] == surname
        }
        assert len(holding) == 1, surname


@pytest.mark.parametrize("name", ["cards.xlsx", "cards.ods", "cards.csv"])
def test_a_spreadsheet_workbook_is_refused_saying_how_to_save_it(
    store: Store, tmp_path: Path, name: str
) -> None:
    # Read as JSON Lines, a workbook failed with "line 1: not valid JSON"; by its name or, misnamed
    # cards.csv, by its first bytes (a zip), it is named for what it is, and the other file is not imported.
    workbook = tmp_path / name
    workbook.write_bytes(b"PK\x03\x04" + bytes(60))
    good = write_jsonl(tmp_path / "good.jsonl", GOOD)
    with pytest.raises(ImportRejected) as exc:
        import_files(store, [good, workbook])
    assert problems_of(exc) == [(0, "(file)", f"{WORKBOOK_REASON}")]
    assert store.count() == 0


def test_csv_with_lone_cr_line_ends_is_read_line_by_line(store: Store, tmp_path: Path) -> None:
    # Old Mac spreadsheets end lines with a CR alone; a CRLF inside a quoted cell stays the cell's.
    path = tmp_path / "mac.csv"
    path.write_bytes(b'id,surname,notes\rc1,X,"a\r\nb"\rc2,Y,\r')
    assert import_files(store, [path]).counts.created == 2
    assert store.get("c1").notes == "a\nb"  # type: ignore[union-attr]
