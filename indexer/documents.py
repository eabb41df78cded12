"""Record -> search document: every key computed once, at index time, into fields named by constants.

Both engines index the same ``SearchDocument``; only the way they store it differs (and Meilisearch is not
sent the sound terms, which only the embedded engine reads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jellyfish

from indexer.names.analysis import (
    father_word_classes,
    fold_spelling,
    given_word_classes,
    name_initials,
    sound_terms_of,
    surname_word_keys,
    words_of,
)
from indexer.names.camps import camp_id_terms
from indexer.names.given_names import is_known_given_name
from indexer.names.numbers import PrisonerNumber
from indexer.names.patronymics import patronymics_in_given_name
from indexer.names.places import area_terms, place_word_keys
from indexer.names.stored_analysis import stored_readings
from indexer.names.transliteration import name_keys
from indexer.records import Record

# Field names, shared by both engines and the query compilers.
F_ID = "id"
F_SURNAME_EXACT = "surname_exact"
F_SURNAME_KEY = "surname_key"
F_SURNAME_FAMILY = "surname_family"
F_SURNAME_NATIONAL = "surname_national"
F_SURNAME_FRAME = "surname_frame"  # consonants in order, vowels as one ``a`` (``surnames.consonant_frame``)
F_SURNAME_PHONETIC = "surname_phonetic"
# Each key behind its own sound code (``analysis.sound_terms_of``), for the embedded engine to list the
# keys of a code; Meilisearch filters the codes and keys themselves and is not sent these.
F_SURNAME_SOUND = "surname_sound"
F_SURNAME_WRITTEN = "surname_written"
F_GIVEN_EXACT = "given_exact"
F_GIVEN_KEY = "given_key"
F_GIVEN_CLASS = "given_class"
F_GIVEN_INITIAL = "given_initial"
F_PATRONYMIC_KEY = "patronymic_key"
F_FATHER_CLASS = "father_class"
F_FATHER_INITIAL = "father_initial"
F_NUMBER = "number"
F_BIRTH_YEAR = "birth_year"
F_BIRTH_DECADE = "birth_decade"
F_BIRTH_PLACE_KEY = "birth_place_key"
F_CAMP = "camp"
F_CAMP_WORD = "camp_word"
F_NATIONALITY = "nationality"
F_FATE = "fate"
F_SUMMARY = "summary"
F_NAME_WORDS = "name_words"  # the record's name words as read (``stored_analysis``): stored, not indexed

KEY_FIELDS = (
    F_SURNAME_EXACT,
    F_SURNAME_KEY,
    F_SURNAME_FAMILY,
    F_SURNAME_NATIONAL,
    F_SURNAME_FRAME,
    F_SURNAME_PHONETIC,
    F_SURNAME_SOUND,
    F_SURNAME_WRITTEN,
    F_GIVEN_EXACT,
    F_GIVEN_KEY,
    F_GIVEN_CLASS,
    F_GIVEN_INITIAL,
    F_PATRONYMIC_KEY,
    F_FATHER_CLASS,
    F_FATHER_INITIAL,
    F_NUMBER,
    F_BIRTH_PLACE_KEY,
    F_CAMP_WORD,
)

# Fields only the embedded engine indexes (see F_SURNAME_SOUND).
EMBEDDED_ONLY_FIELDS = (F_SURNAME_SOUND,)
MEILI_KEY_FIELDS = tuple(f for f in KEY_FIELDS if f not in EMBEDDED_ONLY_FIELDS)


@dataclass
class SearchDocument:
    id: str
    terms: dict[str, list[str]] = field(default_factory=dict)  # key fields -> their terms
    birth_year: int | None = None
    camps: list[str] = field(default_factory=list)
    nationality: str | None = None
    fate: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    name_words: list[list[Any]] = field(default_factory=list)  # their readings, to explain and order hits

    @property
    def birth_decade(self) -> int | None:
        return self.birth_year // 10 * 10 if self.birth_year else None


class _Terms:
    """Collects unique terms per field, in the order first seen."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, None]] = {name: {} for name in KEY_FIELDS}

    def add(self, name: str, values: object) -> None:
        bucket = self.fields[name]
        for value in values:  # type: ignore[attr-defined]
            if value:
                bucket[value] = None

    def as_lists(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self.fields.items() if values}


def _add_surname_word(terms: _Terms, word: str) -> None:
    keys = surname_word_keys(word)
    terms.add(F_SURNAME_EXACT, [keys.exact])
    terms.add(F_SURNAME_KEY, keys.keys)
    terms.add(F_SURNAME_FAMILY, keys.family_keys)
    terms.add(F_SURNAME_NATIONAL, keys.national_keys)
    terms.add(F_SURNAME_FRAME, keys.frames)
    terms.add(F_SURNAME_PHONETIC, keys.phonetic_codes)
    terms.add(F_SURNAME_SOUND, sound_terms_of(keys.keys))
    terms.add(F_SURNAME_WRITTEN, keys.written)


