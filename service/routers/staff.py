"""The staff area, for archivists and volunteers: add and correct records, delete them, import spreadsheets.

JSON under /api/staff (scripts, curl), pages under /staff; both behind one dependency (service/staff_auth.py).
Every write goes to the store with its outbox row in one transaction, then the outbox is applied to the
search index at once when the engine lets us: a volunteer who corrects Pogoschew to Pogoschew-Pagoschew
finds the record under the new spelling on the next search. When the engine cannot (Meilisearch down, the
embedded index's writer busy with an import) the sync worker applies it a few seconds later.
Plain ``def`` routes: the store and the engines block.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Annotated, Any

from babel.numbers import format_percent
from babel.units import format_unit
from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from indexer.engines.base import SearchEngine
from indexer.errors import (
    Conflict,
    EngineError,
    EngineUnavailable,
    ImportRejected,
    InvalidRequest,
    NotFound,
    StoreBusy,
)
from indexer.importing import WORKBOOK_REASON, is_workbook
from indexer.records import RECORD_ID_PATTERN, FieldProblem, validate_record
from indexer.store import Store
from indexer.sync import pending_changes
from service.api_errors import INVALID, STAFF
from service.deps import EngineDep, SettingsDep, StaffDep, StoreDep
from service.i18n import PageLanguage, PageLanguageDep
from service.import_jobs import read_job, start_import
from service.problem_text import translated_field, translated_reason
from service.routers.pages import fate_labels, likely_sex, page_number
from service.staff_auth import StaffSession, require_staff, safe_next, same_secret, signed_in, start_session
from service.staff_auth import end_session as end_staff_session
from service.staff_forms import (
    BLANK_ROWS,
    RecordForm,
    form_from_post,
    form_of_record,
    problems_by_field,
    record_data,
)
from service.staff_writes import (
    StaleVersion,
    create_record,
    etag_versions,
    import_upload,
    index_import,
    index_now,
    remove_record,
    report_json,
    save_record,
    save_upload,
    valid_record,
)

log = logging.getLogger(__name__)
RECORD_ID = re.compile(RECORD_ID_PATTERN)

PAGE_SIZE = 50
MAX_PAGE = 100_000

guard = [Depends(require_staff)]
api = APIRouter(prefix="/api/staff", tags=["staff"], dependencies=guard, responses=STAFF | INVALID)
pages = APIRouter(prefix="/staff", include_in_schema=False, dependencies=guard)
login = APIRouter(prefix="/staff", include_in_schema=False)


# -- the JSON API -----------------------------------------------------------------------------------
async def record_body(request: Request) -> Any:
    """The request body as JSON, or InvalidRequest saying where it is broken, as an import does for a bad
    line ("line 1: not valid JSON: Expecting ',' delimiter at column 13"); FastAPI's own answer named the
    character offset as a field ("11: JSON decode error")."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 (byte {exc.start + 1})"
    except json.JSONDecodeError as exc:
        reason = f"line {exc.lineno}: not valid JSON: {exc.msg} at column {exc.colno}"
    raise InvalidRequest(f"(body): {reason}", details=[{"field": "(body)", "reason": reason}])


# Read by ``record_body``; declared so /docs shows that the body is one record as a JSON object.
RECORD_BODY_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The record in the import format (README)",
        "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
    }
}
RecordBody = Annotated[Any, Depends(record_body)]


@api.post(
    "/records",
    status_code=201,
    summary="Create a record (409 if the id exists)",
    openapi_extra=RECORD_BODY_SCHEMA,
)
def api_create(body: RecordBody, response: Response, store: StoreDep, engine: EngineDep) -> dict[str, Any]:
    record = valid_record(body)
    create_record(store, record)
    response.headers["Location"] = f"/api/records/{record.id}"
    return {"result": "created", "indexed": index_now(store, engine), "record": record.to_json()}


