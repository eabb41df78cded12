"""Surnames: the gender-neutral family key, and the national normal form of russified surnames.

Both work on canonical keys (see ``indexer.names``), never on spellings, so Погожева, Pogoschewa and
Pogozheva are already ``pogojeva`` here and only the grammar and the nation are left to undo.

Family key
----------
A Russian surname agrees with the bearer's sex; a family lookup must see a husband, wife and daughter as one
family. ``family_key`` maps every gendered form to one key, the masculine where it can be told:

    Погожев / Погожева            pogojev / pogojeva           -> pogojev
    Пушкин / Пушкина              puqkin / puqkina             -> puqkin
    Вишневский / Вишневская       viwnevski / viwnevskaia      -> viwnevski   (Polish Wiśniewska too)
    Трубецкой / Трубецкая         trubeckoi / trubeckaia       -> trubecki
    Толстой / Толстая             tolstoi / tolstaia           -> tolsti      (adjectival -ой/-ый/-ий/-ая)
    Petrauskas / -ienė / -aitė    petrauskas / petrauskene / petrauskaite -> petrausk (husband/wife/daughter)
    Ozols / Ozola, Kalniņš / -ņa  ozols / ozola, kalninw / kalnina         -> ozol, kalnin (Latvian -s/-a)

Surnames that do not agree with sex stay as they are: Шевченко, Ковальчук, Черных, Джугашвили, Берия,
Окуджава, Мяги. So Иванов and Иваненко keep apart (ivanov, ivanenko).

National normal form
--------------------
A Soviet clerk russified the surname of an Armenian, a Georgian, an Estonian or an Azerbaijani, and the
family today spells it in its national romanization: Оганесян is Hovhannisyan, Акопян is Hakobyan,
Мамедов is Məmmədov. Generating every variant of either side would never end; instead both sides are
brought to one *normal form* by ``national_normal_form`` and meet on it:

1. the family key first (Мамедова -> mamedov);
2. a national ending is cut off and kept as a tag: Armenian -ян/-янц/-yan/-ian/-yants -> ``ian``;
   Georgian -швили, -дзе, -ия, -уа, -ава, -ани, -ели; Azerbaijani -заде; Slavic and Turkic possessive
   -ов/-ев/-ин and Kazakh -улы/-кызы are cut with an empty tag, because after 1991 many Central Asians
   dropped them (Нурмагамбетов, Nurmagambet, Nurmagambetuly meet);
3. Armenian initials: the Russian spelling lost the initial h before a vowel (Hakobyan, Акопян) and
   turned Hov- into О-/Ов- (Hovhannisyan, Оганесян, Ованесян);
4. the stem is reduced to a consonant skeleton: vowels after the first letter dropped (Sargsyan,
   Саркисян; Mammadov, Мамедов; Mägi, Мяги: ä/я, ü/ю, õ/ы differ only in vowels), voiced and voiceless
   pairs merged (Hakobyan b, Акопян п), г/к/х merged (Armenian h became Russian г: Shahinyan, Шагинян;
   Gevorgyan, Геворкян), дж = ж (Jughashvili, Джугашвили), дз = ц = ts (Hambardzumyan, Амбарцумян);
   an initial vowel is kept only as "a vowel" (Õunapuu, Ыунапуу).

Worked examples (key -> normal form):

    oganesian (Оганесян)      -> o + anes -> a n s  + ian  -> ansian
    hovhanisian (Hovhannisyan) -> o + anis -> a n s  + ian  -> ansian
    sarkisian / sargsian       -> s r k s + ian              -> srksian
    djugawvili / jugawvili     -> w k + wvili                -> wkwvili
    miagi (Мяги) / magi (Mägi) -> m k                        -> mk
    mamedov / mamadov          -> m m t                      -> mmt

The normal form is deliberately coarse (it is a candidate key, like a phonetic code: Иванов and Ованов
share ``afn``); the engine confirms and ranks it below exact and transliteration matches. Stem
correspondences no rule can reach (Абрамян, Abrahamyan) are listed in ``data/names/surname_forms.tsv``.

Consonant frame
---------------
The Turkic peoples' surnames carry the possessive -ов/-ев that the normal form cuts as too common to tell
anything, and their national spellings differ from the russified one in the vowels alone: Uzbek Yoldoshev
(Yoʻldoshev) is Юлдашев, Usmonov Усманов; Tatar Xösnetdinov (Хөснетдинов) is Хуснутдинов; Kazakh
Süleimenov Сулейменов. ``consonant_frame`` keeps a family key's consonants exactly, in order, and writes
every run of vowels as one ``a``:

    iuldawev (Юлдашев) / ioldowev (Yoldoshev)       -> aladawav
    husnutdinov (Хуснутдинов) / hesnetdinov          -> hasnatdanav

Russian surnames that differ in their vowels alone are many (Семенов, Симонов, Саманов share
``samanav``), so the frame is the last candidate there is: it ranks below a typo, and only a stem of three
consonants or more gets one (Кунаев and Конев would share ``kanav``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

SURNAME_FORMS = Path(__file__).resolve().parents[2] / "data" / "names" / "surname_forms.tsv"

_VOWELS = frozenset("aeiou")
_CONSONANTS = frozenset("bpdtgkhzsjwvfcqlmnr")
_DOUBLES = re.compile(r"(.)\1+")

# Endings shared by men and women: Шевченко, Джугашвили, Шеварднадзе, Берия, Гулуа, Окуджава, Живаго,
# Черных, Дурново. No rule below may touch them.
# Georgian -ия only after a consonant: -ая (Толстая) is an adjectival feminine, not Georgian.
_INDECLINABLE = re.compile(r"(?:enko|ko|wvili|dze|[^aeiou]ia|ua|ava|ago|ih|ovo)$")

# (ending, replacement, shortest stem left) in order; the first that fits is applied, once.
_FAMILY_RULES: tuple[tuple[str, str, int], ...] = (
    # Adjectival -ский/-ская and Polish/Ukrainian -ski/-ska, -cki/-cka: Вишневская, Wiśniewska, Трубецкой.
    ("skaia", "ski", 2),
    ("ckaia", "cki", 2),
    ("zkaia", "zki", 2),
    ("skoi", "ski", 2),
    ("ckoi", "cki", 2),
    ("ska", "ski", 2),
    ("cka", "cki", 2),
    ("zka", "zki", 2),
    # Other adjectival surnames: Толстая -> Толстой, Белая -> Белый, Горькая -> Горький, all -> stem + i.
    ("aia", "i", 3),
    ("oi", "i", 3),
    # Possessive -ов/-ев/-ин: Погожева, Королёва, Пушкина, Ивашина.
    ("ova", "ov", 1),
    ("eva", "ev", 1),
    ("ina", "in", 1),
    # Lithuanian wives (-ienė, folded to -ene) and daughters (-aitė, -ytė, -iūtė, -ūtė).
    ("aite", "", 3),
    ("iute", "", 3),
    ("ute", "", 3),
    ("ite", "", 3),
    ("ene", "", 3),
    # Lithuanian and Latvian men: Petrauskas, Adomaitis, Mickevičius, Butkus, Ozols, Ivanovs, Kalniņš.
    ("ius", "", 3),
    ("as", "", 3),
    ("is", "", 3),
    ("us", "", 3),
    ("nw", "n", 3),
)
# Latvian -s after a consonant: Ozols, Ivanovs; but -ts is ц (Estonian Päts, Пятс; Kõrvits, Кырвитс).
_FINAL_S = re.compile(r"(?<=[^aeiout])s$")
_FINAL_A = re.compile(r"(?<=[^aeiou])a$")  # Latvian women -a (Ozola), and masculine Сковорода alike
_MIN_GENERIC_ENDING_KEY = 5  # Сова, Кота stay: a four-letter word is as likely a masculine -a


# A Russian men's surname in Lithuanian or Latvian dress: Vasiljevas, Černovas, Ivanovs, Puškinas are
# Васильев, Чернов, Иванов, Пушкин (a woman's would end -ienė, -aitė or -a), so written without the Baltic
# ending. Not Latvian -ins: Liepiņš without its marks is a Latvian name, Лиепиньш, not Лиепин.
_BALTIC_MENS_ENDING = re.compile(r"(?:(?<=[oe]v)a?s|(?<=in)as)$")


def baltic_mens_form(written: str) -> str | None:
    """The Russian men's form of a Baltic spelling read before folding, or None: vasilievas -> vasiliev."""
    form = _BALTIC_MENS_ENDING.sub("", written)
    return form if form != written else None


