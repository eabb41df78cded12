"""The search quality benchmark: the engine and three baselines on the same generated queries.

    python -m bench.quality.run --records 100000 --queries 300 --seed 5
    python -m bench.quality.run --records 100000 --keep      # reuse the store and index built last time

Builds a population with the generator, imports and indexes it the way `memorial import` does (SQLite
store, embedded engine) in a work directory, generates `--queries` queries of each kind (`variants`),
and ranks each query's target with the engine (`run_search`, first 10 hits) and with the baselines
(`baselines`). Then family lookup (`family`) and query-analysis time (`parsing`). Figures go to
bench/out/quality-N.json and bench/out/quality-N.md and are printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.quality.baselines import BASELINES, SEARCHES, build_index
from bench.quality.family import evaluate_families
from bench.quality.parsing import time_parsing
from bench.quality.report import markdown
from bench.quality.scoring import Outcome, correct_ids, engine_failures, miss_depths, rank_of, summarize
from bench.quality.variants import KINDS, Query, generate_queries
from indexer.engines.embedded import EmbeddedEngine
from indexer.errors import MemorialError
from indexer.generator import Truth, generate_population, write_records
from indexer.importing import import_files
from indexer.search import QueryInput, run_search
from indexer.settings import Settings
from indexer.store import open_store
from indexer.sync import rebuild

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
SYSTEMS = ("engine", *BASELINES)
DEEP = 100  # how far down a missed target is looked for, to tell a ranking miss from a matching miss
# What the benchmark keeps of each record: the fields the baselines search and the report shows.
_KEPT = ("id", "surname", "given_name", "patronymic", "name_variants", "birth_date", "camps")

Population = list[tuple[dict[str, Any], Truth]]


def build_population(n: int, seed: int, path: Path) -> Population:
    """Generate `n` records, write them as JSON Lines to `path`; keep a slim copy with each truth."""
    population: Population = []

    def records() -> Iterator[dict[str, Any]]:
        for record, truth in generate_population(n, seed):
            population.append(({k: record[k] for k in _KEPT if k in record}, truth))
            yield record

    with path.open("w", encoding="utf-8") as out:
        write_records(records(), out)
    return population


def open_engine_over(
    population_file: Path, workdir: Path, manifest: dict[str, Any], keep: bool
) -> tuple[EmbeddedEngine, dict[str, float]]:
    """The embedded engine over the population; built afresh unless `keep` finds the same one built."""
    timings: dict[str, float] = {}
    settings = Settings(home=workdir / "home", database_url="", engine="embedded")
    manifest_path = workdir / "manifest.json"
    if keep and manifest_path.exists() and json.loads(manifest_path.read_text()) == manifest:
        return EmbeddedEngine(settings.index_dir), timings
    if settings.home.exists():
        shutil.rmtree(settings.home)
    store = open_store(settings.resolved_database_url)
    try:
        started = time.perf_counter()
        import_files(store, [population_file])
        timings["import_s"] = round(time.perf_counter() - started, 1)
        engine = EmbeddedEngine(settings.index_dir)
        started = time.perf_counter()
        rebuild(store, engine)
        timings["index_s"] = round(time.perf_counter() - started, 1)
    finally:
        store.close()
    manifest_path.write_text(json.dumps(manifest))
    return engine, timings


def _label(record: dict[str, Any]) -> str:
    """A record's names as written, for the report: Pogoschew Andrei (1921)."""
    names = " ".join(record.get(k) or "" for k in ("surname", "given_name", "patronymic")).split()
    year = (record.get("birth_date") or "")[:4]
    return " ".join(names) + (f" ({year})" if year else "")


def _how(hit: dict[str, Any]) -> str:
    """How a hit matched, word by word, as the engine explains it: surname:variant given_name:exact."""
    words = (hit.get("match") or {}).get("words") or []
    return " ".join(f"{w.get('field') or '-'}:{w.get('how') or '-'}" for w in words)


Hit = tuple[str, str, str]  # id, the names as written, how it matched


def engine_search(engine: EmbeddedEngine, limit: int = 10) -> Callable[[str], list[Hit]]:
    def search(text: str) -> list[Hit]:
        try:
            hits = run_search(engine, QueryInput(q=text, limit=limit, with_facets=False)).hits
        except MemorialError:
            return []
        return [(hit["id"], _label(hit), _how(hit)) for hit in hits]

    return search


