"""Why a hit matched: which query word met which field of the record, how, and the record's own spelling.

Computed for the page of hits only, from the same analysis functions that built the index (their answers
for the record's spellings are read back from the document, ``stored_analysis``), so the explanation and
the ranking cannot disagree about what a key is.
"""

from __future__ import annotations

from typing import Any

import jellyfish

from indexer.engines.base import (
    ROLE_FIELDS,
    QueryWord,
    SearchQuery,
    father_initial_applies,
    given_initial_applies,
    given_typos_apply,
    patronymic_typos_apply,
    phonetic_confirm_distance,
)
from indexer.names.analysis import fold_spelling, words_of
from indexer.names.numbers import PrisonerNumber
from indexer.names.patronymics import patronymics_in_given_name
from indexer.names.stored_analysis import LIVE, LiveAnalysis
from indexer.names.typos import least_distance

# How a word matched, best first; the order the ranking uses too.
HOW_ORDER = (
    "exact",
    "variant",
    "given_name_equivalent",
    "family",
    "phonetic",
    "national_form",
    "typo",
    "consonants",
    "initial",
)


def _distance(a: tuple[str, ...], b: tuple[str, ...], within: int) -> int:
    """Edits between the likeliest two keys of ``a`` and any of ``b`` when at most ``within``; else more
    (pairs whose lengths differ by more are not compared)."""
    return least_distance(a[:2], b, within + 1)


def _spelled_within(word: QueryWord, folded: str) -> int | None:
    """Edits between the word as typed and a spelling (both folded), if within the word's budget."""
    if abs(len(word.exact) - len(folded)) > word.spelling_budget:
        return None
    spelled = jellyfish.damerau_levenshtein_distance(word.exact, folded)
    return spelled if spelled <= word.spelling_budget else None


def _surname_as_written(
    word: QueryWord, spelling: str, analysis: LiveAnalysis, loose: bool = True
) -> tuple[str, int] | None:
    # Most hits met as written or as a variant: their spelling's keys tell, without the family forms and
    # sound codes of the whole analysis (the costly part when a spelling is analysed live). ``loose`` is
    # taken as every quick matcher takes it: both ways are looked for at every strictness but exact.
    if word.exact == fold_spelling(spelling):
        return "exact", 0
    if not set(word.keys).isdisjoint(analysis.keys(spelling)):
        return "variant", 0
    return None


def _surname_as_analysed(
    word: QueryWord, spelling: str, analysis: LiveAnalysis, loose: bool = True
) -> tuple[str, int] | None:
    """The matches below a variant, which need the spelling's whole analysis; sound-alikes, typos and
    consonants only when ``loose`` (``match=phonetic``)."""
    theirs = analysis.surname(spelling)
    if set(word.family_keys) & set(theirs.family_keys):
        return "family", 0
    if not loose:
        return ("national_form", 0) if set(word.national_keys) & set(theirs.national_keys) else None
    confirm = phonetic_confirm_distance(word)
    distance = _distance(word.keys, theirs.keys, max(confirm, word.typo_budget))
    if distance <= confirm and not set(word.phonetic_codes).isdisjoint(theirs.phonetic_codes):
        return "phonetic", distance
    if set(word.national_keys) & set(theirs.national_keys):
        return "national_form", 0
    if distance > word.typo_budget and word.doubled:  # Poorelov: one edit from pogorelov before folding
        distance = min(distance, _distance(word.doubled, theirs.keys, word.typo_budget))
    if distance <= word.typo_budget:
        return "typo", distance
    spelled = _spelled_within(word, theirs.exact)
    if spelled is None and word.spelling_budget and set(word.repaired_keys) & set(theirs.keys):
        return "typo", 1  # one slip on the letters (Pugahcev for Pugachev), undone by ``repairs``
    if spelled is not None:
        return "typo", spelled
    if set(word.frames) & set(theirs.frames):
        return "consonants", 0  # the same consonants, other vowels: Yoldoshev for Юлдашев
    return None


def _name_match(
    word: QueryWord,
    spelling: str,
    same_name: bool,
    typos: bool,
    spelling_typos: bool,
    analysis: LiveAnalysis,
    initials: bool,
) -> tuple[str, int] | None:
    """How a word met a given name or a patronymic; ``same_name``: their classes (or fathers) agree;
    ``initials``: the word may meet an initial (``given_initial_applies``)."""
    if word.exact == fold_spelling(spelling):
        return "exact", 0
    if set(word.keys) & set(analysis.keys(spelling)):
        return "variant", 0
    if same_name:
        return "given_name_equivalent", 0
    found: tuple[str, int] | None = None
    # An initial on either side (А. for Андрей, or Андрей for a record's А.) agrees by its first sound.
    if (
        initials
        and (word.is_initial or analysis.is_initial(spelling))
        and set(word.initials) & set(analysis.initials(spelling))
    ):
        found = ("initial", 0)
    if not typos:
        return found
    distance = _distance(word.keys, analysis.keys(spelling), word.typo_budget)
    if distance <= word.typo_budget:
        return "typo", distance
    if not spelling_typos:
        return found
    spelled = _spelled_within(word, fold_spelling(spelling))
    return found if spelled is None else ("typo", spelled)


def _given_match(
    word: QueryWord, spelling: str, analysis: LiveAnalysis, loose: bool = True
) -> tuple[str, int] | None:
    same = bool(set(word.given_classes) & set(analysis.given_classes(spelling)))
    typos = loose and given_typos_apply(word)
    return _name_match(word, spelling, same, typos, True, analysis, given_initial_applies(word))


