"""Name tables for the generator: surnames, given names and patronymics drawn by real frequency.

The counts come from the `russiannames` tables (data/names/, modern records). Soldiers born 1890-1927 bore
older names than today's Russians, so given names are reweighted by era: Фёдор and Степан up, Денис and
Артём (rare before the 1930s) down. Non-Slavic soldiers get their own surname pools from the tables'
ethnic column and short lists of given names typical of the time (Шалва, Ованес, Габдулла).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.generator.sampling import Weighted

NAMES_DIR = Path(__file__).resolve().parents[2] / "data" / "names"


def _parse_weights(spec: str) -> list[tuple[str, float]]:
    return [(name, float(weight)) for name, weight in (item.split(":") for item in spec.split())]


def _parse_weights_dict(spec: str) -> dict[str, float]:
    return dict(_parse_weights(spec))


def _words(spec: str) -> tuple[str, ...]:
    return tuple(spec.split())


def _pairs(spec: str) -> dict[str, str]:
    return dict(item.split(":", 1) for item in spec.split())


_CYRILLIC_NAME = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")

# The tables mostly write ё as е; Soviet papers often did too, but the person's true name has ё.
_YO_GIVEN = _pairs("Петр:Пётр Федор:Фёдор Семен:Семён Артем:Артём Алена:Алёна Матрена:Матрёна Фекла:Фёкла")
_YO_SURNAMES = _pairs(
    "Ковалев:Ковалёв Королев:Королёв Соловьев:Соловьёв Воробьев:Воробьёв Журавлев:Журавлёв "
    "Горбачев:Горбачёв Киселев:Киселёв Пугачев:Пугачёв Зверев:Зверёв Толкачев:Толкачёв Семенов:Семёнов "
    "Федоров:Фёдоров Артемов:Артёмов Чернышев:Чернышёв Хрущев:Хрущёв"
)
# Tatar and Bashkir surnames the tables left without an ethnic mark: Хабибуллин, Ахметзянов.
_TURKIC_ENDINGS = _words(
    "уллин уллаев мухаметов мухамедов мухамадиев зянов галиев ахметов ахмедов ахмадиев джанов ходжаев "
    "бердиев кулиев алиев рахманов"
)
_FEMALE_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")

# Era weights for given names of men born 1890-1927 (1.0 for names not listed among the frequent ones).
_MALE_ERA = _parse_weights_dict(
    "Иван:2.5 Василий:2.0 Пётр:2.0 Фёдор:3.0 Григорий:2.0 Степан:3.0 Семён:3.0 Яков:2.5 Егор:2.5 "
    "Афанасий:4 Тимофей:3 Кузьма:4 Филипп:2 Матвей:3 Тихон:4 Митрофан:4 Гавриил:3 Гаврил:3 Прокопий:4 "
    "Трофим:4 Никифор:4 Захар:3 Леонтий:3 Игнат:4 Игнатий:4 Ефим:3 Аким:3 Макар:4 Емельян:4 Прохор:4 "
    "Савелий:3 Илларион:4 Герасим:4 Фрол:4 Терентий:4 Лукьян:4 Архип:4 Спиридон:4 Ермолай:4 Евдоким:4 "
    "Осип:3 Корней:3 Фома:4 Никанор:4 Пантелей:4 Кондрат:4 Харитон:4 Ефрем:4 Анисим:4 Михаил:1.2 "
    "Павел:1.2 Николай:1.2 Илья:1.5 Алексей:1 Андрей:1 Дмитрий:1 Константин:1 Борис:1 Георгий:1 "
    "Аркадий:1 Иосиф:1 Леонид:0.8 Валентин:0.8 Александр:0.8 Сергей:0.7 Владимир:0.7 Виктор:0.6 "
    "Евгений:0.6 Анатолий:0.6 Антон:0.6 Данил:0.5 Роман:0.4 Юрий:0.3 Геннадий:0.3 Виталий:0.3 "
    "Станислав:0.3 Вячеслав:0.3 Глеб:0.3 Максим:0.3 Ян:0.3 Игорь:0.25 Олег:0.2 Эдуард:0.2 Кирилл:0.2 "
    "Валерий:0.15 Вадим:0.15 Денис:0.1 Артём:0.1 Владислав:0.1 Марат:0.1 Альберт:0.1 Роберт:0.1 "
    "Ярослав:0.1 Святослав:0.1 Ростислав:0.1 Артур:0.05 Тимур:0.05 Руслан:0 Алик:0 Эрик:0 Нинель:0 "
    "Марсель:0 Ренат:0 Эльдар:0 Рафаэль:0 Дамир:0"
)
_FEMALE_ERA = _parse_weights_dict(
    "Мария:2.5 Анна:2 Александра:2 Клавдия:3 Антонина:2.5 Валентина:1.5 Нина:1.5 Зинаида:3 Евдокия:4 "
    "Прасковья:4 Пелагея:4 Матрёна:4 Вера:1.5 Лидия:2 Екатерина:1.5 Татьяна:1 Евгения:1.5 Тамара:1 "
    "Зоя:1.5 Раиса:1.5 Ксения:1.5 Анастасия:1.5 Аграфена:4 Ефросинья:4 Варвара:2 Полина:1.2 Ольга:1 "
    "Надежда:1 Любовь:1 Таисия:1.5 Елизавета:1.5 Софья:1.3 Дарья:1.5 Галина:0.7 Елена:0.6 Ирина:0.4 "
    "Наталья:0.4 Людмила:0.3 Римма:0.2 Маргарита:0.2 Марина:0.1 Лариса:0.1 Алла:0.1 Лилия:0.1 "
    "Светлана:0.05 Юлия:0.05 Оксана:0.05 Инна:0.05 Альбина:0.05 Виктория:0.02"
)
# Rarer names than the listed ones are often modern or spelling noise in the tables: weigh them down.
_UNLISTED_ERA = {"m": 0.7, "f": 0.3}

# Given names of the non-Slavic groups, with weights for the time (the tables' counts are modern).
_GROUP_GIVEN: dict[str, str] = {
    "geor": "Георгий:30 Шалва:20 Вахтанг:10 Давид:14 Михаил:10 Илья:6 Григорий:6 Иосиф:5 Гиви:6 Отар:4 "
    "Зураб:4 Леван:5 Ираклий:4 Нико:5 Сандро:6 Котэ:3 Реваз:4 Шота:5 Вано:6 Серго:5 Автандил:3 Арчил:3 "
    "Бесарион:2 Константин:3 Алексей:3 Ражден:2 Элизбар:2",
    "arm": "Ованес:16 Саркис:12 Вартан:8 Гайк:5 Мкртич:8 Сурен:10 Грант:4 Левон:8 Ашот:10 Акоп:12 "
    "Погос:6 Тигран:6 Арутюн:12 Карапет:10 Аршак:6 Ваграм:4 Гурген:6 Баграт:4 Мигран:3 Арам:6 "
    "Андраник:4 Геворк:6 Сергей:6 Степан:6 Хачатур:8 Аветис:4 Мартирос:4 Оганес:8 Мисак:3 Амаяк:3",
    "turk": "Ахмет:14 Хасан:12 Габдулла:12 Абдулла:12 Хамит:8 Ибрагим:10 Мухамед:8 Гариф:6 Галим:6 "
    "Сабир:6 Закир:7 Нурулла:6 Файзулла:4 Гайнулла:4 Хабибулла:5 Шакир:6 Сагит:5 Ахмед:6 Мансур:6 "
    "Рашид:5 Рахим:5 Исмаил:5 Юсуп:6 Мамед:6 Гусейн:5 Али:5 Керим:4 Кадыр:4 Мурат:3 Султан:5 "
    "Турсун:4 Касым:5 Магомед:8 Хусаин:6 Зиннат:4 Алим:4 Газиз:4 Салих:5 Фатых:4 Габдрахман:5 "
    "Абдурахман:4 Жумабай:3 Эргаш:3 Шукур:3 Рахман:3 Нурмухамед:3",
    "jew": "Абрам:12 Моисей:12 Исаак:8 Наум:7 Лазарь:7 Самуил:6 Соломон:6 Израиль:5 Арон:5 Давид:7 "
    "Яков:12 Иосиф:10 Григорий:8 Борис:10 Лев:8 Ефим:8 Михаил:8 Семён:8 Марк:6 Илья:6 Зиновий:4 "
    "Вениамин:4 Исай:4 Хаим:4 Герш:3 Мендель:3",
    "germ": "Генрих:10 Иоганн:8 Яков:10 Фридрих:8 Давид:6 Александр:8 Андрей:6 Вильгельм:6 Карл:8 "
    "Адам:6 Филипп:6 Пётр:5 Иван:5 Август:5 Роберт:4 Эрнст:4 Рудольф:4 Франц:6 Готлиб:3 Эммануил:3",
}


def _rows(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(NAMES_DIR / f"{name}.tsv.gz", "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"), delimiter="\t")


def clean_name(text: str) -> str | None:
    """A table entry as a proper name (ПЛИЕВ -> Плиев), or None for entries that are not one."""
    text = text.strip()
    if text.isupper():
        text = "-".join(part.capitalize() for part in text.split("-"))
    return text if _CYRILLIC_NAME.match(text) else None


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def drop_typos(counts: dict[str, int], ratio: int = 10) -> dict[str, int]:
    """Drop entries one slip away from a name at least `ratio` times as frequent (Александ, Алексанр).

    Found by shared single-letter deletions, which catch a missing, extra or changed letter.
    """
    by_deletion: dict[str, list[str]] = {}
    for name in counts:
        for key in [name, *_deletions(name)]:
            by_deletion.setdefault(key, []).append(name)
    kept: dict[str, int] = {}
    for name, count in counts.items():
        neighbours = {other for key in [name, *_deletions(name)] for other in by_deletion.get(key, ())}
        if not any(counts[other] >= ratio * count for other in neighbours if other != name):
            kept[name] = count
    return kept


@dataclass(frozen=True, slots=True)
class NameTables:
    """Everything the generator draws names from; built once per process (see `name_tables`)."""

    surnames: dict[str, Weighted[str]]
    given: dict[tuple[str, str], Weighted[str]]
    fathers: dict[str, Weighted[str]]
    female_forms: dict[str, str]
    patronymics: dict[str, tuple[str, str]]

    def female_surname(self, surname: str) -> str:
        """The wife's or sister's form: Погожев -> Погожева, Гуревский -> Гуревская, Бойко -> Бойко."""
        known = self.female_forms.get(surname)
        return known if known is not None else female_surname_by_rule(surname)

    def patronymic(self, father: str, sex: str) -> str:
        """Patronymic from the father's name, as the tables write it: Илья -> Ильич, Кузьма -> Кузьминична."""
        forms = self.patronymics.get(father)
        if forms is not None:
            return forms[0] if sex == "m" else forms[1]
        return patronymic_by_rule(father, sex)


