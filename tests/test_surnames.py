"""Family keys join the sexes of one family; national normal forms join russified and national spellings."""

import csv
from pathlib import Path
from typing import Any

import pytest

from indexer.names.surnames import (
    consonant_frame,
    consonant_skeleton,
    family_key,
    national_normal_form,
    national_surname_keys,
)
from indexer.names.transliteration import name_keys

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _family_keys(spelling: str) -> set[str]:
    return {family_key(key) for key in name_keys(spelling)}


def _national_forms(spelling: str) -> set[str]:
    return {form for key in name_keys(spelling) for form in national_surname_keys(key)}


@pytest.mark.parametrize("row", _rows("surnames_family_keys.tsv"), ids=lambda r: r["key"])
def test_family_key_of_keys(row: dict[str, str]) -> None:
    assert family_key(row["key"]) == row["family_key"], row["note"]


@pytest.mark.parametrize(
    "row", _rows("surnames_family.tsv"), ids=lambda r: f"{r['left']}-{r['right']}-{r['relation']}"
)
def test_family_pairs(row: dict[str, str]) -> None:
    shared = _family_keys(row["left"]) & _family_keys(row["right"])
    assert bool(shared) == (row["relation"] == "same"), (row["note"], shared)


@pytest.mark.parametrize("row", _rows("surnames_national_keys.tsv"), ids=lambda r: r["key"])
def test_national_normal_form_of_keys(row: dict[str, str]) -> None:
    expected = None if row["normal_form"] == "None" else row["normal_form"]
    assert national_normal_form(row["key"]) == expected, row["note"]


def _national_params() -> list[Any]:
    params: list[Any] = []
    for row in _rows("surnames_national.tsv"):
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=False)] if row["xfail"] else []
        ident = f"{row['nation']}-{row['russified']}-{row['national']}-{row['relation']}"
        params.append(pytest.param(row, marks=marks, id=ident))
    return params


@pytest.mark.parametrize("row", _national_params())
def test_national_pairs_meet(row: dict[str, str]) -> None:
    shared = _national_forms(row["russified"]) & _national_forms(row["national"])
    assert bool(shared) == (row["relation"] == "same"), (row["note"], shared)


def test_national_golden_covers_the_nations() -> None:
    rows = [r for r in _rows("surnames_national.tsv") if r["relation"] == "same" and not r["xfail"]]
    assert len(rows) >= 40
    nations = {r["nation"] for r in rows}
    assert {"Armenian", "Georgian", "Estonian", "Lithuanian", "Latvian", "Azerbaijani", "Kazakh"} <= nations


def test_family_key_ignores_indeclinable_endings() -> None:
    # Every ending rule is skipped for a name the same for both sexes.
    for key in ("wevqenko", "djugawvili", "wevardnadze", "gulua", "okudjava"):
        assert family_key(key) == key


def test_national_surname_keys_wraps_the_normal_form() -> None:
    assert national_surname_keys("oganesian") == ("ansian",)
    assert national_surname_keys("li") == ()


def test_skeleton_initial_vowel_is_a_marker() -> None:
    # Õunapuu and Ыунапуу start with different vowels; only "a vowel" is kept.
    assert consonant_skeleton("unapu") == consonant_skeleton("iunapu") == "anp"


def test_stem_alias_table_is_read() -> None:
    assert national_normal_form("abrahamian") == national_normal_form("abramian")


def _frames(spelling: str) -> set[str]:
    return {frame for key in name_keys(spelling) if (frame := consonant_frame(key)) is not None}


@pytest.mark.parametrize(
    ("russified", "national"),
    [
        ("Юлдашев", "Yoldoshev"),  # Uzbek Latin without its apostrophe: yoʻ is ю, o is а
        ("Юлдашев", "Йўлдошев"),  # Uzbek Cyrillic
        ("Хуснутдинов", "Xösnetdinov"),  # Tatar Latin: ö and e for у
        ("Хуснутдинов", "Хөснетдинов"),  # Tatar Cyrillic
        ("Тулегенов", "Tölegenov"),  # Kazakh Latin
        ("Сулейменов", "Süleimenov"),
        ("Усманов", "Usmonov"),  # Uzbek o for а
        ("Хуснутдинова", "Xösnetdinov"),  # on the family key: a woman's form meets too
    ],
)
def test_national_vowels_leave_the_consonant_frame(russified: str, national: str) -> None:
    assert _frames(russified) & _frames(national)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Юлдашев", "Юлдасов"),  # one consonant differs: no frame in common
        ("Хуснутдинов", "Хуснуллин"),
    ],
)
def test_other_consonants_make_another_frame(left: str, right: str) -> None:
    assert not _frames(left) & _frames(right)


def test_a_stem_of_fewer_than_three_consonants_has_no_frame() -> None:
    # Кунаев and Конев would share kanav with a hundred others; a short stem says too little.
    assert _frames("Кунаев") == _frames("Qonaev") == _frames("Ли") == set()
    assert consonant_frame("iuldawev") == "aldawav"
