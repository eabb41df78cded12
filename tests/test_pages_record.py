"""The record page's timeline: a stay whose start or end the record does not give is drawn as a guess that
looks like one, never as a sliver that looks like a stay of a day."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from indexer.cli import run_import
from indexer.records import Record
from indexer.settings import Settings
from service.app import create_app
from service.timeline import FIRST_CAPTURES, bars_of, timeline_svg
from tests.conftest import write_jsonl

ONLY_AN_END = Record.model_validate(
    {"id": "tl-1", "surname": "Сидоров", "camps": [{"camp": "Stalag 326", "number": "5120", "to": "1943-05"}]}
)
AFTER_ANOTHER = Record.model_validate(
    {
        "id": "tl-2",
        "surname": "Сидоров",
        "camps": [
            {"camp": "Stalag 318 Lamsdorf", "from": "1941-09", "to": "1942-05"},
            {"camp": "Stalag 326", "to": "1943-05"},
        ],
    }
)


def test_a_stay_known_only_by_its_end_leads_up_to_it() -> None:
    [bar] = bars_of(ONLY_AN_END)
    assert bar.open_start and not bar.open_end
    assert bar.known_only_until == "1943-05"
    assert bar.start == pytest.approx(FIRST_CAPTURES)  # from the first captures, June 1941
    assert bar.end == pytest.approx(1943 + 4 / 12 + 29 / 365)


def test_a_stay_known_only_by_its_end_starts_where_the_stay_before_ended() -> None:
    first, second = bars_of(AFTER_ANOTHER)
    assert not first.open_start and not first.open_end
    assert second.open_start
    assert second.start == pytest.approx(first.end)


def test_the_picture_says_until_and_marks_the_known_end() -> None:
    svg = timeline_svg(ONLY_AN_END, until="bis %(date)s")
    assert svg is not None
    rect = re.search(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"[^>]*>', svg)
    assert rect is not None
    assert 'stroke-dasharray="4 3"' in rect.group(0)  # drawn as the open end is: dashed, faded
    assert float(rect.group(2)) > 100  # a bar leading up to May 1943, not a sliver
    known_end = re.search(r'<line x1="([\d.]+)"[^>]*class="known-end"', svg)
    assert known_end is not None
    assert float(known_end.group(1)) == pytest.approx(float(rect.group(1)) + float(rect.group(2)), abs=0.2)
    assert ">Stalag 326 · 5120 · bis 1943-05<" in svg


def test_an_open_end_is_drawn_as_before() -> None:
    record = Record.model_validate(
        {"id": "tl-3", "surname": "Сидоров", "camps": [{"camp": "Auschwitz", "from": "1943"}]}
    )
    [bar] = bars_of(record)
    assert bar.open_end and not bar.open_start
    svg = timeline_svg(record) or ""
    assert 'stroke-dasharray="4 3"' in svg and "until" not in svg and "known-end" not in svg


def test_a_fully_dated_stay_is_solid() -> None:
    record = Record.model_validate(
        {"id": "tl-4", "surname": "Сидоров", "camps": [{"camp": "Auschwitz", "from": "1942", "to": "1943"}]}
    )
    svg = timeline_svg(record) or ""
    assert "stroke-dasharray" not in svg and "known-end" not in svg


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("pages-record-home")
    settings = Settings(home=home, database_url="", engine="embedded")
    run_import(settings, [write_jsonl(home / "records.jsonl", [ONLY_AN_END.to_json()])])
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize(
    ("lang", "until", "caption"),
    [
        ("en", "until 1943-05", "dashed: a start or an end not recorded"),
        ("ru", "до 1943-05", "пунктиром — дата начала или окончания не записана"),
        ("uk", "до 1943-05", "пунктиром — дату початку або закінчення не записано"),
        ("de", "bis 1943-05", "gestrichelt: Beginn oder Ende nicht verzeichnet"),
    ],
)
def test_the_record_page_says_until_in_its_language(
    client: TestClient, lang: str, until: str, caption: str
) -> None:
    page = client.get("/records/tl-1", params={"lang": lang}).text
    assert f"Stalag 326 · 5120 · {until}</text>" in page
    assert caption in page
