"""A place word as a Russian paper would have written it: the regular Ukrainian-Russian correspondences of
place names, read as a rule and not from a list of places (``places`` compares place words through them).

Ukrainian spells a place as it is said, where Russian kept the old vowels: і for о or е in a closed
syllable (Горбулів = Горбулев, Горлівка = Горловка, Тернопіль = Тернополь), і for е or и elsewhere (Біла =
Белая), ї for е after a vowel (Київ = Киев), я after ц for а (Дубровиця = Дубровица), -е ending a neuter
name where Russian has -о (Рівне = Ровно, Єнакієве = Енакиево). The Ukrainian national romanization
(Horlivka, Chernyakhiv, Kyiv, Dubrovytsia) writes і as i and и as y, so the same rules read it.

A region named after its centre (Житомирщина, Полтавщина, Хмельниччина, Zhytomyrshchyna; Belarusian
Гомельшчына) is read as the centre's name: -щина drops, or stands for -с-/-ськ (Одещина: Одеса, Курщина:
Курськ); -ччина for -ц-/-цьк (Вінниччина: Вінниця, Донеччина: Донецьк).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

# At most so many і of one word are read each way (3 ** 4 readings); place names have one or two.
MAX_VOWELS_READ = 4

_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]")
_CYRILLIC_CONSONANTS = "бвгґджзйклмнпрстфхцчшщ"
_LATIN_CONSONANTS = "bcdfghjklmnpqrstvwxz"
# ь and the apostrophe do not open a syllable: Тернопільська is closed after і like Тернопіль.
_SOFT = "ьʼ'’"

_CYRILLIC_REGION = re.compile(r"(\w{3,}?)(щ|шч|чч)(?:ин|ын)\w{0,2}")
_LATIN_REGION = re.compile(r"([a-z]{3,}?)(shch|sch|chch)(?:yn|in)[a-z]{0,2}")
# What the region's suffix stands for at the end of its centre's name.
_REGION_STEMS = {
    "щ": ("", "с", "ськ"),
    "шч": ("", "с", "ск"),
    "чч": ("ц", "цьк"),
    "shch": ("", "s", "sk"),
    "sch": ("", "s", "sk"),
    "chch": ("ts", "tsk"),
}


def _closed(word: str, index: int, consonants: str) -> bool:
    """Whether the vowel at ``index`` ends in a consonant before the next vowel or the word's end:
    Горлівка (і before вк), Горбулів (і before the end), not Біла (і before ла)."""
    rest = [c for c in word[index + 1 :] if c not in _SOFT]
    return bool(rest) and rest[0] in consonants and (len(rest) == 1 or rest[1] in consonants)


def _vowel_readings(word: str, vowel: str, consonants: str, closed: str, open_: str) -> list[str]:
    """The word with each ``vowel`` before a consonant read as one of ``closed`` (in a closed syllable) or
    ``open_``; the first letter and a vowel before a vowel or at the end are read as written (Іванків,
    Софіївка, Чернівці: и, ы)."""
    options = [
        (i, closed if _closed(word, i, consonants) else open_)
        for i, c in enumerate(word)
        if c == vowel and i > 0 and word[i + 1 : i + 2] and word[i + 1] in consonants + _SOFT
    ][:MAX_VOWELS_READ]
    readings: list[str] = []
    for choice in product(*(letters for _i, letters in options)):
        letters = list(word)
        for (i, _letters), letter in zip(options, choice, strict=True):
            letters[i] = letter
        readings.append("".join(letters))
    return readings


def _cyrillic_readings(word: str) -> list[str]:
    word = re.sub(r"ц([яю])", lambda m: "ц" + {"я": "а", "ю": "у"}[m[1]], word)
    if not _UKRAINIAN_LETTERS.search(word):
        return [word]
    word = word.replace("є", "е")
    # ї after a vowel is й + і: Київ, Миколаїв are Киев, Николаев.
    word = re.sub(r"(?<=[аеиоуяюі])ї", "е", word).replace("ї", "і")
    readings = _vowel_readings(word, "і", _CYRILLIC_CONSONANTS, "оеі", "еі")
    return readings + [r[:-1] + "о" for r in readings if re.search(r"[вн]е$", r)]


def _latin_readings(word: str) -> list[str]:
    word = re.sub(r"ts[iy]([au])", r"ts\1", word)  # Dubrovytsia, Lokhvytsia: Дубровица, Лохвица
    readings = _vowel_readings(word, "i", _LATIN_CONSONANTS, "oei", "ei")
    # Rivne, Yenakiieve: a Ukrainian-looking word (with an i) ending a neuter in -e.
    neuter = re.search(r"i[a-z]*[vn]e$", word) is not None
    return readings + [r[:-1] + "o" for r in readings if neuter]


@lru_cache(maxsize=50_000)
def russian_readings(word: str) -> tuple[str, ...]:
    """The other ways a Russian paper may have written a Ukrainian place word, in the word's script and
    lower case: Горлівка -> горловка, горлевка; Horlivka -> horlovka, horlevka; Дубровиця -> дубровица;
    () for a word that reads only as written (Горловка, Курск)."""
    lower = word.lower()
    if re.fullmatch(r"[a-z]+", lower):
        readings = _latin_readings(lower)
    elif re.search(r"[а-яёіїєґ]", lower):
        readings = _cyrillic_readings(lower)
    else:
        return ()
    return tuple(r for r in dict.fromkeys(readings) if r != lower)


@lru_cache(maxsize=50_000)
def region_centre_names(word: str) -> tuple[str, ...]:
    """The name of the centre a region in -щина/-ччина is named after, in its possible forms
    (Житомирщина -> житомир, житомирс, житомирськ; Хмельниччина -> хмельниц, хмельницьк); () for any
    other word."""
    lower = word.lower()
    found = _CYRILLIC_REGION.fullmatch(lower) or _LATIN_REGION.fullmatch(lower)
    if found is None:
        return ()
    return tuple(found[1] + end for end in _REGION_STEMS[found[2]])
