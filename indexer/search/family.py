"""Family lookup: the records that may be one family — brothers and sisters, or one person's several cards.

A family shares a surname in its gender-neutral form (Погожев, Погожева, Pogoschew, Pogoschewa; what a clerk
heard differently does not part it: Lopatuk and Лопатюк, Winagradow and Виноградов, Golup and Голуб), the
father's name (the patronymics point to one father: Андреевич, Andrejewitsch, Андріївна), a birth place that
does not contradict (Курская обл., Щигровский р-н and Iwanowka, Kursk; Крымская АССР and Gebiet Simferopol,
through the areas of 1941 in ``data/places/areas_1941.tsv``), nationalities of one kin where both records give
one (``nationalities.py``: not a Tatar's card and an Uzbek's) and birth years a generation allows. Records are
first gathered by surname through the engine, then grouped here, strongest evidence first: one father and one
birth place, one father and one region, one father and no contradiction; then records that name no father but
were born where the family was; last, a record naming no father and linked by no birth place joins the only
family of its name that its birth year and place allow. A record that fits several families is not
guessed into one, unless it was born clearly closer in time to one of them (CLEARLY_CLOSER_YEARS): it is
shown in each of them, up to MAX_POSSIBLE_FAMILIES, as a possible member (a relative would rather see the
card, marked uncertain, than miss it); fitting more, it stays alone. The grouping does not depend on the
order of the hits.

Each member says why it is in its family (``evidence``): ``father`` (a patronymic names the family's
father), ``birth_place`` (no father named, born where the family was), ``surname_only`` (only the name and
the years fit), ``possible`` (it fits this family and ``fits_families`` - 1 others as well), or ``alone``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import jellyfish

from indexer.engines.base import Filters, SearchEngine, SearchQuery
from indexer.errors import InvalidRequest
from indexer.names.analysis import father_word_classes, given_word_classes, surname_word_keys, words_of
from indexer.names.given_names import all_classes, given_name_classes
from indexer.names.patronymics import father_name_from_patronymic
from indexer.names.places import (
    CONTRADICTION,
    SAME_AREA,
    SAME_LOCALITY,
    BirthPlace,
    compare_places,
    read_birth_place,
)
from indexer.names.transliteration import fold_key, name_keys
from indexer.search.explain import explain_word
from indexer.search.nationalities import nationality_kin
from indexer.search.parse import query_word

CANDIDATES = 1000
# How a member's surname may agree with the one asked for; a national-form candidate is not evidence enough.
FAMILY_HOWS = {"exact", "variant", "family", "typo", "phonetic"}
# Brothers and sisters are born at most this many years apart (a generation allows about twenty).
SIBLING_YEARS = 20
# ... or this many, when both cards name one father and one village: the eldest and the youngest of a
# large family (Кривошеев Игнатьевич of Хреновое, born 1899 and 1921) are not two generations of a name.
SIBLING_YEARS_ONE_FATHER_AND_VILLAGE = 26
# Two records of one given name more than this many years apart are two people, not one person twice.
SAME_PERSON_YEARS = 2
# A record that fits several families joins the one whose members were born this many years closer to it
# than any other's; otherwise it is a possible member of each (up to MAX_POSSIBLE_FAMILIES).
CLEARLY_CLOSER_YEARS = 5
# A record fitting several families equally is shown in each as a possible member, if they are this few.
MAX_POSSIBLE_FAMILIES = 3


@dataclass
class _Member:
    summary: dict[str, Any]
    fathers: frozenset[str]
    place: BirthPlace
    given: frozenset[str]
    how: str
    surname: frozenset[str]  # family keys of the surname as written
    skeletons: frozenset[str] = frozenset()  # the family keys without the vowels clerks heard differently
    year: int | None = None
    kin: str | None = None  # the nationality's kin (nationalities.py): Tatare and татарин are one


@dataclass
class Family:
    members: list[dict[str, Any]] = field(default_factory=list)
    father: str | None = None
    birth_place: str | None = None
    surname_forms: list[str] = field(default_factory=list)
    # No member's surname is the name asked for in any form, only a sound-alike or a misspelling of it
    # (Ветров for Петров): shown after the families of the name, and said to be another name.
    similar_name: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "size": len(self.members),
            "father": self.father,
            "birth_place": self.birth_place,
            "surname_forms": self.surname_forms,
            "similar_name": self.similar_name,
            "members": self.members,
        }


# --- fathers ---------------------------------------------------------------------------------------

# Patronymic endings as canonical keys (ч = q): -ович/-owitsch, -евич, -овна/-owna/-awna, -ична, -івна.
_PATRONYMIC_ENDINGS = ("oviq", "eviq", "ovna", "evna", "avna", "ivna", "iqna", "ovic", "evic", "iq")


@lru_cache(maxsize=50_000)
def father_keys(patronymic: str) -> frozenset[str]:
    """Who a patronymic names as the father: his given-name class (Iwanowitsch, Ивановна -> ivan). For a
    spelling the dictionary does not know, the stem is read as a clerk may have heard it (``_stem_readings``:
    Jegarowitsch -> egor, Timafejewitsch -> timofei), else as the closest man's name within two edits
    (Aljeksejewitsch: aliekse -> aleksei); failing that (Шукурович, Шукуровна), the stem both forms share
    stands for the father, so siblings still meet."""
    classes: set[str] = set()
    for word in words_of(patronymic):
        classes.update(father_word_classes(word) or _father_of_unknown_spelling(name_keys(word)[:3]))
    return frozenset(classes)


def _father_of_unknown_spelling(keys: tuple[str, ...]) -> set[str]:
    """The father a patronymic the dictionary does not know names, by the stems of its readings (keys):
    the first reading that is a man's name, else the closest names, else the first reading's stem."""
    stems = [(key[: -len(ending)], ending) for key in keys if (ending := _patronymic_ending(key))]
    if not stems:
        return set()
    readings = list(dict.fromkeys(r for stem, ending in stems for r in _stem_readings(stem, ending)))
    named = next((classes for r in readings if (classes := given_name_classes(r))), None)
    return set(named) if named else _nearest_class(readings) or {"stem:" + stems[0][0]}


def _patronymic_ending(key: str) -> str | None:
    return next((e for e in _PATRONYMIC_ENDINGS if key.endswith(e) and len(key) > len(e) + 1), None)


def _stem_readings(stem: str, ending: str) -> list[str]:
    """The father's names a patronymic's stem may stand for: itself; with a clerk's а read back as an
    unstressed о, everywhere or in one place (Jegar -> egor, Akap -> akop); before -евич/-евна also with the
    name's final -ей, which the ending swallowed (Timafej-ewitsch -> timofei, Maisej-ewitsch -> moisei)."""
    bases = [stem] + ([stem + "ei"] if ending.startswith("e") else [])
    readings: list[str] = []
    for base in bases:
        readings.append(base)
        if "a" in base:
            readings.append(base.replace("a", "o"))
            readings.extend(base[:i] + "o" + base[i + 1 :] for i, c in enumerate(base) if c == "a")
    return list(dict.fromkeys(readings))


