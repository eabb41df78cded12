"""Weighted draws that are fast and reproducible: one `random()` per draw, bisect on cumulative weights.

Only `Random.random()` is used, never `choices` or `randrange`, so a seed gives the same records on every
Python version: the Mersenne Twister stream is stable, the helpers built on it have changed before.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of items drawn in proportion to their weights (Иванов far more often than Погожев).

    `draw(rng)` is a closure rather than a method: it is called ten times per generated record, and the
    closure saves the attribute look-ups. The last item is repeated at the end of `items` so that a
    draw rounding up to the total weight still lands on it.
    """

    __slots__ = ("items", "cumulative", "total", "draw")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        kept = [(item, float(weight)) for item, weight in pairs if weight > 0]
        if not kept:
            raise ValueError("a weighted choice needs at least one item with a positive weight")
        self.items: tuple[T, ...] = tuple(item for item, _ in kept)
        self.cumulative: tuple[float, ...] = tuple(accumulate(weight for _, weight in kept))
        self.total = self.cumulative[-1]
        self.draw: Callable[[random.Random], T] = _drawer(self.items + self.items[-1:], self.cumulative)

    def __len__(self) -> int:
        return len(self.items)


def _drawer(items: tuple[T, ...], cumulative: tuple[float, ...]) -> Callable[[random.Random], T]:
    total = cumulative[-1]

    def draw(rng: random.Random) -> T:
        return items[bisect(cumulative, rng.random() * total)]

    return draw


def below(rng: random.Random, n: int) -> int:
    """A whole number in [0, n)."""
    return int(rng.random() * n)


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number in [low, high], both ends included."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: tuple[T, ...] | list[T]) -> T:
    """One of the items, each equally likely."""
    return items[int(rng.random() * len(items))]
