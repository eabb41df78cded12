"""Import of JSON Lines and CSV files: validate everything, then write all of it or nothing.

The files are read as a stream (a million-line file is never held in memory), in chunks of lines that
worker processes parse and validate (one per core, for big files; each worker takes the lines of its share
of the surnames, ``split_chunk``). Valid records are written in batches
inside one transaction while no bad line has been seen; the first bad line stops the writing but not the
reading, so every problem of the input is reported at once, and the transaction is rolled back.

Into an empty store, ``import_files_indexing`` also builds the search index in the same pass (the workers
analyse the names too), which is how a first load of a million records is fast.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import heapq
import itertools
import json
import operator
import re
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson

from indexer.bulk import map_parts
from indexer.documents import SearchDocument, document_for
from indexer.engines.base import SearchEngine
from indexer.errors import EngineError, EngineUnavailable, ImportRejected
from indexer.records import Record, StoredForm, validate_record
from indexer.store import Store
from indexer.store.database import WriteCounts

# Lines per chunk handed to a worker (and records per store write).
CHUNK_LINES = 2000
# Files smaller than this are validated in this process: starting workers costs about a second.
PARALLEL_IMPORT_BYTES = 8_000_000
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
    # Set by ``import_files_indexing``: the records are in the store; why the index could not follow.
    committed: bool = False
    index_error: str | None = None

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
class RawLine(NamedTuple):
    """A line of an import file (a record of a CSV file) as read, before it is validated. A named tuple:
    an import makes a million of them, and a frozen dataclass costs a microsecond each to make."""

    line: int
    data: Any  # the parsed object, or None when ``error`` says why it could not be parsed
    error: str | None = None
    size: int = 0  # bytes consumed, for the progress bar
    error_field: str = "(line)"  # the column ``error`` is about, when one is known


def is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".tsv"}


def parse_jsonl_line(number: int, raw: bytes) -> RawLine:
    """One line of a JSON Lines file -> its object, or why it is not one."""
    size = len(raw)
    # Nearly every line is good JSON: orjson reads the bytes directly, and what it accepts is UTF-8 and not
    # blank, so the checks below (a decoded copy of the line, a second look for white space) are needed
    # only for the lines it refuses.
    with contextlib.suppress(orjson.JSONDecodeError):
        return RawLine(number, orjson.loads(raw), None, size)
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RawLine(number, None, f"not UTF-8 (byte {exc.start + 1})", size)
    if not text.strip():
        return RawLine(number, None, None, size)
    try:
        return RawLine(number, orjson.loads(raw), None, size)
    except orjson.JSONDecodeError as fast_error:
        # The standard library says where and what more plainly ("Expecting ',' delimiter at column 17");
        # what only orjson refuses (NaN, integers past 64 bits) keeps orjson's words.
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return RawLine(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}", size)
        return RawLine(number, None, f"not valid JSON: {fast_error}", size)


def read_jsonl(stream: BinaryIO) -> Iterator[RawLine]:
    for number, raw in enumerate(stream, start=1):
        yield parse_jsonl_line(number, raw)


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


class NotUtf8(ValueError):
    """A CSV line that is not UTF-8, with the line it is on (the csv module cannot say)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


# A lone CR ends a line, as in a file opened with newline="" (old Mac spreadsheets write them).
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def not_utf8_reason(raw: bytes, exc: UnicodeDecodeError) -> str:
    """Why a line is not UTF-8, guessing the encoding it is in: Excel saves "CSV" in the computer's code
    page, Windows-1251 in Russia and Ukraine (Погожев arrives as b"\xcf\xee\xe3\xee\xe6\xe5\xe2")."""
    try:
        looks_cyrillic = any("\u0400" <= char <= "\u04ff" for char in raw.decode("cp1251"))
    except UnicodeDecodeError:
        looks_cyrillic = False
    encoding = "Windows-1251 (Cyrillic)" if looks_cyrillic else "another encoding"
    return f"not UTF-8 (byte {exc.start + 1}): the file seems to be in {encoding}; save it as UTF-8"