@lru_cache(maxsize=1)
def _class_ids() -> tuple[str, ...]:
    return tuple(all_classes())


def _nearest_class(readings: list[str]) -> set[str]:
    """The men's names closest to any of the readings, if within two edits of one at least four letters
    long."""
    scored = [
        (jellyfish.damerau_levenshtein_distance(reading, c), c)
        for reading in readings
        if len(reading) >= 4
        for c in _class_ids()
        if abs(len(c) - len(reading)) <= 2
    ]
    best = min((d for d, _ in scored), default=9)
    return {c for d, c in scored if d == best} if best <= 2 else set()


# --- surnames --------------------------------------------------------------------------------------


@lru_cache(maxsize=50_000)
def surname_family_keys(surname: str) -> frozenset[str]:
    """The gender-neutral keys of a surname as written: Погожева, Pogoschew -> pogojev (and readings)."""
    return frozenset(k for w in words_of(surname) for k in surname_word_keys(w).family_keys)


_FINAL_DEVOICED = {"b": "p", "d": "t", "g": "k", "v": "f", "z": "s", "j": "w"}


def family_name_skeleton(key: str) -> str:
    """A family key without what a clerk's ear changes: unstressed о heard as а (Winagradow, Виноградов),
    ю and я heard as u and a (Lopatuk, Лопатюк), a final voiced consonant heard voiceless (Golup, Голуб).
    Other consonants stay: Wolschinez (volwinec) and Wollinez (volinec) are two names."""
    key = fold_key(key.replace("iu", "u").replace("ia", "a").replace("io", "o").replace("o", "a"))
    return key[:-1] + _FINAL_DEVOICED.get(key[-1:], key[-1:])


