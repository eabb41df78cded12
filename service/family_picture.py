"""A family drawn as a small tree: the father (known from his children's patronymics) above his children.

Names come from records and may be long (Александр Верхнеднепровский), and a family may have a dozen
members. So every line is fitted to its box by an estimate of its width (a name wraps onto two lines, then
ends in an ellipsis, the whole text staying in the box's ``<title>``, shown on hover and read by screen
readers), and children go onto rows of at most ``PER_ROW``, so that eleven brothers make a picture about
as tall as wide rather than a strip too thin to read once scaled to the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from service.svg_text import shortened, text_width

BOX_W, GAP, TOP, ROW_GAP, PAD = 180, 16, 12, 40, 8
PER_ROW = 4
# Font sizes and line heights in px; site.css draws .name at 13 px bold and .fact at 11 px.
NAME_SIZE, FACT_SIZE, NAME_LINE, FACT_LINE = 13, 11, 16, 14
TEXT_W = BOX_W - 2 * PAD


def _shortened(text: str, font_size: float, bold: bool) -> str:
    return shortened(text, font_size, TEXT_W, bold=bold)


def fitted_lines(text: str, font_size: float, *, bold: bool = False, max_lines: int = 2) -> list[str]:
    """``text`` wrapped at spaces onto at most ``max_lines`` lines of ``TEXT_W``; the last is shortened."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", font_size, bold=bold) <= TEXT_W:
            line += " " + words.pop(0)
        lines.append(_shortened(line, font_size, bold))
    if words:
        lines.append(_shortened(" ".join(words), font_size, bold))
    return lines


@dataclass
class _Box:
    """One box's lines: name lines at 13 px bold, then fact lines at 11 px; ``full`` goes to its title."""

    names: list[str]
    facts: list[str]
    full: str

    @property
    def height(self) -> int:
        return PAD + len(self.names) * NAME_LINE + len(self.facts) * FACT_LINE + PAD // 2


def _fact_lines(parts: list[str]) -> list[str]:
    """Facts on one line joined by a dot ("b. 1916 · died 1944"), else one a line; a lone fact wraps."""
    joined = " · ".join(parts)
    if text_width(joined, FACT_SIZE) <= TEXT_W:
        return [joined] if joined else []
    if len(parts) == 1:  # "father (from the patronymics)" in a long language wraps
        return fitted_lines(joined, FACT_SIZE)
    return [_shortened(part, FACT_SIZE, False) for part in parts]


def _make_box(name: str, facts: list[list[str]]) -> _Box:
    """A box of ``name`` and groups of facts, each group on one line if it fits."""
    lines = [line for group in facts for line in _fact_lines([part for part in group if part])]
    full = " — ".join(part for part in [name, *(" · ".join(p for p in g if p) for g in facts)] if part)
    return _Box(fitted_lines(name, NAME_SIZE, bold=True), lines, full)


def _draw(box: _Box, x: int, y: int, height: int, css: str, href: str | None = None) -> str:
    rows = [(line, "name", NAME_LINE) for line in box.names]
    rows += [(line, "fact", FACT_LINE) for line in box.facts]
    text, baseline = [], y + PAD
    for line, kind, step in rows:
        baseline += step
        text.append(f'<text x="{x + PAD}" y="{baseline - 4}" class="{kind}">{escape(line)}</text>')
    rect = f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{height}" rx="6" class="{css}"/>'
    inner = f"<title>{escape(box.full)}</title>{rect}{''.join(text)}"
    return f'<a href="{escape(href)}">{inner}</a>' if href else f"<g>{inner}</g>"


def _full_name(member: dict[str, Any]) -> str:
    return " ".join(part for part in (member.get("given_name"), member.get("surname")) if part)


def _member_facts(
    member: dict[str, Any], born: str, fate_of: Callable[[dict[str, Any]], str | None]
) -> list[list[str]]:
    facts = []
    if member.get("birth_date"):
        facts.append(f"{born} {member['birth_date']}")
    fate = fate_of(member)
    if fate:
        facts.append(fate + (f" {member['death_date'][:4]}" if member.get("death_date") else ""))
    camps = member.get("camps") or []
    return [facts, [camps[0]["camp"] if camps else ""]]


def family_svg(
    family: dict[str, Any],
    *,
    father_label: str = "father (from patronymics)",
    no_father: str = "father not recorded",
    born: str = "b.",
    title: str = "Family",
    fate_of: Callable[[dict[str, Any]], str | None] = lambda member: member.get("fate"),
) -> str:
    """The tree; the labels and each member's fate come translated from the page."""
    members = family["members"]
    # The father's name read from the patronymics; when the dictionary does not know it (Аполлинариевич),
    # the patronymic itself names him; with no patronymic at all, he is not recorded (and no caption says
    # he was read from one).
    patronymics = [m["patronymic"] for m in members if m.get("patronymic")]
    if family.get("father") or patronymics:
        father = _make_box(family.get("father") or patronymics[0], [[father_label]])
    else:
        father = _make_box(no_father, [])
    children = [_make_box(_full_name(m), _member_facts(m, born, fate_of)) for m in members]
    cols = max(1, min(len(members), PER_ROW))
    width = cols * (BOX_W + GAP) + GAP
    father_h = father.height
    child_h = max((c.height for c in children), default=father_h)
    rows = (len(members) + cols - 1) // cols
    row_ys = [TOP + father_h + ROW_GAP + r * (child_h + ROW_GAP) for r in range(rows)]
    height = (row_ys[-1] if row_ys else TOP + father_h) + child_h + TOP
    out = [
        # The width class lets site.css keep the picture at a readable size on a phone (scrolling sideways).
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="group" aria-label="{escape(title)}" class="family cols-{cols}">'
    ]
    father_x = (width - BOX_W) // 2
    # Beneath several rows the line from the father runs down the gap between the middle two columns.
    trunk_x = width // 2 if len(row_ys) > 1 else father_x + BOX_W // 2
    for i, (member, child) in enumerate(zip(members, children, strict=True)):
        x, y = GAP + (i % cols) * (BOX_W + GAP), row_ys[i // cols]
        # A possible member (it fits other families as well) is drawn dashed, and so is its line.
        possible = member.get("evidence") == "possible"
        out.append(
            f'<path d="M{trunk_x},{TOP + father_h} V{y - ROW_GAP // 2} H{x + BOX_W // 2} '
            f'V{y}" class="{"edge possible" if possible else "edge"}"/>'
        )
        css = "member possible" if possible else "member"
        out.append(_draw(child, x, y, child_h, css, f"/records/{member['id']}"))
    out.append(_draw(father, father_x, TOP, father_h, "father"))
    out.append("</svg>")
    return "".join(out)
