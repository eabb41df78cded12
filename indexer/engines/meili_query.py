"""Compile an engine-neutral ``SearchQuery`` into one federated Meilisearch multi-search, and rank its hits
by the same policy as the embedded engine.

Meilisearch ranks by its own rules (words, typo, attribute, exactness). It has no constant-score clauses, so
it cannot add "same canonical key" (400) to "given name of the same class" (40) the way the tantivy query
does. The work is therefore split in two:

- **Meilisearch selects and counts.** Every way a query word may meet a record is one query of a federated
  multi-search, a *stratum*: an exact key is a filter on its key field (``surname_key IN ["pogojev"]``),
  a typo is a keyword search on the key field (``q="pogojev"`` on ``surname_key``). A federation returns
  the union of its queries, each document once, counts that union exactly (``estimatedTotalHits``) and
  computes the facets over it. Each stratum is weighted by its tier, so the best tiers come first.
- **The adapter ranks.** Each hit carries its keys; ``score_keys`` gives it the constant scores of
  ``engines.base`` clause by clause, exactly as ``tantivy_query`` builds them, and the page is cut from
  that order. Same fields, same filters, same facets, same paging, same strictness levels.
- **In the same two stages.** As ``EmbeddedEngine`` does, a search first leaves out the sound-alike and
  misspelt surnames and stops there when the page is full of closer matches (one multi-search), else
  searches with everything (a second one).

Ranking differences that remain, and why:

1. Typos at the edges. Meilisearch sizes the typo budget by the key's length in characters: Petrowitsch's
   key ``petroviq`` has eight, one typo, where the embedded engine counts eleven letters and allows two;
   Яков's key ``iakov`` has five, one typo, where the embedded engine counts four letters and allows none.
   And it counts a typo on the first letter as two: Betrov is a sound-alike of Petrov for the embedded
   engine and no match for Meilisearch (the contract suite's one xfail).
2. Phonetic confirmation. The embedded engine confirms a Daitch-Mokotoff match within two edits whatever
   the word's length; Meilisearch can only confirm it within the word's typo budget (none below five
   letters, one below nine). A sound-alike two edits from a six-letter name is found by the embedded engine
   only, unless it also matches another way.
3. The candidate window. Ranking is exact over the first ``window`` hits Meilisearch returns, which come
   stratum by stratum (number, exact, exact with agreeing given name, variant, ...). When one tier holds
   more records than the window (Иванов among millions), records of that tier beyond the window are chosen
   by Meilisearch's order (agreeing given name first, then index order), not by birth-year agreement.
4. Ties keep Meilisearch's order (stratum, then document order); tantivy breaks them by its own document
   order. Neither is meaningful and no test depends on it.
5. Filter values compare case-insensitively in Meilisearch (``nationality=russe`` finds Russe); the
   embedded engine compares them exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import jellyfish

from indexer.documents import (
    F_BIRTH_PLACE_KEY,
    F_BIRTH_YEAR,
    F_CAMP,
    F_CAMP_WORD,
    F_FATE,
    F_FATHER_CLASS,
    F_FATHER_INITIAL,
    F_GIVEN_CLASS,
    F_GIVEN_EXACT,
    F_GIVEN_INITIAL,
    F_GIVEN_KEY,
    F_ID,
    F_NAME_WORDS,
    F_NATIONALITY,
    F_NUMBER,
    F_PATRONYMIC_KEY,
    F_SUMMARY,
    F_SURNAME_EXACT,
    F_SURNAME_FAMILY,
    F_SURNAME_FRAME,
    F_SURNAME_KEY,
    F_SURNAME_NATIONAL,
    F_SURNAME_PHONETIC,
    F_SURNAME_WRITTEN,
    MEILI_KEY_FIELDS,
    camp_words,
)
from indexer.engines.base import (
    BIRTH_YEAR_SCORES,
    FACET_NAMES,
    FIRST_STAGE_DECIDED_AT,
    GIVEN_INITIAL_SCORE,
    GIVEN_NAME_SCORE,
    GIVEN_NAME_TYPO_SCORE,
    LESS_LIKELY_READING,
    PATRONYMIC_INITIAL_SCORE,
    PATRONYMIC_SCORE,
    PATRONYMIC_TYPO_SCORE,
    SURNAME_WORDS_TIE,
    WORD_MATCH,
    WRITTEN_SCORE,
    Filters,
    Hit,
    MatchTier,
    QueryWord,
    SearchQuery,
    SearchResult,
    StoredRecord,
    father_initial_applies,
    first_stage_suffices,
    given_initial_applies,
    given_typos_apply,
    misspelt_surname_applies,
    patronymic_typos_apply,
    phonetic_confirm_distance,
    typos_capped,
)
from indexer.engines.readings import OTHER_READINGS, page_with_other_reading
from indexer.engines.tantivy_query import FUZZY_KEYS
from indexer.engines.ties import ORDERED_WINDOW
from indexer.names.camps import camp_id_terms
from indexer.names.stored_analysis import StoredAnalysis

# Fields a hit must bring back so the adapter can score it: the name keys, numbers and birth year.
SCORED_FIELDS = (*(f for f in MEILI_KEY_FIELDS if f not in (F_BIRTH_PLACE_KEY, F_CAMP_WORD)), F_BIRTH_YEAR)
RETRIEVED = [F_ID, F_SUMMARY, F_NAME_WORDS, *SCORED_FIELDS]
# Hits fetched to rank a page: a page deep in the results needs every hit before it, and a small page still
# gets a window wide enough that the agreement of given name and birth year reorders a large tier.
CANDIDATE_WINDOW = 200
# A sound-alike is confirmed on the most likely key only (``_fuzzy(..., most=1)`` in tantivy_query).
PHONETIC_KEYS = 1
# A stratum's weight is its score on this scale; Meilisearch only needs the order, the adapter re-scores.
WEIGHT_SCALE = 100.0


@dataclass(frozen=True)
class Stratum:
    """One query of the federation: a filter (all of ``filters``) and optionally a typo-tolerant key."""

    weight: float
    filters: tuple[str, ...]
    q: str | None = None
    search_on: tuple[str, ...] = ()


# -- filter expressions -------------------------------------------------------------------------------
def quote(value: str) -> str:
    """A filter string value: Meilisearch unescapes backslashes and quotes inside double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def any_of(field: str, values: Iterable[str]) -> str | None:
    """``field IN [...]``: on an array field it holds when any element is one of the values."""
    unique = [v for v in dict.fromkeys(values) if v]
    if not unique:
        return None
    return f"{field} IN [{', '.join(quote(v) for v in unique)}]"


