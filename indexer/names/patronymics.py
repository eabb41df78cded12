"""Patronymics -> the father's given-name class: Андреевич, Andrejewitsch, Andriiovych, Андріївна -> andrei.

Three sources, looked up on every canonical key of the word; the third only when the first two find nothing:

1. The table ``data/names/patronymics.tsv``: 2,147 frequent Russian patronymics with the father's name
   (Яковлевич -> Яков, Михайлович -> Михаил, Львович -> Лев), which settles the irregular ones.
2. Patronymics *generated* from the Cyrillic full forms of every male given-name class, by the Russian,
   Ukrainian and Belarusian rules (Андрій -> Андрійович, Андріївна; Мікалай -> Мікалаевіч).  Index and
   query meet on keys, so Latin spellings of any of them are found too: Andriiovych -> andrioviq.
3. Suffix rules on the key for everything else: strip -ovich/-evich/-ich/-ovna/-evna/-ivna..., rebuild
   the father's key (Андреевич -> andr + ei) and look it up among the given names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.names.given_names import (
    FULL,
    all_classes,
    class_entries,
    class_name,
    given_name_classes,
)
from indexer.names.transliteration import name_keys, script_of

PATRONYMICS_PATH = Path(__file__).resolve().parents[2] / "data" / "names" / "patronymics.tsv"

_CYRILLIC_VOWELS = "аеёиоуыэюяієїў"
_HUSHING = "жчшщц"


@dataclass(frozen=True)
class _PatronymicIndex:
    table: dict[str, tuple[str, ...]]  # key -> fathers' names from the table, most frequent first
    generated: dict[str, tuple[tuple[str, str], ...]]  # key -> (class id, father's form) it came from
    male_keys: dict[str, frozenset[str]]  # given-name key -> male class ids, for the suffix rules


# --- generating patronymics from a father's name --------------------------------------------------


def russian_patronymics(father: str) -> tuple[str, ...]:
    """Russian patronymics of a name, male and female: 'Андрей' -> ('Андреевич', 'Андреевна').

    Irregular ones (Павел -> Павлович, Яков -> Яковлевич) come from the table, not from here.
    """
    name = father.replace("ё", "е")
    last = name[-1:]
    if name.endswith("ий"):  # Дмитрий -> Дмитриевич, Юрий -> Юрьевич: both spellings occur
        stem = name[:-2]
        return tuple(stem + infix + end for infix in ("и", "ь") for end in ("евич", "евна"))
    if last == "й":  # Андрей -> Андреевич, Николай -> Николаевич
        return (name[:-1] + "евич", name[:-1] + "евна")
    if last == "ь":  # Игорь -> Игоревич, Шамиль -> Шамилевич
        return (name[:-1] + "евич", name[:-1] + "евна")
    if last == "я" and name[-2:-1] in _CYRILLIC_VOWELS:  # Захария -> Захариевич
        return (name[:-1] + "евич", name[:-1] + "евна")
    if last in "ая":  # Никита -> Никитич, Никитична; Илья -> Ильич, Ильинична; Кузьма -> Кузьминична
        stem = name[:-1] if last == "а" or name[-2:-1] == "ь" else name[:-1] + "ь"
        vowel = "е" if stem[-1:] in _HUSHING else "о"  # Мовша -> Мовшевич, Абдулла -> Абдуллович
        return (stem + "ич", stem + "ична", stem + "инична", stem + vowel + "вич", stem + vowel + "вна")
    if last in _HUSHING:  # Тимош -> Тимошевич
        return (name + "евич", name + "евна")
    if last in _CYRILLIC_VOWELS:  # Отто, Гиви: rare, the plain -вич forms
        return (name + "вич", name + "вна")
    return (name + "ович", name + "овна")


def ukrainian_patronymics(father: str) -> tuple[str, ...]:
    """Ukrainian patronymics: 'Андрій' -> ('Андрійович', 'Андріївна'); 'Петро' -> ('Петрович', 'Петрівна')."""
    name = father
    last = name[-1:]
    if name == "Григорій":  # Григорович, Григорівна, besides the regular Григорійович
        return ("Григорович", "Григорівна", "Григорійович", "Григоріївна")
    if last == "й":  # Андрій -> Андрійович, Андріївна; Миколай -> Миколайович
        return (name + "ович", name[:-1] + "ївна")
    if name == "Микола":  # the one -а name that keeps й: Миколайович, Миколаївна
        return ("Миколайович", "Миколаївна")
    if last in "оа":  # Петро -> Петрович, Петрівна; Микита -> Микитович, Микитівна
        stem = name[:-1]
        return (stem + "ович", stem + "івна", stem + "ич", stem + "ична")
    if last == "я":  # Ілля -> Ілліч, Іллівна
        return (name[:-1] + "іч", name[:-1] + "івна")
    if last == "ь":  # Василь -> Васильович, Василівна
        return (name + "ович", name[:-1] + "івна")
    # Федір -> Федорович, Федорівна: і of the last syllable alternates with о
    stems = [name]
    if len(name) > 3 and name[-2] == "і" and name[-3] not in _CYRILLIC_VOWELS:
        stems.append(name[:-2] + "о" + name[-1])
    return tuple(stem + end for stem in stems for end in ("ович", "івна"))


def belarusian_patronymics(father: str) -> tuple[str, ...]:
    """Belarusian patronymics: 'Іван' -> ('Іванавіч', 'Іванаўна', ...); 'Мікалай' -> 'Мікалаевіч'."""
    name = father.replace("ё", "е")
    last = name[-1:]
    if name.endswith(("ый", "ій")):  # Юрый -> Юр'евіч, Дзмітрый -> Дзмітрыевіч
        stem = name[:-2]
        return (stem + "ыевіч", stem + "ыеўна", stem + "'евіч", stem + "'еўна")
    if last in "йь":  # Андрэй -> Андрэевіч, Андрэеўна
        return (name[:-1] + "евіч", name[:-1] + "еўна")
    if last in "ая":  # Ілья -> Ільіч
        return (name[:-1] + "іч", name[:-1] + "ічна")
    return (name + "авіч", name + "аўна", name + "овіч", name + "оўна")


_GENERATORS = {"uk": ukrainian_patronymics, "be": belarusian_patronymics}


def _cyrillic_full_forms(class_id: str) -> Iterator[tuple[str, str]]:
    """(language, form) of the Cyrillic full forms of a class: Armenian Ованес counts, Hovhannes does not."""
    for row in class_entries(class_id):
        if row.kind == FULL and script_of(row.form) == "cyrillic":
            yield row.lang, row.form


# --- loading --------------------------------------------------------------------------------------


def _read_table(path: Path) -> list[tuple[str, str, int]]:
    """(patronymic, father, count) rows of the derived table."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["patronymic"], row["father"], int(row["count"])) for row in reader]