def _patronymic_match(
    word: QueryWord, spelling: str, analysis: LiveAnalysis, loose: bool = True
) -> tuple[str, int] | None:
    # Patronymics are indexed by key only (no spelling field), so no typo on the spelling meets them.
    same = bool(set(word.father_classes) & set(analysis.father_classes(spelling)))
    typos = loose and patronymic_typos_apply(word)
    return _name_match(word, spelling, same, typos, False, analysis, father_initial_applies(word))


def _candidates(summary: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(field, original value, word) for every name word of the record."""
    out: list[tuple[str, Any, str]] = []
    for field in ("surname", "given_name", "patronymic"):
        value = summary.get(field)
        words = words_of(value)
        out.extend((field, value, w) for w in words)
        if field == "surname" and len(words) > 1:  # indexed joined too: Terpetrosyan for Тер-Петросян
            out.append((field, value, "".join(words)))
        if field == "given_name":  # Nikolai Petrowitsch: indexed as the patronymic it holds too
            out.extend(("patronymic", value, w) for w in patronymics_in_given_name(words))
    for variant in summary.get("name_variants", []):
        out.extend(("name_variants", variant, w) for w in words_of(variant))
    return out


# Without the whole analysis of the spelling: a surname's matches as written or as a variant.
_QUICK_MATCHERS = {
    "surname": _surname_as_written,
    "name_variants": _surname_as_written,
    "given_name": _given_match,
    "patronymic": _patronymic_match,
}
_SURNAME_FIELDS = ("surname", "name_variants")
# What the whole analysis of a surname can find is a family form or worse; a word already met this well
# elsewhere in the record (Василий as the given name Василий) needs no surname analysis at all.
_ANALYSIS_CANNOT_BEAT = HOW_ORDER.index("family")


def explain_word(
    word: QueryWord, summary: dict[str, Any], analysis: LiveAnalysis = LIVE, strictness: str = "phonetic"
) -> dict[str, Any] | None:
    """The best way ``word`` met the record: the first candidate of the best rank. ``analysis`` answers
    what the record's spellings read as: the document's stored analysis when the engine has it. A surname
    spelling's whole analysis (family forms and sound codes) is looked at only when no candidate met the
    word at least as a given-name equivalent; the answer is the same either way."""
    return _explain_word(word, _candidates(summary), analysis, strictness)


def _explain_word(
    word: QueryWord, every_candidate: list[tuple[str, Any, str]], analysis: LiveAnalysis, strictness: str
) -> dict[str, Any] | None:
    candidates = [c for c in every_candidate if c[0] in ROLE_FIELDS[word.role]]
    loose = strictness == "phonetic"
    found = [_QUICK_MATCHERS[field](word, spelling, analysis, loose) for field, _, spelling in candidates]
    met = [HOW_ORDER.index(f[0]) for f in found if f is not None]
    if not met or min(met) >= _ANALYSIS_CANNOT_BEAT:
        found = [
            f
            if f is not None or field not in _SURNAME_FIELDS
            else _surname_as_analysed(word, spelling, analysis, loose)
            for f, (field, _, spelling) in zip(found, candidates, strict=True)
        ]
    if strictness == "exact":  # the spelling itself, nothing read from it (Андрюша is not Андрей)
        found = [f if f is not None and f[0] == "exact" else None for f in found]
    best: tuple[int, int, dict[str, Any]] | None = None
    for match, (field, original, _) in zip(found, candidates, strict=True):
        if match is None:
            continue
        how, distance = match
        rank = (HOW_ORDER.index(how), distance)
        if best is None or rank < best[:2]:
            best = (*rank, {"query": word.text, "field": field, "how": how, "record_spelling": original})
            if distance:
                best[2]["edits"] = distance
    return best[2] if best else None


def explain_hit(query: SearchQuery, summary: dict[str, Any], analysis: LiveAnalysis = LIVE) -> dict[str, Any]:
    words = []
    candidates = _candidates(summary)  # once for all the query's words
    for word in query.words:
        found = _explain_word(word, candidates, analysis, query.strictness)
        words.append(found or {"query": word.text, "field": None, "how": "unmatched"})
    for number in query.numbers:
        for stay in summary.get("camps", []):
            written = stay.get("number")
            if written and PrisonerNumber.normalize(written) == number:
                words.append(
                    {
                        "query": number,
                        "field": "number",
                        "how": "exact",
                        "record_spelling": written,
                        "camp": stay.get("camp"),
                    }
                )
                break
    explanation: dict[str, Any] = {"words": words}
    if query.birth_year is not None and summary.get("birth_date"):
        year = int(summary["birth_date"][:4])
        explanation["birth_year"] = {
            "query": query.birth_year,
            "record": year,
            "difference": abs(year - query.birth_year),
        }
    # The headline is how the surname matched (a relative judges a hit by it first), else the best word.
    on_surname = [w["how"] for w in words if w.get("field") in ("surname", "name_variants")]
    matched = on_surname or [w["how"] for w in words if w.get("field") and w["how"] in HOW_ORDER]
    explanation["best"] = min(matched, key=HOW_ORDER.index) if matched else "unmatched"
    if any(w.get("field") == "number" for w in words):
        explanation["best"] = "number"
    return explanation
