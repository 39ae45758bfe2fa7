"""Build the caches the pages read before the first visitor asks (``smpgraph serve`` runs it in the background).

The caches are those of :func:`smpgraph.server.visual.cached_payload`, filed under the data version: the
graph views (corridors, networks, gaps), the explore index and the validation of every partnership (the
readiness tables of the partnership pages), the last two per language. A visitor who comes while one is
being built waits for it; a write later makes the next visitor build it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from flask import Flask

from smpgraph.errors import SmpGraphError
from smpgraph.i18n import LANGUAGES

__all__ = ["warm_pages"]

logger = logging.getLogger(__name__)


def warm_pages(app: Flask, languages: Sequence[str] = LANGUAGES) -> float:
    """Build the page caches of ``app`` for ``languages``; returns the seconds it took.

    A failure (the store busy or closed, a deadline) leaves the cache to the first visitor; it is noted at
    the info level only, since the server may be stopping (the thread runs beside it).
    """
    from smpgraph.server.visual import shared_validation, shared_views
    from smpgraph.web.explore import explore_index

    started = time.perf_counter()
    try:
        with app.app_context():
            shared_views()
            for lang in languages:
                explore_index(lang)
                shared_validation(lang)
    except SmpGraphError as exc:
        logger.info("page caches not built ahead (the first visitor builds them): %s", exc)
    elapsed = time.perf_counter() - started
    logger.info("page caches built in %.1f s", elapsed)
    return elapsed
