"""Other forms of one person's name, as relatives write them: Ukrainian and Belarusian forms, German and
Polish equivalents, diminutives. Written for the benchmark and independent of ``indexer.names``.

The given-name table is ``given_names.tsv`` beside this module (Николай: Микола, Мікалай, Nikolaus,
Mikołaj, Nicholas, Коля). Ukrainian forms of Russian surnames follow the regular letter correspondences
(Иванов -> Іванов, Королёв -> Корольов, Вишневский -> Вишневський); Ukrainian patronymics are built from
the Ukrainian form of the father's name (Андрей -> Андрій -> Андрійович, Андріївна).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "given_names.tsv"
_VOWELS = frozenset("аеёиоуыэюяіїє")
_HUSHING = frozenset("жшчщ")


@dataclass(frozen=True, slots=True)
class GivenForms:
    """Every form of one Russian given name the benchmark uses."""

    russian: str
    ukrainian: tuple[str, ...]
    belarusian: tuple[str, ...]
    german: tuple[str, ...]
    polish: tuple[str, ...]
    english: tuple[str, ...]
    diminutives: tuple[str, ...]


def _cell(text: str) -> tuple[str, ...]:
    return () if text.strip() in ("", "-") else tuple(part.strip() for part in text.split(","))


@lru_cache(maxsize=1)
def given_table() -> dict[str, GivenForms]:
    """The table, keyed by the Russian form with ё (Пётр)."""
    with TABLE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {
            row["russian"]: GivenForms(
                row["russian"],
                _cell(row["ukrainian"]),
                _cell(row["belarusian"]),
                _cell(row["german"]),
                _cell(row["polish"]),
                _cell(row["english"]),
                _cell(row["diminutives"]),
            )  # fmt: skip
            for row in rows
        }


def given_forms(russian: str) -> GivenForms | None:
    """The forms of a Russian given name, or None when the table does not know it (Шалва)."""
    return given_table().get(russian)


@lru_cache(maxsize=50_000)
def ukrainian_letters(word: str) -> str:
    """A Russian-spelt name in Ukrainian letters: Шишкин -> Шишкін, Евдокимов -> Євдокимов.

    ы is и, э is е, е is є where it is iotated, ё is ьо or йо (Королёв -> Корольов, Соловьёв ->
    Соловйов), -ский is -ський. Russian и is і at the start and in the ending -ин (Іванов, Шишкін, Ільїн)
    and stays и elsewhere (Вишневський, Лукашевич); which Russian е became Ukrainian і (Белый -> Білий)
    cannot be told from the spelling, so it is left alone.
    """
    lower = word.lower()
    for russian, ukrainian in (("ский", "ський"), ("цкий", "цький")):
        if lower.endswith(russian):
            lower = lower[: -len(russian)] + ukrainian
    out: list[str] = []
    for i, letter in enumerate(lower):
        prev = out[-1][-1:] if out else ""
        if letter == "и":
            out.append(_ukrainian_i(lower, i, prev))
        elif letter == "ы":
            out.append("и")
        elif letter == "э":
            out.append("е")
        elif letter == "е":
            out.append("є" if not prev or prev in _VOWELS or prev in "ьъ" else "е")
        elif letter == "ё":
            if not prev or prev in _VOWELS:
                out.append("йо")
            elif prev == "ь":
                out[-1] = out[-1][:-1] + "й"
                out.append("о")  # Соловьёв -> Соловйов
            else:
                out.append("о" if prev in _HUSHING else "ьо")
        elif letter == "ъ":
            out.append("'")
        else:
            out.append(letter)
    text = "".join(out)
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


def _ukrainian_i(lower: str, i: int, prev: str) -> str:
    if prev and (prev in _VOWELS or prev == "ь"):
        return "ї"  # Ильин -> Ільїн
    if i == 0 or (lower[i + 1 :] == "н" and prev not in _HUSHING):
        return "і"
    return "и"


def ukrainian_given(russian: str) -> str:
    """The Ukrainian form of a given name: Николай -> Микола; unknown names by their letters."""
    forms = given_forms(russian)
    return forms.ukrainian[0] if forms and forms.ukrainian else ukrainian_letters(russian)


# Fathers' names whose patronymic is not the regular one: Ілля -> Ілліч, Микола -> Миколайович.
_UK_FULL = {"Ілля": ("Ілліч", "Іллівна"), "Кузьма": ("Кузьмич", "Кузьмівна"), "Лука": ("Лукич", "Луківна")}
_UK_STEMS = {"Микола": "Миколай", "Яків": "Як"}


def _patronymic_stem(father: str) -> str:
    if father.endswith(("о", "а", "я")):
        return father[:-1]  # Петро -> Петрович, Микита -> Микитович
    if len(father) > 3 and father[-2] == "і" and father[-1] not in "йь" and father[-3] not in _VOWELS:
        return father[:-2] + "о" + father[-1]  # Федір -> Федорович, Тихін -> Тихонович
    return father


def ukrainian_patronymic(father_russian: str, sex: str) -> str:
    """The Ukrainian patronymic from the father's Russian name: Андрей -> Андрійович / Андріївна."""
    father = ukrainian_given(father_russian)
    if father in _UK_FULL:
        return _UK_FULL[father][sex == "f"]
    stem = _UK_STEMS.get(father) or _patronymic_stem(father)
    if sex != "f":
        return stem + "ович"  # Васильович, Андрійович
    if stem.endswith("й"):
        return stem[:-1] + "ївна"  # Андріївна, Миколаївна
    return stem.removesuffix("ь") + "івна"  # Василівна, Петрівна
