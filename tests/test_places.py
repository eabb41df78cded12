"""Birth places: Ukrainian forms of place words read the Russian ways, areas in Ukrainian, regions in
-щина and the republic an area lies in (``indexer.names.places``)."""

import csv
from pathlib import Path

import pytest

from indexer.names.places import (
    SAME_AREA,
    SAME_LOCALITY,
    area_terms,
    compare_places,
    place_word_keys,
    read_birth_place,
)

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("row", _rows("places_ukrainian.tsv"), ids=lambda r: f"{r['left']}-{r['right']}")
def test_a_ukrainian_place_word_meets_its_russian_form(row: dict[str, str]) -> None:
    shared = set(place_word_keys(row["left"])) & set(place_word_keys(row["right"]))
    assert bool(shared) == (row["relation"] == "same"), row["note"] or shared


@pytest.mark.parametrize("row", _rows("places_areas.tsv"), ids=lambda r: r["place"])
def test_the_areas_of_a_place_in_any_form(row: dict[str, str]) -> None:
    expected = sorted("area:" + a for a in row["areas"].split(";") if a)
    assert list(area_terms(row["place"])) == expected, row["note"]


def test_a_ukrainian_area_meets_its_russian_form_in_family_lookup() -> None:
    russian = read_birth_place("Житомирская обл., Черняховский р-н, с. Горбулев")
    assert compare_places(russian, read_birth_place("Житомирська обл., Черняхівський район")) == SAME_LOCALITY
    assert compare_places(russian, read_birth_place("Житомирщина")) == SAME_AREA