def female_surname_by_rule(surname: str) -> str:
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая"), ("ий", "ая")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # -енко, -ич, -ян, -швили, -дзе do not change


def patronymic_by_rule(father: str, sex: str) -> str:
    """For fathers the tables lack: Шалва -> Шалвович, Габдулла -> Габдуллович, Вано -> Ванович."""
    end = "ич" if sex == "m" else "на"
    if father.endswith("ий"):
        return father[:-2] + "иев" + end
    if father.endswith(("й", "ь")):
        return father[:-1] + "ев" + end
    if father.endswith(("а", "я", "о", "э", "и")):
        return father[:-1] + "ов" + end if father[-1] not in "иэ" else father + "ев" + end
    return father + "ов" + end


def _restore_yo(text: str, table: dict[str, str]) -> str:
    return table.get(text, text)


def _restore_yo_patronymic(text: str) -> str:
    for plain, yo in (("Федор", "Фёдор"), ("Семен", "Семён"), ("Артем", "Артём"), ("Парфен", "Парфён")):
        if text.startswith(plain):
            return yo + text[len(plain) :]
    return text


def _load_surnames() -> tuple[dict[str, list[tuple[str, float]]], dict[str, str]]:
    turkic_roots = {name for name, _ in _parse_weights(_GROUP_GIVEN["turk"])}
    pools: dict[str, list[tuple[str, float]]] = {
        g: [] for g in ("slav", "turk", "geor", "arm", "jew", "germ", "greek")
    }
    seen: set[str] = set()
    female_forms: dict[str, str] = {}
    for row in _rows("russiannames_surnames"):
        if row["gender"] == "f":
            continue
        text = clean_name(row["text"])
        if text is None or text in seen:
            continue
        seen.add(text)
        if row["gender"] != "m" and text.endswith(_FEMALE_ENDINGS):
            continue  # Иванова with no gender is a woman's form, not a family name of its own
        plain, text = text, _restore_yo(text, _YO_SURNAMES)
        female = text + "а" if text != plain else clean_name(row["f_form"])
        if female:
            female_forms[text] = female
        ethnic = row["ethnic"]
        group = {"": "slav", "slav": "slav", "polsk": "slav", "tur": "turk", "arab": "turk"}.get(
            ethnic, ethnic
        )
        if group == "slav" and (row["fname"] in turkic_roots or text.endswith(_TURKIC_ENDINGS)):
            group = "turk"
        if group in pools:
            pools[group].append((text, float(row["count"])))
            if group == "germ":
                pools["jew"].append((text, float(row["count"])))
    return pools, female_forms


