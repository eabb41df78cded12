"""The sample-record generator: reproducible, in the import contract, with clerk spellings that match."""

from __future__ import annotations

import calendar
import csv
import importlib.util
import io
import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from indexer.generator import (
    clerk_spellings,
    generate_population,
    generate_records,
    german_spelling,
    write_records,
)
from indexer.generator.names import name_tables

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "data" / "sample"

CONTRACT_FIELDS = {
    "id", "surname", "given_name", "patronymic", "name_variants", "sex", "birth_date", "birth_place",
    "nationality", "rank", "unit", "camps", "fate", "death_date", "death_place", "burial_place", "sources",
    "notes",
}  # fmt: skip
FATES = {"died", "survived", "escaped", "repatriated", "unknown"}
RECORD_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _is_partial_date(text: str) -> bool:
    match = PARTIAL_DATE.match(text)
    if not match:
        return False
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year or 0, month or 1)[1]


def _not_after(earlier: str, later: str) -> bool:
    """Partial dates in order, compared at the precision both have: 1942-03 is not after 1942-03-05."""
    width = min(len(earlier), len(later))
    return earlier[:width] <= later[:width]


def _contract_problems(record: dict[str, Any]) -> list[str]:
    problems = [f"unknown field {key}" for key in record if key not in CONTRACT_FIELDS]
    if not RECORD_ID.match(record.get("id", "")):
        problems.append("id")
    if not isinstance(record.get("surname"), str) or not record["surname"]:
        problems.append("surname")
    for key in ("birth_date", "death_date"):
        if key in record and not _is_partial_date(record[key]):
            problems.append(key)
    if record.get("fate", "unknown") not in FATES:
        problems.append("fate")
    if record.get("sex", "m") not in ("m", "f"):
        problems.append("sex")
    timeline: list[str] = []
    for stay in record.get("camps", []):
        if not stay.get("camp"):
            problems.append("camp name")
        for key in ("from", "to"):
            if key in stay:
                if not _is_partial_date(stay[key]):
                    problems.append(f"camps.{key}")
                timeline.append(stay[key])
    if "death_date" in record:
        timeline.append(record["death_date"])
    if not all(_not_after(a, b) for a, b in itertools.pairwise(timeline)):
        problems.append(f"dates out of order: {timeline}")
    return problems


@pytest.fixture(scope="module")
def population() -> list[tuple[dict[str, Any], Any]]:
    return list(generate_population(3000, 1941))


def test_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    assert list(generate_records(300, 7)) == list(generate_records(300, 7))
    assert list(generate_records(50, 7)) != list(generate_records(50, 8))


def test_the_first_records_do_not_depend_on_how_many_are_asked_for() -> None:
    assert list(generate_records(100, 5)) == list(itertools.islice(generate_records(2000, 5), 100))


def test_the_committed_sample_is_reproduced_byte_for_byte() -> None:
    out = io.StringIO()
    assert write_records(generate_records(3000, 1941), out) == 3000
    assert (SAMPLE / "generated.jsonl").read_text(encoding="utf-8") == out.getvalue()


def test_the_command_line_writes_the_same_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_cli", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    target = tmp_path / "out.jsonl"
    assert cli.main(["40", str(target), "--seed", "3"]) == 0
    expected = io.StringIO()
    write_records(generate_records(40, 3), expected)
    assert target.read_text(encoding="utf-8") == expected.getvalue()


def test_records_satisfy_the_import_contract(population: list[tuple[dict[str, Any], Any]]) -> None:
    problems = {record["id"]: p for record, _ in population if (p := _contract_problems(record))}
    assert problems == {}
    assert [record["id"] for record, _ in population[:2]] == ["gen-1941-0000001", "gen-1941-0000002"]


def test_records_pass_the_record_model(population: list[tuple[dict[str, Any], Any]]) -> None:
    records = pytest.importorskip("indexer.records")
    rejected = [(r["id"], problems) for r, _ in population if (problems := records.validate_record(r)[1])]
    assert rejected == []


def test_names_are_written_in_cyrillic_or_by_a_german_clerk(
    population: list[tuple[dict[str, Any], Any]],
) -> None:
    scripts = Counter(
        "cyrillic" if CYRILLIC.search(record["surname"]) else "german" for record, _ in population
    )
    assert 0.5 < scripts["cyrillic"] / len(population) < 0.7
    for record, truth in population:
        assert truth.script == ("cyrillic" if CYRILLIC.search(record["surname"]) else "german")
        if truth.script == "german":
            assert record["surname"] in clerk_spellings(truth.surname)
        else:
            assert record["surname"] in (truth.surname, truth.surname.replace("ё", "е"))
    variants = [v for record, _ in population for v in record.get("name_variants", [])]
    assert len(variants) > 200
    assert not [v for v in variants if CYRILLIC.search(v) and re.search("[A-Za-z]", v)]  # one script each


def test_a_few_prisoners_are_women_with_womens_name_forms(
    population: list[tuple[dict[str, Any], Any]],
) -> None:
    women = [truth for _, truth in population if truth.sex == "f"]
    assert 0.01 < len(women) / len(population) < 0.08
    tables = name_tables()
    assert all(truth.surname == tables.female_surname(truth.family_surname) for truth in women)
    assert all(truth.patronymic == tables.patronymic(truth.father_name, "f") for truth in women)


