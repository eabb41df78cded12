"""The record: one person as an archive names them, in the shape of the import contract (DESIGN.md).

``Record`` validates a line of an import file, a staff form or an API body alike. Names are kept exactly
as written (any script); only surrounding white space is trimmed. Empty strings count as absent, because a
spreadsheet cannot tell the two apart.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal, NamedTuple

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

RECORD_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
_RECORD_ID = re.compile(RECORD_ID_PATTERN)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

FATES = ("died", "survived", "escaped", "repatriated", "unknown")
Fate = Literal["died", "survived", "escaped", "repatriated", "unknown"]
Sex = Literal["m", "f"]


@lru_cache(maxsize=65_536)  # a million records hold a few thousand distinct dates
def check_partial_date(value: str) -> str:
    """Accept ``1921``, ``1921-03`` or ``1921-03-05`` (a real calendar day); raise ValueError otherwise."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a partial ISO date (1921, 1921-03 or 1921-03-05)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not 1800 <= year <= 2100:
        raise ValueError(f"year {year} is out of range (1800-2100)")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"day {day:02d} does not exist in {year}-{month:02d}")
    return value


def year_of(partial_date: str | None) -> int | None:
    return int(partial_date[:4]) if partial_date else None


def is_before(partial_date: str, other: str) -> bool:
    """Whether one valid partial date is surely before another, compared at the precision both have: 1941
    is not before 1941-06 (it may be any month of 1941), 1941-05 is before 1941-06-01. The fixed-width ISO
    form sorts as text."""
    precision = min(len(partial_date), len(other))
    return partial_date[:precision] < other[:precision]


def folded_surname(surname: str) -> str:
    """A surname as the staff list sorts it and its "surname begins with" filter compares it: case folded
    in every script (SQLite's LOWER and LIKE fold only ASCII; PostgreSQL's LIKE folds nothing and its LOWER
    only what the server's locale knows), and ё read as е, since Russian print mostly writes ё as е (Сёмин,
    Семин). A NUL (typed into the filter's URL) is dropped: PostgreSQL refuses it in text."""
    return unicodedata.normalize("NFC", surname).casefold().replace("ё", "е").replace("\x00", "")


