"""HTML pages: the search page and the record page. Every page has a JSON twin under /api."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from indexer.errors import InvalidRequest, MemorialError, NotFound
from indexer.search import QueryInput, run_search
from indexer.search.family import find_families
from service.deps import EngineDep, StoreDep
from service.family_picture import family_svg
from service.timeline import timeline_svg

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
PAGE_SIZE = 20
MATCH_LABELS = {
    "number": "prisoner number",
    "exact": "exact spelling",
    "variant": "other spelling of the same name",
    "given_name_equivalent": "equivalent given name",
    "family": "same family name (other form)",
    "phonetic": "sounds alike",
    "national_form": "national form of the name",
    "typo": "close spelling",
    "unmatched": "",
}

router = APIRouter(include_in_schema=False)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    engine: EngineDep,
    q: str | None = None,
    camp: str | None = None,
    nationality: str | None = None,
    fate: str | None = None,
    birth_year_min: str | None = None,
    birth_year_max: str | None = None,
    match: str = "phonetic",
    page: Annotated[int, Query(ge=1, le=50)] = 1,
) -> HTMLResponse:
    params = {
        k: v
        for k, v in dict(
            q=q,
            camp=camp,
            nationality=nationality,
            fate=fate,
            birth_year_min=birth_year_min,
            birth_year_max=birth_year_max,
            match=match if match != "phonetic" else None,
        ).items()
        if v
    }
    context: dict[str, Any] = {
        "request": request,
        "params": params,
        "q": q or "",
        "result": None,
        "error": None,
        "labels": MATCH_LABELS,
        "page": page,
        "match": match,
    }
    if q and q.strip():
        try:
            result = run_search(
                engine,
                QueryInput(
                    q=q,
                    camp=camp or None,
                    nationality=nationality or None,
                    fate=fate if fate in {"died", "survived", "escaped", "repatriated", "unknown"} else None,
                    birth_year_min=_int_or_none(birth_year_min),
                    birth_year_max=_int_or_none(birth_year_max),
                    strictness=match if match in {"exact", "variants", "phonetic"} else "phonetic",  # type: ignore[arg-type]
                    limit=PAGE_SIZE,
                    offset=(page - 1) * PAGE_SIZE,
                ),
            )
            context["result"] = result
            context["pages"] = min((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 50)
        except InvalidRequest as exc:
            context["error"] = exc.message
        except MemorialError as exc:
            context["error"] = exc.message
            return TEMPLATES.TemplateResponse(request, "search.html", context, status_code=exc.status_code)

    def link(**changes: Any) -> str:
        merged = {**params, **changes}
        return "/?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    context["link"] = link
    return TEMPLATES.TemplateResponse(request, "search.html", context)


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str, store: StoreDep) -> HTMLResponse:
    record = store.get(record_id)
    if record is None:
        missing = {"request": request, "record_id": record_id}
        return TEMPLATES.TemplateResponse(request, "not_found.html", missing, status_code=404)
    context: dict[str, Any] = {"request": request, "record": record, "timeline": timeline_svg(record)}
    return TEMPLATES.TemplateResponse(request, "record.html", context)


@router.get("/family", response_class=HTMLResponse)
def family_page(
    request: Request, engine: EngineDep, surname: str | None = None, given_name: str | None = None
) -> HTMLResponse:
    context: dict[str, Any] = {
        "request": request,
        "surname": surname or "",
        "given_name": given_name,
        "families": [],
        "pictures": [],
        "error": None,
    }
    if surname and surname.strip():
        try:
            families = [f.to_json() for f in find_families(engine, surname[:200], given_name=given_name)]
            context["families"] = families
            context["pictures"] = [family_svg(f) if f["size"] > 1 else "" for f in families]
        except MemorialError as exc:
            context["error"] = exc.message
    return TEMPLATES.TemplateResponse(request, "family.html", context)


__all__ = ["router", "NotFound"]
