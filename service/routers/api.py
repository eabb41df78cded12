"""The public JSON API: search and records. Plain ``def`` routes: the engine and the store block, so they
run in the thread pool and both cores serve searches (tantivy releases the GIL while it searches)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Response

from indexer.errors import InvalidRequest, NotFound
from indexer.records import FATES
from indexer.search import QueryInput, run_search
from indexer.search.family import find_families
from indexer.search.parse import MAX_QUERY_LENGTH
from service.api_errors import INVALID, NOT_FOUND, UNAVAILABLE
from service.deps import EngineDep, SettingsDep, StoreDep

router = APIRouter(prefix="/api", tags=["public API"], responses=INVALID | UNAVAILABLE)

FateParam = Literal["died", "survived", "escaped", "repatriated", "unknown"]
assert set(FateParam.__args__) == set(FATES)  # type: ignore[attr-defined]


def search_input(
    settings: Any,
    q: str | None,
    surname: str | None,
    given_name: str | None,
    patronymic: str | None,
    number: str | None,
    birth_year_min: int | None,
    birth_year_max: int | None,
    camp: str | None,
    birth_place: str | None,
    nationality: str | None,
    fate: str | None,
    match: str,
    limit: int,
    offset: int,
    facets: bool,
) -> QueryInput:
    if limit > settings.max_limit:
        raise InvalidRequest(f"limit is {limit}; at most {settings.max_limit}", details={"field": "limit"})
    if offset + limit > settings.max_window:
        raise InvalidRequest(
            f"offset + limit is {offset + limit}; results can be paged up to {settings.max_window}",
            details={"field": "offset"},
        )
    return QueryInput(
        q=q,
        surname=surname,
        given_name=given_name,
        patronymic=patronymic,
        number=number,
        birth_year_min=birth_year_min,
        birth_year_max=birth_year_max,
        camp=camp,
        birth_place=birth_place,
        nationality=nationality,
        fate=fate,
        strictness=match,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
        with_facets=facets,
    )


def text(description: str) -> Any:
    return Query(max_length=MAX_QUERY_LENGTH, description=description)


def year(description: str) -> Any:
    return Query(ge=1800, le=2000, description=description)


def json_response(body: dict[str, Any]) -> Response:
    """``body`` as JSON, serialised here. A dict returned from a plain ``def`` route is validated against
    its declared type by FastAPI in a second trip through the thread pool, for a check of a free-form dict:
    measured at a million records, FastAPI's own time around a search went from about 2.1 to 1.7 ms."""
    return Response(orjson.dumps(body), media_type="application/json")


@router.get("/search", summary="Search the name index", response_model=dict[str, Any])
def search(
    settings: SettingsDep,
    engine: EngineDep,
    q: Annotated[
        str | None,
        Query(
            description="Free text: surname, given name, patronymic in any order and script; a prisoner "
            "number; a four-digit birth year"
        ),
    ] = None,
    surname: Annotated[str | None, text("The surname alone, in any script or spelling")] = None,
    given_name: Annotated[
        str | None, text("The given name alone (its equivalents and diminutives too)")
    ] = None,
    patronymic: Annotated[str | None, text("The patronymic alone (its father's name in any form)")] = None,
    number: Annotated[
        str | None, Query(max_length=40, description="A prisoner number, in any written form")
    ] = None,
    birth_year_min: Annotated[int | None, year("Born in or after this year")] = None,
    birth_year_max: Annotated[int | None, year("Born in or before this year")] = None,
    camp: Annotated[str | None, text("A camp, by its whole name or every word of it (stalag iv-b)")] = None,
    birth_place: Annotated[
        str | None, text("Every word of the birth place; a 1941 area named alone finds every place in it")
    ] = None,
    nationality: Annotated[str | None, text("A nationality as the facet lists it")] = None,
    fate: Annotated[FateParam | None, Query(description="What became of the person")] = None,
    match: Annotated[
        Literal["exact", "variants", "phonetic"],
        Query(
            description="exact spelling only; + transliteration, name equivalents and family forms; "
            "+ sound-alike and typos (default)"
        ),
    ] = "phonetic",
    limit: Annotated[int, Query(ge=1, description="Hits on the page, at most MEMORIAL_MAX_LIMIT (100)")] = 20,
    offset: Annotated[
        int, Query(ge=0, description="Hits skipped; offset + limit at most MEMORIAL_MAX_WINDOW (1000)")
    ] = 0,
    facets: Annotated[bool, Query(description="Count the hits by camp, nationality, fate, decade")] = True,
) -> Response:
    given = search_input(
        settings,
        q,
        surname,
        given_name,
        patronymic,
        number,
        birth_year_min,
        birth_year_max,
        camp,
        birth_place,
        nationality,
        fate,
        match,
        limit,
        offset,
        facets,
    )
    response = run_search(engine, given)
    body = response.to_json()
    for hit in body["hits"]:
        hit["url"] = f"/records/{hit['id']}"
    return json_response(body)


@router.get("/records/{record_id}", summary="One record, whole", responses=NOT_FOUND)
def get_record(record_id: str, store: StoreDep, response: Response) -> dict[str, Any]:
    found = store.get_with_version(record_id)
    if found is None:
        raise NotFound(f"no record with id {record_id!r}", details={"id": record_id})
    record, version = found
    # The version a staff client sends back as If-Match when it replaces the record (PUT /api/staff/…).
    response.headers["ETag"] = f'"{version}"'
    return record.to_json()


@router.get("/family", summary="Records that may be one family: same surname (any form), same father")
def family(
    settings: SettingsDep,
    engine: EngineDep,
    surname: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="in any script")],
    given_name: Annotated[
        str | None, Query(max_length=MAX_QUERY_LENGTH, description="a member's or the father's given name")
    ] = None,
    birth_place: Annotated[str | None, text("Every word of the birth place, or its 1941 area")] = None,
    birth_year_min: Annotated[int | None, year("A member born in or after this year")] = None,
    birth_year_max: Annotated[int | None, year("A member born in or before this year")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    if birth_year_min is not None and birth_year_max is not None and birth_year_min > birth_year_max:
        raise InvalidRequest("birth_year_min is after birth_year_max", details={"field": "birth_year_min"})
    found = find_families(
        engine,
        surname,
        given_name=given_name,
        birth_place=birth_place,
        birth_year_min=birth_year_min,
        birth_year_max=birth_year_max,
        limit=limit,
    )
    body = [f.to_json() for f in found.families]
    for fam in body:
        for member in fam["members"]:
            member["url"] = f"/records/{member['id']}"
    # total: how many families there were before the limit (a common name has hundreds of single records)
    return {"surname": surname, "total": found.total, "families": body}
