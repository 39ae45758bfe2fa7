"""The blueprint of the web workbench: language, security headers and what every template sees.

Pages are server-rendered Jinja templates (autoescaped; nothing from the graph or a draft is ever marked
safe) with static files shipped inside the package, so the interface works offline and without a build.
The routes live in the sibling modules (:mod:`~smpgraph.web.home`, :mod:`~smpgraph.web.query`, ...),
which :mod:`smpgraph.web` imports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, cast
from urllib.parse import urlencode

from flask import Blueprint, Response, g, redirect, render_template, request, url_for

from smpgraph.errors import SmpGraphError
from smpgraph.i18n import LANGUAGE_NAMES, LANGUAGES, translate
from smpgraph.server.errors import error_response
from smpgraph.web.language import COOKIE, choose_language

__all__ = ["CONTENT_SECURITY_POLICY", "bp", "current_language"]

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

#: the policy of every HTML page: scripts, styles and images from this server only, no plugins, no framing
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_ONE_YEAR: Final = 365 * 24 * 3600


def current_language() -> str:
    """The language of the current page (``en``, ``fr`` or ``es``)."""
    lang = g.get("web_lang")
    if lang is None:
        accepted = [(str(tag), float(quality)) for tag, quality in request.accept_languages]
        lang = choose_language(request.args.get("lang"), request.cookies.get(COOKIE), accepted)
        g.web_lang = lang
    return str(lang)


def _switch_url(lang: str) -> str:
    """The current page in another language (same path and parameters, ``lang`` replaced)."""
    params = [(name, value) for name, value in request.args.items(multi=True) if name != "lang"]
    params.append(("lang", lang))
    return f"{request.path}?{urlencode(params)}"


@bp.app_template_global("_")
def _translate_global(key: str, **values: object) -> str:
    return translate(key, current_language(), **values)


@bp.context_processor
def _page_context() -> dict[str, object]:
    languages = [(code, LANGUAGE_NAMES[code], _switch_url(code)) for code in LANGUAGES]
    return {"lang": current_language(), "languages": languages}


@bp.after_request
def _headers(response: Response) -> Response:
    """Remember a language chosen with the switch; set the page's security policy."""
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        response.set_cookie(COOKIE, requested, max_age=_ONE_YEAR, samesite="Lax", httponly=True)
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers.add("Vary", "Accept-Language")
        response.headers.add("Vary", "Cookie")
    return response


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers that ask for ``/favicon.ico`` get the icon the pages link to."""
    return cast("Response", redirect(url_for("web.static", filename="favicon.svg"), code=301))


def no_store(view: Callable[..., Response]) -> Callable[..., Response]:
    """Mark a view's responses ``Cache-Control: no-store`` (pages that echo a draft)."""

    def wrapped(*args: object, **kwargs: object) -> Response:
        response = view(*args, **kwargs)
        response.headers["Cache-Control"] = "no-store"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@bp.errorhandler(SmpGraphError)
def _error_page(exc: SmpGraphError) -> Response:
    """An error of a web route: an HTML page for browsers, the server's JSON error for other clients."""
    status = exc.http_status if 400 <= exc.http_status < 600 else 500
    if request.accept_mimetypes.best_match(("application/json", "text/html")) != "text/html":
        return error_response(status, str(exc) or type(exc).__name__)
    body = render_template("web/error.html", status=status, detail=str(exc))
    return Response(body, status=status, mimetype="text/html")