@lru_cache(maxsize=200_000)
def family_key(key: str) -> str:
    """The gender-neutral family key of a surname key: pogojeva -> pogojev, petrauskaite -> petrausk.

    Ukrainian -ий/-а (Чорний, Чорна) is left apart on purpose: a masculine -а is as common (Сковорода,
    Кваша), and only -ський/-цький, where the feminine is certain, are joined.
    """
    if _INDECLINABLE.search(key):
        return key
    for ending, replacement, min_stem in _FAMILY_RULES:
        if key.endswith(ending) and len(key) - len(ending) >= min_stem:
            return _fold(key[: len(key) - len(ending)] + replacement)
    if len(key) >= _MIN_GENERIC_ENDING_KEY:
        key = _FINAL_S.sub("", key)
        key = _FINAL_A.sub("", key)
    return key


# Endings no given name has, or only a rare one: surnames' -ов/-ев (a clerk's -off too) and their
# feminines, -ин after a stem of five letters (Kalinin, Chabibullin; Ильин and Бахтин are too short to
# tell from Вениамин's kind), -ский/-цкий and -ska/-cki, -енко, -ук/-юк/-чук, -ок, -ник, -чик, -ич,
# Armenian -ян after a stem of four letters (Демьян, Лукьян are given names), Georgian -дзе and -швили;
# and patronymics' -вич/-вна/-ична. Not -ко (Janko, Mitko are given names) nor Lithuanian -as (Jonas).
_NO_GIVEN_NAME_ENDING = re.compile(
    r"(?:[oe]va?|of|.{5}in|[sczk]ki|[sczk]kaia|enko|[uo]k|nik|qik|iq|.{4}ian|dze|wvili|vic|vna|iqna)$"
)
_MIN_ENDING_KEY = 5  # Лев (lev) is a given name


