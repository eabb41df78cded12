"""The ``memorial`` command: a thin layer over the library; everything it does can be done from Python."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from indexer.engines import open_engine
from indexer.engines.base import SearchEngine
from indexer.errors import (
    Conflict,
    EngineError,
    EngineUnavailable,
    ImportRejected,
    InvalidRequest,
    MemorialError,
)
from indexer.exporting import export_jsonl
from indexer.importing import ImportReport, import_files, import_files_indexing, total_bytes
from indexer.settings import DATA_DIR, Settings, get_settings
from indexer.store import Store, open_store
from indexer.sync import REBUILD_THRESHOLD, catch_up, pending_changes, rebuild

CONFLICT_RETRIES = 10
SAMPLE_FILES = ("sample/auschwitz_named.jsonl", "sample/generated.jsonl")


def _bar(total: int, unit: str, desc: str) -> tqdm:
    return tqdm(total=total, unit=unit, unit_scale=True, desc=desc, file=sys.stderr, disable=None, leave=True)


def run_import(settings: Settings, paths: Sequence[Path], *, dry_run: bool = False) -> ImportReport:
    store = open_store(settings.resolved_database_url)
    try:
        if not dry_run and store.count() == 0:
            return _first_import(settings, store, paths)
        with _bar(total_bytes(paths), "B", "validating and writing") as bar:
            report = import_files(store, paths, dry_run=dry_run, on_progress=bar.update)
        if not dry_run:
            try:
                index_changes(settings, store)
            except (EngineUnavailable, EngineError) as exc:
                _not_yet_searchable(exc.message)
        return report
    finally:
        store.close()


def _first_import(settings: Settings, store: Store, paths: Sequence[Path]) -> ImportReport:
    """Into an empty store the index is built in the same pass as the import (see importing.py)."""
    try:
        engine = open_engine(settings)
        try:
            with _bar(total_bytes(paths), "B", "validating, writing and indexing") as bar:
                report = import_files_indexing(store, engine, paths, on_progress=bar.update)
        finally:
            engine.close()
    except (EngineUnavailable, EngineError) as exc:
        # Nothing was written: import without the index, as when the store is not empty.
        with _bar(total_bytes(paths), "B", "validating and writing") as bar:
            report = import_files(store, paths, on_progress=bar.update)
        _not_yet_searchable(exc.message)
        return report
    if report.index_error:
        _not_yet_searchable(report.index_error)
    return report


def _not_yet_searchable(reason: str) -> None:
    # The records are committed; only the index lags. The running service's sync worker applies the
    # change log when the engine answers again.
    print(
        f"imported, but not yet searchable: {reason}; the running service will index these "
        "records when the search engine answers again (or run `memorial reindex`)",
        file=sys.stderr,
    )


def index_changes(settings: Settings, store: Store) -> None:
    """Bring the index up to date after a write: change by change, or anew when far behind."""
    engine = open_engine(settings)
    try:
        pending = pending_changes(store, engine)
        if engine.needs_rebuild() or pending > REBUILD_THRESHOLD:
            run_reindex(settings, store, engine)
            return
        with _bar(pending, "changes", "indexing") as bar:
            for attempt in range(CONFLICT_RETRIES):
                try:
                    catch_up(store, engine, bar.update)
                    return
                except Conflict:
                    # A running server's sync worker holds the index writer for a moment; the records are
                    # safely in the store, so wait and try again (the worker would index them anyway).
                    time.sleep(0.5 * (attempt + 1))
        print("the index is busy; the running server will index these records shortly", file=sys.stderr)
    finally:
        engine.close()


def run_reindex(settings: Settings, store: Store | None = None, engine: SearchEngine | None = None) -> int:
    own_store, own_engine = store is None, engine is None
    store = store or open_store(settings.resolved_database_url)
    engine = engine or open_engine(settings)
    try:
        with _bar(store.count(), "records", "reindexing") as bar:
            return rebuild(store, engine, bar.update)
    finally:
        if own_engine:
            engine.close()
        if own_store:
            store.close()


def cmd_import(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        report = run_import(settings, [Path(p) for p in args.files], dry_run=args.dry_run)
    except ImportRejected as exc:
        report = exc.details
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if report.problem_count > len(report.problems):
            print(f"... and {report.problem_count - len(report.problems)} more", file=sys.stderr)
        print(report.summary(), file=sys.stderr)
        return 1
    print(report.summary() + (" (dry run: nothing was written)" if args.dry_run else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.database_url and not settings.default_store_path.exists():
        # Exporting from a store that is not there would make an empty one and say "exported 0": a
        # MEMORIAL_HOME typed wrong (the demo keeps its store in MEMORIAL_HOME/demo) looks like no records.
        raise InvalidRequest(f"no store in {settings.home} (MEMORIAL_HOME); nothing to export")
    store = open_store(settings.resolved_database_url)
    try:
        if args.output in (None, "-"):
            count = export_jsonl(store, sys.stdout)
        else:
            try:
                out = open(args.output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:  # no such folder, a folder, no permission
                raise InvalidRequest(f"cannot write {args.output}: {exc.strerror or exc}") from exc
            with out:
                count = export_jsonl(store, out)
    except BrokenPipeError:
        # The reader stopped (memorial export | head): what it read was whole lines; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        store.close()
    print(f"exported {count} record(s)", file=sys.stderr)
    return 0


def cmd_reindex(_args: argparse.Namespace) -> int:
    count = run_reindex(get_settings())
    print(f"indexed {count} record(s)")
    return 0


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    import uvicorn

    if workers > 1:
        if settings.engine != "embedded":
            # Each process's sync worker would send the outbox to Meilisearch on its own, and a slower one
            # could overwrite a newer version of a record; the embedded index's write lock lets one apply.
            raise InvalidRequest("--workers above 1 is for the embedded engine; Meilisearch searches itself")
        # Python runs one thread at a time per process, so one process serves searches on about one core;
        # each worker process has its own engine over the same index files (shared pages of the page
        # cache) and builds its app from the environment's settings. The store's schema is brought up to
        # date here, once, so the workers do not race to migrate it.
        open_store(settings.resolved_database_url).close()
        uvicorn.run(
            "service.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info"
        )
        return 0

    from service.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return _serve(get_settings(), args.host, args.port, args.workers)


def prepare_demo(home: Path) -> Settings:
    """A fresh local store under ``home`` holding the sample data, indexed."""
    if home.exists():
        shutil.rmtree(home)
    settings = Settings(home=home, database_url="", engine="embedded")
    run_import(settings, [DATA_DIR / name for name in SAMPLE_FILES])
    return settings


def cmd_demo(args: argparse.Namespace) -> int:
    settings = prepare_demo(get_settings().home / "demo")
    print(
        f"demo data ready in {settings.home}; search page on http://{args.host}:{args.port}/", file=sys.stderr
    )
    return _serve(settings, args.host, args.port)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="memorial", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("import", help="import JSON Lines or CSV files, all or nothing")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("export", help="write every record as JSON Lines")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("reindex", help="build a fresh search index from the store and swap it in")
    p.set_defaults(func=cmd_reindex)

    for name, func, text in (
        ("serve", cmd_serve, "serve the search page and API"),
        ("demo", cmd_demo, "load the sample data into a fresh local store, then serve"),
    ):
        p = commands.add_parser(name, help=text)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        if name == "serve":
            p.add_argument(
                "--workers",
                type=_positive,
                default=1,
                help="server processes (default 1; one per core to serve searches on every core)",
            )
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except MemorialError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
