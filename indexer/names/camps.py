"""Camps by any of their names: a Stalag's number, its Wehrkreis designation, its places in any script.

One camp has several names. Stalag 326 at Stukenbrock is written "Stalag 326 Senne" on one card and
"Stalag VI-K" on the next; relatives type "Шталаг 326", "Stukenbrock", "6K". The camps and their names are
in ``data/camps/camps.tsv``; ``camp_ids`` reads a camp as written and names the camps it means, so that a
filter and a record meet however each wrote the camp (``documents`` indexes the ids as camp terms).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.names.analysis import fold_spelling

CAMPS_PATH = Path(__file__).resolve().parents[2] / "data" / "camps" / "camps.tsv"
# A camp's id as a term of the record's camp words: a word never holds a colon, so no word meets it.
CAMP_ID_PREFIX = "id:"

# Words that say what kind of camp a name means, not which: "KZ Sachsenhausen", "Шталаг 326".
_KIND_WORDS = {
    **dict.fromkeys(("stalag", "stammlager", "mannschaftsstammlager", "шталаг", "сталаг"), "stalag"),
    **dict.fromkeys(("oflag", "offizierslager", "офлаг"), "oflag"),
    **dict.fromkeys(
        ("kz", "kl", "konzentrationslager", "кц", "кл", "кз", "концлагерь", "концлагер", "концтабір"), "kz"
    ),
    # No transit camp is in the gazetteer: "Dulag Minsk" is not Stalag 352 at Minsk.
    **dict.fromkeys(("dulag", "durchgangslager", "дулаг"), "dulag"),
}
# Letters fold_spelling keeps that a relative may type without their mark: Łambinowice, Lambinowice.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d"})
# German umlauts are also written out: Mühlberg, Muehlberg.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
# A Wehrkreis designation typed on a Cyrillic keyboard: ХI-А, VI-К, IV-Б.
_ROMAN_LOOKALIKES = str.maketrans({"х": "x", "і": "i"})
_LETTER_LOOKALIKES = str.maketrans(
    {"а": "a", "б": "b", "в": "b", "с": "c", "ц": "c", "д": "d", "е": "e", "ф": "f", "г": "g", "н": "h",
     "х": "h", "к": "k"}
)  # fmt: skip
# The Wehrkreise were numbered I to XXI.
_ROMAN = {
    "x" * (value // 10) + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[value % 10]: value
    for value in range(1, 22)
}
# The letters of the Wehrkreis camps (I was left out, as J stood beside it in the typefaces of the time).
_CAMP_LETTERS = frozenset("abcdefghjk")
_GLUED_DESIGNATION = re.compile(r"([ivxхі]+)([a-zа-я])")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _fold(text: str) -> str:
    return fold_spelling(text).translate(_LETTERS)


def _tokens(text: str) -> list[str]:
    """Folded words and numbers, apart where they meet: Stalag326, 6К -> stalag 326, 6 к."""
    return _TOKEN.findall(_fold(text))


def _numeral(token: str) -> int | None:
    if token.isdigit():
        return int(token) if 1 <= int(token) <= len(_ROMAN) else None
    return _ROMAN.get(token.translate(_ROMAN_LOOKALIKES))


def _letter(token: str) -> str | None:
    letter = token.translate(_LETTER_LOOKALIKES)
    return letter if len(letter) == 1 and letter in _CAMP_LETTERS else None


def _designation(text: str) -> str | None:
    """A Wehrkreis designation as a key, Arabic numeral and letter: VI K, VI-K, VIK, 6K -> 6k."""
    tokens = _tokens(text)
    if len(tokens) == 1 and (glued := _GLUED_DESIGNATION.fullmatch(tokens[0])):
        tokens = list(glued.groups())
    if len(tokens) == 2 and (number := _numeral(tokens[0])) and (letter := _letter(tokens[1])):
        return f"{number}{letter}"
    return None


@dataclass(frozen=True)
class _Gazetteer:
    kinds: dict[str, str]  # camp id -> its kind (stalag, oflag, kz)
    titles: dict[str, str]  # camp id -> the name it is shown by (Stalag 326 (VI-K) Senne)
    numbers: dict[int, frozenset[str]]  # 326 -> the camps of that number
    designations: dict[str, frozenset[str]]  # 6k -> the camps of that designation
    names: dict[tuple[str, ...], frozenset[str]]  # a name's folded words -> the camps it names
    longest_name: int


@lru_cache(maxsize=1)
def _gazetteer(path: Path = CAMPS_PATH) -> _Gazetteer:
    kinds: dict[str, str] = {}
    titles: dict[str, str] = {}
    numbers: dict[int, set[str]] = defaultdict(set)
    designations: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            camp = row["id"]
            if camp in kinds or row["kind"] not in _KIND_WORDS.values():
                raise ValueError(f"{path}: camp {camp!r} is listed twice or of no known kind")
            kinds[camp] = row["kind"]
            titles[camp] = _title(row)
            for number in (row["number"] or "").split(";"):
                if number:
                    numbers[int(number)].add(camp)
            if row["designation"]:
                key = _designation(row["designation"])
                if key is None:
                    raise ValueError(f"{path}: {row['designation']!r} of {camp} is no designation")
                designations[key].add(camp)
            for name in (row["names"] or "").split(";"):
                for spelling in {name, name.translate(_UMLAUTS)}:
                    if words := tuple(_tokens(spelling)):
                        names[words].add(camp)
    return _Gazetteer(
        kinds,
        titles,
        {n: frozenset(c) for n, c in numbers.items()},
        {d: frozenset(c) for d, c in designations.items()},
        {w: frozenset(c) for w, c in names.items()},
        max(map(len, names), default=0),
    )


def _name_at(tokens: list[str], start: int, gazetteer: _Gazetteer) -> tuple[int, frozenset[str]]:
    """The longest camp name beginning at ``start``: how many words it takes, and its camps."""
    for length in range(min(gazetteer.longest_name, len(tokens) - start), 0, -1):
        if camps := gazetteer.names.get(tuple(tokens[start : start + length])):
            return length, camps
    return 0, frozenset()


@lru_cache(maxsize=4096)  # a few hundred camps, as written
def camp_ids(text: str | None) -> frozenset[str]:
    """The camps a written camp name means, by its number (326), Wehrkreis designation (VI K, VI-K, VIK,
    6K, ХI-А) and places in any script (Senne, Штукенброк); words like Stalag, Шталаг, KZ say the kind.
    Every part must name the camp: "Stalag 326 (VI K) Senne" is one camp, "Lamsdorf" the two there
    (Stalag 318, Stalag 344) and "Stalag 318 Lamsdorf" one of them. Empty when nothing names a known camp,
    when parts contradict (Stalag 326 Lamsdorf), or when a Stalag's number is unknown (Stalag 327): the
    filter then matches the words as written. Other words (Lazarett, Arbeitskommando 1234) are passed over.
    """
    if not text:
        return frozenset()
    gazetteer = _gazetteer()
    tokens = _tokens(text)
    kinds: set[str] = set()
    parts: list[frozenset[str]] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        after = tokens[position + 1] if position + 1 < len(tokens) else ""
        length, named = _name_at(tokens, position, gazetteer)
        glued = _GLUED_DESIGNATION.fullmatch(token)
        if token in _KIND_WORDS:
            kinds.add(_KIND_WORDS[token])
        elif length:
            parts.append(named)
            position += length
            continue
        elif (number := _numeral(token)) and (letter := _letter(after)):
            parts.append(gazetteer.designations.get(f"{number}{letter}", frozenset()))
            position += 1
        elif glued and (key := _designation(token)):
            parts.append(gazetteer.designations.get(key, frozenset()))
        elif token.isdigit() and int(token) in gazetteer.numbers:
            parts.append(gazetteer.numbers[int(token)])
        elif token.isdigit() and position and tokens[position - 1] in _KIND_WORDS:
            return frozenset()  # Stalag 327: a camp the gazetteer does not know
        position += 1
    if not parts:
        return frozenset()
    found = frozenset.intersection(*parts)
    if kinds:
        found = frozenset(c for c in found if gazetteer.kinds[c] in kinds)
    return found


def _title(row: dict[str, str]) -> str:
    """The name a camp is shown by: its kind, number, designation and first place (Stalag 326 (VI-K)
    Senne, Stalag IV-B Mühlberg, Oflag XIII-D Hammelburg), a concentration camp by its place (Auschwitz)."""
    place = (row["names"] or "").split(";")[0]
    if row["kind"] == "kz":
        return place
    designation = "-".join(row["designation"].split()) if row["designation"] else ""
    if row["number"] and designation:
        designation = f"({designation})"
    parts = [row["kind"].capitalize(), row["number"].split(";")[0], designation, place]
    return " ".join(part for part in parts if part)


def camp_title(text: str) -> str:
    """The name a written camp is shown by: the gazetteer's for a camp it names alone ("Stalag VI-K" and
    "Stalag 326 Senne" are both Stalag 326 (VI-K) Senne), else as written."""
    found = camp_ids(text)
    return _gazetteer().titles[next(iter(found))] if len(found) == 1 else text


def camp_id_terms(text: str | None) -> tuple[str, ...]:
    """The id terms of a written camp name, indexed with the record's camp words (``documents``) and asked
    for by a camp filter: "Stalag VI-K" and "Шталаг 326" both give ``id:stalag-326``."""
    return tuple(sorted(CAMP_ID_PREFIX + camp for camp in camp_ids(text)))
