"""The messages of smpgraph in English, French and Spanish: one catalog per language, one :func:`translate`.

Both the web workbench (its templates call ``_('key')``) and the validation reports
(:mod:`smpgraph.validation.render`) take their words from here. The catalogs are data: one TOML file per
language beside this module (``en.toml``, ``fr.toml``, ``es.toml``; ``"key" = "message"``), each read on first
use. To add a string, add its key to the three files (a test checks that they have the same keys); ``{name}`` fields are filled by :func:`translate`. Keys are dotted by
where they appear: ``nav.``, ``query.``, ``validate.``, ... for the pages, ``report.`` for the reports;
``kind.`` and ``readiness.`` are shared. Validation messages and concept labels are not here: the shapes
and the ontology carry them in the three languages.

This module is at the bottom of the package: of smpgraph it imports only :mod:`smpgraph.domain` (the languages).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Final

from smpgraph.domain import LANGUAGES

__all__ = ["CATALOGS", "LANGUAGES", "LANGUAGE_NAMES", "translate"]

#: each language named in itself, for a language switch
LANGUAGE_NAMES: Final = {"en": "English", "fr": "Français", "es": "Español"}


@cache
def _catalog(lang: str) -> dict[str, str]:
    """The messages of ``lang``, read once from its TOML file."""
    text = resources.files(__name__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return {str(key): str(value) for key, value in tomllib.loads(text).items()}


class _Catalogs(Mapping[str, dict[str, str]]):
    """language -> key -> message, each catalog read on first use (nothing is read at import)."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return _catalog(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


#: language -> key -> message
CATALOGS: Final[Mapping[str, dict[str, str]]] = _Catalogs()


def translate(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when that catalog lacks it), with ``{name}`` fields filled.

    Args:
        key: the message key.
        lang: a language of :data:`LANGUAGES`; any other falls back to English.
        values: values of the message's fields.

    Returns:
        The message; the key itself when no catalog has it.

    Examples:
        >>> translate("nav.query", "fr")
        'Interroger'
        >>> translate("report.summary", "es", agreements=1, violation=2, warning=0, info=0)
        '1 acuerdo(s): 2 infracción(es), 0 advertencia(s), 0 nota(s)'
    """
    text = CATALOGS.get(lang, {}).get(key) or CATALOGS[LANGUAGES[0]].get(key) or key
    return text.format(**values) if values else text
