"""Write N generated prisoner-of-war records as JSON Lines, reproducibly.

    python bench/generate.py N OUT.jsonl [--seed S]

The same N and seed give the same file byte for byte; data/sample/generated.jsonl is
`python bench/generate.py 3000 data/sample/generated.jsonl --seed 1941`. Prints the rate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from indexer.generator import generate_records, write_records  # noqa: E402
from indexer.generator.names import name_tables  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many records")
    parser.add_argument("out", type=Path, help="the JSON Lines file to write ('-' for standard output)")
    parser.add_argument("--seed", type=int, default=1941, help="random seed (default 1941)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must not be negative")
    started = time.perf_counter()
    name_tables()
    loaded = time.perf_counter()
    if str(args.out) == "-":
        count = write_records(generate_records(args.n, args.seed), sys.stdout)
    else:
        with args.out.open("w", encoding="utf-8", newline="\n") as out:
            count = write_records(generate_records(args.n, args.seed), out)
    done = time.perf_counter()
    rate = count / (done - loaded) if done > loaded else 0.0
    print(
        f"{count} records (seed {args.seed}) in {done - started:.1f} s "
        f"(name tables {loaded - started:.2f} s): {rate:,.0f} records/s written",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
