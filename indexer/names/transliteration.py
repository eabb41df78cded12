"""Scripts, romanization for display, and the canonical keys of one name word.

``name_keys`` is the meeting point of index and query: Погожев, Pogoschew, Pogożew and Pohozhev all give
the key ``pogojev`` (among others), in the alphabet defined in ``indexer.names``.  Cyrillic, Georgian and
Armenian are read letter by letter and give one key; Latin is ambiguous and gives several, ranked
(see ``latin_rules``).  Both sides go through the same ``fold_key``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indexer.names.alphabets import (
    ARMENIAN,
    ARMENIAN_DIGRAPHS,
    ARMENIAN_INITIAL,
    BELARUSIAN_ROMAN,
    CYRILLIC_KEY,
    GEORGIAN,
    LATIN_HOMOGLYPHS,
    RUSSIAN_ROMAN,
    UKRAINIAN_INITIAL,
    UKRAINIAN_ROMAN,
)
from indexer.names.latin_rules import clean_latin, latin_readings

MAX_KEYS = 8
# A reading costing this much more than the word's cheapest is a less likely one: Sakharov, written in an
# English system (kh), is Сахаров before it is Захаров, read as German would (s = з). Readings closer
# than this are equally likely (Sacharow, German throughout, is either).
LIKELY_MARGIN = 0.5

_DOUBLES = re.compile(r"(.)\1+")


def _script_of_char(char: str) -> str:
    """The script of one letter."""
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x400 <= code <= 0x52F or 0x1C80 <= code <= 0x1C8F or 0xA640 <= code <= 0xA69F:
        return "cyrillic"
    if 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF or 0x2D00 <= code <= 0x2D2F:
        return "georgian"
    if 0x531 <= code <= 0x58F or 0xFB13 <= code <= 0xFB17:
        return "armenian"
    return "other"


def _is_letter(char: str) -> bool:
    # Modifier letters (ʹ ʺ ʼ, U+02B0-02FF) count as letters to Python but are signs to us: Vorobʹev.
    return char.isalpha() and not 0x2B0 <= ord(char) <= 0x2FF


def script_of(text: str) -> str:
    """The dominant script of the letters in text: 'latin', 'cyrillic', 'georgian', 'armenian' or 'other'."""
    counts: dict[str, int] = {}
    for char in text:
        if _is_letter(char):
            script = _script_of_char(char)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "other"
    return max(counts, key=lambda script: counts[script])


# Belarusian writes the Russian -ов/-ев ending as -оў/-еў (Іваноў, Ivanou, Ivanoŭ): ў reads as u, so a
# final vowel + u is read back as the Russian ending (and Daitch-Mokotoff's miss on -au is repaired too).
_BELARUSIAN_ENDING = re.compile(r"([aeo])u$")


def fold_key(key: str) -> str:
    """Fold a key the same way on both sides: doubled letters collapse, ie becomes e, and the Belarusian
    ending -оў/-ou becomes -ov.

    Масленников and Maslennikov -> maslenikov; Iwanoff -> ivanov; Yelena, Jelena, Елена -> elena;
    Сергеев, Sergejew, Sergeyev -> sergev (sergeiev -> sergeev -> sergev, hence the loop); Іваноў -> ivanov;
    Счастный and Shchastny -> wastni.
    """
    key = _BELARUSIAN_ENDING.sub(r"\1v", key)
    # сч and зч are said щ (Счастный, Извозчиков), and romanizations write what is said (Schastny)
    key = key.replace("sq", "w").replace("zq", "w")
    while True:
        folded = _DOUBLES.sub(r"\1", key).replace("ie", "e")
        if folded == key:
            return key
        key = folded


# --- Cyrillic, Georgian, Armenian: one key each ---------------------------------------------------


@lru_cache(maxsize=200_000)
def cyrillic_key(word: str) -> str | None:
    """The folded key of a Cyrillic word, letter by letter: 'Погожев' -> 'pogojev'; None if not Cyrillic.

    Latin look-alikes typed into Cyrillic ('Ивaнов' with a Latin a) are read as the Cyrillic letter.
    """
    if script_of(word) != "cyrillic":
        return None
    return fold_key(_cyrillic_letters(word)) or None


def _cyrillic_letters(word: str) -> str:
    """A Cyrillic word in key letters, unfolded: 'Нуреев' -> 'nureev'."""
    letters = (LATIN_HOMOGLYPHS.get(char, char) for char in word)
    key = "".join(CYRILLIC_KEY.get(char, "") for char in "".join(letters).lower())
    # Belarusian and Bulgarian write щ as шч (Хрушчоў, Шчарбакоў = Хрущёв, Щербаков); Russian names never
    # put ш before ч
    return key.replace("wq", "w")


def _georgian_letter(char: str) -> str:
    """Mkhedruli for any Georgian letter: Mtavruli capitals (ᲯᲣᲦᲐᲨᲕᲘᲚᲘ), Asomtavruli, Nuskhuri."""
    if char in GEORGIAN:
        return char
    name = unicodedata.name(char, "")
    if not name.startswith("GEORGIAN"):
        return char
    try:
        return unicodedata.lookup("GEORGIAN LETTER " + name.rsplit("LETTER ", 1)[-1])
    except KeyError:
        return char


def _armenian_pieces(word: str) -> list[tuple[str, str]]:
    """(key letters, romanization) for each sound of a lowercase Armenian word."""
    pieces = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in ARMENIAN_DIGRAPHS:
            pieces.append(ARMENIAN_DIGRAPHS[pair])
            i += 2
            continue
        char = word[i]
        at_start = i == 0 or not word[i - 1].isalpha()
        if at_start and char in ARMENIAN_INITIAL:
            pieces.append(ARMENIAN_INITIAL[char])
        elif char in ARMENIAN:
            pieces.append(ARMENIAN[char])
        i += 1
    return pieces


def _georgian_letters(word: str) -> str:
    return "".join(GEORGIAN.get(_georgian_letter(c), ("", ""))[0] for c in word)


def _armenian_letters(word: str) -> str:
    return "".join(key for key, _ in _armenian_pieces(word.lower()))


def _georgian_key(word: str) -> str:
    return fold_key(_georgian_letters(word))


def _armenian_key(word: str) -> str:
    return fold_key(_armenian_letters(word))


# --- name_keys ------------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def name_keys(word: str) -> tuple[str, ...]:
    """Canonical keys of one name word in any script, most likely first, at most MAX_KEYS.

    'Погожев' -> ('pogojev',); 'Pogoschew' -> ('pogowev', 'pogojev', ...); '' or '1941' -> ().
    """
    return tuple(key for key, _cost in ranked_name_keys(word))


def likely_key_count(word: str) -> int:
    """How many of ``name_keys(word)`` are read as likely as the first (within ``LIKELY_MARGIN``):
    'Sakharov' -> 1 (saharov; zaharov is German's reading, not this spelling's); one-key words -> 1."""
    ranked = ranked_name_keys(word)
    if not ranked:
        return 0
    cheapest = ranked[0][1]
    return sum(1 for _key, cost in ranked if cost <= cheapest + LIKELY_MARGIN)


@lru_cache(maxsize=200_000)
def ranked_name_keys(word: str) -> tuple[tuple[str, float], ...]:
    """``name_keys`` with the cost of each key's cheapest reading (0 for a word read letter by letter)."""
    if not any(_is_letter(char) for char in word):
        return ()
    script = script_of(word)
    if script == "cyrillic":
        key = cyrillic_key(word)
    elif script == "georgian":
        key = _georgian_key(word)
    elif script == "armenian":
        key = _armenian_key(word)
    elif script == "latin":
        return latin_keys(word)
    else:
        key = None
    return ((key, 0.0),) if key else ()


