"""The pages as a person uses them, in Debian's chromium driven by Playwright: search, read a record, and the
widget embedded on another site's page."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

import uvicorn  # noqa: E402

from indexer.cli import run_import  # noqa: E402
from indexer.settings import Settings  # noqa: E402
from service.app import create_app  # noqa: E402
from tests.conftest import DATA, free_port  # noqa: E402

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser-home")
    settings = Settings(home=home, database_url="", engine="embedded")
    run_import(settings, [DATA / "search_fixture.jsonl"])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


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


def test_widget_on_another_site(site: str, browser: object, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><body><h1>Gedenkstätte</h1><div id='memorial-search'></div>"
        f"<script src='{site}/widget.js' data-target='memorial-search' data-limit='5'></script>"
        "</body></html>",
        encoding="utf-8",
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/index.html")
        page.fill("#memorial-search input[name=q]", "Tschernow")
        page.click("#memorial-search button")
        page.wait_for_selector("#memorial-search li.mni-hit")
        first = page.locator("#memorial-search li.mni-hit a").first
        assert first.inner_text().startswith("Tschernow")
        assert first.get_attribute("href") == f"{site}/records/card-tschernow-1"
        page.close()
    finally:
        other.shutdown()
