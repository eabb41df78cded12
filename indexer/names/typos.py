"""The typo budget: how many edits a query word may be away from an indexed key and still match.

The budget follows Meilisearch's defaults (``typoTolerance.minWordSizeForTypos``: ``oneTypo`` 5,
``twoTypos`` 9), so the embedded engine and Meilisearch forgive the same slips:

    Petrow   (6 letters)  one typo:   petrov ~ pertov (a swapped pair), petrov ~ petrova
    Kolesnitschenko (15)  two typos:  kolesniqenko ~ kolesnicinko
    Ким      (3 letters)  none:       kim !~ kin, a short name has too many neighbours

The edits are counted on canonical keys, not on spellings, so a transliteration difference costs nothing
(Pogoschew and Погожев are both ``pogojev``) and the whole budget is left for the clerk's or the relative's
slip. The distance is Damerau-Levenshtein: a swapped pair of letters (Pertov for Petrov) is one typo, as in
Meilisearch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import jellyfish

# Meilisearch's defaults for typoTolerance.minWordSizeForTypos.
MIN_WORD_LENGTH_FOR_ONE_TYPO = 5
MIN_WORD_LENGTH_FOR_TWO_TYPOS = 9

# я and ю are one letter each but two in the key (ia, iu): Яков is 4 letters, its key iakov 5.
_TWO_LETTER_SOUNDS = ("ia", "iu")


def typo_budget(word_length: int) -> int:
    """Edits allowed for a query word of ``word_length`` letters: 0 below 5, 1 from 5, 2 from 9."""
    if word_length >= MIN_WORD_LENGTH_FOR_TWO_TYPOS:
        return 2
    if word_length >= MIN_WORD_LENGTH_FOR_ONE_TYPO:
        return 1
    return 0


def key_length(key: str) -> int:
    """Letters of the word a key stands for: ``ia`` and ``iu`` count once (iakov, Яков, is 4 letters).

    Without this, Яков would earn a typo that Петр of the same length does not.
    """
    return len(key) - sum(key.count(pair) for pair in _TWO_LETTER_SOUNDS)


@lru_cache(maxsize=200_000)
def within_budget(query_key: str, candidate_key: str) -> int | None:
    """The edit distance between the keys if the query word's budget allows it, else None.

    0 means the keys are equal (an exact key match is always within budget). The budget is the query's,
    not the candidate's: a relative typing the short Ким gets no fuzziness even if Кимов is indexed.
    """
    budget = typo_budget(key_length(query_key))
    if abs(len(query_key) - len(candidate_key)) > budget:
        return None  # the length gap alone exceeds the budget: skip the quadratic distance
    distance = jellyfish.damerau_levenshtein_distance(query_key, candidate_key)
    return distance if distance <= budget else None


def least_distance(words: Iterable[str], others: Sequence[str], cap: int) -> int:
    """The fewest edits between any of ``words`` and any of ``others``, or ``cap`` if none is nearer.

    A pair whose lengths alone differ by the best found so far cannot beat it and is skipped: ordering a
    page of tied hits compares every typed reading with every spelling of thirty records."""
    best = cap
    for word in words:
        for other in others:
            if abs(len(word) - len(other)) < best:
                best = min(best, jellyfish.damerau_levenshtein_distance(word, other))
                if best == 0:
                    return 0
    return best
