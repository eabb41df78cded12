"""The staff record form: a record as form fields and back, and validation problems by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from starlette.datastructures import FormData

from indexer.records import FieldProblem, Record

BLANK_ROWS = 2  # empty camp and source rows under the filled ones: room for a new stay without scripts
TEXT_FIELDS = (
    "id", "surname", "given_name", "patronymic", "sex", "birth_date", "birth_place", "nationality", "rank",
    "unit", "fate", "death_date", "death_place", "burial_place", "notes",
)  # fmt: skip
CAMP_PARTS = ("camp", "number", "from", "to")
SOURCE_PARTS = ("archive", "reference", "url")


@dataclass
class RecordForm:
    """A record as the edit form holds it: strings as typed, so a failed save gives back every keystroke."""

    values: dict[str, str]
    name_variants: str = ""  # one spelling per line: Pogoschew, Pagoschew
    camps: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)


def form_of_record(record: Record | None) -> RecordForm:
    data = record.to_json() if record else {}
    return RecordForm(
        values={name: str(data.get(name, "")) for name in TEXT_FIELDS},
        name_variants="\n".join(data.get("name_variants", [])),
        camps=[{p: str(c.get(p, "")) for p in CAMP_PARTS} for c in data.get("camps", [])],
        sources=[{p: str(s.get(p, "")) for p in SOURCE_PARTS} for s in data.get("sources", [])],
    )


def _rows(form: FormData, prefix: str, parts: tuple[str, ...]) -> list[dict[str, str]]:
    """Repeated inputs ``camps.camp``, ``camps.number``… zipped into rows; empty rows dropped."""
    columns = [[str(v).strip() for v in form.getlist(f"{prefix}.{part}")] for part in parts]
    rows = [dict(zip(parts, cells, strict=True)) for cells in zip_longest(*columns, fillvalue="")]
    return [row for row in rows if any(row.values())]


def form_from_post(form: FormData) -> RecordForm:
    return RecordForm(
        values={name: str(form.get(name) or "").strip() for name in TEXT_FIELDS},
        name_variants=str(form.get("name_variants") or ""),
        camps=_rows(form, "camps", CAMP_PARTS),
        sources=_rows(form, "sources", SOURCE_PARTS),
    )


def record_data(form: RecordForm) -> dict[str, Any]:
    """The form as an import line: empty inputs left out, one variant per non-empty line."""
    data: dict[str, Any] = {k: v for k, v in form.values.items() if v}
    variants = [line.strip() for line in form.name_variants.splitlines() if line.strip()]
    lists = {
        "name_variants": variants,
        "camps": [{k: v for k, v in row.items() if v} for row in form.camps],
        "sources": [{k: v for k, v in row.items() if v} for row in form.sources],
    }
    return data | {k: v for k, v in lists.items() if v}


def problems_by_field(problems: list[FieldProblem], line_label: str) -> dict[str, list[str]]:
    """Reasons keyed by where the form shows them: ``surname``, a camp cell ``camps.0.from``, and the
    variants box for ``name_variants.2`` (as "line 3: …", the third line the person typed)."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        key, reason = problem.field, problem.reason
        head, _, index = key.partition(".")
        if head == "name_variants" and index.isdigit():
            key, reason = head, f"{line_label % {'line': int(index) + 1}}: {reason}"
        found.setdefault(key, []).append(reason)
    return found
