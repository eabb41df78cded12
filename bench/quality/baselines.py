"""Three baselines the engine is compared with, on the same queries over the same population, in memory.

- **exact**: the query's words against the records' words as written (lower case): what a plain
  database search does. It finds Погожев for Погожев and nothing for Pogozhev.
- **typo**: what Meilisearch does out of the box with the raw names: words folded to lower case without
  diacritics, one typo allowed from 5 letters and two from 9 (Damerau-Levenshtein), a typo on the first
  letter counting as two, the last query word also matched as a prefix; ranked by words matched, then
  typos, then exact words. Digits get no typos (prisoner numbers are identifiers).
- **dm**: Daitch-Mokotoff Soundex alone (the project's `dm_soundex`, the genealogists' standard) on the
  raw spellings: Pogozhev meets Pogoschew (both 754700), but a Cyrillic word has no code at all, which
  is this baseline's honest weakness. Ranked by words matched.

Every baseline searches surname, given name, patronymic, name variants, birth date and prisoner numbers
as tokens, and breaks ties by record order (as an engine breaks them by its internal id).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jellyfish

from indexer.names.dm_soundex import dm_soundex

BASELINES = ("exact", "typo", "dm")
_SPLIT = re.compile(r"[^\w]+|_")
_ONE_TYPO_FROM, _TWO_TYPOS_FROM = 5, 9


def exact_tokens(text: str) -> list[str]:
    """Words as written, in lower case: "Nr. 88349" -> ["nr", "88349"]."""
    return [t for t in _SPLIT.split(unicodedata.normalize("NFC", text).lower()) if t]


def folded_tokens(text: str) -> list[str]:
    """Words the way Meilisearch normalises them: lower case, diacritics dropped (Pogožev -> pogozev)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [t for t in _SPLIT.split(plain) if t]


def record_text(record: dict[str, Any]) -> str:
    """The searchable text of a record: its names, birth date and prisoner numbers."""
    parts = [record.get("surname"), record.get("given_name"), record.get("patronymic")]
    parts += record.get("name_variants") or []
    parts.append(record.get("birth_date"))
    parts += [camp.get("number") for camp in record.get("camps") or []]
    return " ".join(p for p in parts if p)


@dataclass
class BaselineIndex:
    """Postings of the population's words for the three baselines."""

    ids: list[str] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    folded: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    dm: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_start: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    by_tail: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: list[str] = field(default_factory=list)
    _typo_cache: dict[tuple[str, bool], dict[str, int]] = field(default_factory=dict)


def build_index(records: Iterable[dict[str, Any]]) -> BaselineIndex:
    index = BaselineIndex()
    for position, record in enumerate(records):
        index.ids.append(record["id"])
        text = record_text(record)
        for token in set(exact_tokens(text)):
            index.exact[token].append(position)
        for token in set(folded_tokens(text)):
            index.folded[token].append(position)
        codes = {code for token in exact_tokens(text) if not token.isdigit() for code in dm_soundex(token)}
        for code in codes:
            index.dm[code].append(position)
    for word in index.folded:
        if not word.isdigit():
            index.by_start[(word[0], len(word))].append(word)
            index.by_tail[word[1:]].append(word)
    index.vocabulary = sorted(w for w in index.folded if not w.isdigit())
    return index


def _budget(word: str) -> int:
    return 2 if len(word) >= _TWO_TYPOS_FROM else (1 if len(word) >= _ONE_TYPO_FROM else 0)


def typo_matches(index: BaselineIndex, word: str, prefix: bool) -> dict[str, int]:
    """Vocabulary words `word` meets and the typos each costs; a prefix match costs none."""
    cached = index._typo_cache.get((word, prefix))
    if cached is not None:
        return cached
    found: dict[str, int] = {word: 0} if word in index.folded else {}
    budget = 0 if word.isdigit() else _budget(word)
    for length in range(len(word) - budget, len(word) + budget + 1):
        for other in index.by_start.get((word[:1], length), ()):
            if other not in found:
                distance = jellyfish.damerau_levenshtein_distance(word, other)
                if distance <= budget:
                    found[other] = distance
    if budget == 2:  # a slip on the first letter costs both typos; the rest must then be exact
        swapped = word[1:2] + word[:1] + word[2:]
        for other in [*index.by_tail.get(word[1:], ()), *index.by_tail.get(word, ()), word[1:], swapped]:
            if other in index.folded and other not in found:
                found[other] = 2
    if prefix and not word.isdigit():
        start = bisect_left(index.vocabulary, word)
        for other in index.vocabulary[start : start + 2000]:
            if not other.startswith(word):
                break
            found.setdefault(other, 0)
    index._typo_cache[(word, prefix)] = found
    return found


@dataclass
class _Tally:
    words: int = 0
    typos: int = 0
    exact: int = 0


def _rank(tallies: dict[int, _Tally], ids: list[str], limit: int) -> list[str]:
    best = heapq.nsmallest(
        limit, tallies.items(), key=lambda item: (-item[1].words, item[1].typos, -item[1].exact, item[0])
    )
    return [ids[position] for position, _ in best]


def _rank_by_words(counts: Counter[int], ids: list[str], limit: int) -> list[str]:
    best = heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], item[0]))
    return [ids[position] for position, _ in best]


def search_exact(index: BaselineIndex, text: str, limit: int = 10) -> list[str]:
    counts: Counter[int] = Counter()
    for token in dict.fromkeys(exact_tokens(text)):
        counts.update(index.exact.get(token, ()))
    return _rank_by_words(counts, index.ids, limit)


def search_typo(index: BaselineIndex, text: str, limit: int = 10) -> list[str]:
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    tokens = list(dict.fromkeys(folded_tokens(text)))
    for number, token in enumerate(tokens):
        best: dict[int, tuple[int, bool]] = {}  # position -> (typos, matched the word exactly)
        for other, typos in typo_matches(index, token, prefix=number == len(tokens) - 1).items():
            exact = other == token
            for position in index.folded[other]:
                current = best.get(position)
                if current is None or (typos, not exact) < (current[0], not current[1]):
                    best[position] = (typos, exact)
        for position, (typos, exact) in best.items():
            tally = tallies[position]
            tally.words += 1
            tally.typos += typos
            tally.exact += exact
    return _rank(tallies, index.ids, limit)


def search_dm(index: BaselineIndex, text: str, limit: int = 10) -> list[str]:
    counts: Counter[int] = Counter()
    for token in dict.fromkeys(exact_tokens(text)):
        if token.isdigit():
            counts.update(index.exact.get(token, ()))
        else:
            counts.update({p for code in dm_soundex(token) for p in index.dm.get(code, ())})
    return _rank_by_words(counts, index.ids, limit)


SEARCHES: dict[str, Callable[[BaselineIndex, str, int], list[str]]] = {
    "exact": search_exact,
    "typo": search_typo,
    "dm": search_dm,
}
