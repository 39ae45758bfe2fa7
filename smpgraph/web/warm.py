"""Build the caches the pages read before the first visitor asks (``smpgraph serve`` runs it in the background).

The caches are those of :func:`smpgraph.server.visual.cached_payload`, filed under the data version: the
graph views (corridors, networks, gaps), the migrant stocks of the map's layer, the explore index and the
validation of every partnership (the readiness tables of the partnership pages), the last two per language. A
visitor who comes while one is being built waits for it; a write later makes the next visitor build it again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial

from flask import Flask

from smpgraph.errors import SmpGraphError
from smpgraph.i18n import LANGUAGES
from smpgraph.server.context import mark_pages_warm

__all__ = ["warm_pages"]

logger = logging.getLogger(__name__)


def warm_pages(app: Flask, languages: Sequence[str] = LANGUAGES, stop: threading.Event | None = None) -> float:
    """Build the page caches of ``app`` for ``languages``; returns the seconds it took.

    ``stop``, once set, ends the work before its next step (the server is stopping: the store must not be
    closed under a step, nor the interpreter end while one runs). A failure (the store busy or closed, a
    deadline) leaves the cache to the first visitor; it is noted at the info level only.
    """
    from smpgraph.server.visual import shared_stocks, shared_validation, shared_views
    from smpgraph.web.explore import explore_index

    steps: list[Callable[[], object]] = [shared_views, shared_stocks]
    for lang in languages:
        steps += [partial(explore_index, lang), partial(shared_validation, lang)]
    started = time.perf_counter()
    try:
        with app.app_context():
            for step in steps:
                if stop is not None and stop.is_set():
                    logger.info("page caches: stopped before the end (the server is stopping)")
                    break
                step()
    except SmpGraphError as exc:
        logger.info("page caches not built ahead (the first visitor builds them): %s", exc)
    mark_pages_warm(app, True)
    elapsed = time.perf_counter() - started
    logger.info("page caches built in %.1f s", elapsed)
    return elapsed
