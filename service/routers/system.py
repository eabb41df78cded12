"""Probes for operators and load balancers, and the trivial endpoint benchmarks measure the HTTP floor on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from service.deps import EngineDep, StoreDep

router = APIRouter(tags=["system"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The store and the search engine can answer")
def readyz(store: StoreDep, engine: EngineDep) -> JSONResponse:
    checks: dict[str, Any] = {}
    try:
        with store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["store"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready; the reason is reported
        checks["store"] = f"unavailable: {exc.__class__.__name__}"
    ready, why = engine.readiness()
    checks["engine"] = {"name": engine.name, "status": "ok" if ready else why}
    ok = checks["store"] == "ok" and ready
    return JSONResponse({"ready": ok, "checks": checks}, status_code=200 if ok else 503)


@router.get("/api/ping", summary="Answers at once; the floor that search latency is measured against")
def ping() -> dict[str, bool]:
    return {"ok": True}
