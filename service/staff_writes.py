"""Staff writes, shared by the staff API and the staff pages: each goes to the store with its outbox row in
one transaction, then to the search index at once when the engine lets it (else the sync worker applies it
a few seconds later)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError

from indexer.engines.base import SearchEngine
from indexer.errors import Conflict, EngineError, EngineUnavailable, ImportRejected, InvalidRequest, NotFound
from indexer.importing import ImportReport, ProgressCallback, import_files
from indexer.records import Record, validate_record
from indexer.store import Store
from indexer.sync import catch_up
from service.sync_worker import SyncWorker

log = logging.getLogger(__name__)
# An upload changing more records than this is indexed by the sync worker rather than before the report.
INDEX_IN_REQUEST = 20_000
COPY_CHUNK = 1 << 20


def index_now(store: Store, engine: SearchEngine) -> bool:
    """Apply the outbox now so a change is searchable at once; False leaves it to the sync worker."""
    try:
        catch_up(store, engine)
    except (Conflict, EngineUnavailable, EngineError) as exc:  # written and safe in the outbox: only later
        log.info("change written; the sync worker will index it: %s", exc.message)
        return False
    return True


def valid_record(data: Any) -> Record:
    """The record, or InvalidRequest naming every field and what is wrong with it."""
    record, problems = validate_record(data)
    if record is None:
        message = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        raise InvalidRequest(message, details=[p.model_dump() for p in problems])
    return record


def _id_taken(record_id: str) -> Conflict:
    return Conflict(f"a record with id {record_id!r} exists", details={"field": "id", "id": record_id})


def create_record(store: Store, record: Record) -> None:
    """Write a new record; Conflict if the id is taken (the existing record is left as it was)."""
    try:
        with store.transaction() as conn:
            if not store.write_records(conn, [record]).created:
                raise _id_taken(record.id)  # leaving the block rolls back whatever write_records did
    except IntegrityError as exc:  # created by someone else between our look and our insert
        raise _id_taken(record.id) from exc


class StaleVersion(Conflict):
    """The record changed since the writer read it: two people editing one record would otherwise lose
    the first one's change without a word."""

    status_code = 412  # the If-Match precondition of the API's PUT failed
    code = "stale_version"


ANY_VERSION = "*"


def etag_versions(if_match: str | None) -> frozenset[str] | None:
    """The versions an If-Match header accepts (RFC 9110): each ETag's value without its quotes or weak
    W/ mark, or ``*`` for any version of an existing record; None without the header."""
    if not if_match or not if_match.strip():
        return None
    tags = (tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(","))
    return frozenset(tag for tag in tags if tag)


def save_record(store: Store, record: Record, expected: frozenset[str] | None = None) -> str:
    """Create or replace a record; says which: ``created``, ``updated`` or ``unchanged``. With
    ``expected`` (the content hashes the writer accepts, as read before; ``*`` any), only if the record is
    still one of them: else ``StaleVersion``, and nothing is written."""
    try:
        with store.transaction() as conn:
            if expected is not None:
                current = store.version(conn, record.id)
                if current is None or (ANY_VERSION not in expected and current not in expected):
                    now = f"it is now version {current}" if current else "there is no such record"
                    raise StaleVersion(
                        f"record {record.id!r} is not the version the change was made to ({now});"
                        " read it again and repeat the change",
                        details={"field": "version", "current_version": current},
                    )
            counts = store.write_records(conn, [record])
    except IntegrityError as exc:
        raise Conflict(f"record {record.id!r} was created meanwhile; send it again") from exc
    return "created" if counts.created else "updated" if counts.updated else "unchanged"


def remove_record(store: Store, record_id: str) -> None:
    with store.transaction() as conn:
        if not store.delete_record(conn, record_id):
            raise NotFound(f"no record with id {record_id!r}", details={"id": record_id})


def upload_suffix(filename: str | None) -> str:
    """``.csv`` and ``.tsv`` uploads are read as CSV, anything else as JSON Lines (as on the command line)."""
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in {".csv", ".tsv"} else ".jsonl"


def save_upload(upload: BinaryIO, filename: str | None) -> Path:
    """Copy an upload in chunks to a file in a temporary folder of its own (``discard_upload`` removes it):
    a spreadsheet of a million lines is never held in memory, and the copy outlives the request that
    brought it, for an import the staff page runs in the background."""
    folder = Path(tempfile.mkdtemp(prefix="memorial-upload-"))
    path = folder / f"upload{upload_suffix(filename)}"
    try:
        with path.open("wb") as out:
            shutil.copyfileobj(upload, out, COPY_CHUNK)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


def discard_upload(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def import_saved(
    store: Store,
    path: Path,
    filename: str | None,
    *,
    dry_run: bool,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a saved upload all or nothing; the report says what was written or every bad line.

    The report names the file as it was uploaded (a duplicate id is "also on cards.csv line 3"), never by
    its temporary copy's path. ``on_progress`` gets the bytes of each part of the file read."""
    try:
        return import_files(
            store, [path], dry_run=dry_run, names=[filename or path.name], on_progress=on_progress
        )
    except ImportRejected as exc:
        assert isinstance(exc.details, ImportReport)
        return exc.details


def import_upload(store: Store, upload: BinaryIO, filename: str | None, *, dry_run: bool) -> ImportReport:
    """Import an uploaded file all or nothing, before answering (the staff API)."""
    path = save_upload(upload, filename)
    try:
        return import_saved(store, path, filename, dry_run=dry_run)
    finally:
        discard_upload(path)


def report_json(report: ImportReport, filename: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"file": filename, "dry_run": report.dry_run, "records": report.records}
    if not report.ok:
        problems = [{"line": p.line, "field": p.field, "reason": p.reason} for p in report.problems]
        return body | {"problem_count": report.problem_count, "problems": problems}
    counts = report.counts
    return body | {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}


def index_import(worker: SyncWorker, store: Store, engine: SearchEngine, report: ImportReport) -> bool:
    """Make an import's changes searchable now; False when that is left to the sync worker."""
    if report.dry_run or not report.counts.created + report.counts.updated:
        return True
    if report.counts.created + report.counts.updated > INDEX_IN_REQUEST:
        worker.poke()
        return False
    return index_now(store, engine)
