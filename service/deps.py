"""Dependencies the routes declare with ``Annotated`` aliases: the settings, the store, the engine, and the
staff authorisation (service/staff_auth.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from indexer.engines.base import SearchEngine
from indexer.settings import Settings
from indexer.store import Store
from service.staff_auth import StaffSession, require_staff


# ``async`` although they only read the app's state: FastAPI runs a plain ``def`` dependency in the thread
# pool, a trip there and back for each one on every request. Measured on a server over a million records,
# the two a search declares cost 0.4-0.5 ms of its time before the route ran (1.1-1.3 against 0.6-1.0 ms).
async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_engine(request: Request) -> SearchEngine:
    return request.app.state.engine


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[SearchEngine, Depends(get_engine)]
# Every staff route, API and pages: bearer token or signed session cookie (+ CSRF token on writes).
StaffDep = Annotated[StaffSession, Depends(require_staff)]
