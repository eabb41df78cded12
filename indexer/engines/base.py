"""The engine interface, drawn at the level of the domain.

The service hands an engine a ``SearchQuery`` (keys per query word, filters, paging) and gets back the
project's own ``SearchResult``. Each engine compiles the query into its own language and parses its own
responses; nothing engine-specific passes this line. The ranking policy both engines implement is stated
once, here, as ``MatchTier`` weights, so the two give the same order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, Literal

from indexer.documents import SearchDocument
from indexer.names.stored_analysis import LIVE, LiveAnalysis
from indexer.names.surnames import ends_as_no_given_name

Strictness = Literal["exact", "variants", "phonetic"]
WordRole = Literal["any", "surname", "given_name", "patronymic"]
FACET_NAMES = ("camp", "nationality", "fate", "birth_decade")
# The summary fields a query word of each role may meet: a name variant may hold any of the names.
ROLE_FIELDS: dict[str, tuple[str, ...]] = {
    "any": ("surname", "name_variants", "given_name", "patronymic"),
    "surname": ("surname", "name_variants"),
    "given_name": ("given_name", "name_variants"),
    "patronymic": ("patronymic", "name_variants"),
}


class MatchTier(IntEnum):
    """How a query word met a surname, best first. The value is the score the tier contributes.

    The ranking, in order: how many of the query's words the record meets (``WORD_MATCH`` each: a clerk's
    card spelling the surname differently but agreeing on the given name and year is a better answer to
    "Aleksandr Martynenko" than an exact Martynenko Dmitri); then how well the surname met (tiers 100
    apart); then the agreement of given name, patronymic and birth year, which together add less than 100.
    """

    NUMBER = 10_000  # a prisoner number, the strongest identifier there is
    EXACT = 500  # the same spelling as written (case and diacritics aside)
    VARIANT = 400  # the same canonical key: another script or romanization of the name
    FAMILY = 300  # same family key: Погожева for Погожев, Pogoschewa for Pogoschew
    PHONETIC = 200  # same Daitch-Mokotoff code confirmed within two edits, or same national form
    #                 (Hovhannisyan for Оганесян)
    TYPO = 100  # within the typo budget of the query word
    # The same consonants in the same order, other vowels: a Turkic name in its national spelling (Uzbek
    # Yoldoshev for Юлдашев, Tatar Xösnetdinov for Хуснутдинов). The last candidate there is: Семенов,
    # Симонов and Саманов share a frame too. Below every typo, with or without agreement of the other fields.
    CONSONANTS = 10


# Taken from VARIANT when the surname met only a less likely reading of the query word (Sakharov met as
# Захаров, German's reading of s): below the same name read the way the spelling says, above it once the
# given name agrees too.
LESS_LIKELY_READING = 10

# Added for every query word that meets the record, whichever way: more words met rank first.
WORD_MATCH = 1000
# With several query words that may be the surname, the best one's surname match counts whole and each
# other's at this share (a disjunction-max's tie-breaker): a record's surname is one name however many words
# meet it. "Sergeev Sergey" must not prefer a Sergei Pawel, whose surname Sergei both words meet (a typo and
# a variant), to the Sergejew Sergei asked for; the words of a double surname (Ter Petrosyan) still add.
SURNAME_WORDS_TIE = 0.5
# What the other fields add within a tier. Their sum stays below the gap between tiers.
GIVEN_NAME_SCORE = 40  # given name of the same equivalence class (Андрей = Andreas = Andrzej)
GIVEN_NAME_TYPO_SCORE = 20
# An initial agrees (А. with Андрей, or Андрей with a record's А.): weaker than a misspelt name, since
# an initial fits every name of that letter.
GIVEN_INITIAL_SCORE = 15
PATRONYMIC_INITIAL_SCORE = 10
PATRONYMIC_SCORE = 25  # patronymic pointing to the same father's name
PATRONYMIC_TYPO_SCORE = 12
BIRTH_YEAR_SCORES = {0: 20, 1: 12, 2: 6}  # distance in years between the hint and the record
# The record's surname is written as the query word reads, before the folding that made both one key
# (Nureyev: Нуреев, not Нуриев): the smallest difference there is, so it only orders records that met the
# query equally otherwise, across the whole result (``engines.ties`` orders what is left within the page).
WRITTEN_SCORE = 1


def phonetic_confirm_distance(word: QueryWord) -> int:
    """How close a sound-alike's key must be to count: two edits for long names (Daitch-Mokotoff alone
    would join thousands), one below nine letters, where two edits' automaton costs five times as much and
    short names that sound alike differ by a letter anyway (Kannonenko, Kononenko). Set by the word's
    length, so capping its typos (``typos_capped``) does not narrow it: Soljenitsyne still meets
    Солженицын beside a record spelt as typed."""
    return 2 if word.length_budget >= 2 else 1


# Endings of patronymic keys (ч is q): -вич/-witsch/-vych, -вна/-wna, -ична.
_PATRONYMIC_KEY_ENDINGS = ("viq", "vna", "iqna", "iq", "vic")


def patronymic_typos_apply(word: QueryWord) -> bool:
    """Whether a misspelt patronymic is worth looking for: only for a word that reads like one. Each typo
    automaton costs half a millisecond on a million records, and "Ivanov" is nobody's patronymic."""
    return bool(word.father_classes) or any(k.endswith(_PATRONYMIC_KEY_ENDINGS) for k in word.keys[:2])


