"""A record's name words as read at index time, stored beside its summary.

Explaining a hit and ordering hits of equal score ask what each of the record's spellings reads as. On a
million records most hits bring spellings the process has not read before: reading a Latin spelling (its
keys and its written forms, ``latin_rules``) costs about 80 µs, coding its keys in Daitch-Mokotoff about
20 µs more, and a search spent a fifth of its time there. The index computes both anyway, so each document
keeps them, and a search takes them back (``StoredAnalysis``). The rest of a word's analysis (family forms,
given-name and father classes, initials) follows cheaply from its keys, cached per keys, so only readings
and sound codes are stored: about 120 bytes a record.

Both sides answer through the same functions (``LiveAnalysis``), so an answer cannot depend on which one
gave it; a word the document does not hold (a summary made up by a test) is read live.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.names.analysis import (
    family_keys_of,
    father_key_classes,
    fold_spelling,
    frames_of,
    given_key_classes,
    initials_of_keys,
    is_initial_with_keys,
    national_keys_of,
    phonetic_codes_of,
    words_of,
)
from indexer.names.transliteration import name_keys, written_forms


@dataclass(frozen=True)
class SurnameMatchKeys:
    """What a spelling meets a surname word by, below a variant (``explain``'s family, phonetic, national,
    typo and consonant matches): a part of ``analysis.WordKeys``."""

    exact: str
    keys: tuple[str, ...]
    family_keys: tuple[str, ...]
    phonetic_codes: tuple[str, ...]
    national_keys: tuple[str, ...]
    frames: tuple[str, ...]


class LiveAnalysis:
    """A record's spellings read by the analysis functions: each answer from the word's keys."""

    def keys(self, word: str) -> tuple[str, ...]:
        return name_keys(word)

    def written(self, word: str) -> tuple[str, ...]:
        return written_forms(word)

    def phonetic_codes(self, word: str) -> tuple[str, ...]:
        return phonetic_codes_of(self.keys(word))

    def surname(self, word: str) -> SurnameMatchKeys:
        keys = self.keys(word)
        return SurnameMatchKeys(
            fold_spelling(word),
            keys,
            family_keys_of(keys),
            self.phonetic_codes(word),
            national_keys_of(keys),
            frames_of(keys),
        )

    def given_classes(self, word: str) -> tuple[str, ...]:
        return given_key_classes(self.keys(word))

    def father_classes(self, word: str) -> tuple[str, ...]:
        return father_key_classes(self.keys(word))

    def initials(self, word: str) -> tuple[str, ...]:
        return initials_of_keys(self.keys(word))

    def is_initial(self, word: str) -> bool:
        return is_initial_with_keys(word, self.keys(word))


LIVE = LiveAnalysis()


def record_words(
    surname: str | None, name_variants: Iterable[str], other_names: Iterable[str | None]
) -> dict[str, bool]:
    """The words a record's explanation and tie order look at, once each, and whether each is a surname's
    word (of the surname, or of a name variant, which may spell a surname): each word of each name field,
    and the surname's words joined (Terpetrosyan for Тер-Петросян), as ``explain`` reads them."""
    surname_words = words_of(surname)
    found = dict.fromkeys(surname_words, True)
    if len(surname_words) > 1:
        found["".join(surname_words)] = True
    for variant in name_variants:
        found.update(dict.fromkeys(words_of(variant), True))
    for name in other_names:
        for word in words_of(name):
            found.setdefault(word, False)
    return found


def stored_readings(
    surname: str | None, name_variants: Iterable[str], other_names: Iterable[str | None]
) -> list[list[Any]]:
    """What a document keeps of its record's name words: ``[word, keys, written forms]`` for each, and the
    sound codes after them for a surname's word (only a surname is met by sound). A list, not a mapping by
    word, which Meilisearch would flatten into one attribute per distinct word."""
    stored: list[list[Any]] = []
    for word, of_surname in record_words(surname, name_variants, other_names).items():
        keys = name_keys(word)
        entry = [word, keys, written_forms(word)]
        stored.append([*entry, phonetic_codes_of(keys)] if of_surname else entry)
    return stored


class StoredAnalysis(LiveAnalysis):
    """The readings (and sound codes) a document stored at index time; a word it does not hold is read
    live."""

    def __init__(self, stored: Sequence[Any] | None) -> None:
        self._keys: dict[str, tuple[str, ...]] = {}
        self._written: dict[str, tuple[str, ...]] = {}
        self._codes: dict[str, tuple[str, ...]] = {}
        for entry in stored or ():
            if isinstance(entry, list | tuple) and len(entry) in (3, 4) and isinstance(entry[0], str):
                self._keys[entry[0]] = tuple(entry[1])
                self._written[entry[0]] = tuple(entry[2])
                if len(entry) == 4:
                    self._codes[entry[0]] = tuple(entry[3])

    def keys(self, word: str) -> tuple[str, ...]:
        stored = self._keys.get(word)
        return super().keys(word) if stored is None else stored

    def written(self, word: str) -> tuple[str, ...]:
        stored = self._written.get(word)
        return super().written(word) if stored is None else stored

    def phonetic_codes(self, word: str) -> tuple[str, ...]:
        stored = self._codes.get(word)
        return super().phonetic_codes(word) if stored is None else stored