def _add_given_word(terms: _Terms, word: str) -> None:
    terms.add(F_GIVEN_EXACT, [fold_spelling(word)])
    terms.add(F_GIVEN_KEY, name_keys(word))
    terms.add(F_GIVEN_CLASS, given_word_classes(word))
    terms.add(F_GIVEN_INITIAL, name_initials(word))


def _add_patronymic_word(terms: _Terms, word: str) -> None:
    terms.add(F_PATRONYMIC_KEY, name_keys(word))
    terms.add(F_FATHER_CLASS, father_word_classes(word))
    terms.add(F_FATHER_INITIAL, name_initials(word))


def _add_surname(terms: _Terms, surname: str) -> None:
    words = words_of(surname)
    for word in words:
        _add_surname_word(terms, word)
    if len(words) > 1:  # Ter-Petrosyan is also found as Terpetrosyan
        _add_surname_word(terms, "".join(words))


def _resembles(word: str, written: str | None) -> bool:
    """Whether ``word`` is a spelling of ``written`` (same key, or one typo apart): Nikalai of Николай."""
    if not written:
        return False
    theirs = [k for w in words_of(written) for k in name_keys(w)]
    return any(
        jellyfish.damerau_levenshtein_distance(mine, other) <= 1
        for mine in name_keys(word)[:2]
        for other in theirs
    )


def _add_variant(terms: _Terms, variant: str, record: Record, given_classes: set[str]) -> None:
    """A variant spelling may be a surname alone or a whole name (Tschumakow Nikalai): its words that spell
    the record's given name or patronymic go there, the rest count as surname spellings. A given name
    misfiled as a surname would make every Nikolai an exact surname match. A word spelling the record's
    surname stays a surname first: Янович and Петрович are patronymics too, and misfiled as one (Янович
    Сергей beside Janowitsch Sergei Grigorjewitsch) they gave the card a father Ян it does not name."""
    words = words_of(variant)
    if len(words) == 1:
        _add_surname_word(terms, words[0])
        return
    for word in words:
        if _resembles(word, record.surname):
            _add_surname_word(terms, word)
            continue
        known_given = is_known_given_name(word) and (
            not given_classes or bool(given_classes & set(given_word_classes(word)))
        )
        if known_given or _resembles(word, record.given_name):
            _add_given_word(terms, word)
        elif (record.patronymic and father_word_classes(word)) or _resembles(word, record.patronymic):
            _add_patronymic_word(terms, word)
        else:
            _add_surname_word(terms, word)


def summary_of(record: Record) -> dict[str, Any]:
    """What a result list shows of a record, stored in the index so a search needs no database read."""
    summary: dict[str, Any] = {
        "id": record.id,
        "surname": record.surname,
        "given_name": record.given_name,
        "patronymic": record.patronymic,
        "sex": record.sex,
        "name_variants": record.name_variants or None,
        "birth_date": record.birth_date,
        "birth_place": record.birth_place,
        "nationality": record.nationality,
        "fate": record.fate,
        "death_date": record.death_date,
        "death_place": record.death_place,
        "camps": [
            {k: v for k, v in (("camp", c.camp), ("number", c.number), ("from", c.from_), ("to", c.to)) if v}
            for c in record.camps
        ]
        or None,
    }
    return {k: v for k, v in summary.items() if v is not None}


def document_for(record: Record) -> SearchDocument:
    terms = _Terms()
    _add_surname(terms, record.surname)
    given_classes: set[str] = set()
    for word in words_of(record.given_name):
        _add_given_word(terms, word)
        given_classes.update(given_word_classes(word))
    for word in [*words_of(record.patronymic), *patronymics_in_given_name(words_of(record.given_name))]:
        _add_patronymic_word(terms, word)
    for variant in record.name_variants:
        _add_variant(terms, variant, record, given_classes)
    terms.add(F_NUMBER, (PrisonerNumber.normalize(c.number) for c in record.camps if c.number))
    for word in words_of(record.birth_place):
        terms.add(F_BIRTH_PLACE_KEY, place_word_keys(word))
    terms.add(F_BIRTH_PLACE_KEY, area_terms(record.birth_place))
    camps = list(dict.fromkeys(c.camp for c in record.camps if c.camp))
    for camp in camps:
        terms.add(F_CAMP_WORD, camp_words(camp))
        terms.add(F_CAMP_WORD, camp_id_terms(camp))  # id:stalag-326 for Stalag VI-K, a filter's other names
    return SearchDocument(
        id=record.id,
        terms=terms.as_lists(),
        birth_year=record.birth_year,
        camps=camps,
        nationality=record.nationality,
        fate=record.fate,
        summary=summary_of(record),
        name_words=stored_readings(
            record.surname, record.name_variants, [record.given_name, record.patronymic]
        ),
    )


@lru_cache(maxsize=4096)  # a few hundred camps
def camp_words(camp: str) -> tuple[str, ...]:
    """Words of a camp name, folded: a filter "stalag 326" finds "Stalag 326 (VI K) Senne"."""
    return tuple(fold_spelling(w) for w in re.findall(r"\w+", camp))