@api.put(
    "/records/{record_id}",
    summary="Create or replace a record (the body's id must be the path's)",
    openapi_extra=RECORD_BODY_SCHEMA,
)
def api_put(
    record_id: str,
    body: RecordBody,
    response: Response,
    store: StoreDep,
    engine: EngineDep,
    if_match: Annotated[
        str | None,
        Header(
            description="The record's ETag as GET /api/records/{id} gave it: replace it only if it is still "
            "that version (412 otherwise), so that a change made meanwhile is not overwritten"
        ),
    ] = None,
) -> dict[str, Any]:
    if isinstance(body, dict) and body.get("id") != record_id:  # else valid_record says what it is
        reason = f"must be the id in the path, {record_id!r}"
        raise InvalidRequest(f"id: {reason}", details=[{"field": "id", "reason": reason}])
    record = valid_record(body)
    result = save_record(store, record, expected=etag_versions(if_match))
    response.headers["ETag"] = f'"{record.content_hash()}"'
    if result == "created":
        response.status_code = 201
        response.headers["Location"] = f"/api/records/{record.id}"
    return {"result": result, "indexed": index_now(store, engine), "record": record.to_json()}


@api.delete("/records/{record_id}", summary="Delete a record (404 if unknown)")
def api_delete(record_id: str, store: StoreDep, engine: EngineDep) -> dict[str, Any]:
    remove_record(store, record_id)
    return {"result": "deleted", "id": record_id, "indexed": index_now(store, engine)}


@api.post("/imports", summary="Import a JSON Lines or CSV file, all or nothing")
def api_import(
    request: Request,
    file: UploadFile,
    store: StoreDep,
    engine: EngineDep,
    dry_run: Annotated[bool, Form(description="validate and count only; write nothing")] = False,
) -> dict[str, Any]:
    if is_workbook(file.file, file.filename):
        reason = WORKBOOK_REASON
        raise InvalidRequest(f"file: {reason}", details=[{"field": "file", "reason": reason}])
    report = import_upload(store, file.file, file.filename, dry_run=dry_run)
    body = report_json(report, file.filename)
    if not report.ok:
        raise ImportRejected(report.summary(), details=body)
    if dry_run:
        return body
    return body | {"indexed": index_import(request.app.state.sync_worker, store, engine, report)}


# -- pages ------------------------------------------------------------------------------------------
async def posted_form(request: Request) -> FormData:
    return await request.form()  # already parsed (and cached) when the CSRF check read it


PostedForm = Annotated[FormData, Depends(posted_form)]


def render(
    lang: PageLanguage, request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    response = lang.render(request, name, {"request": request, **context}, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"  # record drafts and the CSRF token stay out of caches
    return response


def edit_response(
    request: Request,
    lang: PageLanguage,
    staff: StaffSession,
    form: RecordForm,
    *,
    record_id: str | None,
    errors: dict[str, list[str]] | None = None,
    saved: bool = False,
    status_code: int = 200,
    version: str | None = None,
    stale: bool = False,
    deleted: bool = False,
    busy: bool = False,
) -> HTMLResponse:
    errors = errors or {}
    context = {
        "busy": busy,
        "form": form,
        "record_id": record_id,
        "version": version,
        "stale": stale,
        "deleted": deleted,
        "errors": errors,
        "problem_count": sum(len(reasons) for reasons in errors.values()),
        "saved": saved,
        "csrf": staff.csrf_token,
        "blank_rows": BLANK_ROWS,
        "fates": fate_labels(lang, likely_sex(form.values)),
    }
    return render(lang, request, "staff/edit.html", context, status_code)


def save_form(
    request: Request,
    lang: PageLanguage,
    staff: StaffSession,
    store: Store,
    engine: SearchEngine,
    posted: FormData,
    record_id: str | None,
) -> Response:
    """Save the edit form (a new record when ``record_id`` is None); on a problem show the form again."""
    form = form_from_post(posted)
    if record_id is not None:
        form.values["id"] = record_id  # the id is the permalink: the form shows it but does not change it
    # The version the form was opened at stays with it through every answer that shows it again.
    version = str(posted.get("version") or "") or None
    record, problems = validate_record(record_data(form))
    if record is None:
        translated = [FieldProblem(field=p.field, reason=translated_reason(p.reason, lang)) for p in problems]
        errors = problems_by_field(translated, lang.gettext("line %(line)s"))
        return edit_response(
            request, lang, staff, form, record_id=record_id, errors=errors, status_code=422, version=version
        )
    try:
        if record_id is None:
            create_record(store, record)
        else:
            save_record(store, record, expected=frozenset({version}) if version else None)
    except StaleVersion as exc:
        # Someone saved this record since the form was opened. What was typed is kept; the form now holds
        # the current version, so saving it again is a deliberate choice to replace their change.
        current = exc.details["current_version"]
        return edit_response(
            request, lang, staff, form, record_id=record_id, status_code=409, version=current, stale=True
        )
    except Conflict:
        errors = {"id": [lang.gettext("A record with this id exists already.")]}
        return edit_response(
            request, lang, staff, form, record_id=record_id, errors=errors, status_code=409, version=version
        )
    except StoreBusy:  # an import holds the store: what was typed is kept, to be saved again after it
        return edit_response(
            request, lang, staff, form, record_id=record_id, status_code=503, version=version, busy=True
        )
    index_now(store, engine)
    return RedirectResponse(f"/staff/records/{record.id}/edit?saved=1", status_code=303)


def not_found(request: Request, lang: PageLanguage, record_id: str) -> HTMLResponse:
    return render(lang, request, "not_found.html", {"record_id": record_id}, status_code=404)


@login.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, lang: PageLanguageDep, next_page: Annotated[str, Query(alias="next")] = ""
) -> Response:
    if signed_in(request):
        return RedirectResponse(safe_next(next_page), status_code=303)
    return render(lang, request, "staff/login.html", {"next": safe_next(next_page), "error": None})


@login.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    settings: SettingsDep,
    lang: PageLanguageDep,
    token: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias="next")] = "",
) -> Response:
    if not token or not same_secret(settings.staff_token, token):
        error = lang.gettext("That is not the staff token.")
        context = {"next": safe_next(next_page), "error": error}
        return render(lang, request, "staff/login.html", context, status_code=401)
    response = RedirectResponse(safe_next(next_page), status_code=303)
    start_session(response, request, settings)
    return response


