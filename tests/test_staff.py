"""The staff area end to end on the embedded engine: the API behind the bearer token, the pages behind the
login cookie and the CSRF token, and every write reaching search at once."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from indexer.errors import EngineUnavailable
from indexer.records import FieldProblem, Record
from indexer.settings import Settings
from indexer.store import Store
from indexer.sync import catch_up
from service import staff_writes
from service.app import create_app
from service.staff_auth import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    bearer_token,
    csrf_token_for,
    new_session,
    safe_next,
    session_is_valid,
)
from service.staff_forms import form_of_record, problems_by_field, record_data
from tests.conftest import write_jsonl

WRONG = "not-the-token-3f9a"
POGOZHEV = {
    "id": "abm-1418",
    "surname": "Погожев",
    "given_name": "Андрей",
    "name_variants": ["Pogoschew"],
    "birth_date": "1921",
    "camps": [{"camp": "Auschwitz", "number": "1418", "from": "1942"}],
}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def auth(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.staff_token}"}


def found(client: TestClient, q: str) -> set[str]:
    return {h["id"] for h in client.get("/api/search", params={"q": q}).json()["hits"]}


def upload(client: TestClient, auth: dict[str, str], name: str, content: str, **form: str) -> Any:
    files = {"file": (name, content.encode(), "application/octet-stream")}
    return client.post("/api/staff/imports", headers=auth, files=files, data=form)


# --- the API: who may write ------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, f"Bearer {WRONG}", f"Basic {WRONG}", "Bearer"])
def test_api_refuses_strangers_and_does_not_echo_the_token(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    answers = [
        client.post("/api/staff/records", json=POGOZHEV, headers=headers),
        client.put("/api/staff/records/abm-1418", json=POGOZHEV, headers=headers),
        client.delete("/api/staff/records/abm-1418", headers=headers),
        client.post("/api/staff/imports", headers=headers, files={"file": ("a.jsonl", b"{}\n")}),
    ]
    for answer in answers:
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["error"]["code"] == "unauthorized"
        assert WRONG not in answer.text and WRONG not in str(answer.headers)
    assert client.get("/api/records/abm-1418").status_code == 404


# --- the API: records ------------------------------------------------------------------------------


def test_created_record_is_searchable_at_once(client: TestClient, auth: dict[str, str]) -> None:
    answer = client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    assert answer.status_code == 201
    assert answer.json()["result"] == "created" and answer.json()["indexed"] is True
    assert answer.headers["location"] == "/api/records/abm-1418"
    assert client.get("/api/records/abm-1418").json()["surname"] == "Погожев"
    assert "abm-1418" in found(client, "Pogozhev")


def test_a_write_while_an_import_holds_the_store_is_told_to_wait(
    client: TestClient, auth: dict[str, str], settings: Settings
) -> None:
    """SQLite has one writer, and an import holds it for its whole transaction: a staff write meanwhile
    is answered 503 store_busy with Retry-After (it was a bare 500 after the driver's five seconds)."""
    if not settings.resolved_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no single writer")
    holder = sqlite3.connect(settings.resolved_database_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")  # as an import's transaction does
    try:
        answer = client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    finally:
        holder.rollback()
        holder.close()
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert answer.json()["error"]["code"] == "store_busy"
    assert client.post("/api/staff/records", json=POGOZHEV, headers=auth).status_code == 201


def test_duplicate_id_is_a_conflict_and_changes_nothing(client: TestClient, auth: dict[str, str]) -> None:
    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    again = client.post("/api/staff/records", json=POGOZHEV | {"surname": "Чернов"}, headers=auth)
    assert again.status_code == 409
    assert again.json()["error"]["details"]["field"] == "id"
    assert client.get("/api/records/abm-1418").json()["surname"] == "Погожев"


def test_update_is_searched_under_the_new_name(client: TestClient, auth: dict[str, str]) -> None:
    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    corrected = POGOZHEV | {"surname": "Лебедев", "name_variants": ["Lebedew"]}
    answer = client.put("/api/staff/records/abm-1418", json=corrected, headers=auth)
    assert answer.status_code == 200 and answer.json()["result"] == "updated"
    assert "abm-1418" in found(client, "Lebedev")
    assert "abm-1418" not in found(client, "Pogoschew")
    same = client.put("/api/staff/records/abm-1418", json=corrected, headers=auth)
    assert same.json()["result"] == "unchanged"


def test_write_succeeds_while_the_engine_is_down(
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def engine_down(*_: object) -> int:
        raise EngineUnavailable("Meilisearch does not answer")

    monkeypatch.setattr(staff_writes, "catch_up", engine_down)
    answer = client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    assert answer.status_code == 201 and answer.json()["indexed"] is False
    assert client.get("/api/records/abm-1418").status_code == 200
    monkeypatch.undo()
    app = client.app
    catch_up(app.state.store, app.state.engine)  # what the sync worker does a moment later
    assert "abm-1418" in found(client, "Pogoschew")


def test_put_creates_and_its_id_must_be_the_paths(client: TestClient, auth: dict[str, str]) -> None:
    created = client.put("/api/staff/records/abm-1418", json=POGOZHEV, headers=auth)
    assert created.status_code == 201 and created.json()["result"] == "created"
    other = client.put("/api/staff/records/abm-9999", json=POGOZHEV, headers=auth)
    assert other.status_code == 422
    assert other.json()["error"]["details"][0]["field"] == "id"
    assert client.get("/api/records/abm-9999").status_code == 404


def test_delete_removes_from_store_and_search(client: TestClient, auth: dict[str, str]) -> None:
    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    answer = client.delete("/api/staff/records/abm-1418", headers=auth)
    assert answer.status_code == 200 and answer.json()["indexed"] is True
    assert client.get("/api/records/abm-1418").status_code == 404
    assert "abm-1418" not in found(client, "Pogozhev")
    assert client.delete("/api/staff/records/abm-1418", headers=auth).status_code == 404


def test_invalid_record_names_each_field_and_reason(client: TestClient, auth: dict[str, str]) -> None:
    bad = POGOZHEV | {"birth_date": "1921-13", "fate": "lost", "nickname": "Andrjuscha"}
    answer = client.post("/api/staff/records", json=bad, headers=auth)
    assert answer.status_code == 422
    problems = {p["field"]: p["reason"] for p in answer.json()["error"]["details"]}
    assert set(problems) == {"birth_date", "fate", "nickname"}
    assert "month 13" in problems["birth_date"] and problems["nickname"] == "unknown field"
    assert "birth_date" in answer.json()["error"]["message"]
    assert client.get("/api/records/abm-1418").status_code == 404


# --- the API: imports ------------------------------------------------------------------------------


def test_import_is_all_or_nothing_with_line_numbers(client: TestClient, auth: dict[str, str]) -> None:
    lines = [
        '{"id": "sov-1", "surname": "Иванов"}',
        '{"id": "sov-2", "surname": "Петров", "birth_date": "1920-02-30"}',
        '{"id": "sov-3"}',
        "not json",
    ]
    answer = upload(client, auth, "cards.jsonl", "\n".join(lines) + "\n")
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "import_rejected"
    got = [(p["line"], p["field"]) for p in error["details"]["problems"]]
    assert got == [(2, "birth_date"), (3, "surname"), (4, "(line)")]
    assert error["details"]["problem_count"] == 3
    assert client.get("/api/records/sov-1").status_code == 404


def test_csv_import_counts_and_is_searchable(client: TestClient, auth: dict[str, str]) -> None:
    csv = "id,surname,given_name,name_variants\nc-1,Чернов,Иван,Tschernow\nc-2,Погожев,Андрей,\n"
    first = upload(client, auth, "cards.csv", csv)
    assert first.status_code == 200
    assert first.json() | {"indexed": True} == first.json()
    assert (first.json()["created"], first.json()["updated"], first.json()["unchanged"]) == (2, 0, 0)
    assert "c-1" in found(client, "Tschernow")
    again = upload(client, auth, "cards.csv", csv)
    assert again.json()["unchanged"] == 2


def test_dry_run_writes_nothing(client: TestClient, auth: dict[str, str], tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "cards.jsonl", [POGOZHEV])
    answer = upload(client, auth, "cards.jsonl", path.read_text(encoding="utf-8"), dry_run="true")
    assert answer.status_code == 200
    assert answer.json()["dry_run"] is True and answer.json()["created"] == 1
    assert client.get("/api/records/abm-1418").status_code == 404
    assert "abm-1418" not in found(client, "Pogozhev")


def test_import_problems_name_the_uploaded_file_in_line_order(
    client: TestClient, auth: dict[str, str]
) -> None:
    """The upload is read from a temporary copy; a duplicate id names the file as uploaded, and the
    problems (duplicates are found last) come in line order."""
    lines = [
        '{"id": "sov-1", "surname": "Иванов"}',
        '{"id": "sov-1", "surname": "Петров"}',
        '{"id": "sov-3", "surname": "Лапин", "birth_date": "1921-13"}',
    ]
    answer = upload(client, auth, "bad.jsonl", "\n".join(lines) + "\n")
    assert answer.status_code == 422
    problems = answer.json()["error"]["details"]["problems"]
    assert [(p["line"], p["field"]) for p in problems] == [(2, "id"), (3, "birth_date")]
    assert problems[0]["reason"] == "duplicate id 'sov-1': also on bad.jsonl line 1"


def test_csv_upload_with_an_unclosed_quote_is_rejected(client: TestClient, auth: dict[str, str]) -> None:
    csv = 'id,surname,notes\nqa-q1,Тестов,ok\nqa-q2,Тестов,"unclosed\nqa-q3,Тестов,third\n'
    for form in ({"dry_run": "true"}, {}):
        answer = upload(client, auth, "quote.csv", csv, **form)
        assert answer.status_code == 422
        [problem] = answer.json()["error"]["details"]["problems"]
        assert (problem["line"], problem["field"]) == (3, "notes") and "not closed" in problem["reason"]
    assert client.get("/api/records/qa-q1").status_code == 404


def test_dates_out_of_order_are_refused(client: TestClient, auth: dict[str, str]) -> None:
    body = POGOZHEV | {
        "death_date": "1919",
        "camps": [{"camp": "Stalag 326", "from": "1942-05", "to": "1941"}],
    }
    answer = client.post("/api/staff/records", json=body, headers=auth)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"] == [
        {"field": "death_date", "reason": "1919 is before the birth date (1921)"},
        {"field": "camps.0.to", "reason": "1941 is before the start of the stay (1942-05)"},
    ]
    assert client.get("/api/records/abm-1418").status_code == 404


def test_surname_filter_ignores_case_in_every_script(client: TestClient, auth: dict[str, str]) -> None:
    """SQL's LIKE folds only ASCII on SQLite and nothing on PostgreSQL: иван must still find Иванов."""
    for rid, surname in [
        ("s1", "Иванов"),
        ("s2", "ИВАНОВА"),
        ("s3", "Семёнов"),
        ("s4", "Семенова"),
        ("s5", "Iwanow"),
        ("s6", "Іваненко"),
        ("s7", "Straße"),
        ("s8", "Ива_нов"),
    ]:
        assert client.post(
            "/api/staff/records", json={"id": rid, "surname": surname}, headers=auth
        ).is_success

    def listed(prefix: str) -> set[str]:
        page = client.get("/staff", params={"surname": prefix}, headers=auth).text
        return set(re.findall(r'href="/staff/records/([^/]+)/edit"', page))

    assert listed("иван") == listed("ИВАН") == listed("Иван") == {"s1", "s2"}
    assert listed("семё") == listed("СЕМЕ") == {"s3", "s4"}  # ё and е alike
    assert listed("IWA") == {"s5"} and listed("іва") == {"s6"} and listed("STRASS") == {"s7"}
    assert listed("ива_") == {"s8"} and listed("%") == set()  # no LIKE wildcards
    assert len(listed("")) == 8


# --- the pages -------------------------------------------------------------------------------------


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(client: TestClient, settings: Settings) -> str:
    """Log in through the form; returns the CSRF token the pages carry."""
    answer = client.post(
        "/staff/login", data={"token": settings.staff_token, "next": "/staff"}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/staff"
    return csrf_of(client.get("/staff").text)


def test_login_sets_a_signed_http_only_strict_cookie(client: TestClient, settings: Settings) -> None:
    assert client.get("/staff", follow_redirects=False).headers["location"] == "/staff/login?next=/staff"
    wrong = client.post("/staff/login", data={"token": WRONG})
    assert wrong.status_code == 401 and WRONG not in wrong.text
    answer = client.post("/staff/login", data={"token": settings.staff_token}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert settings.staff_token not in cookie
    dashboard = client.get("/staff")
    assert dashboard.status_code == 200 and "Records in the store" in dashboard.text


def test_page_writes_need_the_csrf_token(client: TestClient, settings: Settings) -> None:
    csrf = log_in(client, settings)
    form = {"id": "abm-1418", "surname": "Погожев"}
    assert client.post("/staff/records/new", data=form).status_code == 403
    assert client.post("/staff/records/new", data=form | {"csrf_token": "0" * 64}).status_code == 403
    other_session = csrf_token_for(settings.staff_token, new_session(settings.staff_token, 0))
    assert client.post("/staff/records/new", data=form | {"csrf_token": other_session}).status_code == 403
    assert client.post("/staff/logout", follow_redirects=False).status_code == 403
    assert client.get("/api/records/abm-1418").status_code == 404
    done = client.post("/staff/records/new", data=form | {"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303


def test_edit_form_keeps_what_was_typed_and_shows_problems(client: TestClient, settings: Settings) -> None:
    csrf = log_in(client, settings)
    typed = {
        "csrf_token": csrf,
        "id": "abm-1418",
        "surname": "Погожев",
        "birth_date": "1921-13",
        "name_variants": "Pogoschew\nPagoschew",
        "camps.camp": ["Auschwitz", ""],
        "camps.number": ["1418", ""],
        "camps.from": ["1942-00", ""],
        "camps.to": ["", ""],
    }
    answer = client.post("/staff/records/new", data=typed)
    assert answer.status_code == 422
    page = answer.text
    assert 'id="problem-birth_date"' in page and "month 13 does not exist" in page
    assert 'id="problem-camps-0-from"' in page
    assert 'value="Погожев"' in page and "Pogoschew\nPagoschew</textarea>" in page and 'value="1418"' in page
    assert client.get("/api/records/abm-1418").status_code == 404


def test_create_edit_delete_through_the_pages(client: TestClient, settings: Settings) -> None:
    csrf = log_in(client, settings)
    new = {"csrf_token": csrf, "id": "abm-1418", "surname": "Погожев", "given_name": "Андрей"}
    saved = client.post("/staff/records/new", data=new, follow_redirects=False)
    assert saved.headers["location"] == "/staff/records/abm-1418/edit?saved=1"
    assert "abm-1418" in found(client, "Pogozhev")
    edit = client.get("/staff/records/abm-1418/edit")
    assert 'value="Андрей"' in edit.text
    corrected = new | {
        "surname": "Pogoschew",
        "camps.camp": ["Stalag 326", ""],
        "camps.number": ["88349", ""],
        "sources.archive": ["Arolsen Archives", ""],
        "sources.url": ["https://collections.arolsen-archives.org/", ""],
    }
    client.post("/staff/records/abm-1418/edit", data=corrected)
    record = client.get("/api/records/abm-1418").json()
    assert record["surname"] == "Pogoschew" and record["camps"] == [{"camp": "Stalag 326", "number": "88349"}]
    assert record["sources"][0]["archive"] == "Arolsen Archives"
    assert client.get("/api/search", params={"q": "88349"}).json()["hits"][0]["id"] == "abm-1418"
    taken = client.post("/staff/records/new", data=new)
    assert taken.status_code == 409 and 'id="problem-id"' in taken.text

    assert "/staff/records/abm-1418/edit" in client.get("/records/abm-1418").text
    assert 'action="/staff/records/abm-1418/delete"' in client.get("/staff/records/abm-1418/delete").text
    gone = client.post("/staff/records/abm-1418/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert gone.headers["location"] == "/staff?deleted=abm-1418"
    assert client.get("/api/records/abm-1418").status_code == 404
    assert "abm-1418" not in found(client, "Pogoschew")


def test_concurrent_writes_naming_one_version_let_exactly_one_through(store: Store) -> None:
    """Ten writers read one version and save at once: one wins, nine are told the record changed. On
    SQLite the check and the write once ran unlocked, and three of ten 'succeeded'."""
    from concurrent.futures import ThreadPoolExecutor

    from service.staff_writes import StaleVersion, save_record

    first = Record.model_validate(POGOZHEV)
    save_record(store, first)
    read = frozenset({first.content_hash()})

    def write(n: int) -> str:
        try:
            return save_record(store, first.model_copy(update={"notes": f"writer {n}"}), expected=read)
        except StaleVersion:
            return "stale"

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(write, range(10)))
    assert sorted(results) == ["stale"] * 9 + ["updated"]
    assert (
        save_record(store, first.model_copy(update={"notes": "any"}), expected=frozenset({"*"})) == "updated"
    )


def version_of(page: str) -> str:
    match = re.search(r'name="version" value="([0-9a-f]+)"', page)
    assert match, "no version in the form"
    return match.group(1)


def test_a_form_opened_before_someone_elses_save_does_not_overwrite_it(
    client: TestClient, settings: Settings
) -> None:
    csrf = log_in(client, settings)
    new = {"csrf_token": csrf, "id": "abm-1418", "surname": "Погожев", "given_name": "Андрей"}
    client.post("/staff/records/new", data=new)
    first, second = (version_of(client.get("/staff/records/abm-1418/edit").text) for _ in range(2))
    assert first == second  # two people open the record
    mistyped = client.post(
        "/staff/records/abm-1418/edit", data=new | {"version": second, "birth_date": "1925-13"}
    )
    assert (
        mistyped.status_code == 422 and version_of(mistyped.text) == second
    )  # the version stays with the form
    saved = client.post("/staff/records/abm-1418/edit", data=new | {"version": first, "birth_date": "1915"})
    assert saved.history[0].status_code == 303  # saved, and back to the form
    stale = client.post("/staff/records/abm-1418/edit", data=new | {"version": second, "notes": "Karte 2"})
    assert stale.status_code == 409 and "someone saved this record after you opened it" in stale.text
    assert 'value="Karte 2"' in stale.text or "Karte 2" in stale.text  # what was typed is kept
    assert client.get("/api/records/abm-1418").json().get("birth_date") == "1915"  # the first change stands
    # The form now carries the current version: saving it again is a deliberate choice.
    again = client.post("/staff/records/abm-1418/edit", data=new | {"version": version_of(stale.text)})
    assert again.status_code == 200 and client.get("/api/records/abm-1418").json().get("birth_date") is None


def test_a_put_with_if_match_replaces_only_the_version_it_read(
    client: TestClient, auth: dict[str, str]
) -> None:
    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    etag = client.get("/api/records/abm-1418").headers["ETag"]
    first = client.put("/api/staff/records/abm-1418", json=POGOZHEV | {"birth_date": "1915"},
                       headers=auth | {"If-Match": etag})  # fmt: skip
    assert first.status_code == 200 and first.headers["ETag"] != etag
    stale = client.put("/api/staff/records/abm-1418", json=POGOZHEV | {"notes": "Karte 2"},
                       headers=auth | {"If-Match": etag})  # fmt: skip
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "stale_version"
    assert client.get("/api/records/abm-1418").json()["birth_date"] == "1915"
    blind = client.put("/api/staff/records/abm-1418", json=POGOZHEV | {"notes": "blind"}, headers=auth)
    assert blind.status_code == 200 and client.get("/api/records/abm-1418").json()["notes"] == "blind"


def test_the_version_handed_out_is_the_one_stored_even_when_the_record_reads_back_otherwise(
    client: TestClient, settings: Settings, auth: dict[str, str]
) -> None:
    # A record stored before a normalisation it now gets (blank list items, since dropped) hashes otherwise
    # when read back than the version its row holds: an ETag made from the record as read never matched,
    # and every If-Match PUT of it was refused as stale.
    from sqlalchemy import update

    from indexer.store import open_store
    from indexer.store.database import records_table

    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    store = open_store(settings.resolved_database_url)
    with store.engine.begin() as conn:
        conn.execute(update(records_table).where(records_table.c.id == "abm-1418").values(content_hash="old"))
    store.close()
    etag = client.get("/api/records/abm-1418").headers["ETag"]
    assert etag == '"old"'
    replaced = client.put("/api/staff/records/abm-1418", json=POGOZHEV | {"birth_date": "1915"},
                          headers=auth | {"If-Match": etag})  # fmt: skip
    assert replaced.status_code == 200


def test_edit_link_only_for_signed_in_staff(
    client: TestClient, settings: Settings, auth: dict[str, str]
) -> None:
    client.post("/api/staff/records", json=POGOZHEV, headers=auth)
    assert "/staff/records/abm-1418/edit" not in client.get("/records/abm-1418").text
    client.cookies.set(SESSION_COOKIE, "1.forged.0000")
    assert "/staff/records/abm-1418/edit" not in client.get("/records/abm-1418").text
    client.cookies.clear()
    csrf = log_in(client, settings)
    public = client.get("/records/abm-1418", params={"lang": "de"}).text
    assert "/staff/records/abm-1418/edit" in public and 'href="/staff"' in public
    client.post("/staff/logout", data={"csrf_token": csrf})
    assert "/staff/records/abm-1418/edit" not in client.get("/records/abm-1418").text
    assert client.get("/staff", follow_redirects=False).status_code == 303


def import_through_page(
    client: TestClient, csrf: str, files: dict[str, Any], lang: str | None = None, **form: str
) -> Any:
    """Post the import form, follow it to the job page and wait for the import to end: the job page then
    stops reloading itself. A bounded number of short waits, never a timed assertion."""
    params = {"lang": lang} if lang else None
    posted = client.post(
        "/staff/import", params=params, data={"csrf_token": csrf, **form}, files=files, follow_redirects=False
    )
    assert posted.status_code == 303, posted.text
    assert re.fullmatch(r"/staff/import/[A-Za-z0-9_-]{16,64}(\?lang=\w+)?", posted.headers["location"])
    for _ in range(600):
        page = client.get(posted.headers["location"])
        if 'http-equiv="refresh"' not in page.text:
            return page
        time.sleep(0.05)
    raise AssertionError("the import did not end")


def test_import_page_lists_bad_lines_then_imports(client: TestClient, settings: Settings) -> None:
    csrf = log_in(client, settings)
    bad = '{"id": "sov-1", "surname": "Иванов"}\n{"id": "sov-2", "sex": "x"}\n'
    files = {"file": ("cards.jsonl", bad.encode())}
    answer = import_through_page(client, csrf, files)
    assert "2 problems: nothing was imported." in answer.text
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>([^<]+)</code>", answer.text)
    assert sorted(rows) == [("2", "sex"), ("2", "surname")]
    good = {"file": ("cards.csv", b"id,surname\nsov-1,\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2\n")}
    checked = import_through_page(client, csrf, good, dry_run="true")
    assert "Nothing was written: this was a check only." in checked.text
    assert client.get("/api/records/sov-1").status_code == 404
    imported = import_through_page(client, csrf, good)
    assert "Imported." in imported.text and "sov-1" in found(client, "Ivanov")
    assert client.post("/staff/import", files=good).status_code == 403


def test_staff_pages_speak_russian(client: TestClient, settings: Settings) -> None:
    log_in(client, settings)
    page = client.get("/staff/records/new", params={"lang": "ru"}).text
    assert '<html lang="ru">' in page and "Новая запись" in page and "Other spellings" not in page


def test_problems_are_shown_in_the_page_language(client: TestClient, settings: Settings) -> None:
    """The validator's English reasons (the API's and the command line's) are translated on staff pages,
    with the values they name kept."""
    csrf = log_in(client, settings)
    client.get("/staff", params={"lang": "de"})  # the language is kept in a cookie
    typed = {"csrf_token": csrf, "id": "a b", "surname": "Погожев", "birth_date": "1921-02-30", "sex": "x"}
    page = client.post("/staff/records/new", data=typed).text
    assert "Tag 30 gibt es im Monat 1921-02 nicht" in page
    assert "'x' ist keiner der Werte 'm' oder 'f'" in page.replace("&#39;", "'")
    assert "muss aus 1–64 Zeichen" in page and "does not exist" not in page
    lines = ['{"id": "sov-1", "surname": "Иванов"}', '{"id": "sov-1", "surname": "Петров"}', '{"zzz": 1}']
    upload = {"file": ("c.jsonl", "\n".join(lines).encode())}
    answer = import_through_page(client, csrf, upload)
    assert "unbekanntes Feld" in answer.text and "doppelte ID" in answer.text


def test_import_page_names_the_uploaded_file_and_translates_line_problems(
    client: TestClient, settings: Settings
) -> None:
    csrf = log_in(client, settings)
    lines = ["not json", '{"id": "sov-1", "surname": "Иванов"}', '{"id": "sov-1", "surname": "Петров"}']
    files = {"file": ("bad.jsonl", "\n".join(lines).encode())}
    page = import_through_page(client, csrf, files, lang="ru").text
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>([^<]+)</code></td><td>([^<]+)</td>", page)
    assert [(line, field) for line, field, _ in rows] == [("1", "(строка)"), ("3", "id")]
    assert "bad.jsonl, строка 2" in rows[1][2] and "memorial-upload" not in page and "(line)" not in page
    quote = {"file": ("quote.csv", b'id,surname,notes\nq1,X,"open\nq2,Y,z\n')}
    page = import_through_page(client, csrf, quote, lang="de").text
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>([^<]+)</code></td><td>([^<]+)</td>", page)
    assert rows == [
        (
            "2",
            "notes",
            "die Zelle in Anführungszeichen ist nicht geschlossen: bis zum Ende der Datei "
            "folgt kein schließendes Anführungszeichen",
        )
    ]


def two_stays_form(csrf: str, born_died: tuple[str, str], froms: list[str], tos: list[str]) -> dict:
    """The new-record form of Погожев with two camp stays, as typed."""
    return {
        "csrf_token": csrf,
        "id": "abm-1418",
        "surname": "Погожев",
        "birth_date": born_died[0],
        "death_date": born_died[1],
        "camps.camp": ["Auschwitz", "Stalag 326"],
        "camps.number": ["1418", ""],
        "camps.from": froms,
        "camps.to": tos,
    }


def test_edit_form_shows_a_stay_ending_before_it_began_under_its_cell(
    client: TestClient, settings: Settings
) -> None:
    csrf = log_in(client, settings)
    born_died = ("1921-05", "1921-04-30")
    typed = two_stays_form(csrf, born_died, froms=["1942", "1942-05"], tos=["1942", "1942-04"])
    answer = client.post("/staff/records/new", params={"lang": "ru"}, data=typed)
    assert answer.status_code == 422
    assert 'id="problem-camps-1-to"' in answer.text and 'id="problem-camps-0-to"' not in answer.text
    assert 'id="problem-death_date"' in answer.text
    assert "1921-04-30 — раньше даты рождения (1921-05)" in answer.text
    assert client.get("/api/records/abm-1418").status_code == 404


@pytest.mark.parametrize(
    ("lang", "after_death", "after_the_war"),
    [
        ("en", "1943-02 is after the death date (1942-11)", "1990 is after the end of the war (1945-05-09)"),
        ("ru", "1943-02 — позже даты смерти (1942-11)", "1990 — позже окончания войны (1945-05-09)"),
        (
            "uk",
            "1943-02 — пізніше за дату смерті (1942-11)",
            "1990 — пізніше за закінчення війни (1945-05-09)",
        ),
        ("de", "1943-02 liegt nach dem Sterbedatum (1942-11)", "1990 liegt nach dem Kriegsende (1945-05-09)"),
    ],
)
def test_edit_form_shows_a_stay_after_the_death_and_a_birth_after_the_war_under_their_cells(
    client: TestClient, settings: Settings, lang: str, after_death: str, after_the_war: str
) -> None:
    csrf = log_in(client, settings)
    typed = two_stays_form(csrf, ("1921", "1942-11"), froms=["1942-05", "1943-02"], tos=["1942-10", ""])
    answer = client.post("/staff/records/new", params={"lang": lang}, data=typed)
    assert answer.status_code == 422
    assert 'id="problem-camps-1-from"' in answer.text and 'id="problem-camps-0-from"' not in answer.text
    assert 'id="problem-birth_date"' not in answer.text and after_death in answer.text
    typed |= {"birth_date": "1990", "death_date": "", "camps.from": ["1942-05", "1943-02"]}
    answer = client.post("/staff/records/new", params={"lang": lang}, data=typed)
    assert answer.status_code == 422
    assert 'id="problem-birth_date"' in answer.text and 'id="problem-camps-1-from"' not in answer.text
    assert after_the_war in answer.text
    assert client.get("/api/records/abm-1418").status_code == 404


def test_a_store_from_before_the_folded_surname_is_filled_when_migrated(database_url: str) -> None:
    """Records written before the folded column existed are found by the case-insensitive filter once
    the store is opened (and migrated)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from indexer.store import open_store
    from indexer.store.database import MIGRATIONS_DIR

    old = open_store(database_url, create=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        for rid, surname in [("o1", "Иванов"), ("o2", "СЁМИН"), ("o3", "Петров")]:
            data = f'{{"id": "{rid}", "surname": "{surname}"}}'
            conn.execute(
                text(
                    "INSERT INTO record (id, surname, data, content_hash) VALUES (:id, :surname, :data, 'x')"
                ),
                {"id": rid, "surname": surname, "data": data},
            )
    old.close()
    store = open_store(database_url)
    try:
        assert [r.id for r in store.list_records(offset=0, limit=10, surname_prefix="иван")] == ["o1"]
        assert [r.id for r in store.list_records(offset=0, limit=10, surname_prefix="семи")] == ["o2"]
        assert len(store.list_records(offset=0, limit=10)) == 3
    finally:
        store.close()


@pytest.mark.parametrize(
    "data",
    [
        {"id": "a", "surname": "x" * 300},
        {"id": "a", "surname": "X", "name_variants": ["a"] * 60},
        {"id": "a", "surname": "X", "sources": [{"url": "ftp://x"}]},
        {"id": "a b", "surname": "X"},
        {"id": "a", "surname": "X", "fate": "gone"},
        {"id": "a", "surname": 5},
        {"id": "a", "surname": "X", "camps": "x"},
        {"id": "a", "surname": "X", "camps": [5]},
        {"id": "a", "surname": "X", "birth_date": "1921-13"},
        {"id": "a", "surname": "X", "birth_date": "1700"},
        {"id": "a", "surname": "X", "birth_date": "21.3.1921"},
        {"id": "a", "surname": "X", "zzz": 1},
        {"id": "a"},
        {"id": "a", "surname": ""},
        {"id": "a", "surname": "X", "birth_date": "1921", "death_date": "1919-05"},
        {"id": "a", "surname": "X", "camps": [{"from": "1942-05-01", "to": "1942-04"}]},
        {"id": "a", "surname": "X", "camps": [{"from": f"{date.today().year + 1}-01-01"}]},
        {"id": "a", "surname": "X", "death_date": "1942-11", "camps": [{"from": "1943"}]},
        {"id": "a", "surname": "X", "birth_date": "1990"},
    ],
)
def test_every_reason_the_validator_gives_has_a_translation(data: dict[str, Any]) -> None:
    from indexer.records import validate_record
    from service.i18n import PageLanguage
    from service.problem_text import translated_reason

    problems = validate_record(data)[1]
    assert problems
    for problem in problems:
        assert translated_reason(problem.reason, PageLanguage("ru")) != problem.reason, problem.reason


# --- pure parts ------------------------------------------------------------------------------------


def test_session_cookie_is_signed_and_expires() -> None:
    session = new_session("token-a", 1_000_000)
    assert session_is_valid("token-a", session, 1_000_000 + 60)
    assert not session_is_valid("token-a", session, 1_000_000 + SESSION_SECONDS)
    assert not session_is_valid("token-b", session, 1_000_000 + 60)  # a new token ends every session
    issued, nonce, signature = session.split(".")
    assert not session_is_valid("token-a", f"{int(issued) + 3600}.{nonce}.{signature}", 1_000_000 + 60)
    assert not session_is_valid("token-a", None, 0) and not session_is_valid("token-a", "..", 0)
    assert csrf_token_for("token-a", session) != signature


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic abc", None), ("Bearer", None), (None, None)],
)
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize(
    ("asked", "goes_to"),
    [
        ("/staff/import", "/staff/import"),
        ("//evil.example/staff", "/staff"),
        ("https://evil.example", "/staff"),
    ],
)
def test_login_returns_only_to_staff_pages(asked: str, goes_to: str) -> None:
    assert safe_next(asked) == goes_to


def test_record_form_round_trip() -> None:
    record = Record.model_validate(POGOZHEV | {"sources": [{"archive": "ЦАМО", "reference": "58-977520-1"}]})
    assert record_data(form_of_record(record)) == record.to_json()
    problems = [
        FieldProblem(field="name_variants.1", reason="wrong"),
        FieldProblem(field="camps.0.from", reason="bad"),
    ]
    assert problems_by_field(problems, "line %(line)s") == {
        "name_variants": ["line 2: wrong"],
        "camps.0.from": ["bad"],
    }


def test_production_refuses_the_default_or_a_short_token(tmp_path: Path) -> None:
    for token in ("dev-staff-token", "changeme", "short-but-real"):
        with pytest.raises(ValidationError):
            Settings(home=tmp_path, environment="production", staff_token=token)
    assert Settings(home=tmp_path, environment="production", staff_token="f" * 32).staff_token == "f" * 32


def test_empty_list_items_are_dropped_from_an_api_body(client: TestClient, auth: dict[str, str]) -> None:
    body = {
        "id": "qa-4",
        "surname": "X",
        "name_variants": ["", ""],
        "camps": [{"from": "1944"}, {}, {"camp": "  "}],
        "sources": [{}],
    }
    answer = client.put("/api/staff/records/qa-4", json=body, headers=auth)
    assert answer.status_code == 201
    assert answer.json()["record"] == {"id": "qa-4", "surname": "X", "camps": [{"from": "1944"}]}
    assert "Also written" not in client.get("/records/qa-4").text


def test_a_broken_json_body_is_named_by_line_and_column(client: TestClient, auth: dict[str, str]) -> None:
    answer = client.put(
        "/api/staff/records/x",
        content=b'{"id": "x"\n "surname": "X"}',
        headers=auth | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    reason = "line 2: not valid JSON: Expecting ',' delimiter at column 2"
    assert answer.json()["error"]["details"] == [{"field": "(body)", "reason": reason}]


def test_edit_form_saved_unchanged_with_crlf_from_the_browser_changes_nothing(
    client: TestClient, settings: Settings
) -> None:
    csrf = log_in(client, settings)
    record = POGOZHEV | {"notes": "Anfang\nEnde", "name_variants": ["Pogoschew", "Pagoschew"]}
    staff_auth = {"Authorization": f"Bearer {settings.staff_token}"}
    client.put("/api/staff/records/abm-1418", json=record, headers=staff_auth)
    form = form_of_record(Record.model_validate(record))
    posted: dict[str, Any] = {k: v for k, v in form.values.items() if v} | {"csrf_token": csrf}
    posted["notes"] = "Anfang\r\nEnde"  # as browsers send a textarea's lines
    posted["name_variants"] = form.name_variants.replace("\n", "\r\n")
    for part in ("camp", "number", "from", "to"):
        posted[f"camps.{part}"] = [row[part] for row in form.camps]
    saved = client.post("/staff/records/abm-1418/edit", data=posted, follow_redirects=False)
    assert saved.status_code == 303
    assert client.get("/api/records/abm-1418").json()["notes"] == "Anfang\nEnde"
    again = client.put("/api/staff/records/abm-1418", json=record, headers=staff_auth)
    assert again.json()["result"] == "unchanged"


def test_record_list_takes_a_bad_page_as_page_one_and_names_a_page_past_the_end(
    client: TestClient, settings: Settings
) -> None:
    log_in(client, settings)
    staff_auth = {"Authorization": f"Bearer {settings.staff_token}"}
    client.put("/api/staff/records/abm-1418", json=POGOZHEV, headers=staff_auth)
    bad = client.get("/staff", params={"page": "abc"})
    assert bad.status_code == 200 and "abm-1418" in bad.text
    past = client.get("/staff", params={"surname": "Пог", "page": "9999"})
    assert past.status_code == 200 and "Page 9999 is past the end of the list." in past.text
    assert "/staff?surname=%D0%9F%D0%BE%D0%B3&amp;page=1" in past.text


def test_a_form_saved_after_someone_deleted_its_record_keeps_what_was_typed(
    client: TestClient, settings: Settings
) -> None:
    csrf = log_in(client, settings)
    new = {"csrf_token": csrf, "id": "abm-1418", "surname": "Погожев", "given_name": "Андрей"}
    client.post("/staff/records/new", data=new)
    version = version_of(client.get("/staff/records/abm-1418/edit").text)
    client.post("/staff/records/abm-1418/delete", data={"csrf_token": csrf})
    late = client.post("/staff/records/abm-1418/edit", data=new | {"version": version, "notes": "Karte 2"})
    assert late.status_code == 409 and "someone deleted this record" in late.text and "Karte 2" in late.text
    assert 'name="version"' not in late.text and 'name="recreate" value="1"' in late.text
    again = client.post("/staff/records/abm-1418/edit", data=new | {"notes": "Karte 2", "recreate": "1"})
    assert again.history[0].status_code == 303  # saved again, it creates the record anew
    assert client.get("/api/records/abm-1418").json()["notes"] == "Karte 2"
    stray = client.post("/staff/records/no-such/edit", data=new | {"id": "no-such"})
    assert stray.status_code == 404  # a form for a record that never was, as before


# An .xlsx is a zip, an Excel 97 .xls an OLE2 file: neither is read as a JSON Lines file that is broken.
XLSX = b"PK\x03\x04\x14\x00\x06\x00" + bytes(40)
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40)


@pytest.mark.parametrize(
    ("name", "content"),
    [("cards.xlsx", XLSX), ("cards.xls", XLS), ("export", XLSX)],
    ids=["xlsx", "xls", "xlsx-without-its-suffix"],
)
def test_a_spreadsheet_workbook_is_refused_with_what_to_do(
    client: TestClient, settings: Settings, auth: dict[str, str], name: str, content: bytes
) -> None:
    csrf = log_in(client, settings)
    files = {"file": (name, content)}
    page = client.post("/staff/import", params={"lang": "ru"}, data={"csrf_token": csrf}, files=files)
    assert page.status_code == 422
    assert "электронной таблицы" in page.text and "CSV UTF-8" in page.text
    assert "некорректный JSON" not in page.text and "problems" not in page.text
    answer = client.post("/api/staff/imports", headers=auth, files=files)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_request" and error["details"][0]["field"] == "file"
    assert "save it as CSV (UTF-8)" in error["details"][0]["reason"]


def test_an_empty_file_is_not_reported_as_imported(client: TestClient, settings: Settings) -> None:
    csrf = log_in(client, settings)
    files = {"file": ("cards.csv", b"")}
    page = import_through_page(client, csrf, files, lang="de").text
    assert "Die Datei enthält keine Einträge: Es wurde nichts importiert." in page
    assert "Importiert." not in page