@lru_cache(maxsize=50_000)
def _surname_skeletons(surname: str) -> frozenset[str]:
    return frozenset(family_name_skeleton(k) for k in surname_family_keys(surname))


def _same_family_name(a: _Member, b: _Member) -> bool:
    """Wolschinez and Wollinez both answer a search for Volchinets, but are two families' names: members
    must share a family key (Погожев, Погожева and Pogoschew do) or its skeleton (Rapaport, Рапопорт)."""
    return bool(a.surname & b.surname or a.skeletons & b.skeletons)


# --- grouping --------------------------------------------------------------------------------------


def _birth_year(summary: dict[str, Any]) -> int | None:
    found = re.match(r"\d{4}", str(summary.get("birth_date") or ""))
    return int(found.group()) if found else None


def _given_terms(word: str) -> tuple[str, ...]:
    """What a given name is compared by: its equivalence classes; a name of no class, by its own keys (an
    unknown name asked for must still narrow the lookup, and two brothers are not both given it)."""
    return given_word_classes(word) or tuple(name_keys(word))


def _member(summary: dict[str, Any], how: str) -> _Member:
    fathers = father_keys(summary.get("patronymic") or "")
    given: set[str] = set()
    for word in words_of(summary.get("given_name")):
        given.update(_given_terms(word))
    surname = summary["surname"]
    return _Member(
        summary,
        fathers,
        read_birth_place(summary.get("birth_place") or ""),
        frozenset(given),
        how,
        surname_family_keys(surname),
        _surname_skeletons(surname),
        _birth_year(summary),
        nationality_kin(summary.get("nationality")),
    )


def _compatible(a: _Member, b: _Member) -> bool:
    """Nothing says the two are of different families: one family name, one father where both name
    one, nationalities of one kin where both give one, birth places that do not contradict, and birth years
    of one generation."""
    if not _same_family_name(a, b) or a.fathers and b.fathers and not a.fathers & b.fathers:
        return False
    if a.kin and b.kin and a.kin != b.kin:
        return False
    places = compare_places(a.place, b.place)
    if a.year is not None and b.year is not None:
        apart = abs(a.year - b.year)
        one_home = bool(a.fathers & b.fathers) and places == SAME_LOCALITY
        # Siblings are not given one name: Иван born 1905 and Иван born 1912 are two families' sons.
        if apart > (SIBLING_YEARS_ONE_FATHER_AND_VILLAGE if one_home else SIBLING_YEARS):
            return False
        if apart > SAME_PERSON_YEARS and a.given & b.given:
            return False
    return places != CONTRADICTION


# Evidence that joins two records, strongest first; a record naming no father joins only through its place.
# A village both name in one area (Iwanowka, Kursk twice) tells more than one name with the area given once:
# there are Ивановкаs in every area.
_FATHER_AND_LOCALITY, _FATHER_AND_AREA, _FATHER, _LOCALITY_IN_AREA, _LOCALITY, _AREA = range(6)


def _evidence(a: _Member, b: _Member) -> int | None:
    places = compare_places(a.place, b.place)
    if a.fathers and b.fathers:
        if not a.fathers & b.fathers:
            return None
        return {SAME_LOCALITY: _FATHER_AND_LOCALITY, SAME_AREA: _FATHER_AND_AREA}.get(places, _FATHER)
    if places == SAME_LOCALITY:
        # Areas that both give and that did not contradict are one area.
        return _LOCALITY_IN_AREA if a.place.areas and b.place.areas else _LOCALITY
    return _AREA if places == SAME_AREA else None


