"""A family drawn as a small tree: the father (known from his children's patronymics) above his children."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

BOX_W, BOX_H, GAP, TOP = 150, 54, 16, 12


def _box(x: int, y: int, lines: list[str], css: str, href: str | None = None) -> str:
    text = "".join(
        f'<text x="{x + 8}" y="{y + 19 + i * 16}" class="{"fact" if i else "name"}">{escape(line)}</text>'
        for i, line in enumerate(lines[:3])
    )
    rect = f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" class="{css}"/>'
    inner = rect + text
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


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
    width = max(len(members) * (BOX_W + GAP) + GAP, BOX_W + 2 * GAP)
    child_y = TOP + BOX_H + 40
    height = child_y + BOX_H + TOP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="family">'
    ]
    father_x = (width - BOX_W) // 2
    father = family.get("father") or no_father
    out.append(_box(father_x, TOP, [father, father_label], "father"))
    for i, member in enumerate(members):
        x = GAP + i * (BOX_W + GAP)
        out.append(
            f'<path d="M{father_x + BOX_W // 2},{TOP + BOX_H} V{child_y - 20} H{x + BOX_W // 2} '
            f'V{child_y}" class="{"edge possible" if member.get("evidence") == "possible" else "edge"}"/>'
        )
        name = " ".join(p for p in (member.get("given_name"), member.get("surname")) if p)
        facts = []
        if member.get("birth_date"):
            facts.append(f"{born} {member['birth_date']}")
        fate = fate_of(member)
        if fate:
            facts.append(fate + (f" {member['death_date'][:4]}" if member.get("death_date") else ""))
        camps = member.get("camps") or []
        out.append(
            _box(
                x,
                child_y,
                [name, " · ".join(facts), camps[0]["camp"] if camps else ""],
                # A possible member (it fits other families as well) is drawn dashed, and so is its line.
                "member possible" if member.get("evidence") == "possible" else "member",
                f"/records/{member['id']}",
            )
        )
    out.append("</svg>")
    return "".join(out)
