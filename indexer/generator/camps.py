"""Camp stays, prisoner numbers and fates, with dates that follow one another as a real path did.

A soldier is captured (most in 1941), reaches a first Stalag days or weeks later, may be moved on to
another Stalag or a concentration camp, and either dies in his last camp (over half of them did), escapes,
or is liberated there in 1945. Prisoner numbers are issued per camp from a running counter, so within one
generated population a number is never given twice in the same camp, and are written in the varied ways
clerks wrote them: 88349, 88 349, Nr. 88349, 88.349, № 88349.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date

from indexer.generator.sampling import Weighted

_D = date.toordinal
END_OF_WAR = _D(date(1945, 5, 8))


@dataclass(frozen=True, slots=True)
class Camp:
    name: str
    kind: str  # "stalag", "oflag" (officers) or "kz" (concentration camp)
    opened: int  # first day Soviet prisoners could be there, as a date ordinal
    closed: int  # liberation or evacuation
    locality: str
    burial: str | None
    first_number: int


# name, kind, first and last day Soviet prisoners were there, locality, cemetery, first prisoner number.
# Auschwitz numbers start above those in the Memorial's own records (1418 ... 166692), so that a sample
# loaded beside them never repeats one of their numbers.
_CAMP_TABLE = (
    ("Stalag 326 Senne", "stalag", "1941-07-10", "1945-04-02", "Stukenbrock",
     "Stukenbrock, Ehrenfriedhof", 2001),
    ("Stalag VI-K", "stalag", "1941-07-10", "1945-04-02", "Stukenbrock",
     "Stukenbrock, Ehrenfriedhof", 120001),
    ("Stalag IV-B Mühlberg", "stalag", "1941-08-01", "1945-04-23", "Mühlberg",
     "Neuburxdorf, Friedhof", 140001),
    ("Stalag 304 Zeithain", "stalag", "1941-07-15", "1945-04-23", "Zeithain",
     "Zeithain, Ehrenhain", 20001),
    ("Stalag X-B Sandbostel", "stalag", "1941-09-01", "1945-04-29", "Sandbostel",
     "Sandbostel, Lagerfriedhof", 140001),
    ("Stalag XI-A Altengrabow", "stalag", "1941-08-01", "1945-05-03", "Altengrabow",
     None, 40001),
    ("Stalag 318 Lamsdorf", "stalag", "1941-06-25", "1943-06-30", "Lamsdorf",
     "Lamsdorf, Friedhof", 1001),
    ("Stalag 344 Lamsdorf", "stalag", "1943-01-01", "1945-03-17", "Lamsdorf",
     "Lamsdorf, Friedhof", 80001),
    ("Stalag 308 Neuhammer", "stalag", "1941-06-25", "1945-02-10", "Neuhammer",
     None, 1001),
    ("Stalag 310 Wietzendorf", "stalag", "1941-07-15", "1945-04-15", "Wietzendorf",
     "Wietzendorf, Friedhof", 5001),
    ("Stalag 367 Tschenstochau", "stalag", "1942-05-01", "1945-01-17", "Tschenstochau",
     None, 6001),
    ("Stalag 352 Minsk", "stalag", "1941-07-10", "1944-07-03", "Masjukowschtschina",
     None, 1001),
    ("Oflag XIII-D Hammelburg", "oflag", "1941-07-15", "1945-04-06", "Hammelburg",
     "Hammelburg, Lagerfriedhof", 1001),
    ("Bergen-Belsen", "kz", "1941-07-20", "1945-04-15", "Bergen",
     "Bergen-Belsen, Kriegsgefangenenfriedhof", 1001),
    ("Auschwitz", "kz", "1941-10-07", "1945-01-27", "Oświęcim",
     None, 170001),
    ("Mauthausen", "kz", "1941-10-20", "1945-05-05", "Mauthausen",
     None, 1001),
    ("Buchenwald", "kz", "1941-09-15", "1945-04-11", "Weimar",
     None, 10001),
    ("Sachsenhausen", "kz", "1941-08-20", "1945-04-22", "Oranienburg",
     None, 30001),
    ("Dachau", "kz", "1941-09-15", "1945-04-29", "Dachau",
     None, 20001),
    ("Neuengamme", "kz", "1941-10-01", "1945-05-02", "Hamburg",
     None, 1001),
    ("Flossenbürg", "kz", "1941-10-01", "1945-04-23", "Flossenbürg",
     None, 1001),
)  # fmt: skip
CAMPS: tuple[Camp, ...] = tuple(
    Camp(name, kind, _D(date.fromisoformat(opened)), _D(date.fromisoformat(closed)), place, burial, first)
    for name, kind, opened, closed, place, burial, first in _CAMP_TABLE
)
_BY_NAME = {camp.name: camp for camp in CAMPS}

# Where a path starts (the big Stalags and the transit camps in the east), and where it goes on to.
_FIRST = Weighted(
    (_BY_NAME[name], weight)
    for name, weight in (
        ("Stalag 326 Senne", 14),
        ("Stalag VI-K", 8),
        ("Stalag IV-B Mühlberg", 8),
        ("Stalag 304 Zeithain", 9),
        ("Stalag X-B Sandbostel", 6),
        ("Stalag XI-A Altengrabow", 5),
        ("Stalag 318 Lamsdorf", 8),
        ("Stalag 344 Lamsdorf", 3),
        ("Stalag 308 Neuhammer", 7),
        ("Stalag 310 Wietzendorf", 6),
        ("Stalag 367 Tschenstochau", 3),
        ("Stalag 352 Minsk", 9),
        ("Bergen-Belsen", 2),
        ("Auschwitz", 1),
    )
)
_STALAG_NEXT = Weighted(
    (camp, 1) for camp in CAMPS if camp.kind == "stalag" and camp.name != "Stalag 352 Minsk"
)
_KZ_NEXT = Weighted(
    (camp, 2 if camp.name in ("Mauthausen", "Buchenwald", "Sachsenhausen", "Auschwitz") else 1)
    for camp in CAMPS
    if camp.kind == "kz"
)
_OFLAG = _BY_NAME["Oflag XIII-D Hammelburg"]

# Share captured in each year: about three in five of all Soviet prisoners were taken in 1941.
_CAPTURE_YEARS = Weighted(
    [
        ((_D(date(1941, 6, 22)), _D(date(1941, 12, 31))), 58),
        ((_D(date(1942, 1, 1)), _D(date(1942, 12, 31))), 25),
        ((_D(date(1943, 1, 1)), _D(date(1943, 12, 31))), 9),
        ((_D(date(1944, 1, 1)), _D(date(1944, 12, 31))), 8),
    ]
)
_CALLED_UP = {year: _D(date(year + 17, 7, 1)) for year in range(1920, 1930)}
FATES = Weighted([("died", 55), ("repatriated", 22), ("unknown", 15), ("survived", 7), ("escaped", 1)])


@dataclass(slots=True)
class Stay:
    camp: Camp
    start: int
    end: int | None
    number: int | None


def _next_camp(rng: random.Random, officer: bool, first: bool) -> Camp:
    if officer and rng.random() < (0.5 if first else 0.3):
        return _OFLAG
    if first:
        return _FIRST.draw(rng)
    return _KZ_NEXT.draw(rng) if rng.random() < 0.3 else _STALAG_NEXT.draw(rng)


def _plausible(camp: Camp, day: int, previous: Camp | None) -> bool:
    """Open on that day and not the camp just left (Stalag 326 and Stalag VI-K are one place)."""
    return camp.opened <= day < camp.closed - 30 and (previous is None or camp.locality != previous.locality)


def draw_path(
    rng: random.Random, officer: bool, fate: str, counters: dict[str, int], birth_year: int
) -> tuple[list[Stay], int | None]:
    """Camp stays in order and the day of death, escape or liberation (None when unknown).

    `counters` holds the last number each camp issued; it is updated, so numbers stay unique per camp.
    A soldier is captured at 17 at the earliest: one born in 1925 was called up in 1942 or later.
    """
    rand = rng.random
    low, high = _CAPTURE_YEARS.draw(rng)
    earliest = _CALLED_UP.get(birth_year, low)
    if earliest > high:
        low, high = earliest, earliest + 365  # drawn a year before he was called up: the year after it
    low = max(low, earliest)
    day = low + int(rand() * (high - low + 1)) + 5 + int(rand() * 56)
    roll = rand()
    wanted = 1 if roll < 0.55 else (2 if roll < 0.87 else 3)
    stays: list[Stay] = []
    previous: Camp | None = None
    for k in range(wanted):
        for _ in range(4):
            camp = _next_camp(rng, officer, k == 0)
            if _plausible(camp, day, previous):
                break
        else:
            break
        number = None
        if rand() < 0.85:
            number = counters.get(camp.name, camp.first_number - 1) + 1 + int(rand() * 4)
            counters[camp.name] = number
        stay = Stay(camp, day, None, number)
        stays.append(stay)
        previous = camp
        if k + 1 < wanted:
            stay.end = min(day + 30 + int(rand() * 571), camp.closed)
            day = stay.end + int(rand() * 30)
            if day >= END_OF_WAR - 60:
                break
    if not stays:
        return stays, None
    last = stays[-1]
    limit = min(last.camp.closed, END_OF_WAR)
    if fate == "died":
        # Most deaths came in the first months: the winter of 1941/42 killed two million.
        outcome: int | None = min(last.start + int(-160 * math.log(1.0 - rand())), limit - 1)
    elif fate == "escaped":
        outcome = min(last.start + 10 + int(rand() * 491), limit - 1)
    elif fate in ("survived", "repatriated"):
        outcome = limit
    else:
        outcome = None
    last.end = outcome
    return stays, outcome


def written_number(number: int, rng: random.Random, cyrillic: bool) -> str:
    """A prisoner number as a clerk wrote it: 88349, 88 349, Nr. 88349, 88.349 or № 88349."""
    roll = rng.random()
    if roll < 0.6 or number < 1000:
        return str(number)
    if roll < 0.72:
        return f"{number // 1000} {number % 1000:03d}"
    if roll < 0.8:
        return f"{number // 1000}.{number % 1000:03d}"
    return f"№ {number}" if cyrillic else f"Nr. {number}"


def iso_day(ordinal: int, precision: int) -> str:
    """A date to the given precision: 1 = year (1942), 2 = month (1942-03), 3 = day (1942-03-05)."""
    text = _ISO_DAYS.get(ordinal) or date.fromordinal(ordinal).isoformat()
    return text if precision == 3 else text[: 4 + 3 * (precision - 1)]


# Every day of the war, written once: formatting dates was a tenth of the generator's time.
_ISO_DAYS = {d: date.fromordinal(d).isoformat() for d in range(_D(date(1941, 6, 1)), END_OF_WAR + 1)}
