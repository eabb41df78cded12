"""Bulk jobs: batches mapped in order, in this process or in workers; the collector's settings restored."""

from __future__ import annotations

import gc

import pytest

from indexer.bulk import map_batches, relaxed_gc


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
