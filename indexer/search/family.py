"""Family lookup: the records that may be one family — siblings, a father and his sons, a husband and wife.

A family shares a surname in its gender-neutral form (Погожев, Погожева, Pogoschew, Pogoschewa) and, for
brothers and sisters, the father's name (their patronymics point to one father: Андреевич, Andrejewitsch,
Андріївна) and usually the birth place. Records are first gathered by surname through the engine, then
grouped here: two records join when their surnames agree, their fathers' names agree and their birth places
do not contradict each other. Where a record says nothing of its father, it joins the one group it fits, if
there is exactly one; otherwise it stays alone rather than being guessed into a family.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jellyfish

from indexer.engines.base import Filters, SearchEngine, SearchQuery
from indexer.errors import InvalidRequest
from indexer.names.analysis import father_word_classes, given_word_classes, surname_word_keys, words_of
from indexer.names.given_names import all_classes, given_name_classes
from indexer.names.patronymics import father_name_from_patronymic
from indexer.names.transliteration import name_keys
from indexer.search.explain import explain_word
from indexer.search.parse import query_word

CANDIDATES = 1000
# How a member's surname may agree with the one asked for; a national-form candidate is not evidence enough.
FAMILY_HOWS = {"exact", "variant", "family", "typo", "phonetic"}


@dataclass
class _Member:
    summary: dict[str, Any]
    fathers: frozenset[str]
    place: frozenset[str]
    given: frozenset[str]
    how: str
    surname: frozenset[str]  # family keys of the surname as written


@dataclass
class Family:
    members: list[dict[str, Any]] = field(default_factory=list)
    father: str | None = None
    birth_place: str | None = None
    surname_forms: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "size": len(self.members),
            "father": self.father,
            "birth_place": self.birth_place,
            "surname_forms": self.surname_forms,
            "members": self.members,
        }


# Patronymic endings as canonical keys (ч = q): -ович/-owitsch, -евич, -овна/-owna/-awna, -ична, -івна.
_PATRONYMIC_ENDINGS = ("oviq", "eviq", "ovna", "evna", "avna", "ivna", "iqna", "ovic", "evic", "iq")
# Words of a birth place that say what kind of place it is, not which: "Саратовская обл., г. Саратов".
_PLACE_KINDS = (
    "обл область край р-н район г город с село д деревня пос поселок х хутор ст станица АССР ССР "
    "Gebiet Kreis Bezirk Rayon Oblast Dorf Stadt Gouvernement губ губерния уезд волость"
)
_PLACE_WORDS = frozenset(k for w in _PLACE_KINDS.split(" ") for k in name_keys(w))


@lru_cache(maxsize=50_000)
def father_keys(patronymic: str) -> frozenset[str]:
    """Who a patronymic names as the father: his given-name class (Iwanowitsch, Ивановна -> ivan). For a
    spelling the dictionary does not know (a clerk's Aljeksejewitsch), the stem is read as the closest
    man's name within two edits (aliekse -> aleksei); failing that (Шукурович, Шукуровна), the stem both
    forms share stands for the father, so siblings still meet."""
    classes: set[str] = set()
    for word in words_of(patronymic):
        found = set(father_word_classes(word))
        if not found:
            for key in name_keys(word)[:3]:
                ending = next(
                    (e for e in _PATRONYMIC_ENDINGS if key.endswith(e) and len(key) > len(e) + 1), None
                )
                if ending:
                    stem = key[: -len(ending)]
                    found = set(given_name_classes(stem)) or _nearest_class(stem) or {"stem:" + stem}
                    break
        classes.update(found)
    return frozenset(classes)


@lru_cache(maxsize=1)
def _class_ids() -> tuple[str, ...]:
    return tuple(all_classes())


def _nearest_class(stem: str) -> set[str]:
    if len(stem) < 4:
        return set()
    scored = [
        (jellyfish.damerau_levenshtein_distance(stem, c), c)
        for c in _class_ids()
        if abs(len(c) - len(stem)) <= 2
    ]
    best = min((d for d, _ in scored), default=9)
    return {c for d, c in scored if d == best} if best <= 2 else set()


# Adjectival endings of place names, as keys: Саратовская (обл.) names the same place as Saratow.
_PLACE_ENDINGS = ("skaia", "skii", "skoe", "skogo", "aia", "ii", "oe", "ogo")


@lru_cache(maxsize=50_000)
def place_keys(place: str) -> frozenset[str]:
    """The keys of the words that name a birth place, without "обл.", "г." and their kind; adjectival
    forms are also kept as their stem (Саратовская обл. -> saratov, Курская -> kursk)."""
    keys: set[str] = set()
    for word in words_of(place):
        if len(word) <= 2:
            continue
        for key in name_keys(word)[:2]:
            if key in _PLACE_WORDS:
                continue
            keys.add(key)
            keys.update(key[: -len(e)] for e in _PLACE_ENDINGS if key.endswith(e) and len(key) - len(e) >= 4)
    return frozenset(keys)


@lru_cache(maxsize=50_000)
def surname_family_keys(surname: str) -> frozenset[str]:
    """The gender-neutral keys of a surname as written: Погожева, Pogoschew -> pogojev (and readings)."""
    return frozenset(k for w in words_of(surname) for k in surname_word_keys(w).family_keys)


def _same_family_name(a: _Member, b: _Member) -> bool:
    """Wolschinez and Wollinez both answer a search for Volchinets, but are two families' names: members
    must share a family key (Погожев, Погожева and Pogoschew do)."""
    return bool(a.surname & b.surname)


def _member(summary: dict[str, Any], how: str) -> _Member:
    fathers = father_keys(summary.get("patronymic") or "")
    place = place_keys(summary.get("birth_place") or "")
    given: set[str] = set()
    for word in words_of(summary.get("given_name")):
        given.update(given_word_classes(word))
    return _Member(summary, fathers, place, frozenset(given), how, surname_family_keys(summary["surname"]))


def _compatible_place(a: _Member, b: _Member) -> bool:
    return not a.place or not b.place or bool(a.place & b.place)


def group_members(members: list[_Member]) -> list[list[_Member]]:
    """Group by father's name and birth place; attach fatherless records only where they fit one group."""
    groups: list[list[_Member]] = []
    loose: list[_Member] = []
    for member in members:
        if not member.fathers:
            loose.append(member)
            continue
        # Same father when the readings of the patronymics meet (Андреевич may read as andrei only,
        # Andrejewitsch as andrei or andrian), and no birth place in the group contradicts.
        for group in groups:
            if all(
                member.fathers & o.fathers and _compatible_place(member, o) and _same_family_name(member, o)
                for o in group
            ):
                group.append(member)
                break
        else:
            groups.append([member])
    result = groups
    # A record that names no father joins the one family born where it was born; records naming no father
    # but born in the same place are taken for one family too (brothers on clerks' cards without a
    # patronymic). Where the place is unknown or fits several families, the record stays alone.
    for member in loose:
        fitting = [
            g
            for g in result
            if member.place
            and any(member.place & o.place for o in g)
            and all(_same_family_name(member, o) for o in g)
        ]
        if len(fitting) == 1:
            fitting[0].append(member)
        else:
            result.append([member])
    return result


def find_families(
    engine: SearchEngine,
    surname: str,
    *,
    given_name: str | None = None,
    birth_place: str | None = None,
    birth_year_min: int | None = None,
    birth_year_max: int | None = None,
    limit: int = 50,
) -> list[Family]:
    words = words_of(surname)
    if not words:
        raise InvalidRequest("surname must contain letters", details={"field": "surname"})
    query = SearchQuery(
        words=tuple(query_word(w, "surname") for w in words),
        filters=Filters(birth_year_min=birth_year_min, birth_year_max=birth_year_max),
        strictness="phonetic",
        limit=CANDIDATES,
        with_facets=False,
    )
    hits = engine.search(query).hits
    members = []
    for hit in hits:
        explanations = [explain_word(w, hit.summary) for w in query.words]
        hows = [e["how"] for e in explanations if e]
        if hows and all(how in FAMILY_HOWS for how in hows):
            members.append(_member(hit.summary | {"id": hit.id}, hows[0]))
    groups = group_members(members)
    wanted_given: set[str] = set()
    for word in words_of(given_name):
        wanted_given.update(given_word_classes(word))
    wanted_place = place_keys(birth_place or "")
    if wanted_given:
        groups = [g for g in groups if any(m.given & wanted_given or m.fathers & wanted_given for m in g)]
    if wanted_place:
        groups = [g for g in groups if any(m.place & wanted_place for m in g)]
    groups.sort(key=lambda g: (-len(g), min(_how_rank(m.how) for m in g)))
    return [_family(group) for group in groups[:limit]]


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
    return family


__all__ = ["Family", "find_families", "group_members"]
