"""A background thread that keeps the search index in step with the store's outbox.

Writes always land in the store first, with a change row in the same transaction. The worker applies
those changes (``indexer.sync.catch_up``) every few seconds, so a record a staff member saves while
Meilisearch is down reaches the index once Meilisearch is back: the change waits in the outbox, nothing is
lost, and the index's position moves only after Meilisearch confirmed the write.

After a failure it waits longer each time (1, 2, 4 ... 60 s) so a server that is down is not hammered;
the first success resets the wait. If the index is missing (Meilisearch lost its volume, or the embedded
index was deleted), it is rebuilt from the store.

It is safe with the embedded engine too: there it usually finds nothing to do, because the command line
indexes its own imports, and a write lock held by another process (``Conflict``) only means "later".
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from indexer.engines.base import SearchEngine
from indexer.errors import Conflict, EngineUnavailable, MemorialError
from indexer.store import Store
from indexer.sync import catch_up, rebuild

log = logging.getLogger(__name__)

INTERVAL_S = 2.0
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 60.0


def backoff_after(failures: int, first: float = FIRST_BACKOFF_S, cap: float = MAX_BACKOFF_S) -> float:
    """Seconds to wait after ``failures`` failures in a row: 1, 2, 4 ... capped at one minute."""
    return min(cap, first * 2 ** max(failures - 1, 0))


@dataclass
class SyncStatus:
    applied: int = 0  # changes applied since the worker started
    failures: int = 0  # failures in a row; 0 after a success
    last_error: str | None = None
    last_success: float | None = None  # time.monotonic() of the last successful pass


class SyncWorker:
    """Calls ``catch_up`` periodically in a daemon thread; ``poke`` asks for a pass now."""

    def __init__(
        self,
        store: Store,
        engine: SearchEngine,
        *,
        interval: float = INTERVAL_S,
        first_backoff: float = FIRST_BACKOFF_S,
        max_backoff: float = MAX_BACKOFF_S,
    ) -> None:
        self.store = store
        self.engine = engine
        self.interval = interval
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.status = SyncStatus()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pass_lock = threading.Lock()  # one pass at a time, whoever asks
        self._applied_up_to: int | None = None  # the outbox position the last successful pass reached
        self._thread: threading.Thread | None = None

    # -- one pass -----------------------------------------------------------------------------------
    def run_once(self) -> int:
        """Apply what the index lacks; rebuild it if it is missing. Raises what the engine raised."""
        with self._pass_lock:
            newest = self.store.last_change_seq()
            if self._applied_up_to is not None and newest <= self._applied_up_to:
                return 0  # nothing new in the outbox: no need to ask the engine where it stands
            try:
                applied = catch_up(self.store, self.engine)
            except EngineUnavailable:
                if not self.engine.needs_rebuild():  # raises again while the engine is still down
                    raise
                log.warning("search index missing or outdated; rebuilding it from the store")
                rebuild(self.store, self.engine)
                applied = 0
            self._applied_up_to = newest
        return applied

    def step(self) -> float:
        """One pass with its bookkeeping; returns how long to wait before the next one."""
        try:
            applied = self.run_once()
        except Conflict as exc:  # another process holds the embedded index's writer: it is indexing
            log.info("index busy: %s", exc.message)
            return self.interval
        except Exception as exc:  # noqa: BLE001 - any failure is retried; the outbox keeps the changes
            self.status.failures += 1
            self.status.last_error = exc.message if isinstance(exc, MemorialError) else repr(exc)
            wait = backoff_after(self.status.failures, self.first_backoff, self.max_backoff)
            log.warning(
                "index sync failed (%d in a row), retrying in %g s: %s",
                self.status.failures,
                wait,
                self.status.last_error,
            )
            return wait
        if self.status.failures:
            log.info("index sync recovered after %d failure(s)", self.status.failures)
        self.status.applied += applied
        self.status.failures, self.status.last_error = 0, None
        self.status.last_success = time.monotonic()
        return self.interval

    def _run(self) -> None:
        wait = self.interval
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            if self._stop.is_set():
                return
            wait = self.step()

    # -- lifecycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="memorial-index-sync", daemon=True)
            self._thread.start()

    def poke(self) -> None:
        """Ask for a pass now (after a staff write, say) instead of at the next interval."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
