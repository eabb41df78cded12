"""How a query's words are searched beside each other, and how a distant sound-alike is confirmed."""

from __future__ import annotations

from indexer.engines.tantivy_query import sound_alike_terms
from indexer.names.analysis import SOUND_CODE_LENGTH, phonetic_codes, sound_terms_of, surname_word_keys


def test_sound_terms_are_each_key_behind_its_own_codes() -> None:
    keys = surname_word_keys("Солженицын").keys
    terms = sound_terms_of(keys)
    assert terms == tuple(c + keys[0] for c in sorted(phonetic_codes(keys[0])))
    assert all(len(t) > SOUND_CODE_LENGTH and t[:SOUND_CODE_LENGTH].isdigit() for t in terms)
    # Only the three likeliest keys: the sound codes are the likeliest readings' (phonetic_codes_of).
    many = surname_word_keys("Tjajkovskij").keys
    assert len(many) > 3
    assert {t[SOUND_CODE_LENGTH:] for t in sound_terms_of(many)} == set(many[:3])


def test_a_distant_sound_alike_is_confirmed_over_the_keys_of_its_code() -> None:
    index = {
        "484646": ["484646soljenicin", "484646solenicin", "484646salamatin"],
        "486460": ["486460solenicine"],
    }
    asked: list[tuple[str, str]] = []

    def lexicon(field: str, prefix: str) -> list[tuple[str, int]]:
        asked.append((field, prefix))
        return [(term, 1) for term in index.get(prefix, [])]

    # Soljenitsyne reads solenicine: Солженицын's key is two edits away, Саламатин's far beyond.
    found = sound_alike_terms(lexicon, ("484646",), "solenicine", 2)
    assert found == ["484646soljenicin", "484646solenicin"]
    assert asked == [("surname_sound", "484646")]
    assert sound_alike_terms(lexicon, ("484646",), "solenicine", 1) == ["484646solenicin"]
    assert sound_alike_terms(lexicon, ("999999",), "solenicine", 2) == []
