"""The typo budget follows Meilisearch's defaults and is counted on canonical keys."""

import random

import jellyfish
import pytest

from indexer.names.typos import (
    MIN_WORD_LENGTH_FOR_ONE_TYPO,
    MIN_WORD_LENGTH_FOR_TWO_TYPOS,
    key_length,
    least_distance,
    typo_budget,
    within_budget,
)


def test_meilisearch_defaults() -> None:
    assert (MIN_WORD_LENGTH_FOR_ONE_TYPO, MIN_WORD_LENGTH_FOR_TWO_TYPOS) == (5, 9)


@pytest.mark.parametrize("length", range(0, 20))
def test_budget_steps_at_the_thresholds(length: int) -> None:
    expected = (length >= MIN_WORD_LENGTH_FOR_ONE_TYPO) + (length >= MIN_WORD_LENGTH_FOR_TWO_TYPOS)
    assert typo_budget(length) == expected


def test_two_letter_sounds_count_once() -> None:
    assert key_length("iakov") == 4  # Яков
    assert key_length("pogojev") == 7


def test_exact_key_is_distance_zero_even_when_short() -> None:
    assert within_budget("kim", "kim") == 0


def test_short_word_gets_no_typo() -> None:
    assert within_budget("kim", "kin") is None
    assert within_budget("iakov", "iakon") is None  # Яков: four letters, not five


def test_one_typo_from_five_letters() -> None:
    assert within_budget("petrov", "petrova") == 1
    assert within_budget("petrov", "pertov") == 1  # a swapped pair is one typo (Damerau)
    assert within_budget("petrov", "pertova") is None


def test_two_typos_from_nine_letters() -> None:
    assert within_budget("kolesniqenko", "kolesnicinko") == 2
    assert within_budget("kolesniqenko", "kalesnicinko") is None


def test_budget_is_the_query_words() -> None:
    # A short query word stays strict even when the candidate is long enough for a typo itself.
    assert within_budget("kimov", "kim") is None  # length gap 2 > 1
    assert within_budget("kim", "kimo") is None
    assert within_budget("kimov", "kimof") == 1


def test_least_distance_is_the_nearest_pair_capped() -> None:
    """The pruned search gives what comparing every pair gives: the nearest pair, never above the cap."""
    rng = random.Random(5)
    letters = "abcdeiov"
    for _ in range(2000):
        words = ["".join(rng.choices(letters, k=rng.randint(1, 9))) for _ in range(rng.randint(0, 3))]
        others = ["".join(rng.choices(letters, k=rng.randint(1, 9))) for _ in range(rng.randint(0, 4))]
        cap = rng.randint(1, 6)
        every_pair = [jellyfish.damerau_levenshtein_distance(w, o) for w in words for o in others]
        assert least_distance(words, others, cap) == min([*every_pair, cap])
