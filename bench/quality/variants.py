"""Query variants for the quality benchmark: how relatives type the name of a person in the population.

Each kind changes the name in one way the search must see through (a romanization system, the script, a
German clerk's ear, a given-name equivalent, a diminutive, typos); it is scored on its own. Queries are
built from the generator's `Truth` (the Cyrillic names), never from the project's name analysis, with the
benchmark's own romanizers, given-name table and typo model (`romanizers`, `forms`, `typos`), the `iuliia`
schemas, and the generator's clerk spellings.

Queries look like what people type: mostly "surname given name", some in Western order, some surname
only, some with a patronymic or a birth year. A query's `key` names what it says about the person
(surname and given name, say); every record of a person with the same key is indistinguishable from the
query, and a hit on any of them counts (`run.py`).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import iuliia

from bench.quality.forms import given_forms, ukrainian_given, ukrainian_letters, ukrainian_patronymic
from bench.quality.romanizers import romanize
from bench.quality.typos import add_typos, typo_budget
from indexer.generator import Truth
from indexer.generator.clerks import clerk_spellings

IULIIA_SCHEMAS = (
    "wikipedia", "bgn_pcgn", "icao_doc_9303", "gost_779", "scientific", "ala_lc", "mosmetro", "telegram",
    "ungegn_1987",
)  # fmt: skip
# Kinds the DESIGN target speaks of: transliteration, script, clerk, given-name equivalent, diminutive, typos.
TARGET_KINDS = (
    "cyrillic_exact", *(f"translit_{s}" for s in IULIIA_SCHEMAS), "german_duden", "french", "polish", "czech",
    "ukrainian_cyrillic", "ukrainian_national", "german_clerk", "given_name_equivalent", "diminutive",
    "typo1", "typo2", "translit_plus_typo", "script_mixed", "patronymic",
)  # fmt: skip
# Kinds outside the target's words, reported for diagnosis: a woman searched under the men's form of the
# family name, an English given name (John for Иван), a slip on the first letter, and a romanization whose
# diacritics arrive decomposed (z + combining caron for ž), as text pasted from some PDFs does.
EXTRA_KINDS = ("gender_form", "given_name_english", "typo_first_letter", "unicode_nfd")
NUMBER_KIND = "number"
KINDS = (*TARGET_KINDS, *EXTRA_KINDS, NUMBER_KIND)

Names = tuple[str, str, str]  # surname, given name, patronymic as the query spells them
Speller = Callable[[Truth, dict[str, Any], random.Random], "Names | None"]

_DEFAULT_SHAPES = (("sg", 55), ("gs", 15), ("s", 10), ("sgp", 10), ("sgy", 10))
_GIVEN_SHAPES = (("sg", 65), ("gs", 20), ("sgy", 15))
_SHAPES = {
    "patronymic": (("sgp", 80), ("gsp", 20)),
    "gender_form": _GIVEN_SHAPES,
    "given_name_equivalent": _GIVEN_SHAPES,
    "given_name_english": _GIVEN_SHAPES,
    "diminutive": _GIVEN_SHAPES,
    "script_mixed": (("sg", 60), ("gs", 20), ("sgp", 20)),
}
NUMBER_FORMS = ("plain", "space", "dot", "nr", "numero")


@dataclass(frozen=True, slots=True)
class Query:
    """One query: its text, the record it was made from, and what it says about the person."""

    kind: str
    text: str
    target_id: str
    shape: str  # s surname, g given name, p patronymic, y birth year, in the order typed; or "number"
    key: tuple[Any, ...]  # what the query says about the person, compared with every person's truth
    note: str = ""  # how a prisoner number was written (plain, space, dot, nr, numero), for the report


def fold(name: str) -> str:
    """A name compared as the same: Семёнов = Семенов."""
    return name.lower().replace("ё", "е")


def truth_key(truth: Truth, shape: str, family: bool = False) -> tuple[Any, ...]:
    """The fields of `truth` a query of `shape` names: ("погожев", "андрей") for "sg"."""
    key: list[Any] = [("family:" if family else "") + fold(truth.family_surname if family else truth.surname)]
    if "g" in shape:
        key.append(fold(truth.given_name))
    if "p" in shape:
        key.append(fold(truth.patronymic))
    if "y" in shape:
        key.append(truth.birth_year)
    return tuple(key)


def _iuliia(schema: str, text: str) -> str:
    # iuliia writes ё back as Cyrillic ё in BGN/PCGN, GOST 7.79, ALA-LC...; a person types Latin ë. It also
    # writes ž as z + combining caron (NFD); a keyboard sends the one letter ž (NFC). ALA-LC's tie bar
    # (t͡s, i͡a) has no precomposed form and stays, as library catalogues print it.
    latin = getattr(iuliia, schema.upper()).translate(text).replace("ё", "ë").replace("Ё", "Ë")
    return unicodedata.normalize("NFC", latin)


def _system(system: str) -> Speller:
    """Every part of the name in one system: iuliia's schemas or the benchmark's own romanizers."""
    spell: Callable[[str], str]
    if system in IULIIA_SCHEMAS:
        spell = lambda text: _iuliia(system, text)  # noqa: E731
    elif system == "cyrillic":
        spell = lambda text: text  # noqa: E731
    else:
        spell = lambda text: romanize(system, text)  # noqa: E731
    return lambda t, r, rng: (spell(t.surname), spell(t.given_name), spell(t.patronymic))


def _ukrainian_cyrillic(t: Truth, r: dict[str, Any], rng: random.Random) -> Names:
    return (
        ukrainian_letters(t.surname),
        ukrainian_given(t.given_name),
        ukrainian_patronymic(t.father_name, t.sex),
    )


def _ukrainian_national(t: Truth, r: dict[str, Any], rng: random.Random) -> Names:
    names = _ukrainian_cyrillic(t, r, rng)
    return tuple(romanize("ukrainian_national", n) for n in names)  # type: ignore[return-value]


def _pick(options: Sequence[str], avoid: str | None, rng: random.Random) -> str | None:
    choices = [o for o in options if avoid is None or fold(o) != fold(avoid)] or list(options)
    return choices[int(rng.random() * len(choices))] if choices else None


def _german_clerk(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """Another clerk's spelling than the record's own: Pagoschew for a card that says Pogoschew."""
    surname = _pick(clerk_spellings(t.surname)[:6], r.get("surname"), rng)
    given = _pick(clerk_spellings(t.given_name)[:4], r.get("given_name"), rng)
    patronymic = _pick(clerk_spellings(t.patronymic)[:4], r.get("patronymic"), rng)
    if surname is None or given is None or patronymic is None:
        return None
    return surname, given, patronymic


_BASES = ("cyrillic", "wikipedia", "german_duden")


def _base(rng: random.Random, bases: Sequence[str] = _BASES) -> Speller:
    return _system(bases[int(rng.random() * len(bases))])


def _equivalent_forms(russian: str) -> list[str]:
    forms = given_forms(russian)
    if forms is None:
        return []
    out = [*forms.ukrainian, *forms.belarusian, *forms.german, *forms.polish]
    out += [romanize("ukrainian_national", f) for f in forms.ukrainian]
    out += [romanize("belarusian", f) for f in forms.belarusian]
    plain = {fold(russian), fold(_iuliia("wikipedia", russian)), fold(romanize("german_duden", russian))}
    return [f for f in dict.fromkeys(out) if fold(f) not in plain]


def _given_name_equivalent(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """Mykola or Nikolaus or Mikołaj for Николай, beside the surname as the family writes it."""
    forms = _equivalent_forms(t.given_name)
    base = _base(rng)(t, r, rng)
    given = _pick(forms, None, rng)
    return None if base is None or given is None else (base[0], given, base[2])


def _given_name_english(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    forms = given_forms(t.given_name)
    base = _base(rng, ("wikipedia", "bgn_pcgn"))(t, r, rng)
    given = _pick(forms.english, None, rng) if forms else None
    return None if base is None or given is None else (base[0], given, base[2])


def _diminutive(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """Коля, Kolya or Kolja for Николай."""
    forms = given_forms(t.given_name)
    if forms is None or not forms.diminutives:
        return None
    system = _BASES[int(rng.random() * len(_BASES))]
    base = _system(system)(t, r, rng)
    dim = _pick(forms.diminutives, None, rng) or ""
    if system == "wikipedia":
        dim = _iuliia("wikipedia", dim)
    elif system == "german_duden":
        dim = romanize("german_duden", dim)
    return None if base is None else (base[0], dim, base[2])


def _script_mixed(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """One part in Cyrillic, the others romanized: Погожев Andrei, or Pogozhev Андрей."""
    latin = _base(rng, ("wikipedia", "german_duden"))(t, r, rng)
    if latin is None:
        return None
    if rng.random() < 0.5:
        return t.surname, latin[1], latin[2]
    return latin[0], t.given_name, t.patronymic


def _gender_form(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """A woman searched under the men's form of the family name: Pogozhev Maria for Погожева Мария."""
    if t.sex != "f" or t.family_surname == t.surname:
        return None
    return _base(rng)(replace(t, surname=t.family_surname), r, rng)