def either(expressions: Iterable[str | None]) -> str | None:
    present = [e for e in expressions if e]
    if not present:
        return None
    return present[0] if len(present) == 1 else "(" + " OR ".join(present) + ")"


def filter_expressions(filters: Filters) -> list[str]:
    """The user's filters, the same as ``QueryCompiler.filter_clauses``: all must hold."""
    found: list[str] = []
    if filters.birth_year_min is not None:
        found.append(f"{F_BIRTH_YEAR} >= {int(filters.birth_year_min)}")
    if filters.birth_year_max is not None:
        found.append(f"{F_BIRTH_YEAR} <= {int(filters.birth_year_max)}")
    if filters.camp:
        # "stalag iv-b" finds "Stalag IV-B Mühlberg": the whole name, or every word of it.
        words = [f"{F_CAMP_WORD} = {quote(w)}" for w in camp_words(filters.camp)]
        all_words = "(" + " AND ".join(words) + ")" if words else None
        named = any_of(F_CAMP_WORD, camp_id_terms(filters.camp))  # Stalag 326 is Stalag VI-K
        found.append(either([f"{F_CAMP} = {quote(filters.camp)}", all_words, named]) or "")
    words = [place for keys in filters.birth_place_keys if (place := any_of(F_BIRTH_PLACE_KEY, keys))]
    every_word = "(" + " AND ".join(words) + ")" if words else None
    area = any_of(F_BIRTH_PLACE_KEY, filters.birth_area_terms)
    local = [place for keys in filters.birth_local_keys if (place := any_of(F_BIRTH_PLACE_KEY, keys))]
    in_area = "(" + " AND ".join([area, *local]) + ")" if area else None
    found.append(either([every_word, in_area]) or "")
    if filters.nationality:
        found.append(f"{F_NATIONALITY} = {quote(filters.nationality)}")
    if filters.fate:
        found.append(f"{F_FATE} = {quote(filters.fate)}")
    found.append(any_of(F_SURNAME_KEY, filters.surname_keys) or "")
    if shown := any_of(F_SURNAME_KEY, filters.not_surname_keys):
        found.append(f"NOT {shown}")
    return [f for f in found if f]