def given_typos_apply(word: QueryWord) -> bool:
    """A word that is a known given name meets its class exactly (Pjotr, Пётр, Piotr); typos are looked
    for only for words that are not (Nikolqi), and not beside a known given name (``beside_given_name``)."""
    return not word.given_classes and not word.beside_given_name


def given_initial_applies(word: QueryWord) -> bool:
    """Whether a whole word meets a record that gives only the initial of a given name (Андрей meets А.):
    a known given name, or a word typed as the given name. Any word's first letter would otherwise meet
    every card of initials: Arutyunyan alone found Петренко А. И., and nothing else."""
    return word.is_initial or bool(word.given_classes) or word.role == "given_name"


def father_initial_applies(word: QueryWord) -> bool:
    """The same for a record's initial of the patronymic: a word read as a father's name (Andreevich)."""
    return word.is_initial or bool(word.father_classes) or word.role == "patronymic"


def mark_beside_given_name(words: Sequence[QueryWord]) -> tuple[QueryWord, ...]:
    """The words, each that ends as no given name does (``ends_as_no_given_name``) beside a word that may
    be the given name (a known one, or an initial) marked ``beside_given_name``: in "Kartschewskij Павел"
    or "Kartschewskij P.", Kartschewskij is not also looked for as a misspelt given name two edits away.
    Those typo automata cost a third of a first stage at a million records, and again in the second, for
    an answer nobody typing a surname beside a given name is after. A word of no surname ending keeps
    them: in "German Witkor", German may be the surname Герман and Witkor the given name Виктор,
    misspelt; and in "Nikolqi Iwanow" no word is a known given name."""
    given = [w.role in ("any", "given_name") and (bool(w.given_classes) or w.is_initial) for w in words]
    return tuple(
        replace(w, beside_given_name=True)
        if w.role == "any"
        and not given[i]
        and bool(w.keys)
        and ends_as_no_given_name(w.keys[0])
        and any(g for j, g in enumerate(given) if j != i)
        else w
        for i, w in enumerate(words)
    )


def misspelt_surname_applies(query: SearchQuery, position: int) -> bool:
    """Whether the word at ``position`` is also searched as a sound-alike or misspelt surname. Not a known
    given name or patronymic among several words while another of them may be the surname and is no known
    given name: in "Pogozhev Andrei", Andrei is not looked for as a misspelt Андреев (the fuzzy clauses are
    the costly ones), and in "Ковальчук Микола Іванович", Іванович not as Iwankowitsch, which had come
    second. Met exactly or as a variant, such a word still meets a surname (Иванович is one). A patronymic
    may be the surname beside a given name (Viktorovič Sergej: Викторович Сергей); when every word is a
    known given name, one of them is still the surname: Klimientje (Klimentjew with a letter dropped, read
    also as Климентий) in "Klimientje Iwan"."""
    word = query.words[position]
    if not (word.role == "any" and (word.given_classes or word.father_classes) and len(query.words) > 1):
        return True
    return not any(
        other.role in ("any", "surname") and not other.given_classes
        for i, other in enumerate(query.words)
        if i != position
    )


