"""The family picture stays readable: every line fits its box, a large family wraps onto rows, the full text
of a shortened line is in the box's title, and text from records is escaped."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from service.family_picture import (
    BOX_W,
    FACT_SIZE,
    NAME_SIZE,
    PAD,
    PER_ROW,
    family_svg,
    fitted_lines,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
GIVEN = ["Александр", "Константин", "Владимир", "Вячеслав", "Станислав", "Евгений", "Ярослав", "Анатолий"]
GIVEN += ["Григорий", "Геннадий", "Святослав"]
CSS = Path(__file__).resolve().parent.parent / "service" / "static" / "site.css"


def _brothers(count: int, surname: str = "Верхнеднепровский") -> dict[str, Any]:
    members = [
        {
            "id": f"v-{i}",
            "surname": surname,
            "given_name": GIVEN[i % len(GIVEN)],
            "birth_date": f"19{10 + i}-03-24",
            "fate": "unknown",
            "camps": [{"camp": "Stalag IV-B Mühlberg (Elbe) Zeithain Hammelburg"}],
            "evidence": "possible" if i == 1 else "father",
        }
        for i in range(count)
    ]
    return {"father": "Ипполит", "members": members}


def _boxes(svg: str) -> list[ET.Element]:
    """Each box: an ``<a>`` (a member, linked to its record) or a ``<g>`` (the father)."""
    root = ET.fromstring(svg)
    return [el for el in root if el.tag in (f"{SVG}a", f"{SVG}g")]


def _text_fits(box: ET.Element) -> None:
    rect = box.find(f"{SVG}rect")
    assert rect is not None
    right = float(rect.get("x", 0)) + float(rect.get("width", 0)) - PAD
    for text in box.iter(f"{SVG}text"):
        size, bold = (NAME_SIZE, True) if text.get("class") == "name" else (FACT_SIZE, False)
        assert float(text.get("x", 0)) + text_width(text.text or "", size, bold=bold) <= right, text.text
        assert float(text.get("y", 0)) < float(rect.get("y", 0)) + float(rect.get("height", 0))


def test_every_line_fits_its_box_and_a_long_name_wraps_onto_two_lines() -> None:
    family = _brothers(3, surname="Верхнеднепровский-Новоалександровский")
    svg = family_svg(family, fate_of=lambda m: "fate unknown")
    boxes = _boxes(svg)
    assert len(boxes) == 4
    for box in boxes:
        _text_fits(box)
    first = boxes[0]
    names = [t.text for t in first.iter(f"{SVG}text") if t.get("class") == "name"]
    assert len(names) == 2
    assert names[0] == "Александр"
    assert names[1] is not None and names[1].endswith("…")


def test_the_title_of_each_box_holds_the_whole_text() -> None:
    family = _brothers(2, surname="Верхнеднепровский-Новоалександровский")
    boxes = _boxes(family_svg(family, born="b."))
    titles = [box.findtext(f"{SVG}title") or "" for box in boxes]
    assert titles[0].startswith("Александр Верхнеднепровский-Новоалександровский — b. 1910-03-24 · unknown")
    assert titles[0].endswith("Stalag IV-B Mühlberg (Elbe) Zeithain Hammelburg")
    assert titles[-1].startswith("Ипполит")  # the father, drawn last, over the lines to his children


def test_a_large_family_wraps_its_children_onto_rows() -> None:
    root = ET.fromstring(family_svg(_brothers(11)))
    member_rows: dict[float, int] = {}
    for rect in root.iter(f"{SVG}rect"):
        if "member" in (rect.get("class") or ""):
            y = float(rect.get("y", 0))
            member_rows[y] = member_rows.get(y, 0) + 1
    assert sorted(member_rows.values(), reverse=True) == [4, 4, 3]
    assert max(member_rows.values()) <= PER_ROW
    width, height = (float(root.get(side, 0)) for side in ("width", "height"))
    assert width <= PER_ROW * (BOX_W + 16) + 16
    assert height / width > 0.4  # no longer a thin strip
    assert "cols-4" in (root.get("class") or "")


def test_a_small_family_stays_on_one_row() -> None:
    root = ET.fromstring(family_svg(_brothers(2)))
    ys = {rect.get("y") for rect in root.iter(f"{SVG}rect") if "member" in (rect.get("class") or "")}
    assert len(ys) == 1
    assert "cols-2" in (root.get("class") or "")


def test_what_the_picture_shows_is_kept() -> None:
    svg = family_svg(_brothers(6), father_label="father (from the patronymics)")
    assert svg.count('class="member possible"') == 1
    assert svg.count('class="edge possible"') == 1
    assert svg.count('<a href="/records/v-') == 6
    assert "father (from the patronymics)" in svg
    assert "father not recorded" in family_svg({**_brothers(2), "father": None})


def test_markup_in_a_name_is_escaped() -> None:
    family = _brothers(2)
    family["members"][0]["given_name"] = '<script>alert("x")</script>'
    family["members"][1]["id"] = 'x"><script>'
    family["father"] = "<b>Ипполит</b>"
    svg = family_svg(family)
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # still well-formed
    assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}title"))


LONG_TEXTS = ["Верхнеднепровский-Новоалександровский", "Ш" * 40, "Иван", "Mmmmmmmmmmmmmmmmmmm Wwwwwwwwwwwwww"]


@pytest.mark.parametrize("text", LONG_TEXTS)
def test_fitted_lines_never_exceed_the_box(text: str) -> None:
    lines = fitted_lines(text, NAME_SIZE, bold=True)
    assert 1 <= len(lines) <= 2
    assert all(text_width(line, NAME_SIZE, bold=True) <= BOX_W - 2 * PAD for line in lines)
    assert lines == [text] or lines[-1].endswith("…") or " ".join(lines) == text


@pytest.mark.browser
def test_the_estimate_is_generous_in_chromium(tmp_path: Path) -> None:
    """In Debian's chromium (DejaVu Sans) every line really ends inside its box."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    family = _brothers(11)
    family["members"][0]["given_name"] = "Мммммммммммммммммм Жжжжжжжжжжжжжжжжжжж"
    css = CSS.read_text(encoding="utf-8")
    figure = f"<figure class='family'>{family_svg(family)}</figure>"
    html = f"<!doctype html><style>{css}</style><main>{figure}</main>"
    with sync_api.sync_playwright() as p:
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_content(html)
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('svg.family text')].filter(t => {
                const r = t.parentNode.querySelector('rect');
                return t.getBBox().x + t.getBBox().width > r.x.baseVal.value + r.width.baseVal.value - 4;
            }).map(t => t.textContent)"""
        )
        browser.close()
    assert overflow == []


def test_a_father_the_dictionary_does_not_know_is_named_by_the_patronymic() -> None:
    from service.family_picture import family_svg

    brothers = [
        {"id": f"ap-{n}", "surname": "Прохоренков", "given_name": g, "patronymic": "Аполлинариевич"}
        for n, g in enumerate(["Иван", "Пётр"])
    ]
    picture = family_svg({"father": None, "members": brothers}, no_father="father not recorded")
    assert "Аполлинариевич" in picture and "father not recorded" not in picture
    nobody = [
        {"id": f"nb-{n}", "surname": "Прохоренков", "given_name": g} for n, g in enumerate(["Иван", "Пётр"])
    ]
    picture = family_svg({"father": None, "members": nobody}, father_label="from the patronymics")
    assert "father not recorded" in picture and "from the patronymics" not in picture
