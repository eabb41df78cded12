"""The pages in English, Russian, Ukrainian and German: choosing the language, the catalogs, the pages.

Golden cases are in tests/data/i18n_*.tsv. The catalogs are checked against the sources (every string the
templates and routers mark is in messages.pot) and against themselves (every msgid translated, the
committed .mo compiled from the committed .po).
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from indexer.cli import run_import
from indexer.settings import Settings
from service.app import create_app
from service.i18n import LANGUAGES, LOCALE_DIR, SERVICE_DIR, choose_language, translations_for
from tests.conftest import DATA

TRANSLATED = [code for code in LANGUAGES if code != "en"]
POT = LOCALE_DIR / "messages.pot"
TEMPLATES = sorted((SERVICE_DIR / "templates").glob("*.html"))
# Words a template may show untranslated: names of the examples, and technical names.
UNTRANSLATED_WORDS = {"API", "JSON", "Pogozhev", "Погожев", "Андрей", "Pogoschew", "Sitnov", "Valentin"}


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def key(message: Any) -> tuple[str | None, str | tuple[str, ...]]:
    """(context, msgid) of a message; a plural msgid as a tuple of its singular and plural."""
    return message.context, message.id if isinstance(message.id, str) else tuple(message.id)


def msgids(catalog: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {key(m) for m in catalog if m.id}


def visible_text(page: str) -> str:
    page = re.sub(r"<(style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path_factory.mktemp("i18n-home"), database_url="", engine="embedded")
    run_import(settings, [DATA / "search_fixture.jsonl"])
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def fresh(client: TestClient) -> TestClient:
    """The shared client without the cookie an earlier test left."""
    client.cookies.clear()
    return client


# --- choosing the language ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", read_tsv("i18n_negotiation.tsv"), ids=lambda c: c["why"])
def test_choose_language(case: dict[str, str]) -> None:
    chosen = choose_language(case["query"] or None, case["cookie"] or None, case["accept_language"] or None)
    assert chosen == case["expected"]


def test_accept_language_picks_russian(fresh: TestClient) -> None:
    page = fresh.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
    assert '<html lang="ru">' in page.text
    assert "Советские военнопленные в немецком плену" in page.text
    assert page.headers["content-language"] == "ru"
    assert "set-cookie" not in page.headers  # the browser's wish is not a choice to remember


def test_lang_parameter_sets_the_cookie_and_later_pages_follow_it(fresh: TestClient) -> None:
    page = fresh.get("/", params={"q": "Чернов", "lang": "uk"}, headers={"Accept-Language": "de"})
    assert '<html lang="uk">' in page.text and "Знайдено 2 записи" in page.text
    assert "lang=uk" in page.headers["set-cookie"]
    later = fresh.get("/records/card-tschernow-1", headers={"Accept-Language": "de"})
    assert '<html lang="uk">' in later.text and "Номер військовополоненого" in later.text
    assert "set-cookie" not in later.headers


def test_unknown_language_falls_back_to_english(fresh: TestClient) -> None:
    for headers, params in (({}, {"lang": "xx"}), ({"Accept-Language": "fr-FR,fr"}, {})):
        page = fresh.get("/", params=params, headers=headers)
        assert '<html lang="en">' in page.text and "Soviet prisoners of war" in page.text
        assert "set-cookie" not in page.headers


def test_switcher_keeps_the_query_and_marks_the_current_language(fresh: TestClient) -> None:
    page = fresh.get("/", params={"q": "Pogoschew", "match": "exact", "lang": "de"}).text
    nav = re.search(r'<nav class="languages".*?</nav>', page, flags=re.S)
    assert nav is not None
    links = {code: href for href, code in re.findall(r'href="([^"]+)" lang="(\w+)"', nav.group(0))}
    assert set(links) == set(LANGUAGES)
    assert html.unescape(links["uk"]) == "/?q=Pogoschew&match=exact&lang=uk"
    assert re.search(r'lang="de" hreflang="de" aria-current="true"', nav.group(0))


def test_json_api_is_unaffected(fresh: TestClient) -> None:
    plain = fresh.get("/api/search", params={"q": "Pogoschew"})
    asked = fresh.get(
        "/api/search", params={"q": "Pogoschew", "lang": "ru"}, headers={"Accept-Language": "ru"}
    )
    assert asked.status_code == 200 and asked.json() == plain.json()
    assert "set-cookie" not in asked.headers and "content-language" not in asked.headers
    fresh.cookies.set("lang", "de")
    assert fresh.get("/api/records/card-pogoschew-1").json()["fate"] == "died"


# --- the pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", read_tsv("i18n_pages.tsv"), ids=lambda c: f"{c['lang']} {c['path']}")
def test_page_says(fresh: TestClient, case: dict[str, str]) -> None:
    sep = "&" if "?" in case["path"] else "?"
    page = fresh.get(f"{case['path']}{sep}lang={case['lang']}")
    assert f'<html lang="{case["lang"]}">' in page.text
    assert case["expected"] in visible_text(page.text) or case["expected"] in page.text


@pytest.mark.parametrize("language", TRANSLATED)
def test_pages_show_no_english_phrase(fresh: TestClient, language: str) -> None:
    """Every phrase of the catalog is translated where it is shown (labels from Python included)."""
    catalog = read_catalog(po_path(language))
    phrases = {
        m.id
        for m in catalog
        if isinstance(m.id, str) and " " in m.id and "%(" not in m.id and "<" not in m.id and m.string != m.id
    }
    paths = ["/?q=Pogoschew", "/?q=Чернов", "/", "/records/card-tschernow-1", "/family?surname=Ivanov"]
    paths += ["/widget", "/records/nobody", "/?q=!!"]
    for path in paths:
        sep = "&" if "?" in path else "?"
        text = visible_text(fresh.get(f"{path}{sep}lang={language}").text)
        assert [p for p in phrases if p in text] == [], path


@pytest.mark.parametrize("case", read_tsv("i18n_plurals.tsv"), ids=lambda c: f"{c['lang']} {c['count']}")
def test_plural_forms(case: dict[str, str]) -> None:
    n = int(case["count"])
    pattern = translations_for(case["lang"]).ngettext("%(total)s record found", "%(total)s records found", n)
    assert pattern % {"total": n} == case["expected"]


def _without_jinja(source: str) -> str:
    source = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", source, flags=re.S)
    return re.sub(r"{#.*?#}|{{.*?}}|{%.*?%}", " ", source, flags=re.S)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_untranslated_text(template: Path) -> None:
    source = _without_jinja(template.read_text(encoding="utf-8"))
    attributes = re.findall(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"', source)
    assert [a for a in attributes if re.search(r"[^\W\d_]", a)] == []
    source = re.sub(r"<(style|pre|code)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]+>|/[\w/.-]*", " ", source)  # tags, and paths shown as text (/records/…)
    words = set(re.findall(r"[^\W\d_]{2,}", source))
    assert words - UNTRANSLATED_WORDS == set()


# --- the catalogs -------------------------------------------------------------------------------------


def test_pot_lists_every_marked_string() -> None:
    """messages.pot is up to date: extracting again finds the same messages (the README's extract step)."""
    with (LOCALE_DIR / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}  # pybabel extract -k N_
    found = {
        (context, message if isinstance(message, str) else tuple(message))
        for _, _, message, _, context in extract_from_dir(str(SERVICE_DIR), method_map, options_map, keywords)
    }
    assert found == msgids(read_catalog(POT)), "run pybabel extract (see the README)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_is_translated(language: str) -> None:
    catalog = read_catalog(po_path(language))
    assert msgids(catalog) == msgids(read_catalog(POT)), "run pybabel update (see the README)"
    for message in catalog:
        if not message.id:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string or [""])
        assert all(f.strip() for f in forms), message.id
        assert "fuzzy" not in message.flags, message.id
        if message.pluralizable:
            assert len(forms) == catalog.num_plurals, message.id
    assert catalog.num_plurals == (2 if language == "de" else 3)
    assert [(m.id, errors) for m, errors in catalog.check()] == []  # e.g. a %(name)s lost in translation


@pytest.mark.parametrize("language", TRANSLATED)
def test_committed_mo_is_compiled_from_the_po(language: str, tmp_path: Path) -> None:
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as out:
        write_mo(out, read_catalog(po_path(language)))
    committed = po_path(language).with_suffix(".mo")

    def contents(path: Path) -> dict[tuple[str | None, Any], Any]:
        with path.open("rb") as f:
            catalog = read_mo(f)
        return {key(m): m.string if isinstance(m.string, str) else tuple(m.string or ()) for m in catalog}

    assert contents(fresh) == contents(committed), "run pybabel compile (see the README)"
