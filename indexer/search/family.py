"""Family lookup: the records that may be one family — siblings, a father and his sons, a husband and wife.

A family shares a surname in its gender-neutral form (Погожев, Погожева, Pogoschew, Pogoschewa) and, for
brothers and sisters, the father's name (their patronymics point to one father: Андреевич, Andrejewitsch,
Андріївна) and usually the birth place. Records are first gathered by surname through the engine, then
grouped here: two records join when their surnames agree, their fathers' names agree and their birth places
do not contradict each other. Where a record says nothing of its father, it joins the one group it fits, if
there is exactly one; otherwise it stays alone rather than being guessed into a family.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from indexer.engines.base import Filters, SearchEngine, SearchQuery
from indexer.errors import InvalidRequest
from indexer.names.analysis import father_word_classes, given_word_classes, words_of
from indexer.names.given_names import given_name_classes
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
    """Who a patronymic names as the father: his given-name class (Iwanowitsch, Ивановна -> ivan), or, for
    a name the dictionary lacks (Шукурович, Шукуровна), the stem both forms share, so siblings still meet."""
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
                    found = set(given_name_classes(stem)) or {"stem:" + stem}
                    break
        classes.update(found)
    return frozenset(classes)


@lru_cache(maxsize=50_000)
def place_keys(place: str) -> frozenset[str]:
    """The keys of the words that name a birth place, without "обл.", "г." and their kind."""
    return frozenset(
        k for w in words_of(place) if len(w) > 2 for k in name_keys(w)[:2] if k not in _PLACE_WORDS
    )


def _member(summary: dict[str, Any], how: str) -> _Member:
    fathers = father_keys(summary.get("patronymic") or "")
    place = place_keys(summary.get("birth_place") or "")
    given: set[str] = set()
    for word in words_of(summary.get("given_name")):
        given.update(given_word_classes(word))
    return _Member(summary, fathers, place, frozenset(given), how)


def _compatible_place(a: _Member, b: _Member) -> bool:
    return not a.place or not b.place or bool(a.place & b.place)


def group_members(members: list[_Member]) -> list[list[_Member]]:
    """Group by father's name and birth place; attach fatherless records only where they fit one group."""
    groups: dict[tuple[str, ...], list[list[_Member]]] = defaultdict(list)
    loose: list[_Member] = []
    for member in members:
        if not member.fathers:
            loose.append(member)
            continue
        key = tuple(sorted(member.fathers))
        for group in groups[key]:
            if all(_compatible_place(member, other) for other in group):
                group.append(member)
                break
        else:
            groups[key].append([member])
    result = [group for by_father in groups.values() for group in by_father]
    # A record that names no father joins the one family born where it was born; records naming no father
    # but born in the same place are taken for one family too (brothers on clerks' cards without a
    # patronymic). Where the place is unknown or fits several families, the record stays alone.
    for member in loose:
        fitting = [g for g in result if member.place and any(member.place & o.place for o in g)]
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
