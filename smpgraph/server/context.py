"""What a request works with: the app's store and settings, and the one runner of heavy work.

:func:`smpgraph.server.create_app` calls :func:`install`; the routes of the endpoint, the HTTP API and the
web pages read the store and settings with :func:`current_store` and :func:`current_settings`. Heavy
requests (validation, gap analyses) go through :func:`run_heavy`, which caps how many run at once and
gives each the query deadline (``StoreBusyError`` or ``QueryTimeoutError``, HTTP 503, past either).
:func:`validate_submission` is the one "read a draft and validate it" of the API and the web page.

Nothing here imports the web package: it may import this module, and the app factory is the only
place that knows both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final, TypeVar, cast

from flask import Flask, current_app

from smpgraph.config import Settings
from smpgraph.store.base import GraphStore
from smpgraph.store.executor import BoundedRunner

if TYPE_CHECKING:
    from smpgraph.drafts.model import DraftFormat
    from smpgraph.validation import ValidationReport
    from smpgraph.validation.standard import IloReport

__all__ = [
    "current_settings",
    "current_store",
    "install",
    "mark_pages_warm",
    "pages_warm",
    "run_heavy",
    "validate_submission",
]

T = TypeVar("T")

_STORE_KEY: Final = "smpgraph"
_SETTINGS_KEY: Final = "SMPGRAPH"
_RUNNER_KEY: Final = "smpgraph.heavy"
_WARM_KEY: Final = "smpgraph.pages-warm"


def install(app: Flask, *, store: GraphStore, settings: Settings) -> None:
    """Give ``app`` its store, its settings and its runner of heavy work (a cap of ``max_concurrent_queries``)."""
    app.config[_SETTINGS_KEY] = settings
    app.extensions[_STORE_KEY] = store
    app.extensions[_RUNNER_KEY] = BoundedRunner(settings.max_concurrent_queries)


def current_store() -> GraphStore:
    """The store of the app handling the current request."""
    return cast("GraphStore", current_app.extensions[_STORE_KEY])


def mark_pages_warm(app: Flask, done: bool) -> None:
    """Note that the page caches of ``app`` are being built ahead (``done`` False) or that it has ended (True)."""
    app.extensions[_WARM_KEY] = done


def pages_warm() -> bool | None:
    """Whether building the page caches ahead has ended: False while ``smpgraph serve`` builds them in the
    background, True after, None where nobody builds them ahead (the first visitor does)."""
    done = current_app.extensions.get(_WARM_KEY)
    return None if done is None else bool(done)


def current_settings() -> Settings:
    """The settings of the app handling the current request."""
    return cast("Settings", current_app.config[_SETTINGS_KEY])


def run_heavy(work: Callable[[], T], *, what: str) -> T:
    """Run ``work`` on the app's runner of heavy work, within the query deadline.

    ``work`` runs on another thread, outside the request: it must not call :func:`current_store` or read
    the request; take what it needs before.

    Args:
        work: the computation.
        what: what it is, for the error message (``validation``, ``analysis``).

    Raises:
        StoreBusyError: as many heavy requests as the cap allows are running (HTTP 503).
        QueryTimeoutError: ``work`` did not finish within the query deadline (HTTP 503).
    """
    runner = cast("BoundedRunner", current_app.extensions[_RUNNER_KEY])
    return runner.run(work, timeout_s=current_settings().query_timeout_s, what=what)


def validate_submission(data: bytes, fmt: DraftFormat | None, *, lang: str, origin: str) -> ValidationReport:
    """Read a submitted draft and validate it against the app's store, as heavy work.

    The draft is neither stored nor logged; ``origin`` names it in the report (the request body, not a file).

    Args:
        data: the draft as sent.
        fmt: its format, or None to recognise it.
        lang: the language of the report.
        origin: what the report calls the draft's source.

    Raises:
        SmpGraphError: the draft cannot be read (with the line at fault), or as :func:`run_heavy`.
    """
    from smpgraph.drafts.loader import load_draft
    from smpgraph.validation import validate

    store = current_store()

    def work() -> ValidationReport:
        draft = load_draft(data, format=fmt, source_name=origin)
        return validate(draft, store=store, lang=lang, origin=origin)

    return run_heavy(work, what="validation")


def check_submission_ilo(data: bytes, fmt: DraftFormat | None, *, lang: str, origin: str) -> list[IloReport]:
    """Read a submitted draft and check it against the ILO provisions (issue 19), as heavy work.

    Like :func:`validate_submission`: the draft is neither stored nor logged.

    Raises:
        SmpGraphError: the draft cannot be read (with the line at fault), or as :func:`run_heavy`.
    """
    from smpgraph.drafts.loader import load_draft
    from smpgraph.validation.standard import check_ilo

    store = current_store()

    def work() -> list[IloReport]:
        draft = load_draft(data, format=fmt, source_name=origin)
        return check_ilo(draft, store=store, lang=lang, origin=origin)

    return run_heavy(work, what="validation")
