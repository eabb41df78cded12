"""Dependencies the routes declare with ``Annotated`` aliases: the settings, the store, the engine, and the
staff authorisation (service/staff_auth.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from indexer.engines.base import SearchEngine
from indexer.settings import Settings
from indexer.store import Store
from service.staff_auth import StaffSession, require_staff


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_engine(request: Request) -> SearchEngine:
    return request.app.state.engine


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[SearchEngine, Depends(get_engine)]
# Every staff route, API and pages: bearer token or signed session cookie (+ CSRF token on writes).
StaffDep = Annotated[StaffSession, Depends(require_staff)]