# Whether the first stage's answer stands is read off its hit at this place (the first page of the search
# page and of the API), whatever page is asked for: every page, and the total, then come from one stage.
# Deciding on the page asked for made the total depend on limit and offset (4 Tschernow at limit=1, 6 at 20).
FIRST_STAGE_DECIDED_AT = 20


def first_stage_suffices(query: SearchQuery, decisive_score: float | None) -> bool:
    """Whether a search without the fuzzy surname clauses already answers the query.

    True when its hit at ``FIRST_STAGE_DECIDED_AT`` (``decisive_score``; None when it has fewer hits)
    meets every word with its surname at least in the family form: a record found only by a sound-alike
    or misspelt surname scores at most every word plus PHONETIC plus agreement (< FAMILY), so it could not
    rank above the first page. Queries with a prisoner number are answered in one stage."""
    if decisive_score is None or query.numbers or not query.words or not query.staged:
        return False
    return decisive_score >= len(query.words) * WORD_MATCH + MatchTier.FAMILY


def typos_capped(query: SearchQuery, first_stage_top: float | None) -> SearchQuery:
    """The query for the second stage, with one typo at most per word when the first stage already found
    a record meeting every word with its surname at least in the family form: the name as typed exists,
    so a misspelling of it is the less likely reading, and one typo still finds the record a clerk wrote a
    letter off. Two-edit automata are the costliest part of a search (2 ms each at a million records).
    Sound-alikes keep their distance (``phonetic_confirm_distance``): the same person written in another
    system is not a misspelling."""
    if first_stage_top is None or first_stage_top < len(query.words) * WORD_MATCH + MatchTier.FAMILY:
        return query
    words = tuple(
        replace(w, typo_budget=min(w.typo_budget, 1), spelling_budget=min(w.spelling_budget, 1))
        for w in query.words
    )
    return replace(query, words=words)


@dataclass(frozen=True)
class QueryWord:
    """One word of a query with every key it may meet, computed once by the name analysis."""

    text: str
    exact: str  # folded spelling (lower case, no diacritics): an exact match
    keys: tuple[str, ...]  # canonical keys, most likely reading first
    # How many of ``keys`` are read as likely as the first; the rest rank a little lower (0: all of them).
    likely: int = 0
    family_keys: tuple[str, ...] = ()
    national_keys: tuple[str, ...] = ()
    # Its consonant frames (``surnames.consonant_frame``): a surname of the same consonants, other vowels.
    frames: tuple[str, ...] = ()
    phonetic_codes: tuple[str, ...] = ()
    given_classes: tuple[str, ...] = ()
    father_classes: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()  # its first sound as an initial writes it (``name_initials``)
    is_initial: bool = False  # the word is itself an initial (А. in Погожев А. И.)
    typo_budget: int = 0  # typos allowed on the key (one from 5 letters, two from 9)
    length_budget: int = 0  # the same as its length allows, before a second stage caps typo_budget
    # Typos allowed on the spelling itself, as Meilisearch counts them: a slip in a German spelling
    # (Sxhabeko for Schabeko) scrambles its key but is one typo on the letters.
    spelling_budget: int = 0
    # Its likely readings before folding (``written_forms``): a record spelt the same way ranks first
    # among records that met the query equally (``WRITTEN_SCORE``).
    written: tuple[str, ...] = ()
    # Keys of the spelling with a slip no romanization makes undone (Pugahcev: Pugachev), ``repairs``;
    # a surname met by one is a typo.
    repaired_keys: tuple[str, ...] = ()
    # Its likely readings before folding collapsed a doubled letter (``repairs.doubled_readings``): a letter
    # dropped between two alike (Poorelov for Pogorelov) is one edit from the key before folding, two after.
    doubled: tuple[str, ...] = ()
    role: WordRole = "any"
    # It ends as no given name does and another word of the query is a known given name or an initial
    # (``mark_beside_given_name``): it is not looked for as a misspelt given name.
    beside_given_name: bool = False

    @property
    def likely_keys(self) -> tuple[str, ...]:
        return self.keys[: self.likely] if self.likely else self.keys

    @property
    def less_likely_keys(self) -> tuple[str, ...]:
        return self.keys[self.likely :] if self.likely else ()


