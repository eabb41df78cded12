"""The search page as a person uses it: any page number in the address, a page past the end, the facts line
of each hit, and fates said in the person's gender."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from indexer.cli import run_import
from indexer.settings import Settings
from service.app import create_app
from service.routers import pages
from service.routers.pages import likely_sex
from tests.conftest import DATA, write_jsonl

# 25 Петровы: two pages of results.
PETROVS = [{"id": f"pg-petrov-{i:02}", "surname": "Петров", "given_name": "Иван"} for i in range(25)]
KURSK = [
    {"id": "pg-kursk-1", "surname": "Курсков", "birth_place": "Курская обл., Щигровский р-н"},
    {"id": "pg-kursk-2", "surname": "Курсков", "birth_place": "Gebiet Woronesch"},
]
# Hasanov reads Хасанов first: among eight of them, the one Гасанов is moved up as another reading.
HASANOVS = [{"id": f"pg-hasanov-{i}", "surname": "Хасанов"} for i in range(8)]
RECORDS = [
    *PETROVS,
    *KURSK,
    *HASANOVS,
    {"id": "pg-gasanov-1", "surname": "Гасанов", "given_name": "Гусейн"},
    {
        "id": "pg-mamedova-1",
        "surname": "Мамедова",
        "given_name": "Айша",
        "patronymic": "Али кызы",
        "sex": "f",
        "fate": "died",
        "camps": [{"number": "777", "from": "1942"}, {"number": "Nr. 12 345"}, {"camp": "Stalag 326"}],
    },
    {
        "id": "pg-aliyeva-1",
        "surname": "Алиева",
        "given_name": "Гюльнара",
        "patronymic": "Гасан кызы",
        "fate": "died",
    },
    # He survived the camps and died thirty years later: the date is his death's, not his survival's.
    {
        "id": "pg-survivor-1",
        "surname": "Гладилин",
        "given_name": "Степан",
        "fate": "survived",
        "death_date": "1975-03-01",
        "death_place": "Москва",
    },
    {
        "id": "pg-survivor-2",
        "surname": "Гладилина",
        "given_name": "Анна",
        "fate": "survived",
        "death_date": "1980",
    },
    {"id": "pg-died-1", "surname": "Гладилин", "given_name": "Пётр", "fate": "died", "death_date": "1942-11"},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("pages-search-home")
    settings = Settings(home=home, database_url="", engine="embedded")
    run_import(settings, [DATA / "search_fixture.jsonl", write_jsonl(home / "more.jsonl", RECORDS)])
    with TestClient(create_app(settings)) as c:
        yield c


def page_text(response_text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response_text)))


def facts_of(page: str, record_id: str) -> str:
    """The facts line under one hit."""
    found = re.search(rf'href="/records/{record_id}".*?<div class="facts">(.*?)</div>', page, flags=re.S)
    assert found, record_id
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("page", "first"), [("0", 1), ("-3", 1), ("abc", 1), ("", 1), ("1.5", 1), ("2", 21)])
def test_any_page_number_in_the_address_gets_the_html_page(client: TestClient, page: str, first: int) -> None:
    response = client.get("/", params={"q": "Петров", "page": page, "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<ol class="hits" start="{first}">' in response.text
    assert "25 records found" in page_text(response.text)


def test_a_page_beyond_the_reachable_ones_with_few_results_is_past_their_end(client: TestClient) -> None:
    response = client.get("/", params={"q": "Петров", "page": "51", "lang": "en"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    text = page_text(response.text)
    assert "25 records found" in text and "This page is past the end of the results." in text
    assert "can be paged through" not in text and 'class="hit"' not in response.text
    assert links_of(response.text)["Go to the last page"] == "/?q=Петров&page=2"


def links_of(response_text: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>', response_text)
    return {label: unquote(html.unescape(href)) for href, label in found}


@pytest.mark.parametrize(
    ("lang", "note", "last"),
    [
        (
            "en",
            "Only the first 20 results can be paged through, and this page is past them;",
            "Go to the last page",
        ),
        (
            "ru",
            "Листать можно только первые 20 результатов, а эта страница уже за ними;",
            "Перейти на последнюю",
        ),
        ("uk", "Гортати можна лише перші 20 результатів, а ця сторінка вже за ними;", "Перейти на останню"),
        (
            "de",
            "Nur die ersten 20 Ergebnisse lassen sich durchblättern, und diese Seite",
            "Zur letzten Seite",
        ),
    ],
)
def test_a_page_past_the_paging_window_says_so_and_links_to_the_last_reachable_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, lang: str, note: str, last: str
) -> None:
    # 25 Петровы paged one page of 20 deep stand for 1,092 Погожевы paged fifty pages deep: page 2 is past
    # the window as page 51 is, and was shown as page 1 under an address saying page 2.
    monkeypatch.setattr(pages, "LAST_REACHABLE_PAGE", 1)
    monkeypatch.setattr(pages, "REACHABLE", 20)
    response = client.get("/", params={"q": "Петров", "page": "2", "lang": lang})
    assert response.status_code == 200
    text = page_text(response.text)
    assert note in text
    assert 'class="hit"' not in response.text and "pager" not in response.text
    assert "window-note" not in response.text  # "the first 20 are shown" would be untrue: none is
    [to_last] = [href for label, href in links_of(response.text).items() if label.startswith(last)]
    assert to_last == "/?q=Петров&page=1"


def test_page_51_of_more_than_a_thousand_results_is_not_page_50(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = tmp_path_factory.mktemp("pages-window-home")
    settings = Settings(home=home, database_url="", engine="embedded")
    rows = [{"id": f"w-{i:04}", "surname": "Сидоренко", "given_name": "Иван"} for i in range(1_005)]
    run_import(settings, [write_jsonl(home / "many.jsonl", rows)])
    with TestClient(create_app(settings)) as c:
        fifty = c.get("/", params={"q": "Сидоренко", "page": "50", "lang": "en"}).text
        assert '<ol class="hits" start="981">' in fifty and fifty.count('class="hit"') == 20
        assert "page 50 of 50" in page_text(fifty)
        for page in ("51", "52", "9999"):
            beyond = c.get("/", params={"q": "Сидоренко", "page": page, "lang": "en"})
            assert beyond.status_code == 200
            text = page_text(beyond.text)
            assert "1,005 records found" in text
            assert "Only the first 1,000 results can be paged through" in text
            assert 'class="hit"' not in beyond.text and "page 50 of 50" not in text
            links = links_of(beyond.text)
            assert links["Go to the last page"] == "/?q=Сидоренко&page=50"
            assert links["Go to the first page"] == "/?q=Сидоренко"


@pytest.mark.parametrize(
    ("lang", "past", "first", "last"),
    [
        ("en", "This page is past the end of the results.", "Go to the first page", "Go to the last page"),
        (
            "ru",
            "На этой странице результатов уже нет.",
            "Перейти на первую страницу",
            "Перейти на последнюю страницу",
        ),
        (
            "uk",
            "На цій сторінці результатів уже немає.",
            "Перейти на першу сторінку",
            "Перейти на останню сторінку",
        ),
        ("de", "Diese Seite liegt hinter dem Ende der Ergebnisse.", "Zur ersten Seite", "Zur letzten Seite"),
    ],
)
def test_a_page_past_the_end_says_so_and_links_back(
    client: TestClient, lang: str, past: str, first: str, last: str
) -> None:
    response = client.get("/", params={"q": "Петров", "page": "5", "lang": lang})
    assert response.status_code == 200
    text = page_text(response.text)
    assert past in text
    assert "No record matches" not in text and "pager" not in response.text
    links = links_of(response.text)
    assert links[first] == "/?q=Петров"
    assert links[last] == "/?q=Петров&page=2"


def test_past_the_end_of_a_single_page_links_to_the_first_only(client: TestClient) -> None:
    response = client.get("/", params={"q": "Иванов", "page": "5", "lang": "en"})
    text = page_text(response.text)
    assert "4 records found" in text and "This page is past the end of the results." in text
    assert "Go to the first page" in text and "Go to the last page" not in text


def test_no_match_at_all_still_says_so(client: TestClient) -> None:
    text = page_text(client.get("/", params={"q": "Zzyzxqwv", "match": "exact", "lang": "en"}).text)
    assert "No record matches" in text and "past the end" not in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "No. 777 · Nr. 12 345 · Stalag 326 · died"),
        ("ru", "№ 777 · Nr. 12 345 · Stalag 326 · умерла"),
        ("de", "Nr. 777 · Nr. 12 345 · Stalag 326 · gestorben"),
    ],
)
def test_a_camp_stay_without_a_camp_name_shows_its_number_alone(
    client: TestClient, lang: str, expected: str
) -> None:
    page = client.get("/", params={"q": "Мамедова", "lang": lang}).text
    facts = facts_of(page, "pg-mamedova-1")
    assert "(777)" not in facts
    assert " ".join(facts.split()) == expected


def test_a_named_camp_keeps_its_number_in_brackets(client: TestClient) -> None:
    page = client.get("/", params={"q": "Pogoschew", "lang": "en"}).text
    assert "Stalag 326 (VI K) Senne (Nr. 88 349)" in facts_of(page, "card-pogoschew-1")


@pytest.mark.parametrize(
    ("person", "sex"),
    [
        ({"surname": "Мамедова", "patronymic": "Али кызы", "sex": "f"}, "f"),
        ({"surname": "Алиева", "patronymic": "Гасан кызы"}, "f"),  # no sex on the card: the patronymic says
        ({"surname": "Məmmədova", "patronymic": "Əli qızı"}, "f"),
        ({"surname": "Atajewa", "patronymic": "Berdi gyzy"}, "f"),
        ({"surname": "Чернова", "patronymic": "Ивановна"}, "f"),
        ({"surname": "Кузьмина", "patronymic": "Ильинична"}, "f"),
        ({"surname": "Мамедов", "patronymic": "Али оглы"}, "m"),
        ({"surname": "Иванов", "patronymic": "Петрович"}, "m"),
        ({"surname": "Мамедов", "patronymic": "Али кызы", "sex": "m"}, "m"),  # the card's sex wins
        ({"surname": "Иванов"}, None),
    ],
)
def test_likely_sex(person: dict[str, str], sex: str | None) -> None:
    assert likely_sex(person) == sex


@pytest.mark.parametrize(("lang", "died"), [("ru", "умерла"), ("uk", "померла")])
def test_a_woman_with_a_turkic_patronymic_died_as_a_woman(client: TestClient, lang: str, died: str) -> None:
    for query, record_id in (("Мамедова Айша", "pg-mamedova-1"), ("Алиева Гюльнара", "pg-aliyeva-1")):
        page = client.get("/", params={"q": query, "lang": lang}).text
        assert facts_of(page, record_id).split(" · ")[-1].strip() == died
        record = page_text(client.get(f"/records/{record_id}", params={"lang": lang}).text)
        assert f" {died} " in record


@pytest.mark.parametrize(
    ("lang", "he", "she", "died"),
    [
        ("en", "survived · died 1975-03-01 in Москва", "survived · died 1980", "died 1942-11"),
        ("ru", "выжил · умер 1975-03-01, Москва", "выжила · умерла 1980", "умер 1942-11"),
        ("uk", "вижив · помер 1975-03-01, Москва", "вижила · померла 1980", "помер 1942-11"),
        ("de", "überlebt · gestorben 1975-03-01 in Москва", "überlebt · gestorben 1980", "gestorben 1942-11"),
    ],
)
def test_a_death_date_is_said_as_a_death_whatever_the_fate(
    client: TestClient, lang: str, he: str, she: str, died: str
) -> None:
    page = client.get("/", params={"q": "Гладилин", "lang": lang}).text
    assert " ".join(facts_of(page, "pg-survivor-1").split()) == he
    assert " ".join(facts_of(page, "pg-survivor-2").split()) == she
    assert " ".join(facts_of(page, "pg-died-1").split()) == died  # "died · died 1942-11" would say it twice


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "The first 20 are shown; add a given name, a birth year or a filter to narrow the search."),
        ("ru", "Показаны первые 20; добавьте имя, год рождения или фильтр, чтобы сузить поиск."),
        ("uk", "Показано перші 20; додайте ім’я, рік народження або фільтр, щоб звузити пошук."),
        ("de", "Angezeigt werden die ersten 20; fügen Sie einen Vornamen, ein Geburtsjahr oder einen Filter"),
    ],
)
def test_more_results_than_paging_reaches_says_which_are_shown(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, lang: str, note: str
) -> None:
    # 25 Петровы against a window of 20 stand for 1,092 Погожевы against the API's 1,000.
    monkeypatch.setattr(pages, "REACHABLE", 20)
    assert note in page_text(client.get("/", params={"q": "Петров", "lang": lang}).text)
    monkeypatch.setattr(pages, "REACHABLE", 25)
    assert "window-note" not in client.get("/", params={"q": "Петров", "lang": lang}).text


def test_the_birth_place_filter_is_on_the_page_and_shown_as_a_chip(client: TestClient) -> None:
    page = client.get("/", params={"q": "Курсков", "birth_place": "Gebiet Kursk"}).text
    assert "pg-kursk-1" in page and "pg-kursk-2" not in page
    assert 'name="birth_place" size="18" maxlength="200" value="Gebiet Kursk"' in page
    assert 'class="chip"' in page and "Gebiet Kursk ✕" in page


def test_a_filter_the_search_cannot_use_is_not_shown_in_force(client: TestClient) -> None:
    """fate=alive (no such fate) or a birth year that is no number: the search ignores them, so the page
    shows no chip for them and does not carry them into the next search."""
    plain = client.get("/", params={"q": "Курсков", "lang": "en"}).text
    odd_filters = {"fate": "alive", "birth_year_min": "abc"}
    odd = client.get("/", params={"q": "Курсков", "lang": "en", **odd_filters}).text
    assert "alive ✕" not in odd and 'name="fate"' not in odd  # no chip, not carried on
    assert 'name="birth_year_min" size="5" inputmode="numeric" value=""' in odd
    assert re.findall(r"pg-kursk-\d", odd) == re.findall(r"pg-kursk-\d", plain)


def test_a_record_of_another_reading_says_why_it_is_placed_there(client: TestClient) -> None:
    page = client.get("/", params={"q": "Hasanov", "lang": "en"}).text
    hits = re.findall(r'<li class="hit">.*?</li>', page, flags=re.S)
    noted = [h for h in hits if "Another reading of the name you typed" in h]
    assert len(noted) == 1 and "pg-gasanov-1" in noted[0] and "pg-gasanov-1" in hits[5]


@pytest.mark.parametrize("odd", ["²", "１", "٣"])
def test_digits_of_other_scripts_in_the_address_are_no_page_number(client: TestClient, odd: str) -> None:
    # str.isdigit() holds for them, int() refuses them: the page once answered 500
    answer = client.get("/", params={"q": "Петров", "page": odd, "birth_year_min": odd, "lang": "en"})
    assert answer.status_code == 200 and "page 1 of 2" in answer.text


def headings_of(response_text: str) -> list[tuple[int, str]]:
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", response_text, flags=re.S)
    return [(int(level), page_text(text).strip()) for level, text in found]


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Search the index"), ("ru", "Искать в указателе"), ("de", "Im Verzeichnis suchen")],
)
def test_the_search_page_has_a_heading_and_its_levels_do_not_skip(
    client: TestClient, lang: str, title: str
) -> None:
    # A screen reader's list of headings starts at the page's h1, and the facets are not h3 under no h2.
    for params in ({"lang": lang}, {"q": "Петров", "lang": lang}):
        headings = headings_of(client.get("/", params=params).text)
        assert headings[0] == (1, title)
        assert [level for level, _ in headings].count(1) == 1
        assert all(b - a <= 1 for (a, _), (b, _) in zip(headings, headings[1:], strict=False))


def test_names_without_a_patronymic_end_at_the_name(client: TestClient) -> None:
    # "Петров Иван " underlined a trailing space after the name in every link to a record without one.
    search = client.get("/", params={"q": "Петров"}).text
    assert '<a class="name" href="/records/pg-petrov-00">Петров Иван</a>' in search
    family = client.get("/family", params={"surname": "Петров"}).text
    assert '<a href="/records/pg-petrov-00">Петров Иван</a>' in family
    record = client.get("/records/pg-petrov-00").text
    assert "<h1>Петров Иван</h1>" in record and "<title>Петров Иван — " in record


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Find a family"), ("ru", "Найти семью"), ("uk", "Знайти родину"), ("de", "Familie finden")],
)
def test_the_family_page_without_a_surname_has_a_whole_heading(
    client: TestClient, lang: str, heading: str
) -> None:
    page = client.get("/family", params={"lang": lang}).text
    assert headings_of(page)[0] == (1, heading)  # was "Families named " with nothing after it


def test_a_family_lookup_that_cannot_run_says_why_and_not_that_nobody_has_the_name(
    client: TestClient,
) -> None:
    text = page_text(client.get("/family", params={"surname": "!!!", "lang": "en"}).text)
    assert "A surname must contain letters." in text
    assert "No records with this surname." not in text


def test_the_search_box_takes_the_focus_only_on_the_empty_page(client: TestClient) -> None:
    assert " autofocus" in client.get("/").text
    assert " autofocus" not in client.get("/", params={"q": "Петров"}).text
