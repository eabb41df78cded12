"""Romanizations of Cyrillic names the way people in other countries write them, written for the benchmark.

These are deliberately independent of the project's own name analysis (``indexer.names``): a query made by
the code under test would only test that code against itself. Each system is a small letter-by-letter
rule set with the context rules that matter for names:

- German (Duden): Погожев -> Pogoschew, Чернов -> Tschernow, Васильев -> Wassiljew, Юрий -> Juri.
- French: Погожев -> Pogojev, Чернов -> Tchernov, Юрий -> Iouri, Пушкин -> Pouchkine.
- Polish: Погожев -> Pogożew, Семёнов -> Siemionow, Волков -> Wołkow, Андреевич -> Andriejewicz.
- Czech: Погожев -> Pogožev, Лебедев -> Lebeděv, Чернов -> Černov.
- Ukrainian national (KMU 2010) for Ukrainian Cyrillic: Микола -> Mykola, Григорій -> Hryhorii.
- Belarusian (passport practice) for Belarusian Cyrillic: Мікалай -> Mikalai, Сяргей -> Siarhei.

`romanize(system, text)` romanizes every word of `text`; `SYSTEMS` names the systems.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

VOWELS = frozenset("аеёиоуыэюяіїєў")
HUSHING = frozenset("жшчщц")
_HARD_HUSHING = frozenset("жшц")  # и after them is y in Polish: Жилин -> Żylin
_IOTATED = frozenset("еёюя")
_FRONT = frozenset("еёиыэ")  # French g before them is gu: Георгий -> Gueorgui
_SOFTENING = frozenset("еёиюяь")  # Polish l before them stays l: Лебедев -> Lebiediew, else ł
# A letter after which е ё ю я are pronounced with j: at the start, after a vowel or a hard/soft sign.
_JOTATING = VOWELS | {"ь", "ъ", "'", "’"}

Rule = Callable[[str, int], tuple[str, int]]


def _table(spec: str) -> dict[str, str]:
    """A letter table from "а:a б:b ъ:" (an empty right side drops the letter)."""
    return dict(item.split(":", 1) for item in spec.split())


def _ctx(word: str, i: int) -> tuple[str, str, bool]:
    """(previous letter, next letter, at start-or-after-vowel) for position i of a lower-case word."""
    prev = word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    return prev, nxt, prev == "" or prev in _JOTATING


def _ending(word: str, i: int, endings: dict[str, str]) -> str | None:
    tail = word[i:]
    return endings.get(tail) if i > 0 and len(tail) == 2 else None


# --- German (Duden) ------------------------------------------------------------------------------------

_DE = _table(
    "а:a б:b в:w г:g д:d з:s к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u "
    "ф:f х:ch ц:z ш:sch щ:schtsch ъ: ы:y ь: э:e"
)
_DE_END = {"ий": "i", "ый": "y", "ой": "oi", "ей": "ei", "ай": "ai"}


def _german(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    prev, nxt, jot = _ctx(word, i)
    if (end := _ending(word, i, _DE_END)) is not None:
        return end, 2
    if letter == "к" and nxt == "с":
        return "x", 2  # Александр -> Alexander, Максим -> Maxim
    if letter in "её":
        if prev in HUSHING:
            return ("e" if letter == "е" else "o"), 1  # Горбачёв -> Gorbatschow
        return ("j" if jot or letter == "ё" else "") + ("e" if letter == "е" else "o"), 1
    if letter in "юя":
        return "j" + ("u" if letter == "ю" else "a"), 1
    if letter == "ж":
        return "sch", 1
    if letter == "ч":
        return "tsch", 1
    if letter == "и":
        return ("ji" if prev == "ь" else "i"), 1  # Ильин -> Iljin
    if letter == "й":
        return ("j" if nxt in VOWELS else "i"), 1
    if letter == "с" and prev in VOWELS and nxt in VOWELS:
        return "ss", 1  # a single s between vowels would be voiced in German: Wassili
    return _DE.get(letter, letter), 1


# --- French --------------------------------------------------------------------------------------------

_FR = _table(
    "а:a б:b в:v д:d з:z и:i к:k л:l м:m н:n о:o п:p р:r с:s т:t ф:f х:kh ц:ts ш:ch щ:chtch ъ: ы:y ь: э:e"
)
_FR_END = {"ий": "i", "ый": "y", "ой": "oï", "ей": "eï", "ай": "aï"}


def _french(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    prev, nxt, jot = _ctx(word, i)
    if (end := _ending(word, i, _FR_END)) is not None:
        return end, 2
    if letter == "к" and nxt == "с":
        return "x", 2  # Алексей -> Alexeï
    if letter == "г":
        return ("gu" if nxt in _FRONT else "g"), 1  # Георгий -> Gueorgui
    if letter == "е":
        return (
            "ïe" if prev in VOWELS else ("ie" if prev and prev in "ьъ" else "e")
        ), 1  # Алексеев -> Alexeïev
    if letter == "ё":
        return ("o" if prev in HUSHING else "io"), 1  # Фёдор -> Fiodor
    if letter == "ю":
        return "iou", 1  # Юрий -> Iouri
    if letter == "я":
        return "ia", 1
    if letter == "у":
        return "ou", 1
    if letter == "ж":
        return "j", 1
    if letter == "ч":
        return "tch", 1
    if letter == "й":
        return ("ï" if prev in VOWELS else "i"), 1
    if letter == "и" and nxt == "н" and i + 2 == len(word):
        return "ine", 2  # Пушкин -> Pouchkine
    if letter == "с" and prev in VOWELS and nxt in VOWELS:
        return "ss", 1  # Василий -> Vassili
    return _FR.get(letter, letter), 1


# --- Polish --------------------------------------------------------------------------------------------

_PL = _table(
    "а:a б:b в:w г:g д:d з:z к:k м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:ch ц:c ш:sz щ:szcz ъ: ы:y э:e"
)
_PL_SOFT = {"н": "ń", "с": "ś", "т": "ć", "д": "dź", "з": "ź", "л": "l"}  # Игорь -> Igor, Казань -> Kazań


def _polish(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    prev, nxt, jot = _ctx(word, i)
    soft_l = prev == "л"  # Polish l is already soft: Лёва -> Lowa, Любовь -> Lubow
    if letter in _IOTATED:
        vowel = {"е": "e", "ё": "o", "ю": "u", "я": "a"}[letter]
        if jot:
            return "j" + vowel, 1
        if prev in HUSHING or soft_l:
            return vowel, 1
        return "i" + vowel, 1  # Семёнов -> Siemionow, Петров -> Pietrow
    if letter == "л":
        return ("l" if nxt in _SOFTENING else "ł"), 1  # Волков -> Wołkow, Лебедев -> Lebiediew
    if letter == "ь":
        return "", 1
    if letter in _PL_SOFT and nxt == "ь" and (i + 2 == len(word) or word[i + 2] not in VOWELS):
        return _PL_SOFT[letter], 2
    if letter == "ж":
        return "ż", 1
    if letter == "ч":
        return "cz", 1
    if letter == "и":
        if prev in _HARD_HUSHING:
            return "y", 1  # Жилин -> Żylin
        return ("ji" if prev == "ь" else "i"), 1
    if letter == "й":
        return "j", 1
    return _PL.get(letter, letter), 1


# --- Czech ---------------------------------------------------------------------------------------------

_CS = _table(
    "а:a б:b в:v г:g д:d з:z к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:ch ц:c ш:š щ:šč ъ: ы:y э:e"
)
_CS_SOFT = {"н": "ň", "т": "ť", "д": "ď"}
_CS_END = {"ий": "ij", "ый": "yj", "ой": "oj", "ей": "ej", "ай": "aj"}


def _czech(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    prev, nxt, jot = _ctx(word, i)
    if (end := _ending(word, i, _CS_END)) is not None:
        return end, 2
    if letter == "е":
        if jot:
            return "je", 1
        return ("ě" if prev in _CS_SOFT else "e"), 1  # Лебедев -> Lebeděv
    if letter in "ёюя":
        vowel = {"ё": "o", "ю": "u", "я": "a"}[letter]
        return (vowel if prev in HUSHING else "j" + vowel), 1  # Пётр -> Pjotr
    if letter in _CS_SOFT and nxt == "ь" and (i + 2 == len(word) or word[i + 2] not in VOWELS):
        return _CS_SOFT[letter], 2
    if letter == "ь":
        return "", 1
    if letter == "ж":
        return "ž", 1
    if letter == "ч":
        return "č", 1
    if letter == "и":
        return ("ji" if prev == "ь" else "i"), 1
    if letter == "й":
        return "j", 1
    return _CS.get(letter, letter), 1


# --- Ukrainian national (KMU 2010), for Ukrainian Cyrillic -----------------------------------------

_UK = _table(
    "а:a б:b в:v г:h ґ:g д:d е:e ж:zh з:z и:y і:i к:k л:l м:m н:n о:o п:p р:r с:s т:t "
    "у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ь:"
)
_UK_IOTATED = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")}


def _ukrainian(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    if letter in _UK_IOTATED:
        initial, inner = _UK_IOTATED[letter]
        return (initial if i == 0 else inner), 1  # Юхим -> Yukhym, Андрій -> Andrii
    if letter == "з" and word[i + 1 : i + 2] == "г":
        return "zgh", 2  # зг is zgh, so that it is not read as ж
    if letter in "'’":
        return "", 1
    return _UK.get(letter, letter), 1


# --- Belarusian (passport practice), for Belarusian Cyrillic ----------------------------------------

_BE = _table(
    "а:a б:b в:v г:h ґ:g д:d ж:zh з:z і:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ў:u "
    "ф:f х:kh ц:ts ч:ch ш:sh ы:y ь: э:e"
)
_BE_END = {"ый": "y", "ій": "i"}


def _belarusian(word: str, i: int) -> tuple[str, int]:
    letter = word[i]
    prev, _, jot = _ctx(word, i)
    if (end := _ending(word, i, _BE_END)) is not None:
        return end, 2
    if letter in _IOTATED:
        vowel = {"е": "e", "ё": "o", "ю": "u", "я": "a"}[letter]
        if i == 0:
            return "y" + vowel, 1  # Яўген -> Yauhen
        return (("i" + vowel) if jot or letter != "е" else vowel), 1  # Сяргей -> Siarhei
    if letter == "й":
        return "i", 1
    if letter in "'’":
        return "", 1
    return _BE.get(letter, letter), 1


_RULES: dict[str, Rule] = {
    "german_duden": _german,
    "french": _french,
    "polish": _polish,
    "czech": _czech,
    "ukrainian_national": _ukrainian,
    "belarusian": _belarusian,
}
SYSTEMS = tuple(_RULES)


def _word(rule: Rule, word: str) -> str:
    lower = word.lower()
    out: list[str] = []
    i = 0
    while i < len(lower):
        text, width = rule(lower, i)
        out.append(text)
        i += width
    latin = "".join(out)
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


@lru_cache(maxsize=50_000)
def romanize(system: str, text: str) -> str:
    """`text` (Cyrillic, any number of words and hyphenated parts) in `system`: Погожев -> Pogoschew."""
    rule = _RULES[system]
    words = []
    for word in text.split():
        words.append("-".join(_word(rule, part) for part in word.split("-")))
    return " ".join(words)
