"""Given-name classes join the national forms and diminutives of one name, and keep distinct names apart."""

import csv
from pathlib import Path

import pytest

from indexer.names.given_names import (
    GIVEN_NAMES_PATH,
    all_classes,
    build_index,
    class_entries,
    class_forms,
    class_name,
    classes_of_key,
    given_name_classes,
    is_known_given_name,
    read_given_name_forms,
)
from indexer.names.transliteration import name_keys

DATA = Path(__file__).parent / "data"
SLAVIC = {"ru", "uk", "be", "pl", "cs", "bg"}
LANGS = SLAVIC | {"de", "en", "fr", "lt", "lv", "et", "ka", "hy", "yi", "tt", "az", "ca"}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


GOLDEN = _rows("given_names_golden.tsv")


@pytest.mark.parametrize(
    "row", [r for r in GOLDEN if r["expect"] == "same"], ids=lambda r: f"{r['name']}={r['other']}"
)
def test_forms_share_a_class(row: dict[str, str]) -> None:
    assert given_name_classes(row["name"]) & given_name_classes(row["other"])


@pytest.mark.parametrize(
    "row", [r for r in GOLDEN if r["expect"] == "different"], ids=lambda r: f"{r['name']}!={r['other']}"
)
def test_distinct_names_share_no_class(row: dict[str, str]) -> None:
    left, right = given_name_classes(row["name"]), given_name_classes(row["other"])
    assert left and right, "both names must be known for the pair to mean anything"
    assert not left & right


def test_golden_file_is_large_enough() -> None:
    expects = [row["expect"] for row in GOLDEN]
    assert expects.count("same") >= 80 and expects.count("different") >= 20


def test_unknown_words_have_no_class() -> None:
    for word in ("Погожев", "Pogoschew", "1941", "", "  "):
        assert given_name_classes(word) == frozenset()
        assert not is_known_given_name(word)


@pytest.mark.parametrize("word", ["Wassilij", "Андрій", "Jerzy", "Саша", "Mikalai"])
def test_a_word_is_of_the_classes_of_its_keys(word: str) -> None:
    # The search looks a known name up by its classes alone, not also by its keys: that needs every word
    # holding a key to be of that key's classes.
    classes = given_name_classes(word)
    assert classes
    for key in name_keys(word):
        assert classes_of_key(key) <= classes


def test_a_clerks_a_for_an_unstressed_o_is_read_back_only_where_no_name_is_met() -> None:
    assert given_name_classes("Nikalai") == given_name_classes("Николай") == {"nikolai"}
    assert given_name_classes("Saja") == {"zoia"}
    # A name of its own is not read as another: Lada stays Лада.
    assert given_name_classes("Lada") == {"lada"}
    # A final а says a woman's name and is not an о: Serga is not the Georgian Серго.
    assert given_name_classes("Serga") == frozenset()
    assert given_name_classes("Kamal") == frozenset()  # no name with о for either а


def test_a_key_of_no_name_has_no_class() -> None:
    assert classes_of_key("pogojev") == frozenset()


def test_any_script_and_case_finds_the_class() -> None:
    for word in ("АНДРЕЙ", "andrzej", "Andrij", "ANDRII", "Андрюша"):
        assert given_name_classes(word) == {"andrei"}, word


def test_shared_forms_sit_in_both_classes() -> None:
    # Саша is a diminutive of Александр and of Александра; Jerzy renders Юрий and Георгий
    assert given_name_classes("Саша") == {"aleksandr", "aleksandra"}
    assert given_name_classes("Jerzy") == {"iurii", "georgii"}


def test_class_forms_lists_full_forms_before_diminutives() -> None:
    forms = class_forms("nikolai")
    assert forms[0] == "Николай"
    assert {"Микола", "Мікалай", "Nikolaus", "Mikołaj", "Коля"} <= set(forms)
    assert forms.index("Nikolaus") < forms.index("Коля")
    assert class_forms("no-such-class") == ()


def test_class_name_is_the_russian_headword() -> None:
    assert class_name("andrei") == "Андрей"
    assert class_name("no-such-class") is None


def test_data_rows_are_well_formed() -> None:
    rows = read_given_name_forms()
    assert len(rows) > 2000
    seen = set()
    for row in rows:
        assert row.class_id.isascii() and row.class_id == row.class_id.lower(), row
        assert row.lang in LANGS, row
        assert row.kind in {"full", "diminutive"}, row
        assert row.form and row.form == row.form.strip(), row
        assert name_keys(row.form), f"{row.form} has no key"
        assert (row.class_id, row.lang, row.form) not in seen, row
        seen.add((row.class_id, row.lang, row.form))


def test_every_class_has_a_russian_full_form() -> None:
    for class_id in all_classes():
        assert class_name(class_id) is not None, class_id
        assert given_name_classes(class_name(class_id) or "") >= {class_id}


def test_every_class_id_is_unique_to_its_block() -> None:
    # a class's rows stand together in the file, so a class id reused by mistake shows up here
    with GIVEN_NAMES_PATH.open(encoding="utf-8") as handle:
        ids = [line.split("\t", 1)[0] for line in handle if line.strip() and not line.startswith("#")][1:]
    blocks = [class_id for index, class_id in enumerate(ids) if index == 0 or ids[index - 1] != class_id]
    assert len(blocks) == len(set(blocks))


def test_build_index_reads_comments_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(
        "class\tlang\tform\tkind\n# a comment line\nandrei\tru\tАндрей\tfull\nandrei\tpl\tAndrzej\tfull\n",
        encoding="utf-8",
    )
    index = build_index(read_given_name_forms(path))
    assert set(index.forms) == {"andrei"}
    assert index.by_key["andrei"] == {"andrei"}


def test_entries_carry_language_and_kind() -> None:
    kinds = {(row.lang, row.form, row.kind) for row in class_entries("andrei")}
    assert ("pl", "Andrzej", "full") in kinds
    assert ("ru", "Андрюша", "diminutive") in kinds