def one_newline_kind(text: str) -> str:
    """Line breaks as LF: browsers send a textarea's lines ending in CRLF and Windows spreadsheets quote
    multi-line cells with CRLF, so the same note would otherwise read back as changed ("…\r\nEnde")."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _is_blank(item: Any) -> bool:
    """An empty list item: a blank string, or an object whose every value is blank or null."""
    if isinstance(item, str):
        return not item.strip()
    if isinstance(item, dict):
        return all(value is None or (isinstance(value, str) and not value.strip()) for value in item.values())
    return False


Text = Annotated[StrictStr, Field(max_length=2000)]
Name = Annotated[StrictStr, Field(max_length=200)]
PartialDate = Annotated[StrictStr, Field(max_length=10)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value: Any) -> Any:
        # White space alone is nothing typed: a camp stay {"camp": "  "} has no camp name.
        if isinstance(value, str):
            return one_newline_kind(value) if value.strip() else None
        return value


class CampStay(_Strict):
    """One stay in one camp, with the prisoner number that camp gave, as written."""

    model_config = ConfigDict(populate_by_name=True)

    camp: Name | None = None
    number: Annotated[StrictStr, Field(max_length=40)] | None = None
    from_: PartialDate | None = Field(default=None, alias="from")
    to: PartialDate | None = None

    @field_validator("from_", "to")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        return check_partial_date(value) if value is not None else None


_WEB_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)  # HTTPS://EXAMPLE.ORG is one too


class Source(_Strict):
    archive: Text | None = None
    reference: Text | None = None
    url: Annotated[StrictStr, Field(max_length=2000)] | None = None

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not _WEB_ADDRESS.fullmatch(value):
            raise ValueError("must be a web address: http://… or https://…")
        return value


class Record(_Strict):
    id: StrictStr
    surname: Name
    given_name: Name | None = None
    patronymic: Name | None = None
    name_variants: list[Name] = Field(default_factory=list, max_length=50)
    sex: Sex | None = None
    birth_date: PartialDate | None = None
    birth_place: Text | None = None
    nationality: Name | None = None
    rank: Name | None = None
    unit: Text | None = None
    camps: list[CampStay] = Field(default_factory=list, max_length=50)
    fate: Fate | None = None
    death_date: PartialDate | None = None
    death_place: Text | None = None
    burial_place: Text | None = None
    sources: list[Source] = Field(default_factory=list, max_length=50)
    notes: Annotated[StrictStr, Field(max_length=20000)] | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _RECORD_ID.match(value):
            raise ValueError("must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
        return value

    @field_validator("surname")
    @classmethod
    def _surname(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("birth_date", "death_date")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        return check_partial_date(value) if value is not None else None

    @field_validator("name_variants", "camps", "sources", mode="before")
    @classmethod
    def _absent_list(cls, value: Any) -> Any:
        # Empty items are dropped without a word rather than refused: they are what a spreadsheet's empty
        # cells become (the CSV cell "Auschwitz|1418;|||" holds a second, empty camp stay) and what an
        # edit form's unused rows send, and they mean nothing. Kept, they showed as "Also written: , "
        # and an empty camp row, and made an export read back as changed. A camp stay or source with
        # anything at all in it is kept, to be checked ({"from": "1944"} is a stay in an unknown camp).
        if value is None:
            return []
        if isinstance(value, list):
            return [item for item in value if not _is_blank(item)]
        return value

    @property
    def birth_year(self) -> int | None:
        return year_of(self.birth_date)

    def to_json(self) -> dict[str, Any]:
        """The contract form: absent fields left out, ``from`` spelt as in the import format."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True) | {
            "id": self.id,
            "surname": self.surname,
        }

    def content_hash(self) -> str:
        """Stable fingerprint of the record's content; tells an update from an unchanged re-import."""
        return hash_payload(self.to_json())

    def stored_form(self) -> StoredForm:
        """What the store keeps of the record, its JSON serialised once for both the row and the hash."""
        canonical = canonical_json(self.to_json())
        return StoredForm(
            self.id,
            self.surname,
            folded_surname(self.surname),
            self.given_name,
            self.birth_year,
            canonical.decode(),
            hashlib.blake2b(canonical, digest_size=16).hexdigest(),
        )


class StoredForm(NamedTuple):
    """A validated record as the store writes it: the columns, the contract JSON as text, its hash. Small
    and flat, so import workers can hand it to the writing process cheaply."""

    id: str
    surname: str
    surname_folded: str
    given_name: str | None
    birth_year: int | None
    data: str
    content_hash: str