_LETTERS_OF_SCRIPT = {
    "cyrillic": _cyrillic_letters,
    "georgian": _georgian_letters,
    "armenian": _armenian_letters,
}


@lru_cache(maxsize=100_000)
def written_forms(word: str) -> tuple[str, ...]:
    """A word's likely readings in key letters as written, before folding: what still tells apart two
    spellings whose keys are one. Нуреев -> nureev and Нуриев -> nuriev (both keyed nurev); Nureyev ->
    nureev too. A Latin word gives each reading as likely as its cheapest. The ye of Yelkin, read ie, is
    written e, as Cyrillic Ёлкин and Елкин are: a convention of the reading, not a difference."""
    script = script_of(word)
    likely: list[str] = []
    if script == "latin":
        readings = _latin_readings(word)
        cheapest = readings[0][1] if readings else 0.0
        likely = [r for r, cost in readings if cost <= cheapest + LIKELY_MARGIN]
    elif letters := _LETTERS_OF_SCRIPT.get(script):
        likely = [letters(word)]
    return tuple(dict.fromkeys(r.replace("ie", "e") for r in likely if r))


@lru_cache(maxsize=4096)  # the keys and the written forms of a word are asked for one after the other
def _latin_readings(word: str) -> tuple[tuple[str, float], ...]:
    return tuple(latin_readings(word))


