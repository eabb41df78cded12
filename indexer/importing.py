"""Import of JSON Lines and CSV files: validate everything, then write all of it or nothing.

The files are read as a stream (a million-line file is never held in memory). Valid records are written in
batches inside one transaction while no bad line has been seen; the first bad line stops the writing but
not the reading, so every problem of the input is reported at once, and the transaction is rolled back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from indexer.errors import ImportRejected
from indexer.records import Record, validate_record
from indexer.store import Store
from indexer.store.database import WriteCounts

BATCH_SIZE = 2000
# Problems kept for the report; a file that is wrong everywhere is summarised past this.
MAX_PROBLEMS = 10_000

CSV_LIST_FIELDS = ("name_variants", "camps", "sources")
# In CSV, a camp stay or a source is one ';'-separated item whose parts are separated by '|':
#   camps:   "Stalag 326|88349|1941-10|1942-03; Auschwitz|1418"   (camp|number|from|to)
#   sources: "Arolsen Archives|2.1.1.1|https://collections.arolsen-archives.org/"   (archive|reference|url)
CSV_ITEM_PARTS = {"camps": ("camp", "number", "from", "to"), "sources": ("archive", "reference", "url")}
KNOWN_FIELDS = frozenset(Record.model_fields) - {"from_"}

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@dataclass
class ImportReport:
    files: list[str]
    records: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def summary(self) -> str:
        if not self.ok:
            return f"{self.problem_count} problem(s) in {self.records} record(s) read; nothing was imported"
        verb = "would be" if self.dry_run else "were"
        c = self.counts
        return (
            f"{self.records} record(s) read: {c.created} {verb} created, {c.updated} {verb} updated, "
            f"{c.unchanged} unchanged"
        )

    def note(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


# -- reading ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RawLine:
    line: int
    data: Any  # the parsed object, or None when ``error`` says why it could not be parsed
    error: str | None = None
    size: int = 0  # bytes consumed, for the progress bar


def is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".tsv"}


def read_jsonl(stream: BinaryIO) -> Iterator[RawLine]:
    for number, raw in enumerate(stream, start=1):
        size = len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield RawLine(number, None, f"not UTF-8 (byte {exc.start + 1})", size)
            continue
        if not text.strip():
            yield RawLine(number, None, None, size)
            continue
        try:
            yield RawLine(number, json.loads(text), None, size)
        except json.JSONDecodeError as exc:
            yield RawLine(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}", size)


def _split_csv_list(name: str, cell: str) -> list[Any]:
    items = [item.strip() for item in cell.split(";") if item.strip()]
    parts = CSV_ITEM_PARTS.get(name)
    if parts is None:
        return items
    objects = []
    for item in items:
        values = [v.strip() for v in item.split("|")]
        if len(values) > len(parts):
            raise ValueError(f"an item has {len(values)} '|'-separated parts; at most {len(parts)}")
        objects.append({k: v for k, v in zip(parts, values, strict=False) if v})
    return objects


class _CountingReader:
    """Text view of a binary stream that counts the bytes read, so CSV progress can be shown."""

    def __init__(self, stream: BinaryIO) -> None:
        self._lines = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            raise StopIteration
        self.bytes_read += len(line.encode("utf-8"))
        return line


def read_csv(stream: BinaryIO, delimiter: str = ",") -> Iterator[RawLine]:
    counter = _CountingReader(stream)
    reader = csv.DictReader(counter, delimiter=delimiter)
    consumed = 0
    try:
        header = reader.fieldnames or []
    except UnicodeDecodeError as exc:
        yield RawLine(1, None, f"not UTF-8: {exc.reason}", 0)
        return
    unknown = [name for name in header if name not in KNOWN_FIELDS]
    for name in unknown:
        yield RawLine(1, None, f"unknown column {name!r}", 0)
    if unknown:
        return
    try:
        for row in reader:
            size, consumed = counter.bytes_read - consumed, counter.bytes_read
            data: dict[str, Any] = {}
            if None in row:
                yield RawLine(reader.line_num, None, "more cells than the header has columns", size)
                continue
            try:
                for key, cell in row.items():
                    if cell is None or cell == "":
                        continue
                    data[key] = _split_csv_list(key, cell) if key in CSV_LIST_FIELDS else cell
            except ValueError as exc:
                yield RawLine(reader.line_num, None, str(exc), size)
                continue
            yield RawLine(reader.line_num, data, None, size)
    except UnicodeDecodeError as exc:
        yield RawLine(reader.line_num + 1, None, f"not UTF-8: {exc.reason}", 0)
    except csv.Error as exc:
        yield RawLine(reader.line_num, None, f"malformed CSV: {exc}", 0)


def read_file(path: Path) -> Iterator[RawLine]:
    with path.open("rb") as stream:
        if is_csv(path):
            yield from read_csv(stream, "\t" if path.suffix.lower() == ".tsv" else ",")
        else:
            yield from read_jsonl(stream)


# -- importing --------------------------------------------------------------------------------------
def validated_records(
    paths: Sequence[Path], report: ImportReport, on_progress: ProgressCallback | None = None
) -> Iterator[Record]:
    """Yield the valid records of ``paths`` in order; note every problem (and duplicate id) in ``report``."""
    seen_ids: set[str] = set()
    duplicates: dict[str, list[tuple[str, int]]] = {}
    for path in paths:
        for raw in read_file(path):
            if on_progress:
                on_progress(raw.size)
            if raw.error:
                report.note(ImportProblem(str(path), raw.line, "(line)", raw.error))
                continue
            if raw.data is None:
                continue
            report.records += 1
            record, problems = validate_record(raw.data)
            for problem in problems:
                report.note(ImportProblem(str(path), raw.line, problem.field, problem.reason))
            if record is None:
                continue
            if record.id in seen_ids:
                duplicates.setdefault(record.id, []).append((str(path), raw.line))
                continue
            seen_ids.add(record.id)
            yield record
    if duplicates:
        _report_duplicates(paths, duplicates, report)


def _report_duplicates(
    paths: Sequence[Path], duplicates: dict[str, list[tuple[str, int]]], report: ImportReport
) -> None:
    # Rare, so the first occurrence is found by reading again rather than keeping every id's line.
    first: dict[str, tuple[str, int]] = {}
    for path in paths:
        for raw in read_file(path):
            if isinstance(raw.data, dict):
                rid = raw.data.get("id")
                if isinstance(rid, str) and rid in duplicates and rid not in first:
                    first[rid] = (str(path), raw.line)
    for rid, places in duplicates.items():
        where = first.get(rid, ("?", 0))
        for file, line in places:
            report.note(
                ImportProblem(file, line, "id", f"duplicate id {rid!r}: also on {where[0]} line {where[1]}")
            )


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import ``paths`` all or nothing. Raises ImportRejected (carrying the report) if any line is bad."""
    report = ImportReport(files=[str(p) for p in paths], dry_run=dry_run)
    for path in paths:
        if not path.is_file():
            report.note(ImportProblem(str(path), 0, "(file)", "no such file"))
    if not report.ok:
        raise ImportRejected(report.summary(), details=report)
    batch: list[Record] = []
    with store.transaction() as conn:
        for record in validated_records(paths, report, on_progress):
            if not report.ok:
                continue  # keep reading to report every problem, but write nothing more
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                report.counts.add(store.write_records(conn, batch))
                batch.clear()
        if report.ok and batch:
            report.counts.add(store.write_records(conn, batch))
        if not report.ok or dry_run:
            conn.rollback()
    if not report.ok:
        raise ImportRejected(report.summary(), details=report)
    return report


def total_bytes(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())