# Men's names ending in а/я.  Without them a headword in а/я is a woman's name, and Яна must not father
# Янович (that is Ян).  Tatar and Arabic names in -улла (Абдулла, Нурулла) are men's names too.
# fmt: off
_MALE_NAMES_IN_A = frozenset({
    "Илья", "Никита", "Кузьма", "Лука", "Фома", "Савва", "Шалва", "Муса", "Хамза", "Мустафа", "Мина",
    "Зосима", "Антипа",
})
# fmt: on


def _is_male_class(class_id: str, table_fathers: frozenset[str]) -> bool:
    """A class that fathers: named in the table, or a men's headword (Мария and Анна are not)."""
    if class_id in table_fathers:
        return True
    head = class_name(class_id) or ""
    return not head.endswith(("а", "я")) or head in _MALE_NAMES_IN_A or head.endswith("улла")


@lru_cache(maxsize=1)
def _index() -> _PatronymicIndex:
    rows = _read_table(PATRONYMICS_PATH)
    weights: dict[str, dict[str, int]] = {}
    table_fathers: set[str] = set()
    for patronymic, father, count in rows:
        table_fathers.update(given_name_classes(father))
        for key in name_keys(patronymic):
            fathers = weights.setdefault(key, {})
            fathers[father] = fathers.get(father, 0) + count
    table = {key: tuple(sorted(fathers, key=lambda name: -fathers[name])) for key, fathers in weights.items()}
    fathers_known = frozenset(table_fathers)
    generated: dict[str, dict[tuple[str, str], None]] = {}
    male_keys: dict[str, set[str]] = {}
    for class_id in all_classes():
        if not _is_male_class(class_id, fathers_known):
            continue
        for row in class_entries(class_id):  # every script: Hakobovich -> Hakob
            if row.kind == FULL:
                for key in name_keys(row.form):
                    male_keys.setdefault(key, set()).add(class_id)
        for lang, form in _cyrillic_full_forms(class_id):
            generate = _GENERATORS.get(lang, russian_patronymics)
            for patronymic in generate(form):
                for key in name_keys(patronymic):
                    generated.setdefault(key, {})[(class_id, form)] = None
    return _PatronymicIndex(
        table=table,
        generated={key: tuple(sources) for key, sources in generated.items()},
        male_keys={key: frozenset(ids) for key, ids in male_keys.items()},
    )


# --- suffix rules on keys -------------------------------------------------------------------------