class _CountingReader:
    """Text lines of a binary stream for the csv module, decoded one line at a time so a line that is not
    UTF-8 is reported where it is (a decoder reading ahead in blocks would fail on line 1 for a bad byte
    on line 2); it counts the bytes read, so CSV progress can be shown, and keeps the lines of the record
    being read, so a broken one can be told apart (``_quote_trouble``)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pending: list[str] = []
        self.physical_lines = 0
        self.bytes_read = 0
        # Usually one line; more for cells quoted over several lines, at most about the csv module's
        # field size limit before it gives up.
        self.record_lines: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def _read(self) -> None:
        raw = self._stream.readline()
        if not raw:
            return
        self.bytes_read += len(raw)
        if self.physical_lines == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8(self.physical_lines + 1, not_utf8_reason(raw, exc)) from exc
        # Nearly every line ends in LF or CRLF: split at lone CRs only where there is one (every CR of
        # the line belongs to a CRLF when the counts agree).
        lone_cr = text.count("\r") != text.count("\r\n")
        self._pending = [part for part in _LONE_CR.split(text) if part] if lone_cr else [text] if text else []

    def peek(self) -> str:
        """The next line, left to be read again ("" at the end)."""
        if not self._pending:
            self._read()
        return self._pending[0] if self._pending else ""

    def __next__(self) -> str:
        if not self._pending:
            self._read()
        if not self._pending:
            raise StopIteration
        line = self._pending.pop(0)
        self.physical_lines += 1
        self.record_lines.append(line)
        return line


@dataclass(frozen=True)
class QuoteTrouble:
    """Where a CSV record's quoting went wrong: the cell, and the line counted from the record's first."""

    column: int
    line: int
    unclosed: bool  # the quoted cell never closes; else text follows its closing quote


def _quote_trouble(lines: Sequence[str], delimiter: str) -> QuoteTrouble | None:
    """Read one record's lines as the csv module does (a quote opens a quoted cell only as its first
    character; "" inside it is a quote) and say where its quoting went wrong, if it did."""
    column, in_quotes, after_quote, at_cell_start = 0, False, False, True
    opened = (0, 0)
    for number, text in enumerate(lines):
        for char in text:
            if in_quotes:
                if char == '"':
                    in_quotes, after_quote = False, True
                continue
            if after_quote and char == '"':  # "" inside a quoted cell
                in_quotes, after_quote = True, False
                continue
            if char == delimiter:
                column, after_quote, at_cell_start = column + 1, False, True
            elif char in "\r\n":
                column, after_quote, at_cell_start = 0, False, True  # the record ended here
            elif after_quote:
                return QuoteTrouble(opened[0], number, unclosed=False)
            elif char == '"' and at_cell_start:
                in_quotes, opened, at_cell_start = True, (column, number), False
            else:
                at_cell_start = False
    return QuoteTrouble(*opened, unclosed=True) if in_quotes else None


def _malformed_csv(
    exc: csv.Error, counter: _CountingReader, first_line: int, header: Sequence[str], delimiter: str
) -> RawLine:
    """The problem a csv.Error stands for, on the line and in the cell where it is, worded for people.

    An unclosed quote is the one that matters most: without ``strict`` the csv module would read every
    line after it into that cell and report nothing."""
    trouble = _quote_trouble(counter.record_lines, delimiter)
    if trouble is None:
        return RawLine(first_line + len(counter.record_lines) - 1, None, f"malformed CSV: {exc}")
    field = header[trouble.column] if trouble.column < len(header) else "(line)"
    if not trouble.unclosed:
        reason = "text follows a quoted cell's closing quote (a quote inside the cell is doubled)"
    elif "field limit" in str(exc):
        reason = f"the quoted cell is not closed: no closing quote within {csv.field_size_limit()} characters"
    else:
        reason = "the quoted cell is not closed: no closing quote before the end of the file"
    return RawLine(first_line + trouble.line, None, reason, error_field=field)


# A column with no name, filled in for an empty last header cell: "id,surname," from a trailing delimiter.
_UNNAMED = "(unnamed column {})"


def header_delimiter(first_line: str, delimiter: str) -> str:
    """The delimiter a CSV file's header line says it uses: ``;`` when it is a header of known columns
    split by ``;`` and not by ``,`` (Excel writes "CSV" with ``;`` where ``,`` is the decimal comma, in
    Russian and German settings: ``id;surname;given_name``), else ``delimiter``. Tab-separated files keep
    the tab."""
    if delimiter != ",":
        return delimiter
    try:
        by_comma = _header_names(first_line, ",")
        by_semicolon = _header_names(first_line, ";")
    except csv.Error:
        return delimiter
    if all(name in KNOWN_FIELDS for name in by_comma) or len(by_semicolon) < 2:
        return delimiter
    return ";" if all(name in KNOWN_FIELDS for name in by_semicolon) else delimiter


def _header_names(first_line: str, delimiter: str) -> list[str]:
    """A header line's column names, without the empty ones at its end."""
    names = next(csv.reader([first_line], delimiter=delimiter), [])
    while names and names[-1] == "":
        names.pop()
    return names


