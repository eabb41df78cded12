"""The production engine: a Meilisearch server, through the official ``meilisearch`` client.

Documents carry the keys the name analysis computed (the same ``SearchDocument`` the embedded engine
indexes); the index settings that make them searchable are stated once, in ``index_settings``. How a query
becomes a federated multi-search, and how its hits are ranked by the project's policy, is in
``meili_query`` (with the ranking differences that remain).

Writes: ``upsert`` sends documents in batches of 5,000 and ``delete`` sends deletions as they come;
``commit`` waits for every task sent and checks that each succeeded (the client returns a failed task
without raising), and only then sends the last documents together with the index's state document, the
outbox position it has applied. So the index never claims a change it has not got, and a change sent
twice (after a failure between two tasks) is an upsert of the same record, which changes nothing.

Rebuild: a fresh index ``<uid>__rebuild`` is filled and then swapped with the live one in one task
(``POST /swap-indexes``); searches go on against the old contents until the swap.

Keys: searches use the search-only key, writes the indexing key; neither is the master key. ``python -m
indexer.engines.meili create-keys`` creates both with the master key, once.

The client is synchronous (requests): call it from plain ``def`` routes or threads, never from ``async def``.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)
from meilisearch.models.task import TaskInfo

from indexer.documents import (
    EMBEDDED_ONLY_FIELDS,
    F_BIRTH_DECADE,
    F_BIRTH_YEAR,
    F_CAMP,
    F_FATE,
    F_GIVEN_EXACT,
    F_GIVEN_KEY,
    F_ID,
    F_NAME_WORDS,
    F_NATIONALITY,
    F_NUMBER,
    F_PATRONYMIC_KEY,
    F_SUMMARY,
    F_SURNAME_EXACT,
    F_SURNAME_KEY,
    F_SURNAME_PHONETIC,
    MEILI_KEY_FIELDS,
    SearchDocument,
)
from indexer.engines.base import SearchEngine, SearchQuery, SearchResult
from indexer.engines.meili_query import candidate_window, quote, search_in_stages
from indexer.errors import EngineError, EngineUnavailable
from indexer.names.typos import MIN_WORD_LENGTH_FOR_ONE_TYPO, MIN_WORD_LENGTH_FOR_TWO_TYPOS
from indexer.settings import Settings

log = logging.getLogger(__name__)

# Bump when the document shape, the settings or the name analysis change: an index of an older format is
# rebuilt. 2: German djo read as дё, initials, akanye family keys (as the embedded engine's format 3);
# 3: Belarusian, Moldovan, Polish nasal, Estonian and Uzbek spellings (as the embedded engine's format 4);
# 4: Dutch, Scandinavian, Hungarian, Italian and Spanish spellings and the rest of the embedded engine's
# format 5; 5: the surname as written, to rank ties (embedded format 6); 6: the readings and sound
# codes of the record's name words, read back to explain and order hits (embedded format 7); 7: word-initial
# tsh as ч and a clerk's feminine -ава as a family form of the men's -ов (embedded format 8); 8: a clerk's
# а for о read back in a given name (Nikalai, Saja) and the new given-name classes (embedded format 9);
# 9: a name variant's word that spells the record's surname stays a surname (embedded format 10);
# 10: ch and x read one way through a word (embedded format 11); 11: the surname's consonant frames
# (embedded format 12); 12: Polish ab between consonants also read омб (embedded format 13); 13: French yj,
# Azerbaijani h and c, invisible characters dropped from names, national forms, the sex in the summary,
# the birth place's areas (embedded format 15); 14: Belarusian я as a family form, the Uzbek ʻ typed as ‘,
# German adjectival areas (embedded format 16); 15: the ids of the camps a record names (embedded format 17).
# 16: a patronymic held in the given-name field indexed as the patronymic (embedded format 18); 17: Ukrainian
# forms of place words, Ukrainian areas and regions, a place's republic (embedded format 19); 18: a
# word-initial Latin q also read г, a Romanian t also read ц, English -iyev read as Azerbaijani (embedded
# format 20).
FORMAT_VERSION = 18
# Longer than any record id can be (64), so no record can ever overwrite the index's state.
STATE_ID = "_memorial_index_state_kept_beside_the_records_longer_than_any_record_id_"
assert len(STATE_ID) > 64
REBUILD_SUFFIX = "__rebuild"
BATCH_SIZE = 5000
IDS_PER_DELETE = 1000
MAX_TASKS_IN_FLIGHT = 4
# Writes may take longer than searches: a batch of 5,000 documents, settings on a large index.
WRITE_TIMEOUT_S = 60.0
TASK_TIMEOUT_S = 600.0
FACET_SIZE = 30  # as the embedded engine's facets
# What the indexing key may do: build, fill, swap and drop the service's indexes; nothing with keys.
INDEXING_ACTIONS = [
    "search",
    "documents.add",
    "documents.get",
    "documents.delete",
    "indexes.create",
    "indexes.get",
    "indexes.delete",
    "indexes.swap",
    "settings.get",
    "settings.update",
    "stats.get",
    "tasks.get",
]


def index_settings(max_total_hits: int) -> dict[str, Any]:
    """Every setting of the index, in one place."""
    equality = {"facetSearch": False, "filter": {"equality": True, "comparison": False}}
    comparison = {"facetSearch": False, "filter": {"equality": True, "comparison": True}}
    return {
        # Only the keys are searched, and only with a typo budget: names as written are matched through
        # their exact spelling key by filter. Numbers and phonetic codes are searchable so an operator
        # can look one up in Meilisearch itself, but never with a typo: 88349 is not 88348.
        "searchableAttributes": [
            F_SURNAME_KEY,
            F_GIVEN_KEY,
            F_PATRONYMIC_KEY,
            F_SURNAME_EXACT,
            F_GIVEN_EXACT,
            F_NUMBER,
            F_SURNAME_PHONETIC,
        ],
        "filterableAttributes": [
            {
                "attributePatterns": [F_ID, *MEILI_KEY_FIELDS, F_CAMP, F_NATIONALITY, F_FATE],
                "features": equality,
            },
            {"attributePatterns": [F_BIRTH_YEAR, F_BIRTH_DECADE], "features": comparison},
        ],
        "sortableAttributes": [F_BIRTH_YEAR],
        # One key per keyword search: proximity means nothing, fewer typos and the surname field matter.
        "rankingRules": ["words", "typo", "attribute", "exactness", "proximity", "sort"],
        "typoTolerance": {
            "enabled": True,
            # The embedded engine's budget (indexer.names.typos), which is Meilisearch's default, stated.
            "minWordSizeForTypos": {
                "oneTypo": MIN_WORD_LENGTH_FOR_ONE_TYPO,
                "twoTypos": MIN_WORD_LENGTH_FOR_TWO_TYPOS,
            },
            "disableOnAttributes": [F_NUMBER, F_SURNAME_PHONETIC],
            "disableOnNumbers": True,
        },
        # "Pogo" must not find Pogozhev: the embedded engine has no prefix matching either.
        "prefixSearch": "disabled",
        "proximityPrecision": "byAttribute",
        "stopWords": [],
        "synonyms": {},
        "pagination": {"maxTotalHits": max_total_hits},
        "faceting": {"maxValuesPerFacet": FACET_SIZE, "sortFacetValuesBy": {"*": "count"}},
        "facetSearch": False,
    }


def meili_document(doc: SearchDocument) -> dict[str, Any]:
    body: dict[str, Any] = {
        F_ID: doc.id,
        **{name: terms for name, terms in doc.terms.items() if name not in EMBEDDED_ONLY_FIELDS},
        F_CAMP: doc.camps,
        F_SUMMARY: doc.summary,
        F_NAME_WORDS: doc.name_words,
    }
    for name, value in (
        (F_NATIONALITY, doc.nationality),
        (F_FATE, doc.fate),
        (F_BIRTH_YEAR, doc.birth_year),
        (F_BIRTH_DECADE, doc.birth_decade),
    ):
        if value is not None:
            body[name] = value
    return body


def state_document(applied_seq: int) -> dict[str, Any]:
    """The index's own state, a document without keys: no search can match it."""
    return {F_ID: STATE_ID, "memorial_state": {"format": FORMAT_VERSION, "applied_seq": applied_seq}}


