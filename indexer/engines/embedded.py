"""The embedded engine: a tantivy index on disk under ``MEMORIAL_HOME/index``, in-process, no server.

Layout::

    index/CURRENT            names the live generation, e.g. "gen-000004"
    index/gen-000004/        the tantivy index, plus memorial.json: {"format": 1, "applied_seq": 1234}

A rebuild writes the next generation beside the live one and then replaces CURRENT in one rename, so a
search is always answered by a complete index. Readers in other processes (the server while the CLI
reindexes) notice the new CURRENT, or a new commit, on their next search.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import tantivy

from indexer.documents import (
    F_BIRTH_DECADE,
    F_BIRTH_YEAR,
    F_CAMP,
    F_FATE,
    F_ID,
    F_NAME_WORDS,
    F_NATIONALITY,
    F_SUMMARY,
    F_SURNAME_KEY,
    KEY_FIELDS,
    SearchDocument,
)
from indexer.engines.base import (
    FACET_NAMES,
    FIRST_STAGE_DECIDED_AT,
    Filters,
    Hit,
    SearchEngine,
    SearchQuery,
    SearchResult,
    StoredRecord,
    first_stage_suffices,
    typos_capped,
)
from indexer.engines.readings import OTHER_READINGS, page_with_other_reading
from indexer.engines.tantivy_query import QueryCompiler
from indexer.engines.ties import ORDERED_WINDOW
from indexer.errors import Conflict, EngineUnavailable
from indexer.names.stored_analysis import StoredAnalysis

# Bump when the schema or the name analysis changes: an index of an older format is rebuilt, not read.
# 2: Belarusian -оў keys, Azerbaijani ə; 3: German djo as дё, initials of given names and patronymics,
# family keys with akanye (Навікаў = Новиков), Azerbaijani c and ə, French and Azerbaijani given names;
# 4: Belarusian Łacinka and national spellings, Moldovan (Romanian) letters, Polish ą ę and rz as рж,
# Estonian štš, German ue, Uzbek oʻ; 5: Dutch, Scandinavian, Hungarian, Italian and Spanish spellings,
# Estonian õ, Belarusian шч, German rz dz sz as р+ц д+ц з+ц, Polish soft l, сч folded with щ, Ukrainian
# о for ё after a hushing letter as a family form; 6: the surname as written (``surname_written``), to
# rank ties; 7: the readings and sound codes of the record's name words (``name_words``), read back to
# explain and order hits; 8: word-initial tsh read as ч, a clerk's feminine -ава (Schukawa) joined with
# the men's form as a family form; 9: a clerk's а for о read back in a given name of no class (Nikalai,
# Anatali, Saja for Зоя), so the record holds the class, and classes for Georgian, Armenian, Central Asian
# and German names that had none (Вано, Сандро, Шота, Аветис, Турсун, Шукур, Керим, Готлиб); 10: a name
# variant's word that spells the record's surname stays a surname (Янович was filed as a patronymic);
# 11: ch and x read one way through a word (Chichkov: Шишков before Чишков); 12: the surname's consonant
# frames (``surname_frame``: Yoldoshev meets Юлдашев); 13: Polish ab between consonants also read омб
# (Dabrowski, Dąbrowski without its ogonek); 14: each key behind its sound codes (``surname_sound``), to
# confirm a distant sound-alike without a two-edit automaton; 15: French yj before a consonant read ыж
# (Ryjkov), Azerbaijani h and c read г and дж first (Həsənov), Swedish initial tj also read ч (Tjajkovskij),
# invisible characters dropped from names (a soft hyphen split Пого\u00adжев in two), national forms keep
# two like consonants with a vowel between apart (Агабабян met Акопян), the record's sex and death place in
# the summary (for the search page), the areas of the birth place (``area:Курская обл.``), for a filter
# that names an area; 16: Belarusian я for an unstressed е in the first syllable as a family form
# (Сямашка = Семашко), the marks typed for the Uzbek ʻ inside a word (G‘ulomov), German adjectival areas
# (Kursker Gebiet); 17: the ids of the camps a record names (``id:stalag-326`` for Stalag VI-K), for a camp
# filter written another way; 18: a patronymic held in the given-name field (Nikolai Petrowitsch) indexed as
# the patronymic; 19: birth-place words in Ukrainian form also keyed the Russian ways (Горлівка as
# Горловка), Ukrainian areas and regions read as areas (Тернопільська обл., Житомирщина), a place's
# republic among its areas (Ukraine); 20: a word-initial Latin q also read г (Qurbanov = Гурбанов), a
# Romanian t also read ц (Gutu = Гуцу), English -iyev read as Azerbaijani (Valiyev = Велиев).
FORMAT_VERSION = 20
META_FILE = "memorial.json"
CURRENT_FILE = "CURRENT"
# How often a reader looks for a newer commit or generation written by another process.
REFRESH_SECONDS = 0.5
FACET_SIZE = 30
# The indexing budget of a rebuild: the writer cuts a segment when its postings fill it (about 340 bytes a
# record), and every search walks each segment's term dictionaries, its typo automata too. A million
# records fit one segment: a fifth to a quarter less time in tantivy than the two segments of a 256 MB
# budget. The memory is taken as the postings grow, so a smaller index costs no more than before.
REBUILD_HEAP = 1_000_000_000
_FACET_FIELDS = {"camp": F_CAMP, "nationality": F_NATIONALITY, "fate": F_FATE, "birth_decade": F_BIRTH_DECADE}


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(F_ID, stored=True, tokenizer_name="raw", index_option="basic")
    for name in KEY_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in (F_CAMP, F_NATIONALITY, F_FATE):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_integer_field(F_BIRTH_YEAR, indexed=True, fast=True)
    builder.add_integer_field(F_BIRTH_DECADE, indexed=True, fast=True)
    builder.add_bytes_field(F_SUMMARY, stored=True)
    builder.add_bytes_field(F_NAME_WORDS, stored=True)
    return builder.build()


def tantivy_json(doc: SearchDocument) -> str:
    """The document as the JSON tantivy parses itself (``IndexWriter.add_json``): five times cheaper for
    the writing process than building a ``tantivy.Document`` from Python values, and made in the worker
    process that built the document. Bytes fields travel base64-encoded, as tantivy reads them."""
    fields: dict[str, Any] = dict(doc.terms)
    fields[F_ID] = doc.id
    if doc.camps:
        fields[F_CAMP] = doc.camps
    if doc.nationality:
        fields[F_NATIONALITY] = doc.nationality
    if doc.fate:
        fields[F_FATE] = doc.fate
    if doc.birth_year is not None:
        fields[F_BIRTH_YEAR] = doc.birth_year
        fields[F_BIRTH_DECADE] = doc.birth_decade
    fields[F_SUMMARY] = base64.b64encode(orjson.dumps(doc.summary)).decode("ascii")
    fields[F_NAME_WORDS] = base64.b64encode(orjson.dumps(doc.name_words)).decode("ascii")
    return orjson.dumps(fields).decode()


def _read_meta(directory: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((directory / META_FILE).read_text()))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


class _Generation:
    """One opened generation of the index."""

    def __init__(self, directory: Path, schema: tantivy.Schema) -> None:
        self.directory = directory
        self.index = tantivy.Index(schema, path=str(directory), reuse=True)
        self.compiler = QueryCompiler(self.index.schema)
        self.meta_mtime = self._meta_mtime()

    def _meta_mtime(self) -> float:
        try:
            return (self.directory / META_FILE).stat().st_mtime
        except FileNotFoundError:
            return 0.0

    def meta(self) -> dict[str, Any]:
        return _read_meta(self.directory)

    def refresh(self) -> None:
        mtime = self._meta_mtime()
        if mtime != self.meta_mtime:
            self.meta_mtime = mtime
            self.index.reload()


class EmbeddedEngine(SearchEngine):
    name = "embedded"
    encode_document = staticmethod(tantivy_json)

    def __init__(self, directory: Path, *, writer_heap: int = 128_000_000) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.schema = build_schema()
        self.writer_heap = writer_heap
        self._lock = threading.RLock()
        self._generation: _Generation | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._checked_at = 0.0
        self._open_current()

    # -- generations --------------------------------------------------------------------------------
    def _current_name(self) -> str | None:
        try:
            return (self.directory / CURRENT_FILE).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _open_current(self) -> None:
        name = self._current_name()
        if name is None or not (self.directory / name).is_dir():
            self._generation = None
            return
        # The format is read before the index is opened: an older format may have another schema, which
        # tantivy refuses to open. needs_rebuild() then says so, and searches say unavailable.
        if _read_meta(self.directory / name).get("format") != FORMAT_VERSION:
            self._generation = None
            return
        self._generation = _Generation(self.directory / name, self.schema)

    def _live(self) -> _Generation:
        now = time.monotonic()
        if now - self._checked_at > REFRESH_SECONDS:
            with self._lock:
                self._checked_at = now
                current = self._generation
                if current is None or current.directory.name != self._current_name():
                    self._open_current()
                elif current is not None:
                    current.refresh()
        if self._generation is None:
            raise EngineUnavailable("the search index is not built yet; run `memorial reindex`")
        return self._generation

    def needs_rebuild(self) -> bool:
        with self._lock:
            self._open_current()
            return self._generation is None

    def _new_generation_dir(self) -> Path:
        existing = [int(p.name[4:]) for p in self.directory.glob("gen-*") if p.name[4:].isdigit()]
        path = self.directory / f"gen-{max(existing, default=0) + 1:06d}"
        path.mkdir()
        return path

    # -- reading ------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        generation = self._live()
        searcher = generation.index.searcher()
        compiled, result, closer = self._staged_search(generation, searcher, query)
        stored: dict[Any, StoredRecord] = {}

        def stored_of(address: Any) -> StoredRecord:
            key = _address_key(address)
            if key not in stored:
                doc = searcher.doc(address)
                summary = orjson.loads(bytes(doc.get_first(F_SUMMARY) or b"{}"))
                words = orjson.loads(bytes(doc.get_first(F_NAME_WORDS) or b"[]"))
                stored[key] = StoredRecord(summary | {"id": str(doc.get_first(F_ID))}, StoredAnalysis(words))
            return stored[key]

        def best_of(other: SearchQuery) -> tuple[float, Any] | None:
            # Most readings of a spelling are nobody's name: asking the term dictionary is a thousand
            # times cheaper than the search.
            present = tuple(k for k in other.filters.surname_keys if searcher.doc_freq(F_SURNAME_KEY, k))
            if not present:
                return None
            # The closer matches' query, already compiled (a compile costs as much as the search), with the
            # readings as a filter: the same scores as the query the other reading's search asks for.
            readings = Filters(surname_keys=present, not_surname_keys=other.filters.not_surname_keys)
            clauses = [(tantivy.Occur.Must, closer)]
            clauses += [
                (tantivy.Occur.Must, tantivy.Query.const_score_query(clause, 0.0))
                for clause in generation.compiler.filter_clauses(readings)
            ]
            found = searcher.search(tantivy.Query.boolean_query(clauses), limit=1, count=False).hits
            return (float(found[0][0]), found[0][1]) if found else None

        scored = [(float(score), address) for score, address in result.hits]
        hits = []
        page = page_with_other_reading(query, scored, stored_of, _address_key, best_of)
        for score, address in page.hits:
            record = stored_of(address)
            moved = _address_key(address) in page.moved
            hits.append(Hit(record.summary["id"], score, record.summary, record.analysis, moved))
        facets = self._facets(searcher, compiled) if query.with_facets else {}
        return SearchResult(total=int(getattr(result, "count", 0) or 0), hits=hits, facets=facets)

    def _staged_search(
        self, generation: _Generation, searcher: tantivy.Searcher, query: SearchQuery
    ) -> tuple[tantivy.Query, tantivy.SearchResult, tantivy.Query]:
        """Search without the costly fuzzy surname clauses first; when that already fills the first page
        (``FIRST_STAGE_DECIDED_AT``, whatever page is asked for) with hits whose surname matched at least in
        its family form, no sound-alike or typo match could rank above them (their tiers are lower), so the
        answer stands. Otherwise search with everything.

        The first stage's total counts the closer matches only: "Ivanov" reports the Ivanovs, not also
        every Iwanowa one typo away, which a relative reading the count would not expect either. When the
        first stage found a record meeting every word, the second allows one typo per word, not two
        (``typos_capped``).

        Every hit up to the page's end is fetched, and at least the ``ORDERED_WINDOW`` whose ties are
        ordered by spelling, and ``OTHER_READINGS`` more: other readings' records may be moved up from
        below (``page_with_other_reading``), and what is left must still fill the same window for every
        page, or its ties would be ordered one way for one page size and another for the next.

        Returns the query that answered, its result, and the query of the closer matches (the first
        stage's), which the search for other readings restricts (``page_with_other_reading``)."""
        fetch = max(ORDERED_WINDOW, FIRST_STAGE_DECIDED_AT, query.offset + query.limit) + OTHER_READINGS
        if query.strictness == "phonetic" and query.words:
            first = generation.compiler.compile(query, fuzzy_surnames=False)
            result = searcher.search(first, limit=fetch, count=True)
            deciding = result.hits
            if query.staged and not query.filters.is_empty():
                # Decided without the person's filters: a filter narrows a result, so a filtered search must
                # not reach into the sound-alikes and typos the same search unfiltered left out (a facet's
                # count would not be what clicking it shows). Filtered hits score no higher, so the
                # unfiltered search decides for both.
                everyone = replace(query, filters=Filters())
                unfiltered = generation.compiler.compile(everyone, fuzzy_surnames=False)
                deciding = searcher.search(unfiltered, limit=FIRST_STAGE_DECIDED_AT, count=False).hits
            decided = len(deciding) >= FIRST_STAGE_DECIDED_AT
            if first_stage_suffices(query, deciding[FIRST_STAGE_DECIDED_AT - 1][0] if decided else None):
                return first, result, first
            capped = typos_capped(query, deciding[0][0] if deciding else None)
            compiled = generation.compiler.compile(capped, lexicon=searcher.terms_with_prefix)
            return compiled, searcher.search(compiled, limit=fetch, count=True), first
        compiled = generation.compiler.compile(query, lexicon=searcher.terms_with_prefix)
        return compiled, searcher.search(compiled, limit=fetch, count=True), compiled

    def _facets(self, searcher: tantivy.Searcher, compiled: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {
            name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in _FACET_FIELDS.items()
        }
        raw = searcher.aggregate(compiled, spec)
        facets: dict[str, dict[str, int]] = {}
        for name in FACET_NAMES:
            buckets = raw.get(name, {}).get("buckets", [])
            facets[name] = {_facet_key(b["key"]): int(b["doc_count"]) for b in buckets}
        return facets

    def count(self) -> int:
        try:
            generation = self._live()
        except EngineUnavailable:
            return 0
        return int(generation.index.searcher().num_docs)

    def readiness(self) -> tuple[bool, str]:
        try:
            self._live()
        except EngineUnavailable as exc:
            return False, exc.message
        return True, "ok"

    def applied_seq(self) -> int:
        with self._lock:
            if self._generation is None:
                self._open_current()
            return int(self._generation.meta().get("applied_seq", 0)) if self._generation else 0

    # -- writing ------------------------------------------------------------------------------------
    def _get_writer(self) -> tantivy.IndexWriter:
        if self._generation is None:
            raise EngineUnavailable("the search index is not built yet; run `memorial reindex`")
        if self._writer is None:
            try:
                self._writer = self._generation.index.writer(self.writer_heap, 1)
            except ValueError as exc:
                raise Conflict(
                    "another process is writing the search index; try again when it has finished"
                ) from exc
        return self._writer

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        with self._lock:
            writer = self._get_writer()
            for doc in documents:
                writer.delete_documents_by_term(F_ID, doc.id)
                writer.add_json(tantivy_json(doc))

    def delete(self, record_ids: Sequence[str]) -> None:
        with self._lock:
            writer = self._get_writer()
            for record_id in record_ids:
                writer.delete_documents_by_term(F_ID, record_id)

    def commit(self, applied_seq: int) -> None:
        with self._lock:
            if self._generation is None:
                raise EngineUnavailable("the search index is not built yet; run `memorial reindex`")
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None  # releases the lock, so another process may write next
            _write_json_atomically(
                self._generation.directory / META_FILE,
                {"format": FORMAT_VERSION, "applied_seq": applied_seq},
            )
            self._generation.refresh()

    def rebuild(self, batches: Iterable[Sequence[str]], applied_seq: int) -> int:
        directory = self._new_generation_dir()
        try:
            index = tantivy.Index(self.schema, path=str(directory), reuse=False)
            # One indexing thread: the documents come from worker processes that already keep both cores
            # busy, and a second thread only adds hand-offs (a 200,000-record import: 6 % faster, 7 % less
            # CPU with one).
            writer = index.writer(max(self.writer_heap, REBUILD_HEAP), 1)
            total = 0
            for batch in batches:
                for encoded in batch:
                    writer.add_json(encoded)
                total += len(batch)
            writer.commit()
            writer.wait_merging_threads()
            _write_json_atomically(
                directory / META_FILE, {"format": FORMAT_VERSION, "applied_seq": applied_seq}
            )
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        self._swap_to(directory)
        return total

    def _swap_to(self, directory: Path) -> None:
        with self._lock:
            self._writer = None
            tmp = self.directory / (CURRENT_FILE + ".tmp")
            tmp.write_text(directory.name)
            os.replace(tmp, self.directory / CURRENT_FILE)
            self._open_current()
            self._checked_at = time.monotonic()
        # Open searchers keep their files (mmaps survive unlinking on POSIX), so old generations can go.
        for old in self.directory.glob("gen-*"):
            if old != directory:
                shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._writer = None
            self._generation = None


def _address_key(address: Any) -> tuple[int, int]:
    return address.segment_ord, address.doc


def _facet_key(key: Any) -> str:
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)
