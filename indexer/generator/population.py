"""A reproducible population of Soviet prisoners of war, streamed as import-format records.

Each person is drawn first (ethnic group, family name, given name, father, birth, place), then written the
way one source wrote him: about 60% in Cyrillic as on Soviet papers (ё sometimes written е), 40% as a
German camp clerk heard the name (Погожев -> Pogoschew, Pagoschew). A few persons are siblings: same
family name (Погожев / Погожева), same father and so the same patronymic, same birth place. They are
emitted up to `SIBLING_WINDOW` records apart, so nothing in a record or its id gives the family away;
`generate_population` returns the ground truth beside each record for the quality benchmark.

Only `random.Random(seed).random()` drives the draws, so a seed gives the same records byte for byte, and
the first k records are the same whatever n is asked for. Records are produced one at a time with a
bounded queue of waiting siblings; memory grows only with the clerk-spelling cache, which the name tables
bound (six million records: 115,000 distinct names, 175 MB in all).
"""

from __future__ import annotations

import calendar
import heapq
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from indexer.generator import camps, military
from indexer.generator.clerks import clerk_given_name, clerk_spelling
from indexer.generator.names import NameTables, name_tables
from indexer.generator.places import Place, draw_place, german_place, soviet_place
from indexer.generator.sampling import Weighted, below, between

SIBLING_WINDOW = 2000
FAMILY_CHANCE = 0.025
FAMILY_SIZES = Weighted([(2, 70), (3, 22), (4, 8)])
FEMALE_SHARE = 0.03
CYRILLIC_SHARE = 0.6

# Shares of the population (per mille): Slavs, Turkic peoples, Armenians, Georgians, Jews, Germans, Greeks.
GROUPS = Weighted(
    [("slav", 875), ("turk", 65), ("arm", 17), ("geor", 15), ("jew", 12), ("germ", 6), ("greek", 4)]
)
_TURKIC = Weighted(
    [("татарин", 30), ("узбек", 20), ("казах", 17), ("азербайджанец", 15), ("башкир", 8), ("туркмен", 4),
     ("киргиз", 4), ("таджик", 2)]
)  # fmt: skip
_GROUP_NATIONALITY = {"geor": "грузин", "arm": "армянин", "jew": "еврей", "germ": "немец", "greek": "грек"}
_FEMININE = {"русский": "русская", "украинец": "украинка", "белорус": "белоруска", "еврей": "еврейка"}
# Men were mostly born 1910-1925; the few women soldiers were young.
_MALE_YEARS = Weighted(
    [(y, 0.3) for y in range(1890, 1900)] + [(y, 1.0) for y in range(1900, 1910)]
    + [(y, 3.0) for y in range(1910, 1918)] + [(y, 5.0) for y in range(1918, 1924)]
    + [(1924, 3.0), (1925, 3.0), (1926, 1.0), (1927, 0.3)]
)  # fmt: skip
_FEMALE_YEARS = Weighted([(y, 1.0) for y in range(1915, 1926)])
_NO_YO = str.maketrans("ёЁ", "еЕ")


@dataclass(frozen=True, slots=True)
class Truth:
    """Who a generated record really is: the names in Cyrillic, and the family the person belongs to."""

    record_id: str
    surname: str  # the person's own form, with ё: Погожева for a woman
    given_name: str
    patronymic: str
    sex: str
    father_name: str
    family_surname: str  # the men's form, shared by brothers and sisters: Погожев
    family_id: str | None  # shared by siblings (a family cut short by the end of the stream may have one)
    birth_year: int
    birth_place: str  # the fullest Soviet form
    nationality: str
    script: str  # how the record writes the name: "cyrillic" or "german"
    written_surname: str


@dataclass(slots=True)
class _Family:
    family_id: str
    group: str
    nationality: str
    family_surname: str
    father: str
    place: Place
    base_year: int
    given_names: list[str]  # the children named so far: parents did not give two the same name


@dataclass(slots=True)
class _Person:
    group: str
    nationality: str
    family_surname: str
    sex: str
    given: str
    father: str
    birth: tuple[int, int, int]
    place: Place
    family_id: str | None = None
    # Filled in when the person is written down:
    surname: str = ""
    patronymic: str = ""
    cyrillic: bool = True


@dataclass(slots=True)
class _State:
    seed: int
    tables: NameTables
    numbers: dict[str, int] = field(default_factory=dict)
    waiting: list[tuple[int, int, _Family]] = field(default_factory=list)
    families: int = 0
    queued: int = 0


def generate_population(n: int, seed: int) -> Iterator[tuple[dict[str, Any], Truth]]:
    """`n` records in the import format with the truth about each, reproducible from `seed`."""
    for record, person in _people(n, seed):
        yield record, _truth(record, person)