@dataclass(frozen=True)
class Filters:
    birth_year_min: int | None = None
    birth_year_max: int | None = None
    camp: str | None = None
    birth_place_keys: tuple[tuple[str, ...], ...] = ()  # every word of the place must match one of its keys
    # ... or the record's birth place lies in one of these areas (``places.area_filter``), however written
    # (Kursk, Gebiet Kursk, Курская обл.), and its words match every one of ``birth_local_keys``, the
    # filter's words below the area (Petrowka in "Petrowka, Kursk"; none when it names the area alone).
    birth_area_terms: tuple[str, ...] = ()
    birth_local_keys: tuple[tuple[str, ...], ...] = ()
    nationality: str | None = None
    fate: str | None = None
    # Not a person's filter: the search for another reading of the surname (``engines.readings``) asks for
    # records with one of these surname keys and none of those.
    surname_keys: tuple[str, ...] = ()
    not_surname_keys: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[QueryWord, ...] = ()
    numbers: tuple[str, ...] = ()
    birth_year: int | None = None  # a hint that ranks, not a filter
    filters: Filters = field(default_factory=Filters)
    strictness: Strictness = "phonetic"
    limit: int = 20
    offset: int = 0
    with_facets: bool = True
    # Whether the closer matches alone may answer (``first_stage_suffices``), as for a person reading pages;
    # family lookup gathers every candidate, sound-alikes and typos too, whatever the first page holds.
    staged: bool = True


@dataclass(frozen=True)
class StoredRecord:
    """What an engine keeps of a record for its hits: the summary a result list shows, and its name words
    as analysed at index time (``stored_analysis``), which explaining and ordering the hits read."""

    summary: dict[str, Any]
    analysis: LiveAnalysis = LIVE


@dataclass
class Hit:
    id: str
    score: float
    summary: dict[str, Any]  # what a result list shows, stored in the index beside the keys
    analysis: LiveAnalysis = LIVE  # the record's name words as the index analysed them
    # Moved up from further down as the best record of another reading (``engines.readings``).
    other_reading: bool = False


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def _as_it_is(doc: SearchDocument) -> SearchDocument:
    return doc


class SearchEngine(ABC):
    """What every engine does. The store is the source of truth; an engine holds a derived index."""

    name: str = "abstract"
    # Capabilities a caller may check rather than discover by failure.
    supports_facets: bool = True
    # The form a document is handed to ``rebuild`` in. A plain module-level function, so a big job
    # applies it in the worker processes that build the documents and the process feeding the engine
    # only passes the result on.
    encode_document: Callable[[SearchDocument], Any] = staticmethod(_as_it_is)

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abstractmethod
    def upsert(self, documents: Sequence[SearchDocument]) -> None: ...

    @abstractmethod
    def delete(self, record_ids: Sequence[str]) -> None: ...

    @abstractmethod
    def commit(self, applied_seq: int) -> None:
        """Make the writes so far visible and remember the outbox position they bring the index to."""

    @abstractmethod
    def applied_seq(self) -> int:
        """The outbox position the index has applied (0 for a fresh index)."""

    @abstractmethod
    def rebuild(self, batches: Iterable[Sequence[Any]], applied_seq: int) -> int:
        """Build a fresh index from ``batches`` of documents encoded by ``encode_document`` beside the
        live one, then swap it in; searches go on being answered by the old index meanwhile. Returns the
        number of documents indexed."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def readiness(self) -> tuple[bool, str]:
        """Whether the engine can answer searches now, and why not."""

    def needs_rebuild(self) -> bool:
        """True when the index is missing or was built by an older format."""
        return False

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
