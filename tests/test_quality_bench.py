"""The quality benchmark itself: its query variants, its baselines, and a tiny run end to end.

The tiny run asserts a loose floor (recall@10 over the target kinds), so that a change which breaks
matching fails here, long before anyone runs the 100,000-record benchmark.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from bench.quality.baselines import SEARCHES, build_index
from bench.quality.forms import ukrainian_given, ukrainian_letters, ukrainian_patronymic
from bench.quality.report import markdown
from bench.quality.romanizers import romanize
from bench.quality.run import run_benchmark
from bench.quality.typos import add_typos, typo_budget
from bench.quality.variants import KINDS, NUMBER_FORMS, generate_queries
from indexer.generator import generate_population
from tests.conftest import DATA


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def population() -> list:
    return list(generate_population(3000, 11))


@pytest.mark.parametrize(
    "row", rows("quality_bench_romanizers.tsv"), ids=lambda r: f"{r['system']}-{r['expected']}"
)
def test_romanizers(row: dict[str, str]) -> None:
    assert romanize(row["system"], row["cyrillic"]) == row["expected"]


@pytest.mark.parametrize("row", rows("quality_bench_ukrainian.tsv"), ids=lambda r: r["expected"])
def test_ukrainian_forms(row: dict[str, str]) -> None:
    if row["kind"] == "surname":
        assert ukrainian_letters(row["russian"]) == row["expected"]
    elif row["kind"] == "given":
        assert ukrainian_given(row["russian"]) == row["expected"]
    else:
        assert ukrainian_patronymic(row["russian"], row["sex"]) == row["expected"]


def test_typos_keep_the_budget_and_spare_the_first_letter() -> None:
    rng = random.Random(3)
    for word in ("Pogoschew", "Tschernyschow", "Погожев", "Kusnezow"):
        for count in (1, 2):
            typed = add_typos(word, count, rng)
            if typo_budget(word) < count:
                assert typed is None
                continue
            assert typed is not None and typed != word
            assert typed[0] == word[0]
            assert typo_budget(typed) >= count
    assert add_typos("Iwan", 1, rng) is None  # four letters: no typo allowed
    first = add_typos("Pogoschew", 1, rng, first_letter=True)
    assert first is not None and first[0] != "P"


def test_every_kind_is_generated_and_reproducible(population: list) -> None:
    queries = generate_queries(population, 4, seed=7)
    assert {q.kind for q in queries} == set(KINDS)
    assert queries == generate_queries(population, 4, seed=7)
    assert queries != generate_queries(population, 4, seed=8)
    targets = {truth.record_id for _, truth in population}
    assert all(q.target_id in targets and q.text.strip() for q in queries)


def test_queries_show_the_phenomenon_of_their_kind(population: list) -> None:
    queries = generate_queries(population, 20, seed=7)
    by_kind = {kind: [q for q in queries if q.kind == kind] for kind in KINDS}
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in q.text) for q in by_kind["cyrillic_exact"])
    assert all(q.text.isascii() for q in by_kind["translit_wikipedia"] if "ë" not in q.text)
    assert any(set("ії") & set(q.text) for q in by_kind["ukrainian_cyrillic"])
    assert all(q.shape in ("sgp", "gsp") for q in by_kind["patronymic"])
    numbers = [q.note for q in by_kind["number"]]
    assert set(numbers) == set(NUMBER_FORMS)


@pytest.mark.parametrize(
    "row", rows("quality_bench_baselines.tsv"), ids=lambda r: f"{r['baseline']}-{r['query']}"
)
def test_baselines(row: dict[str, str]) -> None:
    records = [
        {"id": "target", "surname": row["record_surname"], "given_name": "Andrei"},
        {"id": "other", "surname": "Kusnezow", "given_name": "Iwan"},
    ]
    hits = SEARCHES[row["baseline"]](build_index(records), row["query"], 10)
    assert ("target" in hits) == (row["found"] == "yes")


def test_typo_baseline_ranks_more_words_then_fewer_typos() -> None:
    records = [
        {"id": "one-word", "surname": "Pogoschew", "given_name": "Iwan"},
        {"id": "two-typos", "surname": "Pogoschev", "given_name": "Andrej"},
        {"id": "exact", "surname": "Pogoschew", "given_name": "Andrej"},
    ]
    assert SEARCHES["typo"](build_index(records), "Pogoschew Andrej", 10) == [
        "exact",
        "two-typos",
        "one-word",
    ]


def test_tiny_run_reports_every_metric_and_keeps_a_floor(tmp_path: Path) -> None:
    result = run_benchmark(2000, 3, seed=5, workdir=tmp_path / "work", families=10, timing=False)
    summary = result["summary"]
    assert set(KINDS) <= set(summary)
    for row in summary.values():
        assert set(row) == {"engine", "exact", "typo", "dm"}
        assert set(row["engine"]) == {"n", "recall_at_1", "recall_at_10", "mrr"}
    overall = summary["all target kinds"]["engine"]
    assert overall["recall_at_10"] >= 0.8
    assert summary["prisoner numbers"]["engine"]["recall_at_1"] >= 0.8
    assert result["family"]["romanized"]["mean_recall"] > 0
    assert "| translit_wikipedia |" in markdown(result)
