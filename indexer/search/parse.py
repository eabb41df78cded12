"""What a person typed -> an engine-neutral ``SearchQuery``.

Free text may mix surname, given name and patronymic in any order and any script; a prisoner number in any
written form and a four-digit birth year are recognised and taken out first. Fielded parameters
(``surname=``, ``given_name=``, ``patronymic=``, ``number=``) pin a word to its role.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from indexer.engines.base import (
    Filters,
    QueryWord,
    SearchQuery,
    Strictness,
    WordRole,
    mark_beside_given_name,
)
from indexer.errors import InvalidRequest
from indexer.names.analysis import (
    father_word_classes,
    given_word_classes,
    is_initial,
    name_initials,
    surname_word_keys,
    words_of,
)
from indexer.names.numbers import PrisonerNumber, extract_birth_year, extract_numbers
from indexer.names.places import area_filter, names_a_place, place_word_keys
from indexer.names.repairs import doubled_readings, repaired_keys
from indexer.names.surnames import baltic_mens_form

MAX_QUERY_LENGTH = 200
# Only so many words carry meaning in a name query; the rest would only slow the engine down. Of more, the
# longest are kept (``_the_longest_words``).
MAX_WORDS = 8


@dataclass(frozen=True)
class QueryInput:
    q: str | None = None
    surname: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    number: str | None = None
    birth_year_min: int | None = None
    birth_year_max: int | None = None
    camp: str | None = None
    birth_place: str | None = None
    nationality: str | None = None
    fate: str | None = None
    strictness: Strictness = "phonetic"
    limit: int = 20
    offset: int = 0
    with_facets: bool = True


def query_word(word: str, role: WordRole = "any") -> QueryWord:
    keys = surname_word_keys(word)
    return QueryWord(
        text=word,
        exact=keys.exact,
        keys=keys.keys,
        likely=keys.likely,
        family_keys=keys.family_keys,
        national_keys=keys.national_keys,
        frames=keys.frames,
        phonetic_codes=keys.phonetic_codes,
        given_classes=given_word_classes(word),
        father_classes=father_word_classes(word),
        initials=name_initials(word),
        is_initial=is_initial(word),
        typo_budget=keys.typo_budget,
        length_budget=keys.typo_budget,
        spelling_budget=keys.spelling_budget,
        written=_with_baltic_mens_forms(keys.written) if role in ("any", "surname") else keys.written,
        repaired_keys=repaired_keys(word) if role in ("any", "surname") else (),
        doubled=doubled_readings(keys.written, keys.keys) if role in ("any", "surname") else (),
        role=role,
    )


def _with_baltic_mens_forms(written: tuple[str, ...]) -> tuple[str, ...]:
    """The readings a record spelt the same way ranks first by, with each one's Russian men's form when it
    is a Baltic one: Vasiljevas is written as Васильев, not Васильева (one letter nearer)."""
    forms = [form for w in written if (form := baltic_mens_form(w))]
    return (*written, *forms) if forms else written


def _initials_in_order(words: Iterable[QueryWord]) -> list[QueryWord]:
    """Initials stand for the given name, then the patronymic, as Soviet papers write them (Погожев А. И.,
    Pogozhev A. I.): without that, Иван Андреевич would meet "А. И." as well as Андрей Иванович.

    Letters with no name beside them are no initials: "a b" had found the 34,000 records of a million whose
    given name and patronymic start so. Read as names, they find the one-letter surnames (Korean О, Ю)."""
    words = list(words)
    if all(w.is_initial for w in words):
        return [replace(w, is_initial=False) for w in words]
    roles: Iterator[WordRole] = iter(("given_name", "patronymic"))
    return [replace(w, role=next(roles, "any")) if w.is_initial else w for w in words]


def _the_longest_words(words: list[QueryWord]) -> list[QueryWord]:
    """At most ``MAX_WORDS`` words, in their order: the words of a fielded parameter, then the longest of
    the free text. Names are longer than the words around them in a sentence (под, без, в), and an
    initial is one letter: "Андрей Андреевич рядовой пропал без вести под Киевом Погожев" keeps Погожев,
    which cutting the text after its eighth word lost."""
    if len(words) <= MAX_WORDS:
        return words
    by_weight = sorted(range(len(words)), key=lambda i: (words[i].role == "any", -len(words[i].exact), i))
    kept = sorted(by_weight[:MAX_WORDS])
    return [words[i] for i in kept]


def birth_place_keys(place: str | None) -> tuple[tuple[str, ...], ...]:
    """The keys of each word a birth-place filter names the place by, its Ukrainian form read the Russian
    ways too (Горлівка finds Горловка), as a record's place is indexed."""
    return tuple(keys for w in words_of(place) if names_a_place(w) and (keys := place_word_keys(w)))


def parse_query(given: QueryInput) -> SearchQuery:
    """Analyse the query. Raises InvalidRequest when nothing searchable is left."""
    words: list[QueryWord] = []
    numbers: list[str] = []
    birth_year: int | None = None
    if given.q is not None:
        text = given.q.strip()
        if not text:
            raise InvalidRequest("q must not be empty", details={"field": "q"})
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidRequest(
                f"q is {len(text)} characters long; at most {MAX_QUERY_LENGTH}", details={"field": "q"}
            )
        found, rest = extract_numbers(text)
        numbers.extend(found)
        birth_year, rest = extract_birth_year(rest)
        lone_number = PrisonerNumber.normalize(text) if text.isdigit() else None
        if lone_number is not None and not numbers:
            # A lone number of a year's digits (q=1921, q=1941) is a prisoner number: a year alone names
            # nobody, and four-digit numbers are common. "1921 г.р." alone still asks for nothing.
            numbers.append(lone_number)
            birth_year = None
        text = rest
        words.extend(_initials_in_order(query_word(w) for w in words_of(text)))
    for role, value in (
        ("surname", given.surname),
        ("given_name", given.given_name),
        ("patronymic", given.patronymic),
    ):
        if value and len(value) > MAX_QUERY_LENGTH:
            raise InvalidRequest(f"{role} is too long; at most {MAX_QUERY_LENGTH}", details={"field": role})
        words.extend(query_word(w, role) for w in words_of(value))  # type: ignore[arg-type]
    if given.number:
        normalized = PrisonerNumber.normalize(given.number)
        if normalized is None:
            raise InvalidRequest(f"{given.number!r} is not a prisoner number", details={"field": "number"})
        numbers.append(normalized)
    if not words and not numbers:
        raise InvalidRequest(
            "nothing to search for: give a name (q, surname, given_name, patronymic) or a prisoner number",
            details={"field": "q"},
        )
    if (
        given.birth_year_min is not None
        and given.birth_year_max is not None
        and given.birth_year_min > given.birth_year_max
    ):
        raise InvalidRequest("birth_year_min is after birth_year_max", details={"field": "birth_year_min"})
    in_area = area_filter(given.birth_place)
    filters = Filters(
        birth_year_min=given.birth_year_min,
        birth_year_max=given.birth_year_max,
        camp=given.camp or None,
        birth_place_keys=birth_place_keys(given.birth_place),
        birth_area_terms=in_area.terms,
        birth_local_keys=tuple(keys for w in in_area.local if (keys := place_word_keys(w))),
        nationality=given.nationality or None,
        fate=given.fate or None,
    )
    return SearchQuery(
        words=mark_beside_given_name(_the_longest_words(words)),
        numbers=tuple(dict.fromkeys(numbers)),
        birth_year=birth_year,
        filters=filters,
        strictness=given.strictness,
        limit=given.limit,
        offset=given.offset,
        with_facets=given.with_facets,
    )