# -- what each query word may meet, as filters ----------------------------------------------------------
Option = tuple[str, tuple[str, ...], float]  # a key field, the values that meet it, the score it gives


def surname_options(word: QueryWord, strictness: str) -> list[Option]:
    """Exact-key ways a word meets a surname, with their tier; the phonetic and typo tiers are keyword
    searches (``fuzzy_strata``)."""
    options: list[Option] = [(F_SURNAME_EXACT, (word.exact,), float(MatchTier.EXACT))]
    if strictness != "exact":
        options += [
            (F_SURNAME_KEY, word.likely_keys, float(MatchTier.VARIANT)),
            (F_SURNAME_KEY, word.less_likely_keys, float(MatchTier.VARIANT - LESS_LIKELY_READING)),
            (F_SURNAME_FAMILY, word.family_keys, float(MatchTier.FAMILY)),
            # National forms (Оганесян = Hovhannisyan) rank with the sound-alikes, as in tantivy_query.
            (F_SURNAME_NATIONAL, word.national_keys, float(MatchTier.PHONETIC)),
        ]
    return options


def given_options(word: QueryWord, strictness: str) -> list[Option]:
    options: list[Option] = [(F_GIVEN_EXACT, (word.exact,), float(GIVEN_NAME_SCORE))]
    if strictness != "exact":
        options += [
            (F_GIVEN_CLASS, word.given_classes, float(GIVEN_NAME_SCORE)),
            (F_GIVEN_KEY, word.keys, float(GIVEN_NAME_SCORE)),
        ]
        if given_initial_applies(word):
            field = F_GIVEN_INITIAL if word.is_initial else F_GIVEN_KEY
            options.append((field, word.initials, float(GIVEN_INITIAL_SCORE)))
    return options


def patronymic_options(word: QueryWord, strictness: str) -> list[Option]:
    options = [
        (F_PATRONYMIC_KEY, word.keys[:1] if strictness == "exact" else word.keys, float(PATRONYMIC_SCORE))
    ]
    if strictness != "exact":
        options.append((F_FATHER_CLASS, word.father_classes, float(PATRONYMIC_SCORE)))
        if father_initial_applies(word):
            field = F_FATHER_INITIAL if word.is_initial else F_PATRONYMIC_KEY
            options.append((field, word.initials, float(PATRONYMIC_INITIAL_SCORE)))
    return options


def any_option(options: Iterable[Option]) -> str | None:
    """One filter for options of one score: the values of each field merged into one ``IN``."""
    values: dict[str, list[str]] = {}
    for field, found, _ in options:
        values.setdefault(field, []).extend(found)
    return either(any_of(field, found) for field, found in values.items())


def _roles(word: QueryWord) -> tuple[bool, bool, bool]:
    """Whether the word may be the surname, the given name, the patronymic."""
    return (
        word.role in ("any", "surname"),
        word.role in ("any", "given_name"),
        word.role in ("any", "patronymic"),
    )


