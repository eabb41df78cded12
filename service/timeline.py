"""A record's camps over time, drawn as an SVG timeline: a family would rather look at it than read it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from indexer.records import Record

WIDTH, ROW, LEFT, TOP = 720, 34, 10, 28


@dataclass(frozen=True)
class Bar:
    label: str
    number: str | None
    start: float
    end: float
    open_end: bool


def _as_year(partial: str, *, end: bool) -> float:
    """1942 -> 1942.0 (or its end), 1942-07 -> mid-1942, 1942-07-15 -> that day."""
    parts = [int(p) for p in partial.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + (1.0 if end else 0.0)
    month = parts[1]
    day = parts[2] if len(parts) > 2 else (30 if end else 1)
    return year + (month - 1) / 12 + (day - 1) / 365


# Liberation of the last camps, May 1945: an open-ended stay is drawn up to here (or the next stay).
END_OF_WAR = 1945 + 4 / 12


def bars_of(record: Record, unnamed: str = "camp not named") -> list[Bar]:
    dated = [s for s in record.camps if s.from_ or s.to]
    bars = []
    for i, stay in enumerate(dated):
        start = _as_year(stay.from_ or stay.to or "", end=False)
        if stay.to:
            end = _as_year(stay.to, end=True)
        else:
            following = [_as_year(n.from_, end=False) for n in dated[i + 1 :] if n.from_]
            death = _as_year(record.death_date, end=True) if record.death_date else None
            end = min(
                [t for t in (*following[:1], death, END_OF_WAR) if t is not None and t > start],
                default=start + 0.25,
            )
        bars.append(Bar(stay.camp or unnamed, stay.number, start, max(end, start + 0.05), not stay.to))
    return bars


def timeline_svg(
    record: Record, title: str = "Camps over time", unnamed: str = "camp not named"
) -> str | None:
    """The SVG, or None when no stay has a date (then the page lists the camps instead). ``title`` and
    ``unnamed`` come translated from the page."""
    bars = bars_of(record, unnamed)
    if not bars:
        return None
    first = min(1941.0, min(b.start for b in bars))
    last = max(1945.5, max(b.end for b in bars))
    scale = (WIDTH - 2 * LEFT) / (last - first)
    height = TOP + ROW * len(bars) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="timeline">'
    ]
    for year in range(int(first), int(last) + 1):
        x = LEFT + (year - first) * scale
        out.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height}" class="tick"/>')
        out.append(f'<text x="{x + 3:.1f}" y="14" class="year">{year}</text>')
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        x = LEFT + (bar.start - first) * scale
        w = max((bar.end - bar.start) * scale, 4)
        label = escape(bar.label + (f" · {bar.number}" if bar.number else ""))
        dashed = ' stroke-dasharray="4 3" fill-opacity="0.45"' if bar.open_end else ""
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="22" rx="4" class="stay"{dashed}>'
            f"<title>{label}</title></rect>"
        )
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="label">{label}</text>')
    out.append("</svg>")
    return "".join(out)
