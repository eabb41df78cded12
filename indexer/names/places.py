"""Birth places as the sources write them, read by level: the 1941 area, the district, the settlement.

A Soviet paper marks its parts (Курская обл., Щигровский р-н, с. Ивановка); a German card gives the village
or town and often the area's centre (Iwanowka, Kursk), or "Gebiet Kursk". Words are compared by stems, so
an adjective meets its noun (Тульская/Tula, Щигровский/Щигры), and areas are known with their centres and
other names from ``data/places/areas_1941.tsv`` (Крымская АССР meets Simferopol). Family lookup uses this
to tell whether two records were born in one place, in one area, or in places that contradict.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from indexer.names.analysis import words_of
from indexer.names.place_readings import region_centre_names, russian_readings
from indexer.names.transliteration import name_keys

AREAS_PATH = Path(__file__).resolve().parents[2] / "data" / "places" / "areas_1941.tsv"


@dataclass(frozen=True)
class BirthPlace:
    """A birth place read by level: the 1941 areas it names, and the words of its region, district and
    settlement (as stems: Курская -> kursk, Щигровский -> wigr, Ивановка -> ivanovk)."""

    areas: frozenset[str] = frozenset()
    area_words: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    settlements: frozenset[str] = frozenset()
    centre_town: bool = False  # born in an area's centre (г. Казань), which is in no rural district
    # A lone name that is an area's centre (Kursk): read as the area, but it may also mean the town itself,
    # so it meets the same town (Kursk, г. Курск) as one locality, without contradicting the area's others.
    centre_words: frozenset[str] = frozenset()

    @property
    def known(self) -> bool:
        return bool(self.areas or self.area_words or self.districts or self.settlements)

    @property
    def local(self) -> frozenset[str]:
        return self.districts | self.settlements


# Words of a birth place that say what kind of place it is, not which: "Саратовская обл., г. Саратов".
_PLACE_KINDS = (
    "обл область вобл вобласць край р-н район раён г город м с село д деревня пос поселок посёлок пгт смт рп "
    "х хутор ст станица АССР ССР АО аул кишлак местечко уезд волость округ губ губерния Gebiet Kreis Bezirk "
    "Rayon Oblast Dorf Stadt Gouvernement Republik Provinz"
)
_PLACE_WORDS = frozenset(k for w in _PLACE_KINDS.split(" ") for k in name_keys(w))
# What a part of a Soviet birth place names, by the word that marks it; a German clerk's part has none.
_DISTRICT_MARK = re.compile(
    r"\b(?:р-н|р-на|р-он|район|раён|уезд|волость|вол|округ|rayon|raion|kreis|bezirk)\b"
)
_AREA_MARK = re.compile(
    r"\b(?:обл|область|вобл|вобласць|край|асср|сср|ао|губ|губерния|gebiet|oblast|republik|gouvernement|provinz)\b"
)
_VILLAGE_MARK = re.compile(
    r"\b(?:с|село|д|дер|деревня|пос|поселок|посёлок|пгт|смт|рп|х|хутор|ст|станица|аул|кишлак|dorf)\b"
)
# г. город; Ukrainian м. місто, and the Russian м. местечко, a small town.
_TOWN_MARK = re.compile(r"\b(?:г|гор|город|м|местечко|stadt)\b")
# German names an area or district by its centre's name with -er, undeclined before any noun: Kursker
# Gebiet (Gebiet Kursk), Orjoler Gebiet, Moskauer Gebiet, Tulaer Gebiet, Schtschigrower Kreis. At least
# three letters must be left, so Gebiet Twer is not read as "Tw".
_GERMAN_ADJECTIVE = re.compile(r"([a-zäöüß]{3,})er", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def place_word_keys(word: str) -> tuple[str, ...]:
    """The keys of a place word, and of the ways a Russian paper may have written it when it is in its
    Ukrainian form (Горлівка, Horlivka: gorlivka and gorlovka, as Горловка). A record's place and a
    filter's are both keyed so, so either may be in either form; names of people are not."""
    keys = dict.fromkeys(name_keys(word))
    for reading in russian_readings(word):
        keys.update(dict.fromkeys(name_keys(reading)))
    return tuple(keys)


@lru_cache(maxsize=50_000)
def _place_word_stems(word: str) -> frozenset[str]:
    """The stems one place word may share with another naming the same place: its keys without final
    vowels (Тула, Tula -> tul; Иваново -> ivanov), without the adjective's -ск- (Тульская -> tul, Одесская
    -> odes, like Odessa) and without -ов-/-ев-/-ин- (Щигровский -> wigr, like Щигры; Нухинский -> nuh,
    like Нуха). A suffix that makes another place stays: Ивановка (ivanovk) is not Иваново. A Ukrainian
    form is read the Russian ways too (Тернопільська -> ternopol, ``place_word_keys``), and a region in
    -щина as its centre's name (Житомирщина -> jitomir)."""
    stems: set[str] = set()
    centres = region_centre_names(word)
    for key in {k for w in (word, *centres) for k in place_word_keys(w)}:
        stems.add(key)
        base = key.rstrip("aeiou")
        found = {base} if len(base) >= 3 else set()
        if base.endswith(("sk", "ck", "zk")):
            cut = [s for s in (base[:-1], base[:-2]) if len(s) >= 3]
            # Нухинский, Туймазинский: the adjective's -ин- is not in the town's name (Нуха, Туймазы).
            found.update(cut, (s[:-2] for s in cut if s.endswith(("in", "an", "en")) and len(s) >= 5))
        found.update(s[:-2] for s in list(found) if s.endswith(("ov", "ev")) and len(s) >= 6)
        stems.update(found)
    return frozenset(stems)


