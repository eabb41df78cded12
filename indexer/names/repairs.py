"""Slips of the keyboard that no romanization makes, undone: Pugahcev is Pugachev with two letters swapped.

The typo budget counts edits between keys, after the spelling was read. A slip inside a digraph is one edit
to the letters but scrambles the reading: Pugahcev reads as пугахцев, two edits from Пугачёв (пугачев),
beyond an eight-letter word's one typo; Shevhcuk, Grahceva and Cghichin the same. Such a reading betrays
itself by a pair of key letters no surname has (хц, цг): a key bigram unattested among the 148,000 surnames of
the name data. For such a word the spelling's one-edit neighbours (two letters swapped, a letter dropped) are
read, and those whose reading is an ordinary one are the word's *repaired keys*: searched as typos of it.
Only a word whose reading has such a pair pays for this (about a millisecond, for a dozen readings).

The attested pairs are data (``data/names/key_bigrams.txt``), made by ``python -m indexer.names.repairs``
from the surnames of ``data/names/russiannames_surnames.tsv.gz``.

A letter dropped between two alike is the other slip the folded key hides: Poorelov (Pogorelov without its g)
reads as poorelov, folded to porelov, two edits from pogorelov; Shchetinn (Shchetinin) folds to wetin, two
from wetinin. Before folding, each is one edit away. ``doubled_readings`` are a word's likely readings that
folding shortened, searched as typos of it beside its keys.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from indexer.names.transliteration import cyrillic_key, name_keys, script_of

DATA = Path(__file__).resolve().parents[2] / "data" / "names"
KEY_BIGRAMS_PATH = DATA / "key_bigrams.txt"
SURNAMES_PATH = DATA / "russiannames_surnames.tsv.gz"
# A pair of key letters counts as attested when this many different surnames have it: the name data holds
# misspellings too (two surnames with хц).
MIN_SURNAMES = 5
MOST_REPAIRED_KEYS = 6
_MIN_LETTERS = 5  # as the typo budget: no typo below five letters
EDGE = "^$"  # a key's start and end, so that a pair at the edge counts too (ь cannot begin a name)


_DOUBLED = re.compile(r"(.)\1")


def doubled_readings(written: tuple[str, ...], keys: tuple[str, ...]) -> tuple[str, ...]:
    """The readings of ``written`` (``transliteration.written_forms``) with a doubled letter that folding
    collapsed: ('poorelov',) for Poorelov, whose key is porelov; () when no reading has one."""
    return tuple(w for w in written if w not in keys and _DOUBLED.search(w))


@lru_cache(maxsize=1)
def attested_bigrams() -> frozenset[str]:
    return frozenset(KEY_BIGRAMS_PATH.read_text(encoding="utf-8").split())


def odd_bigrams(key: str) -> list[str]:
    """The pairs of letters of ``key`` (with its edges) that no surname has: 'pugahcev' -> ['hc']."""
    known = attested_bigrams()
    edged = EDGE[0] + key + EDGE[1]
    return [a + b for a, b in zip(edged, edged[1:], strict=False) if a + b not in known]


def _one_edit_spellings(word: str) -> list[str]:
    """The spelling with two neighbouring letters swapped, or one letter dropped, at every place."""
    swapped = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    dropped = [word[:i] + word[i + 1 :] for i in range(len(word))]
    return [w for w in dict.fromkeys(swapped + dropped) if w != word]


@lru_cache(maxsize=20_000)
def repaired_keys(word: str) -> tuple[str, ...]:
    """Keys of the one-edit neighbours of a Latin ``word`` whose first reading has a pair of letters no
    surname has; () for any other word. 'Pugahcev' -> ('pugaqev', ...), 'Pugachev' -> ()."""
    if script_of(word) != "latin" or sum(ch.isalpha() for ch in word) < _MIN_LETTERS:
        return ()
    keys = name_keys(word)
    if not keys or not odd_bigrams(keys[0]):
        return ()
    found: dict[str, None] = {}
    for spelling in _one_edit_spellings(word):
        theirs = name_keys(spelling)
        if theirs and theirs[0] not in keys and not odd_bigrams(theirs[0]):
            found[theirs[0]] = None
    return tuple(found)[:MOST_REPAIRED_KEYS]


def count_bigrams(surnames: Path = SURNAMES_PATH) -> Counter[str]:
    """How many different surnames of the name data have each pair of key letters."""
    seen: Counter[str] = Counter()
    with gzip.open(surnames, "rt", encoding="utf-8") as rows:
        header = next(rows).rstrip("\n").split("\t")
        column = header.index("text")
        for row in rows:
            key = cyrillic_key(row.rstrip("\n").split("\t")[column])
            if key:
                edged = EDGE[0] + key + EDGE[1]
                seen.update({a + b for a, b in zip(edged, edged[1:], strict=False)})
    return seen


def main() -> int:
    """Write ``data/names/key_bigrams.txt`` from the surnames of the name data."""
    seen = count_bigrams()
    attested = sorted(pair for pair, surnames in seen.items() if surnames >= MIN_SURNAMES)
    KEY_BIGRAMS_PATH.write_text(" ".join(attested) + "\n", encoding="utf-8")
    print(f"{len(attested)} pairs of key letters in {KEY_BIGRAMS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
