"""The FastAPI application: public API, HTML pages, the embeddable widget, system probes, the staff area."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from indexer.engines import open_engine
from indexer.errors import MemorialError, NotFound
from indexer.settings import Settings, get_settings
from indexer.store import open_store
from indexer.sync import ensure_index
from service.i18n import page_language
from service.routers import api, pages, staff, system, widget
from service.staff_auth import install_template_globals
from service.sync_worker import SyncWorker

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Up to this many records, a missing index is built before the service answers (seconds).
BUILD_AT_START_LIMIT = 20_000


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [
        {"field": ".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]), "reason": err["msg"]}
        for err in exc.errors()
    ]
    summary = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
    body = {"error": {"code": "invalid_request", "message": summary, "details": problems}}
    return JSONResponse(body, status_code=422)


def _memorial_error(request: Request, exc: MemorialError) -> JSONResponse:
    headers = {"Retry-After": "5"} if exc.status_code == 503 else None
    if exc.status_code == 401:  # the staff API: say how to authenticate (RFC 6750)
        headers = {"WWW-Authenticate": 'Bearer realm="memorial staff"'}
    return JSONResponse(exc.to_json(), status_code=exc.status_code, headers=headers)


class MethodNotAllowed(MemorialError):
    status_code = 405
    code = "method_not_allowed"


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """An address no route serves, or a method it does not take. Programs reading /api/… get the API's error
    shape, as for every other error there, and so does a method no route takes anywhere (a person's browser
    never sends one); a person who mistyped /records/… gets a page in their language. Everything else (the
    staff area's redirect to its login) is answered as Starlette would."""
    if exc.status_code == 404 and _is_api(request):
        error: MemorialError = NotFound(f"nothing at {request.url.path}; the API is described at /docs")
        return JSONResponse(error.to_json(), status_code=404)
    if exc.status_code == 405:  # a program's mistake wherever it is made: the API's error shape
        allowed = (exc.headers or {}).get("Allow", "")
        error = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}; allowed: {allowed}")
        return JSONResponse(error.to_json(), status_code=405, headers=exc.headers)
    if exc.status_code == 404:
        lang = page_language(request)
        return lang.render(request, "not_found.html", {"request": request}, status_code=404)
    return await http_exception_handler(request, exc)


class HeadAsGet:
    """HEAD answered as GET is, without the body. FastAPI routes take only the methods they declare, and link
    checkers on memorial sites ask ``HEAD /records/…``: a 405 there reads as a broken link."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        # The server keeps its own scope saying HEAD, so it too knows no body follows the headers.
        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.resolved_database_url)
        engine = open_engine(settings)
        # A missing index over a large store (a million records take minutes) is built by the sync worker
        # in the background, so the service starts at once and /readyz says "not ready" until it is done;
        # a small one, or an index merely behind, is brought up to date before the first request. If the
        # engine cannot be reached now, /readyz says why and the worker retries.
        with contextlib.suppress(MemorialError):
            if not engine.needs_rebuild() or store.count() <= BUILD_AT_START_LIMIT:
                ensure_index(store, engine)
        app.state.settings, app.state.store, app.state.engine = settings, store, engine
        # Changes written while the engine was down wait in the outbox; the worker applies them later.
        app.state.sync_worker = worker = SyncWorker(store, engine)
        worker.start()
        worker.poke()
        yield
        worker.stop()
        engine.close()
        store.close()

    # FastAPIOffline: FastAPI whose /docs loads Swagger UI from files served here, not from a CDN: an offline
    # install showed a blank page, and an archive's site asked a third party for them. No /redoc: ReDoc
    # still fetches its logo from its maker's site.
    app = FastAPIOffline(
        redoc_url=None,
        title="Memorial Name Index",
        summary="Find people in WWII memorial records across scripts, transliterations and spellings.",
        version="0.1.0",
        lifespan=lifespan,
    )
    # Public read-only API and widget: memorial sites embed them on their own pages.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.add_middleware(HeadAsGet)
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(MemorialError, _memorial_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(system.router)
    app.include_router(widget.router)
    app.include_router(pages.router)
    app.include_router(staff.router)
    install_template_globals()  # record pages show their edit link to signed-in staff
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
