"""A record's name words, analysed at index time and read back: the same answers as analysing them live,
and every word a search's explanation and tie order read is among them."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import pytest

from indexer.documents import document_for
from indexer.engines.ties import spelling_distance
from indexer.generator import generate_population
from indexer.names.analysis import (
    father_word_classes,
    given_word_classes,
    is_initial,
    name_initials,
    surname_word_keys,
)
from indexer.names.given_names import given_name_classes
from indexer.names.patronymics import patronymic_father_classes
from indexer.names.stored_analysis import LIVE, LiveAnalysis, StoredAnalysis, record_words
from indexer.records import Record
from indexer.search import QueryInput
from indexer.search.explain import explain_hit
from indexer.search.parse import parse_query

# Beside generated people: a hyphenated surname (also read joined), initials in both scripts, a whole name
# as a clerk's variant, an Armenian and a Georgian spelling, a patronymic in German.
RECORDS = [
    {
        "id": "ter",
        "surname": "Тер-Петросян",
        "given_name": "А.",
        "patronymic": "Ю.",
        "name_variants": ["Ter-Petrosjan Artasches", "Տեր-Պետրոսյան"],
    },
    {
        "id": "dzh",
        "surname": "Джугашвили",
        "given_name": "Yu",
        "patronymic": "Wissarionowitsch",
        "name_variants": ["ჯუღაშვილი", "Dschugaschwili Josef W."],
    },
    *(record for record, _truth in generate_population(400, seed=3)),
]
METHODS = (
    "keys",
    "written",
    "phonetic_codes",
    "surname",
    "given_classes",
    "father_classes",
    "initials",
    "is_initial",
)


class CountingAnalysis(StoredAnalysis):
    """A stored analysis that counts what it had to work out live: the words it did not find stored."""

    def __init__(self, stored: Any) -> None:
        super().__init__(stored)
        self.live: list[str] = []

    def keys(self, word: str) -> tuple[str, ...]:
        if word not in self._keys:
            self.live.append(word)
        return super().keys(word)

    def written(self, word: str) -> tuple[str, ...]:
        if word not in self._written:
            self.live.append(word)
        return super().written(word)

    def phonetic_codes(self, word: str) -> tuple[str, ...]:
        if word not in self._codes:
            self.live.append(word)
        return super().phonetic_codes(word)


def stored_words(record: Record) -> Any:
    """The document's stored words as an engine reads them back: through JSON."""
    return orjson.loads(orjson.dumps(document_for(record).name_words))


@pytest.mark.parametrize("row", RECORDS, ids=lambda row: str(row["id"]))
def test_stored_answers_are_the_live_answers(row: dict[str, Any]) -> None:
    record = Record.model_validate(row)
    stored = StoredAnalysis(stored_words(record))
    words = record_words(record.surname, record.name_variants, [record.given_name, record.patronymic])
    assert words, "every record has a surname word"
    for word, method in itertools.product(words, METHODS):
        assert getattr(stored, method)(word) == getattr(LIVE, method)(word), (word, method)


@pytest.mark.parametrize("row", RECORDS[:60], ids=lambda row: str(row["id"]))
def test_answers_from_keys_are_the_word_analysis(row: dict[str, Any]) -> None:
    """What follows from a word's keys is what the analysis of the word itself gives, at index time too."""
    record = Record.model_validate(row)
    for word in record_words(record.surname, record.name_variants, [record.given_name, record.patronymic]):
        whole = surname_word_keys(word)
        surname = LIVE.surname(word)
        assert (surname.exact, surname.keys) == (whole.exact, whole.keys)
        assert surname.family_keys == whole.family_keys
        assert surname.phonetic_codes == whole.phonetic_codes
        assert surname.national_keys == whole.national_keys
        assert LIVE.written(word) == whole.written
        assert LIVE.given_classes(word) == given_word_classes(word) == tuple(sorted(given_name_classes(word)))
        assert LIVE.father_classes(word) == father_word_classes(word)
        assert father_word_classes(word) == tuple(sorted(patronymic_father_classes(word)))
        assert LIVE.initials(word) == name_initials(word)
        assert LIVE.is_initial(word) == is_initial(word)


def test_a_hyphenated_surname_is_stored_joined_too() -> None:
    record = Record.model_validate(RECORDS[0])
    assert "ТерПетросян" in record_words(record.surname, [], [])
    stored = {entry[0]: entry for entry in stored_words(record)}
    assert "ТерПетросян" in stored


def test_sound_codes_are_stored_for_the_words_of_surnames_only() -> None:
    """Only a surname is met by sound: a given name's or a patronymic's word keeps its readings alone,
    a name variant's words (which may spell the surname) their codes too."""
    stored = {entry[0]: entry for entry in stored_words(Record.model_validate(RECORDS[1]))}
    assert stored["Джугашвили"][3] and stored["Dschugaschwili"][3] and stored["Josef"][3]
    assert len(stored["Wissarionowitsch"]) == 3 and len(stored["Yu"]) == 3


def test_a_word_not_stored_is_analysed_live() -> None:
    for stored in (StoredAnalysis(None), StoredAnalysis([]), StoredAnalysis([["Pogo"], "junk", {"k": 1}])):
        for method in METHODS:
            assert getattr(stored, method)("Pogoschew") == getattr(LIVE, method)("Pogoschew"), method
    assert isinstance(LIVE, LiveAnalysis)


QUERIES = [
    "Pogoschew Andrei",
    "Petrosjan",
    "Terpetrosyan A.",
    "Dschugaschwili Iosif Vissarionovich",
    "Ivanov Ivan Ivanovich 1921",
    "Iwanow",
    "Kuznetsov Nikolai",
    "Smirnow Pjotr",
    "А. Ю.",
    "Mikola Petrenko",
]


@pytest.mark.parametrize("row", RECORDS[:40], ids=lambda row: str(row["id"]))
def test_a_search_reads_only_stored_answers_and_explains_as_live(row: dict[str, Any]) -> None:
    """Whatever a query asks of a record, its explanation and tie order find every word stored, and say
    what the live analysis says."""
    record = Record.model_validate(row)
    summary = document_for(record).summary
    own_words = [
        w for w in (record.surname, record.given_name, record.patronymic, *record.name_variants) if w
    ]
    for text in [*QUERIES, *own_words, " ".join(own_words[:3])]:
        query = parse_query(QueryInput(q=text, with_facets=False))
        analysis = CountingAnalysis(stored_words(record))
        assert explain_hit(query, summary, analysis) == explain_hit(query, summary, LIVE), text
        assert spelling_distance(query, summary, analysis) == spelling_distance(query, summary, LIVE), text
        assert analysis.live == [], text