@contextlib.contextmanager
def translated(action: str, timeout: float) -> Iterator[None]:
    """Client errors become the project's errors: down or slow means unavailable (503), a refusal means
    a bug or a misconfiguration (502)."""
    try:
        yield
    except MeilisearchTimeoutError as exc:
        log.warning("Meilisearch timed out (%s): %s", action, exc)
        raise EngineUnavailable(
            f"the search engine did not answer within {timeout:g} s; try again shortly"
        ) from exc
    except (MeilisearchCommunicationError, requests.RequestException) as exc:
        log.warning("Meilisearch unreachable (%s): %s", action, exc)
        raise EngineUnavailable("the search engine cannot be reached; try again shortly") from exc
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            raise EngineUnavailable("the search index is not built yet; run `memorial reindex`") from exc
        if exc.status_code >= 500:
            raise EngineUnavailable(f"the search engine failed: {exc.message}") from exc
        raise EngineError(
            f"Meilisearch refused to {action}: {exc.message}", details={"code": exc.code}
        ) from exc
    except (MeilisearchError, ValueError) as exc:  # a response the client could not read
        raise EngineError(f"Meilisearch gave an unreadable answer to {action}: {exc}") from exc


class MeilisearchEngine(SearchEngine):
    name = "meilisearch"
    encode_document = staticmethod(meili_document)

    def __init__(
        self,
        url: str,
        *,
        write_key: str,
        search_key: str | None = None,
        index_uid: str = "memorial_records",
        timeout: float = 5.0,
        max_total_hits: int = 1000,
    ) -> None:
        if not url:
            raise EngineUnavailable("MEMORIAL_ENGINE=meilisearch needs MEMORIAL_MEILI_URL")
        self.url = url.rstrip("/")
        self.index_uid = index_uid
        self.timeout = timeout
        self.max_total_hits = max_total_hits
        # Searches and small reads give up after ``timeout``: a slow server means 503, not a hung request.
        # Only writes that carry a load (documents, settings) may take longer.
        self._search = meilisearch.Client(self.url, search_key or write_key, timeout=timeout)  # type: ignore[arg-type]
        self._read = meilisearch.Client(self.url, write_key, timeout=timeout)  # type: ignore[arg-type]
        write_timeout = max(timeout, WRITE_TIMEOUT_S)
        self._write = meilisearch.Client(self.url, write_key, timeout=write_timeout)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}  # documents not sent yet, by id
        self._in_flight: list[tuple[TaskInfo, str]] = []  # tasks sent, not yet confirmed

    @classmethod
    def from_settings(cls, settings: Settings) -> MeilisearchEngine:
        return cls(
            settings.meili_url,
            write_key=settings.meili_key,
            search_key=settings.meili_search_key or None,
            index_uid=settings.meili_index,
            timeout=settings.meili_timeout,
            max_total_hits=settings.max_window,
        )

    def _translated(self, action: str) -> contextlib.AbstractContextManager[None]:
        return translated(action, self.timeout)

    # -- reading ------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        return search_in_stages(
            query, self.index_uid, candidate_window(query, self.max_total_hits), self._run
        )

    def _run(self, queries: list[dict[str, Any]], federation: dict[str, Any]) -> dict[str, Any]:
        with self._translated("search"):
            return self._search.multi_search(queries, federation=federation)

    def readiness(self) -> tuple[bool, str]:
        try:
            with self._translated("check readiness"):
                self._search.index(self.index_uid).search("", {"limit": 0})
        except (EngineUnavailable, EngineError) as exc:
            return False, exc.message
        return True, "ok"

    def _state(self) -> dict[str, Any] | None:
        """The live index's state document; None when the index has none. Raises when it does not exist."""
        try:
            with self._translated("read the index state"):
                document = self._read.index(self.index_uid).get_document(STATE_ID)
        except EngineError as exc:
            if isinstance(exc.details, dict) and exc.details.get("code") == "document_not_found":
                return None
            raise
        state = dict(document).get("memorial_state")
        return state if isinstance(state, dict) else None

    def applied_seq(self) -> int:
        state = self._state()
        return int(state.get("applied_seq", 0)) if state else 0

    def needs_rebuild(self) -> bool:
        try:
            state = self._state()
        except EngineUnavailable as exc:
            if isinstance(exc.__cause__, MeilisearchApiError) and exc.__cause__.code == "index_not_found":
                return True
            raise
        return state is None or state.get("format") != FORMAT_VERSION

    def count(self) -> int:
        with self._translated("count documents"):
            stats = self._read.index(self.index_uid).get_stats()
        return max(int(stats.number_of_documents) - 1, 0)  # the state document is not a record

    # -- writing ------------------------------------------------------------------------------------
    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        with self._lock, self._resetting_on_error():
            for doc in documents:
                self._pending[doc.id] = meili_document(doc)
            while len(self._pending) >= BATCH_SIZE:  # full batches go now; commit confirms them
                ids = list(self._pending)[:BATCH_SIZE]
                self._enqueue(
                    self._send(self.index_uid, [self._pending.pop(i) for i in ids]), "add documents"
                )

    def delete(self, record_ids: Sequence[str]) -> None:
        with self._lock, self._resetting_on_error():
            ids = list(dict.fromkeys(record_ids))
            for record_id in ids:
                self._pending.pop(record_id, None)
            index = self._write.index(self.index_uid)
            for start in range(0, len(ids), IDS_PER_DELETE):
                expression = f"{F_ID} IN [{', '.join(quote(i) for i in ids[start : start + IDS_PER_DELETE])}]"
                with self._translated("delete documents"):
                    task = index.delete_documents(filter=expression)
                self._enqueue(task, "delete documents")

    def commit(self, applied_seq: int) -> None:
        """Confirm every write sent so far, then send the rest with the new position in one task. The
        position goes last: if an earlier task failed, the index must not claim the changes it carried."""
        with self._lock, self._resetting_on_error():
            while self._in_flight:
                self._wait(*self._in_flight.pop(0))
            last = [*self._pending.values(), state_document(applied_seq)]
            self._pending = {}
            self._wait(self._send(self.index_uid, last), "add documents")

    def _enqueue(self, task: TaskInfo, action: str) -> None:
        self._in_flight.append((task, action))
        if len(self._in_flight) > MAX_TASKS_IN_FLIGHT:
            self._wait(*self._in_flight.pop(0))

    @contextlib.contextmanager
    def _resetting_on_error(self) -> Iterator[None]:
        """After a failure nothing of this round is kept: the outbox still has every change, and the next
        ``catch_up`` sends them again from the index's position."""
        try:
            yield
        except BaseException:
            self._pending, self._in_flight = {}, []
            raise

    def _add_in_batches(
        self, uid: str, batches: Iterable[Sequence[dict[str, Any]]], state: dict[str, Any]
    ) -> int:
        """Send documents batch by batch, a few tasks in flight, the state document in the last task."""
        in_flight: list[TaskInfo] = []
        total = 0
        pending: list[dict[str, Any]] = []
        for batch in batches:
            pending.extend(batch)
            while len(pending) >= BATCH_SIZE:
                in_flight.append(self._send(uid, pending[:BATCH_SIZE]))
                total += BATCH_SIZE
                pending = pending[BATCH_SIZE:]
                if len(in_flight) >= MAX_TASKS_IN_FLIGHT:
                    self._wait(in_flight.pop(0), "add documents")
        total += len(pending)
        in_flight.append(self._send(uid, [*pending, state]))
        for task in in_flight:
            self._wait(task, "add documents")
        return total

    def _send(self, uid: str, documents: list[dict[str, Any]]) -> TaskInfo:
        with self._translated("add documents"):
            return self._write.index(uid).add_documents(documents, primary_key=F_ID)

    def _wait(self, task: TaskInfo, action: str) -> None:
        """Wait for a task and check it succeeded: the client returns a failed task without raising."""
        with self._translated(action):
            done = self._read.wait_for_task(
                task.task_uid, timeout_in_ms=int(TASK_TIMEOUT_S * 1000), interval_in_ms=100
            )
        if done.status != "succeeded":
            error = done.error or {}
            raise EngineError(
                f"Meilisearch could not {action}: {error.get('message', done.status)}",
                details={"task": done.uid, "status": done.status, "code": error.get("code")},
            )

    def rebuild(self, batches: Iterable[Sequence[dict[str, Any]]], applied_seq: int) -> int:
        build = self.index_uid + REBUILD_SUFFIX
        self._drop_if_exists(build)
        try:
            with self._translated("create the index"):
                task = self._write.create_index(build, {"primaryKey": F_ID})
            self._wait(task, "create the index")
            with self._translated("apply the index settings"):
                task = self._write.index(build).update_settings(index_settings(self.max_total_hits))
            self._wait(task, "apply the index settings")
            total = self._add_in_batches(build, batches, state_document(applied_seq))
            self._swap_in(build)
        except BaseException:
            with contextlib.suppress(Exception):
                self._drop_if_exists(build)
            raise
        return total

    def _exists(self, uid: str) -> bool:
        try:
            with self._translated("look up an index"):
                self._read.get_raw_index(uid)
        except EngineUnavailable as exc:
            if isinstance(exc.__cause__, MeilisearchApiError) and exc.__cause__.code == "index_not_found":
                return False
            raise
        return True

    def _drop_if_exists(self, uid: str) -> None:
        if self._exists(uid):
            with self._translated("delete an index"):
                task = self._write.delete_index(uid)
            self._wait(task, "delete an index")

    def drop(self) -> None:
        """Delete the live and the rebuild index (a test's own indexes, or a decommissioned service)."""
        self._drop_if_exists(self.index_uid)
        self._drop_if_exists(self.index_uid + REBUILD_SUFFIX)

    def _swap_in(self, build: str) -> None:
        """Swap the built index with the live one, or rename it to the live name on the first build."""
        live_exists = self._exists(self.index_uid)
        swap: dict[str, Any] = {"indexes": [self.index_uid, build]}
        if not live_exists:
            swap = {"indexes": [build, self.index_uid], "rename": True}
        with self._translated("swap the rebuilt index in"):
            task = self._write.swap_indexes([swap])
        self._wait(task, "swap the rebuilt index in")
        if live_exists:
            self._drop_if_exists(build)  # now holds the old contents


