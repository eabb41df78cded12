"""Letter tables for the non-Latin scripts: canonical-key letters and readable ASCII romanization.

Key letters follow the canonical alphabet in ``indexer.names`` (ж j, ч q, ш щ w, ц c, х h, ю iu, я ia).
Georgian and Armenian letters are keyed by the Russian letters Soviet clerks wrote for them, so
ჯუღაშვილი meets Джугашвили: ჯ was written дж (dj), ღ г (g), შ ш (w).
"""

from __future__ import annotations

# Letter tables read best as rows of pairs, so the formatter leaves them alone.
# fmt: off

# Cyrillic letter -> canonical key letters.  Ukrainian, Belarusian, pre-1918 and the Cyrillic letters of
# Soviet Central Asia and the Caucasus are included, because prisoners' cards used all of them
# (Хабибуллин, Қасымов, Ғафуров).
CYRILLIC_KEY: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "э": "e", "є": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "ы": "i", "і": "i", "ї": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "h",
    "ц": "c", "ч": "q", "ш": "w", "щ": "w", "ю": "iu", "я": "ia", "ь": "", "ъ": "",
    # pre-1918 spelling, still found on older documents: Ѳедоръ = Фёдор
    "ѣ": "e", "ѳ": "f", "ѵ": "i",
    # Kazakh, Uzbek, Tatar, Bashkir, Tajik, Chuvash letters, keyed by the Russian letter they replace
    "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "k", "ғ": "g", "ң": "n", "һ": "h", "ҳ": "h",
    "ҷ": "dj", "җ": "j", "ӣ": "i", "ӯ": "u", "ҙ": "z", "ҡ": "k", "ҫ": "s", "ӑ": "a", "ӗ": "e",
    "ӳ": "u", "ј": "i", "ѓ": "g", "ќ": "k",
}

# Latin letters that look like Cyrillic ones and slip into Cyrillic data entry: "Ивaнов" with a Latin a.
LATIN_HOMOGLYPHS: dict[str, str] = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к", "m": "м",
    "t": "т", "i": "і", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М",
    "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І",
}

# Russian BGN/PCGN, ASCII (primes dropped).  е, ё, ю, я, й take their "y" forms at the start of a word
# and after a vowel or a hard/soft sign; that is handled in transliteration.romanize.
RUSSIAN_ROMAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ѣ": "e", "ѳ": "f", "ѵ": "i",
    "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "q", "ғ": "gh", "ң": "ng", "һ": "h", "ҳ": "h",
    "ҷ": "j", "җ": "zh", "ӣ": "i", "ӯ": "u", "ҙ": "z", "ҡ": "q", "ҫ": "s", "ӑ": "a", "ӗ": "e",
    "ӳ": "u", "ј": "j", "ѓ": "g", "ќ": "k",
}

# Ukrainian national system (2010): г h, ґ g, и y, і i; є ї й ю я have y-forms only word-initially.
UKRAINIAN_ROMAN: dict[str, str] = {
    **RUSSIAN_ROMAN, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "й": "i", "є": "ie",
    "ю": "iu", "я": "ia", "е": "e",
}
UKRAINIAN_INITIAL: dict[str, str] = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

# Belarusian BGN/PCGN: г h, ў w, і i.
BELARUSIAN_ROMAN: dict[str, str] = {**RUSSIAN_ROMAN, "г": "h", "ў": "w", "і": "i"}

# Georgian (Mkhedruli) -> (key letters as a Soviet clerk wrote them in Russian, national 2002 romanization
# without the ejective apostrophes, as Georgian passports print it).
GEORGIAN: dict[str, tuple[str, str]] = {
    "ა": ("a", "a"), "ბ": ("b", "b"), "გ": ("g", "g"), "დ": ("d", "d"), "ე": ("e", "e"),
    "ვ": ("v", "v"), "ზ": ("z", "z"), "თ": ("t", "t"), "ი": ("i", "i"), "კ": ("k", "k"),
    "ლ": ("l", "l"), "მ": ("m", "m"), "ნ": ("n", "n"), "ო": ("o", "o"), "პ": ("p", "p"),
    "ჟ": ("j", "zh"), "რ": ("r", "r"), "ს": ("s", "s"), "ტ": ("t", "t"), "უ": ("u", "u"),
    # ფ was written п: ფიროსმანი = Пиросмани
    "ფ": ("p", "p"), "ქ": ("k", "k"), "ღ": ("g", "gh"), "ყ": ("k", "q"), "შ": ("w", "sh"),
    "ჩ": ("q", "ch"), "ც": ("c", "ts"), "ძ": ("dz", "dz"), "წ": ("c", "ts"), "ჭ": ("q", "ch"),
    "ხ": ("h", "kh"), "ჯ": ("dj", "j"), "ჰ": ("h", "h"),
    # archaic letters
    "ჱ": ("e", "e"), "ჲ": ("i", "y"), "ჳ": ("v", "w"), "ჴ": ("h", "q"), "ჵ": ("o", "o"),
    "ჶ": ("f", "f"), "ჷ": ("e", "e"), "ჸ": ("i", "y"), "ჹ": ("g", "g"), "ჺ": ("k", "q"),
}

# Armenian -> (key letters as written in Russian, BGN/PCGN romanization without apostrophes).
# յան was written ян (Петросян: Պետրոսյան), so յ is the key's i.  հ stays h: the surname module knows
# that Հովհաննիսյան became Оганесян.
ARMENIAN: dict[str, tuple[str, str]] = {
    "ա": ("a", "a"), "բ": ("b", "b"), "գ": ("g", "g"), "դ": ("d", "d"), "ե": ("e", "e"),
    "զ": ("z", "z"), "է": ("e", "e"), "ը": ("i", "y"), "թ": ("t", "t"), "ժ": ("j", "zh"),
    "ի": ("i", "i"), "լ": ("l", "l"), "խ": ("h", "kh"), "ծ": ("c", "ts"), "կ": ("k", "k"),
    "հ": ("h", "h"), "ձ": ("dz", "dz"), "ղ": ("g", "gh"), "ճ": ("q", "ch"), "մ": ("m", "m"),
    "յ": ("i", "y"), "ն": ("n", "n"), "շ": ("w", "sh"), "ո": ("o", "o"), "չ": ("q", "ch"),
    "պ": ("p", "p"), "ջ": ("dj", "j"), "ռ": ("r", "r"), "ս": ("s", "s"), "վ": ("v", "v"),
    "տ": ("t", "t"), "ր": ("r", "r"), "ց": ("c", "ts"), "ւ": ("v", "v"), "փ": ("p", "p"),
    "ք": ("k", "k"), "օ": ("o", "o"), "ֆ": ("f", "f"), "և": ("ev", "ev"),
}
# ու is one vowel, у; ո opens a word as во (Ոսկանյան = Восканян); ե opens it as е/ye (Երեմյան = Еремян).
ARMENIAN_DIGRAPHS: dict[str, tuple[str, str]] = {"ու": ("u", "u")}
ARMENIAN_INITIAL: dict[str, tuple[str, str]] = {"ո": ("vo", "vo"), "ե": ("e", "ye"), "և": ("ev", "yev")}
# fmt: on