def ends_as_no_given_name(key: str) -> bool:
    """Whether a key ends as surnames and patronymics do and given names hardly ever: Kartschewskij
    (karqevski), Pogoschew, Шевчук, Оганесян, Nikolaevich."""
    return len(key) >= _MIN_ENDING_KEY and _NO_GIVEN_NAME_ENDING.search(key) is not None


# National endings, cut from the family key and kept as a tag; longest first where they overlap.
_NATIONAL_ENDINGS: tuple[tuple[str, str], ...] = (
    # Armenian: Оганесян, Hovhannisyan, Hovhannisian; -янц: Мелик-Шахназарянц, Mantashyants.
    ("iants", "ian"),
    ("ianc", "ian"),
    ("ian", "ian"),
    # Georgian: Джугашвили, Шеварднадзе (German Schewardnadse), Берия, Гулуа, Окуджава, Дадиани, Церетели.
    ("wvili", "wvili"),
    ("dze", "dze"),
    ("dse", "dze"),
    ("ia", "ia"),
    ("ua", "ua"),
    ("ava", "ava"),
    ("ani", "ani"),
    ("eli", "eli"),
    # Azerbaijani: Расулзаде, Rasulzadə.
    ("zade", "zade"),
    # Kazakh patronymic surnames, and possessive endings the Central Asian forms may drop: Nurmagambetuly,
    # Nurmagambet, Нурмагамбетов; Tuqay, Тукаев; Fayzulla, Файзуллин.
    ("uli", ""),
    ("ulu", ""),
    ("kizi", ""),
    ("ov", ""),
    ("ev", ""),
    ("in", ""),
)
_MIN_NATIONAL_STEM = 2
# A skeleton of one consonant says too little (Ли, Ay), unless a national ending backs it (Дадиани, tani).
_MIN_SKELETON = 2
_MIN_SKELETON_WITH_TAG = 1

# Consonant classes of the skeleton: voicing pairs merge, г/к/х merge, ж/ш merge, в/ф merge.
_CONSONANT_CLASS = str.maketrans("bpdtgkhzsjwvfcqlmnr", "ppttkkksswwffcqlmnr")
# Spellings of one sound in two letters, read before the classes: Джугашвили dj = French j, Амбарцумян ц
# = Hambardzumyan dz, Päts ts = Пятс ц, Mickevičius ck = Мицкевич цк (German ck is к), Мкртчян тч =
# Mkrtchyan read as ч.
_PAIRS = (("dj", "j"), ("dz", "c"), ("ts", "c"), ("ck", "k"), ("tq", "q"))
_ARMENIAN_INITIAL_H = re.compile(r"^h(?=[aeiou])")  # Hakobyan -> Акопян, Harutyunyan -> Арутюнян
_ARMENIAN_INITIAL_HOV = re.compile(r"^o[vgh]+(?=[aeiou])")  # Hovhannisyan, Оганесян, Ованесян, Ohanian
_ARMENIAN_H_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])h(?=[aeiou])")  # Sahakyan: Саакян


