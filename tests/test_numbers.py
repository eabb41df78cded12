"""Prisoner numbers in every written form; numbers and birth years pulled out of a query."""

import csv
from pathlib import Path

import pytest

from indexer.names.numbers import PrisonerNumber, extract_birth_year, extract_numbers

GOLDEN = Path(__file__).parent / "data" / "numbers_golden.tsv"


def _rows(function: str) -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["function"] == function]
    assert rows, f"no golden rows for {function}"
    return rows


def _ids(rows: list[dict[str, str]]) -> list[str]:
    return [r["input"] for r in rows]


@pytest.mark.parametrize("row", _rows("normalize"), ids=_ids(_rows("normalize")))
def test_normalize(row: dict[str, str]) -> None:
    expected = row["expected"] or None
    assert PrisonerNumber.normalize(row["input"], camp=row["camp"] or None) == expected, row["note"]
    assert PrisonerNumber.is_valid(row["input"]) == (PrisonerNumber.normalize(row["input"]) is not None)


@pytest.mark.parametrize("row", _rows("format"), ids=_ids(_rows("format")))
def test_format(row: dict[str, str]) -> None:
    assert PrisonerNumber.format(row["input"]) == row["expected"]


def test_format_round_trips() -> None:
    for value in ("88349", "A1234"):
        assert PrisonerNumber.normalize(PrisonerNumber.format(value)) == value


@pytest.mark.parametrize("row", _rows("extract_numbers"), ids=_ids(_rows("extract_numbers")))
def test_extract_numbers(row: dict[str, str]) -> None:
    expected = row["expected"].split("|") if row["expected"] else []
    assert extract_numbers(row["input"]) == (expected, row["rest"]), row["note"]


@pytest.mark.parametrize("row", _rows("extract_birth_year"), ids=_ids(_rows("extract_birth_year")))
def test_extract_birth_year(row: dict[str, str]) -> None:
    expected = int(row["expected"]) if row["expected"] else None
    assert extract_birth_year(row["input"]) == (expected, row["rest"]), row["note"]


def test_none_and_empty() -> None:
    assert PrisonerNumber.normalize(None) is None
    assert PrisonerNumber.normalize("") is None
    assert extract_numbers("") == ([], "")
    assert extract_birth_year("") == (None, "")
