"""What a record is indexed under: the words of a whole-name variant each go to the field they spell."""

from __future__ import annotations

from indexer.documents import (
    F_FATHER_CLASS,
    F_GIVEN_CLASS,
    F_PATRONYMIC_KEY,
    F_SURNAME_EXACT,
    F_SURNAME_KEY,
    document_for,
)
from indexer.records import Record


def test_a_whole_name_variant_is_filed_word_by_word() -> None:
    record = Record(
        id="v1",
        surname="Чумаков",
        given_name="Николай",
        patronymic="Петрович",
        name_variants=["Tschumakow Nikalai Petrowitsch"],
    )
    terms = document_for(record).terms
    assert "tschumakow" in terms[F_SURNAME_EXACT]
    assert "nikalai" not in terms[F_SURNAME_EXACT]  # a given name misfiled would make every Nikolai a surname
    assert "petrowitsch" not in terms[F_SURNAME_EXACT]
    assert "nikolai" in terms[F_GIVEN_CLASS]
    assert terms[F_FATHER_CLASS] == ["petr"]


def test_a_variant_spelling_the_surname_stays_a_surname_even_when_it_reads_as_a_patronymic() -> None:
    """Янович is a surname and a patronymic (son of Ян); beside Janowitsch it is the surname, so the card
    does not name a father Ян it never named."""
    record = Record(
        id="v2",
        surname="Janowitsch",
        given_name="Sergei",
        patronymic="Grigorjewitsch",
        name_variants=["Янович Сергей"],
    )
    terms = document_for(record).terms
    assert "янович" in terms[F_SURNAME_EXACT]
    assert "ianoviq" in terms[F_SURNAME_KEY]
    assert "ianoviq" not in terms[F_PATRONYMIC_KEY]
    assert set(terms[F_FATHER_CLASS]) == {"grigorii"}
