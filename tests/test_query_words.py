"""How a query's words are searched beside each other, and how a distant sound-alike is confirmed."""

from __future__ import annotations

import pytest

from indexer.engines.base import given_typos_apply
from indexer.engines.tantivy_query import sound_alike_terms
from indexer.errors import InvalidRequest
from indexer.names.analysis import SOUND_CODE_LENGTH, phonetic_codes, sound_terms_of, surname_word_keys
from indexer.names.surnames import ends_as_no_given_name
from indexer.search.parse import QueryInput, parse_query


@pytest.mark.parametrize(
    ("typed", "misspelt_given_names"),
    [
        # Павел, P. or Andrei is the given name: the other word is not also a misspelt given name.
        ("Kartschewskij Павел", [False, False]),
        ("Kartschewskij P.", [False]),
        ("Pogozhev Andrei Nikolaevich", [False, False, False]),
        # Witkor has no surname ending: German may be the surname Герман, Witkor the given name Виктор.
        ("German Witkor", [False, True]),
        ("Оганесян Ованес", [False, False]),
        ("Ivanenko Iwan", [False, False]),
        # No word is a known given name: any of them may be the given name, misspelt.
        ("Nikolqi Iwanow", [True, True]),
        ("Iwanow Nikolqi Petrowitsch", [True, True, True]),
        ("Pogozhv", [True]),
    ],
)
def test_a_word_beside_a_known_given_name_is_not_a_misspelt_given_name(
    typed: str, misspelt_given_names: list[bool]
) -> None:
    words = parse_query(QueryInput(q=typed)).words
    # (An initial is one letter: no typo budget to look for.)
    assert [given_typos_apply(w) for w in words if not w.is_initial] == misspelt_given_names


def test_a_given_name_asked_for_by_field_counts_too() -> None:
    words = parse_query(QueryInput(q="Kartschewskij", given_name="Pawel")).words
    assert [given_typos_apply(w) for w in words] == [False, False]
    words = parse_query(QueryInput(q="Kartschewskij", surname="Iwanow")).words
    assert given_typos_apply(words[0])


@pytest.mark.parametrize(
    ("word", "surname"),
    [
        ("Pogoschew", True),
        ("Петрова", True),
        ("Kartschewskij", True),
        ("Nowicki", True),
        ("Ковальская", True),
        ("Иваненко", True),
        ("Шевчук", True),
        ("Оганесян", True),
        ("Джугашвили", True),
        ("Лев", False),
        ("Kalinin", True),
        ("Bubnikof", True),
        ("Sstawbunnik", True),
        ("Демьян", False),
        ("Witkor", False),
        ("Ильин", False),
        ("Бахтин", False),
        ("Janko", False),
        ("Nikolaevich", True),
        ("Николаевна", True),
    ],
)
def test_endings_no_given_name_has(word: str, surname: bool) -> None:
    assert ends_as_no_given_name(surname_word_keys(word).keys[0]) is surname


def test_sound_terms_are_each_key_behind_its_own_codes() -> None:
    keys = surname_word_keys("Солженицын").keys
    terms = sound_terms_of(keys)
    assert terms == tuple(c + keys[0] for c in sorted(phonetic_codes(keys[0])))
    assert all(len(t) > SOUND_CODE_LENGTH and t[:SOUND_CODE_LENGTH].isdigit() for t in terms)
    # Only the three likeliest keys: the sound codes are the likeliest readings' (phonetic_codes_of).
    many = surname_word_keys("Tjajkovskij").keys
    assert len(many) > 3
    assert {t[SOUND_CODE_LENGTH:] for t in sound_terms_of(many)} == set(many[:3])


def test_a_distant_sound_alike_is_confirmed_over_the_keys_of_its_code() -> None:
    index = {
        "484646": ["484646soljenicin", "484646solenicin", "484646salamatin"],
        "486460": ["486460solenicine"],
    }
    asked: list[tuple[str, str]] = []

    def lexicon(field: str, prefix: str) -> list[tuple[str, int]]:
        asked.append((field, prefix))
        return [(term, 1) for term in index.get(prefix, [])]

    # Soljenitsyne reads solenicine: Солженицын's key is two edits away, Саламатин's far beyond.
    found = sound_alike_terms(lexicon, ("484646",), "solenicine", 2)
    assert found == ["484646soljenicin", "484646solenicin"]
    assert asked == [("surname_sound", "484646")]
    assert sound_alike_terms(lexicon, ("484646",), "solenicine", 1) == ["484646solenicin"]
    assert sound_alike_terms(lexicon, ("999999",), "solenicine", 2) == []


def test_a_lone_number_of_a_years_digits_is_a_prisoner_number() -> None:
    alone = parse_query(QueryInput(q="1921"))
    assert (alone.numbers, alone.birth_year) == (("1921",), None)
    beside_a_name = parse_query(QueryInput(q="Петров 1921"))
    assert (beside_a_name.numbers, beside_a_name.birth_year) == ((), 1921)
    with pytest.raises(InvalidRequest):  # said to be a birth year, and nothing else to look for
        parse_query(QueryInput(q="1921 г.р."))


def test_of_more_words_than_are_searched_the_longest_are_kept_in_their_order() -> None:
    sentence = parse_query(QueryInput(q="Андрей Андреевич рядовой пропал без вести под Киевом Погожев"))
    assert [w.text for w in sentence.words] == [
        "Андрей", "Андреевич", "рядовой", "пропал", "без", "вести", "Киевом", "Погожев"
    ]  # fmt: skip
    letters = parse_query(QueryInput(q="a b c d e f g h Погожев"))
    assert "Погожев" in [w.text for w in letters.words] and len(letters.words) == 8
    fielded = parse_query(QueryInput(q="a b c d e f g h i", surname="Ли"))
    assert fielded.words[-1].text == "Ли" and fielded.words[-1].role == "surname"