def generate_records(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """`n` records in the import format (JSON Lines objects), reproducible from `seed`."""
    for record, _ in _people(n, seed):
        yield record


def _people(n: int, seed: int) -> Iterator[tuple[dict[str, Any], _Person]]:
    rng = random.Random(seed)
    state = _State(seed, name_tables())
    for index in range(1, n + 1):
        if state.waiting and state.waiting[0][0] <= index:
            person = _sibling(heapq.heappop(state.waiting)[2], rng, state.tables)
        else:
            person = _new_person(rng, state.tables)
            if rng.random() < FAMILY_CHANCE:
                _found_family(person, index, rng, state)
        yield _render(person, f"gen-{seed}-{index:07d}", rng, state), person


# One encoder for all records: json.dumps with options builds a new encoder on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def record_line(record: dict[str, Any]) -> str:
    """One record as a JSON Lines line, Cyrillic kept readable."""
    return _ENCODE(record) + "\n"


def write_records(records: Iterable[dict[str, Any]], out: TextIO, batch: int = 1000) -> int:
    """Write records as JSON Lines, a batch of lines per write; return how many were written."""
    count = 0
    lines: list[str] = []
    for record in records:
        lines.append(_ENCODE(record))
        if len(lines) == batch:
            out.write("\n".join(lines) + "\n")
            count += len(lines)
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
        count += len(lines)
    return count


def _nationality(group: str, surname: str, rng: random.Random) -> str:
    if group == "turk":
        return _TURKIC.draw(rng)
    if group != "slav":
        return _GROUP_NATIONALITY[group]
    roll = rng.random()
    # Шевченко, Ковальчук are Ukrainian names, Лукашевич, Коваленок Belarusian, yet not every bearer was.
    if surname.endswith(("енко", "ко", "ук", "юк")):
        return "украинец" if roll < 0.85 else "русский"
    if surname.endswith(("ич", "ёнок", "енок", "еня")):
        return "белорус" if roll < 0.6 else ("украинец" if roll < 0.8 else "русский")
    return "русский" if roll < 0.9 else ("украинец" if roll < 0.97 else "белорус")


def _birth(rng: random.Random, year: int) -> tuple[int, int, int]:
    month = 1 + int(rng.random() * 12)
    # calendar knows that 1900 was not a leap year; year % 4 did not, and the importer refused 1900-02-29.
    days = calendar.monthrange(year, month)[1]
    return year, month, 1 + int(rng.random() * days)


def _new_person(rng: random.Random, tables: NameTables) -> _Person:
    group = GROUPS.draw(rng)
    sex = "f" if group == "slav" and rng.random() < FEMALE_SHARE else "m"
    family_surname = tables.surnames[group].draw(rng)
    nationality = _nationality(group, family_surname, rng)
    year = (_FEMALE_YEARS if sex == "f" else _MALE_YEARS).draw(rng)
    return _Person(
        group=group,
        nationality=nationality,
        family_surname=family_surname,
        sex=sex,
        given=tables.given[(group, sex)].draw(rng),
        father=tables.fathers[group].draw(rng),
        birth=_birth(rng, year),
        place=draw_place(rng, nationality),
    )


def _found_family(person: _Person, index: int, rng: random.Random, state: _State) -> None:
    """Make `person` the first of 2-4 siblings and queue the others a little later in the stream."""
    state.families += 1
    person.family_id = f"fam-{state.seed}-{state.families}"
    family = _Family(
        person.family_id, person.group, person.nationality, person.family_surname, person.father,
        person.place, person.birth[0], [person.given],
    )  # fmt: skip
    for _ in range(FAMILY_SIZES.draw(rng) - 1):
        due = index + 1 + below(rng, SIBLING_WINDOW)
        state.queued += 1  # breaks ties between siblings due at the same place, in a fixed order
        heapq.heappush(state.waiting, (due, state.queued, family))


def _sibling(family: _Family, rng: random.Random, tables: NameTables) -> _Person:
    sex = "f" if family.group == "slav" and rng.random() < FEMALE_SHARE * 3 else "m"
    given = tables.given[(family.group, sex)].draw(rng)
    for _ in range(8):
        if given not in family.given_names:
            break
        given = tables.given[(family.group, sex)].draw(rng)
    family.given_names.append(given)
    low, high = (1912, 1926) if sex == "f" else (1890, 1927)
    year = min(max(family.base_year + between(rng, -8, 8), low), high)
    return _Person(
        family.group, family.nationality, family.family_surname, sex, given, family.father,
        _birth(rng, year), family.place, family.family_id,
    )  # fmt: skip


def _render(person: _Person, record_id: str, rng: random.Random, state: _State) -> dict[str, Any]:
    rand = rng.random
    tables = state.tables
    female = person.sex == "f"
    surname = tables.female_surname(person.family_surname) if female else person.family_surname
    patronymic = tables.patronymic(person.father, person.sex)
    cyrillic = rand() < CYRILLIC_SHARE
    record: dict[str, Any] = {"id": record_id}
    if cyrillic:
        plain = rand() < 0.5  # many Soviet clerks wrote ё as е: Семенов for Семёнов
        record["surname"] = surname.translate(_NO_YO) if plain else surname
        if rand() < 0.97:
            record["given_name"] = person.given.translate(_NO_YO) if plain else person.given
        if rand() < 0.92:
            record["patronymic"] = patronymic.translate(_NO_YO) if plain else patronymic
    else:
        record["surname"] = clerk_spelling(surname, rng)
        if rand() < 0.97:
            record["given_name"] = clerk_given_name(person.given, rng)
        if rand() < 0.55:
            record["patronymic"] = clerk_spelling(patronymic, rng)
    if rand() < 0.15:
        record["name_variants"] = _variants(record, surname, person.given, cyrillic, rng)
    if female or rand() < 0.85:
        record["sex"] = person.sex
    _add_birth(record, person, cyrillic, rng)
    if rand() < 0.55:
        nationality = person.nationality
        record["nationality"] = _FEMININE.get(nationality, nationality) if female else nationality
    rank = (military.FEMALE_RANKS if female else military.RANKS).draw(rng)
    if rand() < 0.75:
        record["rank"] = rank
    if cyrillic and rand() < 0.3:
        record["unit"] = military.unit(rng)
    fate = camps.FATES.draw(rng)
    officer = rank in military.OFFICER_RANKS
    stays, outcome = camps.draw_path(rng, officer, fate, state.numbers, person.birth[0])
    _add_path(record, stays, fate, outcome, cyrillic, rng)
    record["sources"] = military.sources(rng, cyrillic, fate == "died", stays)
    person.surname = surname
    person.patronymic = patronymic
    person.cyrillic = cyrillic
    return record


def _truth(record: dict[str, Any], person: _Person) -> Truth:
    return Truth(
        record["id"], person.surname, person.given, person.patronymic, person.sex, person.father,
        person.family_surname, person.family_id, person.birth[0], person.place.full_name(),
        person.nationality, "cyrillic" if person.cyrillic else "german", record["surname"],
    )  # fmt: skip


def _variants(
    record: dict[str, Any], surname: str, given: str, cyrillic: bool, rng: random.Random
) -> list[str]:
    """The name as another source spelt it: a German card beside a Soviet one, or the other way round."""
    rand = rng.random
    if cyrillic:
        other, first = clerk_spelling(surname, rng), clerk_given_name(given, rng)
    elif rand() < 0.4 and (other := clerk_spelling(surname, rng)) != record["surname"]:
        first = clerk_given_name(given, rng)  # Iwanoff beside Iwanow
    else:
        other, first = surname, given  # the Cyrillic Иванов beside Iwanow
    return [f"{other} {first}" if rand() < 0.3 else other]


def _add_birth(record: dict[str, Any], person: _Person, cyrillic: bool, rng: random.Random) -> None:
    rand = rng.random
    roll = rand()
    year, month, day = person.birth
    if roll < 0.45:
        record["birth_date"] = str(year)
    elif roll < 0.6:
        record["birth_date"] = f"{year}-{month:02d}"
    elif roll < 0.93:
        record["birth_date"] = f"{year}-{month:02d}-{day:02d}"
    if rand() < 0.85:
        place = person.place
        record["birth_place"] = soviet_place(place, rng) if cyrillic else german_place(place, rng)


def _add_path(
    record: dict[str, Any], stays: list[camps.Stay], fate: str, outcome: int | None, cyrillic: bool,
    rng: random.Random,
) -> None:  # fmt: skip
    rand = rng.random
    written = []
    for stay in stays:
        entry: dict[str, str] = {"camp": stay.camp.name}
        if stay.number is not None:
            entry["number"] = camps.written_number(stay.number, rng, cyrillic)
        roll = rand()  # from: the day (60%), the month (25%) or not given
        if roll < 0.85:
            entry["from"] = camps.iso_day(stay.start, 3 if roll < 0.6 else 2)
        roll = rand()
        if roll < 0.75 and stay.end is not None:
            entry["to"] = camps.iso_day(stay.end, 3 if roll < 0.55 else 2)
        written.append(entry)
    if written:
        record["camps"] = written
    if fate != "unknown" or rand() < 0.5:
        record["fate"] = fate
    if fate == "died" and outcome is not None and stays:
        last = stays[-1].camp
        roll = rand()
        record["death_date"] = camps.iso_day(outcome, 3 if roll < 0.8 else (2 if roll < 0.95 else 1))
        record["death_place"] = last.name if rand() < 0.85 else last.locality
        if last.burial is not None and rand() < 0.4:
            record["burial_place"] = last.burial
