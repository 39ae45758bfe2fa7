"""The language of a page: English, French or Spanish.

The language comes from ``?lang=`` (which the page's switch sets and a cookie then remembers), else the
cookie, else the browser's ``Accept-Language``, else English. The messages are in :mod:`smpgraph.i18n`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from smpgraph.i18n import LANGUAGES

__all__ = ["COOKIE", "choose_language"]

#: the cookie that remembers the language chosen with the switch
COOKIE: Final = "smpgraph_lang"


def choose_language(requested: str | None, remembered: str | None, accepted: Iterable[tuple[str, float]]) -> str:
    """The language of a page.

    Args:
        requested: the ``lang`` query parameter, if any.
        remembered: the language cookie, if any.
        accepted: the ``Accept-Language`` ranges with their quality, best first.

    Returns:
        One of :data:`smpgraph.i18n.LANGUAGES`.

    Examples:
        >>> choose_language(None, None, [("fr-CA", 1.0), ("en", 0.5)])
        'fr'
        >>> choose_language("es", "fr", [])
        'es'
        >>> choose_language("xx", None, [])
        'en'
    """
    for candidate in (requested, remembered):
        if candidate in LANGUAGES:
            return candidate
    for tag, quality in accepted:
        primary = tag.split("-")[0].strip().lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return LANGUAGES[0]