def latin_keys(word: str) -> tuple[tuple[str, float], ...]:
    """Folded keys of a Latin word from its cheapest readings, with their costs:
    'Kusnezow' -> (('kuznecov', 0.0), ('kusnecov', 0.7), ...)."""
    keys: dict[str, float] = {}
    for reading, cost in _latin_readings(word):
        key = fold_key(reading)
        if key and key not in keys:
            keys[key] = cost
            if len(keys) == MAX_KEYS:
                break
    return tuple(keys.items())


# --- romanize -------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_RUSSIAN_VOWELS = frozenset("аеёиоуыэюяієїў")
_HUSHING = frozenset("жчшщц")
_LATIN_SPECIAL = {
    "ß": "ss",
    "ẞ": "SS",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "ħ": "h",
}


def _cyrillic_language(word: str) -> str:
    """'uk' for Ukrainian letters (Григорій), 'be' for Belarusian (ў), else 'ru' (Бойко: either)."""
    lower = word.lower()
    if "ў" in lower:
        return "be"
    if any(c in lower for c in "іїєґ") and not any(c in lower for c in "ыэёъ"):
        return "uk"
    if "ськ" in lower or "цьк" in lower:  # Ukrainian -ський, Russian -ский: Згурський
        return "uk"
    if "і" in lower:
        return "be"
    return "ru"


def _romanize_cyrillic_letter(lower: str, prev: str, language: str) -> str:
    """One lowercase Cyrillic letter in BGN/PCGN (Russian, Belarusian) or Ukrainian national style."""
    initial = prev == "" or not prev.isalpha()
    soft_context = initial or prev in _RUSSIAN_VOWELS or prev in "ьъ'’"
    if language == "uk":
        if initial and lower in UKRAINIAN_INITIAL:
            return UKRAINIAN_INITIAL[lower]
        if lower == "г" and prev == "з":  # зг is zgh, so that it is not read as ж: Zghurskyi
            return "gh"
        return UKRAINIAN_ROMAN.get(lower, "")
    table = BELARUSIAN_ROMAN if language == "be" else RUSSIAN_ROMAN
    if lower == "е" and soft_context:
        return "ye"
    if lower == "ё":
        return "o" if prev in _HUSHING else "yo"
    return table.get(lower, "")


def _romanize_word(word: str) -> str:
    """Romanize one run of letters, keeping capitalisation: 'ЖУКОВ' -> 'ZHUKOV', 'Жуков' -> 'Zhukov'."""
    script = script_of(word)
    pieces: list[tuple[str, bool]] = []  # (ascii letters, source letter was uppercase)
    if script == "cyrillic":
        language = _cyrillic_language(word)
        prev = ""
        for char in word:
            lower = char.lower()
            if lower in CYRILLIC_KEY or lower in RUSSIAN_ROMAN:
                pieces.append((_romanize_cyrillic_letter(lower, prev, language), char != lower))
            else:
                pieces.append((_romanize_other(char), False))
            prev = lower
    elif script == "georgian":
        for index, char in enumerate(word):
            pieces.append((GEORGIAN.get(_georgian_letter(char), ("", char))[1], index == 0))
    elif script == "armenian":
        roman = "".join(r for _, r in _armenian_pieces(word.lower()))
        if len(word) > 1 and word.isupper():
            return roman.upper()
        return roman.capitalize() if word[:1].isupper() else roman
    else:
        return "".join(_romanize_other(char) for char in word)
    if len(word) > 1 and word.isupper():
        return "".join(letters for letters, _ in pieces).upper()
    return "".join(letters.capitalize() if upper else letters for letters, upper in pieces)


def _romanize_other(char: str) -> str:
    """Latin with diacritics folded (Pogożew -> Pogozew, Groß -> Gross); other scripts unchanged."""
    if char in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[char]
    if 0x2B0 <= ord(char) <= 0x2FF:  # primes for the soft sign: Vorobʹev
        return ""
    if _script_of_char(char) != "latin":
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def romanize(text: str) -> str:
    """Readable ASCII Latin for display and phonetic coding: 'Погожев Фёдор' -> 'Pogozhev Fyodor'.

    Russian and Belarusian by BGN/PCGN without primes, Ukrainian by the national system of 2010
    ('Григорій' -> 'Hryhorii'), Georgian by the national system of 2002 ('ჯუღაშვილი' -> 'Jughashvili'),
    Armenian by BGN/PCGN; Latin passes through with diacritics folded ('Ščukin' -> 'Scukin').
    """
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda match: _romanize_word(match.group()), text)


__all__ = [
    "MAX_KEYS",
    "clean_latin",
    "cyrillic_key",
    "fold_key",
    "likely_key_count",
    "name_keys",
    "ranked_name_keys",
    "romanize",
    "script_of",
]
