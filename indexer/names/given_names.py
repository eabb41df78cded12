"""Given names as equivalence classes: one class holds every form of one name and its diminutives.

A relative types Andrzej, the Soviet card says Андрей, the German card says Andreas, a letter says Андрюша:
all four are forms of the class ``andrei``.  The classes are data (``data/names/given_names.tsv``, columns
``class lang form kind``); each form is indexed under every canonical key ``name_keys`` gives it, so any
romanization of a form finds its class too (Andrij, Andrii, Андрій -> ``andri`` -> ``andrei``).

Forms that German clerks wrote by ear (Nikolai, Iwan, Fjodor, Wassili) are not in the data: their keys
already equal the keys of the Cyrillic forms, and the а a clerk wrote for an unstressed о (Nikalai, Anatali)
is read back where a word is no name as written.  The data holds only genuinely different forms (Nikolaus,
Johann, Jerzy, Hovhannes).

Female and male variants are separate classes (``aleksandr``, ``aleksandra``), and so are names that are
historically one but that Soviet papers keep apart (``iurii`` and ``georgii``, ``kseniia`` and ``oksana``).
A form belongs to two classes only where it genuinely does (Саша is Александр and Александра; Polish
Jerzy renders both Юрий and Георгий); the data file says so in a comment above the class.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.names.transliteration import name_keys

GIVEN_NAMES_PATH = Path(__file__).resolve().parents[2] / "data" / "names" / "given_names.tsv"

FULL = "full"
DIMINUTIVE = "diminutive"


@dataclass(frozen=True)
class GivenNameForm:
    """One row of the data: the form ``Andrzej`` of class ``andrei`` in Polish, a full name."""

    class_id: str
    lang: str
    form: str
    kind: str


@dataclass(frozen=True)
class _GivenNameIndex:
    forms: dict[str, tuple[GivenNameForm, ...]]  # class id -> its rows, in file order
    by_key: dict[str, frozenset[str]]  # canonical key -> class ids


def read_given_name_forms(path: Path = GIVEN_NAMES_PATH) -> list[GivenNameForm]:
    """The rows of a given-name TSV; lines starting with # are comments (they explain shared forms)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [GivenNameForm(row["class"], row["lang"], row["form"], row["kind"]) for row in reader]


def build_index(rows: list[GivenNameForm]) -> _GivenNameIndex:
    """Group rows by class and index each form under all its keys (Jerzy -> erzi, eji, jerzi ...)."""
    forms: dict[str, list[GivenNameForm]] = {}
    by_key: dict[str, set[str]] = {}
    for row in rows:
        forms.setdefault(row.class_id, []).append(row)
        for key in name_keys(row.form):
            by_key.setdefault(key, set()).add(row.class_id)
    return _GivenNameIndex(
        forms={class_id: tuple(group) for class_id, group in forms.items()},
        by_key={key: frozenset(ids) for key, ids in by_key.items()},
    )


@lru_cache(maxsize=1)
def _index() -> _GivenNameIndex:
    """The shipped data, loaded on first use (about 2,500 rows)."""
    return build_index(read_given_name_forms())


@lru_cache(maxsize=100_000)
def given_name_classes(word: str) -> frozenset[str]:
    """Classes of a given name as typed or recorded, in any script; empty if unknown.

    'Andrzej', 'Андрій', 'Andrii', 'Андрюша' -> {'andrei'}; 'Jerzy' -> {'georgii', 'iurii'};
    'Саша' -> {'aleksandr', 'aleksandra'}; 'Погожев' -> frozenset().
    """
    return given_classes_of_keys(name_keys(word.strip()))


def given_classes_of_keys(keys: tuple[str, ...]) -> frozenset[str]:
    """``given_name_classes`` of a word with these keys: a name's classes are those of its keys, or, for
    a word none of whose keys is a name, those of its keys as a clerk heard them (``_heard_with_akanye``)."""
    by_key = _index().by_key
    found: set[str] = set()
    for key in keys:
        found.update(by_key.get(key, ()))
    if not found:
        for key in keys:
            for reading in _heard_with_akanye(key):
                found.update(by_key.get(reading, ()))
    return frozenset(found)


def _heard_with_akanye(key: str) -> list[str]:
    """A key with a clerk's а read back as the unstressed о he heard (Nikalai, Anatali, Grigari, Rabert,
    Jewdakija; Saja for Зоя), in one place or in all. The last letter stays: a final -а marks a woman's name
    (Лада is not the Georgian Ладо)."""
    body = key[:-1]
    readings = [body[:i] + "o" + body[i + 1 :] + key[-1] for i, c in enumerate(body) if c == "a"]
    if len(readings) > 1:
        readings.append(body.replace("a", "o") + key[-1])
    return readings


def classes_of_key(key: str) -> frozenset[str]:
    """The classes a canonical key belongs to: every given name holding the key is of these classes."""
    return _index().by_key.get(key, frozenset())


def is_known_given_name(word: str) -> bool:
    """True if the word is a form of some class: 'Wassili' -> True, 'Pogoschew' -> False."""
    return bool(given_name_classes(word))


def class_forms(class_id: str) -> tuple[str, ...]:
    """The forms of a class for display, full forms first, in data order; () for an unknown class.

    'nikolai' -> ('Николай', 'Микола', 'Мікалай', ..., 'Nikolaus', ..., 'Коля', ...).
    """
    rows = _index().forms.get(class_id, ())
    ordered = [row.form for row in rows if row.kind == FULL] + [row.form for row in rows if row.kind != FULL]
    return tuple(dict.fromkeys(ordered))


def class_entries(class_id: str) -> tuple[GivenNameForm, ...]:
    """The rows of a class with language and kind: patronymics are built from its Cyrillic full forms."""
    return _index().forms.get(class_id, ())


def class_name(class_id: str) -> str | None:
    """The class's headword, its first Russian full form: 'andrei' -> 'Андрей'; None if unknown."""
    for row in _index().forms.get(class_id, ()):
        if row.lang == "ru" and row.kind == FULL:
            return row.form
    return None


def all_classes() -> tuple[str, ...]:
    """Every class id, in data order."""
    return tuple(_index().forms)


__all__ = [
    "DIMINUTIVE",
    "FULL",
    "GIVEN_NAMES_PATH",
    "GivenNameForm",
    "all_classes",
    "build_index",
    "class_entries",
    "class_forms",
    "class_name",
    "classes_of_key",
    "given_name_classes",
    "is_known_given_name",
    "read_given_name_forms",
]
