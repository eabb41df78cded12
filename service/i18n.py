"""The pages in the visitor's language: English (the source), Russian, Ukrainian and German.

Relatives search from Kyiv, Kursk and Bielefeld alike, so a page speaks the language chosen with
``?lang=uk`` (remembered in the ``lang`` cookie), else the browser's ``Accept-Language``, else English.
The JSON API never depends on it: only page routes declare :data:`PageLanguageDep`.

Each language gets its own cached Jinja2 environment with the gettext callables installed once, rather
than installing translations into one shared environment per request: page routes run in a thread pool,
and two requests in Russian and German at once would otherwise swap each other's ``_``.
Catalogs live in ``service/locale``; the README, section "Translations", has the commands.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
import markupsafe
from babel.core import negotiate_locale
from babel.numbers import format_decimal
from babel.support import Translations
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

SERVICE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = SERVICE_DIR / "locale"
TEMPLATE_DIR = SERVICE_DIR / "templates"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# Each language named in itself: a Ukrainian reader looks for «Українська», not "Ukrainian".
LANGUAGES = {"en": "English", "ru": "Русский", "uk": "Українська", "de": "Deutsch"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (it is translated per request).

    ``MATCH_LABELS = {"typo": N_("close spelling")}`` is built at import, before any language is known.
    """
    return message


def supported_language(code: str | None) -> str | None:
    """The supported language a code names (``ru``, ``ru-RU``, ``RU``), or None (``xx``, ``fr``)."""
    if not code:
        return None
    return negotiate_locale([code.strip().lower()], list(LANGUAGES), sep="-", aliases={})


@lru_cache(maxsize=512)
def parse_accept_language(header: str) -> tuple[str, ...]:
    """Language ranges of an ``Accept-Language`` header, most wanted first; ``*`` and ``q=0`` dropped.

    ``"de-AT,de;q=0.9,ru;q=0.5"`` gives ``("de-AT", "de", "ru")``.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if name and name != "*" and weight > 0:
            ranked.append((-weight, position, name.strip()))
    return tuple(name for _, _, name in sorted(ranked))


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """``?lang=`` first, then the cookie, then the browser's languages, then English."""
    for explicit in (query, cookie):
        found = supported_language(explicit)
        if found:
            return found
    for wanted in parse_accept_language(accept_language or ""):
        found = supported_language(wanted)
        if found:
            return found
    return DEFAULT_LANGUAGE


@cache
def translations_for(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language; English is the source text itself."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return Translations.load(LOCALE_DIR, [language], DOMAIN)


def language_url(request: Request, language: str) -> str:
    """This page in another language, keeping the query: ``/?q=Pogoschew&lang=de``."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*kept, ('lang', language)])}"


# Control characters (not tab or line breaks): escaping leaves them, and a NUL typed into the address
# (/?q=%00, /records/%00) went into the page as it came. No name or record holds one meant to be seen.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_control_characters(value: Any) -> Any:
    """Every value a template prints, without control characters (markup stays markup)."""
    if isinstance(value, str) and _CONTROL.search(value):
        cleaned = _CONTROL.sub("", value)
        return markupsafe.Markup(cleaned) if isinstance(value, markupsafe.Markup) else cleaned
    return value


@cache
def templates_for(language: str) -> Jinja2Templates:
    """Templates that render in one language; built once per language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(),
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        finalize=_without_control_characters,
    )
    env.install_gettext_translations(translations_for(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(lang=language, languages=LANGUAGES, language_url=language_url)
    # 12345 is "12,345" in English, "12 345" in Russian and "12.345" in German.
    env.filters["number"] = lambda n: format_decimal(n, locale=language)
    return Jinja2Templates(env=env)


@dataclass(frozen=True)
class PageLanguage:
    """The language of one page request, and whether to remember it in the cookie."""

    code: str
    remember: bool = False

    @property
    def translations(self) -> gettext.NullTranslations:
        return translations_for(self.code)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def labels(self, table: dict[str, str]) -> dict[str, str]:
        """A table of N_-marked labels, translated; an empty label stays empty (gettext("") is the header)."""
        return {key: self.gettext(label) if label else "" for key, label in table.items()}

    def render(
        self, request: Request, name: str, context: dict[str, Any], status_code: int = 200
    ) -> HTMLResponse:
        """The template in this language, with the cookie set when the language came from ``?lang=``."""
        response = templates_for(self.code).TemplateResponse(request, name, context, status_code=status_code)
        response.headers["Content-Language"] = self.code
        # The same URL answers in several languages: caches must key on what chose it.
        response.headers["Vary"] = "Accept-Language, Cookie"
        if self.remember:
            response.set_cookie(COOKIE, self.code, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
        return response


def page_language(request: Request) -> PageLanguage:
    """FastAPI dependency of the page routes (never of the JSON API)."""
    asked = supported_language(request.query_params.get("lang"))
    code = choose_language(asked, request.cookies.get(COOKIE), request.headers.get("accept-language"))
    return PageLanguage(code, remember=asked is not None)


PageLanguageDep = Annotated[PageLanguage, Depends(page_language)]
