"""What makes a job over every record (a million-record import, a rebuild) fast in Python.

Two things, measured on the import of 30,000 generated records: spreading the work done per record
(parsing, validating, name analysis) over worker processes, one per core, while this process writes the
store and feeds the index; and keeping the cycle collector from walking the millions of long-lived objects
(the name-analysis caches, the tantivy writer's inputs) over and over while short-lived ones are made by
the million — that alone took a third of the time.

A job whose work is cached per item (an import analyses each surname spelling once per process) can also
give each worker the same share of the items every time (``map_parts``): a spelling that two workers both
meet is analysed twice.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A young-generation collection every 100,000 allocations instead of 700: the objects a batch makes hold
# no reference cycles (records, documents, rows), so reference counting frees them without the collector.
_BULK_THRESHOLD = (100_000, 50, 100)


_relaxed_jobs = 0
_relaxed_lock = threading.Lock()
_threshold_before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect cycles rarely during a bulk job, and never walk what existed before it (frozen). Jobs may
    overlap in one process (the server's background rebuild and a staff upload): the first to start
    relaxes the collector, the last to end restores it."""
    global _relaxed_jobs, _threshold_before
    with _relaxed_lock:
        if _relaxed_jobs == 0:
            _threshold_before = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(*_BULK_THRESHOLD)
        _relaxed_jobs += 1
    try:
        yield
    finally:
        with _relaxed_lock:
            _relaxed_jobs -= 1
            if _relaxed_jobs == 0:
                gc.set_threshold(*_threshold_before)
                gc.unfreeze()


def _forkserver(work: Callable[..., object]) -> multiprocessing.context.BaseContext:
    """The forkserver context (the workers must not inherit the engine's threads: tantivy writes from Rust
    threads), its server started with the module of ``work`` imported, so that each worker is forked with
    it (and what it imports: the name analysis, the record models) already in memory instead of importing
    it first: 0.7 s of CPU for each worker at the start of a job, while the first chunks wait. Only the
    first job of a process starts the server; a later one's workers import what the server lacks."""
    context = multiprocessing.get_context("forkserver")
    module = getattr(work, "func", work).__module__  # a functools.partial's function
    context.set_forkserver_preload(["__main__", module])  # __main__ is the default
    return context


def _worker_started() -> None:
    gc.freeze()  # the modules imported so far live as long as the worker
    gc.set_threshold(*_BULK_THRESHOLD)


def map_batches(
    work: Callable[[T], R], batches: Iterable[T], *, parallel: bool, window_per_worker: int = 2
) -> Iterator[R]:
    """``work`` applied to each batch, in order; in worker processes when ``parallel`` (and there is more
    than one core). ``batches`` is read lazily and only a few are in flight, so memory stays flat however
    many records pass through. ``work`` must be a module-level function (or a partial of one)."""
    workers = worker_count()
    if not parallel or workers < 2:
        with relaxed_gc():
            for batch in batches:
                yield work(batch)
        return
    context = _forkserver(work)
    pending: deque[Future[R]] = deque()
    with (
        relaxed_gc(),
        ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_started) as pool,
    ):
        for batch in batches:
            pending.append(pool.submit(work, batch))
            if len(pending) >= workers * window_per_worker:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def worker_count() -> int:
    """How many worker processes a parallel job uses: one per core."""
    return os.cpu_count() or 1


def map_parts(
    work: Callable[[T], R],
    batches: Iterable[T],
    split: Callable[[T, int], Sequence[T]],
    *,
    parallel: bool,
    window_per_worker: int = 2,
) -> Iterator[list[R]]:
    """``work`` applied to each batch cut by ``split`` into one part per worker, part i of every batch
    always in worker i, so that each worker keeps meeting the items its caches hold; the results of each
    batch's parts in their order, batch after batch. In this process, and uncut, when not ``parallel``
    (or with one core). Otherwise as ``map_batches``."""
    workers = worker_count()
    if not parallel or workers < 2:
        with relaxed_gc():
            for batch in batches:
                yield [work(batch)]
        return
    context = _forkserver(work)
    pending: deque[list[Future[R]]] = deque()
    with relaxed_gc(), ExitStack() as pools_open:
        # One pool of one process per worker: a shared pool hands a task to whichever worker is free.
        pools = [
            pools_open.enter_context(
                ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_worker_started)
            )
            for _ in range(workers)
        ]
        for batch in batches:
            parts = split(batch, workers)
            pending.append([pool.submit(work, part) for pool, part in zip(pools, parts, strict=True)])
            if len(pending) >= workers * window_per_worker:
                yield [future.result() for future in pending.popleft()]
        while pending:
            yield [future.result() for future in pending.popleft()]