def read_csv(stream: BinaryIO, delimiter: str = ",") -> Iterator[RawLine]:
    counter = _CountingReader(stream)
    try:
        delimiter = header_delimiter(counter.peek(), delimiter)
    except NotUtf8 as exc:
        yield RawLine(exc.line, None, exc.reason, 0)
        return
    # strict: an unclosed quote at the end of the file is an error, not a cell holding the rest of the file
    reader = csv.DictReader(counter, delimiter=delimiter, strict=True)
    consumed = 0
    try:
        header = reader.fieldnames or []
    except NotUtf8 as exc:
        yield RawLine(exc.line, None, exc.reason, 0)
        return
    except csv.Error as exc:
        yield _malformed_csv(exc, counter, 1, [], delimiter)
        return
    # Spreadsheets often end every line with a delimiter: an empty last header cell is a column with no
    # name, fine as long as no row puts anything in it.
    named = len(header)
    while named and header[named - 1] == "":
        named -= 1
    unnamed = [_UNNAMED.format(i + 1) for i in range(named, len(header))]
    header = [*header[:named], *unnamed]
    reader.fieldnames = header
    unknown = [name for name in header[:named] if name not in KNOWN_FIELDS]
    for name in unknown:
        yield RawLine(1, None, f"unknown column {name!r}", 0)
    if unknown:
        return
    rows = iter(reader)
    while True:
        first_line = reader.line_num + 1
        counter.record_lines.clear()
        try:
            row = next(rows)
        except StopIteration:
            return
        except NotUtf8 as exc:
            yield RawLine(exc.line, None, exc.reason, 0)
            return
        except csv.Error as exc:
            # The lines after a broken record cannot be trusted to start records: stop here.
            yield _malformed_csv(exc, counter, first_line, header, delimiter)
            return
        size, consumed = counter.bytes_read - consumed, counter.bytes_read
        data: dict[str, Any] = {}
        if None in row:
            yield RawLine(reader.line_num, None, "more cells than the header has columns", size)
            continue
        filled = [name for name in unnamed if (row.get(name) or "").strip()]
        if filled:
            column = named + 1 + unnamed.index(filled[0])
            reason = f"a value in column {column}, which has no name in the header (its first line)"
            yield RawLine(reader.line_num, None, reason, size)
            continue
        try:
            for key, cell in row.items():
                if cell is None or cell == "" or key in unnamed:
                    continue
                data[key] = _split_csv_list(key, cell) if key in CSV_LIST_FIELDS else cell
        except ValueError as exc:
            yield RawLine(reader.line_num, None, str(exc), size)
            continue
        yield RawLine(reader.line_num, data, None, size)


