"""The record model: what the import contract accepts and what it refuses, with the reason."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.records import Record, check_partial_date, validate_record


@pytest.mark.parametrize("value", ["1921", "1921-03", "1921-03-05", "1920-02-29"])
def test_partial_dates_accepted(value: str) -> None:
    assert check_partial_date(value) == value


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1921-3", "not a partial ISO date"),
        ("21", "not a partial ISO date"),
        ("1921-13", "month 13 does not exist"),
        ("1921-02-29", "day 29 does not exist"),
        ("05.03.1921", "not a partial ISO date"),
    ],
)
def test_partial_dates_refused(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        check_partial_date(value)


def test_valid_record_keeps_names_as_written() -> None:
    record, problems = validate_record(
        {
            "id": "abm-1",
            "surname": "  Погожев ",
            "given_name": "Андрей",
            "camps": [{"camp": "Auschwitz", "number": "1418", "from": "1942"}],
        }
    )
    assert problems == []
    assert record is not None
    assert record.surname == "Погожев"
    assert record.camps[0].from_ == "1942"
    assert record.to_json()["camps"] == [{"camp": "Auschwitz", "number": "1418", "from": "1942"}]


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"id": "a b", "surname": "X"}, "id", "1-64 characters"),
        ({"id": "a" * 65, "surname": "X"}, "id", "1-64 characters"),
        ({"id": "a"}, "surname", "required field is missing"),
        ({"id": "a", "surname": "X", "colour": "red"}, "colour", "unknown field"),
        ({"id": "a", "surname": 12}, "surname", "wrong type: expected a string, got int"),
        ({"id": "a", "surname": "X", "birth_date": "1921-13"}, "birth_date", "month 13"),
        ({"id": "a", "surname": "X", "fate": "lost"}, "fate", "is not one of"),
        ({"id": "a", "surname": "X", "sex": "x"}, "sex", "is not one of"),
        (
            {"id": "a", "surname": "X", "camps": [{"camp": "A", "from": "1942-00"}]},
            "camps.0.from",
            "month 00",
        ),
        ({"id": "a", "surname": "X", "camps": "Auschwitz"}, "camps", "wrong type: expected a list"),
        ({"id": "a", "surname": "X", "sources": [{"url": "ftp://x"}]}, "sources.0.url", "web address"),
    ],
)
def test_bad_fields_are_named(data: dict, field: str, reason: str) -> None:
    record, problems = validate_record(data)
    assert record is None
    assert any(p.field == field and reason in p.reason for p in problems), problems


def test_content_hash_ignores_absent_versus_empty() -> None:
    a = Record.model_validate({"id": "a", "surname": "X", "notes": ""})
    b = Record.model_validate({"id": "a", "surname": "X"})
    assert a.content_hash() == b.content_hash()
    c = Record.model_validate({"id": "a", "surname": "Y"})
    assert a.content_hash() != c.content_hash()


@pytest.mark.parametrize(
    "text",
    ["Погожев", "a\x01b\x1f", "é\u2028\u2029", "\x7f", 'x"/\\', "\ud7ff\ue000😀", "\t\n\r\b\f", "ß ẞ İ"],
)
def test_canonical_json_is_the_standard_librarys_compact_sorted_form(text: str) -> None:
    """Content hashes stored before orjson was used must still match: same bytes as json.dumps."""
    import json

    from indexer.records import canonical_json

    payload = {"surname": text, "id": "x", "camps": [{"to": "1942", "camp": text}], "name_variants": [text]}
    expected = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert canonical_json(payload) == expected


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"birth_date": "1921", "death_date": "1919"}, "death_date", "1919 is before the birth date (1921)"),
        ({"birth_date": "1921-03-05", "death_date": "1921-02"}, "death_date", "1921-02 is before"),
        (
            {"camps": [{"camp": "A", "from": "1941"}, {"camp": "B", "from": "1942-05", "to": "1941-01"}]},
            "camps.1.to",
            "1941-01 is before the start of the stay (1942-05)",
        ),
        ({"camps": [{"camp": "A", "from": "1942-05-02", "to": "1942-05-01"}]}, "camps.0.to", "is before"),
        # A camp stay dated after the death, at the precision both dates have.
        (
            {"death_date": "1942-11", "camps": [{"camp": "A", "from": "1943-02"}]},
            "camps.0.from",
            "1943-02 is after the death date (1942-11)",
        ),
        (
            {
                "death_date": "1942",
                "camps": [{"camp": "A", "from": "1941"}, {"camp": "B", "from": "1943-01-05"}],
            },
            "camps.1.from",
            "1943-01-05 is after the death date (1942)",
        ),
        (
            {"death_date": "1942-11-03", "camps": [{"camp": "A", "from": "1942-05", "to": "1942-12"}]},
            "camps.0.to",
            "1942-12 is after the death date (1942-11-03)",
        ),
        (
            {"death_date": "1942-11-03", "camps": [{"camp": "A", "to": "1942-11-04"}]},
            "camps.0.to",
            "1942-11-04 is after the death date (1942-11-03)",
        ),
        # ... or before the birth (1914 typed for 1941)
        (
            {"birth_date": "1921-03-05", "camps": [{"camp": "A", "from": "1914-08", "to": "1943"}]},
            "camps.0.from",
            "1914-08 is before the birth date (1921-03-05)",
        ),
        (
            {"birth_date": "1921", "camps": [{"camp": "A", "from": "1941"}, {"camp": "B", "to": "1920-12"}]},
            "camps.1.to",
            "1920-12 is before the birth date (1921)",
        ),
    ],
)
def test_dates_in_the_wrong_order_are_refused(data: dict, field: str, reason: str) -> None:
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert record is None
    assert any(p.field == field and reason in p.reason for p in problems), problems


@pytest.mark.parametrize(
    "data",
    [
        # Compared at the precision both have: 1921 may be any day of 1921.
        {"birth_date": "1921-03", "death_date": "1921"},
        {"birth_date": "1921", "death_date": "1921-01-01"},
        {"birth_date": "1921-03-05", "death_date": "1921-03-05"},
        {"camps": [{"camp": "A", "from": "1942-05", "to": "1942"}]},
        {"camps": [{"camp": "A", "from": "1942-05", "to": "1942-05-01"}]},
        {"camps": [{"camp": "A", "to": "1941"}], "death_date": "1941"},
        # A death known to the year or month may be on any day of it: a stay from 1942-11-03 may precede it.
        {"camps": [{"camp": "A", "from": "1942-11-03", "to": "1942-12-30"}], "death_date": "1942"},
        {"camps": [{"camp": "A", "from": "1942-05", "to": "1942-11-30"}], "death_date": "1942-11"},
        {"camps": [{"camp": "A", "from": "1942-11", "to": "1942-11"}], "death_date": "1942-11-03"},
        {"camps": [{"camp": "A", "from": "1942-05-01", "to": "1942-11-03"}], "death_date": "1942-11-03"},
        # He died after the war; his camp stays came before.
        {"camps": [{"camp": "A", "from": "1942-05", "to": "1945-04"}], "death_date": "1975-03-01"},
        # Born in the camp: a birth known to the year may be on the day the stay began.
        {"camps": [{"camp": "A", "from": "1944"}], "birth_date": "1944-03-01"},
        {"camps": [{"camp": "A", "from": "1944-03-01"}], "birth_date": "1944-03"},
    ],
)
def test_dates_that_may_both_be_true_are_accepted(data: dict) -> None:
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert problems == [] and record is not None


def test_a_stored_record_with_dates_out_of_order_stays_readable() -> None:
    """The order is checked on input only: a record an earlier version stored must still load from the
    store (and go into the index) until staff correct it."""
    stored = {"id": "a", "surname": "X", "birth_date": "1921", "death_date": "1919"}
    assert Record.model_validate(stored).death_date == "1919"


def test_the_generated_population_has_no_dates_out_of_order() -> None:
    from indexer.generator import generate_records

    problems = [validate_record(data)[1] for data in generate_records(2000, 11)]
    assert [found for found in problems if found] == []


@pytest.mark.parametrize(
    ("surname", "folded"),
    [
        ("Иванов", "иванов"),
        ("ИВАНОВА", "иванова"),
        ("Семёнов", "семенов"),
        ("СЁМИН", "семин"),
        ("Straße", "strasse"),
        ("Ǆurić", "ǆurić"),
        ("ГІЛЬ", "гіль"),
        ("ՄԱՐՏԻՐՈՍՅԱՆ", "մարտիրոսյան"),
    ],
)
def test_folded_surname_folds_every_script_and_reads_yo_as_ye(surname: str, folded: str) -> None:
    from indexer.records import folded_surname

    assert folded_surname(surname) == folded


def test_blank_list_items_are_dropped_and_white_space_is_no_value() -> None:
    from indexer.records import validate_record

    record, problems = validate_record(
        {
            "id": "a",
            "surname": "X",
            "name_variants": ["", "  ", "Pogoschew"],
            "camps": [{"camp": "  ", "from": "1944"}, {}, {"camp": " ", "number": ""}],
            "sources": [{}, {"archive": None}],
            "notes": "Anfang\r\nMitte\rEnde",
        }
    )
    assert problems == [] and record is not None
    assert record.to_json() == {
        "id": "a",
        "surname": "X",
        "name_variants": ["Pogoschew"],
        "camps": [{"from": "1944"}],
        "notes": "Anfang\nMitte\nEnde",
    }


NEXT_YEAR = date.today().year + 1  # a typing slip turns 1931 into 2031: a date still to come


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"birth_date": f"{NEXT_YEAR}"}, "birth_date"),
        ({"death_date": f"{NEXT_YEAR}-05"}, "death_date"),
        ({"camps": [{"camp": "Stalag 326", "from": f"{NEXT_YEAR}-01-01"}]}, "camps.0.from"),
    ],
)
def test_a_date_in_the_future_is_refused(data: dict, field: str) -> None:
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert record is None and [p.field for p in problems] == [field]
    assert "is in the future" in problems[0].reason


def test_a_stay_after_the_death_is_reported_once_under_its_first_date() -> None:
    data = {"death_date": "1942", "camps": [{"camp": "A", "from": "1943-01", "to": "1944-05"}]}
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert record is None
    assert [(p.field, p.reason) for p in problems] == [
        ("camps.0.from", "1943-01 is after the death date (1942)")
    ]


@pytest.mark.parametrize("birth_date", ["1990", "1946", "1945-06", "1945-05-10"])
def test_a_birth_after_the_end_of_the_war_is_refused(birth_date: str) -> None:
    record, problems = validate_record({"id": "a", "surname": "X", "birth_date": birth_date})
    assert record is None
    assert [(p.field, p.reason) for p in problems] == [
        ("birth_date", f"{birth_date} is after the end of the war (1945-05-09)")
    ]


@pytest.mark.parametrize(
    "birth_date",
    # Boys of 14-16 were captured with their units, younger "sons of the regiment" too, and children were
    # born in the camps until the liberation: unlikely for a prisoner of war is not impossible.
    ["1931", "1935", "1944-03-01", "1945", "1945-05", "1945-05-09"],
)
def test_a_birth_before_the_end_of_the_war_is_accepted(birth_date: str) -> None:
    record, problems = validate_record({"id": "a", "surname": "X", "birth_date": birth_date})
    assert problems == [] and record is not None


def test_stays_are_not_measured_by_a_birth_date_already_refused() -> None:
    data = {"birth_date": "1991", "camps": [{"camp": "A", "from": "1942-05"}]}
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert [p.field for p in problems] == ["birth_date"]


def test_stays_are_not_measured_by_a_death_date_already_refused() -> None:
    """Died 1919, born 1921, in camps in 1942: the death date is the slip, and is the one problem named."""
    data = {"birth_date": "1921", "death_date": "1919", "camps": [{"camp": "A", "from": "1942-05"}]}
    record, problems = validate_record({"id": "a", "surname": "X"} | data)
    assert record is None
    assert [(p.field, p.reason) for p in problems] == [("death_date", "1919 is before the birth date (1921)")]


@pytest.mark.parametrize("url", ["HTTPS://EXAMPLE.ORG/a", "Http://example.org"])
def test_a_web_address_in_capitals_is_one(url: str) -> None:
    record, problems = validate_record({"id": "a", "surname": "Ли", "sources": [{"url": url}]})
    assert record is not None and not problems and record.sources[0].url == url  # kept as written


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org", "https://example.org/a b", "/relative"]
)
def test_what_is_no_web_address_is_refused_in_words(url: str) -> None:
    _, problems = validate_record({"id": "a", "surname": "Ли", "sources": [{"url": url}]})
    assert [(p.field, p.reason) for p in problems] == [
        ("sources.0.url", "must be a web address: http://… or https://…")
    ]