@pages.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    end_staff_session(response)
    return response


def outbox_backlog(store: Store, engine: SearchEngine) -> int | None:
    """Changes written but not yet searchable, or None when the engine cannot say (Meilisearch down)."""
    try:
        return pending_changes(store, engine)
    except (EngineUnavailable, EngineError):
        return None


@pages.get("", response_class=HTMLResponse)
def dashboard(
    request: Request,
    staff: StaffDep,
    store: StoreDep,
    engine: EngineDep,
    lang: PageLanguageDep,
    surname: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[str, Query(max_length=20)] = "1",
    deleted: str | None = None,
) -> HTMLResponse:
    prefix = surname.strip()
    shown = page_number(page, MAX_PAGE)
    rows = store.list_records(
        offset=(shown - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1, surname_prefix=prefix or None
    )
    context = {
        "csrf": staff.csrf_token,
        "count": store.count(),
        "backlog": outbox_backlog(store, engine),
        "records": rows[:PAGE_SIZE],
        "surname": prefix,
        "page": shown,
        "has_next": len(rows) > PAGE_SIZE,
        "past_end": shown > 1 and not rows,
        "deleted": deleted if deleted and RECORD_ID.match(deleted) else None,  # a link cannot make up text
    }
    return render(lang, request, "staff/dashboard.html", context)


@pages.get("/records/new", response_class=HTMLResponse)
def new_record_page(request: Request, staff: StaffDep, lang: PageLanguageDep) -> HTMLResponse:
    return edit_response(request, lang, staff, form_of_record(None), record_id=None)


@pages.post("/records/new")
def new_record_submit(
    request: Request,
    staff: StaffDep,
    store: StoreDep,
    engine: EngineDep,
    lang: PageLanguageDep,
    posted: PostedForm,
) -> Response:
    return save_form(request, lang, staff, store, engine, posted, None)


@pages.get("/records/{record_id}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request,
    record_id: str,
    staff: StaffDep,
    store: StoreDep,
    lang: PageLanguageDep,
    saved: bool = False,
) -> HTMLResponse:
    found = store.get_with_version(record_id)
    if found is None:
        return not_found(request, lang, record_id)
    record, version = found
    form = form_of_record(record)
    return edit_response(request, lang, staff, form, record_id=record_id, saved=saved, version=version)


@pages.post("/records/{record_id}/edit")
def edit_submit(
    request: Request,
    record_id: str,
    staff: StaffDep,
    store: StoreDep,
    engine: EngineDep,
    lang: PageLanguageDep,
    posted: PostedForm,
) -> Response:
    if store.get(record_id) is None and not posted.get("recreate"):
        if not posted.get("version"):
            return not_found(request, lang, record_id)
        # Deleted by someone else while this form was open: what was typed is shown again, and saving it
        # once more (the form now says to recreate it) creates the record anew.
        form = form_from_post(posted)
        form.values["id"] = record_id
        return edit_response(request, lang, staff, form, record_id=record_id, status_code=409, deleted=True)
    return save_form(request, lang, staff, store, engine, posted, record_id)


@pages.get("/records/{record_id}/delete", response_class=HTMLResponse)
def delete_page(
    request: Request, record_id: str, staff: StaffDep, store: StoreDep, lang: PageLanguageDep
) -> HTMLResponse:
    record = store.get(record_id)
    if record is None:
        return not_found(request, lang, record_id)
    return render(lang, request, "staff/delete.html", {"record": record, "csrf": staff.csrf_token})


@pages.post("/records/{record_id}/delete")
def delete_submit(
    request: Request,
    record_id: str,
    staff: StaffDep,
    store: StoreDep,
    engine: EngineDep,
    lang: PageLanguageDep,
) -> Response:
    try:
        remove_record(store, record_id)
    except NotFound:
        return not_found(request, lang, record_id)
    index_now(store, engine)
    return RedirectResponse(f"/staff?deleted={record_id}", status_code=303)


@pages.get("/import", response_class=HTMLResponse)
def import_page(request: Request, staff: StaffDep, lang: PageLanguageDep) -> HTMLResponse:
    return render(lang, request, "staff/import.html", {"csrf": staff.csrf_token, "job": None})


@pages.post("/import", response_class=HTMLResponse)
def import_submit(
    request: Request,
    staff: StaffDep,
    store: StoreDep,
    engine: EngineDep,
    settings: SettingsDep,
    lang: PageLanguageDep,
    file: Annotated[UploadFile | None, File()] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    """Save the upload and import it in the background; its job page shows the progress, then the report."""
    context: dict[str, Any] = {"csrf": staff.csrf_token, "job": None, "error": None}
    if file is None or not file.filename:
        context["error"] = lang.gettext("Choose a file to import.")
        return render(lang, request, "staff/import.html", context, status_code=422)
    if is_workbook(file.file, file.filename):
        context["error"] = lang.gettext(
            "%(file)s is a spreadsheet workbook, not a CSV or JSON Lines file. Save it as “CSV UTF-8” "
            "(in Excel: File › Save As › CSV UTF-8; in LibreOffice: Save As › Text CSV, character set "
            "Unicode (UTF-8)) and import that file."
        ) % {"file": file.filename}
        return render(lang, request, "staff/import.html", context, status_code=422)
    path = save_upload(file.file, file.filename)
    worker = request.app.state.sync_worker
    job = start_import(settings.home, store, engine, worker, path, file.filename, dry_run=dry_run)
    # A language chosen with ?lang= on the form's page goes along (the job page remembers it in the cookie).
    query = f"?lang={lang.code}" if lang.remember else ""
    return RedirectResponse(f"/staff/import/{job.id}{query}", status_code=303)


@pages.get("/import/{job_id}", response_class=HTMLResponse)
def import_job_page(
    request: Request, job_id: str, staff: StaffDep, settings: SettingsDep, lang: PageLanguageDep
) -> HTMLResponse:
    job = read_job(settings.home, job_id)
    if job is None:
        return render(lang, request, "not_found.html", {}, status_code=404)
    context: dict[str, Any] = {
        "csrf": staff.csrf_token,
        "job": job,
        "percent": format_percent(int(job.fraction * 100) / 100, locale=lang.code),
        "read": file_size(job.bytes_read, lang.code),
        "size": file_size(job.size, lang.code),
    }
    if job.report is not None:
        problems = job.report.get("problems", [])
        context |= {
            "report": job.report,
            "problems": [
                {
                    **p,
                    "field": translated_field(p["field"], lang),
                    "reason": translated_reason(p["reason"], lang),
                }
                for p in problems
            ],
        }
    return render(lang, request, "staff/import.html", context)


def file_size(size: int, locale: str) -> str:
    """A file's size as people read it: 840 kB, 12.3 MB (12,3 МБ in Russian)."""
    if size < 1_000_000:
        return format_unit(size / 1000, "digital-kilobyte", length="short", format="#,##0", locale=locale)
    return format_unit(size / 1_000_000, "digital-megabyte", length="short", format="#,##0.0", locale=locale)


router = APIRouter()
for part in (api, login, pages):
    router.include_router(part)