def fuzzy_surname(query: SearchQuery, word: QueryWord, fuzzy_surnames: bool) -> bool:
    """Whether the word is also searched as a sound-alike or misspelt surname, as in ``QueryCompiler``: not
    in the first stage, and not for a known given name beside a word that may be the surname
    (``misspelt_surname_applies``: Andrei in "Pogozhev Andrei")."""
    if query.strictness != "phonetic" or not fuzzy_surnames:
        return False
    return misspelt_surname_applies(query, query.words.index(word))


@lru_cache(maxsize=64)
def fuzzy_surnames_of(query: SearchQuery, fuzzy_surnames: bool) -> tuple[bool, ...]:
    """``fuzzy_surname`` for each word of the query, worked out once: ``score_keys`` asks for every hit."""
    return tuple(fuzzy_surname(query, word, fuzzy_surnames) for word in query.words)


def required_roles(query: SearchQuery) -> list[tuple[QueryWord, bool, bool, bool]]:
    """Which parts of which words decide that a record matches, as in ``QueryCompiler.compile``: a single
    word may meet any part of the name; with several words one of them must meet the surname ("Pogozhev
    Andrei" must not list every Andrei), unless none of them may be a surname."""
    if len(query.words) == 1:
        return [(query.words[0], *_roles(query.words[0]))]
    surname_words = [w for w in query.words if _roles(w)[0]]
    if surname_words:
        return [(w, True, False, False) for w in surname_words]
    return [(w, False, *_roles(w)[1:]) for w in query.words]


def strata(query: SearchQuery, *, fuzzy_surnames: bool = True) -> list[Stratum]:
    """Every query of the federation, best tier first. Their union is the set of matching records.
    Without ``fuzzy_surnames`` it is the first stage: no sound-alike or misspelt surnames."""
    strictness = query.strictness
    found: list[Stratum] = []
    number = any_of(F_NUMBER, query.numbers)
    if number:
        found.append(Stratum(MatchTier.NUMBER / WEIGHT_SCALE, (number,)))
    required = required_roles(query)
    by_score: dict[float, list[Option]] = {}
    for word, surname, given, patronymic in required:
        options = surname_options(word, strictness) if surname else []
        options += given_options(word, strictness) if given else []
        options += patronymic_options(word, strictness) if patronymic else []
        for option in options:
            by_score.setdefault(option[2], []).append(option)
    # Within a surname tier, records whose given name agrees come first (Иванов Пётр before Иванов Иван).
    agreeing = None
    if len(query.words) > 1:
        agreeing = any_option(o for w in query.words if _roles(w)[1] for o in given_options(w, strictness))
    for score in sorted(by_score, reverse=True):
        expression = any_option(by_score[score])
        if expression is None:
            continue
        if agreeing and score >= MatchTier.TYPO:
            found.append(Stratum((score + GIVEN_NAME_SCORE) / WEIGHT_SCALE, (expression, agreeing)))
        found.append(Stratum(score / WEIGHT_SCALE, (expression,)))
    if strictness == "phonetic":
        found.extend(fuzzy_strata(query, required, fuzzy_surnames))
    user_filters = tuple(filter_expressions(query.filters))
    return [Stratum(s.weight, s.filters + user_filters, s.q, s.search_on) for s in found]


