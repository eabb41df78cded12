"""How wide a text will be drawn in an SVG picture, estimated without a browser: the family picture wraps
and shortens names by it, the timeline keeps its labels inside the picture by it."""

from __future__ import annotations

# Advance widths in em, close to DejaVu Sans (the widest of the fonts site.css names, and chromium's on
# Debian), so that an estimate that fits there fits in the narrower Segoe UI or Roboto too.
_NARROW = set(" .,:;'!|()[]ilfjtrI1·-/")
_WIDE = set("mwMWЖШЩжшщЮюЫыМмДдФфQ@%")


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """The estimated width of ``text`` in px, on the generous side."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.36
        elif char in _WIDE:
            ems += 0.98
        elif char.isupper() or char.isdigit():
            ems += 0.76 if char.isupper() else 0.64
        else:
            ems += 0.64
    return ems * font_size * (1.1 if bold else 1.0)


ELLIPSIS = "…"


def shortened(text: str, font_size: float, width: float, *, bold: bool = False) -> str:
    """``text`` cut to fit ``width`` px with an ellipsis at its end (Верхнеднепровск…)."""
    if text_width(text, font_size, bold=bold) <= width:
        return text
    while text and text_width(text.rstrip() + ELLIPSIS, font_size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS
