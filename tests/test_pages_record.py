"""The record page's timeline: a stay whose start or end the record does not give is drawn as a guess that
looks like one, never as a sliver that looks like a stay of a day."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from indexer.cli import run_import
from indexer.records import Record
from indexer.settings import Settings
from service.app import create_app
from service.svg_text import text_width
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


DEATHS = [
    # No fate on the card, but a death, a place and a grave: the page showed only the grave.
    {
        "id": "dt-1",
        "surname": "Гладилин",
        "death_date": "1942-11-03",
        "death_place": "Zeithain",
        "burial_place": "Zeithain",
    },
    # Survived the camps, died in 1975: the page read «выжил, 1975-03-01, Москва».
    {
        "id": "dt-2",
        "surname": "Гладилина",
        "patronymic": "Ивановна",
        "fate": "survived",
        "death_date": "1975-03-01",
        "death_place": "Москва",
    },
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("pages-record-home")
    settings = Settings(home=home, database_url="", engine="embedded")
    records = [ONLY_AN_END.to_json(), *DEATHS]
    run_import(settings, [write_jsonl(home / "records.jsonl", records)])
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


def facts_of(page: str) -> dict[str, str]:
    """The record page's facts, heading -> value, as a reader sees them."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, flags=re.S)
    return {dt: re.sub(r"<[^>]+>", "", dd) for dt, dd in pairs}


@pytest.mark.parametrize(
    ("lang", "died_he", "died_she", "fate_she"),
    [
        ("en", "Died", "Died", "survived"),
        ("ru", "Умер", "Умерла", "выжила"),
        ("uk", "Помер", "Померла", "вижила"),
        ("de", "Gestorben", "Gestorben", "überlebt"),
    ],
)
def test_the_record_page_shows_a_death_as_a_death_whatever_the_fate(
    client: TestClient, lang: str, died_he: str, died_she: str, fate_she: str
) -> None:
    no_fate = facts_of(client.get("/records/dt-1", params={"lang": lang}).text)
    assert no_fate[died_he] == "1942-11-03, Zeithain"
    survived = facts_of(client.get("/records/dt-2", params={"lang": lang}).text)
    assert survived[died_she] == "1975-03-01, Москва"
    fate = {"en": "Fate", "ru": "Судьба", "uk": "Доля", "de": "Schicksal"}[lang]
    assert survived[fate] == fate_she  # not «выжила, 1975-03-01, Москва»


def _labels(svg: str) -> list[tuple[float, str | None, str]]:
    """Each bar label's x, its anchor (None: starts there) and its text."""
    found = re.findall(
        r'<text x="([\d.]+)" y="\d+"(?: text-anchor="(\w+)")? class="label">([^<]*)</text>', svg
    )
    return [(float(x), anchor or None, text) for x, anchor, text in found]


def test_a_label_near_the_right_edge_stays_inside_the_picture() -> None:
    record = Record.model_validate(
        {
            "id": "tl-5",
            "surname": "Сидоров",
            "camps": [
                {"camp": "Stalag 318 Lamsdorf", "number": "100200", "from": "1945-04", "to": "1945-05"}
            ],
        }
    )
    svg = timeline_svg(record) or ""
    [(x, anchor, text)] = _labels(svg)
    assert text == "Stalag 318 Lamsdorf · 100200"
    # Ends at the right edge rather than starting there and running out of the 720-wide picture.
    assert anchor == "end" and x <= 720


def test_a_label_longer_than_the_picture_is_shortened_not_cut_at_the_left() -> None:
    camp = "Kriegsgefangenen-Mannschafts-Stammlager VI-K (326) Senne bei Stukenbrock, Arbeitskommando " * 2
    record = Record.model_validate(
        {"id": "tl-7", "surname": "Сидоров", "camps": [{"camp": camp.strip(), "from": "1944", "to": "1945"}]}
    )
    svg = timeline_svg(record) or ""
    [(x, anchor, text)] = _labels(svg)
    assert anchor == "end" and text.startswith("Kriegsgefangenen-Mannschafts") and text.endswith("…")
    assert text_width(html.unescape(text), 12) <= 720 - 2 * 10  # inside the picture
    assert camp.strip() in html.unescape(svg)  # whole in the bar's tooltip


def test_a_label_with_room_starts_at_its_bar() -> None:
    svg = timeline_svg(AFTER_ANOTHER) or ""
    rect_x = float(re.findall(r'<rect x="([\d.]+)"', svg)[0])
    assert _labels(svg)[0][:2] == (pytest.approx(rect_x + 6), None)


def test_a_stay_far_past_the_war_keeps_the_axis_on_the_war_years() -> None:
    record = Record.model_validate(
        {
            "id": "tl-6",
            "surname": "Сидоров",
            "camps": [
                {"camp": "Stalag 326", "from": "1941-10", "to": "1943-01"},
                {"camp": "Buchenwald", "from": "2031"},  # the validator accepts it: likely a typo for 1943
            ],
        }
    )
    svg = timeline_svg(record) or ""
    years = [int(y) for y in re.findall(r'class="year">(\d+)</text>', svg)]
    assert years[0] == 1941 and years[-1] <= 1947
    assert 2031 not in years
    # Each year tick's label fits in the picture, and the stay beyond is marked as going on, with its year.
    assert all(float(x) + 30 <= 720 for x in re.findall(r'<text x="([\d.]+)" y="14"', svg))
    assert 'class="continues"' in svg
    assert any(text == "Buchenwald · → 2031" for _, _, text in _labels(svg))
    for x, width in re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg):
        assert float(x) >= 0 and float(x) + float(width) <= 720
    # The first stay is still a wide bar, not a sliver squeezed by an axis running to 2031.
    assert float(re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', svg)[0]) > 100


def test_on_a_phone_the_camps_table_scrolls_and_dates_do_not_break(client: TestClient) -> None:
    page = client.get("/records/tl-1", params={"lang": "en"}).text
    assert re.search(r'<div class="table-scroll">\s*<table class="camps">', page)
    assert '<td class="date">1943-05</td>' in page
    css = client.get("/static/site.css").text
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", css))
    scrolling = next(body for selector, body in rules.items() if ".table-scroll" in selector)
    assert "overflow-x: auto" in scrolling
    unbroken = next(body for selector, body in rules.items() if "td.date" in selector)
    assert "white-space: nowrap" in unbroken
