"""Patronymics in any script name the father's given-name class and his name in Cyrillic."""

import csv
from pathlib import Path

import pytest

from indexer.names.patronymics import (
    PATRONYMICS_PATH,
    belarusian_patronymics,
    father_name_from_patronymic,
    is_patronymic,
    patronymic_father_classes,
    russian_patronymics,
    ukrainian_patronymics,
)

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


GOLDEN = _rows("patronymics_golden.tsv")


@pytest.mark.parametrize("row", GOLDEN, ids=lambda r: r["patronymic"])
def test_patronymic_names_the_father(row: dict[str, str]) -> None:
    classes = patronymic_father_classes(row["patronymic"])
    if row["father_class"]:
        assert row["father_class"] in classes
    else:
        assert classes == frozenset()
    assert father_name_from_patronymic(row["patronymic"]) == (row["father_name"] or None)


def test_golden_file_is_large_enough() -> None:
    assert sum(1 for row in GOLDEN if row["father_class"]) >= 40


def test_russian_rules() -> None:
    assert russian_patronymics("Андрей") == ("Андреевич", "Андреевна")
    assert russian_patronymics("Иван") == ("Иванович", "Ивановна")
    assert "Юрьевич" in russian_patronymics("Юрий")
    assert {"Ильич", "Ильинична"} <= set(russian_patronymics("Илья"))
    assert {"Кузьмич", "Кузьминична"} <= set(russian_patronymics("Кузьма"))
    assert "Игоревич" in russian_patronymics("Игорь")


def test_ukrainian_rules() -> None:
    assert ukrainian_patronymics("Андрій") == ("Андрійович", "Андріївна")
    assert {"Петрович", "Петрівна"} <= set(ukrainian_patronymics("Петро"))
    assert {"Васильович", "Василівна"} <= set(ukrainian_patronymics("Василь"))
    assert {"Федорович", "Федорівна"} <= set(ukrainian_patronymics("Федір"))
    assert ukrainian_patronymics("Микола") == ("Миколайович", "Миколаївна")


def test_belarusian_rules() -> None:
    assert {"Іванавіч", "Іванаўна"} <= set(belarusian_patronymics("Іван"))
    assert belarusian_patronymics("Андрэй") == ("Андрэевіч", "Андрэеўна")


def test_women_do_not_father() -> None:
    # Янович is Ян's, not Яна's; Мариевна names nobody
    assert patronymic_father_classes("Янович") == {"ivan"}
    assert patronymic_father_classes("Мариевна") == frozenset()


def test_suffix_rules_cover_names_outside_the_table() -> None:
    # no Latin spelling of these is in the table; the key rules rebuild the father's name
    assert patronymic_father_classes("Hakobovich") == {"iakov"}
    assert patronymic_father_classes("Hovhannesovich") == {"ivan"}


def test_is_patronymic() -> None:
    assert is_patronymic("Petrowitsch")
    assert not is_patronymic("Petrow")


def test_table_is_compact_and_well_formed() -> None:
    assert PATRONYMICS_PATH.stat().st_size < 2_000_000
    with PATRONYMICS_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) > 1000
    for row in rows:
        assert row["gender"] == ("f" if row["patronymic"].endswith("на") else "m"), row
        assert int(row["count"]) >= 20 and row["father"], row