@lru_cache(maxsize=200_000)
def national_normal_form(key: str) -> str | None:
    """The normal form a russified surname key shares with its national romanization, or None.

    oganesian (Оганесян) and hovhanisian (Hovhannisyan) both give ``ansian``; None when the skeleton is
    too short to mean anything (Ли, Ay). The h Russian lost between two vowels is dropped by a reading of
    the national spelling (Sahakyan read as sakian), so Sahakyan and Саакян are both ``skian``.
    """
    stem, tag = _split_national_ending(family_key(key))
    if tag == "ian":
        stem = _ARMENIAN_INITIAL_HOV.sub("o", _ARMENIAN_INITIAL_H.sub("", stem))
    stem = _stem_aliases().get((tag, stem), stem)
    skeleton = consonant_skeleton(stem)
    if len(skeleton) < (_MIN_SKELETON_WITH_TAG if tag else _MIN_SKELETON):
        return None
    return skeleton + tag


def national_tag(key: str) -> str:
    """The national ending a surname key carries (``ian``, ``wvili``, ``dze``...), or "" for none."""
    return _split_national_ending(family_key(key))[1]


def national_surname_keys(key: str) -> tuple[str, ...]:
    """The extra keys that connect a surname key with its national forms: its normal form, if any; for an
    Armenian name with an h between vowels, also the form without it, which the Russian spelling dropped
    as often as it wrote г (Սահակյան = Саакян, Վահանյան = Ваганян)."""
    forms = [national_normal_form(key)]
    if _ARMENIAN_H_BETWEEN_VOWELS.search(key) and national_tag(key) == "ian":
        forms.append(national_normal_form(_ARMENIAN_H_BETWEEN_VOWELS.sub("", key)))
    return tuple(dict.fromkeys(form for form in forms if form))


def _split_national_ending(key: str) -> tuple[str, str]:
    for ending, tag in _NATIONAL_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_NATIONAL_STEM:
            return key[: len(key) - len(ending)], tag
    return key, ""


@lru_cache(maxsize=200_000)
def consonant_skeleton(stem: str) -> str:
    """Consonant classes of a stem, an initial vowel as ``a``: oanes -> ans, sargs -> srks, djuga -> wk.

    Two letters of one class make one only side by side (Hovhannisyan's nn, Мкртчян's тч): with a vowel
    between, they are two sounds, or Агабабян (kpp) would be Акопян (kp)."""
    for pair, single in _PAIRS:
        stem = stem.replace(pair, single)
    out = "a" if stem[:1] in _VOWELS else ""
    before = ""  # the class of the letter just before, if a consonant
    for letter in stem:
        if letter in _CONSONANTS:
            sound = letter.translate(_CONSONANT_CLASS)
            if sound != before:
                out += sound
            before = sound
        else:
            before = ""
    return out


@lru_cache(maxsize=1)
def _stem_aliases() -> dict[tuple[str, str], str]:
    """(tag, stem) -> stem for correspondences no rule reaches: ian/abraham -> abram (Абрамян)."""
    if not SURNAME_FORMS.exists():
        return {}
    with SURNAME_FORMS.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(row["tag"], row["stem"]): row["normal_stem"] for row in rows}


_VOWEL_RUN = re.compile(r"[aeiou]+")
_MIN_FRAME_CONSONANTS = 3


@lru_cache(maxsize=200_000)
def consonant_frame(key: str) -> str | None:
    """The consonants of a surname's family key in order, each run of vowels one ``a``, or None when its
    stem (without -ов/-ев/-ин or a national ending) has fewer than three: ioldowev -> aladawav."""
    neutral = family_key(key)
    stem, _tag = _split_national_ending(neutral)
    if sum(letter not in _VOWELS for letter in stem) < _MIN_FRAME_CONSONANTS:
        return None
    return _VOWEL_RUN.sub("a", neutral)


def _fold(key: str) -> str:
    return _DOUBLES.sub(r"\1", key)
