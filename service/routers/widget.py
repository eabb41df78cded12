"""The widget memorial sites embed: a script, and a page that shows how to embed it, with a live example."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from service.i18n import PageLanguageDep

router = APIRouter(include_in_schema=False)


@router.get("/widget.js")
def widget_script() -> FileResponse:
    from service.app import STATIC_DIR

    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/widget", response_class=HTMLResponse)
def widget_page(request: Request, lang: PageLanguageDep) -> HTMLResponse:
    return lang.render(
        request, "widget.html", {"request": request, "origin": str(request.base_url).rstrip("/")}
    )