def read_file(path: Path) -> Iterator[RawLine]:
    with path.open("rb") as stream:
        if is_csv(path):
            yield from read_csv(stream, "\t" if path.suffix.lower() == ".tsv" else ",")
        else:
            yield from read_jsonl(stream)


# -- preparing (in worker processes for big files) ---------------------------------------------------
@dataclass(frozen=True)
class Chunk:
    """Consecutive lines of one file as a worker gets them: JSON Lines still unparsed as (line number,
    bytes), so the parsing is done in the worker too; CSV rows already parsed (the csv module must read a
    file in order, quoted cells may span lines)."""

    path: str
    lines: list[RawLine] | list[tuple[int, bytes]]


@dataclass
class PreparedChunk:
    """A chunk validated: each good record in its stored form (and its search document, if asked),
    every problem with its line."""

    path: str
    size: int = 0
    records: int = 0
    forms: list[tuple[int, StoredForm]] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)  # encoded for the engine being built
    problems: list[ImportProblem] = field(default_factory=list)


def read_chunks(
    paths: Sequence[Path], lines: int = CHUNK_LINES, names: Sequence[str] | None = None
) -> Iterator[Chunk]:
    """The files' lines in chunks, each chunk carrying its file's name (``names``, else the path)."""
    for path, name in zip(paths, names or [str(path) for path in paths], strict=True):
        if is_csv(path):
            rows = read_file(path)
            while batch := list(itertools.islice(rows, lines)):
                yield Chunk(name, batch)
            continue
        with path.open("rb") as stream:
            numbered = enumerate(stream, start=1)
            while raw := list(itertools.islice(numbered, lines)):
                yield Chunk(name, raw)


def prepare_chunk(chunk: Chunk, *, encode: Callable[[SearchDocument], Any] | None = None) -> PreparedChunk:
    """Parse and validate a chunk; the costly part of an import, so it runs in worker processes. With
    ``encode`` (an engine's ``encode_document``), also build each record's search document."""
    prepared = PreparedChunk(chunk.path)
    for item in chunk.lines:
        raw = item if isinstance(item, RawLine) else parse_jsonl_line(*item)
        prepared.size += raw.size
        if raw.error:
            prepared.problems.append(ImportProblem(chunk.path, raw.line, raw.error_field, raw.error))
            continue
        if raw.data is None:
            continue
        prepared.records += 1
        record, problems = validate_record(raw.data)
        for problem in problems:
            prepared.problems.append(ImportProblem(chunk.path, raw.line, problem.field, problem.reason))
        if record is None:
            continue
        prepared.forms.append((raw.line, record.stored_form()))
        if encode is not None:
            prepared.documents.append(encode(document_for(record)))
    return prepared


# A line's surname as written, found without parsing the line: what sends it to a worker (``split_chunk``).
_SURNAME_VALUE = re.compile(rb'"surname"\s*:\s*"((?:[^"\\]|\\.)*)"')
# How much more than an even share of a chunk one part may take (a file of one family's records).
_PART_SLACK = 1.25


def split_chunk(chunk: Chunk, parts: int) -> list[Chunk]:
    """A chunk cut into ``parts`` chunks by surname: a surname as written always goes to the same part, so
    the worker that takes that part of every chunk is the only one to analyse the spelling (a new spelling
    costs about 90 µs; given alternate chunks, each of two workers analysed a spelling met in both, and
    at 200,000 generated records a worker analysed 15 % fewer surname words once they were shared out by
    surname). A part that has its fill passes further lines to the smallest, so a file of one family still
    keeps every worker busy. Where a line goes changes only the speed: the parts are put back in line
    order (``merge_prepared``)."""
    if parts < 2:
        return [chunk]
    fill = int(len(chunk.lines) / parts * _PART_SLACK) + 1
    routed: list[list[Any]] = [[] for _ in range(parts)]
    for item in chunk.lines:
        part = routed[_surname_hash(item) % parts]
        if len(part) >= fill:
            part = min(routed, key=len)
        part.append(item)
    return [Chunk(chunk.path, lines) for lines in routed]


