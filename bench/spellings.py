"""Real-world spellings: does a name as people really write it find the record written in Cyrillic?

    python bench/spellings.py [--records 100000] [--seed 5]

Each line of ``bench/data/real_spellings.txt`` gives a person's Cyrillic surname (and given name) and the
ways it is written elsewhere, tagged by phenomenon (German clerk, Polish, French, Belarusian Łacinka,
Moldovan, ...). One record per person is indexed beside N generated records (the quality benchmark's
population, as distractors); each spelling is searched as typed, and a hit counts when a record with the
same Cyrillic surname (and given name, if the line names one) is in the first 10 (ё and е are one letter).
Prints recall@10 and @1 overall and per phenomenon; writes ``bench/out/spellings.md`` with every miss and
``bench/out/spellings-ranks.json`` with every spelling's rank (to compare two versions of the code).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality.run import build_population, open_engine_over  # noqa: E402
from indexer.errors import MemorialError  # noqa: E402
from indexer.search import QueryInput, run_search  # noqa: E402

SPELLINGS = ROOT / "bench" / "data" / "real_spellings.txt"
OUT = ROOT / "bench" / "out"
FEMALE_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ая", "яя")

Spelling = tuple[str, str, str, str]  # as written, Cyrillic surname, Cyrillic given name or "", phenomenon


def read_spellings(path: Path = SPELLINGS) -> list[Spelling]:
    rows: list[Spelling] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surname, given, rest = (part.strip() for part in line.split(";", 2))
        for group in rest.split("|"):
            tag, _, written = group.partition(":")
            for spelling in (s.strip() for s in written.split(",")):
                if spelling and (spelling, surname, given, tag.strip()) not in rows:
                    rows.append((spelling, surname, given, tag.strip()))
    return rows


def _plain(name: str) -> str:
    return name.replace("ё", "е")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="generated records beside the targets")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--spellings", type=Path, default=SPELLINGS, help="another file in the same format (a held-out set)"
    )
    args = parser.parse_args(argv)
    # Figures of another file go beside the main ones, named after it.
    name = "spellings" if args.spellings == SPELLINGS else f"spellings-{args.spellings.stem}"
    spellings = read_spellings(args.spellings)
    workdir = Path(tempfile.mkdtemp(prefix="memorial-spellings-"))
    try:
        records_file = workdir / "records.jsonl"
        names: dict[str, tuple[str, str]] = {}  # record id -> (Cyrillic surname, given name)
        for record, truth in build_population(args.records, args.seed, records_file):
            names[record["id"]] = (_plain(truth.surname), _plain(truth.given_name or ""))
        people = list(dict.fromkeys((surname, given) for _, surname, given, _ in spellings))
        with records_file.open("a", encoding="utf-8") as out:
            for n, (surname, given) in enumerate(people, start=1):
                record = {
                    "id": f"real-{n}",
                    "surname": surname,
                    "sex": "f" if surname.endswith(FEMALE_ENDINGS) else "m",
                }
                if given:
                    record["given_name"] = given
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                names[record["id"]] = (_plain(surname), _plain(given))
        engine, _ = open_engine_over(records_file, workdir, {}, keep=False)
        ranks: list[int | None] = []
        misses: list[str] = []
        by_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for spelling, surname, given, tag in spellings:
            try:
                hits = run_search(engine, QueryInput(q=spelling, limit=10, with_facets=False)).hits
            except MemorialError:
                hits = []
            want = (_plain(surname), _plain(given))
            rank = next(
                (i for i, h in enumerate(hits, 1) if names.get(h["id"], ("", ""))[0] == want[0]
                 and (not given or names[h["id"]][1] == want[1])),
                None,
            )  # fmt: skip
            ranks.append(rank)
            by_tag[tag][0] += rank is not None
            by_tag[tag][1] += 1
            if rank is None:
                top = " ".join(hits[0].get(k) or "" for k in ("surname", "given_name")) if hits else "no hits"
                misses.append(f"| {tag} | `{spelling}` | {surname} {given} | {top} |")
        engine.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    found = sum(r is not None for r in ranks)
    first = sum(r == 1 for r in ranks)
    lines = [
        f"# Real-world spellings: {len(spellings)} spellings of {len(people)} people, "
        f"beside {args.records:,} generated records (seed {args.seed})",
        "",
        f"recall@10 **{100 * found / len(ranks):.1f} %** ({found}/{len(ranks)}), "
        f"recall@1 {100 * first / len(ranks):.1f} %",
        "",
        "| phenomenon | found in the first 10 |",
        "|---|---|",
    ]
    for tag, (hit, total) in sorted(by_tag.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        lines.append(f"| {tag} | {hit}/{total} |")
    lines += ["", "## Misses", "", "| phenomenon | typed | record | first hit instead |", "|---|---|---|---|"]
    lines += misses
    text = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text(text, encoding="utf-8")
    ranked = [
        {"spelling": s, "tag": tag, "rank": rank}
        for (s, _surname, _given, tag), rank in zip(spellings, ranks, strict=True)
    ]
    (OUT / f"{name}-ranks.json").write_text(
        json.dumps(ranked, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