def _load_given() -> dict[tuple[str, str], Weighted[str]]:
    counts: dict[str, dict[str, int]] = {"m": {}, "f": {}}
    for row in _rows("russiannames_names"):
        sex = row["gender"]
        if sex not in counts:
            continue
        text = clean_name(row["text"])
        if text is None:
            continue
        text = _restore_yo(text, _YO_GIVEN)
        era = _MALE_ERA if sex == "m" else _FEMALE_ERA
        # The tables tag the common Slavic names; untagged ones are often modern Tatar names (Ильнур).
        if row["ethnic"] != "slav" and era.get(text, 0) < 1:
            continue
        counts[sex][text] = counts[sex].get(text, 0) + int(row["count"])
    given: dict[tuple[str, str], Weighted[str]] = {}
    for sex, era in (("m", _MALE_ERA), ("f", _FEMALE_ERA)):
        kept = drop_typos(counts[sex])
        given[("slav", sex)] = Weighted((n, c * era.get(n, _UNLISTED_ERA[sex])) for n, c in kept.items())
    for group, spec in _GROUP_GIVEN.items():
        given[(group, "m")] = Weighted(_parse_weights(spec))
    given[("greek", "m")] = given[("slav", "m")]
    return given


def _load_patronymics() -> tuple[dict[str, tuple[str, str]], dict[str, float]]:
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for row in _rows("russiannames_midnames"):
        father = clean_name(row["fname"])
        text = clean_name(row["text"])
        if father is None or text is None or row["gender"] not in ("m", "f"):
            continue
        key = (_restore_yo(father, _YO_GIVEN), row["gender"])
        count = int(row["count"])
        if key not in best or best[key][0] < count:
            best[key] = (count, _restore_yo_patronymic(text))
    forms: dict[str, tuple[str, str]] = {}
    sons: dict[str, float] = {}
    for (father, sex), (count, text) in best.items():
        if sex == "m" and (father, "f") in best:
            forms[father] = (text, best[(father, "f")][1])
            sons[father] = float(count)
    return forms, sons


@lru_cache(maxsize=1)
def name_tables() -> NameTables:
    """Load and index the name tables (about a second; cached for the process)."""
    surname_pairs, female_forms = _load_surnames()
    given = _load_given()
    patronymics, sons = _load_patronymics()
    slav_given = set(given[("slav", "m")].items)
    # Fathers of men born 1890-1927 were born about 1850-1900: the same era weights apply.
    slav_fathers = Weighted(
        (father, count * _MALE_ERA.get(father, _UNLISTED_ERA["m"]))
        for father, count in sons.items()
        if count >= 50 and father in slav_given
    )
    fathers = {group: given[(group, "m")] for group in _GROUP_GIVEN} | {
        "slav": slav_fathers,
        "greek": slav_fathers,
    }
    return NameTables(
        surnames={group: Weighted(pairs) for group, pairs in surname_pairs.items()},
        given=given,
        fathers=fathers,
        female_forms=female_forms,
        patronymics=patronymics,
    )
