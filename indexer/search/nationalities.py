"""Nationalities as records write them (татарин, Tatare, Tatar), read to a kin that one family shares.

The family lookup uses it as a contradiction only: a card giving "узбек" and one giving "Tatare" are not
brothers. Russians, Ukrainians and Belarusians are one kin (``data/nationalities/nationalities.tsv`` says
why), and a nationality the table does not know contradicts nothing.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

NATIONALITIES_PATH = Path(__file__).resolve().parents[2] / "data" / "nationalities" / "nationalities.tsv"


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@lru_cache(maxsize=1)
def _kin_of_form(path: Path = NATIONALITIES_PATH) -> dict[str, str]:
    kin: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            for form in row["forms"].split(";"):
                folded = _fold(form)
                if kin.setdefault(folded, row["kin"]) != row["kin"]:
                    raise ValueError(f"{path}: {form!r} is given for two kins")
    return kin


@lru_cache(maxsize=4096)
def nationality_kin(text: str | None) -> str | None:
    """The kin a written nationality belongs to (Tatarin, татарка -> tatar; Ukrainer -> east_slav), or None
    when there is none or the table does not know it."""
    if not text:
        return None
    folded = _fold(text.strip(" .,;"))
    kin = _kin_of_form()
    return kin.get(folded) or kin.get(folded.split(" ")[0] if folded else "")


__all__ = ["nationality_kin"]
