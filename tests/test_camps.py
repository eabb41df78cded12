"""Camps by any of their names: the golden table, the gazetteer's own consistency, and the sample data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from indexer.names.camps import CAMP_ID_PREFIX, _gazetteer, camp_id_terms, camp_ids, camp_title

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _golden() -> list[dict[str, str]]:
    with (DATA / "camps_golden.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


GOLDEN = _golden()


@pytest.mark.parametrize("row", GOLDEN, ids=[f"{r['input']}->{r['expected'] or '-'}" for r in GOLDEN])
def test_golden(row: dict[str, str]) -> None:
    assert camp_ids(row["input"]) == frozenset(row["expected"].split()), row["note"]


def test_every_camp_is_in_the_golden_table() -> None:
    named = {camp for row in GOLDEN for camp in row["expected"].split()}
    assert set(_gazetteer().kinds) <= named


def test_id_terms_are_prefixed_and_sorted() -> None:
    assert camp_id_terms("Lamsdorf") == (CAMP_ID_PREFIX + "stalag-318", CAMP_ID_PREFIX + "stalag-344")
    assert camp_id_terms("Berlin") == ()
    assert camp_id_terms(None) == ()


def test_every_camp_of_the_sample_data_resolves() -> None:
    camps = {
        stay["camp"]
        for path in SAMPLE.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for stay in json.loads(line).get("camps") or ()
        if stay.get("camp")
    }
    assert camps
    assert [camp for camp in sorted(camps) if not camp_ids(camp)] == []
    # Bergen-Belsen was a Stalag (XI C, 311) and a concentration camp: a record of it names both.
    assert [camp for camp in sorted(camps) if len(camp_ids(camp)) > 1] == ["Bergen-Belsen"]


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("Stalag VI-K", "Stalag 326 (VI-K) Senne"),
        ("Stalag 326 Senne", "Stalag 326 (VI-K) Senne"),
        ("Stalag IV-B Mühlberg", "Stalag IV-B Mühlberg"),
        ("Oflag XIII-D Hammelburg", "Oflag XIII-D Hammelburg"),
        ("KZ Auschwitz", "Auschwitz"),
        ("Lamsdorf", "Lamsdorf"),  # two camps: shown as written
        ("Dulag 240", "Dulag 240"),  # no camp of the gazetteer
    ],
)
def test_a_camp_is_shown_by_its_gazetteer_name_when_it_names_one(written: str, title: str) -> None:
    assert camp_title(written) == title
