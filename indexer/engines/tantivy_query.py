"""Compile an engine-neutral ``SearchQuery`` into a tantivy query.

Every clause has a constant score (``MatchTier`` and the agreement scores of ``engines.base``), so the
order is the ranking policy itself, not BM25: a rare misspelling must not outrank an exact match because
its term is rare. Each query word is a disjunction-max over the ways it can match, so one word counts once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import jellyfish
from tantivy import FieldType, Occur, Query, Schema

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
    F_NATIONALITY,
    F_NUMBER,
    F_PATRONYMIC_KEY,
    F_SURNAME_EXACT,
    F_SURNAME_FAMILY,
    F_SURNAME_FRAME,
    F_SURNAME_KEY,
    F_SURNAME_NATIONAL,
    F_SURNAME_PHONETIC,
    F_SURNAME_SOUND,
    F_SURNAME_WRITTEN,
    camp_words,
)
from indexer.engines.base import (
    BIRTH_YEAR_SCORES,
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
    MatchTier,
    QueryWord,
    SearchQuery,
    father_initial_applies,
    given_initial_applies,
    given_typos_apply,
    misspelt_surname_applies,
    patronymic_typos_apply,
    phonetic_confirm_distance,
)
from indexer.names.analysis import SOUND_CODE_LENGTH
from indexer.names.camps import camp_id_terms
from indexer.names.given_names import classes_of_key

# A phonetic match is only a candidate; it counts when the key is also within a few edits
# (``phonetic_confirm_distance``), so that "Pagoschew" meets Погожев but a nonsense word sharing a code
# with thousands of names meets nobody.

# Fuzzy matching runs on the most likely readings only; the others are exact-key alternatives.
FUZZY_KEYS = 2

# The index's terms of a field that begin with a prefix, with their document counts
# (``tantivy.Searcher.terms_with_prefix``).
Lexicon = Callable[[str, str], Sequence[tuple[str, int]]]


def _with_optional(matching: Query, optional: list[Query]) -> Query:
    """``matching`` with each of ``optional`` adding its score where it meets, one level at a time.

    The same scores as one boolean query of the required clause and the optional ones, but tantivy then
    merges every optional clause into one union, which refills a window of 4,096 documents from each
    clause at every record found (a common given name's list holds a thirtieth of the index). One level
    per clause looks each up by skipping to the records found only."""
    for clause in optional:
        matching = Query.boolean_query([(Occur.Must, matching), (Occur.Should, clause)])
    return matching


def _const(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def _any_of(queries: list[Query]) -> Query | None:
    if not queries:
        return None
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _best_of(queries: list[Query]) -> Query | None:
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Query.disjunction_max_query(queries)


def _term_list(schema: Schema, field: str, values: tuple[str, ...] | list[str]) -> list[Query]:
    # Term queries, not a TermSetQuery: for a handful of keys the set query's automaton costs a hundred
    # times more (137 µs against 3 µs, measured on the demo index).
    return [Query.term_query(schema, field, v) for v in values if v]


def _terms(schema: Schema, field: str, values: tuple[str, ...] | list[str]) -> Query | None:
    return _any_of(_term_list(schema, field, values))


def _fuzzy_list(
    schema: Schema, field: str, keys: tuple[str, ...], distance: int, most: int = FUZZY_KEYS
) -> list[Query]:
    return [Query.fuzzy_term_query(schema, field, k, distance) for k in keys[:most] if k]


def _ways(options: list[tuple[list[Query], float]]) -> list[Query]:
    """Each term of each option as one way of meeting, scored as a word met (``WORD_MATCH``) plus how well
    it met. A word's ways are joined by one disjunction-max, flat: the best way met is what counts, as in
    nested maxima, but tantivy merges one list instead of a union per level, and each union costs a pass
    over 4,096 documents of its terms at every record the surname found (measured: a full-name search at
    a million records spent 1.7 of its 2.8 ms in the nested maxima of the given name and patronymic)."""
    return [_const(q, WORD_MATCH + score) for queries, score in options for q in queries]


class QueryCompiler:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    # -- per word: the ways it can meet a record ----------------------------------------------------
    def surname_ways(
        self, word: QueryWord, strictness: str, fuzzy: bool = True, lexicon: Lexicon | None = None
    ) -> list[Query]:
        ways = _ways(self._surname_terms(word, strictness))
        if strictness == "phonetic" and fuzzy:
            ways.extend(self._fuzzy_surname(word, lexicon))
        return ways

    def _surname_terms(self, word: QueryWord, strictness: str) -> list[tuple[list[Query], float]]:
        """The word's surname terms (exact, variant, family, national form), each with its tier."""
        s = self.schema
        options: list[tuple[list[Query], float]] = [
            (_term_list(s, F_SURNAME_EXACT, [word.exact]), MatchTier.EXACT)
        ]
        if strictness != "exact":
            options.append((_term_list(s, F_SURNAME_KEY, word.likely_keys), MatchTier.VARIANT))
            options.append(
                (
                    _term_list(s, F_SURNAME_KEY, word.less_likely_keys),
                    MatchTier.VARIANT - LESS_LIKELY_READING,
                )
            )
            options.append((_term_list(s, F_SURNAME_FAMILY, word.family_keys), MatchTier.FAMILY))
            # National forms (Оганесян = Hovhannisyan) are coarse consonant skeletons: a candidate that
            # ranks with the sound-alikes, not with the same name in another script.
            options.append((_term_list(s, F_SURNAME_NATIONAL, word.national_keys), MatchTier.PHONETIC))
        return options

    def _fuzzy_surname(self, word: QueryWord, lexicon: Lexicon | None) -> list[Query]:
        """Sound-alike (same Daitch-Mokotoff code, key within a few edits) and typo clauses. Where the
        sound-alike's distance is the typo budget, one automaton serves both: a key within the budget is a
        typo, and with the same code also a sound-alike (typo score plus the difference). The automata
        are the costliest part of a search (1.5 ms for two edits on a million records), so a sound-alike
        two edits away is otherwise confirmed over the keys of its codes, listed from the index
        (``lexicon``), not by an automaton."""
        s = self.schema
        codes = _terms(s, F_SURNAME_PHONETIC, word.phonetic_codes)
        distance = phonetic_confirm_distance(word)
        found: list[Query] = []
        first, others = word.keys[:1], word.keys[1:FUZZY_KEYS]
        if word.typo_budget == distance and first:
            near = Query.fuzzy_term_query(s, F_SURNAME_KEY, first[0], distance)
            parts = [(Occur.Must, _const(near, WORD_MATCH + MatchTier.TYPO))]
            if codes is not None:
                parts.append((Occur.Should, _const(codes, MatchTier.PHONETIC - MatchTier.TYPO)))
            found.append(Query.boolean_query(parts))
        elif first and codes is not None:
            if distance >= 2 and lexicon is not None:
                terms = sound_alike_terms(lexicon, word.phonetic_codes, first[0], distance)
                confirmed = _any_of(_term_list(s, F_SURNAME_SOUND, terms))
            else:
                near = Query.fuzzy_term_query(s, F_SURNAME_KEY, first[0], distance)
                confirmed = Query.boolean_query([(Occur.Must, codes), (Occur.Must, near)])
            if confirmed is not None:
                found.append(_const(confirmed, WORD_MATCH + MatchTier.PHONETIC))
            others = word.keys[:FUZZY_KEYS]
        typos = _fuzzy_list(s, F_SURNAME_KEY, others, word.typo_budget) if word.typo_budget else []
        if word.typo_budget:  # Poorelov: a letter dropped between two alike, one edit before folding
            typos += _fuzzy_list(s, F_SURNAME_KEY, word.doubled, word.typo_budget)
        if word.spelling_budget:
            typos += _fuzzy_list(s, F_SURNAME_EXACT, (word.exact,), word.spelling_budget)
            typos += _term_list(s, F_SURNAME_KEY, word.repaired_keys)  # Pugahcev: a slip in a digraph
        frames = _term_list(s, F_SURNAME_FRAME, word.frames)  # Yoldoshev: Юлдашев's consonants
        found.extend(_ways([(typos, MatchTier.TYPO), (frames, MatchTier.CONSONANTS)]))
        return found

    def given_ways(self, word: QueryWord, strictness: str) -> list[Query]:
        s = self.schema
        same = _term_list(s, F_GIVEN_EXACT, [word.exact])
        if strictness != "exact":
            same += _term_list(s, F_GIVEN_CLASS, word.given_classes)
            same += _term_list(s, F_GIVEN_KEY, self._keys_beside_classes(word))
        options: list[tuple[list[Query], float]] = [(same, GIVEN_NAME_SCORE)]
        if strictness != "exact" and given_initial_applies(word):
            # А. meets every name of that letter; Андрей meets a record that gives only А.
            field = F_GIVEN_INITIAL if word.is_initial else F_GIVEN_KEY
            options.append((_term_list(s, field, word.initials), GIVEN_INITIAL_SCORE))
        if strictness == "phonetic" and given_typos_apply(word):
            typos = _fuzzy_list(s, F_GIVEN_KEY, word.keys, word.typo_budget) if word.typo_budget else []
            if word.spelling_budget:
                typos += _fuzzy_list(s, F_GIVEN_EXACT, (word.exact,), word.spelling_budget)
            options.append((typos, GIVEN_NAME_TYPO_SCORE))
        return _ways(options)

    @staticmethod
    def _keys_beside_classes(word: QueryWord) -> tuple[str, ...]:
        """The word's keys that its given-name classes do not already cover. A record's given name is
        classed by its keys (``given_name_classes``), so a record holding a key of one of the word's
        classes also holds that class: searching the key too would only merge a second long list of the
        same records (every Василий) into the search. Keys of no class, or of other classes, stay."""
        classes = set(word.given_classes)
        return tuple(k for k in word.keys if classes.isdisjoint(classes_of_key(k)))

    def patronymic_ways(self, word: QueryWord, strictness: str) -> list[Query]:
        s = self.schema
        same = _term_list(s, F_PATRONYMIC_KEY, word.keys[:1] if strictness == "exact" else word.keys)
        if strictness != "exact":
            same += _term_list(s, F_FATHER_CLASS, word.father_classes)
        options: list[tuple[list[Query], float]] = [(same, PATRONYMIC_SCORE)]
        if strictness != "exact" and father_initial_applies(word):
            field = F_FATHER_INITIAL if word.is_initial else F_PATRONYMIC_KEY
            options.append((_term_list(s, field, word.initials), PATRONYMIC_INITIAL_SCORE))
        if strictness == "phonetic" and word.typo_budget and patronymic_typos_apply(word):
            options.append(
                (_fuzzy_list(s, F_PATRONYMIC_KEY, word.keys, word.typo_budget), PATRONYMIC_TYPO_SCORE)
            )
        return _ways(options)

    # -- the whole query ----------------------------------------------------------------------------
    def compile(
        self, query: SearchQuery, *, fuzzy_surnames: bool = True, lexicon: Lexicon | None = None
    ) -> Query:
        """The whole query. Without ``fuzzy_surnames`` it is the cheap first stage: every clause but the
        sound-alike and typo surname clauses, whose automata cost 50-150 µs a key. ``lexicon`` lists the
        index's terms, to confirm distant sound-alikes without an automaton."""
        s = self.schema
        should: list[Query] = []
        surname_clauses: list[Query] = []
        other_clauses: list[Query] = []
        for position, word in enumerate(query.words):
            surname: list[Query] = []
            names: list[Query] = []
            if word.role in ("any", "surname"):
                fuzzy = fuzzy_surnames and misspelt_surname_applies(query, position)
                surname = self.surname_ways(word, query.strictness, fuzzy, lexicon)
                written = _best_of(
                    [_const(q, WRITTEN_SCORE) for q in _term_list(s, F_SURNAME_WRITTEN, word.written)]
                )
                if written is not None:
                    should.append(written)
            if word.role in ("any", "given_name"):
                names += self.given_ways(word, query.strictness)
            if word.role in ("any", "patronymic"):
                names += self.patronymic_ways(word, query.strictness)
            if len(query.words) == 1:
                # A single word may be any part of the name; it must match one of them.
                if (best := _best_of(surname + names)) is not None:
                    surname_clauses.append(best)
                continue
            if (best := _best_of(surname)) is not None:
                surname_clauses.append(best)
            if (best := _best_of(names)) is not None:
                other_clauses.append(self._unless_surname(best, word, query.strictness) if surname else best)
        # With several words, one of them has to be the surname: "Pogozhev Andrei" must not list every
        # Andrei. The surname clauses are that requirement and carry their scores themselves (the best
        # whole, the others at SURNAME_WORDS_TIE); the other parts of each word only add to the score
        # (evaluated once: no clause is compiled twice).
        required: list[Query] = list(other_clauses)
        if len(surname_clauses) > 1:
            required = [Query.disjunction_max_query(surname_clauses, SURNAME_WORDS_TIE)]
        elif surname_clauses:
            required = list(surname_clauses)
        if not surname_clauses:
            other_clauses = []
        number = _terms(s, F_NUMBER, query.numbers)
        if number is not None:
            required.append(_const(number, MatchTier.NUMBER))
        should.extend(other_clauses)
        if query.birth_year is not None:
            should.append(self.birth_year_clause(query.birth_year))
        musts: list[tuple[Occur, Query]] = []
        if required:
            musts.append((Occur.Must, required[0] if len(required) == 1 else _any_of(required)))  # type: ignore[arg-type]
        musts.extend((Occur.Must, _const(f, 0.0)) for f in self.filter_clauses(query.filters))
        if not musts:
            return Query.boolean_query([(Occur.Should, q) for q in should])
        return _with_optional(Query.boolean_query(musts), should)

    def _unless_surname(self, names: Query, word: QueryWord, strictness: str) -> Query:
        """A word's given-name and patronymic ways, for the records it did not already meet as their surname:
        one word counts once. Without this, Rebert meets a Rebert Robert twice (the surname as written,
        the given name as a typo) and ranks him above the Реберт Пётр that "Rebert Pyotr" asked for; and
        Янович, a surname that is also a patronymic, counts twice on every Янович with a father Ян. A
        surname's ways all score above a given name's, so the word keeps its best. The fuzzy surname ways
        are left out of the test: their automata are the costly part of a search, and a word misspelt as
        a surname and also the given name of the same record is rare."""
        met_as_surname = _any_of([q for queries, _ in self._surname_terms(word, strictness) for q in queries])
        if met_as_surname is None:
            return names
        return Query.boolean_query([(Occur.Must, names), (Occur.MustNot, met_as_surname)])

    def birth_year_clause(self, year: int) -> Query:
        options = [
            _const(
                Query.range_query(self.schema, F_BIRTH_YEAR, FieldType.Integer, year - d, year + d),
                score,
            )
            for d, score in BIRTH_YEAR_SCORES.items()
        ]
        return Query.disjunction_max_query(options)

    def filter_clauses(self, filters: Filters) -> list[Query]:
        s = self.schema
        found: list[Query] = []
        if filters.birth_year_min is not None or filters.birth_year_max is not None:
            found.append(
                Query.range_query(
                    s, F_BIRTH_YEAR, FieldType.Integer, filters.birth_year_min, filters.birth_year_max
                )
            )
        if filters.camp:
            exact = Query.term_query(s, F_CAMP, filters.camp)
            words = [Query.term_query(s, F_CAMP_WORD, w) for w in camp_words(filters.camp)]
            all_words = Query.boolean_query([(Occur.Must, q) for q in words]) if words else None
            # ... or a camp of the gazetteer it names, however the record wrote it (Stalag 326, Stalag VI-K).
            named = _terms(s, F_CAMP_WORD, camp_id_terms(filters.camp))
            found.append(_any_of([q for q in (exact, all_words, named) if q is not None]) or exact)
        words = [
            q for keys in filters.birth_place_keys if (q := _terms(s, F_BIRTH_PLACE_KEY, keys)) is not None
        ]
        every_word = Query.boolean_query([(Occur.Must, q) for q in words]) if words else None
        area = _terms(s, F_BIRTH_PLACE_KEY, filters.birth_area_terms)
        local = [
            q for keys in filters.birth_local_keys if (q := _terms(s, F_BIRTH_PLACE_KEY, keys)) is not None
        ]
        in_area = Query.boolean_query([(Occur.Must, q) for q in (area, *local)]) if area is not None else None
        place = _any_of([q for q in (every_word, in_area) if q is not None])
        if place is not None:
            found.append(place)
        if filters.nationality:
            found.append(Query.term_query(s, F_NATIONALITY, filters.nationality))
        if filters.fate:
            found.append(Query.term_query(s, F_FATE, filters.fate))
        if (reading := _terms(s, F_SURNAME_KEY, filters.surname_keys)) is not None:
            if (shown := _terms(s, F_SURNAME_KEY, filters.not_surname_keys)) is not None:
                reading = Query.boolean_query([(Occur.Must, reading), (Occur.MustNot, shown)])
            found.append(reading)
        return found


def sound_alike_terms(lexicon: Lexicon, codes: Sequence[str], key: str, distance: int) -> list[str]:
    """The index's sound terms (``F_SURNAME_SOUND``) whose code is one of ``codes`` and whose key is within
    ``distance`` edits of ``key``: the records of a sound-alike, found by listing the keys of each code
    (87 on average for the long names this is used for, at a million records) and measuring each, where
    a two-edit automaton would walk all 330,000 surname keys. The distance is Damerau-Levenshtein, as the
    typo budget's (``typos.within_budget``)."""
    found = []
    for code in codes:
        for term, _count in lexicon(F_SURNAME_SOUND, code):
            other = term[SOUND_CODE_LENGTH:]
            if abs(len(other) - len(key)) <= distance and (
                jellyfish.damerau_levenshtein_distance(other, key) <= distance
            ):
                found.append(term)
    return found
