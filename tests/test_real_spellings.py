"""The real-world spellings of ``bench/data`` (``bench/spellings.py`` measures them as searches over 100,000
records) checked at the level of keys, quickly, on every run: a spelling either shares a canonical key with
its Cyrillic surname, or a family key (Pagoschew, Kotovová), or is one edit from it (found as a typo).

The floors are the counts of the code of the session that wrote them; a change to the name analysis
that loses a spelling fails here first, and names it."""

from __future__ import annotations

from pathlib import Path

import jellyfish
import pytest

from bench.spellings import read_spellings
from indexer.names.analysis import surname_word_keys, words_of

DATA = Path(__file__).parents[1] / "bench" / "data"

# File -> (spellings sharing a key or a family key with their surname, of all spellings).
FLOORS = {
    "real_spellings.txt": (1711, 1813),
    "real_spellings_2.txt": (853, 923),
    "real_spellings_3.txt": (712, 768),
    "real_spellings_4.txt": (1014, 1121),
}


def relation(spelling: str, surname: str) -> str:
    """How the closest word of ``spelling`` meets ``surname``: key, family, typo1 or none."""
    want = surname_word_keys(surname)
    found = "none"
    for word in words_of(spelling):
        keys = surname_word_keys(word)
        if set(keys.keys) & set(want.keys):
            return "key"
        if set(keys.family_keys) & set(want.family_keys):
            found = "family"
        elif found == "none" and any(
            jellyfish.levenshtein_distance(mine, theirs) <= 1
            for mine in keys.keys[:2]
            for theirs in want.keys
        ):
            found = "typo1"
    return found


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_real_spellings_keep_meeting_their_surname(name: str) -> None:
    rows = read_spellings(DATA / name)
    floor, total = FLOORS[name]
    assert len(rows) == total, "the file changed: measure it again and set its floor"
    met = [
        (spelling, surname)
        for spelling, surname, _, _ in rows
        if relation(spelling, surname) in ("key", "family")
    ]
    assert len(met) >= floor, f"{len(met)} of {total} meet their surname by key or family key (floor {floor})"


def test_a_spelling_of_another_name_meets_nothing() -> None:
    # The check itself can fail: Захаров is not a spelling of Петров.
    assert relation("Zakharov", "Петров") == "none"
    assert relation("Pogoschew", "Погожев") == "key"
    assert relation("Pagoschew", "Погожев") == "family"
