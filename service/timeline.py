"""A record's camps over time, drawn as an SVG timeline: a family would rather look at it than read it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from indexer.records import CampStay, Record
from service.svg_text import shortened, text_width

WIDTH, ROW, LEFT, TOP = 720, 34, 10, 28
LABEL_SIZE, YEAR_WIDTH = 12, 30  # the labels' font size (site.css), the width of a year at 11 px
# The axis runs at most from 1939 to 1947: the war years plus a margin for capture before June 1941 and
# repatriation after May 1945. A stay past it (one "from": "2031", which the validator accepts) is drawn
# to the edge with an arrow and its year in the label. Thinning the ticks instead would keep 1941-2031 on
# one axis, but squeeze the war years, where nearly every stay lies, into a twentieth of the width: every
# bar a sliver, to make room for one likely typo.
AXIS_FROM, AXIS_TO = 1939.0, 1947.0


@dataclass(frozen=True)
class Bar:
    label: str
    number: str | None
    start: float
    end: float
    open_end: bool
    # Only the end was recorded ("to": "1943-05"): the bar leads up to it and says "until 1943-05".
    known_only_until: str | None = None

    @property
    def open_start(self) -> bool:
        return self.known_only_until is not None


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
# The first Soviet soldiers were taken prisoner on 22 June 1941: a stay whose start was not recorded is drawn
# from here (or from the end of the stay before it) up to its end, rather than as a sliver at that end.
FIRST_CAPTURES = 1941 + 5 / 12 + 21 / 365


def _guessed_end(record: Record, later: list[CampStay], start: float) -> float:
    """The end of a stay whose end was not recorded: the next stay's start, else death, else liberation."""
    following = [_as_year(n.from_, end=False) for n in later if n.from_]
    death = _as_year(record.death_date, end=True) if record.death_date else None
    candidates = [t for t in (*following[:1], death, END_OF_WAR) if t is not None and t > start]
    return min(candidates, default=start + 0.25)


def _guessed_start(earlier: list[CampStay], end: float) -> float:
    """The start of a stay whose start was not recorded: the stay before's end, else the first captures."""
    preceding = [_as_year(p.to or p.from_ or "", end=True) for p in earlier]
    return max([t for t in (*preceding[-1:], FIRST_CAPTURES) if t < end], default=end - 0.25)


def bars_of(record: Record, unnamed: str = "camp not named") -> list[Bar]:
    dated = [s for s in record.camps if s.from_ or s.to]
    bars = []
    for i, stay in enumerate(dated):
        if stay.from_:
            start = _as_year(stay.from_, end=False)
            end = _as_year(stay.to, end=True) if stay.to else _guessed_end(record, dated[i + 1 :], start)
            known_only_until = None
        else:
            known_only_until = stay.to or ""
            end = _as_year(known_only_until, end=True)
            start = _guessed_start(dated[:i], end)
        end = max(end, start + 0.05)
        bars.append(Bar(stay.camp or unnamed, stay.number, start, end, not stay.to, known_only_until))
    return bars


def timeline_svg(
    record: Record,
    title: str = "Camps over time",
    unnamed: str = "camp not named",
    until: str = "until %(date)s",
) -> str | None:
    """The SVG, or None when no stay has a date (then the page lists the camps instead). ``title``,
    ``unnamed`` and ``until`` come translated from the page."""
    bars = bars_of(record, unnamed)
    if not bars:
        return None
    first = max(AXIS_FROM, min(1941.0, min(b.start for b in bars)))
    last = min(AXIS_TO, max(1945.5, max(b.end for b in bars)))
    scale = (WIDTH - 2 * LEFT) / (last - first)
    height = TOP + ROW * len(bars) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="timeline">'
    ]
    for year in range(math.ceil(first), math.floor(last) + 1):
        x = LEFT + (year - first) * scale
        out.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height}" class="tick"/>')
        if x + 3 + YEAR_WIDTH <= WIDTH:  # a year at the right edge would be cut to "19"
            out.append(f'<text x="{x + 3:.1f}" y="14" class="year">{year}</text>')
    right = WIDTH - LEFT
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        x = LEFT + (max(bar.start, first) - first) * scale
        w = max((min(bar.end, last) - max(bar.start, first)) * scale, 4)
        x = max(LEFT, min(x, right - w))  # a stay wholly past the axis is a stub at its edge
        until_date = until % {"date": bar.known_only_until} if bar.open_start else None
        before = f"← {math.floor(bar.start)}" if bar.start < first else None
        beyond = f"→ {math.floor(bar.end - 1e-6)}" if bar.end > last else None
        parts = (before, bar.label, bar.number, until_date, beyond)
        text = " · ".join(part for part in parts if part)
        label = escape(text)
        # Dashed and faded: the bar's length is a guess (an end or a start the record does not give).
        dashed = ' stroke-dasharray="4 3" fill-opacity="0.45"' if bar.open_end or bar.open_start else ""
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="22" rx="4" class="stay"{dashed}>'
            f"<title>{label}</title></rect>"
        )
        if bar.open_start:  # the one date known, drawn solid where the guessed bar stops
            x_end = x + w
            out.append(
                f'<line x1="{x_end:.1f}" y1="{y}" x2="{x_end:.1f}" y2="{y + 22}" class="known-end" '
                'stroke="#5577aa" stroke-width="3"/>'
            )
        if beyond:  # the stay goes on past the axis: an arrow at the edge, its year in the label
            out.append(
                f'<polygon points="{right},{y + 3} {WIDTH - 1},{y + 11} {right},{y + 19}" class="continues"/>'
            )
        out.append(_label(text, x, y))
    out.append("</svg>")
    return "".join(out)


def _label(text: str, x: float, y: int) -> str:
    """A bar's label, inside the picture: from the bar's start, or, where it would run past the right edge
    (a stay in Lamsdorf from 1945 cut to "La"), ending at the edge instead, shortened with an ellipsis if
    even the whole width is too narrow for it (the bar's tooltip holds it whole)."""
    if x + 6 + text_width(text, LABEL_SIZE) <= WIDTH - LEFT:
        return f'<text x="{x + 6:.1f}" y="{y + 15}" class="label">{escape(text)}</text>'
    text = shortened(text, LABEL_SIZE, WIDTH - 2 * LEFT - 4)
    return f'<text x="{WIDTH - LEFT - 2}" y="{y + 15}" text-anchor="end" class="label">{escape(text)}</text>'
