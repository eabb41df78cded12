"""The name analysis as the engines see it: a name as written -> every key it may be found by.

``surname_keys`` and friends run on a record at index time and on a query's words at query time, so both
sides are computed by the same functions and meet on keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from indexer.names.dm_soundex import dm_soundex
from indexer.names.given_names import given_classes_of_keys
from indexer.names.patronymics import father_classes_of_keys
from indexer.names.surnames import consonant_frame, family_key, national_surname_keys, national_tag
from indexer.names.transliteration import likely_key_count, name_keys, script_of, written_forms
from indexer.names.typos import key_length, typo_budget

# Words are runs of letters (any script), with inner apostrophes (Мар'яна, D'Arc) kept.
# An apostrophe or a typed " inside a word is a soft or hard sign (Ob"edkov = Объедков), not a break. The
# Uzbek gʻ and oʻ are typed with whatever looks like their ʻ: ‘, ` or ´ as often as ' (G‘ulomov = Гуламов).
_WORD = re.compile(r"""[^\W\d_]+(?:['’ʼ‘`´"][^\W\d_]+)*""")
# Characters that show nothing and are no letters (Unicode format characters): the soft hyphen and the
# zero-width spaces and joiners of text copied from web pages and PDFs, bidi marks, a byte-order mark.
# They would split Пого\u00adжев into two words, so they are dropped before the words are found.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

# о after ж ч ш щ in a key (j q w): where Ukrainian and Belarusian write the Russian ё
_O_AFTER_HUSHING = re.compile(r"([jqw])o")

# The key alphabet spelt out in plain Latin so Daitch-Mokotoff can code it. Coding the key rather than the
# spelling repairs DM's known misses: Jwanow and Iwanow both reach the key ``ivanov`` first, and French
# Pogojev reaches ``pogojev`` (ж), which is coded as "zh", like Pogozhev.
_KEY_TO_LATIN = str.maketrans({"j": "zh", "w": "sh", "q": "ch", "c": "ts", "h": "kh", "x": "ks"})


@lru_cache(maxsize=100_000)
def words_of(text: str | None) -> tuple[str, ...]:
    """The name words of ``text``: Ter-Petrosyan gives Ter and Petrosyan, 88349 gives nothing.

    Invisible characters are dropped (``_INVISIBLE``: Пого\u00adжев is Погожев), and the text is
    composed (NFC: Marčenko pasted from a PDF as c + a combining caron is one letter č),
    then marks that compose with nothing are dropped: the Library of Congress tie bar (I͡ulii͡a) would
    otherwise split a name into pieces."""
    if not text:
        return ()
    composed = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    if any(unicodedata.combining(ch) for ch in composed):
        composed = "".join(ch for ch in composed if not unicodedata.combining(ch))
    return tuple(_WORD.findall(composed))


@lru_cache(maxsize=100_000)
def fold_spelling(word: str) -> str:
    """The spelling as written, without case and diacritics: an exact match ignores only those."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_APOSTROPHES))  # ´ is no accent
    # ё and й lose their marks here too, like the way Soviet typists often wrote them (Фёдор, Федор).
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Apostrophes a word may hold, as one: the typewriter's ', the typographic ’, the modifier letter ʼ
# that Ukrainian spelling prescribes (Демʼяненко is spelt exactly as Дем'яненко), and the marks typed for
# the Uzbek ʻ.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=200_000)
def phonetic_codes(key: str) -> frozenset[str]:
    return dm_soundex(key.translate(_KEY_TO_LATIN))


@dataclass(frozen=True)
class WordKeys:
    """Every key one name word is indexed or searched under."""

    exact: str
    keys: tuple[str, ...]
    likely: int  # how many of ``keys``, from the first, are as likely a reading as the first
    family_keys: tuple[str, ...]
    national_keys: tuple[str, ...]
    frames: tuple[str, ...]  # consonant frames (``surnames.consonant_frame``): Yoldoshev met as Юлдашев
    phonetic_codes: tuple[str, ...]
    typo_budget: int
    spelling_budget: int
    written: tuple[str, ...]  # its likely readings before folding (``written_forms``), to rank ties


@lru_cache(maxsize=200_000)
def surname_word_keys(word: str) -> WordKeys:
    keys = name_keys(word)
    # The budget counts letters of the key, not of the spelling: German "sch" is one sound, and
    # Pagoschew (9 letters, key pagowev) must not get the two typos that would let it meet Parajew.
    budget = typo_budget(key_length(keys[0])) if keys else 0
    exact = fold_spelling(word)
    spelling_budget = typo_budget(sum(ch.isalpha() for ch in exact))
    written = written_forms(word)
    return WordKeys(
        exact,
        keys,
        likely_key_count(word),
        family_keys_of(keys),
        national_keys_of(keys),
        frames_of(keys),
        phonetic_codes_of(keys),
        budget,
        spelling_budget,
        written,
    )


# A surname word's family forms, national form and sound codes follow from its keys. Reading a word's keys
# is the costly part of its analysis (a Latin spelling's readings), so a word whose keys are stored needs
# only these, cached per keys: many spellings share them.


_MIN_HEARD_FEMININE = 6  # Слава, Лава: a stem of three letters at least
_YA_IN_FIRST_SYLLABLE = re.compile(r"^([^aeiou]{1,2})ia(?=[^aeiou])")


@lru_cache(maxsize=200_000)
def family_keys_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    # Also with unstressed о written а, as Belarusian spells it and clerks heard it (akanye): Навікаў and
    # Navikau meet Новиков, Łukašenka meets Лукашенко, as family forms of one name.
    # Folded after the gender-neutral form, not before it: folding first would let -a and -s endings be cut
    # from what were other letters (Petros would become Пётр).
    neutral = [family_key(k) for k in keys]
    akanye = [form.replace("o", "a") for k, f in zip(keys[:2], neutral[:2], strict=True) for form in (f, k)]
    # Belarusian also writes an unstressed е before the stress as я (yakanye: Сямашка, Сямёнаў, Siamionau =
    # Семашко, Семёнов), here in a word's first syllable, where Belarusian names have it.
    yakanye = [_YA_IN_FIRST_SYLLABLE.sub(r"\1e", form) for form in akanye]
    # Ukrainian and Belarusian write ё after ж ч ш щ as о (Горбачов, Хрущоў = Горбачёв, Хрущёв): one family
    # name, but not the same spelling (Шостаков is not Шестаков), so met at the family tier.
    yo = (_O_AFTER_HUSHING.sub(r"\1e", f) for f in neutral[:2])
    # Tatar and Bashkir write the Arabic ʿayn of ʿAbd- as г (Габдрахманов = Абдрахманов)
    abd = (f[1:] for f in neutral[:2] if f.startswith("gabd"))
    # A clerk who heard Жукова, Ленкова wrote Schukawa, Lenkawa: a feminine -ова with its о heard as а. As
    # -ава is also a Georgian ending of men and women alike (Окуджава, Гогава), the word keeps its own key
    # and adds the masculine -ав, which the men's forms reach through their own akanye form (Жуков: jukav).
    heard_feminine = (k[:-1] for k in keys[:2] if k.endswith("ava") and len(k) >= _MIN_HEARD_FEMININE)
    return _unique([*neutral, *akanye, *yakanye, *yo, *abd, *heard_feminine])


@lru_cache(maxsize=200_000)
def national_keys_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    # Only forms backed by a national ending (Оганесян, Hovhannisyan: -ян/-yan) are specific enough to
    # search by; an untagged skeleton joins Александров with Alexander. Мамедов and Mammadov still meet
    # as sound-alikes.
    return _unique(n for k in keys if national_tag(k) for n in national_surname_keys(k))


@lru_cache(maxsize=200_000)
def frames_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(f for k in keys if (f := consonant_frame(k)) is not None)


@lru_cache(maxsize=200_000)
def phonetic_codes_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Daitch-Mokotoff codes of the three likeliest keys: about 20 µs for keys not coded before."""
    return _unique(c for k in keys[:3] for c in sorted(phonetic_codes(k)))


# A Daitch-Mokotoff code is always six digits, so a sound term (code, then key) splits without a separator.
SOUND_CODE_LENGTH = 6


@lru_cache(maxsize=200_000)
def sound_terms_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Each of the three likeliest keys behind each of its own Daitch-Mokotoff codes: ``945700rijkov``.

    Listing the terms that begin with a code lists the keys that sound so, and a sound-alike is confirmed
    by an edit distance over those few keys (``tantivy_query``) instead of a two-edit automaton walking
    every surname key of the index (1.5 ms at a million records)."""
    return _unique(c + k for k in keys[:3] for c in sorted(phonetic_codes(k)))


@lru_cache(maxsize=100_000)
def name_initials(word: str) -> tuple[str, ...]:
    """A name's first sound in key letters, as an initial writes it: Андрей, Andreas and А. give a; Юрий,
    Jurij and Ю give iu; Яков and Я give ia (Я. is not И.), Иван and I give i."""
    return initials_of_keys(name_keys(word))


def initials_of_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(key[:2] if key[:2] in ("ia", "iu") else key[:1] for key in keys[:2])


@lru_cache(maxsize=100_000)
def is_initial(word: str) -> bool:
    """A word that stands for a name: one letter (А, Ю, A), or in Latin a single sound written with a few
    (Yu, Zh, Sch: Pogozhev Yu. A.). Cyrillic initials are one letter, so Ия stays a name; Yan is no
    initial either (ian is more than one sound)."""
    return is_initial_with_keys(word, name_keys(word))


def is_initial_with_keys(word: str, keys: tuple[str, ...]) -> bool:
    if len(word) == 1:
        return True
    return bool(keys) and len(word) <= 4 and script_of(word) == "latin" and keys[0] in initials_of_keys(keys)


def given_word_classes(word: str) -> tuple[str, ...]:
    return given_key_classes(name_keys(word.strip()))


@lru_cache(maxsize=100_000)
def given_key_classes(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The given-name classes of a word with these keys (``given_name_classes``), sorted."""
    return tuple(sorted(given_classes_of_keys(keys)))


def father_word_classes(word: str) -> tuple[str, ...]:
    return father_key_classes(name_keys(word.strip()))


@lru_cache(maxsize=100_000)
def father_key_classes(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The father's classes a patronymic with these keys names (``patronymic_father_classes``), sorted."""
    return tuple(sorted(father_classes_of_keys(keys)))


def _unique(values: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))  # type: ignore[attr-defined]
