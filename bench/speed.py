"""Speed benchmark: import rate, index size, memory and HTTP search latency at N records.

    python bench/speed.py 100000            # generate, import, index, serve, measure
    python bench/speed.py 1000000 --requests 3000

Everything runs on 127.0.0.1 with bounded request counts. The HTTP floor (a trivial endpoint, /api/ping)
is measured in the same run, so the search figures can be read against what the stack costs anyway.
Figures are printed and written to bench/out/speed-N.json; bench/README.md holds the report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.generator import generate_population  # noqa: E402
from indexer.generator.clerks import clerk_spellings  # noqa: E402

OUT = ROOT / "bench" / "out"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_population(n: int, path: Path, seed: int, sample_every: int) -> list[dict]:
    """Write n records; keep a sample of (record, truth) to build queries from."""
    rng = random.Random(seed)
    samples: list[dict] = []
    with path.open("w", encoding="utf-8") as out:
        for i, (record, truth) in enumerate(generate_population(n, seed)):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if i % sample_every == 0 and len(samples) < 5000:
                samples.append({"record": record, "truth": truth})
    rng.shuffle(samples)
    return samples


def full_name_queries(samples: list[dict], rng: random.Random) -> list[str]:
    """Surname and given name as a relative might type them: a clerk's or a romanized spelling."""
    queries = []
    for sample in samples:
        truth = sample["truth"]
        surname = rng.choice(clerk_spellings(truth.surname) or [truth.surname])
        given = truth.given_name or ""
        queries.append(f"{surname} {given}".strip())
    return queries


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's supervisor and its worker processes)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found.extend(process_tree(int(child)))
    return found


def pss_mb(pid: int) -> float:
    """Proportional set size: private pages plus each shared page divided by the processes sharing it, so
    the index files mapped by every worker count once over the whole tree."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def latency_run(base: str, paths: list[str], clients: int) -> dict[str, float]:
    """Send every path once, spread over ``clients`` threads; per-request latency and throughput."""
    latencies: list[float] = []
    lock = threading.Lock()
    failures = [0]
    queue = list(paths)

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    path = queue.pop()
                t0 = time.perf_counter()
                response = client.get(path)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt * 1000)
                    if response.status_code != 200:
                        failures[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "failures": failures[0],
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "per_second": round(len(latencies) / wall, 1),
    }


def segment_count(index_dir: Path) -> int:
    """Segments of the current index generation (tantivy's meta.json): each search walks every one."""
    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    return len(json.loads((generation / "meta.json").read_text())["segments"])


def measure_import(data: Path, home: Path, env: dict[str, str], n: int) -> dict[str, object]:
    """`memorial import` of the file into a fresh home, then `memorial reindex`, timed in child processes."""
    report: dict[str, object] = {"file_mb": round(data.stat().st_size / 1e6, 1)}
    memorial = [sys.executable, "-m", "indexer.cli"]
    elapsed, _ = run_child([*memorial, "import", str(data)], env)
    report["import_with_indexing_seconds"] = round(elapsed, 1)
    report["import_records_per_second"] = round(n / elapsed)
    report["import_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    index_mb = round(dir_size(home / "index") / 1e6, 1)
    report["index_mb"] = index_mb
    report["store_mb"] = round(dir_size(home) / 1e6 - index_mb, 1)
    report["index_segments"] = segment_count(home / "index")
    elapsed, _ = run_child([*memorial, "reindex"], env)
    report["reindex_seconds"] = round(elapsed, 1)
    report["reindex_records_per_second"] = round(n / elapsed)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int)
    parser.add_argument("--requests", type=int, default=2000, help="search requests per measurement")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: one per core)"
    )
    parser.add_argument(
        "--home",
        type=Path,
        help="measure only the searches, on a MEMORIAL_HOME already holding these N records of this seed",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="memorial-bench-"))
    home = args.home or work / "home"
    env = os.environ | {"MEMORIAL_HOME": str(home), "MEMORIAL_ENGINE": "embedded"}
    env.pop("MEMORIAL_DATABASE_URL", None)
    report: dict[str, object] = {"records": args.n, "cores": os.cpu_count(), "workers": args.workers}
    try:
        data = work / "records.jsonl"
        t0 = time.perf_counter()
        samples = write_population(args.n, data, args.seed, max(args.n // 5000, 1))
        report["generate_seconds"] = round(time.perf_counter() - t0, 1)
        if args.home is None:
            report |= measure_import(data, home, env, args.n)

        port = free_port()
        memorial = [sys.executable, "-m", "indexer.cli"]
        server = subprocess.Popen(
            [*memorial, "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            rng = random.Random(args.seed)
            queries = full_name_queries(samples, rng)
            search_paths = [
                "/api/search?"
                + httpx.QueryParams({"q": queries[i % len(queries)], "facets": "false"}).__str__()
                for i in range(args.requests)
            ]
            facet_paths = [
                p.replace("facets=false", "facets=true") for p in search_paths[: args.requests // 2]
            ]
            latency_run(base, search_paths[:200], 1)  # warm up
            report["floor_1_client"] = latency_run(base, ["/api/ping"] * args.requests, 1)
            report["search_1_client"] = latency_run(base, search_paths, 1)
            report["floor_8_clients"] = latency_run(base, ["/api/ping"] * args.requests, 8)
            report["search_8_clients"] = latency_run(base, search_paths, 8)
            report["search_with_facets_8_clients"] = latency_run(base, facet_paths, 8)
            tree = process_tree(server.pid)
            report["server_processes"] = len(tree)
            report["server_memory_mb"] = round(sum(pss_mb(pid) for pid in tree))  # PSS, whole tree
            report["server_rss_mb_per_process"] = [round(rss_mb(pid)[0]) for pid in tree]
            report["server_peak_rss_mb_per_process"] = [round(rss_mb(pid)[1]) for pid in tree]
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"speed-{args.n}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
