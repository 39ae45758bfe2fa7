"""Random writes through the store API keep the inferred graph equal to a full recompute (issue 15, phase 2).

Two in-memory stores start from our ontology and two examples, reasoned in full. Hypothesis draws a sequence
of writes -- ``update`` with ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE``, ``DELETE``/``INSERT ...
WHERE`` (between graphs, over the union, with ``GRAPH ?g``), ``CLEAR``/``DROP``, several operations in one
request; ``put_graph``; ``drop_graph``; ``load`` of a small file, first and again -- from a pool of triples in
our vocabulary (memberships and the ``smp:hasStakeholder`` chain, inverses, transitive and symmetric SKOS
properties, ``owl:sameAs``, typed literals, labels), triples of the examples and of their inferences, and
rarely a schema triple or a blank node. Each write goes to both stores:

* the store under test reasons it (incrementally where it can); its inferred graph must equal a full
  recompute of its asserted graphs (the store's own reasoning path) after every write;
* the mirror has no reasoner, so it applies every update as the engine reads it; both must hold the same
  asserted quads and the same named graphs (the incremental path computes the asserted change itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import product
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from smpgraph.config import Settings
from smpgraph.errors import SmpGraphError
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH
from smpgraph.reasoning.incremental_store import full_inferred_lines, graph_lines
from smpgraph.store import ResultFormat, open_store
from smpgraph.store.oxigraph import OxigraphStore
from smpgraph.store.writes import WriteMode

ROOT = Path(__file__).resolve().parents[2]
NS = {
    "smp": "https://w3id.org/smpgraph/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ex": "https://example.org/",
    "id": "https://w3id.org/smpgraph/id/",
}
GRAPHS = (None, NS["ex"] + "g1", NS["ex"] + "g2", "urn:test:triple-win.ttl")
LOADS = {"a.nt": NS["ex"] + "la", "b.nt": NS["ex"] + "lb"}
Write = Callable[[OxigraphStore], object]


def _iri(name: str) -> str:
    prefix, local = name.split(":", 1)
    return f"<{NS[prefix]}{local}>"


def _line(s: str, p: str, o: str) -> str:
    obj = o if o.startswith(("<", '"', "_:")) else _iri(o)
    return f"{_iri(s)} {_iri(p)} {obj} ."


@cache
def _pool() -> tuple[str, ...]:
    """Data triples in our vocabulary, as N-Triples lines."""
    found: list[str] = []
    parts, members, agents = ["ex:p0", "ex:p1", "id:partnership/triple-win"], ["ex:m0", "ex:m1"], ["ex:a", "ex:b"]
    found += [_line(p, "smp:hasMembership", m) for p, m in product(parts, members)]
    found += [_line(m, "org:member", a) for m, a in product(members, [*agents, "id:org/giz"])]
    found += [_line(a, "org:hasMembership", m) for a, m in product(agents, members)]
    found += [_line(x, "org:memberOf", y) for x, y in product(agents, ["ex:b", "ex:c"]) if x != y]
    for prop in ("skos:broader", "skos:narrower", "skos:related", "skos:exactMatch"):
        found += [_line(x, prop, y) for x, y in product(["ex:a", "ex:b", "ex:c"], repeat=2) if x != y]
    found += [_line(x, "rdf:type", c) for x, c in product(["ex:a", "ex:m0"], ["smp:Ministry", "org:Membership"])]
    found += [_line("ex:a", "owl:sameAs", "ex:b"), _line("ex:m0", "owl:sameAs", "ex:m1")]
    found += [_line("ex:a", "skos:prefLabel", '"a"@en'), _line("ex:p0", "rdfs:label", '"p"')]
    found += [_line("ex:p0", "smp:startDate", f'"2020-01-01"^^<{NS["xsd"]}date>')]
    return tuple(found)


@cache
def _base() -> tuple[bytes, tuple[str, ...]]:
    """Our ontology and two examples as N-Quads (one graph per file), and triples of the data and its closure."""
    store = ox.Store()
    files = [
        *sorted((ROOT / "ontology").rglob("*.ttl")),
        *(ROOT / "data/examples" / n for n in ("triple-win.ttl", "palim.ttl")),
    ]
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    data = [
        f"{q.subject} {q.predicate} {q.object} ."
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:test:triple-win.ttl"))
    ]
    entailed = sorted(full_inferred_lines(store))
    sample = [line for line in [*data, *entailed] if "_:" not in line]
    return store.dump(format=ox.RdfFormat.N_QUADS) or b"", tuple(sample[:: max(1, len(sample) // 120)])


def _open(reasoner: str) -> OxigraphStore:
    store = open_store(Settings(backend="memory", reasoner=reasoner, write_timeout_s=0))  # type: ignore[arg-type]
    assert isinstance(store, OxigraphStore)
    store.load(_base()[0], format=ResultFormat.NQUADS, name="base.nq")
    return store


def _block(graph: str | None, lines: list[str]) -> str:
    body = "\n".join(lines)
    return body if graph is None else f"GRAPH <{graph}> {{ {body} }}"


@st.composite
def _writes(draw: st.DrawFn) -> tuple[str, Write]:  # one branch per kind of write
    pool = (*_pool(), *_base()[1])
    lines = st.lists(st.sampled_from(pool), min_size=1, max_size=5)
    graph = draw(st.sampled_from(GRAPHS), label="graph")
    other = draw(st.sampled_from([g for g in GRAPHS if g is not None]), label="other graph")
    kind = draw(
        st.sampled_from(
            [
                "insert",
                "delete",
                "delete where",
                "move",
                "union",
                "var",
                "put",
                "drop",
                "load",
                "clear",
                "multi",
                "rare",
            ]
        )
    )
    if kind == "insert":
        text = f"INSERT DATA {{ {_block(graph, draw(lines))} }}"
    elif kind == "delete":
        text = f"DELETE DATA {{ {_block(graph, draw(lines))} }}"
    elif kind == "delete where":
        subject = draw(st.sampled_from(["ex:a", "ex:m0", "ex:p0", "id:partnership/triple-win"]))
        text = f"DELETE WHERE {{ {_block(graph, [f'{_iri(subject)} ?p ?o'])} }}"
    elif kind == "move":
        prop = draw(st.sampled_from(["org:member", "smp:hasMembership", "skos:broader", "rdfs:label"]))
        source = _block(graph, [f"?s {_iri(prop)} ?o"])
        text = f"DELETE {{ {source} }} INSERT {{ GRAPH <{other}> {{ ?s {_iri(prop)} ?o }} }} WHERE {{ {source} }}"
    elif kind == "union":
        prop = draw(st.sampled_from(["org:member", "smp:hasStakeholder", "skos:broaderTransitive"]))
        text = f"INSERT {{ ?s {_iri(prop)} {_iri('ex:c')} }} WHERE {{ ?s {_iri(prop)} ?o FILTER(isIRI(?s)) }}"
    elif kind == "var":
        subject = draw(st.sampled_from(["ex:a", "ex:m0", "ex:p0"]))
        text = f"DELETE {{ GRAPH ?g {{ {_iri(subject)} ?p ?o }} }} WHERE {{ GRAPH ?g {{ {_iri(subject)} ?p ?o }} }}"
    elif kind == "put":
        data, replace = "\n".join(draw(lines)), draw(st.booleans())
        return f"put_graph({graph}, replace={replace}): {data}", lambda s: s.put_graph(
            graph, Graph().parse(data=data, format="nt"), replace=replace
        )
    elif kind == "drop":
        return f"drop_graph({graph})", lambda s: s.drop_graph(graph)
    elif kind == "load":
        name, data = draw(st.sampled_from(sorted(LOADS))), "\n".join(draw(lines)) + "\n"
        return f"load {name}: {data}", lambda s: s.load(
            data.encode(), format=ResultFormat.NTRIPLES, name=name, graph=LOADS[name]
        )
    elif kind == "clear":
        text = draw(
            st.sampled_from(
                [
                    f"CLEAR SILENT GRAPH <{other}>",
                    f"DROP SILENT GRAPH <{other}>",
                    "CLEAR DEFAULT",
                    f"CLEAR GRAPH <{other}>",
                    f"CREATE SILENT GRAPH <{other}>",
                ]
            )
        )
    elif kind == "multi":
        first, second, third = draw(lines), draw(lines), draw(lines)
        text = (
            f"INSERT DATA {{ {_block(graph, first)} }} ;\nDELETE DATA {{ {_block(other, second)} }} ;\n"
            f"INSERT DATA {{ {_block(other, third)} }}"
        )
    else:
        text = draw(st.sampled_from([
            f"INSERT DATA {{ GRAPH <{other}> {{ {_iri('ex:Sub')} {_iri('rdfs:subClassOf')} {_iri('smp:Ministry')} }} }}",  # noqa: E501
            f"INSERT DATA {{ GRAPH <{other}> {{ {_iri('ex:a')} {_iri('org:memberOf')} [] }} }}",
            f"DELETE WHERE {{ GRAPH <{other}> {{ ?s ?p ?o }} }}",
        ]))  # fmt: skip
    return text, lambda s: s.update(text)


def _asserted(store: OxigraphStore) -> set[str]:
    """The asserted quads, blank nodes written alike (the two stores name theirs differently)."""
    quads = store._engine().quads_for_pattern(None, None, None)
    return {
        " ".join(
            "_:b" if isinstance(term, ox.BlankNode) else str(term)
            for term in (q.subject, q.predicate, q.object, q.graph_name)
        )
        for q in quads
        if q.graph_name != INFERRED_GRAPH
    }


def _sync_inferred(store: OxigraphStore, mirror: OxigraphStore) -> None:
    """Give the mirror the store's inferred graph, which a ``WHERE`` reads too."""
    engine = mirror._engine()
    engine.remove_graph(INFERRED_GRAPH)
    engine.extend(store._engine().quads_for_pattern(None, None, None, INFERRED_GRAPH))