class _Grouping:
    """Clusters of members (each a list of member indexes), merged level by level; pairwise verdicts are
    memoised."""

    def __init__(self, members: list[_Member]) -> None:
        self.members = members
        self.cluster = list(range(len(members)))  # member -> cluster id (a member index)
        self._compatible: dict[tuple[int, int], bool] = {}

    def compatible(self, i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        if pair not in self._compatible:
            self._compatible[pair] = _compatible(self.members[i], self.members[j])
        return self._compatible[pair]

    def parts(self) -> dict[int, list[int]]:
        clusters: dict[int, list[int]] = defaultdict(list)
        for index, cluster in enumerate(self.cluster):
            clusters[cluster].append(index)
        return clusters

    def fit(self, a: list[int], b: list[int]) -> bool:
        return all(self.compatible(i, j) for i in a for j in b)

    def years_apart(self, a: list[int], b: list[int]) -> int | None:
        """The least gap between the birth years of two clusters; None if either gives none."""
        gaps = [
            abs(x - y)
            for x in (self.members[i].year for i in a)
            for y in (self.members[j].year for j in b)
            if x is not None and y is not None
        ]
        return min(gaps, default=None)

    def clearly_closest(self, part: list[int], rivals: list[list[int]]) -> int | None:
        """Which of the rival clusters `part` may join: the one born CLEARLY_CLOSER_YEARS closer to it than
        every other (an index into rivals), or None when the years do not tell."""
        gaps = [self.years_apart(part, rival) for rival in rivals]
        known = sorted((g, n) for n, g in enumerate(gaps) if g is not None)
        if len(known) < len(gaps) or not known:
            return None
        (best, chosen), *others = known
        return chosen if all(best + CLEARLY_CLOSER_YEARS <= g for g, _ in others) else None

    def merge(self, clusters: Iterable[int]) -> None:
        parts = self.parts()
        everyone = [i for c in clusters for i in parts[c]]
        target = min(everyone)
        for i in everyone:
            self.cluster[i] = target

    def merge_where_unambiguous(self, edges: Iterable[tuple[int, int]]) -> None:
        """Join clusters linked by an edge, unless one of them is linked to two clusters that cannot be
        one family (Ефремов Тихон Васильевич, born nowhere recorded, beside two Ефремов Васильевич
        families from Тула and Курск): such a record stays alone, unless it was born clearly closer in
        time to one of them."""
        parts = self.parts()
        links: dict[int, set[int]] = defaultdict(set)
        for i, j in edges:
            a, b = self.cluster[i], self.cluster[j]
            if a != b and self.fit(parts[a], parts[b]):
                links[a].add(b)
                links[b].add(a)

        def rivals(c: int) -> bool:
            return any(not self.fit(parts[x], parts[y]) for x in links[c] for y in links[c] if x < y)

        for c in sorted(links):
            if not rivals(c):
                continue
            linked = sorted(links[c])
            chosen = self.clearly_closest(parts[c], [parts[x] for x in linked])
            if chosen is not None:
                keep = linked[chosen]
                for x in linked:
                    if not self.fit(parts[keep], parts[x]):
                        links[c].discard(x)
                        links[x].discard(c)
        ambiguous = {c for c in links if rivals(c)}
        seen: set[int] = set()
        for start in sorted(links):
            if start in seen or start in ambiguous:
                continue
            component, todo = [], [start]
            seen.add(start)
            while todo:
                c = todo.pop()
                component.append(c)
                for d in links[c]:
                    if d not in seen and d not in ambiguous:
                        seen.add(d)
                        todo.append(d)
            everyone = [i for c in component for i in parts[c]]
            if len(component) > 1 and self.fit(everyone, everyone):
                self.merge(component)


def _pairs(members: list[_Member]) -> dict[tuple[int, int], int]:
    """The evidence of every pair that may be one family, found through shared keys rather than by
    comparing all pairs: one family-name skeleton, and one father or one place word."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, member in enumerate(members):
        for skeleton in member.skeletons:
            for father in member.fathers:
                by_key[(skeleton, "f:" + father)].append(index)
            place = member.place
            for word in place.areas | place.area_words | place.local:
                by_key[(skeleton, "p:" + word)].append(index)
    evidence: dict[tuple[int, int], int] = {}
    for indexes in by_key.values():
        for n, i in enumerate(indexes):
            for j in indexes[n + 1 :]:
                pair = (i, j) if i < j else (j, i)
                if pair not in evidence and (level := _evidence(members[i], members[j])) is not None:
                    evidence[pair] = level
    return evidence


def _attach_by_name_alone(grouping: _Grouping) -> set[int]:
    """A record that names no father and no birth place that matched joins the one other group of its
    family name that fits it (Rapaport Ssolomon, b. 1919, beside the only Рапопорт family whose years
    and places allow him), or the one born clearly closest to it. Without a birth year there is nothing
    to check, and it stays alone."""
    members = grouping.members
    parts = grouping.parts()
    by_skeleton: dict[str, set[int]] = defaultdict(set)
    for cluster, indexes in parts.items():
        for i in indexes:
            for skeleton in members[i].skeletons:
                by_skeleton[skeleton].add(cluster)
    years = {c: [y for i in indexes if (y := members[i].year) is not None] for c, indexes in parts.items()}
    joins: list[tuple[int, int]] = []
    for cluster, indexes in sorted(parts.items()):
        lone = members[indexes[0]]
        if len(indexes) > 1 or lone.fathers or lone.year is None:
            continue
        rivals = sorted({c for s in lone.skeletons for c in by_skeleton[s]} - {cluster})
        gaps = [_nearest(lone.year, years[c]) for c in rivals]
        target = _only_or_clearly_closest(grouping, indexes, [parts[c] for c in rivals], gaps)
        if target is not None:
            joins.append((cluster, rivals[target]))
    # All decided on the groups as they stood, so the order of the hits does not matter; a join that
    # another made impossible (two lone records for one family, of one given name) is dropped.
    joined: set[int] = set()
    for lone_cluster, target in joins:
        now = grouping.parts()
        a, b = grouping.cluster[lone_cluster], grouping.cluster[target]
        if a != b and grouping.fit(now[a], now[b]):
            grouping.merge((a, b))
            joined.add(lone_cluster)
    return joined


def _nearest(year: int, years: list[int]) -> int | None:
    """The least gap between ``year`` and ``years`` (None if there are none); most groups hold one."""
    if len(years) == 1:
        return abs(year - years[0])
    return min((abs(year - y) for y in years), default=None)


def _only_or_clearly_closest(
    grouping: _Grouping, lone: list[int], rivals: list[list[int]], gaps: list[int | None]
) -> int | None:
    """Which rival the lone record joins: the only one it fits, or among several the one born clearly
    closest (``_Grouping.clearly_closest``); None if none or no clear one. A common name has hundreds of
    groups, so the rivals are tried nearest in years first and the search stops once the answer is
    certain: a second fitting rival nearly as close decides "none" (a lone record has a year; rivals
    whose years are unknown are tried last, and any of them fitting beside another makes it unclear).
    ``gaps`` are the rivals' ``years_apart`` from the lone record."""
    order = sorted(range(len(rivals)), key=lambda n: (gaps[n] is None, gaps[n] or 0))
    fitting: list[int] = []
    for n in order:
        gap = gaps[n]
        if fitting and gap is not None and gap >= (gaps[fitting[0]] or 0) + CLEARLY_CLOSER_YEARS:
            # Every rival left with a known gap is clearly further than the closest fitting one; only a
            # fitting rival of unknown years could still make it unclear.
            if any(gaps[m] is None and grouping.fit(lone, rivals[m]) for m in order):
                return None
            return fitting[0]
        if grouping.fit(lone, rivals[n]):
            fitting.append(n)
            if len(fitting) == 2:
                return None  # two fitting rivals within CLEARLY_CLOSER_YEARS (or of unknown years)
    return fitting[0] if len(fitting) == 1 else None


def group_members(members: list[_Member]) -> list[list[_Member]]:
    """Group by family name, father and birth place, strongest evidence first; see the module docstring.
    Each member's summary gets its ``evidence``."""
    order = sorted(range(len(members)), key=lambda i: str(members[i].summary.get("id", "")))
    members = [members[i] for i in order]
    grouping = _Grouping(members)
    evidence = _pairs(members)
    for level in (_FATHER_AND_LOCALITY, _FATHER_AND_AREA, _FATHER, _LOCALITY_IN_AREA, _LOCALITY, _AREA):
        grouping.merge_where_unambiguous(pair for pair, e in sorted(evidence.items()) if e <= level)
    by_name_alone = _attach_by_name_alone(grouping)
    homes = _possible_homes(grouping, evidence)
    parts = grouping.parts()
    guests_of: dict[int, list[int]] = defaultdict(list)
    for guest, hosts in homes.items():
        for host in hosts:
            guests_of[host] += parts[guest]
    groups = []
    for cluster, indexes in sorted(parts.items()):
        if cluster in homes:
            continue  # shown in the families it may belong to instead
        for i in indexes:
            members[i].summary["evidence"] = _why(i, indexes, members, by_name_alone)
        guests = sorted(guests_of[cluster])
        for i in guests:
            members[i].summary["evidence"] = "possible"
            members[i].summary["fits_families"] = len(homes[grouping.cluster[i]])
        groups.append(indexes + guests)
    return [[members[i] for i in indexes] for indexes in groups]


def _possible_homes(grouping: _Grouping, evidence: dict[tuple[int, int], int]) -> dict[int, list[int]]:
    """For each lone record that the grouping left alone because it fits groups that cannot be one family
    (two fathers, two places), the groups it may belong to, if they are at most MAX_POSSIBLE_FAMILIES: those
    linked to it by a father or a birth place, or, for a record naming no father, those of its family name
    whose birth years allow it. Such an uncertain record is no home to another: two uncertain records do
    not make a family."""
    members = grouping.members
    parts = grouping.parts()
    lone = {c for c, indexes in parts.items() if len(indexes) == 1}
    linked: dict[int, set[int]] = defaultdict(set)
    for i, j in evidence:
        a, b = grouping.cluster[i], grouping.cluster[j]
        if a != b:
            if a in lone:
                linked[a].add(b)
            if b in lone:
                linked[b].add(a)
    by_skeleton: dict[str, set[int]] = defaultdict(set)
    for cluster, indexes in parts.items():
        if any(members[i].year is not None for i in indexes):
            for i in indexes:
                for skeleton in members[i].skeletons:
                    by_skeleton[skeleton].add(cluster)
    same_name: dict[frozenset[str], list[int]] = {}  # a common name's hundreds of groups, sorted once
    uncertain: dict[int, list[int]] = {}
    enough = 4 * MAX_POSSIBLE_FAMILIES  # beyond this many fitting groups the record stays alone anyway
    for cluster in sorted(lone):
        member = members[parts[cluster][0]]
        candidates = sorted(linked[cluster])  # those linked by a father or a place first
        if not member.fathers and member.year is not None:
            if member.skeletons not in same_name:
                same_name[member.skeletons] = sorted({c for s in member.skeletons for c in by_skeleton[s]})
            candidates += (c for c in same_name[member.skeletons] if c not in linked[cluster])
        fitting: list[int] = []
        for candidate in candidates:
            if candidate != cluster and grouping.fit(parts[cluster], parts[candidate]):
                fitting.append(candidate)
                if len(fitting) > enough:
                    break
        if len(fitting) <= enough and any(
            not grouping.fit(parts[x], parts[y]) for n, x in enumerate(fitting) for y in fitting[n + 1 :]
        ):
            uncertain[cluster] = fitting
    homes = {c: [h for h in fitting if h not in uncertain] for c, fitting in uncertain.items()}
    return {c: hosts for c, hosts in homes.items() if 0 < len(hosts) <= MAX_POSSIBLE_FAMILIES}


def group_records(records: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Records (summaries with ``id`` and ``surname``, and whatever else they give) grouped into families
    without a search, each a copy with its ``evidence``."""
    return [
        [m.summary for m in group] for group in group_members([_member(dict(r), "exact") for r in records])
    ]


def _why(i: int, group: list[int], members: list[_Member], by_name_alone: set[int]) -> str:
    member = members[i]
    others = [members[j] for j in group if j != i]
    if not others:
        return "alone"
    if i not in by_name_alone:
        if member.fathers and any(member.fathers & o.fathers for o in others):
            return "father"
        if any(compare_places(member.place, o.place) in (SAME_LOCALITY, SAME_AREA) for o in others):
            return "birth_place"
    return "surname_only"


class FoundFamilies(NamedTuple):
    """The families of a lookup, the likeliest first, cut at its limit; ``total``: how many there were."""

    families: list[Family]
    total: int


def find_families(
    engine: SearchEngine,
    surname: str,
    *,
    given_name: str | None = None,
    birth_place: str | None = None,
    birth_year_min: int | None = None,
    birth_year_max: int | None = None,
    limit: int = 50,
) -> FoundFamilies:
    words = words_of(surname)
    if not words:
        raise InvalidRequest("surname must contain letters", details={"field": "surname"})
    query = SearchQuery(
        words=tuple(query_word(w, "surname") for w in words),
        filters=Filters(birth_year_min=birth_year_min, birth_year_max=birth_year_max),
        strictness="phonetic",
        limit=CANDIDATES,
        with_facets=False,
        staged=False,
    )
    hits = engine.search(query).hits
    members = []
    national_only = []
    for hit in hits:
        explanations = [explain_word(w, hit.summary, hit.analysis) for w in query.words]
        hows = [e["how"] for e in explanations if e]
        if hows and all(how in FAMILY_HOWS for how in hows):
            members.append(_member(hit.summary | {"id": hit.id}, hows[0]))
        elif hows and all(how in FAMILY_HOWS or how == "national_form" for how in hows):
            national_only.append(_member(hit.summary | {"id": hit.id}, "national_form"))
    # A surname typed in its national spelling may have no record but its russified form: Hakobyan's
    # families are the Акопян families. Beside records of closer spellings, national forms are left out.
    groups = group_members(members or national_only)
    wanted_given: set[str] = set()
    for word in words_of(given_name):
        wanted_given.update(_given_terms(word))
    if wanted_given:
        groups = [g for g in groups if any(m.given & wanted_given or m.fathers & wanted_given for m in g)]
    if birth_place and (wanted := read_birth_place(birth_place)).known:
        groups = [g for g in groups if any(compare_places(m.place, wanted) in _AGREEING for m in g)]
    # The families of the name asked for come first (Самигуллин before the sound-alike Сайфуллин, which
    # would otherwise crowd it out of the limit), the larger first among them.
    groups.sort(
        key=lambda g: (not any(m.how in _SAME_NAME for m in g), -len(g), min(_how_rank(m.how) for m in g))
    )
    return FoundFamilies([_family(group) for group in groups[:limit]], len(groups))


_AGREEING = (SAME_LOCALITY, SAME_AREA)
_SAME_NAME = {"exact", "variant", "family"}


def _how_rank(how: str) -> int:
    return ("exact", "variant", "family", "phonetic", "typo").index(how) if how in FAMILY_HOWS else 9


def _family(group: list[_Member]) -> Family:
    family = Family()
    for member in sorted(group, key=lambda m: (m.summary.get("birth_date") or "9999", m.summary["id"])):
        family.members.append(member.summary)
    fathers = [m.summary["patronymic"] for m in group if m.summary.get("patronymic")]
    if fathers:
        family.father = father_name_from_patronymic(words_of(fathers[0])[0]) if words_of(fathers[0]) else None
    places = [m.summary["birth_place"] for m in group if m.summary.get("birth_place")]
    family.birth_place = places[0] if places else None
    family.surname_forms = list(dict.fromkeys(m.summary["surname"] for m in group))
    family.similar_name = not any(m.how in _SAME_NAME for m in group)
    return family


__all__ = ["Family", "FoundFamilies", "find_families", "group_members", "group_records"]