def _surname_hash(item: RawLine | tuple[int, bytes]) -> int:
    """A hash of the line's surname as written (the same in every run), or its line number when none is
    seen."""
    if isinstance(item, RawLine):  # a CSV record, read already
        surname = item.data.get("surname") if isinstance(item.data, dict) else None
        written = surname.encode("utf-8", "surrogatepass") if isinstance(surname, str) else b""
    else:
        found = _SURNAME_VALUE.search(item[1])
        written = found.group(1) if found else b""
    return zlib.crc32(written) if written else item[0]


def merge_prepared(parts: Sequence[PreparedChunk]) -> PreparedChunk:
    """The prepared parts of one chunk (``split_chunk``) as one, in line order."""
    if len(parts) == 1:
        return parts[0]
    merged = PreparedChunk(parts[0].path)
    for part in parts:
        merged.size += part.size
        merged.records += part.records
    # Sorted by line only: a line's problems are all in one part, in the order they were found.
    problems = itertools.chain.from_iterable(part.problems for part in parts)
    merged.problems = sorted(problems, key=operator.attrgetter("line"))
    if any(part.documents for part in parts):  # a document for each form
        rows = heapq.merge(
            *(zip(part.forms, part.documents, strict=True) for part in parts), key=lambda row: row[0][0]
        )
        for form, document in rows:
            merged.forms.append(form)
            merged.documents.append(document)
    else:
        merged.forms = list(heapq.merge(*(part.forms for part in parts), key=operator.itemgetter(0)))
    return merged