def _check(data: st.DataObject, steps: int) -> None:
    store, mirror = _open("reasonable"), _open("none")
    mirror.incremental_writes = False  # every update as the engine runs it, as before incremental reasoning
    _sync_inferred(store, mirror)
    modes: list[WriteMode] = []
    for _ in range(steps):
        label, write = data.draw(_writes(), label="write")
        outcomes = []
        for target in (store, mirror):
            try:
                write(target)
                outcomes.append("ok")
            except SmpGraphError as exc:
                outcomes.append(type(exc).__name__)
        assert outcomes[0] == outcomes[1], f"{label}: {outcomes}"
        if outcomes[0] == "ok" and store.last_write is not None:
            modes.append(store.last_write.mode)
        assert _asserted(store) == _asserted(mirror), (
            f"{label}: the asserted graphs differ from the engine's own update"
        )
        user_graphs = [g for g in store.graph_names() if str(g) != INFERRED_GRAPH.value]
        assert user_graphs == [g for g in mirror.graph_names() if str(g) != INFERRED_GRAPH.value], f"{label}: graphs"
        engine = store._engine()
        maintained, full = graph_lines(engine), full_inferred_lines(engine)
        assert maintained == full, (
            f"after {label} ({store.last_write}): only maintained {sorted(maintained - full)[:5]}, "
            f"only full {sorted(full - maintained)[:5]}"
        )
        assert store.info().reasoning.fresh
        _sync_inferred(store, mirror)
    store.close()
    mirror.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_random_store_writes_equal_a_full_recompute(data: st.DataObject) -> None:
    _check(data, steps=6)


@pytest.mark.slow  # a full recompute per write for the comparison (about 0.3-1 s each)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_many_random_store_writes_equal_a_full_recompute(data: st.DataObject) -> None:
    _check(data, steps=10)
