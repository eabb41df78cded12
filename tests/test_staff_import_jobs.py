"""The staff page's import runs in the background: a job page shows its progress, then its report; the job's
state is a file under MEMORIAL_HOME, so any server process can show it (service/import_jobs.py)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer import importing
from indexer.settings import Settings
from service import import_jobs, staff_writes
from service.app import create_app
from service.import_jobs import ImportJob, process_start, write_job
from tests.test_staff import import_through_page, log_in

CARDS = "".join(f'{{"id": "sov-{n}", "surname": "Иванов", "given_name": "Пётр"}}\n' for n in range(40))
PROGRESS = re.compile(r'<progress id="import-read" max="(\d+)" value="(\d+)"')


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def csrf(client: TestClient, settings: Settings) -> str:
    return log_in(client, settings)


def post_import(client: TestClient, csrf: str, content: str, **params: str) -> str:
    files = {"file": ("cards.jsonl", content.encode())}
    posted = client.post(
        "/staff/import", params=params, data={"csrf_token": csrf}, files=files, follow_redirects=False
    )
    assert posted.status_code == 303
    return str(posted.headers["location"])


def wait_until_done(client: TestClient, location: str) -> str:
    for _ in range(600):
        page = client.get(location).text
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.05)
    raise AssertionError("the import did not end")


def test_a_running_import_shows_its_progress_then_its_report(
    client: TestClient, csrf: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held halfway through the file by an import that waits for the test: no timing involved."""
    halfway, release = threading.Event(), threading.Event()
    real_import = importing.import_files

    def held_import(*args: Any, on_progress: Any = None, **kwargs: Any) -> Any:
        on_progress(len(CARDS.encode()) // 2)
        halfway.set()
        assert release.wait(30)
        return real_import(*args, on_progress=on_progress, **kwargs)

    monkeypatch.setattr(staff_writes, "import_files", held_import)
    location = post_import(client, csrf, CARDS)
    try:
        assert halfway.wait(30)
        running = client.get(location)
        assert running.status_code == 200
        page = running.text
        assert '<meta http-equiv="refresh" content="1">' in page
        assert 'role="status"' in page and "Importing cards.jsonl" in page
        assert PROGRESS.search(page).groups() == (str(len(CARDS.encode())), str(len(CARDS.encode()) // 2))
        assert '<label for="import-read">' in page and "<b>50%</b>" in page
        assert 'action="/staff/import"' not in page  # no second form while this import runs
        assert client.get("/api/records/sov-1").status_code == 404
        # In Russian from here on (the cookie keeps it); 50 % with a no-break space, as Russian writes it.
        russian = client.get(location, params={"lang": "ru"}).text
        assert "Импорт файла cards.jsonl" in russian and "<b>50\xa0%</b>" in russian
    finally:
        release.set()
    done = wait_until_done(client, location)
    assert "Импортировано." in done and "<dd>40</dd>" in done and 'action="/staff/import"' in done
    assert client.get("/api/records/sov-39").status_code == 200
    found = client.get("/api/search", params={"q": "Ivanov"}).json()
    assert found["total"] == 40  # indexed before the report, as before


def test_the_job_is_a_file_any_server_process_can_read(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    location = post_import(client, csrf, CARDS)
    job_id = location.rsplit("/", 1)[1]
    wait_until_done(client, location)
    assert [p.name for p in (settings.home / "imports").iterdir()] == [f"{job_id}.json"]
    # A second application (as another worker process would be) shows the same finished job.
    with TestClient(create_app(settings)) as other:
        log_in(other, settings)
        page = other.get(location).text
    assert "Imported." in page and "cards.jsonl" in page


def test_a_dry_run_says_so_while_running_and_when_done(
    client: TestClient, csrf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_import = importing.import_files

    def held_import(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30)
        return real_import(*args, **kwargs)

    monkeypatch.setattr(staff_writes, "import_files", held_import)
    files = {"file": ("cards.jsonl", CARDS.encode())}
    posted = client.post(
        "/staff/import", data={"csrf_token": csrf, "dry_run": "true"}, files=files, follow_redirects=False
    )
    try:
        assert started.wait(30)
        assert "nothing will be written" in client.get(posted.headers["location"]).text
    finally:
        release.set()
    done = wait_until_done(client, posted.headers["location"])
    assert "Nothing was written: this was a check only." in done
    assert client.get("/api/records/sov-1").status_code == 404


def test_a_bad_file_lists_its_problems_on_the_job_page(client: TestClient, csrf: str) -> None:
    lines = ['{"id": "sov-1", "surname": "Иванов"}', '{"id": "sov-2", "birth_date": "1921-13"}']
    page = import_through_page(client, csrf, {"file": ("bad.jsonl", "\n".join(lines).encode())}, lang="uk")
    assert page.status_code == 200 and 'role="alert"' in page.text
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>([^<]+)</code>", page.text)
    assert sorted(rows) == [("2", "birth_date"), ("2", "surname")]
    assert "does not exist" not in page.text
    assert client.get("/api/records/sov-1").status_code == 404


def test_an_import_that_fails_says_nothing_was_imported_and_is_logged(
    client: TestClient, csrf: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_import(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(staff_writes, "import_files", broken_import)
    with caplog.at_level(logging.ERROR, logger="service.import_jobs"):
        page = wait_until_done(client, post_import(client, csrf, CARDS, lang="de"))
    assert "Der Import von cards.jsonl ist fehlgeschlagen" in page and 'role="alert"' in page
    assert 'action="/staff/import"' in page  # the form, to try again
    assert any("the disk is full" in (r.exc_text or "") for r in caplog.records)
    assert client.get("/api/records/sov-1").status_code == 404


def gone_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    "owner",
    [
        pytest.param(lambda: (gone_pid(), "123"), id="its-process-is-gone"),
        # The pid lives on, in a process started at another time than the one that ran the job.
        pytest.param(lambda: (os.getppid(), "1"), id="its-pid-is-another-process-now"),
        # A restarted server got the pid of the old one (process 1 in a container), but runs no such job.
        pytest.param(lambda: (os.getpid(), process_start(os.getpid())), id="its-pid-is-this-process-now"),
    ],
)
def test_a_job_left_running_by_a_stopped_server_reads_as_interrupted(
    client: TestClient, csrf: str, settings: Settings, owner: Any
) -> None:
    pid, started = owner()
    job = ImportJob("x" * 22, "cards.csv", False, 1000, pid, started, time.time(), bytes_read=400)
    write_job(settings.home, job)
    page = client.get(f"/staff/import/{job.id}").text
    assert "was interrupted when the server stopped: nothing was imported" in page
    assert 'http-equiv="refresh"' not in page and "<progress" not in page


def test_a_job_that_ends_while_its_page_is_read_is_not_taken_for_interrupted(
    client: TestClient, csrf: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page read the job file while the import ran; its thread then wrote the report and let go of the
    # job before the page looked whether the job's thread was still there. The page said "interrupted:
    # nothing was imported" of an import that had succeeded (seen once in twenty runs of the tests).
    job = ImportJob("z" * 22, "cards.csv", False, 1000, os.getpid(), None, time.time(), bytes_read=400)
    write_job(settings.home, job)
    ended = ImportJob(**{**job.__dict__, "state": "done", "bytes_read": 1000, "report": {"records": 3}})

    def thread_ends_meanwhile(running: ImportJob) -> bool:
        write_job(settings.home, ended)
        return True  # the job's thread is gone by now

    monkeypatch.setattr(import_jobs, "_owner_gone", thread_ends_meanwhile)
    assert import_jobs.read_job(settings.home, job.id) == ended


def test_a_job_of_a_live_server_process_is_still_running(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    parent = os.getppid()
    job = ImportJob(
        "y" * 22, "cards.csv", False, 1000, parent, process_start(parent), time.time(), bytes_read=400
    )
    write_job(settings.home, job)
    page = client.get(f"/staff/import/{job.id}").text
    assert 'http-equiv="refresh"' in page and "<b>40%</b>" in page


def test_job_pages_are_for_signed_in_staff_only(client: TestClient, csrf: str, settings: Settings) -> None:
    location = post_import(client, csrf, CARDS)
    wait_until_done(client, location)
    client.cookies.clear()
    answer = client.get(location, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/staff/login?next=")
    assert "cards.jsonl" not in answer.text


@pytest.mark.parametrize("job_id", ["A" * 22, "no", "..%2F..%2Fmemorial.sqlite3", "-" * 65])
def test_an_unknown_job_is_not_found_in_the_visitors_language(
    client: TestClient, csrf: str, job_id: str
) -> None:
    answer = client.get(f"/staff/import/{job_id}", params={"lang": "ru"})
    assert answer.status_code == 404 and '<html lang="ru">' in answer.text
    assert "Такой страницы нет" in answer.text


def test_old_job_files_are_removed_when_an_import_starts(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    old = ImportJob("z" * 22, "old.csv", False, 10, os.getpid(), None, 0.0, state="done")
    write_job(settings.home, old)
    path = settings.home / "imports" / f"{old.id}.json"
    day_ago = time.time() - import_jobs.KEEP_S - 60
    os.utime(path, (day_ago, day_ago))
    wait_until_done(client, post_import(client, csrf, CARDS))
    assert not path.exists() and len(list((settings.home / "imports").iterdir())) == 1


def test_the_api_import_still_answers_with_its_report(client: TestClient, settings: Settings) -> None:
    auth = {"Authorization": f"Bearer {settings.staff_token}"}
    files = {"file": ("cards.jsonl", CARDS.encode())}
    answer = client.post("/api/staff/imports", headers=auth, files=files)
    assert answer.status_code == 200
    assert answer.json() == {
        "file": "cards.jsonl",
        "dry_run": False,
        "records": 40,
        "created": 40,
        "updated": 0,
        "unchanged": 0,
        "indexed": True,
    }
    assert not Path(settings.home / "imports").exists()  # no job: the answer is the report