# -- importing --------------------------------------------------------------------------------------
def prepared_chunks(
    paths: Sequence[Path],
    report: ImportReport,
    *,
    encode: Callable[[SearchDocument], Any] | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[PreparedChunk]:
    """The chunks of ``paths`` validated, in order, each holding only records whose id was not seen
    before; every problem (and duplicate id) is noted in ``report``, under the file's name there."""
    seen_ids: set[str] = set()
    duplicates: dict[str, list[tuple[str, int]]] = {}
    work = functools.partial(prepare_chunk, encode=encode)
    parallel = total_bytes(paths) >= PARALLEL_IMPORT_BYTES
    chunks = read_chunks(paths, names=report.files)
    for parts in map_parts(work, chunks, split_chunk, parallel=parallel):
        prepared = merge_prepared(parts)
        if on_progress:
            on_progress(prepared.size)
        report.records += prepared.records
        for problem in prepared.problems:
            report.note(problem)
        kept = []
        for line, form in prepared.forms:
            if form.id in seen_ids:
                duplicates.setdefault(form.id, []).append((prepared.path, line))
            else:
                seen_ids.add(form.id)
                kept.append((line, form))
        prepared.forms = kept
        yield prepared
    if duplicates:
        _report_duplicates(paths, duplicates, report)
    # Duplicate ids are found only at the end: sorted, the report reads down each file in turn.
    file_order: dict[str, int] = {}
    for index, name in enumerate(report.files):
        file_order.setdefault(name, index)
    report.problems.sort(key=lambda problem: (file_order.get(problem.file, 0), problem.line))


def _report_duplicates(
    paths: Sequence[Path], duplicates: dict[str, list[tuple[str, int]]], report: ImportReport
) -> None:
    # Rare, so the first occurrence is found by reading again rather than keeping every id's line.
    first: dict[str, tuple[str, int]] = {}
    for path, name in zip(paths, report.files, strict=True):
        for raw in read_file(path):
            if isinstance(raw.data, dict):
                rid = raw.data.get("id")
                if isinstance(rid, str) and rid in duplicates and rid not in first:
                    first[rid] = (name, raw.line)
    for rid, places in duplicates.items():
        where = first.get(rid, ("?", 0))
        for file, line in places:
            report.note(
                ImportProblem(file, line, "id", f"duplicate id {rid!r}: also on {where[0]} line {where[1]}")
            )


# Spreadsheet workbooks, by name or by their first bytes (a zip: .xlsx, .ods; OLE2: Excel 97's .xls). Read as
# JSON Lines they failed with "line 1: not valid JSON", which tells a volunteer nothing about what to do.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers"})
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
WORKBOOK_REASON = "a spreadsheet workbook, not CSV or JSON Lines: save it as CSV (UTF-8) and import that file"


def is_workbook(upload: BinaryIO, filename: str | None) -> bool:
    """Whether the file is a spreadsheet workbook (Excel, LibreOffice, Numbers) rather than a text file."""
    if Path(filename or "").suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    head = upload.read(8)
    upload.seek(0)
    return head.startswith(WORKBOOK_SIGNATURES)


def _check_files(paths: Sequence[Path], dry_run: bool, names: Sequence[str] | None = None) -> ImportReport:
    report = ImportReport(files=list(names or [str(p) for p in paths]), dry_run=dry_run)
    for path, name in zip(paths, report.files, strict=True):
        if not path.is_file():
            report.note(ImportProblem(name, 0, "(file)", "no such file"))
            continue
        with path.open("rb") as opened:
            if is_workbook(opened, name):
                report.note(ImportProblem(name, 0, "(file)", WORKBOOK_REASON))
    if not report.ok:
        raise ImportRejected(report.summary(), details=report)
    return report


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    names: Sequence[str] | None = None,
) -> ImportReport:
    """Import ``paths`` all or nothing. Raises ImportRejected (carrying the report) if any line is bad.

    ``names`` are what the report calls the files, one for each path (an upload's own name, bad.csv,
    rather than the path of its temporary copy); the paths as given by default."""
    report = _check_files(paths, dry_run, names)
    with store.transaction() as conn:
        for prepared in prepared_chunks(paths, report, on_progress=on_progress):
            if report.ok:  # else keep reading to report every problem, but write nothing more
                report.counts.add(store.write_stored(conn, [form for _, form in prepared.forms]))
        if not report.ok or dry_run:
            conn.rollback()
    if not report.ok:
        raise ImportRejected(report.summary(), details=report)
    return report


def import_files_indexing(
    store: Store,
    engine: SearchEngine,
    paths: Sequence[Path],
    *,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """``import_files`` into an EMPTY store, building the engine's index from the same pass: each record
    is read, validated and analysed once, where an import followed by a rebuild would read the store
    back and validate every record again. The store is committed before the new index is swapped in, so
    a search never finds a record the store lacks; if the import is rejected, the new index is dropped.

    When the engine fails after the records were committed, ``report.index_error`` says why (the index
    only lags: the outbox holds every change); when it fails before, EngineUnavailable/EngineError is
    raised and nothing was imported."""
    report = _check_files(paths, False)
    position_before = store.last_change_seq()

    def documents() -> Generator[list[Any], None, None]:
        with store.transaction() as conn:
            for prepared in prepared_chunks(
                paths, report, encode=engine.encode_document, on_progress=on_progress
            ):
                if report.ok:
                    report.counts.add(store.write_stored(conn, [form for _, form in prepared.forms]))
                    yield prepared.documents
            if not report.ok:
                conn.rollback()
                raise ImportRejected(report.summary(), details=report)
        report.committed = True

    try:
        with contextlib.closing(documents()) as batches:
            engine.rebuild(batches, position_before)
        engine.commit(store.last_change_seq())
    except (EngineUnavailable, EngineError) as exc:
        if not report.committed:
            raise
        report.index_error = exc.message
    return report


def total_bytes(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())
