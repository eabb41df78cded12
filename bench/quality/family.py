"""Family lookup quality: does `find_families` put a family's records together, and only them?

For each generated family with at least two records (brothers and sisters: one family name, one father,
one birth place), the lookup is asked with the family name as a relative would type it, once romanized
(Pogozhev, Pogoschew, Pogożew...) and once in Cyrillic (Погожев). Of the groups it returns, the one holding
most of the family's records is taken: recall is the share of the family's records in it, precision the
share of its records that really belong to the family. A family none of whose records comes back scores
0 recall and is left out of the precision mean (there is no group to judge).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import iuliia

from bench.quality.romanizers import romanize
from indexer.engines.base import SearchEngine
from indexer.generator import Truth
from indexer.search.family import find_families

# How relatives write the family name; one per family in turn, so every system is used about as often.
ROMANIZATIONS = ("wikipedia", "german_duden", "polish", "bgn_pcgn", "french")


def family_query(surname: str, system: str) -> str:
    """The family name in `system`: Погожев -> Pogozhev (wikipedia), Pogoschew (german_duden)."""
    if system == "cyrillic":
        return surname
    if system in ("wikipedia", "bgn_pcgn"):
        return getattr(iuliia, system.upper()).translate(surname).replace("ё", "ë")
    return romanize(system, surname)


@dataclass(frozen=True)
class FamilyTruth:
    family_id: str
    surname: str  # the men's form, shared by brothers and sisters: Погожев
    members: frozenset[str]


def families_of(population: Sequence[tuple[dict[str, Any], Truth]]) -> list[FamilyTruth]:
    """Every family with at least two records in the population, in the order it was founded."""
    members: dict[str, set[str]] = defaultdict(set)
    surnames: dict[str, str] = {}
    for _, truth in population:
        if truth.family_id is not None:
            members[truth.family_id].add(truth.record_id)
            surnames[truth.family_id] = truth.family_surname
    return [FamilyTruth(f, surnames[f], frozenset(ids)) for f, ids in members.items() if len(ids) >= 2]


def _score(groups: list[set[str]], family: FamilyTruth) -> tuple[float, float | None, int]:
    """(recall, precision or None, size of the best group) for the group with most of the family."""
    best = max(groups, key=lambda g: (len(g & family.members), -len(g)), default=set())
    overlap = len(best & family.members)
    if overlap == 0:
        return 0.0, None, 0
    return overlap / len(family.members), overlap / len(best), len(best)


def evaluate_families(
    engine: SearchEngine,
    population: Sequence[tuple[dict[str, Any], Truth]],
    sample: int,
    seed: int,
    spellings: dict[str, str],
) -> dict[str, Any]:
    """Mean recall and precision over up to `sample` families, romanized and in Cyrillic, with failures.

    `spellings` maps record ids to the names as written, for the failure examples.
    """
    families = families_of(population)
    random.Random(f"{seed}:families").shuffle(families)
    families = families[:sample]
    result: dict[str, Any] = {"families": len(families)}
    for variant in ("romanized", "cyrillic"):
        recalls: list[float] = []
        precisions: list[float] = []
        failures: list[dict[str, Any]] = []
        for number, family in enumerate(families):
            system = "cyrillic" if variant == "cyrillic" else ROMANIZATIONS[number % len(ROMANIZATIONS)]
            text = family_query(family.surname, system)
            groups = [{m["id"] for m in f.members} for f in find_families(engine, text).families]
            recall, precision, size = _score(groups, family)
            recalls.append(recall)
            if precision is not None:
                precisions.append(precision)
            if (recall < 1 or (precision or 0) < 1) and len(failures) < 8:
                failures.append(
                    {
                        "query": text,
                        "family": sorted(spellings.get(i, i) for i in family.members),
                        "recall": round(recall, 3),
                        "precision": None if precision is None else round(precision, 3),
                        "best_group_size": size,
                        "groups_returned": len(groups),
                    }
                )
        result[variant] = {
            "mean_recall": round(sum(recalls) / max(len(recalls), 1), 4),
            "mean_precision": round(sum(precisions) / max(len(precisions), 1), 4),
            "complete": round(sum(r == 1 for r in recalls) / max(len(recalls), 1), 4),
            "not_found": sum(r == 0 for r in recalls),
            "failures": failures,
        }
    return result
