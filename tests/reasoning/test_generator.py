"""benchmarks/generate.py: deterministic, in our vocabulary, and valid RDF (issue 2, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from benchmarks.generate import generate, write
from smpgraph.namespaces import SMP

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = {"smp": str(SMP), "org": str(ORG), "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS)}
#: the two RDF(S) terms every record uses; the contract takes them for granted
CORE = {RDF.type, RDFS.label}


def contract_terms() -> set[URIRef]:
    text = (ROOT / "docs" / "design" / "vocabulary.md").read_text(encoding="utf-8")
    found = re.findall(r"\b(smp|org|skos|prov|dcterms):([A-Za-z][A-Za-z0-9]*)", text)
    return {URIRef(PREFIXES[prefix] + name) for prefix, name in found}


def test_generate_is_deterministic_for_a_seed() -> None:
    first = list(generate(20, seed=1))
    assert first == list(generate(20, seed=1))
    assert first != list(generate(20, seed=2))


def test_generate_uses_only_contract_terms() -> None:
    allowed = contract_terms() | CORE
    used: set[object] = set()
    for _, predicate, obj in generate(20, seed=1):
        used.add(predicate)
        if predicate == RDF.type or str(obj).startswith(str(SMP)):
            used.add(obj)
    # objects outside these namespaces are data (countries, ISCO groups, EQF levels, organisations)
    vocabulary = {term for term in used if str(term).startswith(tuple(PREFIXES.values())) or term in CORE}
    assert sorted(vocabulary - allowed) == []


def test_generate_writes_parseable_ntriples(tmp_path: Path) -> None:
    path = tmp_path / "smp.nt"
    count = write(path, 20, seed=1)
    graph = Graph().parse(path, format="nt")
    assert len(graph) == count == len(set(generate(20, seed=1)))
    partnerships = set(graph.subjects(RDF.type, SMP.SkillsMobilityPartnership))
    pathways = set(graph.subjects(RDF.type, SMP.LabourMobilityPathway))
    assert partnerships
    assert pathways
    assert len(partnerships | pathways) == 20
    for partnership in partnerships | pathways:
        assert 5 <= len(set(graph.objects(partnership, SMP.hasMembership))) <= 15
