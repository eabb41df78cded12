"""Prisoner numbers in every written form, and the numbers hidden in a relative's free-text query.

A German camp gave each prisoner of war a number, stamped on his identity tag (Erkennungsmarke) and
written on every card: ``88349``. Clerks, archivists and relatives write it ``88 349``, ``88.349``,
``Nr. 88349``, ``№ 88349``, ``#88349`` or ``Häftlingsnummer 88349``; all of these are one number, kept as
the plain digits ``88349``. A person can have several numbers, one per camp, so the number is always stored
next to the camp that issued it (the record's ``camps[].camp``), never merged with it.

The camp is not part of the number. ``Stalag 326`` is a camp *name*: in ``Stalag 326/88349`` or
``Stalag 326 (VI K) Nr. 88349`` the prisoner number is 88349 and 326 is dropped. A bare ``326/88349`` is
ambiguous (camp and number? two numbers?) unless the record's camp field says the camp is 326.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_DIGITS = 7  # the largest camps issued six-digit numbers; seven leaves a margin, eight is something else
MIN_BARE_DIGITS_IN_QUERY = 3  # "Иванов 12" is more likely a day or an age than a prisoner number
BIRTH_YEAR_MIN = 1890  # the oldest Soviet soldiers taken prisoner were born in the 1890s
BIRTH_YEAR_MAX = 1930  # the youngest (Ostarbeiter boys, partisans) around 1930

# Cyrillic look-alikes typed for the Auschwitz series letters: А-1234 with a Cyrillic А.
_SERIES_LETTERS = str.maketrans({"А": "A", "В": "B", "а": "A", "в": "B", "a": "A", "b": "B", "z": "Z"})

_LABEL = r"""
    (?:h(?:ä|ae|a)ftlings[-\s]?(?:nummer|nr\b\.?)
     | (?:kriegs)?gef(?:angenen)?\.?[-\s]?(?:nummer|nr\b\.?)
     | erkennungsmarke | erk\.?[-\s]?marke
     | nummer | nr\b\.? | no\b\.? | num\b\.? | n[°º] | № | \# | номер | ном\b\.? )
"""
# Stalag 326, Stalag XB, Stalag IV-B, Stalag VIII A, Stalag 326 (VI K), Oflag 64: camp names, not numbers.
_CAMP = r"""
    (?<![^\W\d_])
    (?:stalag(?:\s*luft)? | frontstalag | oflag | dulag | ilag | stammlager | stlg\.? | st\.
     | шталаг | офлаг | дулаг | лагерь)
    \s*(?:\d{1,4}(?![\d.,]\d) | [ivx]{1,5}(?:\s?[-/]?\s?[a-k](?![^\W\d_]))?)
    (?:\s*\(\s*[ivx]{1,5}\s*[-/]?\s*[a-k]?\s*\))?
"""
_DATE = r"""
    (?<!\d)(?:\d{1,2}[./]\d{1,2}[./]\d{2,4} | \d{4}-\d{1,2}(?:-\d{1,2})? | \d{1,2}[./]\d{4}
             | 1[89]\d\d\s?[-–]\s?1[89]\d\d)(?!\d)
"""
# Groups of exactly three digits behind one repeated separator: 88 349, 1.234.567, 88,349 (no spaces).
_GROUPED = r"(?<!\d)\d{1,3}(?:(?P<sep>[ .,'\u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*(?!\d)"
_PLAIN = r"(?<!\d)\d+(?!\d)"


def _number_pattern(series_gap: str) -> re.Pattern[str]:
    series = rf"(?<![^\W\d_])(?P<letter>[abzав]){series_gap}(?P<sdigits>\d+)(?![\w])"
    return re.compile(
        rf"""(?P<date>{_DATE}) | (?P<camp>{_CAMP})
            | (?:(?<![^\W\d_])(?P<label>{_LABEL})\s*[:.]?\s*)?(?P<value>{series} | {_GROUPED} | {_PLAIN})""",
        re.IGNORECASE | re.VERBOSE,
    )


# In a number field "A 1234" is the A series; in a query "А 1234" may be an initial and a number.
_FIELD = _number_pattern(r"\s?[-‐–]?\s?")
_QUERY = _number_pattern(r"[-‐–]?")
_YEAR_PREFIX = re.compile(r"(?:\b(?:geb|b|born|род|р)\.?|geboren|родился)\s*$", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"^\s*(?:г\.?\s?р\.?|гг?\.?|года?(?:\s+рождения)?|j\.)(?![^\W\d_])", re.IGNORECASE)


def _value(match: re.Match[str]) -> str | None:
    """The normalized number of a matched value, or None if it has too many digits or is zero."""
    letter = match.group("letter")
    digits = match.group("sdigits") if letter else re.sub(r"\D", "", match.group("value"))
    digits = digits.lstrip("0")
    if not digits or len(digits) > MAX_DIGITS:
        return None
    return f"{letter.translate(_SERIES_LETTERS).upper()}{digits}" if letter else digits


def _bare_year(match: re.Match[str]) -> int | None:
    """The value of an unlabelled four-digit number that could be a year of the century, else None."""
    value = match.group("value")
    if match.group("label") is None and value.isdigit() and len(value) == 4 and value[:2] in ("18", "19"):
        return int(value)
    return None


def _is_birth_year(match: re.Match[str]) -> bool:
    year = _bare_year(match)
    return year is not None and BIRTH_YEAR_MIN <= year <= BIRTH_YEAR_MAX


def _is_later_year(match: re.Match[str]) -> bool:
    """A bare year after the births: of capture, death, liberation or return (Иванов 1941, Iwanow gest.
    1942). Relatives type them beside a name; read as a prisoner number, it put every prisoner numbered
    1941 before the Ивановs. ``Nr. 1941`` is still a number, and so is 1941 typed alone."""
    year = _bare_year(match)
    return year is not None and year > BIRTH_YEAR_MAX


def _camp_numbers(camp: str | None) -> set[str]:
    """The numbers inside a camp's name: {"326"} for "Stalag 326 (VI K) Senne"."""
    return {d.lstrip("0") for d in re.findall(r"\d+", camp)} if camp else set()


class PrisonerNumber:
    """A prisoner-of-war or camp prisoner number.

    Policy:

    - The normal form is the digits without separators or leading zeros (``88 349``, ``Nr. 088.349`` ->
      ``88349``); a series number keeps its letter (Auschwitz ``A-1234`` -> ``A1234``).
    - At most seven digits; zero is not a number.
    - Labels (``Nr.``, ``No.``, ``№``, ``#``, ``Häftlingsnummer``, ``Erkennungsmarke``, ``номер``) and camp
      names (``Stalag 326``, ``Stalag XB``, ``Oflag 64``) are dropped, never read as numbers.
    - Thousands groups must be exactly three digits behind one separator (space, dot, comma without
      spaces, apostrophe), so ``88,349`` is one number but ``88, 349`` and ``12.03.1921`` are not.
    - A field holding two numbers is ambiguous and gives None, except when one of them is the number in
      the record's camp name (``326/88349`` with camp ``Stalag 326`` -> ``88349``).
    """

    NAME = "prisoner_number"
    TITLE = "Prisoner number"

    @classmethod
    def normalize(cls, text: str | None, camp: str | None = None) -> str | None:
        """The normal form of a number field as written, or None if there is no single number in it."""
        return _normalize_field(text or "", camp)

    @classmethod
    def is_valid(cls, text: str | None) -> bool:
        return cls.normalize(text) is not None

    @classmethod
    def format(cls, value: str) -> str:
        """The display form of a normalized number: ``88349``, ``A-1234``."""
        if value[:1].isalpha():
            return f"{value[0]}-{value[1:]}"
        return value


@lru_cache(maxsize=50_000)
def _normalize_field(text: str, camp: str | None) -> str | None:
    candidates: list[str] = []
    for match in _FIELD.finditer(text):
        if match.group("value") is None:
            continue  # a date or a camp name
        value = _value(match)
        if value is None:
            return None
        if value not in candidates:
            candidates.append(value)
    if len(candidates) > 1:
        in_camp_name = _camp_numbers(camp)
        candidates = [c for c in candidates if c not in in_camp_name]
    return candidates[0] if len(candidates) == 1 else None


def _query_number(match: re.Match[str]) -> str | None:
    """The normalized number of a query token if it is meant as a prisoner number, else None."""
    value = _value(match)
    if value is None or _is_birth_year(match) or _is_later_year(match):
        return None  # eight digits is an archive reference; Иванов 1921 is a birth year, 1941 a year
    if match.group("label") or match.group("letter"):
        return value
    return value if len(value) >= MIN_BARE_DIGITS_IN_QUERY else None


def extract_numbers(query: str) -> tuple[list[str], str]:
    """The prisoner numbers in a free-text query, normalized, and the query without them.

    ``Иванов Nr. 88 349 1921`` -> (["88349"], "Иванов 1921"): the birth year, dates and camp names
    (``Stalag 326``) stay in the rest for the other analyses.
    """
    numbers: list[str] = []
    rest: list[str] = []
    position = 0
    for match in _QUERY.finditer(query):
        value = _query_number(match) if match.group("value") is not None else None
        if value is None:
            continue
        if value not in numbers:
            numbers.append(value)
        rest.append(query[position : match.start()])
        position = match.end()
    rest.append(query[position:])
    return numbers, _tidy("".join(rest))


def extract_birth_year(text: str) -> tuple[int | None, str]:
    """The first birth-year hint in a query (a lone year 1890-1930, or a date's year) and the rest.

    ``Петров 1921 г.р.`` -> (1921, "Петров"); ``Петров 12.03.1921`` -> (1921, "Петров");
    ``Петров Nr. 1921`` -> (None, ...): a labelled number is a prisoner number, whatever its value.
    """
    for match in _QUERY.finditer(text):
        year = _year_of(match)
        if year is None:
            continue
        before, after = text[: match.start()], text[match.end() :]
        before = _YEAR_PREFIX.sub("", before)
        after = _YEAR_SUFFIX.sub("", after)
        return year, _tidy(f"{before} {after}")
    return None, _tidy(text)


def _year_of(match: re.Match[str]) -> int | None:
    date = match.group("date")
    if date is not None:
        years = [int(y) for y in re.findall(r"(?<!\d)1[89]\d\d(?!\d)", date)]
        in_range = [y for y in years if BIRTH_YEAR_MIN <= y <= BIRTH_YEAR_MAX]
        return in_range[0] if in_range else None
    if match.group("value") is not None and _is_birth_year(match):
        return int(match.group("value"))
    return None


def _tidy(text: str) -> str:
    """Whitespace collapsed, and the punctuation a removed token leaves behind: "Pogoschew, , 1921"."""
    text = re.sub(r"\s*([,;/])(?:\s*[,;/])+", r"\1", text)
    text = re.sub(r"(?:(?<=\s)|^)/|/(?=\s|$)", " ", text)  # Stalag 326/ once the number is gone
    return re.sub(r"\s+", " ", text).strip(" ,;/")
