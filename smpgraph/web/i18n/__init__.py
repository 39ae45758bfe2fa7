"""The languages of the web interface (English, French, Spanish) and the choice among them.

The language comes from ``?lang=`` (which the page's switch sets and a cookie then remembers), else the
cookie, else the browser's ``Accept-Language``, else English. The catalogs are in
:mod:`smpgraph.web.i18n.messages`; a key missing from a catalog falls back to English.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from smpgraph.web.i18n.messages import CATALOGS

__all__ = ["COOKIE", "LANGUAGES", "LANGUAGE_NAMES", "choose_language", "translate"]

#: the languages of the interface, the first being the default
LANGUAGES: Final = ("en", "fr", "es")
#: each language named in itself, for the switch
LANGUAGE_NAMES: Final = {"en": "English", "fr": "Français", "es": "Español"}
#: the cookie that remembers the language chosen with the switch
COOKIE: Final = "smpgraph_lang"


def choose_language(requested: str | None, remembered: str | None, accepted: Iterable[tuple[str, float]]) -> str:
    """The language of a page.

    Args:
        requested: the ``lang`` query parameter, if any.
        remembered: the language cookie, if any.
        accepted: the ``Accept-Language`` ranges with their quality, best first.

    Returns:
        One of :data:`LANGUAGES`.

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


def translate(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when the catalog lacks it), with ``{name}`` fields filled.

    Args:
        lang: a language of :data:`LANGUAGES`.
        key: the message key.
        values: values of the message's fields.

    Returns:
        The message; the key itself when no catalog has it.

    Examples:
        >>> translate("fr", "nav.query")
        'Interroger'
    """
    text = CATALOGS.get(lang, {}).get(key) or CATALOGS["en"].get(key) or key
    return text.format(**values) if values else text
