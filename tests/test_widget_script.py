"""The embeddable widget (service/static/widget.js) run against the live API, without a browser.

The script runs in Node with a small stand-in for the few DOM calls it makes (createElement, setAttribute,
appendChild, textContent, a submit listener) and Node's own fetch, so its requests reach a real server and
what it shows is what a visitor would read. Node is the system's, else the one bundled with Playwright (a
test dependency); without either the tests skip. tests/test_browser.py drives it in chromium.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.app import STATIC_DIR
from tests.conftest import free_port, serving_records, write_jsonl


def _node() -> str | None:
    found = shutil.which("node") or shutil.which("nodejs")
    if found:
        return found
    try:
        import playwright
    except ImportError:
        return None
    bundled = Path(playwright.__file__).parent / "driver" / "node"
    return str(bundled) if bundled.exists() else None


NODE = _node()
pytestmark = pytest.mark.skipif(
    NODE is None, reason="needs node, or playwright's bundled node (pip install -e '.[test]')"
)

# Runs widget.js as a host page would load it, types the query, submits, and prints what the widget shows.
HARNESS = r"""
const vm = require("vm");
const fs = require("fs");
const [widgetPath, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson);

class Element {
  constructor(tag) {
    this.tag = tag; this.attributes = {}; this.children = []; this.text = ""; this.listeners = {};
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  appendChild(child) { this.children.push(child); return child; }
  addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
  set textContent(value) { this.children = []; this.text = String(value); }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  find(tag) { return this.tag === tag ? this : this.children.map((c) => c.find(tag)).find(Boolean) || null; }
}

const script = new Element("script");
script.src = options.src;
Object.entries(options.attributes).forEach(([name, value]) => script.setAttribute(name, value));
const target = new Element("div");
const requested = [];
const sandbox = {
  document: {
    currentScript: script,
    baseURI: "http://memorial.example/index.html",
    documentElement: { lang: options.htmlLang || "" },
    getElementById: (id) => (id === "memorial-search" ? target : null),
    createElement: (tag) => new Element(tag),
  },
  URL,
  fetch: (url) => { requested.push(String(url)); return fetch(url); },
};
sandbox.window = sandbox;
vm.runInNewContext(fs.readFileSync(widgetPath, "utf-8"), sandbox);

const form = target.find("form");
form.find("input").value = options.query;
form.listeners.submit.forEach((listener) => listener({ preventDefault() {} }));
const status = target.children[1];
const searching = status.textContent;
const deadline = Date.now() + 10000;
(function wait() {
  if (status.textContent === searching && Date.now() < deadline) { setTimeout(wait, 20); return; }
  const hits = target.find("ol").children.map((li) => ({
    name: li.children[0].textContent,
    href: li.children[0].getAttribute("href"),
    facts: li.children[1] ? li.children[1].textContent : "",
  }));
  const link = target.children[3] ? target.children[3].find("a") : null;
  const more = link ? { text: link.textContent, href: link.getAttribute("href") } : null;
  console.log(JSON.stringify({ status: status.textContent, hits, more, requested }));
})();
"""

RECORDS = [
    {
        "id": "w-kusnezow-1",
        "surname": "Kusnezow",
        "given_name": "Iwan",
        "camps": [{"camp": "Stalag 318 Lamsdorf", "number": "№ 1003", "from": "1941-11"}],
    },
    {
        "id": "w-kuznetsov-2",
        "surname": "Кузнецов",
        "given_name": "Пётр",
        "birth_date": "1920",
        "camps": [
            {"camp": "Stalag 326", "number": "Nr. 12 345", "from": "1941-10"},
            {"number": "777", "to": "1942-03"},
            {"camp": "Stalag IV-B Mühlberg", "number": "100200"},
            {"camp": "Sachsenhausen"},
        ],
    },
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("widget-home")
    with serving_records(home, [write_jsonl(home / "records.jsonl", RECORDS)]) as base:
        yield base


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("widget-harness") / "harness.js"
    path.write_text(HARNESS, encoding="utf-8")
    return path


def run_widget(harness: Path, origin: str, query: str, **attributes: str) -> dict[str, Any]:
    """What the widget shows after searching ``query``; ``attributes`` are the script tag's data-*."""
    options = {
        "src": f"{origin}/widget.js",
        "attributes": {f"data-{k}": v for k, v in attributes.items()},
        "query": query,
    }
    done = subprocess.run(
        [str(NODE), str(harness), str(STATIC_DIR / "widget.js"), json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_hits_link_to_their_record_pages(harness: Path, site: str) -> None:
    shown = run_widget(harness, site, "Kusnezow", lang="de")
    assert shown["status"] == "2 Einträge gefunden"
    assert {h["href"] for h in shown["hits"]} == {
        f"{site}/records/w-kusnezow-1?lang=de",
        f"{site}/records/w-kuznetsov-2?lang=de",
    }


def test_prisoner_numbers_show_as_written_with_one_sign(harness: Path, site: str) -> None:
    facts = {h["name"]: h["facts"] for h in run_widget(harness, site, "Кузнецов")["hits"]}
    # "№ 1003" and "Nr. 12 345" carry their own sign; a bare number gets one; a stay without a camp name is
    # its number alone, and one without a number its camp alone.
    assert facts["Kusnezow Iwan"] == "Stalag 318 Lamsdorf № 1003"
    assert facts["Кузнецов Пётр"] == (
        "b. 1920 · Stalag 326 Nr. 12 345 · № 777 · Stalag IV-B Mühlberg № 100200 · Sachsenhausen"
    )


@pytest.mark.parametrize(
    ("lang", "hint"),
    [
        ("ru", "Введите фамилию и имя или номер военнопленного."),
        ("uk", "Введіть прізвище та ім’я або номер військовополоненого."),
        ("de", "Geben Sie einen Namen oder eine Gefangenennummer ein."),
        ("en", "Type a name or a prisoner number."),
    ],
)
def test_a_query_naming_nobody_gets_a_hint_in_the_widgets_language(
    harness: Path, site: str, lang: str, hint: str
) -> None:
    shown = run_widget(harness, site, "!!!", lang=lang)  # the API answers 422: nothing to search for
    assert shown["status"] == hint
    assert shown["hits"] == []


class _Unavailable(http.server.BaseHTTPRequestHandler):
    """An index whose engine is down: every search answers 503, with the API's English message."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = b'{"error": {"code": "search_unavailable", "message": "search engine unavailable"}}'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_unavailable_index_says_try_later_in_the_widgets_language(harness: Path) -> None:
    down = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=down.serve_forever, daemon=True).start()
    try:
        shown = run_widget(harness, f"http://127.0.0.1:{down.server_address[1]}", "Kusnezow", lang="ru")
    finally:
        down.shutdown()
    assert (
        shown["status"] == "Поиск временно недоступен. Пожалуйста, попробуйте ещё раз через несколько минут."
    )
    unreachable = run_widget(harness, f"http://127.0.0.1:{free_port()}", "Kusnezow", lang="de")
    assert unreachable["status"].startswith("Die Suche ist im Moment nicht verfügbar.")


@pytest.mark.parametrize(
    ("limit", "sent"), [("200", "100"), ("0", "1"), ("-5", "1"), ("many", "10"), ("5", "5")]
)
def test_data_limit_is_kept_within_what_the_api_answers(
    harness: Path, site: str, limit: str, sent: str
) -> None:
    shown = run_widget(harness, site, "Kusnezow", limit=limit, lang="en")
    assert f"limit={sent}&" in shown["requested"][0]
    assert shown["status"] == "2 records found"
    assert len(shown["hits"]) == min(int(sent), 2)


@pytest.mark.parametrize(
    ("lang", "text", "suffix"),
    [
        ("en", "all 2 records on the memorial index", ""),
        ("ru", "все 2 записи в указателе мемориала", "&lang=ru"),
        ("uk", "усі 2 записи в покажчику меморіалу", "&lang=uk"),
        ("de", "alle 2 Einträge im Namensindex der Gedenkstätte", "&lang=de"),
    ],
)
def test_more_records_than_shown_link_to_the_index_search_page(
    harness: Path, site: str, lang: str, text: str, suffix: str
) -> None:
    attributes = {"limit": "1"} | ({"lang": lang} if suffix else {})
    shown = run_widget(harness, site, "Kusnezow", **attributes)
    assert len(shown["hits"]) == 1
    assert shown["more"] == {"text": text, "href": f"{site}/?q=Kusnezow{suffix}"}


def test_all_records_shown_need_no_link(harness: Path, site: str) -> None:
    assert run_widget(harness, site, "Kusnezow", limit="5", lang="en")["more"] is None
