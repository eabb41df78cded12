"""The pages as a person uses them, in Debian's chromium driven by Playwright: search, read a record, and the
widget embedded on another site's page."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


from tests.conftest import DATA, serving_records, write_jsonl  # noqa: E402
from tests.test_widget_script import RECORDS as WIDGET_RECORDS  # noqa: E402

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving_records(tmp_path_factory.mktemp("browser-home"), [DATA / "search_fixture.jsonl"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


def test_search_then_open_the_record(site: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site + "/")
    page.fill("input[name=q]", "Pogoschew")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li")
    names = page.locator("ol.hits li a.name").all_inner_texts()
    assert names[0].startswith("Pogoschew")
    assert any(n.startswith("Погожев") for n in names)
    assert "other spelling of the same name" in page.inner_text("ol.hits")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.click("text=Погожев Андрей")
    page.wait_for_selector("h1")
    assert "Погожев" in page.inner_text("h1")
    assert page.locator("svg.timeline rect.stay").count() == 1
    page.close()


def test_the_api_documentation_renders_with_nothing_from_other_sites(site: str, browser: object) -> None:
    # Swagger UI came from a CDN: offline, or where a site forbids third parties, /docs was blank.
    page = browser.new_page()  # type: ignore[attr-defined]
    elsewhere: list[str] = []
    here = (site, "blob:", "data:")
    page.on("request", lambda r: None if r.url.startswith(here) else elsewhere.append(r.url))
    page.goto(site + "/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert "/api/search" in page.inner_text("body")
    assert elsewhere == []
    page.close()


def test_facet_link_narrows_the_results(site: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site + "/?q=Иванов")
    before = len(page.locator("ol.hits li").all())
    page.click("aside.facets a:has-text('Stalag IV-B Mühlberg')")
    page.wait_for_selector("a.chip")
    after = page.locator("ol.hits li").all_inner_texts()
    assert 0 < len(after) < before
    assert all("Stalag IV-B" in text for text in after)
    page.close()


@contextmanager
def another_site(directory: Path, body: str) -> Iterator[str]:
    """A page of another site, served from ``directory``, holding ``body``: where the widget is embedded."""
    (directory / "index.html").write_text(f"<!doctype html>{body}", encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(directory), **k)  # noqa: E731
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{other.server_address[1]}/index.html"
    finally:
        other.shutdown()


@pytest.mark.parametrize("with_its_div", [True, False])
def test_widget_on_another_site(site: str, browser: object, tmp_path: Path, with_its_div: bool) -> None:
    div = "<div id='memorial-search'></div>" if with_its_div else ""
    body = (
        f"<html><body><h1>Gedenkstätte</h1>{div}<script src='{site}/widget.js' data-target='memorial-search'"
        " data-limit='5'></script><p>after</p></body></html>"
    )
    with another_site(tmp_path, body) as host_page:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(host_page)
        page.fill("#memorial-search input[name=q]", "Tschernow")
        page.click("#memorial-search button")
        page.wait_for_selector("#memorial-search li.mni-hit")
        first = page.locator("#memorial-search li.mni-hit a").first
        assert first.inner_text().startswith("Tschernow")
        assert first.get_attribute("href") == f"{site}/records/card-tschernow-1"
        # with its div, it fills the div; without, it puts itself between the script tag and what follows
        after = page.evaluate("document.querySelector('#memorial-search').nextElementSibling.tagName")
        assert after == ("SCRIPT" if with_its_div else "P")
        page.close()


# The widget on a Russian page with data-limit="200", over records whose camp numbers are written in every way
# (tests/test_widget_script.py checks the same without a browser).
@pytest.fixture(scope="module")
def widget_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("widget-browser-home")
    with serving_records(home, [write_jsonl(home / "records.jsonl", WIDGET_RECORDS)]) as base:
        yield base


@pytest.fixture
def russian_host_page(widget_site: str, tmp_path: Path) -> Iterator[str]:
    body = (
        "<html lang='ru'><body><h1>Мемориал</h1><div id='memorial-search'></div>"
        f"<script src='{widget_site}/widget.js' data-target='memorial-search' data-limit='200'></script>"
        "</body></html>"
    )
    with another_site(tmp_path, body) as page:
        yield page


def widget_search(browser: object, host_page: str, query: str) -> tuple[str, list[str]]:
    """The widget's status line and each hit's facts line after searching ``query``."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(host_page)
        page.fill("#memorial-search input[name=q]", query)
        page.click("#memorial-search button")
        page.wait_for_function(
            "document.querySelector('#memorial-search .mni-status').textContent.indexOf('поиск') < 0"
        )
        status = page.inner_text("#memorial-search .mni-status")
        facts = page.locator("#memorial-search li.mni-hit .mni-facts").all_inner_texts()
        return status, facts
    finally:
        page.close()


def test_widget_numbers_as_written_and_a_page_the_api_takes(browser: object, russian_host_page: str) -> None:
    status, facts = widget_search(browser, russian_host_page, "Кузнецов")
    assert status == "Найдено 2 записи"  # data-limit="200" would be refused; the widget asks for 100
    assert "Stalag 318 Lamsdorf № 1003" in facts
    assert (
        "род. 1920 · Stalag 326 Nr. 12 345 · № 777 · Stalag IV-B Mühlberg № 100200 · Sachsenhausen" in facts
    )


def test_widget_query_naming_nobody_gets_a_hint(browser: object, russian_host_page: str) -> None:
    status, facts = widget_search(browser, russian_host_page, "!!!")
    assert status == "Введите фамилию и имя или номер военнопленного."
    assert facts == []


# Holds the answer to a search for Kusnezow until the test releases it; window.__heldDone is set once the
# widget is done with that answer (the macrotask after it is handed over, or after its JSON is, when read).
HOLD_KUSNEZOW = """(function () {
  var real = window.fetch;
  window.fetch = function (url) {
    var answer = real.apply(this, arguments);
    if (!/q=Kusnezow/.test(String(url))) { return answer; }
    return new Promise(function (resolve) { window.__release = resolve; }).then(function () {
      return answer;
    }).then(function (response) {
      var read = false;  // whether the widget reads the answer, or sets it aside at once
      setTimeout(function () { if (!read) { window.__heldDone = true; } }, 0);
      return { ok: response.ok, status: response.status, statusText: response.statusText,
        json: function () {
          read = true;
          return response.json().then(function (data) {
            setTimeout(function () { window.__heldDone = true; }, 0);
            return data;
          });
        } };
    });
  };
})();"""


def test_widget_a_slow_earlier_answer_does_not_replace_the_newer_one(
    browser: object, russian_host_page: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.add_init_script(HOLD_KUSNEZOW)
        page.goto(russian_host_page)
        page.fill("#memorial-search input[name=q]", "Kusnezow")
        page.click("#memorial-search button")
        page.wait_for_function("typeof window.__release === 'function'")
        page.fill("#memorial-search input[name=q]", "!!!")
        page.click("#memorial-search button")
        hint = "Введите фамилию и имя или номер военнопленного."
        status = "document.querySelector('#memorial-search .mni-status').textContent"
        page.wait_for_function(f"{status} === {hint!r}")
        page.evaluate("window.__release()")  # the first search's answer comes now, after the second's
        page.wait_for_function("window.__heldDone === true")
        assert page.inner_text("#memorial-search .mni-status") == hint
        assert page.locator("#memorial-search li.mni-hit").count() == 0
    finally:
        page.close()