def test_siblings_share_family_name_father_and_birth_place(
    population: list[tuple[dict[str, Any], Any]],
) -> None:
    families: dict[str, list[Any]] = defaultdict(list)
    for _, truth in population:
        if truth.family_id is not None:
            families[truth.family_id].append(truth)
    complete = [members for members in families.values() if len(members) > 1]
    assert len(complete) > 20
    for members in complete:
        assert len({(t.family_surname, t.father_name, t.birth_place) for t in members}) == 1
        assert len({t.given_name for t in members}) == len(members)
    positions = {truth.record_id: i for i, (_, truth) in enumerate(population)}
    gaps = [
        abs(positions[b.record_id] - positions[a.record_id])
        for m in complete
        for a, b in itertools.pairwise(m)
    ]
    assert sum(gap > 1 for gap in gaps) > 0.9 * len(gaps)  # not written next to each other


def test_fates_and_deaths_agree_with_the_camps(population: list[tuple[dict[str, Any], Any]]) -> None:
    fates = Counter(record.get("fate") for record, _ in population)
    assert 0.45 < fates["died"] / len(population) < 0.65
    assert fates["escaped"] < 0.03 * len(population)
    for record, _ in population:
        if "death_date" in record:
            assert record["fate"] == "died"
            last = record["camps"][-1]
            assert record["death_place"] in (last["camp"], *_localities(last["camp"]))
            assert _not_after("1941-06-22", record["death_date"]) and _not_after(
                record["death_date"], "1945-05-08"
            )


def _localities(camp: str) -> tuple[str, ...]:
    from indexer.generator.camps import CAMPS

    return tuple(c.locality for c in CAMPS if c.name == camp)


def test_prisoner_numbers_are_written_in_varied_forms_and_unique_per_camp(
    population: list[tuple[dict[str, Any], Any]],
) -> None:
    numbers = [
        (stay["camp"], stay["number"])
        for r, _ in population
        for stay in r.get("camps", [])
        if "number" in stay
    ]
    for form in (r"\d+", r"\d+ \d{3}", r"\d+\.\d{3}", r"Nr\. \d+", r"№ \d+"):  # 88349, 88 349, 88.349 ...
        assert any(re.fullmatch(form, number) for _, number in numbers), form
    digits = [(camp, re.sub(r"\D", "", number)) for camp, number in numbers]
    assert len(set(digits)) == len(digits)


@pytest.mark.parametrize("row", _tsv("clerk_spellings.tsv"), ids=lambda row: row["cyrillic"])
def test_clerk_spellings_match_the_golden_cases(row: dict[str, str]) -> None:
    spellings = clerk_spellings(row["cyrillic"])
    assert spellings[0] == row["primary"] == german_spelling(row["cyrillic"])
    for expected in filter(None, row["also"].split(";")):
        assert expected in spellings


def test_clerk_spellings_are_plain_latin() -> None:
    tables = name_tables()
    for surname in tables.surnames["slav"].items[:2000]:
        assert all(re.fullmatch(r"[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)?", s) for s in clerk_spellings(surname))
    assert german_spelling("") is None


@pytest.mark.parametrize(
    "row", _tsv("generator_name_forms.tsv"), ids=lambda row: f"{row['kind']}-{row['input']}"
)
def test_patronymics_and_womens_surnames(row: dict[str, str]) -> None:
    tables = name_tables()
    if row["kind"] == "patronymic":
        assert tables.patronymic(row["input"], row["sex"]) == row["expected"]
    else:
        assert tables.female_surname(row["input"]) == row["expected"]


def test_the_auschwitz_memorial_records_say_what_the_source_says() -> None:
    lines = (SAMPLE / "auschwitz_named.jsonl").read_text(encoding="utf-8").splitlines()
    records = {record["id"]: record for record in map(json.loads, lines)}
    expected = _tsv("auschwitz_named.tsv")
    assert set(records) == {row["id"] for row in expected}
    for row in expected:
        record = records[row["id"]]
        assert _contract_problems(record) == []
        assert (record["surname"], record["given_name"]) == (row["surname"], row["given_name"])
        assert record.get("fate", "") == row["fate"]
        assert "birth_date" not in record and "birth_place" not in record
        [stay] = record["camps"]
        assert (stay["camp"], stay.get("number", ""), stay.get("from", ""), stay.get("to", "")) == (
            "Auschwitz", row["number"], row["from"], row["to"],
        )  # fmt: skip
        assert record["sources"][0]["url"] == "https://www.auschwitz.org/en/history/soviet-pows/"
        assert record["name_variants"] and not any(CYRILLIC.search(v) for v in record["name_variants"])


def test_every_generated_record_passes_the_importers_validation() -> None:
    """1900 was not a leap year: a generator that thought so wrote 1900-02-29 into one record in 80,000."""
    from indexer.generator.population import _birth

    class FixedRandom:
        def __init__(self, values: list[float]) -> None:
            self.values = values

        def random(self) -> float:
            return self.values.pop(0)

    year, month, day = _birth(FixedRandom([1 / 12 + 0.001, 0.9999]), 1900)  # type: ignore[arg-type]
    assert (year, month, day) == (1900, 2, 28)
