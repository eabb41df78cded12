"""Ranks, units and archive references, as Soviet and German papers gave them.

Ranks are the Red Army's of 1941-1943, written in Russian (красноармеец was the private's rank until
1946; later databases write рядовой). Archive references follow the real collections that name Soviet
prisoners: the captured German cards in ЦАМО fond 58, the Soviet loss reports, the Arolsen Archives and
the memorial sites' documentation centres. The file and document numbers are invented.
"""

from __future__ import annotations

import random

from indexer.generator.camps import Stay
from indexer.generator.sampling import Weighted, between, pick

RANKS = Weighted(
    [
        ("красноармеец", 45), ("рядовой", 25), ("ефрейтор", 4), ("мл. сержант", 5), ("сержант", 6),
        ("ст. сержант", 3), ("старшина", 2), ("мл. лейтенант", 3), ("лейтенант", 3.5),
        ("ст. лейтенант", 1.5), ("капитан", 1), ("майор", 0.4), ("политрук", 0.5), ("военврач 3 ранга", 0.3),
        ("подполковник", 0.1), ("полковник", 0.05),
    ]
)  # fmt: skip
# Women in the Red Army served mostly as medics, signallers and clerks.
FEMALE_RANKS = Weighted(
    [
        ("красноармеец", 30), ("рядовой", 10), ("мл. сержант", 10), ("сержант", 15), ("ст. сержант", 5),
        ("военфельдшер", 15), ("военврач 3 ранга", 10), ("лейтенант", 5),
    ]
)  # fmt: skip
OFFICER_RANKS = frozenset(
    ("мл. лейтенант", "лейтенант", "ст. лейтенант", "капитан", "майор", "подполковник", "полковник",
     "политрук", "военврач 3 ранга", "военфельдшер")
)  # fmt: skip

_CAMO_OPISI = (977520, 977521, 977525, 977535)
_CAMO_CARDS = (
    "Персональная карточка военнопленного",
    "Учётная карточка военнопленного",
    "Список военнопленных",
)
_AROLSEN = "Arolsen Archives, 2.1.1.1"
_KZ_ARCHIVES = {
    "Auschwitz": "Auschwitz-Birkenau State Museum, Archive",
    "Buchenwald": "Arolsen Archives, 1.1.5.3",
    "Mauthausen": "Arolsen Archives, 1.1.26.3",
    "Sachsenhausen": "Arolsen Archives, 1.1.38.1",
    "Dachau": "Arolsen Archives, 1.1.6.2",
}
_SAXON = "Stiftung Sächsische Gedenkstätten, Dokumentationsstelle Dresden"
_MEMORIAL_ARCHIVES = {
    "Stalag 304 Zeithain": _SAXON,
    "Stalag IV-B Mühlberg": _SAXON,
    "Stalag 326 Senne": "Gedenkstätte Stalag 326 (VI K) Senne",
    "Stalag VI-K": "Gedenkstätte Stalag 326 (VI K) Senne",
    "Stalag X-B Sandbostel": "Gedenkstätte Lager Sandbostel",
}


def unit(rng: random.Random) -> str:
    """A unit as a Soviet record gives it: 1048 сп 281 сд, 45 сд, 12 тбр, п/п 12345."""
    roll = rng.random()
    if roll < 0.4:
        return f"{between(rng, 1, 1350)} сп {between(rng, 1, 450)} сд"
    if roll < 0.6:
        return f"{between(rng, 1, 450)} сд"
    if roll < 0.72:
        return f"{between(rng, 1, 1100)} ап"
    if roll < 0.8:
        return f"{between(rng, 1, 250)} тбр"
    if roll < 0.88:
        return f"{between(rng, 1, 260)} кп"
    return f"п/п {between(rng, 10000, 99999)}"


def sources(rng: random.Random, cyrillic: bool, died: bool, stays: list[Stay]) -> list[dict[str, str]]:
    """Where the record comes from: a Soviet archive file for Cyrillic records, a German one otherwise."""
    if cyrillic:
        found = [_camo_card(rng)]
        if died and rng.random() < 0.3:
            found.append(
                {
                    "archive": f"ЦАМО, ф. 58, оп. 18002, д. {between(rng, 1, 1500)}",
                    "reference": "Донесение о безвозвратных потерях",
                }
            )
        return found
    last = stays[-1].camp.name if stays else None
    kz_archive = _KZ_ARCHIVES.get(last) if last else None
    if kz_archive is not None:
        found = [{"archive": kz_archive, "reference": f"Häftlingspersonalkarte, Dok. {_document(rng)}"}]
    elif last in _MEMORIAL_ARCHIVES and rng.random() < 0.5:
        found = [{"archive": _MEMORIAL_ARCHIVES[last], "reference": f"Personalkarte I, {last}"}]
    else:
        found = [{"archive": _AROLSEN, "reference": f"Personalkarte I, Dok. {_document(rng)}"}]
    if died and rng.random() < 0.4:
        found.append({"archive": _AROLSEN, "reference": f"Totenmeldung, Dok. {_document(rng)}"})
    if rng.random() < 0.15:
        found.append(_camo_card(rng))  # the same card, captured in 1945, is also in Podolsk
    return found


def _camo_card(rng: random.Random) -> dict[str, str]:
    return {
        "archive": f"ЦАМО, ф. 58, оп. {pick(rng, _CAMO_OPISI)}, д. {between(rng, 1, 3000)}",
        "reference": f"{pick(rng, _CAMO_CARDS)}, л. {between(rng, 1, 400)}",
    }


def _document(rng: random.Random) -> int:
    return between(rng, 70_000_000, 79_999_999)
