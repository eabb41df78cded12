"""Who may write: staff, by the bearer token (scripts, curl) or by a signed session cookie (the pages).

One dependency, :func:`require_staff`, decides for every staff route, API and pages alike. The cookie never
holds the token itself: it holds an issue time and a nonce signed with a key derived from
``MEMORIAL_STAFF_TOKEN`` by HMAC, so a cookie copied from a volunteer's laptop is worth twelve hours, not
the token, and changing the token ends every session at once.

A browser sends the cookie by itself, so a form posted with the cookie must also carry a CSRF token derived
from that session (a hidden field, or the ``X-CSRF-Token`` header); the cookie is ``SameSite=Strict`` as
well. A bearer token is never sent by a browser on its own, so bearer requests need no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import quote

from fastapi import HTTPException, Request, Response

from indexer.errors import MemorialError, Unauthorized
from indexer.settings import Settings
from service.i18n import LANGUAGES, templates_for

SESSION_COOKIE = "memorial_staff"
# A working day and a bit: a session left open on a shared reading-room computer ends by itself.
SESSION_SECONDS = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Pages answer a stranger with the login form; the JSON API with 401.
PAGES_PREFIX = "/staff"
LOGIN_PATH = "/staff/login"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(MemorialError):
    """A write with the session cookie but without the form's token: possibly forged by another site."""

    status_code = 403
    code = "forbidden"


@dataclass(frozen=True)
class StaffSession:
    """An authorised staff request; ``csrf_token`` is what the pages put into their forms."""

    via: Literal["bearer", "cookie"]
    csrf_token: str = ""


# -- pure functions: tokens and signatures ----------------------------------------------------------
@lru_cache(maxsize=4)
def _signing_key(staff_token: str) -> bytes:
    """The session key, derived so that a signature never reveals anything about the token."""
    return hmac.new(staff_token.encode(), b"memorial-name-index staff session v1", hashlib.sha256).digest()


def _sign(staff_token: str, purpose: str, message: str) -> str:
    # The purpose keeps a session signature from ever being accepted as a CSRF token, and back.
    return hmac.new(_signing_key(staff_token), f"{purpose}:{message}".encode(), hashlib.sha256).hexdigest()


def same_secret(expected: str, given: str) -> bool:
    """Constant-time comparison; bytes, because compare_digest refuses non-ASCII str (a pasted «»)."""
    return secrets.compare_digest(expected.encode(), given.encode())


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None for any other header or none."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def new_session(staff_token: str, now: int) -> str:
    """A session cookie value: ``<issued>.<nonce>.<signature>``."""
    body = f"{now}.{secrets.token_urlsafe(12)}"
    return f"{body}.{_sign(staff_token, 'session', body)}"


def session_is_valid(staff_token: str, value: str | None, now: int) -> bool:
    """True for a cookie this token signed less than SESSION_SECONDS ago."""
    issued, _, rest = (value or "").partition(".")
    nonce, _, signature = rest.partition(".")
    if not issued.isdigit() or not nonce or not signature:
        return False
    if not same_secret(_sign(staff_token, "session", f"{issued}.{nonce}"), signature):
        return False
    return 0 <= now - int(issued) < SESSION_SECONDS


def csrf_token_for(staff_token: str, session: str) -> str:
    """The hidden form token of one session: a form from another session (or none) does not pass."""
    return _sign(staff_token, "csrf", session)


def safe_next(path: str | None) -> str:
    """Where to go after logging in: a staff page only, so the login form cannot send anyone elsewhere."""
    if path and path.startswith(PAGES_PREFIX) and not path.startswith("//") and "\\" not in path:
        return path
    return PAGES_PREFIX


# -- requests ---------------------------------------------------------------------------------------
def valid_session(request: Request, settings: Settings) -> str | None:
    """The request's session cookie if it is valid, else None."""
    value = request.cookies.get(SESSION_COOKIE)
    return value if session_is_valid(settings.staff_token, value, int(time.time())) else None


def signed_in(request: Request) -> bool:
    """For templates: show staff links (edit this record) only to a signed-in staff member."""
    settings = getattr(request.app.state, "settings", None)
    return settings is not None and valid_session(request, settings) is not None


async def _posted_field(request: Request, name: str) -> str | None:
    if not request.headers.get("content-type", "").startswith(_FORM_TYPES):
        return None
    value = (await request.form()).get(name)  # Starlette parses once; the route gets the same form
    return value if isinstance(value, str) else None


async def require_staff(request: Request) -> StaffSession:
    """The staff dependency: a right bearer token, or a valid session cookie (plus CSRF token on writes).

    Raises Unauthorized (401; never echoing what was sent), CsrfRejected (403), or on the pages under
    /staff a redirect to the login form.
    """
    settings: Settings = request.app.state.settings
    given = bearer_token(request.headers.get("authorization"))
    if given is not None:
        if same_secret(settings.staff_token, given):
            return StaffSession("bearer")
        raise Unauthorized("the staff token is wrong")
    session = valid_session(request, settings)
    if session is None:
        if request.url.path.startswith(PAGES_PREFIX + "/") or request.url.path == PAGES_PREFIX:
            raise HTTPException(303, headers={"Location": f"{LOGIN_PATH}?next={quote(request.url.path)}"})
        raise Unauthorized(
            "staff only: send the header Authorization: Bearer <MEMORIAL_STAFF_TOKEN>, or log in at "
            + LOGIN_PATH
        )
    expected = csrf_token_for(settings.staff_token, session)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or await _posted_field(request, CSRF_FIELD)
        if not sent or not same_secret(expected, sent):
            raise CsrfRejected("the form's security token is missing or wrong; reload the page and try again")
    return StaffSession("cookie", expected)


def start_session(response: Response, request: Request, settings: Settings) -> None:
    """Set the session cookie: HttpOnly (no script reads it), SameSite=Strict, Secure behind TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        new_session(settings.staff_token, int(time.time())),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=settings.environment == "production" or request.url.scheme == "https",
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def install_template_globals() -> None:
    """Let every page template ask ``staff_signed_in(request)`` (record.html shows its edit link so)."""
    for language in LANGUAGES:
        templates_for(language).env.globals["staff_signed_in"] = signed_in
