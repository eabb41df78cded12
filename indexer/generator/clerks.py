"""How a German camp clerk wrote a Russian name he heard: Погожев became Pogoschew, Pagoschew or Pogoshew.

The clerk wrote by ear with German letter values, so one Cyrillic name has several likely spellings. Each
letter (or letter group) of the name gets a short list of weighted options; the spellings of the whole name
are the products of those options. The most likely one is the "primary" spelling, the others differ from it
in one or two places; `clerk_spellings` lists them, `clerk_spelling` draws one by its weight.
"""

from __future__ import annotations

import random
from bisect import bisect
from functools import lru_cache
from itertools import accumulate

Option = tuple[str, float]
Segment = tuple[Option, ...]

VOWELS = frozenset("аеёиоуыэюя")
# After these the iotated vowels keep their j: Васильев -> Wassiljew, Алексеев -> Alexejew.
_IOTATING = VOWELS | {"ь", "ъ"}
_HUSHING = frozenset("жшчщц")
# Consonants a clerk sometimes doubled after a short vowel: Малинин -> Mallinin.
_DOUBLABLE = frozenset("лмнтп")

# Letters whose spelling does not depend on context. ж and ш: German has no letter, so sch (Pogoschew),
# sometimes sh; ч is tsch (Tschernow); х is ch (Charkow), rarely h; з is a voiced s (Kosakow).
_PLAIN: dict[str, Segment] = {
    "а": (("a", 1.0),),
    "б": (("b", 1.0),),
    "в": (("w", 1.0),),
    "г": (("g", 0.96), ("h", 0.04)),
    "д": (("d", 1.0),),
    "ж": (("sch", 0.78), ("sh", 0.22)),
    "з": (("s", 1.0),),
    "к": (("k", 1.0),),
    "л": (("l", 1.0),),
    "м": (("m", 1.0),),
    "н": (("n", 1.0),),
    "п": (("p", 1.0),),
    "р": (("r", 1.0),),
    "т": (("t", 1.0),),
    "у": (("u", 1.0),),
    "ф": (("f", 1.0),),
    "х": (("ch", 0.9), ("h", 0.1)),
    "ц": (("z", 0.8), ("tz", 0.12), ("ts", 0.08)),
    "ч": (("tsch", 0.9), ("tsh", 0.1)),
    "ш": (("sch", 0.8), ("sh", 0.2)),
    "щ": (("schtsch", 0.65), ("sch", 0.25), ("stsch", 0.1)),
    "ъ": (("", 1.0),),
    "ы": (("y", 0.6), ("i", 0.4)),
    "ь": (("", 1.0),),
    "э": (("e", 1.0),),
}

# Word endings heard as one sound. -ий -> Dmitri/Dmitrij; -ов -> Iwanow/Iwanoff.
_ENDINGS: dict[str, Segment] = {
    "ий": (("i", 0.5), ("ij", 0.35), ("y", 0.1), ("ii", 0.05)),
    "ый": (("y", 0.5), ("i", 0.25), ("ij", 0.15), ("yj", 0.1)),
    "ой": (("oi", 0.5), ("oj", 0.45), ("oy", 0.05)),
    "ей": (("ei", 0.45), ("ej", 0.45), ("ey", 0.1)),
    "ай": (("ai", 0.6), ("aj", 0.4)),
    "ов": (("ow", 0.74), ("off", 0.16), ("of", 0.06), ("ov", 0.04)),
    "ев": (("ew", 0.72), ("eff", 0.16), ("ef", 0.05), ("jew", 0.04), ("ev", 0.03)),
    "ёв": (("jow", 0.68), ("joff", 0.13), ("ew", 0.12), ("jew", 0.04), ("jeff", 0.03)),
}

# Given names a clerk sometimes replaced by the German form he knew: Пётр -> Peter, Андрей -> Andreas.
GERMAN_GIVEN_NAMES: dict[str, str] = {
    "Александр": "Alexander",
    "Андрей": "Andreas",
    "Антон": "Anton",
    "Георгий": "Georg",
    "Григорий": "Gregor",
    "Иван": "Johann",
    "Иосиф": "Josef",
    "Карл": "Karl",
    "Михаил": "Michael",
    "Николай": "Nikolaus",
    "Павел": "Paul",
    "Пётр": "Peter",
    "Степан": "Stephan",
    "Фёдор": "Theodor",
    "Филипп": "Philipp",
    "Яков": "Jakob",
    "Мария": "Maria",
    "Анна": "Anna",
    "Екатерина": "Katharina",
    "Елизавета": "Elisabeth",
}