def _stems(words: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(_place_word_stems(w) for w in words))


def _name_words(text: str) -> list[str]:
    """The words of a place that name it: Саратовская обл., г. Саратов -> Саратовская, Саратов."""
    return [w for w in words_of(text) if len(w) > 2 and not _PLACE_WORDS & set(name_keys(w))]


def _with_german_adjectives_read(words: list[str]) -> list[str]:
    """The words of a part marked as an area or district, with the name each German adjective in -er is
    made from added (Kursker -> Kursk); the words themselves are kept, since a name may end in -er."""
    return words + [found[1] for w in words if (found := _GERMAN_ADJECTIVE.fullmatch(w))]


@dataclass(frozen=True)
class _Gazetteer:
    within: dict[str, frozenset[str]]  # area -> the areas it lies in (its republic, the 1941 area)
    names: tuple[tuple[str, tuple[frozenset[str], ...]], ...]  # (area, the stems of each word of a name)
    by_stem: dict[str, tuple[int, ...]]  # stem -> indexes into names


@lru_cache(maxsize=1)
def _gazetteer(path: Path = AREAS_PATH) -> _Gazetteer:
    """The areas of 1941 and later, each under its own name, its centre's and its other names."""
    within: dict[str, frozenset[str]] = {}
    names: list[tuple[str, tuple[frozenset[str], ...]]] = []
    by_stem: dict[str, list[int]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            area = row["area"]
            within[area] = frozenset(a for a in (row["within"] or "").split(";") if a)
            for name in [area, row["centre"], *(row["also"] or "").split(";")]:
                words = tuple(_place_word_stems(w) for w in _name_words(name or ""))
                if words:
                    for stem in set().union(*words):
                        by_stem[stem].append(len(names))
                    names.append((area, words))
    return _Gazetteer(within, tuple(names), {s: tuple(i) for s, i in by_stem.items()})


def _areas_named(words: list[str]) -> frozenset[str]:
    """The areas whose name, centre or other name the words spell in full (Gebiet Simferopol -> Крымская
    АССР; Rostow-na-Donu -> Ростовская обл.)."""
    gazetteer = _gazetteer()
    # A neuter adjective names a village (Покровское, Pokrowskoje), not an area or a town: Покровск.
    stems = _stems(w for w in words if not (name_keys(w) or ("",))[0].endswith("oe"))
    candidates = {i for s in stems for i in gazetteer.by_stem.get(s, ())}
    return frozenset(
        gazetteer.names[i][0] for i in candidates if all(word & stems for word in gazetteer.names[i][1])
    )


def _names_a_region(word: str) -> bool:
    """Whether a word is a region named after an area's centre (Житомирщина, Полтавщина), not a village
    that only ends like one (Терещина)."""
    return any(_areas_named([centre]) for centre in region_centre_names(word))


@lru_cache(maxsize=50_000)
def read_birth_place(text: str) -> BirthPlace:
    """Read a birth place by its parts: a Soviet paper marks them (Курская обл., Щигровский р-н, с.
    Ивановка); a German card gives the village or town and often the area's centre (Iwanowka, Kursk), or
    "Gebiet Kursk", or "Kursker Gebiet". A lone name that is an area's centre (Kursk) is taken for the area,
    since clerks wrote the nearest city they knew, and kept as the town it may also be (``centre_words``)."""
    areas: set[str] = set()
    area_words: set[str] = set()
    districts: set[str] = set()
    settlements: set[str] = set()
    centre_town = False
    centre_words: set[str] = set()
    unmarked: list[list[str]] = []
    for part in re.split(r"[,;()]", text):
        words = _name_words(part)
        if not words:
            continue
        marks = part.lower()
        if _DISTRICT_MARK.search(marks):
            districts |= _stems(_with_german_adjectives_read(words))
        elif _AREA_MARK.search(marks) or any(_names_a_region(w) for w in words):
            words = _with_german_adjectives_read(words)
            area_words |= _stems(words)
            areas |= _areas_named(words)
        elif _VILLAGE_MARK.search(marks):
            settlements |= _stems(words)
        elif _TOWN_MARK.search(marks):
            settlements |= _stems(words)
            named = _areas_named(words)
            areas |= named
            centre_town = centre_town or bool(named)
        else:
            unmarked.append(words)
    for index, words in enumerate(unmarked):
        named = _areas_named(words)
        areas |= named
        # Iwanowka, Kursk: the village, then the area's centre; Iwanowka alone: the village; Kursk alone:
        # the area.
        if (index == 0 and len(unmarked) > 1) or (len(unmarked) == 1 and not named):
            settlements |= _stems(words)
        else:
            area_words |= _stems(words)
            if len(unmarked) == 1:
                centre_words |= _stems(words)
    return BirthPlace(
        frozenset(areas),
        frozenset(area_words),
        frozenset(districts),
        frozenset(settlements),
        centre_town,
        frozenset(centre_words),
    )


def place_keys(place: str) -> frozenset[str]:
    """Every stem of a birth place's words and the areas it names: what two places may share."""
    read = read_birth_place(place)
    return read.areas | read.area_words | read.local


def _republic(area: str) -> bool:
    return not _gazetteer().within.get(area)


def _areas_link(a: str, b: str) -> bool:
    within = _gazetteer().within
    return a == b or a in within.get(b, ()) or b in within.get(a, ())


# How two birth places compare, most telling first.
SAME_LOCALITY, SAME_AREA, UNKNOWN, CONTRADICTION = "locality", "area", "unknown", "contradiction"


def compare_places(a: BirthPlace, b: BirthPlace) -> str:
    """Whether two birth places name one locality (a district or settlement they share), one area (an
    oblast, krai or ASSR of 1941), contradict each other (two areas, two districts or two settlements that
    differ; an area's centre and a rural district), or cannot be compared (Iwanowka beside Щигровский р-н:
    a village and a district)."""
    if not a.known or not b.known:
        return UNKNOWN
    if a.areas and b.areas and not any(_areas_link(x, y) for x in a.areas for y in b.areas):
        return CONTRADICTION
    towns = a.centre_words & (b.centre_words | b.settlements) or b.centre_words & a.settlements
    if a.local & b.local or towns:
        return SAME_LOCALITY
    if a.settlements and b.settlements or a.districts and b.districts:
        return CONTRADICTION
    if a.centre_town and b.districts or b.centre_town and a.districts:
        return CONTRADICTION
    if a.area_words & b.area_words or any(
        _areas_link(x, y) and not (_republic(x) or _republic(y)) or x == y for x in a.areas for y in b.areas
    ):
        return SAME_AREA
    if a.area_words and b.area_words and not a.areas and not b.areas:
        return CONTRADICTION  # two regions the gazetteer does not know (one it knew may be a variant)
    return UNKNOWN


# Terms of the areas a birth place lies in, indexed with the place's word keys (``documents``): a search
# filtered by an area finds every place in it, however written (Gebiet Kursk, г. Курск, Курская обл.).
AREA_TERM_PREFIX = "area:"


@lru_cache(maxsize=200_000)  # per import worker; a place's reading is the costly part (30 µs)
def area_terms(text: str | None) -> tuple[str, ...]:
    """The area terms of a record's birth place."""
    if not text:
        return ()
    areas = read_birth_place(text).areas
    return tuple(sorted(AREA_TERM_PREFIX + area for area in areas | _republics_of(areas)))


def _republics_of(areas: frozenset[str]) -> frozenset[str]:
    """The union republics the areas lie in (Житомирская обл. -> Украинская ССР), so that a filter naming
    a republic (Ukraine, Україна, УССР) finds every place in it. A republic the place names is its only
    one: Молдавская ССР is also read as the Moldavian ASSR, which lay in the Ukrainian SSR until 1940."""
    named = frozenset(a for a in areas if _republic(a))
    within = _gazetteer().within
    return named or frozenset(r for area in areas for r in within.get(area, ()) if _republic(r))


class AreaFilter(NamedTuple):
    """How a birth-place filter may be met through the area it names: a record's place lies in one of
    ``terms``, and its place holds every word of ``local`` (the filter's words below the area: a district,
    a village), however the area itself was written (Petrowka, Kursk meets Петровка, Курская обл.)."""

    terms: tuple[str, ...] = ()
    local: tuple[str, ...] = ()


def area_filter(text: str | None) -> AreaFilter:
    """The area reading of a birth-place filter; no terms when it names no 1941 area."""
    if not text:
        return AreaFilter()
    place = read_birth_place(text)
    if not place.areas:
        return AreaFilter()
    local = tuple(
        word
        for word in words_of(text)
        if names_a_place(word) and not _place_word_stems(word) & place.area_words
    )
    return AreaFilter(tuple(sorted(AREA_TERM_PREFIX + area for area in place.areas)), local)


def names_a_place(word: str) -> bool:
    """Whether a word of a birth place names the place, rather than saying what kind of place it is (с.,
    село, г., Dorf, обл., Gebiet) or being one letter of an abbreviation (р-н): a filter needs only the
    words that name it, since records write Petrowka without с. and Kursk without г."""
    keys = name_keys(word)
    return len(word) > 1 and bool(keys) and not set(keys) <= _PLACE_WORDS
