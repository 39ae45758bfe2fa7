"""The JSON-LD 1.1 context of draft agreements, and the guard that keeps JSON-LD parsing off the network.

The context (``data/context/smpgraph.jsonld``) is generated from :mod:`smpgraph.drafts.schema` by
:func:`build_context`; a test checks that the file and the schema agree. A JSON-LD draft may name it by
:data:`CONTEXT_URL`: that URL is never fetched, the bundled copy is used. Any other remote context, or an
``@import``, is refused, because rdflib's JSON-LD parser would dereference it (see rdflib
``docs/security_considerations.md``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, Final

from smpgraph.drafts.countries import ALPHA2_TO_ALPHA3, EXTRA_COUNTRIES
from smpgraph.drafts.schema import AGREEMENT, FieldSpec, ObjectSpec, ValueKind
from smpgraph.errors import DraftError, ResourceNotFoundError
from smpgraph.resources import resource_dir

#: the URL a JSON-LD draft may use as its ``@context``; it is resolved to the bundled file, never fetched
CONTEXT_URL: Final = "https://w3id.org/smpgraph/context/smpgraph.jsonld"
ID_BASE: Final = "https://w3id.org/smpgraph/id/"
COUNTRY_BASE: Final = "http://publications.europa.eu/resource/authority/country/"

_PREFIXES: Final = {
    "smp": "https://w3id.org/smpgraph/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_DATATYPES: Final = {
    ValueKind.INTEGER: "xsd:integer",
    ValueKind.DECIMAL: "xsd:decimal",
    ValueKind.BOOLEAN: "xsd:boolean",
    ValueKind.DATE: "xsd:date",
    ValueKind.LANGUAGE: "xsd:language",
}
#: value kinds whose values are concatenated to a base IRI (JSON-LD ``@vocab`` in a scoped context)
VOCAB_BASES: Final = {
    ValueKind.ISCO: "http://data.europa.eu/esco/isco/C",
    ValueKind.EQF: "http://data.europa.eu/snb/eqf/",
    ValueKind.CEFR: f"{ID_BASE}cefr/",
    ValueKind.SDG: "http://metadata.un.org/sdg/",
    ValueKind.GCM: f"{ID_BASE}gcm/objective/",
}


def country_iri(code: str) -> str | None:
    """The contract's IRI of an ISO 3166 alpha-2 code (or XK), or ``None`` if the code is unknown."""
    if code in EXTRA_COUNTRIES:
        return ID_BASE + EXTRA_COUNTRIES[code]
    alpha3 = ALPHA2_TO_ALPHA3.get(code)
    return None if alpha3 is None else COUNTRY_BASE + alpha3


def _term_definition(spec: FieldSpec) -> str | dict[str, Any]:
    if spec.iri.startswith("@"):
        return spec.iri
    definition: dict[str, Any] = {"@id": spec.iri}
    kind = spec.kind
    if kind is ValueKind.TEXT_EN:
        definition["@language"] = "en"
    elif kind in _DATATYPES:
        definition["@type"] = _DATATYPES[kind]
    elif kind in VOCAB_BASES:
        definition["@type"] = "@vocab"
        definition["@context"] = {"@vocab": VOCAB_BASES[kind]}
    elif kind in (ValueKind.COUNTRY, ValueKind.AGENT, ValueKind.CODE):
        definition["@type"] = "@vocab"
        if spec.codes:
            definition["@context"] = dict(spec.codes)
    elif kind is ValueKind.WEB_IRI:
        definition["@type"] = "@id"
    elif kind is ValueKind.OBJECT and spec.obj is not None:
        definition["@type"] = "@id"
        definition["@context"] = _object_terms(spec.obj)
    return definition


def _object_terms(obj: ObjectSpec) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    if obj.type_key:
        terms[obj.type_key] = "@type"
        terms.update(obj.kinds)
    for spec in obj.fields:
        terms[spec.key] = _term_definition(spec)
    return terms


def build_context() -> dict[str, Any]:
    """Build the JSON-LD context document from the schema.

    Returns:
        The document ``{"@context": {...}}`` as written to ``data/context/smpgraph.jsonld``.
    """
    terms: dict[str, Any] = {"@version": 1.1, "@base": ID_BASE, **_PREFIXES}
    for code in sorted([*ALPHA2_TO_ALPHA3, *EXTRA_COUNTRIES]):
        terms[code] = country_iri(code)
    terms.update(_object_terms(AGREEMENT))
    return {"@context": terms}


def render_context() -> str:
    """The text of ``data/context/smpgraph.jsonld`` (what :func:`build_context` gives, as JSON)."""
    return json.dumps(build_context(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _bundled_context_text() -> str:
    try:
        path = resource_dir("data") / "context" / "smpgraph.jsonld"
        return path.read_text(encoding="utf-8")
    except (ResourceNotFoundError, OSError):
        return render_context()


def bundled_context() -> dict[str, Any]:
    """The inner context mapping of the bundled file (a fresh copy each call)."""
    document = json.loads(_bundled_context_text())
    inner: dict[str, Any] = document["@context"]
    return inner


def localise_contexts(document: Any, source: str) -> Any:
    """Replace :data:`CONTEXT_URL` by the bundled context and refuse every other remote context.

    Args:
        document: a parsed JSON-LD document (dicts, lists, scalars).
        source: the draft's name, for messages.

    Returns:
        The document, with every ``"@context": CONTEXT_URL`` replaced by the bundled context.

    Raises:
        DraftError: the document names a remote context other than :data:`CONTEXT_URL`, or uses ``@import``.
    """
    if isinstance(document, list):
        return [localise_contexts(item, source) for item in document]
    if not isinstance(document, Mapping):
        return document
    result: dict[str, Any] = {}
    for key, value in document.items():
        if key == "@import":
            raise DraftError(f"{source}: JSON-LD @import of {value!r} is not allowed (contexts are never fetched)")
        result[key] = _localise_context_value(value, source) if key == "@context" else localise_contexts(value, source)
    return result


def _localise_context_value(value: Any, source: str) -> Any:
    if isinstance(value, str):
        if value == CONTEXT_URL:
            return bundled_context()
        raise DraftError(
            f"{source}: remote JSON-LD @context {value!r} is not fetched; use {CONTEXT_URL} (bundled) "
            "or put the context inline"
        )
    if isinstance(value, list):
        return [_localise_context_value(item, source) for item in value]
    return localise_contexts(value, source)