def _iotated(letter: str, prev: str) -> Segment:
    """е ё ю я: with j at the start of a word or after a vowel or soft sign (Евгений -> Jewgeni)."""
    initial = prev == "" or prev in _IOTATING
    if letter == "е":
        if initial:
            return (("je", 0.85), ("e", 0.15))
        # After ж ш ч щ ц no j is heard (Tschernow); after other consonants a clerk sometimes wrote one.
        return (("e", 1.0),) if prev in _HUSHING else (("e", 0.95), ("je", 0.05))
    if letter == "ё":
        if initial:
            return (("jo", 0.9), ("je", 0.1))
        if prev in _HUSHING:
            # Горбачёв -> Gorbatschow: after sch the j is not heard.
            return (("o", 0.8), ("e", 0.2))
        # A clerk copying a Soviet paper that wrote ё as е got Fedor, not Fjodor.
        return (("jo", 0.65), ("e", 0.3), ("io", 0.05))
    if letter == "ю":
        return (("ju", 1.0),) if initial else (("ju", 0.9), ("iu", 0.05), ("u", 0.05))
    # я
    if prev == "и":
        return (("ja", 0.6), ("a", 0.4))  # Мария -> Marija, Maria
    return (("ja", 1.0),) if initial else (("ja", 0.92), ("ia", 0.08))


def _ending(ending: str, prev: str) -> Segment:
    """Options for a two-letter word ending, iotated after a vowel: Васильев -> Wassiljew."""
    options = _ENDINGS[ending]
    if ending == "ёв" and prev in _HUSHING:
        return (("ow", 0.75), ("off", 0.15), ("ew", 0.1))  # Горбачёв -> Gorbatschow
    if prev in _HUSHING:
        return tuple((s, w) for s, w in options if not s.startswith("j"))  # Зайцев -> Sajzew, not Sajzjew
    if ending[0] == "е" and prev in _IOTATING:
        # Mostly heard with j (Дмитриев -> Dmitrijew), sometimes not (Dmitriew, Зуев -> Suew).
        plain = [(spelling, weight) for spelling, weight in options if not spelling.startswith("j")]
        heard = [("j" + s, w * 0.85) for s, w in plain] + [(s, w * 0.15) for s, w in plain]
        return tuple(sorted(heard, key=lambda option: -option[1]))
    return options


def _segment(word: str, i: int) -> tuple[Segment, int]:
    """Options for the letter(s) at position i of a lower-case word, and how many letters they cover."""
    letter = word[i]
    prev = word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    last = i + 2 == len(word)
    if last and i > 0 and word[i:] in _ENDINGS:
        return _ending(word[i:], prev), 2
    if letter == "к" and nxt == "с":
        return (("x", 0.6), ("ks", 0.4)), 2  # Максим -> Maxim, Александр -> Alexander
    if letter in "еёюя":
        return _iotated(letter, prev), 1
    if letter == "и":
        if prev == "":
            return (("i", 0.85), ("j", 0.15)), 1  # capital I and J look alike in German script: Jwanow
        if prev == "ь":
            return (("ji", 0.8), ("i", 0.2)), 1  # Ильин -> Iljin
        return (("i", 1.0),), 1
    if letter == "й":
        return (("j", 0.6), ("i", 0.4)), 1  # Бойко -> Bojko, Boiko
    if letter == "ь" and nxt == "о":
        return (("j", 1.0),), 1  # Ковальов -> Kowaljow
    if letter == "ь" and nxt in VOWELS:
        return (("", 0.88), ("i", 0.12)), 1  # the next vowel takes the j (Wassiljew), or not: Wassiliew
    if letter == "о":
        # Unstressed о sounds like а (akanye); stress is unknown, so allow it before the last syllable.
        if prev and any(ch in VOWELS for ch in word[i + 1 :]):
            return (("o", 0.88), ("a", 0.12)), 1  # Погожев -> Pagoschew
        return (("o", 1.0),), 1
    if letter == "с":
        if prev == "":
            return (("s", 0.85), ("ss", 0.15)), 1  # Ssmirnow, Ssemjonow: a clerk marking the voiceless s
        if prev in VOWELS and nxt in VOWELS:
            return (("ss", 0.75), ("s", 0.25)), 1  # a single s between vowels would be voiced: Wassili
        return (("s", 1.0),), 1
    if letter in "бдгв" and nxt == "":
        devoiced = {"б": "p", "д": "t", "г": "k", "в": "f"}[letter]
        plain = _PLAIN[letter][0][0]
        return ((plain, 0.8), (devoiced, 0.2)), 1  # final consonants are devoiced: Глеб -> Glep
    base = _PLAIN.get(letter, ((letter, 1.0),))
    if letter == nxt and letter not in VOWELS:
        # Russian double letters were often heard single: Кирилл -> Kiril, Геннадий -> Genadi.
        return ((base[0][0], 0.75), ("", 0.25)), 1
    if letter in _DOUBLABLE and prev in VOWELS and nxt in VOWELS:
        return ((base[0][0], 0.94), (base[0][0] * 2, 0.06)), 1
    return base, 1