def _rank_with_engine(
    outcomes: Sequence[Outcome], correct: Sequence[frozenset[str]], engine: EmbeddedEngine
) -> None:
    """The engine's first 10 hits for every query; for a miss, where the target is in the first 100."""
    search, deep_search = engine_search(engine), engine_search(engine, DEEP)
    for outcome, right in zip(outcomes, correct, strict=True):
        hits = search(outcome.query.text)
        outcome.ranks["engine"] = rank_of([h for h, _, _ in hits], right)
        if hits:
            outcome.engine_top = f"{hits[0][1]} [{hits[0][2]}]"
        if outcome.ranks["engine"] is None:
            deep = deep_search(outcome.query.text)
            for position, (hit, _, how) in enumerate(deep, start=1):
                if hit in right:
                    outcome.deep_rank, outcome.target_how = position, how
                    break


def rank_queries(
    queries: Sequence[Query], population: Population, engine: EmbeddedEngine, timings: dict[str, float]
) -> list[Outcome]:
    """Every query through the engine and the baselines; the rank of its first right hit in each."""
    records = {record["id"]: record for record, _ in population}
    correct = correct_ids(queries, population)
    outcomes = [
        Outcome(q, len(c), target_spelling=_label(records[q.target_id]))
        for q, c in zip(queries, correct, strict=True)
    ]
    started = time.perf_counter()
    _rank_with_engine(outcomes, correct, engine)
    timings["engine_queries_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    index = build_index(record for record, _ in population)
    timings["baseline_index_s"] = round(time.perf_counter() - started, 1)
    for name in BASELINES:
        started = time.perf_counter()
        for outcome, right in zip(outcomes, correct, strict=True):
            outcome.ranks[name] = rank_of(SEARCHES[name](index, outcome.query.text, 10), right)
        timings[f"{name}_queries_s"] = round(time.perf_counter() - started, 1)
    return outcomes


def run_benchmark(
    records: int, per_kind: int, seed: int, workdir: Path, *, families: int = 300, keep: bool = False,
    kinds: Sequence[str] = KINDS, timing: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """Everything the benchmark measures, as one JSON-able dict."""
    workdir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    population = build_population(records, seed, workdir / "records.jsonl")
    timings["generate_s"] = round(time.perf_counter() - started, 1)
    manifest = {"records": records, "seed": seed}
    engine, built = open_engine_over(workdir / "records.jsonl", workdir, manifest, keep)
    timings.update(built)
    try:
        queries = generate_queries(population, per_kind, seed, kinds)
        outcomes = rank_queries(queries, population, engine, timings)
        started = time.perf_counter()
        spellings = {record["id"]: _label(record) for record, _ in population}
        family = evaluate_families(engine, population, families, seed, spellings) if families else {}
        timings["family_s"] = round(time.perf_counter() - started, 1)
    finally:
        engine.close()
    parsing = time_parsing([q.text for q in queries]) if timing else {}
    return {
        "records": records,
        "seed": seed,
        "queries_per_kind": per_kind,
        "shared_targets": sum(o.correct_count > 1 for o in outcomes),
        "summary": summarize(outcomes, SYSTEMS),
        "engine_misses": miss_depths(outcomes),
        "failures": engine_failures(outcomes),
        "family": family,
        "parsing": parsing,
        "timings": timings,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality.run", description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--families", type=int, default=300, help="families to look up (0: skip)")
    parser.add_argument("--workdir", type=Path, help="where the store and index go (default: a temp dir)")
    parser.add_argument(
        "--keep", action="store_true", help="reuse the store and index of the same size and seed"
    )
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS, metavar="KIND")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.gettempdir()) / f"memorial-quality-{args.records}-{args.seed}"
    result = run_benchmark(
        args.records,
        args.queries,
        args.seed,
        workdir,
        families=args.families,
        keep=args.keep,
        kinds=args.kinds,
    )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"quality-{args.records}"
    stem.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    text = markdown(result)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)
    print(f"written: {stem}.json, {stem}.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
