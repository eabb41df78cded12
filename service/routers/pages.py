"""HTML pages: the search page and the record page. Every page has a JSON twin under /api.

Pages speak the visitor's language (service/i18n.py); labels defined here are marked with ``N_`` for the
catalog and translated per request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from indexer.errors import EngineUnavailable, InvalidRequest, MemorialError, NotFound
from indexer.search import QueryInput, run_search
from indexer.search.family import find_families
from service.deps import EngineDep, StoreDep
from service.family_picture import family_svg
from service.i18n import N_, PageLanguage, PageLanguageDep
from service.timeline import timeline_svg

PAGE_SIZE = 20
# The API pages up to 1000 results (MEMORIAL_MAX_WINDOW): 50 pages of 20.
LAST_REACHABLE_PAGE = 50
REACHABLE = LAST_REACHABLE_PAGE * PAGE_SIZE
MATCH_LABELS = {
    "number": N_("prisoner number"),
    "exact": N_("exact spelling"),
    "variant": N_("other spelling of the same name"),
    "given_name_equivalent": N_("equivalent given name"),
    "family": N_("same family name (other form)"),
    "phonetic": N_("sounds alike"),
    "national_form": N_("national form of the name"),
    "typo": N_("close spelling"),
    "consonants": N_("same consonants, other vowels"),
    "initial": N_("same initial"),
    "unmatched": "",
}
# The record field a query word met, as the "why" line names it: “Pogozhev” → surname Погожев.
FIELD_LABELS = {
    "surname": N_("surname"),
    "given_name": N_("given name"),
    "patronymic": N_("patronymic"),
    "number": N_("prisoner number"),
    "name_variants": N_("other spelling"),
}
FATES = ("died", "survived", "escaped", "repatriated", "unknown")
# Russian and Ukrainian fates agree with the person's sex (умер / умерла): a woman's record must not read
# as a man's. Чернова Мария Ивановна is a woman by her patronymic even when the card has no sex field, and
# so is Мамедова Айша Али кызы: Azerbaijani, Tatar, Kazakh, Kyrgyz, Uzbek and Turkmen patronymics say
# "daughter" in a word of their own (кызы, qızı, қызы, qizi, gyzy; kysy as a German clerk heard it).
_FEMININE_PATRONYMIC = (
    *("вна", "чна", "wna", "vna", "tschna", "chna"),
    *("кызы", "қызы", "гызы", "qızı", "qizi", "kizi", "kyzy", "kysy", "gyzy"),
)
_FEMININE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "owa", "ewa", "ova", "eva", "skaja")


def likely_sex(person: Mapping[str, Any]) -> Literal["m", "f"] | None:
    """The person's sex as recorded, else as the patronymic or surname shows it, else None."""
    if person.get("sex") in ("m", "f"):
        return person["sex"]
    patronymic = (person.get("patronymic") or "").lower()
    if patronymic:
        return "f" if patronymic.endswith(_FEMININE_PATRONYMIC) else "m"
    surname = (person.get("surname") or "").lower()
    return "f" if surname.endswith(_FEMININE_SURNAME) else None


def fate_labels(lang: PageLanguage, sex: str | None) -> dict[str, str]:
    """Fates as said of one person. Without a known sex, a man's: nearly every prisoner was a man."""
    if sex == "f":
        return {
            "died": lang.pgettext("fate of a woman", "died"),
            "survived": lang.pgettext("fate of a woman", "survived"),
            "escaped": lang.pgettext("fate of a woman", "escaped"),
            "repatriated": lang.pgettext("fate of a woman", "repatriated"),
            "unknown": lang.pgettext("fate of a woman", "fate unknown"),
        }
    return {
        "died": lang.pgettext("fate of a man", "died"),
        "survived": lang.pgettext("fate of a man", "survived"),
        "escaped": lang.pgettext("fate of a man", "escaped"),
        "repatriated": lang.pgettext("fate of a man", "repatriated"),
        "unknown": lang.pgettext("fate of a man", "fate unknown"),
    }


def death_heading(lang: PageLanguage, person: Mapping[str, Any]) -> str:
    """The record page's heading of the death row, in the person's sex: «Умер» / «Умерла»."""
    if likely_sex(person) == "f":
        return lang.pgettext("death of a woman, before its date and place", "Died")
    return lang.pgettext("death of a man, before its date and place", "Died")