_PATRONYMIC_SYSTEMS = ("wikipedia", "bgn_pcgn", "german_duden", "polish", "scientific", "french")


def _patronymic(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """Andreevich, Andrejewitsch, Andriejewicz; Andriiovych for a Ukrainian."""
    if t.nationality == "украинец" and rng.random() < 0.3:
        return _ukrainian_national(t, r, rng)
    return _base(rng, _PATRONYMIC_SYSTEMS)(t, r, rng)


_DIACRITIC_SYSTEMS = ("gost_779", "scientific", "czech", "polish")


def _decomposed(t: Truth, r: dict[str, Any], rng: random.Random) -> Names | None:
    """Pogožev with ž as two code points; None when the name has no diacritic to decompose."""
    names = _base(rng, _DIACRITIC_SYSTEMS)(t, r, rng)
    if names is None:
        return None
    surname, given, patronymic = (unicodedata.normalize("NFD", n) for n in names)
    return (surname, given, patronymic) if surname != names[0] else None


def _as_written(t: Truth, r: dict[str, Any], rng: random.Random) -> Names:
    """The record's own spelling (what typo kinds start from); a part it lacks in the record's script."""
    cyrillic = t.script == "cyrillic"
    default = (lambda s: s) if cyrillic else (lambda s: romanize("german_duden", s))
    return (
        r.get("surname") or default(t.surname),
        r.get("given_name") or default(t.given_name),
        r.get("patronymic") or default(t.patronymic),
    )


_TYPO_BASES = ("wikipedia", "bgn_pcgn", "icao_doc_9303", "german_duden", "polish", "french")

SPELLERS: dict[str, Speller] = {
    "cyrillic_exact": _system("cyrillic"),
    **{f"translit_{s}": _system(s) for s in IULIIA_SCHEMAS},
    **{s: _system(s) for s in ("german_duden", "french", "polish", "czech")},
    "ukrainian_cyrillic": _ukrainian_cyrillic,
    "ukrainian_national": _ukrainian_national,
    "german_clerk": _german_clerk,
    "given_name_equivalent": _given_name_equivalent,
    "given_name_english": _given_name_english,
    "diminutive": _diminutive,
    "typo1": _as_written,
    "typo2": _as_written,
    "typo_first_letter": _as_written,
    "translit_plus_typo": lambda t, r, rng: _base(rng, _TYPO_BASES)(t, r, rng),
    "script_mixed": _script_mixed,
    "gender_form": _gender_form,
    "patronymic": _patronymic,
    "unicode_nfd": _decomposed,
}


def _draw(weighted: Sequence[tuple[str, int]], rng: random.Random) -> str:
    roll = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        roll -= weight
        if roll < 0:
            return value
    return weighted[-1][0]


def _fits(shape: str, record: dict[str, Any]) -> bool:
    """A query only names what the record could agree with: no given name asked of a record without one."""
    return (
        ("g" not in shape or bool(record.get("given_name")))
        and ("p" not in shape or bool(record.get("patronymic")))
        and ("y" not in shape or bool(record.get("birth_date")))
    )


def _compose(names: Names, shape: str, year: int) -> list[str]:
    parts = {"s": names[0], "g": names[1], "p": names[2], "y": str(year)}
    return [parts[letter] for letter in shape if parts[letter]]


_TYPO_COUNTS = {"typo1": 1, "typo2": 2, "typo_first_letter": 1, "translit_plus_typo": 1}


def _with_typos(words: list[str], kind: str, rng: random.Random) -> list[str] | None:
    """The words with the kind's typos, each word within its Meilisearch budget; None when none fit."""
    names = [i for i, w in enumerate(words) if not w.isdigit()]
    if kind == "typo2":
        options = [[(i, 2)] for i in names if typo_budget(words[i]) >= 2]
        singles = [i for i in names if typo_budget(words[i]) >= 1]
        options += [[(a, 1), (b, 1)] for a in singles for b in singles if a < b]
    else:
        options = [[(i, 1)] for i in names if typo_budget(words[i]) >= 1]
    if not options:
        return None
    out = list(words)
    for index, count in options[int(rng.random() * len(options))]:
        typed = add_typos(out[index], count, rng, first_letter=kind == "typo_first_letter")
        if typed is None:
            return None
        # A slip on the first letter leaves the word capitalised as typed: Alstotschkin, not aLstotschkin.
        out[index] = typed[:1].upper() + typed[1:].lower() if out[index][:1].isupper() else typed
    return out


def _name_query(kind: str, truth: Truth, record: dict[str, Any], rng: random.Random) -> Query | None:
    shape = _draw(_SHAPES.get(kind, _DEFAULT_SHAPES), rng)
    if not _fits(shape, record):
        return None
    names = SPELLERS[kind](truth, record, rng)
    if names is None:
        return None
    words = _compose(names, shape, truth.birth_year)
    if kind in _TYPO_COUNTS:
        typed = _with_typos(words, kind, rng)
        if typed is None:
            return None
        words = typed
    text = " ".join(words)
    key = truth_key(truth, shape, family=kind == "gender_form")
    return Query(kind, text, truth.record_id, shape, key)


def _digits(written: str) -> int | None:
    digits = re.sub(r"\D", "", written)
    return int(digits) if digits else None


def number_text(number: int, form: str) -> str:
    """A prisoner number written one way: 88349, 88 349, 88.349, Nr. 88349, № 88349."""
    if number >= 1000 and form == "space":
        return f"{number // 1000} {number % 1000:03d}"
    if number >= 1000 and form == "dot":
        return f"{number // 1000}.{number % 1000:03d}"
    if form == "nr":
        return f"Nr. {number}"
    if form == "numero":
        return f"№ {number}"
    return str(number)


def record_numbers(record: dict[str, Any]) -> list[int]:
    """The prisoner numbers of a record as integers, whatever way they were written."""
    return [n for camp in record.get("camps", ()) if (n := _digits(camp.get("number", ""))) is not None]


def _number_query(index: int, truth: Truth, record: dict[str, Any], rng: random.Random) -> Query | None:
    numbers = record_numbers(record)
    if not numbers:
        return None
    number = numbers[int(rng.random() * len(numbers))]
    form = NUMBER_FORMS[index % len(NUMBER_FORMS)]
    return Query(NUMBER_KIND, number_text(number, form), truth.record_id, "number", ("number", number), form)


def _eligible(kind: str, truth: Truth) -> bool:
    if kind in ("ukrainian_cyrillic", "ukrainian_national"):
        return truth.nationality == "украинец"
    if kind == "gender_form":
        return truth.sex == "f"
    if kind in ("given_name_equivalent", "given_name_english", "diminutive"):
        return given_forms(truth.given_name) is not None
    return True


def generate_queries(
    population: Sequence[tuple[dict[str, Any], Truth]], per_kind: int, seed: int, kinds: Sequence[str] = KINDS
) -> list[Query]:
    """`per_kind` queries of each kind (fewer if the population has too few fitting persons), reproducible."""
    queries: list[Query] = []
    for kind in kinds:
        rng = random.Random(f"{seed}:{kind}")
        pool = [i for i, (_, truth) in enumerate(population) if _eligible(kind, truth)]
        made = 0
        used: set[int] = set()
        for _ in range(per_kind * 40):
            if made == per_kind or not pool:
                break
            pick = pool[int(rng.random() * len(pool))]
            if pick in used:
                continue
            used.add(pick)
            record, truth = population[pick]
            if kind == NUMBER_KIND:
                query = _number_query(made, truth, record, rng)
            else:
                query = _name_query(kind, truth, record, rng)
            if query is not None:
                queries.append(query)
                made += 1
    return queries
