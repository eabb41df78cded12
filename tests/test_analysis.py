"""The analysis the engines index: Daitch-Mokotoff coded on the canonical key, which repairs its known
misses (tests/data/dm_repaired_misses.tsv), and words read whole whatever the Unicode form."""

from __future__ import annotations

import csv
import unicodedata

import pytest

from indexer.names.analysis import fold_spelling, surname_word_keys, words_of
from indexer.names.dm_soundex import dm_soundex
from tests.conftest import DATA


def _rows() -> list[dict[str, str]]:
    with (DATA / "dm_repaired_misses.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['spelling']}-{r['other']}")
def test_known_daitch_mokotoff_misses_are_repaired(row: dict[str, str]) -> None:
    ours = set(surname_word_keys(row["spelling"]).phonetic_codes)
    theirs = set(surname_word_keys(row["other"]).phonetic_codes)
    assert ours & theirs, f"{row['why']}: {ours} vs {theirs}"


def test_the_repair_is_needed() -> None:
    """Daitch-Mokotoff on the raw spellings misses at least the Belarusian and initial-J cases."""
    assert not dm_soundex("Ivanou") & dm_soundex("Ivanov")
    assert not dm_soundex("Jwanow") & dm_soundex("Iwanow")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Ter-Petrosyan", ("Ter", "Petrosyan")),
        ("Nr. 88349 Lebedew", ("Nr", "Lebedew")),
        ("I\u0361ulii\u0361a", ("Iuliia",)),  # Library of Congress tie bars dropped
        (unicodedata.normalize("NFD", "Marčenko"), ("Marčenko",)),  # composed again
        ("Мар'яна", ("Мар'яна",)),
        ('Ob"edkov Ivan', ('Ob"edkov', "Ivan")),  # a hard sign typed as " (Объедков)
        ('"Pogozhev"', ("Pogozhev",)),  # quotes around a word are not part of it
        # invisible characters of text copied from web pages and PDFs do not split a name
        ("Пого\u00adжев", ("Погожев",)),  # soft hyphen
        ("Pogo\u200bzhev\u200b Andrei", ("Pogozhev", "Andrei")),  # zero-width space
        ("\ufeffПогожев\u2060\u200dИван", ("ПогожевИван",)),  # byte-order mark, word joiner, ZWJ
        ("\u200fПогожев \u202bИван\u202c", ("Погожев", "Иван")),  # bidi marks
        # the Uzbek ʻ of gʻ and oʻ, typed as whatever looks like it, keeps the word whole
        ("G‘ulomov Abdulla", ("G‘ulomov", "Abdulla")),
        ("O`rinov", ("O`rinov",)),
        ("G´ulomov", ("G´ulomov",)),
        ("‘Ivanov’", ("Ivanov",)),  # quotes around a word are not part of it
    ],
)
def test_words_of(text: str, words: tuple[str, ...]) -> None:
    assert words_of(text) == words


@pytest.mark.parametrize(
    ("word", "initial"),
    [("Андрей", "a"), ("Andreas", "a"), ("А", "a"), ("Юрий", "iu"), ("Jurij", "iu"), ("Ю", "iu"),
     ("Яков", "ia"), ("Я", "ia"), ("Иван", "i"), ("I", "i"), ("Жанна", "j"), ("Шота", "w")],
)  # fmt: skip
def test_initials_are_first_sounds_in_key_letters(word: str, initial: str) -> None:
    from indexer.names.analysis import name_initials

    assert initial in name_initials(word)


@pytest.mark.parametrize(
    ("word", "initial"),
    [("А", True), ("Ю", True), ("Yu", True), ("Zh", True), ("Sch", True), ("Ye", True),
     ("Ян", False), ("Ия", False), ("Yan", False), ("Ivan", False), ("Ли", False), ("Al", False)],
)  # fmt: skip
def test_a_word_of_one_sound_is_an_initial(word: str, initial: bool) -> None:
    from indexer.names.analysis import is_initial

    assert is_initial(word) is initial


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Новиков", "Навікаў", True),  # Belarusian: unstressed о written а (akanye), -оў
        ("Новиков", "Navikaŭ", True),  # Belarusian Latin (Łacinka)
        ("Лукашенко", "Łukašenka", True),  # Belarusian -енка
        ("Козлов", "Kazłoŭ", True),
        ("Погожев", "Pagoschew", True),  # a clerk heard the unstressed о as а
        ("Пётр", "Petros", False),  # folding о to а must not open the cuts of final -s and -a
        ("Щукин", "Ščiukinas", True),  # Lithuanian -as, and iu for у after a hushing letter
        ("Хрущёв", "Хрушчоў", True),  # Belarusian шч for щ, and о for ё after it
        ("Горбачёв", "Горбачов", True),  # Ukrainian о for ё after a hushing letter
        ("Шестаков", "Шостаков", True),  # ... which also joins these two, at the family tier only
        ("Абдрахманов", "Габдрахманов", True),  # Tatar г for the ʿayn of ʿAbd-
        ("Жуков", "Schukawa", True),  # a clerk heard Жукова's unstressed о as а
        ("Zhukov", "Schukawa", True),
        ("Ленкова", "Lenkawa", True),
        ("Чашинский", "Tshaschinskaja", True),  # tsh at the start is ч
        ("Окуджава", "Okudschawa", True),  # Georgian -ава, men and women alike, keeps its own key
        ("Слава", "Слав", False),  # too short a stem for a feminine -ава
        ("Семашко", "Сямашка", True),  # Belarusian я for the unstressed е of the first syllable
        ("Семашко", "Siamashka", True),
        ("Семёнов", "Сямёнаў", True),
        ("Петров", "Пятроў", True),
        ("Вяземский", "Веземский", True),  # met at the family tier, below a variant
        ("Пятаков", "Пятакова", True),
        ("Рязанов", "Резанова", True),
        ("Дятлов", "Детлав", True),
        ("Семашко", "Сумашко", False),  # only я, and only in the first syllable
        ("Маслеников", "Маслянников", False),
    ],
)
def test_akanye_and_baltic_spellings_share_a_family_key(left: str, right: str, same: bool) -> None:
    shared = set(surname_word_keys(left).family_keys) & set(surname_word_keys(right).family_keys)
    assert bool(shared) is same, shared


@pytest.mark.parametrize(
    "typed", ["Дем'яненко", "Дем’яненко", "Демʼяненко", "Дем‘яненко", "Дем`яненко", "Дем´яненко"]
)
def test_every_apostrophe_is_one_in_the_spelling_as_written(typed: str) -> None:
    # Ukrainian spelling prescribes the modifier letter ʼ; records hold ' or ’; a keyboard gives ‘ ` ´ too
    assert fold_spelling(typed) == "дем'яненко"
