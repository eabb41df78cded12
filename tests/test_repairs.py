"""A slip no romanization makes (two letters of a digraph swapped, a letter struck in one) is undone."""

from __future__ import annotations

import pytest

from indexer.names.repairs import (
    KEY_BIGRAMS_PATH,
    MIN_SURNAMES,
    count_bigrams,
    doubled_readings,
    odd_bigrams,
    repaired_keys,
)
from indexer.names.transliteration import cyrillic_key, name_keys, written_forms
from indexer.names.typos import least_distance


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Pugahcev", "Пугачёв"),  # ch typed hc
        ("Shevhcuk", "Шевчук"),
        ("Grahceva", "Грачева"),
        ("Levhcenko", "Левченко"),
        ("Cghichin", "Чичин"),  # a g struck inside ch
    ],
)
def test_a_slip_inside_a_digraph_is_undone(typed: str, meant: str) -> None:
    assert cyrillic_key(meant) in repaired_keys(typed)


@pytest.mark.parametrize("spelling", ["Pugachev", "Pugatschow", "Ivanov", "Pogożew", "Пугачёв", "Kuhn"])
def test_ordinary_spellings_have_nothing_to_repair(spelling: str) -> None:
    assert repaired_keys(spelling) == ()


def test_the_odd_pairs_are_those_no_surname_has() -> None:
    assert odd_bigrams("pugahcev") == ["hc"]
    assert odd_bigrams("pugaqev") == []
    assert odd_bigrams("ivanov") == []


def test_the_shipped_pairs_are_the_name_datas() -> None:
    """data/names/key_bigrams.txt is what ``python -m indexer.names.repairs`` makes of the surnames."""
    seen = count_bigrams()
    expected = sorted(pair for pair, surnames in seen.items() if surnames >= MIN_SURNAMES)
    assert KEY_BIGRAMS_PATH.read_text(encoding="utf-8").split() == expected


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Poorelov", "Погорелов"),  # the g dropped between two o
        ("Shchetinn", "Щетинин"),  # the i dropped between two n
        ("Koobov", "Колобов"),  # the l dropped between two o
    ],
)
def test_a_letter_dropped_between_two_alike_is_one_edit_before_folding(typed: str, meant: str) -> None:
    keys = name_keys(typed)
    meant_key = cyrillic_key(meant)
    assert meant_key is not None
    assert least_distance(keys, [meant_key], 3) == 2  # folded, beyond the word's one typo
    assert least_distance(doubled_readings(written_forms(typed), keys), [meant_key], 3) == 1


def test_a_word_without_a_doubled_letter_has_no_doubled_reading() -> None:
    assert doubled_readings(written_forms("Pogorelov"), name_keys("Pogorelov")) == ()
    # A Latin double that one sound writes (German ss, ff) is read single already.
    assert doubled_readings(written_forms("Iwanoff"), name_keys("Iwanoff")) == ()
