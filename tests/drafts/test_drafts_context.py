"""The bundled JSON-LD context agrees with the YAML schema and the vocabulary contract (issue 3, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.parsers.jsonld import to_rdf

from smpgraph.drafts.context import build_context, country_iri, render_context
from smpgraph.drafts.countries import ALPHA2_TO_ALPHA3
from smpgraph.drafts.schema import AGREEMENT, FieldSpec, ObjectSpec, ValueKind

CONTEXT_FILE = Path(__file__).resolve().parents[2] / "data" / "context" / "smpgraph.jsonld"
SMP = "https://w3id.org/smpgraph/ontology#"
PREFIXES = {"smp": SMP, "org": "http://www.w3.org/ns/org#"}


def test_context_file_is_generated_from_the_schema() -> None:
    """Regenerate with ``render_context()`` of smpgraph.drafts.context, written to data/context/smpgraph.jsonld."""
    assert CONTEXT_FILE.read_text(encoding="utf-8") == render_context()


def test_context_is_json_ld_1_1_without_vocab() -> None:
    terms = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert terms["@version"] == 1.1
    assert "@vocab" not in terms


def test_country_table_matches_iso_3166() -> None:
    pycountry = pytest.importorskip("pycountry")
    assert {c.alpha_2: c.alpha_3 for c in pycountry.countries} == ALPHA2_TO_ALPHA3
    assert country_iri("DE") == "http://publications.europa.eu/resource/authority/country/DEU"
    assert country_iri("XK") == "https://w3id.org/smpgraph/id/country/XK"
    assert country_iri("XX") is None


def _objects(spec: ObjectSpec, seen: set[str]) -> list[tuple[str, ObjectSpec]]:
    found = [(spec.name, spec)]
    for field in spec.fields:
        if field.obj is not None and field.obj.name not in seen:
            seen.add(field.obj.name)
            found.extend(_objects(field.obj, seen))
    return found


def _expand(compact: str) -> str:
    prefix, _, local = compact.partition(":")
    return PREFIXES[prefix] + local


def _path_to(target: ObjectSpec, spec: ObjectSpec = AGREEMENT) -> list[FieldSpec] | None:
    if spec is target:
        return []
    for field in spec.fields:
        if field.obj is not None:
            rest = _path_to(target, field.obj)
            if rest is not None:
                return [field, *rest]
    return None


def _node_for(target: ObjectSpec, body: dict[str, object]) -> tuple[dict[str, object], str]:
    """A JSON-LD document that puts ``body`` at ``target``'s place; returns it and the IRI of that node."""
    node_id = "https://example.org/node"
    inner: dict[str, object] = {"@id": node_id, **body}
    path = _path_to(target)
    assert path is not None
    for field in reversed(path):
        inner = {"@id": f"https://example.org/{field.key}", field.key: inner}
    document: dict[str, object] = {"@context": build_context()["@context"], **inner}
    if not path:
        document["@id"] = node_id
    return document, node_id


ALL_OBJECTS = _objects(AGREEMENT, set())


@pytest.mark.parametrize("spec", [spec for _, spec in ALL_OBJECTS], ids=[name for name, _ in ALL_OBJECTS])
def test_every_code_of_the_schema_expands_to_its_contract_iri(spec: ObjectSpec) -> None:
    for field in spec.fields:
        if field.kind is not ValueKind.CODE:
            continue
        for word, compact in field.codes.items():
            document, node_id = _node_for(spec, {field.key: word})
            graph = Graph()
            to_rdf(document, graph)
            assert (URIRef(node_id), URIRef(_expand(field.iri)), URIRef(_expand(compact))) in graph, (field.key, word)
    if spec.type_key:
        for word, compact in spec.kinds.items():
            document, node_id = _node_for(spec, {spec.type_key: word})
            graph = Graph()
            to_rdf(document, graph)
            assert (URIRef(node_id), RDF.type, URIRef(_expand(compact))) in graph, (spec.type_key, word)