def fuzzy_strata(
    query: SearchQuery, required: Sequence[tuple[QueryWord, bool, bool, bool]], fuzzy_surnames: bool
) -> list[Stratum]:
    """Typo-tolerant keyword searches on the most likely keys of each word, on the key fields the word may
    meet. A word below five letters has no typo budget: its keyword search would only repeat the exact key."""
    found: list[Stratum] = []
    for word, surname, given, patronymic in required:
        surname = surname and fuzzy_surname(query, word, fuzzy_surnames)
        frames = any_of(F_SURNAME_FRAME, word.frames) if surname else None
        if frames:  # Yoldoshev: Юлдашев's consonants, other vowels, the last candidate
            found.append(Stratum(MatchTier.CONSONANTS / WEIGHT_SCALE, (frames,)))
        if not word.typo_budget and not word.spelling_budget:
            continue
        # A slip on the letters as written (Sxhabeko for Schabeko), searched on the spellings themselves.
        spelt = tuple(f for f, on in ((F_SURNAME_EXACT, surname), (F_GIVEN_EXACT, given)) if on)
        if word.spelling_budget and spelt:
            found.append(Stratum(MatchTier.TYPO / WEIGHT_SCALE, (), word.exact, spelt))
        repaired = any_of(F_SURNAME_KEY, word.repaired_keys) if surname and word.spelling_budget else None
        if repaired:  # Pugahcev: a slip in a digraph, undone (``repairs``)
            found.append(Stratum(MatchTier.TYPO / WEIGHT_SCALE, (repaired,)))
        if not word.typo_budget:
            continue
        roles = ((F_SURNAME_KEY, surname), (F_GIVEN_KEY, given), (F_PATRONYMIC_KEY, patronymic))
        fields = tuple(f for f, on in roles if on)
        codes = any_of(F_SURNAME_PHONETIC, word.phonetic_codes) if surname else None
        for rank, key in enumerate(k for k in word.keys[:FUZZY_KEYS] if k):
            if codes and rank < PHONETIC_KEYS:  # a sound-alike confirmed by its key ranks above a typo
                found.append(Stratum(MatchTier.PHONETIC / WEIGHT_SCALE, (codes,), key, (F_SURNAME_KEY,)))
            if fields:
                found.append(Stratum(MatchTier.TYPO / WEIGHT_SCALE, (), key, fields))
        for key in word.doubled[:FUZZY_KEYS] if surname else ():  # Poorelov: one edit before folding
            found.append(Stratum(MatchTier.TYPO / WEIGHT_SCALE, (), key, (F_SURNAME_KEY,)))
    return found


def candidate_window(query: SearchQuery, max_total_hits: int) -> int:
    # Other readings' records may move up from below, and what is left must still fill the ties' window.
    wanted = max(query.offset + query.limit, ORDERED_WINDOW) + OTHER_READINGS
    return min(max_total_hits, max(wanted, CANDIDATE_WINDOW))


