"""Addresses no route serves and methods no route takes: the API's error shape under /api/, a page in the
visitor's language elsewhere; and HEAD answered wherever GET is, as link checkers ask."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from indexer.cli import run_import
from indexer.settings import Settings
from service.app import create_app
from tests.conftest import DATA


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path_factory.mktemp("pages-errors-home"), database_url="", engine="embedded")
    run_import(settings, [DATA / "search_fixture.jsonl"])
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("path", ["/api/records/", "/api/nothing", "/api", "/api/records/x/y"])
def test_an_unknown_api_address_answers_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and path in error["message"]


def test_a_method_the_api_does_not_take_answers_the_error_shape(client: TestClient) -> None:
    response = client.post("/api/search", params={"q": "Pogoschew"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["allow"]


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/foo", "en", "No such page"),
        ("/records/", "ru", "Такой страницы нет"),
        ("/records/a/b", "uk", "Такої сторінки немає"),
        ("/static/nothing.css", "de", "Diese Seite gibt es nicht"),
    ],
)
def test_an_unknown_page_answers_the_not_found_page_in_the_visitors_language(
    client: TestClient, path: str, lang: str, heading: str
) -> None:
    client.cookies.clear()
    response = client.get(path, headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text and f"<h1>{heading}</h1>" in response.text


def test_a_missing_record_still_says_no_such_record(client: TestClient) -> None:
    response = client.get("/records/nobody", params={"lang": "en"})
    assert response.status_code == 404 and "No such record" in response.text and "nobody" in response.text


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("/records/card-tschernow-1", 200, "text/html"),
        ("/records/nobody", 404, "text/html"),
        ("/?q=Pogoschew", 200, "text/html"),
        ("/family?surname=Ivanov", 200, "text/html"),
        ("/widget", 200, "text/html"),
        ("/widget.js", 200, "text/javascript"),
        ("/static/site.css", 200, "text/css"),
        ("/api/search?q=Pogoschew", 200, "application/json"),
        ("/api/records/card-tschernow-1", 200, "application/json"),
        ("/api/records/nobody", 404, "application/json"),
        ("/api/family?surname=Ivanov", 200, "application/json"),
        ("/healthz", 200, "application/json"),
        ("/api/ping", 200, "application/json"),
    ],
)
def test_head_answers_wherever_get_does(
    client: TestClient, path: str, status: int, content_type: str
) -> None:
    got = client.get(path)
    head = client.head(path)
    assert (head.status_code, got.status_code) == (status, status)
    assert head.headers["content-type"].startswith(content_type)
    assert head.content == b""
    assert head.headers.get("content-length") == got.headers.get("content-length")


def test_head_where_get_is_not_taken_is_refused(client: TestClient) -> None:
    response = client.head("/api/staff/imports")
    assert response.status_code == 405 and "POST" in response.headers["allow"]


def test_a_method_a_page_does_not_take_is_answered_in_the_api_error_shape(client: TestClient) -> None:
    response = client.post("/records/abm-sitnov-valentin")
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_staff_area_still_redirects_to_its_login(client: TestClient) -> None:
    response = client.get("/staff", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/login?next=/staff"


@pytest.mark.parametrize("path", ["/?q=%00Pogoschew%01", "/records/%00x", "/family?surname=%00Pogoschew"])
def test_control_characters_typed_into_the_address_do_not_reach_the_page(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "\x00" not in response.text and "\x01" not in response.text
    assert "&lt;" not in response.text.split("<body", 1)[0]  # the head's markup is still markup
