"""Bulk jobs: batches mapped in order, in this process or in workers; the collector's settings restored."""

from __future__ import annotations

import gc
import os

import pytest

from indexer.bulk import map_batches, map_parts, relaxed_gc, worker_count


def _square_all(batch: list[int]) -> list[int]:
    if -1 in batch:
        raise ValueError("a bad batch")
    return [n * n for n in batch]


@pytest.mark.parametrize("parallel", [False, True])
def test_batches_come_back_in_order(parallel: bool) -> None:
    batches = ([n, n + 1] for n in range(0, 40, 2))  # read lazily
    assert [x for out in map_batches(_square_all, batches, parallel=parallel) for x in out] == [
        n * n for n in range(40)
    ]


@pytest.mark.parametrize("parallel", [False, True])
def test_a_failing_batch_raises_in_the_caller(parallel: bool) -> None:
    with pytest.raises(ValueError, match="a bad batch"):
        list(map_batches(_square_all, [[1], [-1], [2]], parallel=parallel))


def test_relaxed_gc_restores_the_collector() -> None:
    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold()[0] > before[0]
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), relaxed_gc():
        raise RuntimeError("the job failed")
    assert gc.get_threshold() == before


def test_overlapping_jobs_restore_the_collector_when_the_last_ends() -> None:
    before = gc.get_threshold()
    first, second = relaxed_gc(), relaxed_gc()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first job ends while the second still runs
    assert gc.get_threshold() != before
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def _halves(batch: list[int], parts: int) -> list[list[int]]:
    return [[n for n in batch if n % parts == part] for part in range(parts)]


def _squares_and_worker(batch: list[int]) -> tuple[list[int], int]:
    return _square_all(batch), os.getpid()


@pytest.mark.parametrize("parallel", [False, True])
def test_parts_come_back_in_order_each_part_always_in_the_same_worker(parallel: bool) -> None:
    batches = [[n, n + 1, n + 2, n + 3] for n in range(0, 40, 4)]
    results = list(map_parts(_squares_and_worker, iter(batches), _halves, parallel=parallel))
    parts = worker_count() if parallel else 1  # uncut in this process
    assert [[squares for squares, _ in found] for found in results] == [
        [_square_all(part) for part in _halves(batch, parts)] for batch in batches
    ]
    workers = [{found[part][1] for found in results} for part in range(parts)]
    assert all(len(pids) == 1 for pids in workers)  # part i always in the same process
    assert len(set().union(*workers)) == parts  # and each part in its own


@pytest.mark.parametrize("parallel", [False, True])
def test_a_failing_part_raises_in_the_caller(parallel: bool) -> None:
    with pytest.raises(ValueError, match="a bad batch"):
        list(map_parts(_square_all, [[1, 2], [-1, 3], [2, 4]], _halves, parallel=parallel))