def death_phrase(lang: PageLanguage, person: Mapping[str, Any]) -> str | None:
    """A hit's death as its facts line says it, "died 1975-03-01 in Москва", or None without a date or place.

    Said as a death whatever the fate: "survived 1975-03-01" read as the day he survived, not the day he died.
    """
    date, place = person.get("death_date"), person.get("death_place")
    if not date and not place:
        return None
    values = {"date": date, "place": place}
    if likely_sex(person) == "f":
        if date and place:
            return lang.pgettext("death of a woman", "died %(date)s in %(place)s") % values
        if date:
            return lang.pgettext("death of a woman", "died %(date)s") % values
        return lang.pgettext("death of a woman", "died in %(place)s") % values
    if date and place:
        return lang.pgettext("death of a man", "died %(date)s in %(place)s") % values
    if date:
        return lang.pgettext("death of a man", "died %(date)s") % values
    return lang.pgettext("death of a man", "died in %(place)s") % values


def hit_fate_and_death(lang: PageLanguage, person: Mapping[str, Any]) -> list[str]:
    """The fate and the death of a hit's facts line: "survived · died 1975-03-01"; a fate "died" is not
    said twice when the death phrase already says it."""
    death = death_phrase(lang, person)
    fate = fate_label(lang, person)
    if person.get("fate") == "died" and death:
        fate = None
    return [part for part in (fate, death) if part]


def fate_filter_labels(lang: PageLanguage) -> dict[str, str]:
    """Fates as groups of people, for the facet list and its chip: «умершие», «выжившие»."""
    return {
        "died": lang.pgettext("fate, as a search filter", "died"),
        "survived": lang.pgettext("fate, as a search filter", "survived"),
        "escaped": lang.pgettext("fate, as a search filter", "escaped"),
        "repatriated": lang.pgettext("fate, as a search filter", "repatriated"),
        "unknown": lang.pgettext("fate, as a search filter", "unknown"),
    }


def fate_label(lang: PageLanguage, person: Mapping[str, Any]) -> str | None:
    """The person's fate in the page's language, or None when the record has none."""
    fate = person.get("fate")
    if not fate:
        return None
    return fate_labels(lang, likely_sex(person)).get(fate, fate)


def page_error(lang: PageLanguage, exc: MemorialError) -> str:
    """What a page says when a search fails: plain words, not the API's field names (q, birth_year_min)."""
    if isinstance(exc, InvalidRequest):
        field = exc.field
        if field == "birth_year_min":
            return lang.gettext("The first birth year is later than the last one.")
        if field == "surname":
            return lang.gettext("A surname must contain letters.")
        return lang.gettext("Type a name or a prisoner number, in at most 200 characters.")
    if isinstance(exc, EngineUnavailable):
        return lang.gettext("The search is unavailable for a moment. Please try again in a few minutes.")
    return lang.gettext("The search failed. Please try again later.")


router = APIRouter(include_in_schema=False)


def _int_or_none(value: str | None) -> int | None:
    # ASCII digits only: "²".isdigit() holds, and int("²") raises.
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _year_param(value: str | None) -> str | None:
    year = _int_or_none(value)
    return None if year is None else str(year)


