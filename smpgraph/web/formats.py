"""Numbers, amounts, shares, dates and country names as a reader of the page's language writes them.

Numbers, currencies, percentages and dates go through Babel (CLDR): ``25000000.0`` with ``EUR`` reads
``25 000 000 €`` in French and ``€25,000,000`` in English. Country names come from the graph's own labels:
the reference graph (``data/reference/countries.ttl``) carries the ISO 3166 names in English, French and
Spanish that pycountry ships, generated at build time, so a plain install needs no pycountry. Where
pycountry is installed (the dev group), a country IRI of the EU authority table that the graph does not
name in the page's language (data loaded without the reference graph) is named from its tables.
"""

from __future__ import annotations

import datetime
import gettext
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["COUNTRY_BASE", "country_name", "format_amount", "format_literal", "format_number", "format_share"]

#: the EU Publications Office country authority table, whose IRIs name countries in the graph
COUNTRY_BASE: Final = "http://publications.europa.eu/resource/authority/country/"
_ALPHA3: Final = re.compile(r"^[A-Z]{3}$")
_NUMERIC: Final = frozenset(
    {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}
)
_YEAR_MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: object, lang: str) -> str:
    """A number with the grouping and decimal sign of ``lang``; anything else as it is.

    Examples:
        >>> format_number(25000000.0, "en")
        '25,000,000'
        >>> format_number("2.5", "fr")
        '2,5'
    """
    number = _decimal(value)
    if number is None:
        return str(value)
    return format_decimal(number.normalize() if number == number.to_integral() else number, locale=lang)


def format_amount(value: object, currency: str | None, lang: str) -> str:
    """An amount of money in ``currency`` (ISO 4217), without cents when it is a whole amount.

    Examples:
        >>> format_amount(25000000.0, "EUR", "en")
        '€25,000,000'
        >>> format_amount(1496448.5, "EUR", "en")
        '€1,496,448.50'
    """
    number = _decimal(value)
    if number is None or not currency:
        return format_number(value, lang) + (f" {currency}" if currency else "")
    if number != number.to_integral():
        return format_currency(number, currency, locale=lang)
    pattern = Locale.parse(lang).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(number, currency, locale=lang, format=pattern, currency_digits=False)


def format_share(value: object, lang: str) -> str:
    """A share between 0 and 1 as a percentage of ``lang``.

    Examples:
        >>> format_share(0.9499, "fr")
        '94,99\\xa0%'
        >>> format_share(0.18, "en")
        '18%'
    """
    number = _decimal(value)
    if number is None:
        return str(value)
    pattern = Locale.parse(lang).percent_formats[None].pattern
    return format_percent(number, locale=lang, format=re.sub(r"0(?!.*0)", "0.##", pattern, count=1))


def format_literal(literal: Literal, lang: str) -> str:
    """A literal as the page's reader writes it: numbers grouped, dates spelled out, the rest as it is.

    Examples:
        >>> format_literal(Literal("2017-07-31", datatype=XSD.date), "fr")
        '31 juillet 2017'
        >>> format_literal(Literal(9677), "fr")
        '9\u202f677'
    """
    datatype = literal.datatype
    if datatype in _NUMERIC:
        return format_number(literal, lang)
    if datatype == XSD.date:
        value = literal.toPython()
        if isinstance(value, datetime.date):
            return format_date(value, format="long", locale=lang)
    if datatype == XSD.gYearMonth:
        match = _YEAR_MONTH.match(str(literal))
        if match:
            return format_date(datetime.date(int(match[1]), int(match[2]), 1), format="MMMM y", locale=lang)
    if datatype == XSD.gYear:
        return str(literal)[:4] if str(literal)[:4].isdigit() else str(literal)
    return str(literal)


@lru_cache(maxsize=4)
def _iso3166(lang: str) -> tuple[object, gettext.NullTranslations] | None:
    """pycountry's countries and their names in ``lang``, when pycountry is installed (the dev group has it)."""
    try:
        import pycountry
    except ImportError:
        return None
    try:
        names: gettext.NullTranslations = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        names = gettext.NullTranslations()
    return pycountry.countries, names


def country_name(iri: str, lang: str) -> str | None:
    """The name of the country at ``iri`` (EU authority table) in ``lang``, from ISO 3166; None if unknown.

    Examples:
        >>> country_name(COUNTRY_BASE + "MAR", "fr")
        'Maroc'
        >>> country_name(COUNTRY_BASE + "DEU", "es")
        'Alemania'
    """
    code = iri.removeprefix(COUNTRY_BASE) if iri.startswith(COUNTRY_BASE) else ""
    iso = _iso3166(lang) if _ALPHA3.match(code) else None
    if iso is None:
        return None
    countries, names = iso
    country = countries.get(alpha_3=code)  # type: ignore[attr-defined]
    if country is None:
        return None
    name = str(getattr(country, "common_name", None) or country.name) if lang == "en" else str(country.name)
    return name if lang == "en" else names.gettext(name)
