"""Imports started from the staff page: run in a background thread, their state in one JSON file per job.

A spreadsheet of 500,000 lines takes a minute to import, so the page that receives it answers at once with a
job page, which shows how much of the file has been read and, once done, the import's report. The server
may run several processes (``memorial serve --workers 2``) and the job page's request may reach another one
than the process running the import, so a job's state lives in a file under MEMORIAL_HOME
(``imports/<id>.json``, replaced atomically), never only in one process's memory.

A job file left "running" by a process that is gone (the server restarted mid-import) reads as interrupted:
the import's transaction was never committed, so nothing was imported. The staff API's import
(``POST /api/staff/imports``) does not use jobs: it answers with its report, as scripts expect.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from indexer.engines.base import SearchEngine
from indexer.importing import ImportReport
from indexer.store import Store
from service.staff_writes import discard_upload, import_saved, index_import, report_json
from service.sync_worker import SyncWorker

log = logging.getLogger(__name__)

JOBS_FOLDER = "imports"  # under MEMORIAL_HOME
# What secrets.token_urlsafe makes; anything else in the address is no job (and never a path: ../x).
JOB_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Progress is written at most this often: a 500,000-line file reports 250 parts of 2,000 lines, and the
# page asks once a second.
PROGRESS_INTERVAL_S = 0.25
# A job's file is kept this long after its last change (removed when a later import starts).
KEEP_S = 24 * 3600
# A job page lists this many bad lines; the job file keeps only those (the API returns all the report kept).
SHOWN_PROBLEMS = 1000

IMPORTING, INDEXING, DONE, FAILED, INTERRUPTED = "importing", "indexing", "done", "failed", "interrupted"

# Jobs whose thread runs in this process. A job file naming this process's pid but no job here was left
# by an earlier server that had the same pid: in a container, the server is process 1 after every restart.
_running_here: set[str] = set()
_lock = threading.Lock()


@dataclass
class ImportJob:
    id: str
    file: str  # as uploaded
    dry_run: bool
    size: int  # bytes
    pid: int  # the process running it, and when that process started (``process_started``)
    process_started: str | None
    started: float  # time.time()
    state: str = IMPORTING  # importing, indexing, done, failed; "interrupted" only as read (``read_job``)
    bytes_read: int = 0
    report: dict[str, Any] | None = None  # as the staff API answers it, with SHOWN_PROBLEMS problems at most
    indexed: bool = False

    @property
    def running(self) -> bool:
        return self.state in (IMPORTING, INDEXING)

    @property
    def fraction(self) -> float:
        """How much of the file has been read, from 0 to 1."""
        return min(1.0, self.bytes_read / self.size) if self.size else 1.0


def jobs_folder(home: Path) -> Path:
    return home / JOBS_FOLDER


def write_job(home: Path, job: ImportJob) -> None:
    """Write the job's file whole, through a temporary file and a rename: a reader in another process sees
    the old state or the new one, never half a file."""
    folder = jobs_folder(home)
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{job.id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(job), out, ensure_ascii=False)
        os.replace(temporary, folder / f"{job.id}.json")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_job(home: Path, job_id: str) -> ImportJob | None:
    """The job as its file says, or None if there is no such job. A running job whose process is gone
    is read as interrupted."""
    if not JOB_ID.fullmatch(job_id):
        return None
    job = _load(home, job_id)
    if job is not None and job.running and _owner_gone(job):
        # Its thread may have ended between the read and the look at the owner: it writes the last state
        # before it lets go of the job, so a second read tells an ended job from an interrupted one.
        again = _load(home, job_id)
        return again if again is not None and not again.running else replace(job, state=INTERRUPTED)
    return job


def _load(home: Path, job_id: str) -> ImportJob | None:
    try:
        return ImportJob(**json.loads((jobs_folder(home) / f"{job_id}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # none, or not a job file this version wrote
        return None


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks after boot, from Linux's /proc), or None if there is no
    such process: a pid alone may be a new process's by now. Without /proc, only whether it exists."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # it exists, run by someone else
        return "?"
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "pid (name) state ppid ...": the name may hold spaces and parentheses; start time is field 22.
    return stat.rsplit(")", 1)[1].split()[19]


def _owner_gone(job: ImportJob) -> bool:
    if job.pid == os.getpid():
        with _lock:
            return job.id not in _running_here
    return process_start(job.pid) != job.process_started


def prune_jobs(home: Path, keep: float = KEEP_S) -> None:
    """Remove job files (and temporary files of writes cut short) not changed for ``keep`` seconds."""
    folder = jobs_folder(home)
    if not folder.is_dir():
        return
    cutoff = time.time() - keep
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # removed meanwhile by another process's prune
            continue


class _Progress:
    """The ``on_progress`` of ``import_files``: it is given the bytes of each part of the file read."""

    def __init__(self, home: Path, job: ImportJob) -> None:
        self.home, self.job, self.written = home, job, 0.0

    def __call__(self, size: int) -> None:
        self.job.bytes_read = min(self.job.size, self.job.bytes_read + size)
        now = time.monotonic()
        if now - self.written >= PROGRESS_INTERVAL_S:
            self.written = now
            write_job(self.home, self.job)


def start_import(
    home: Path,
    store: Store,
    engine: SearchEngine,
    worker: SyncWorker,
    path: Path,
    filename: str,
    *,
    dry_run: bool,
) -> ImportJob:
    """Start importing a saved upload (``save_upload``; the job removes it when done) in a thread."""
    try:
        pid = os.getpid()
        job = ImportJob(
            id=secrets.token_urlsafe(16),
            file=filename,
            dry_run=dry_run,
            size=path.stat().st_size,
            pid=pid,
            process_started=process_start(pid),
            started=time.time(),
        )
        prune_jobs(home)
        write_job(home, job)
    except BaseException:
        discard_upload(path)
        raise
    with _lock:
        _running_here.add(job.id)
    thread = threading.Thread(
        target=_run, args=(home, store, engine, worker, path, job), name=f"import-{job.id}", daemon=True
    )
    thread.start()
    return job


def _run(
    home: Path, store: Store, engine: SearchEngine, worker: SyncWorker, path: Path, job: ImportJob
) -> None:
    try:
        report = import_saved(store, path, job.file, dry_run=job.dry_run, on_progress=_Progress(home, job))
    except Exception:
        # The import's transaction was rolled back: nothing was imported, and the page says so.
        log.exception("import of %s (job %s) failed; nothing was imported", job.file, job.id)
        job.state = FAILED
    else:
        body = report_json(report, job.file)
        if "problems" in body:
            body["problems"] = body["problems"][:SHOWN_PROBLEMS]
        job.report = body
        if report.ok and not report.dry_run:
            job.state = INDEXING
            write_job(home, job)
            job.indexed = _index(worker, store, engine, job, report)
        job.state = DONE
    finally:
        discard_upload(path)
        try:
            write_job(home, job)
        finally:
            with _lock:
                _running_here.discard(job.id)


def _index(
    worker: SyncWorker, store: Store, engine: SearchEngine, job: ImportJob, report: ImportReport
) -> bool:
    try:
        return index_import(worker, store, engine, report)
    except Exception:
        # The records are in the store and the outbox: the sync worker indexes them, as when the engine is
        # down, so the report stands ("the search will show the changes in a few minutes").
        log.exception("import of %s (job %s) was written but not indexed", job.file, job.id)
        worker.poke()
        return False