def _segments(word: str) -> list[Segment]:
    segments: list[Segment] = []
    i = 0
    while i < len(word):
        options, width = _segment(word, i)
        segments.append(options)
        i += width
    return segments


def _capitalise(latin: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in latin.split("-"))


@lru_cache(maxsize=4096)
def clerk_weighted_spellings(name: str, limit: int = 16) -> tuple[tuple[str, float], ...]:
    """Likely clerk spellings of a Cyrillic name with their probabilities, most likely first.

    Considers every spelling that differs from the primary one in at most two letters, keeps the `limit`
    most likely, and renormalises. Иванов -> (Iwanow, Iwanoff, Jwanow, ...).
    """
    return _weighted_spellings(name, limit)


def _weighted_spellings(name: str, limit: int) -> tuple[tuple[str, float], ...]:
    lower = name.strip().lower()
    if not lower:
        return ()
    parts = lower.split("-")
    part_segments = [_segments(p) for p in parts]
    segments: list[Segment] = []
    for k, segs in enumerate(part_segments):
        if k:
            segments.append((("-", 1.0),))
        segments.extend(segs)
    primary_weight = 1.0
    for seg in segments:
        primary_weight *= seg[0][1]
    singles = sorted(
        ((seg[j][1] / seg[0][1], k, j) for k, seg in enumerate(segments) for j in range(1, len(seg))),
        key=lambda single: -single[0],
    )
    candidates: list[tuple[float, dict[int, int]]] = [(1.0, {})]
    candidates += [(ratio, {k: j}) for ratio, k, j in singles]
    # Two changes at once are only likely among the likeliest single changes: pair the top few.
    top = singles[:6]
    for a, (ratio_a, k_a, j_a) in enumerate(top):
        for ratio_b, k_b, j_b in top[a + 1 :]:
            if k_a != k_b:
                candidates.append((ratio_a * ratio_b, {k_a: j_a, k_b: j_b}))
    best = sorted(candidates, key=lambda c: -c[0])[: limit * 2]  # stable: ties keep their order
    primary = [seg[0][0] for seg in segments]
    merged: dict[str, float] = {}
    for ratio, choice in best:
        pieces = primary.copy()
        for k, j in choice.items():
            pieces[k] = segments[k][j][0]
        spelling = _capitalise("".join(pieces))
        merged[spelling] = merged.get(spelling, 0.0) + ratio * primary_weight
    kept = list(merged.items())[:limit]
    total = sum(w for _, w in kept)
    return tuple((s, w / total) for s, w in kept)


def clerk_spellings(name: str) -> tuple[str, ...]:
    """Likely spellings of a Cyrillic name by a German clerk, most likely first: Чернов -> Tschernow, ..."""
    return tuple(s for s, _ in clerk_weighted_spellings(name))


def german_spelling(name: str) -> str | None:
    """The most likely clerk spelling: Погожев -> Pogoschew; None for an empty name."""
    spellings = clerk_weighted_spellings(name)
    return spellings[0][0] if spellings else None


# The generator's cache: one entry per distinct name (115,000 in six million records, about 120 MB).
@lru_cache(maxsize=1 << 18)
def _sampler(name: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    weighted = _weighted_spellings(name, 16)
    return tuple(s for s, _ in weighted), tuple(accumulate(w for _, w in weighted))


def clerk_spelling(name: str, rng: random.Random) -> str:
    """One clerk's spelling of a Cyrillic name, drawn by likelihood: Иванов -> Iwanow, sometimes Iwanoff."""
    spellings, cumulative = _sampler(name)
    if not spellings:
        return name
    index = bisect(cumulative, rng.random() * cumulative[-1])
    return spellings[min(index, len(spellings) - 1)]


def clerk_given_name(name: str, rng: random.Random, germanise: float = 0.1) -> str:
    """A given name as a clerk wrote it: by ear (Pjotr), or now and then the German form (Peter)."""
    german = GERMAN_GIVEN_NAMES.get(name)
    if german is not None and rng.random() < germanise:
        return german
    return clerk_spelling(name, rng)