# (key suffix, how to rebuild the father's key from the stem left after stripping it), longest first.
# Keys are folded (ie -> e, doubles collapse), so Андреевич is andreviq and Дмитриевич dmitreviq.
_SUFFIX_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iniqna", ("a", "ia")),  # Ильинична -> il + ia, Кузьминична -> kuzm + a
    ("ioviq", ("i", "ia", "a")),  # Андрійович -> andri, Миколайович -> mikola
    ("eviq", ("", "i", "ei", "ai")),  # Игоревич -> igor, Юрьевич -> iur + i, Андреевич -> andr + ei
    ("evna", ("", "i", "ei", "ai")),
    ("euna", ("", "i", "ei", "ai")),  # Belarusian Андрэеўна
    ("oviq", ("", "o", "a")),  # Иванович -> ivan, Ukrainian Петрович -> petr + o
    ("ovna", ("", "o", "a")),
    ("aviq", ("",)),  # Belarusian Іванавіч
    ("auna", ("",)),
    ("ouna", ("",)),
    ("ivna", ("", "i", "o", "a")),  # Ukrainian Іванівна, Андріївна -> andr + i, Петрівна -> petr + o
    ("iqna", ("a", "ia")),  # Никитична
    ("iq", ("a", "ia", "")),  # Ильич -> il + ia, Фомич -> fom + a
)


def _fleeting_vowel(stem: str) -> tuple[str, ...]:
    """Stems that lost a vowel or gained an л: Павлович -> pavel, Львович -> lev, Яковлевич -> iakov."""
    variants = []
    if len(stem) >= 2 and stem[-2] not in "aeiou":
        variants.append(stem[:-1] + "e" + stem[-1])
    if stem.endswith("vl"):
        variants.append(stem[:-1])
    return tuple(variants)


def _classes_by_suffix(key: str, male_keys: dict[str, frozenset[str]]) -> frozenset[str]:
    """Father classes from the first suffix rule whose rebuilt stem is a known male name."""
    for suffix, endings in _SUFFIX_RULES:
        if not key.endswith(suffix) or len(key) <= len(suffix) + 1:
            continue
        stem = key[: -len(suffix)]
        found: set[str] = set()
        for candidate in (stem + ending for ending in endings):
            found.update(male_keys.get(candidate, ()))
        if not found:
            for candidate in _fleeting_vowel(stem):
                found.update(male_keys.get(candidate, ()))
        if found:
            return frozenset(found)
    return frozenset()


# --- public API -----------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def patronymic_father_classes(word: str) -> frozenset[str]:
    """Given-name classes of the father named by a patronymic in any script; empty if none.

    'Андреевич', 'Andrejewitsch', 'Andriiovych', 'Андріївна' -> {'andrei'}; 'Иванов' -> frozenset().
    """
    return father_classes_of_keys(name_keys(word.strip()))


def father_classes_of_keys(keys: tuple[str, ...]) -> frozenset[str]:
    """``patronymic_father_classes`` of a word with these keys: a patronymic is read by its keys alone."""
    index = _index()
    found: set[str] = set()
    for key in keys:
        # a table father that is no class (Тит, Трифон) leaves the word to the generated forms and rules
        for father in index.table.get(key, ()):
            found.update(given_name_classes(father))
        found.update(class_id for class_id, _ in index.generated.get(key, ()))
    if found:
        return frozenset(found)
    for key in keys:
        found.update(_classes_by_suffix(key, index.male_keys))
    return frozenset(found)


@lru_cache(maxsize=100_000)
def father_name_from_patronymic(word: str) -> str | None:
    """The father's given name in Cyrillic: 'Iwanowitsch' -> 'Иван', 'Андріївна' -> 'Андрій'; None if unknown.

    The table's most frequent father wins (Ильич -> Илья); a generated patronymic gives the form it was
    made from; the suffix rules give the class's Russian headword.
    """
    index = _index()
    keys = name_keys(word.strip())
    for key in keys:
        fathers = index.table.get(key)
        if fathers:
            return fathers[0]
        sources = index.generated.get(key)
        if sources:
            return sources[0][1]
    for key in keys:
        classes = _classes_by_suffix(key, index.male_keys)
        if len(classes) == 1:
            return class_name(next(iter(classes)))
    return None


def is_patronymic(word: str) -> bool:
    """True if the word reads as a patronymic of a known father: 'Petrowitsch' -> True."""
    return bool(patronymic_father_classes(word))


def patronymics_in_given_name(words: Sequence[str]) -> list[str]:
    """The words of a given-name field, after its first, that are patronymics: a German card's "Vorname"
    often holds both (Nikolai Petrowitsch), and an import keeps it so. Indexed and explained as the
    patronymic they are, so a search for the patronymic Petrovich finds the card."""
    return [word for word in words[1:] if is_patronymic(word)]


__all__ = [
    "PATRONYMICS_PATH",
    "belarusian_patronymics",
    "father_name_from_patronymic",
    "is_patronymic",
    "patronymics_in_given_name",
    "patronymic_father_classes",
    "russian_patronymics",
    "ukrainian_patronymics",
]
