"""Daitch-Mokotoff Soundex: PostgreSQL's and commons-codec's published vectors, and Russian surnames."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from indexer.names import dm_soundex as dm
from indexer.names.dm_soundex import dm_soundex, dm_soundex_first

DATA = Path(__file__).parent / "data"

# commons-codec's test has one input, "Washington" with some inner character, that the conversion to TSV
# split into two rows; neither half codes 746536 alone ('Washi' -> 740000).
SPLIT_ROWS = {"Washi", "ngton"}


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a TSV file in tests/data, by header; no quoting, so a leading ' or " is data."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def unescape(text: str) -> str:
    r"""The commons-codec TSV writes tab, newline and CR inside an input as \t, \n, \r."""
    return text.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")


POSTGRESQL = read_tsv("dm_soundex_postgresql.tsv")
COMMONS = read_tsv("dm_soundex_commons_codec.tsv")
NAMES = read_tsv("dm_soundex_names.tsv")


def names_rows(relation: str) -> list[dict[str, str]]:
    """Rows of dm_soundex_names.tsv: spellings that share a code, known misses, or uncoded input."""
    return [row for row in NAMES if row["relation"] == relation]


def commons_cases(mode: str) -> list[object]:
    """commons-codec rows of one mode, the two split halves marked as expected failures."""
    cases: list[object] = []
    for row in COMMONS:
        if row["mode"] != mode:
            continue
        name = unescape(row["input"])
        marks = (
            [pytest.mark.xfail(strict=True, reason="half of one input split by the TSV conversion")]
            if name in SPLIT_ROWS
            else []
        )
        cases.append(pytest.param(name, row["expected"], marks=marks, id=repr(name)))
    return cases


@pytest.mark.parametrize(("name", "expected"), [(row["input"], row["expected_codes"]) for row in POSTGRESQL])
def test_postgresql_code_sets(name: str, expected: str) -> None:
    assert dm_soundex(name) == frozenset(expected.split(","))


@pytest.mark.parametrize(("name", "expected"), commons_cases("soundex"))
def test_commons_codec_soundex_mode_as_sets(name: str, expected: str) -> None:
    # commons-codec joins the branches with '|' in the order it created them; ours is a set.
    assert dm_soundex(name) == frozenset(expected.split("|"))


@pytest.mark.parametrize(("name", "expected"), commons_cases("encode"))
def test_commons_codec_encode_mode_is_first_branch(name: str, expected: str) -> None:
    assert dm_soundex_first(name) == expected


@pytest.mark.parametrize("row", names_rows("share"), ids=lambda row: row["spellings"])
def test_russian_spellings_share_a_code(row: dict[str, str]) -> None:
    for spelling in row["spellings"].split(","):
        assert row["code"] in dm_soundex(spelling), spelling


@pytest.mark.parametrize("row", names_rows("miss"), ids=lambda row: row["spellings"])
def test_known_misses_share_no_code(row: dict[str, str]) -> None:
    # The module docstring promises these misses to the caller, who normalises before coding.
    first, second = (dm_soundex(spelling) for spelling in row["spellings"].split(","))
    assert first and second and not first & second


@pytest.mark.parametrize("row", names_rows("uncoded"), ids=lambda row: row["spellings"])
def test_names_without_latin_letters_have_no_code(row: dict[str, str]) -> None:
    for spelling in row["spellings"].split(","):
        assert dm_soundex(spelling) == frozenset()
        assert dm_soundex_first(spelling) is None


def test_empty_name_has_no_code() -> None:
    assert dm_soundex("") == frozenset()
    assert dm_soundex_first("") is None


ALL_INPUTS = sorted(
    {row["input"] for row in POSTGRESQL}
    | {unescape(row["input"]) for row in COMMONS}
    | {spelling for row in NAMES for spelling in row["spellings"].split(",")}
)


@pytest.mark.parametrize("name", ALL_INPUTS)
def test_first_branch_is_one_of_all_branches(name: str) -> None:
    first = dm_soundex_first(name)
    assert (first is None) == (not dm_soundex(name))
    assert first is None or first in dm_soundex(name)


@pytest.mark.parametrize("name", ALL_INPUTS)
def test_shortcut_for_unbranched_names_agrees_with_the_tree(name: str) -> None:
    # dm_soundex skips the tree for names that never branch; the tree must give the same code.
    sequences = dm._sequences(name)
    if sequences:
        tree = dm._all_branches([dm._CODINGS[sequence] for sequence in sequences])
        first_only = dm._all_branches([dm._CODINGS[sequence][:1] for sequence in sequences])
        assert dm._first_branch(sequences) in tree
        assert first_only == {dm._first_branch(sequences)}