def create_api_keys(url: str, master_key: str, index_uid: str, *, timeout: float = 10.0) -> dict[str, str]:
    """Create the service's two keys with the master key: a search-only key for the live index, and an
    indexing key for the live and rebuild indexes. Returns them as the environment variables to set."""
    client = meilisearch.Client(url.rstrip("/"), master_key, timeout=timeout)  # type: ignore[arg-type]
    with translated("create keys", timeout):
        search = client.create_key(
            {
                "name": "memorial search",
                "description": "Public search of the Memorial Name Index: search only, one index",
                "actions": ["search"],
                "indexes": [index_uid],
                "expiresAt": None,
            }
        )
        indexing = client.create_key(
            {
                "name": "memorial indexing",
                "description": "Memorial Name Index: fill, rebuild and swap its indexes; no key management",
                "actions": INDEXING_ACTIONS,
                "indexes": [index_uid + "*"],
                "expiresAt": None,
            }
        )
    return {"MEMORIAL_MEILI_SEARCH_KEY": search.key, "MEMORIAL_MEILI_KEY": indexing.key}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m indexer.engines.meili create-keys``: asks for the master key (or reads MEILI_MASTER_KEY)
    and prints the two keys as lines for the ``.env`` file."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["create-keys"]:
        print("usage: python -m indexer.engines.meili create-keys", file=sys.stderr)
        return 2
    settings = Settings()
    master_key = os.environ.get("MEILI_MASTER_KEY") or getpass.getpass("Meilisearch master key: ")
    try:
        keys = create_api_keys(settings.meili_url, master_key, settings.meili_index)
    except (EngineUnavailable, EngineError) as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    for name, value in keys.items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