def page_number(value: str | None, last: int | None = None) -> int:
    """The page asked for, at least 1 and at most ``last`` when given: a person who edits the address
    (page=0, page=abc) gets a page, never a validation error in JSON."""
    asked = _int_or_none(value) or 1
    return asked if last is None else min(asked, last)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    engine: EngineDep,
    lang: PageLanguageDep,
    q: str | None = None,
    camp: str | None = None,
    nationality: str | None = None,
    fate: str | None = None,
    birth_year_min: str | None = None,
    birth_year_max: str | None = None,
    birth_place: str | None = None,
    match: str = "phonetic",
    page: str | None = None,
) -> HTMLResponse:
    params = {
        k: v
        for k, v in dict(
            q=q,
            camp=camp,
            nationality=nationality,
            # What the search cannot use is not shown as a filter in force, nor carried into the next
            # search (fate=alive, a year that is no number).
            fate=fate if fate in FATES else None,
            birth_year_min=_year_param(birth_year_min),
            birth_year_max=_year_param(birth_year_max),
            birth_place=(birth_place or "").strip()[:200] or None,
            match=match if match in {"exact", "variants"} else None,
        ).items()
        if v
    }
    # Not clamped to the last reachable page: page=51 shown as page 50 under an address saying 51 looked
    # like a page of its own. A page past the paging window is answered with the total and no hits.
    page_shown = page_number(page)
    past_window = page_shown > LAST_REACHABLE_PAGE
    context: dict[str, Any] = {
        "request": request,
        "params": params,
        "q": q or "",
        "result": None,
        "error": None,
        "labels": lang.labels(MATCH_LABELS),
        "fields": lang.labels(FIELD_LABELS),
        "fate_filter": fate_filter_labels(lang),
        "fate_and_death_of": lambda hit: hit_fate_and_death(lang, hit),
        "page": page_shown,
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
                    fate=fate if fate in FATES else None,
                    birth_year_min=_int_or_none(birth_year_min),
                    birth_year_max=_int_or_none(birth_year_max),
                    birth_place=params.get("birth_place"),
                    strictness=match if match in {"exact", "variants", "phonetic"} else "phonetic",  # type: ignore[arg-type]
                    limit=PAGE_SIZE,
                    offset=0 if past_window else (page_shown - 1) * PAGE_SIZE,
                ),
            )
            context["result"] = replace(result, hits=[]) if past_window else result
            context["pages"] = min((result.total + PAGE_SIZE - 1) // PAGE_SIZE, LAST_REACHABLE_PAGE)
            # 1,092 Погожевы found, 1,000 reachable by paging: the page says so rather than stop at page 50.
            context["reachable"] = REACHABLE if result.total > REACHABLE else None
            # Page 51 of 1,092 Погожевы: the page says only the first 1,000 can be paged and links back to
            # page 50. With 25 Петровы, page 51 is merely past the end of the results, and says that.
            context["past_window"] = past_window and result.total > REACHABLE
        except InvalidRequest as exc:
            context["error"] = page_error(lang, exc)
        except MemorialError as exc:
            context["error"] = page_error(lang, exc)
            return lang.render(request, "search.html", context, status_code=exc.status_code)

    def link(**changes: Any) -> str:
        merged = {**params, **changes}
        return "/?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    context["link"] = link
    return lang.render(request, "search.html", context)


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str, store: StoreDep, lang: PageLanguageDep) -> HTMLResponse:
    record = store.get(record_id)
    if record is None:
        missing = {"request": request, "record_id": record_id}
        return lang.render(request, "not_found.html", missing, status_code=404)
    person = record.model_dump()
    # Under the heading «Судьба» an unknown fate reads «неизвестна», not «судьба неизвестна».
    fate = fate_filter_labels(lang)["unknown"] if record.fate == "unknown" else fate_label(lang, person)
    context: dict[str, Any] = {
        "request": request,
        "record": record,
        "fate": fate,
        "death_heading": death_heading(lang, person),
        "timeline": timeline_svg(
            record,
            title=lang.gettext("Camps over time"),
            unnamed=lang.gettext("camp not named"),
            # Translators: a camp stay whose start was not recorded, only its end: “until 1943-05”
            until=lang.pgettext("camp stay", "until %(date)s"),
        ),
    }
    return lang.render(request, "record.html", context)


@router.get("/family", response_class=HTMLResponse)
def family_page(
    request: Request,
    engine: EngineDep,
    lang: PageLanguageDep,
    surname: str | None = None,
    given_name: str | None = None,
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
            found = find_families(engine, surname[:200], given_name=given_name)
            families = [f.to_json() for f in found.families]
            context["families"] = families
            context["total"] = found.total
            context["pictures"] = [
                family_svg(
                    f,
                    father_label=lang.gettext("father (from the patronymics)"),
                    no_father=lang.gettext("father not recorded"),
                    born=lang.pgettext("abbreviation of born, before a date", "b."),
                    title=lang.gettext("Family"),
                    fate_of=lambda member: fate_label(lang, member),
                )
                if f["size"] > 1
                else ""
                for f in families
            ]
        except MemorialError as exc:
            context["error"] = page_error(lang, exc)
    return lang.render(request, "family.html", context)


__all__ = ["router", "NotFound"]
