"""A keyboard typo model for the benchmark's queries: what a hurried relative's fingers do to a name.

Four slips, as in the spelling-error literature: a neighbouring key instead of the right one
(Pogozhev -> Pogozjev), a letter left out (Pogzhev), one too many (Pogozhhev, Pogozhrev), two letters
swapped (Pgoozhev). Neighbours come from the QWERTY and the Russian ЙЦУКЕН layouts; letters on neither
(ž, ł) are only dropped or swapped.

The budget follows Meilisearch: one typo in a word of 5 letters or more, two from 9 letters (both the word
and the word as typed), and none in the first letter, which Meilisearch counts as two typos
(`first_letter=True` asks for exactly that slip).
Every result is checked with the Damerau-Levenshtein distance, so "two typos" never cancel to one.
"""

from __future__ import annotations

import random

import jellyfish

ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9

_ROWS = {
    "latin": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "cyrillic": ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
}
_ROW_SHIFT = (0.0, 0.25, 0.75)  # how far each row is offset to the right on a real keyboard


def _neighbours() -> dict[str, str]:
    """Keys within one key's width of each key, on its own row and the rows above and below."""
    table: dict[str, str] = {}
    for rows in _ROWS.values():
        places = {
            key: (col + _ROW_SHIFT[row], row) for row, keys in enumerate(rows) for col, key in enumerate(keys)
        }
        for key, (x, y) in places.items():
            near = [
                k for k, (kx, ky) in places.items() if k != key and abs(ky - y) <= 1 and abs(kx - x) <= 1.0
            ]
            table[key] = "".join(near)
    return table


NEIGHBOURS = _neighbours()


def typo_budget(word: str) -> int:
    """How many typos Meilisearch would forgive in `word`: 0 below 5 letters, 1 below 9, else 2."""
    letters = sum(ch.isalpha() for ch in word)
    return 2 if letters >= TWO_TYPOS_FROM else (1 if letters >= ONE_TYPO_FROM else 0)


def _near(letter: str, rng: random.Random) -> str | None:
    near = NEIGHBOURS.get(letter.lower())
    if not near:
        return None
    pick = near[int(rng.random() * len(near))]
    return pick.upper() if letter.isupper() else pick


def _one_slip(word: str, position: int, rng: random.Random) -> str | None:
    """One slip at `position`, or None when the drawn slip does not apply there."""
    roll = rng.random()
    letter = word[position]
    if roll < 0.4:  # substitution by a neighbouring key: the commonest slip
        near = _near(letter, rng)
        return None if near is None else word[:position] + near + word[position + 1 :]
    if roll < 0.6:  # deletion
        return word[:position] + word[position + 1 :]
    if roll < 0.8:  # insertion: a neighbouring key pressed too, or the letter twice
        extra = _near(letter, rng) if rng.random() < 0.6 else letter.lower()
        return None if extra is None else word[:position] + extra + word[position:]
    if position + 1 < len(word) and word[position] != word[position + 1]:  # transposition
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return None


def add_typos(word: str, count: int, rng: random.Random, *, first_letter: bool = False) -> str | None:
    """`word` with exactly `count` slips (Damerau-Levenshtein), none on the first letter unless
    `first_letter`, in which case the one slip is on it. None when the word is too short for the budget."""
    if count < 1 or (not first_letter and typo_budget(word) < count) or (first_letter and len(word) < 5):
        return None
    for _ in range(50):
        typed = word
        for n in range(count):
            position = 0 if first_letter and n == 0 else 1 + int(rng.random() * (len(typed) - 1))
            slipped = _one_slip(typed, position, rng)
            if slipped is None:
                break
            typed = slipped
        else:
            if typed.lower() == word.lower() or typed[:1].lower() != word[:1].lower() and not first_letter:
                continue
            # Meilisearch budgets by the word as typed: Хомич typed Хоич has 4 letters and gets no typo.
            if typo_budget(typed) < count:
                continue
            if jellyfish.damerau_levenshtein_distance(typed.lower(), word.lower()) == count:
                return typed
    return None