def multi_search(
    query: SearchQuery, index_uid: str, window: int, *, fuzzy_surnames: bool = True
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The queries and the federation of one search stage; no queries when nothing can match."""
    queries: list[dict[str, Any]] = []
    for stratum in strata(query, fuzzy_surnames=fuzzy_surnames):
        body: dict[str, Any] = {
            "indexUid": index_uid,
            "q": stratum.q or "",
            "attributesToRetrieve": RETRIEVED,
            "federationOptions": {"weight": stratum.weight},
        }
        if stratum.filters:
            body["filter"] = list(stratum.filters)
        if stratum.search_on:
            body["attributesToSearchOn"] = list(stratum.search_on)
        queries.append(body)
    federation: dict[str, Any] = {"offset": 0, "limit": window}
    if query.with_facets:
        federation["facetsByIndex"] = {index_uid: list(FACET_NAMES)}
    return queries, federation


# -- searching in stages, as the embedded engine does -----------------------------------------------------
Runner = Callable[[list[dict[str, Any]], dict[str, Any]], Mapping[str, Any]]


def search_in_stages(query: SearchQuery, index_uid: str, window: int, run: Runner) -> SearchResult:
    """The embedded engine's staged search (``EmbeddedEngine._staged_search``): first without sound-alike
    and misspelt surnames; when that fills the page with hits that met the surname at least in its family
    form, nothing fuzzier could rank above them and that answer stands, its total counting the closer
    matches only. Otherwise the search with everything, with one typo at most per word when the first
    stage found a record meeting every word (``typos_capped``). ``run`` sends a multi-search. The page
    is cut as the embedded engine cuts it (``page_with_other_reading``)."""

    def best_of(other: SearchQuery) -> tuple[float, Mapping[str, Any]] | None:
        found = search_stage(other, index_uid, window, run, fuzzy_surnames=False).scored
        return found[0] if found else None

    if query.strictness == "phonetic" and query.words:
        first = search_stage(query, index_uid, window, run, fuzzy_surnames=False)
        deciding = first
        if query.staged and not query.filters.is_empty():  # decided unfiltered, as the embedded engine does
            unfiltered = replace(query, filters=Filters(), with_facets=False)
            deciding = search_stage(unfiltered, index_uid, window, run, fuzzy_surnames=False)
        if first_stage_suffices(query, deciding.decisive_score):
            return first.page(query, best_of)
        query = typos_capped(query, deciding.top_score)
    return search_stage(query, index_uid, window, run, fuzzy_surnames=True).page(query, best_of)


@dataclass
class Stage:
    """One stage's hits, scored and best first, with what a page of them needs."""

    scored: list[tuple[float, Mapping[str, Any]]]
    total: int
    facets: dict[str, dict[str, int]]
    stored: dict[str, StoredRecord] = dataclasses.field(default_factory=dict)

    @property
    def top_score(self) -> float | None:
        return self.scored[0][0] if self.scored else None

    @property
    def decisive_score(self) -> float | None:
        """The score of the hit at ``FIRST_STAGE_DECIDED_AT``, whatever page was asked for (None when
        there are fewer)."""
        decided = len(self.scored) >= FIRST_STAGE_DECIDED_AT
        return self.scored[FIRST_STAGE_DECIDED_AT - 1][0] if decided else None

    def stored_of(self, hit: Mapping[str, Any]) -> StoredRecord:
        record_id = str(hit[F_ID])
        if record_id not in self.stored:
            summary = dict(hit.get(F_SUMMARY) or {}) | {"id": record_id}
            self.stored[record_id] = StoredRecord(summary, StoredAnalysis(hit.get(F_NAME_WORDS)))
        return self.stored[record_id]

    def page(
        self, query: SearchQuery, best_of: Callable[[SearchQuery], tuple[float, Mapping[str, Any]] | None]
    ) -> SearchResult:
        """The query's page, cut as the embedded engine cuts it (``page_with_other_reading``)."""
        page = page_with_other_reading(query, self.scored, self.stored_of, _hit_id, best_of)
        hits = []
        for score, hit in page.hits:
            record = self.stored_of(hit)
            moved = _hit_id(hit) in page.moved
            hits.append(Hit(record.summary["id"], score, record.summary, record.analysis, moved))
        return SearchResult(total=self.total, hits=hits, facets=self.facets)


def _hit_id(hit: Mapping[str, Any]) -> str:
    return str(hit[F_ID])


def search_stage(
    query: SearchQuery, index_uid: str, window: int, run: Runner, *, fuzzy_surnames: bool
) -> Stage:
    queries, federation = multi_search(query, index_uid, window, fuzzy_surnames=fuzzy_surnames)
    if not queries:
        empty: dict[str, dict[str, int]] = {n: {} for n in FACET_NAMES} if query.with_facets else {}
        return Stage(scored=[], total=0, facets=empty)
    return ranked_result(query, run(queries, federation), index_uid, fuzzy_surnames=fuzzy_surnames)


# -- ranking what came back ---------------------------------------------------------------------------
def _within(keys: Sequence[str], candidates: Iterable[str], distance: int, most: int = FUZZY_KEYS) -> bool:
    """A fuzzy term match on the most likely keys, as tantivy's fuzzy term query with transpositions."""
    mine = [k for k in keys[:most] if k]
    return any(
        abs(len(k) - len(c)) <= distance and jellyfish.damerau_levenshtein_distance(k, c) <= distance
        for k in mine
        for c in candidates
    )


class _Keys:
    """A hit's key fields as sets."""

    def __init__(self, hit: Mapping[str, Any]) -> None:
        self.hit = hit

    def __getitem__(self, field: str) -> set[str]:
        value = self.hit.get(field) or []
        return {value} if isinstance(value, str) else set(value)


def surname_tier(word: QueryWord, keys: _Keys, strictness: str, fuzzy: bool = True) -> float:
    best = float(MatchTier.EXACT) if word.exact in keys[F_SURNAME_EXACT] else 0.0
    if strictness != "exact":
        if set(word.likely_keys) & keys[F_SURNAME_KEY]:
            best = max(best, MatchTier.VARIANT)
        elif set(word.less_likely_keys) & keys[F_SURNAME_KEY]:
            best = max(best, MatchTier.VARIANT - LESS_LIKELY_READING)
        if set(word.family_keys) & keys[F_SURNAME_FAMILY]:
            best = max(best, MatchTier.FAMILY)
        if set(word.national_keys) & keys[F_SURNAME_NATIONAL]:
            best = max(best, MatchTier.PHONETIC)
    if strictness == "phonetic" and fuzzy:
        surname_keys = keys[F_SURNAME_KEY]
        if set(word.phonetic_codes) & keys[F_SURNAME_PHONETIC] and _within(
            word.keys, surname_keys, phonetic_confirm_distance(word), most=PHONETIC_KEYS
        ):
            best = max(best, MatchTier.PHONETIC)
        if (
            (word.typo_budget and _within(word.keys, surname_keys, word.typo_budget))
            or (word.typo_budget and _within(word.doubled, surname_keys, word.typo_budget))
            or (word.spelling_budget and _within((word.exact,), keys[F_SURNAME_EXACT], word.spelling_budget))
            or (word.spelling_budget and set(word.repaired_keys) & surname_keys)
        ):
            best = max(best, MatchTier.TYPO)
        elif set(word.frames) & keys[F_SURNAME_FRAME]:
            best = max(best, MatchTier.CONSONANTS)
    return best


def _initial_score(
    word: QueryWord, keys: _Keys, strictness: str, fields: tuple[str, str], score: float, applies: bool
) -> float:
    """An initial agreeing, as in ``QueryCompiler``: the query's initial against the record's names'
    initials (``fields[0]``), or the query's name against a record that gives only an initial
    (``fields[1]``, the name's keys), when ``applies`` (``given_initial_applies``)."""
    if strictness == "exact" or not applies:
        return 0.0
    field = fields[0] if word.is_initial else fields[1]
    return float(score) if set(word.initials) & keys[field] else 0.0


def given_score(word: QueryWord, keys: _Keys, strictness: str) -> float:
    same = word.exact in keys[F_GIVEN_EXACT]
    if strictness != "exact":
        same = same or bool(
            set(word.given_classes) & keys[F_GIVEN_CLASS] or set(word.keys) & keys[F_GIVEN_KEY]
        )
    if same:
        return float(GIVEN_NAME_SCORE)
    fields = (F_GIVEN_INITIAL, F_GIVEN_KEY)
    best = _initial_score(word, keys, strictness, fields, GIVEN_INITIAL_SCORE, given_initial_applies(word))
    if (
        strictness == "phonetic"
        and given_typos_apply(word)
        and (
            (word.typo_budget and _within(word.keys, keys[F_GIVEN_KEY], word.typo_budget))
            or (word.spelling_budget and _within((word.exact,), keys[F_GIVEN_EXACT], word.spelling_budget))
        )
    ):
        best = max(best, float(GIVEN_NAME_TYPO_SCORE))
    return best


def patronymic_score(word: QueryWord, keys: _Keys, strictness: str) -> float:
    same = bool(set(word.keys[:1] if strictness == "exact" else word.keys) & keys[F_PATRONYMIC_KEY])
    if strictness != "exact":
        same = same or bool(set(word.father_classes) & keys[F_FATHER_CLASS])
    if same:
        return float(PATRONYMIC_SCORE)
    fields = (F_FATHER_INITIAL, F_PATRONYMIC_KEY)
    best = _initial_score(
        word, keys, strictness, fields, PATRONYMIC_INITIAL_SCORE, father_initial_applies(word)
    )
    if (
        strictness == "phonetic"
        and word.typo_budget
        and patronymic_typos_apply(word)
        and _within(word.keys, keys[F_PATRONYMIC_KEY], word.typo_budget)
    ):
        best = max(best, float(PATRONYMIC_TYPO_SCORE))
    return best


def birth_year_score(hint: int | None, year: Any) -> float:
    if hint is None or not isinstance(year, int):
        return 0.0
    return float(max((s for d, s in BIRTH_YEAR_SCORES.items() if abs(year - hint) <= d), default=0))


def score_keys(query: SearchQuery, hit: Mapping[str, Any], *, fuzzy_surnames: bool = True) -> float:
    """The embedded engine's score for a record with these keys. A single word scores the best way it meets
    the surname, given name or patronymic (a disjunction-max); with several words the best surname clause
    counts, the others at ``SURNAME_WORDS_TIE``, and the given-name-or-patronymic parts of each word that
    did not meet the surname by one of its terms (``QueryCompiler._unless_surname``) add up. Then the
    number and the birth year."""
    keys = _Keys(hit)
    total = 0.0
    surname_parts: list[float] = []
    for word, fuzzy in zip(query.words, fuzzy_surnames_of(query, fuzzy_surnames), strict=True):
        surname, given, patronymic = _roles(word)
        met = surname_tier(word, keys, query.strictness, fuzzy) if surname else 0.0
        if surname and set(word.written) & keys[F_SURNAME_WRITTEN]:
            total += WRITTEN_SCORE
        rest = max(
            given_score(word, keys, query.strictness) if given else 0.0,
            patronymic_score(word, keys, query.strictness) if patronymic else 0.0,
        )
        if len(query.words) > 1 and surname and surname_tier(word, keys, query.strictness, fuzzy=False):
            rest = 0.0  # one word counts once: met as the surname by a term, not also as a given name
        if len(query.words) == 1:
            best = max(met, rest)
            total += WORD_MATCH + best if best else 0.0
        else:
            surname_parts.append(WORD_MATCH + met if met else 0.0)
            total += WORD_MATCH + rest if rest else 0.0
    if surname_parts:
        best = max(surname_parts)
        total += best + SURNAME_WORDS_TIE * (sum(surname_parts) - best)
    if set(query.numbers) & keys[F_NUMBER]:
        total += MatchTier.NUMBER
    return total + birth_year_score(query.birth_year, hit.get(F_BIRTH_YEAR))


def ranked_result(
    query: SearchQuery, response: Mapping[str, Any], index_uid: str, *, fuzzy_surnames: bool = True
) -> Stage:
    """Score the federation's hits and order them by score (``Stage.page`` orders the ties and cuts the
    page as the embedded engine does)."""
    hits = [h for h in response.get("hits", []) if isinstance(h, Mapping) and F_ID in h]
    scored = sorted(
        ((score_keys(query, h, fuzzy_surnames=fuzzy_surnames), h) for h in hits), key=lambda t: -t[0]
    )
    total = int(response.get("estimatedTotalHits", response.get("totalHits", len(hits))) or 0)
    return Stage(scored=scored, total=max(total, len(hits)), facets=facets_of(query, response, index_uid))


def facets_of(query: SearchQuery, response: Mapping[str, Any], index_uid: str) -> dict[str, dict[str, int]]:
    if not query.with_facets:
        return {}
    by_index = response.get("facetsByIndex") or {}
    distribution = (
        (by_index.get(index_uid) or {}).get("distribution") or response.get("facetDistribution") or {}
    )
    return {name: {str(k): int(v) for k, v in (distribution.get(name) or {}).items()} for name in FACET_NAMES}