def canonical_json(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON with sorted keys: the same bytes as ``json.dumps(ensure_ascii=False,
    sort_keys=True, separators=(",", ":"))`` (tested), several times faster."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


def hash_payload(payload: dict[str, Any]) -> str:
    """The content hash of a record's contract form (``Record.to_json``)."""
    return hashlib.blake2b(canonical_json(payload), digest_size=16).hexdigest()


class FieldProblem(BaseModel):
    """What is wrong with one field of one input record."""

    field: str
    reason: str


def validate_record(data: Any) -> tuple[Record | None, list[FieldProblem]]:
    """Validate one record; return it, or every problem found in it (never both)."""
    if not isinstance(data, dict):
        return None, [FieldProblem(field="(line)", reason="a record must be a JSON object")]
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        return None, [_problem(err) for err in exc.errors()]
    problems = impossible_dates(record)
    return (None, problems) if problems else (record, [])


# The latest birth date anyone held in the war could have: its end in Europe, Victory Day, 9 May 1945.
# Not a later bound, though no prisoner of war was younger than about twelve (boys of 14-16 were captured
# with their units, "sons of the regiment" younger still): the index is for everyone the war persecuted,
# and children were born in the camps until their liberation (Auschwitz, 1943-45). Only a birth after the
# war's end is sure to be a slip (1990, or 1945 typed for 1915); an unlikely one stays for staff to check.
LATEST_BIRTH = "1945-05-09"


def impossible_dates(record: Record) -> list[FieldProblem]:
    """Dates that cannot be true: one in the future, a birth after the war's end, a death before the birth,
    a camp stay that ends before it begins or is dated before the birth or after the death. Partial dates
    are compared at the precision both have (``is_before``): a stay from 1942-05 is not after a death in
    1942.

    Checked on input (import, staff forms and API) rather than in ``Record`` itself, which also reads the
    store's records back: a record stored before this check existed must stay readable, and in the index,
    until staff correct it.
    """
    problems = []
    today = date.today().isoformat()
    dated = [("birth_date", record.birth_date), ("death_date", record.death_date)]
    for index, stay in enumerate(record.camps):
        dated += [(f"camps.{index}.from", stay.from_), (f"camps.{index}.to", stay.to)]
    for field, value in dated:
        if value and is_before(today, value):  # a typing slip: 2031 for 1931
            problems.append(FieldProblem(field=field, reason=f"{value} is in the future"))
    future_birth = record.birth_date and is_before(today, record.birth_date)  # reported above
    if record.birth_date and not future_birth and is_before(LATEST_BIRTH, record.birth_date):
        reason = f"{record.birth_date} is after the end of the war ({LATEST_BIRTH})"
        problems.append(FieldProblem(field="birth_date", reason=reason))
    if record.birth_date and record.death_date and is_before(record.death_date, record.birth_date):
        reason = f"{record.death_date} is before the birth date ({record.birth_date})"
        problems.append(FieldProblem(field="death_date", reason=reason))
    # A birth or death date already refused (1919 for a man born in 1921) is the slip; stays are not
    # measured by it.
    birth = None if any(p.field == "birth_date" for p in problems) else record.birth_date
    death = None if any(p.field == "death_date" for p in problems) else record.death_date
    for index, stay in enumerate(record.camps):
        if stay.from_ and stay.to and is_before(stay.to, stay.from_):
            reason = f"{stay.to} is before the start of the stay ({stay.from_})"
            problems.append(FieldProblem(field=f"camps.{index}.to", reason=reason))
        # One problem per stay, under its first cell dated before the birth or after the death: a stay
        # from 1943 after a death in 1942 need not be reported a second time for its end.
        cells = [(f"camps.{index}.{name}", value) for name, value in (("from", stay.from_), ("to", stay.to))]
        before_birth = [(f, v) for f, v in cells if v and birth and is_before(v, birth)]
        after_death = [(f, v) for f, v in cells if v and death and is_before(death, v)]
        if before_birth:
            field, value = before_birth[0]
            problems.append(FieldProblem(field=field, reason=f"{value} is before the birth date ({birth})"))
        elif after_death:
            field, value = after_death[0]
            problems.append(FieldProblem(field=field, reason=f"{value} is after the death date ({death})"))
    return problems


def _problem(err: Any) -> FieldProblem:
    location = ".".join("from" if part == "from_" else str(part) for part in err["loc"]) or "(line)"
    kind = err["type"]
    if kind == "extra_forbidden":
        reason = "unknown field"
    elif kind == "missing":
        reason = "required field is missing"
    elif kind == "string_type" and err["input"] is None:
        reason = "must not be empty"
    elif kind in {"string_type", "list_type", "dict_type", "model_type"}:
        expected = {"string_type": "a string", "list_type": "a list", "dict_type": "an object"}.get(
            kind, "an object"
        )
        reason = f"wrong type: expected {expected}, got {type(err['input']).__name__}"
    elif kind == "literal_error":
        reason = f"{err['input']!r} is not one of {err['ctx']['expected']}"
    else:
        reason = str(err["msg"]).removeprefix("Value error, ")
    return FieldProblem(field=location, reason=reason)
