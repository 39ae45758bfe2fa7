"""The OWL 2 RL closure of ontology + data, as the triples it adds.

Two engines compute the closure (`OWL 2 RL/RDF rules
<https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules>`_):

* ``owlrl`` (pure Python) is the reference: it implements every rule of the profile.
* ``reasonable`` (Rust) is about 60x faster (docs/design/engine-pitfalls.md), but version 0.4.4
  lacks rule ``prp-spo2`` (``owl:propertyChainAxiom``), which our ontology relies on
  (``smp:hasStakeholder`` is ``smp:hasMembership o org:member``). :func:`compute_inferences` therefore runs
  reasonable and applies ``prp-spo2`` itself, alternating the two until nothing new appears
  (:mod:`smpgraph.reasoning._chains`). ``tests/reasoning/test_engines_agree.py`` proves that the result
  equals owlrl's on our ontology and examples, which is why it is the default.

Both engines emit entailments nobody queries for, and they differ there. :func:`filter_inferences` drops,
from either engine's output:

1. reflexive ``x owl:sameAs x`` (owlrl's ``eq-ref`` adds one for every term; docs/design/engine-pitfalls.md #9);
2. generalised triples with a literal subject (owlrl; Oxigraph rejects them, docs/design/engine-pitfalls.md #3);
3. axiomatic and datatype residue: any triple whose subject is an ``rdf:``, ``rdfs:``, ``owl:`` or ``xsd:``
   IRI (``xsd:string a rdfs:Datatype``, ``rdfs:label a owl:AnnotationProperty``,
   ``owl:Thing rdfs:subClassOf owl:Thing``);
4. schema (TBox) entailments: triples whose predicate is an ``rdfs:`` or ``owl:`` term other than
   ``owl:sameAs`` and ``owl:differentFrom`` (``C rdfs:subClassOf owl:Thing``, ``p rdfs:domain C2`` from
   ``scm-dom1``, ``D owl:equivalentClass C`` from ``C owl:equivalentClass D``), and ``rdf:type`` to an
   ``rdf:``/``rdfs:``/``owl:`` class (``x rdf:type owl:Thing``, which reasonable's ``cls-thing`` adds to every
   resource, ``rdfs:Resource``, ``p rdf:type owl:ObjectProperty``; ``x rdf:type owl:Nothing`` is kept, as the sign of an
   inconsistency). owlrl applies every ``scm-*`` rule and
   reasonable only some, and nothing reads them from the materialised graph: the ontology itself is queried
   asserted (with ``rdfs:subClassOf*`` paths), and the data it classifies gets its types here;
5. triples that mention a blank node the input did not have (owlrl's error-message nodes, literal proxies).

What remains are the entailments about our own terms and data: types from the class hierarchy, domains and
ranges, inverses, transitive and chained properties, and ``owl:sameAs`` consequences.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from smpgraph.errors import ReasoningError
from smpgraph.reasoning._chains import ChainAxiom, apply_chains, read_chain_axioms

logger = logging.getLogger(__name__)

Triple: TypeAlias = tuple[Node, Node, Node]

#: namespaces whose terms are the vocabulary of the reasoner itself, never the subject of a useful inference
AXIOMATIC_NAMESPACES: Final[tuple[str, ...]] = (str(RDF), str(RDFS), str(OWL), str(XSD))

#: namespaces of the schema vocabulary: inferred triples using these predicates or classes are TBox residue
SCHEMA_NAMESPACES: Final[tuple[str, ...]] = (str(RDF), str(RDFS), str(OWL))

#: the schema-namespace predicates that state facts about individuals, kept when inferred
INDIVIDUAL_PREDICATES: Final[frozenset[Node]] = frozenset({RDF.type, OWL.sameAs, OWL.differentFrom})

#: a closure that grows past this many rounds of reasonable + prp-spo2 is a bug, not data
_MAX_CHAIN_ROUNDS: Final = 50


class ReasoningEngine(enum.Enum):
    """The OWL 2 RL engines smpgraph can run."""

    OWLRL = "owlrl"
    """owlrl, the pure-Python reference implementation of the whole profile."""
    REASONABLE = "reasonable"
    """reasonable (Rust), completed with rule ``prp-spo2``; same filtered result as owlrl, much faster."""


#: the engine used when none is named; see the module docstring for why it may be
DEFAULT_ENGINE: Final = ReasoningEngine.REASONABLE


@dataclass(frozen=True, slots=True)
class Inferences:
    """The result of one reasoning run.

    Attributes:
        graph: the inferred triples only (closure minus the asserted input), filtered as the module
            docstring lists.
        engine: the engine that computed them.
        seconds: wall-clock time of the run, conversions included.
        asserted_count: the number of triples given as input.
    """

    graph: Graph
    engine: ReasoningEngine
    seconds: float
    asserted_count: int

    @property
    def inferred_count(self) -> int:
        """The number of inferred triples kept."""
        return len(self.graph)


def compute_inferences(triples: Graph, *, engine: ReasoningEngine = DEFAULT_ENGINE) -> Inferences:
    """Compute the OWL 2 RL closure of ``triples`` and return what it adds.

    ``triples`` must hold the ontology (with its imports) and the data together: neither engine resolves
    ``owl:imports``. The input graph is not modified.

    Args:
        triples: ontology and data, asserted.
        engine: the engine to run.

    Returns:
        The new triples, filtered, with timing and counts.

    Raises:
        ReasoningError: the engine failed.

    Examples:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='''
        ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ...     @prefix ex: <http://example.org/> .
        ...     ex:Dog rdfs:subClassOf ex:Animal . ex:rex a ex:Dog .''')
        >>> [t.n3() for t in next(iter(compute_inferences(g).graph))]
        ['<http://example.org/rex>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<http://example.org/Animal>']
    """
    started = time.perf_counter()
    asserted = set(_triples_of(triples))
    closure: Iterable[Triple]
    try:
        if engine is ReasoningEngine.OWLRL:
            closure = _closure_owlrl(asserted)
        else:
            closure = _closure_reasonable(triples, asserted)
    except ReasoningError:
        raise
    except Exception as exc:  # the engines raise anything from TypeError to pyo3 panics
        raise ReasoningError(f"{engine.value} failed on {len(asserted)} triples: {exc}") from exc
    return _inferences(closure, asserted, engine, started)


def _inferences(
    closure: Iterable[Triple], asserted: set[Triple], engine: ReasoningEngine, started: float
) -> Inferences:
    """The filtered new triples of ``closure`` as an :class:`Inferences`, timed from ``started``."""
    inferred = Graph()
    for triple in filter_inferences(closure, asserted):
        inferred.add(triple)
    seconds = time.perf_counter() - started
    logger.info("%s inferred %d triples from %d in %.2f s", engine.value, len(inferred), len(asserted), seconds)
    return Inferences(graph=inferred, engine=engine, seconds=seconds, asserted_count=len(asserted))


def filter_inferences(closure: Iterable[Triple], asserted: set[Triple]) -> Iterator[Triple]:
    """Yield the triples of ``closure`` that are new and worth keeping.

    Literals typed ``xsd:string`` are compared and returned as plain literals (RDF 1.1 makes them the same
    term; rdflib does not, and reasonable returns every plain literal typed).

    Args:
        closure: the engine's output (asserted triples may be included).
        asserted: the input triples.

    Yields:
        Each kept triple once; see the module docstring for what is dropped and why.
    """
    known = {_plain(triple) for triple in asserted}
    input_bnodes: set[Node] = {term for triple in asserted for term in triple if isinstance(term, BNode)}
    for triple in closure:
        triple = _plain(triple)
        if triple in known or not _is_kept(triple, input_bnodes):
            continue
        known.add(triple)
        yield triple


def _plain(triple: Triple) -> Triple:
    obj = triple[2]
    if isinstance(obj, Literal) and obj.datatype == XSD.string:
        return triple[0], triple[1], Literal(str(obj))
    return triple


def _is_kept(triple: Triple, input_bnodes: set[Node]) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, Literal) or not isinstance(predicate, URIRef):
        return False
    if isinstance(subject, URIRef) and str(subject).startswith(AXIOMATIC_NAMESPACES):
        return False
    if predicate == OWL.sameAs and subject == obj:
        return False
    if str(predicate).startswith(SCHEMA_NAMESPACES) and predicate not in INDIVIDUAL_PREDICATES:
        return False
    if predicate == RDF.type and obj != OWL.Nothing and str(obj).startswith(SCHEMA_NAMESPACES):
        return False
    return not any(isinstance(term, BNode) and term not in input_bnodes for term in triple)


def _triples_of(graph: Graph) -> Iterator[Triple]:
    yield from graph


def _closure_owlrl(asserted: set[Triple]) -> Iterator[Triple]:
    import owlrl  # imported on use: slow to import, often unused

    working = Graph()  # owlrl writes into the graph it reasons over: never hand it the caller's
    for triple in asserted:
        working.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(working)
    return _triples_of(working)


def _closure_reasonable(triples: Graph, asserted: set[Triple]) -> set[Triple]:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(list(asserted))
    return _reason_with_chains(reasoner, read_chain_axioms(triples))


def _reason_with_chains(reasoner: Any, chains: list[ChainAxiom]) -> set[Triple]:
    """Alternate reasonable and ``prp-spo2`` until nothing new appears; the whole closure."""
    for round_number in range(1, _MAX_CHAIN_ROUNDS + 1):
        closure: set[Triple] = set(reasoner.reason())
        chained = [triple for triple in apply_chains(chains, closure) if triple not in closure]
        logger.debug("reasonable round %d: %d triples, %d new by prp-spo2", round_number, len(closure), len(chained))
        if not chained:
            return closure
        reasoner.from_graph(chained)
    raise ReasoningError(f"the closure did not converge after {_MAX_CHAIN_ROUNDS} rounds of prp-spo2")


def compute_inferences_from_file(path: Path, *, chain_axioms: Graph, seed: Iterable[Triple] = ()) -> Inferences:
    """reasonable reads ontology + data from a Turtle or N-Triples file itself; the result as an rdflib Graph.

    The result is the same as :func:`compute_inferences` with the REASONABLE engine on the same triples;
    it only skips building rdflib objects for the input. The store uses :func:`infer_lines_from_file`,
    which also skips them for the output.

    Args:
        path: a ``.ttl`` file (N-Triples content is fine) holding every asserted triple.
        chain_axioms: the ``owl:propertyChainAxiom`` triples with their RDF lists (rule ``prp-spo2``).
        seed: inferences already known (e.g. property chains over asserted data, found by the store with
            one SPARQL path query each); they count as inferred, and they spare a second reasoning round.

    Returns:
        The new triples, filtered, with timing and counts.

    Raises:
        ReasoningError: the engine failed.
    """
    import reasonable

    started = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    try:
        reasoner.load_file(str(path))
        asserted: set[Triple] = set(reasoner.get_base_triples())
        seeded = [triple for triple in seed if triple not in asserted]
        if seeded:
            reasoner.from_graph(seeded)
        closure = _reason_with_chains(reasoner, read_chain_axioms(chain_axioms))
    except ReasoningError:
        raise
    except Exception as exc:  # the engine raises anything from OSError to pyo3 panics
        raise ReasoningError(f"reasonable failed on {path.name}: {exc}") from exc
    return _inferences(closure, asserted, ReasoningEngine.REASONABLE, started)


@dataclass(frozen=True, slots=True)
class LineInferences:
    """The result of :func:`infer_lines_from_file`: inferred triples as N-Triples lines.

    Attributes:
        lines: one ``<s> <p> <o> .`` line (no newline) per kept inferred triple, written as Oxigraph
            writes N-Triples (literals in the engine's canonical form); never a blank node.
        seconds: wall-clock time of the run, conversions included.
        asserted_count: the number of distinct asserted lines in the input file.
    """

    lines: frozenset[str]
    seconds: float
    asserted_count: int


_XSD_STRING: Final = str(XSD.string)
_RDF_LANG_STRING: Final = str(RDF.langString)
_RDF_TYPE: Final = str(RDF.type)
_OWL_SAME_AS: Final = str(OWL.sameAs)
_OWL_DIFFERENT_FROM: Final = str(OWL.differentFrom)
_OWL_NOTHING: Final = str(OWL.Nothing)


def infer_lines_from_file(path: Path, *, chain_axioms: Graph, seed: Iterable[Triple] = ()) -> LineInferences:
    """The store's fast path: reasonable reads an N-Triples dump; the result comes back as N-Triples lines.

    It keeps what :func:`compute_inferences_from_file` keeps, minus every triple with a blank node (the
    store does not materialise those), and it works in N-Triples string space: the asserted triples are
    the lines of ``path`` itself, so no rdflib term is built for them, and the closure is filtered and
    compared as text. ``tests/reasoning/test_engines_agree.py`` checks that the store's inferred graph equals
    the reference result.

    Args:
        path: an N-Triples file *written by Oxigraph* (``Store.dump``) holding every asserted triple; its
            lines are taken as the asserted set, so they must be in Oxigraph's canonical form.
        chain_axioms: the ``owl:propertyChainAxiom`` triples with their RDF lists (rule ``prp-spo2``).
        seed: inferences already known (property chains over asserted data); they spare a second round.

    Returns:
        The kept inferred lines, with timing and counts.

    Raises:
        ReasoningError: the engine failed.
    """
    import reasonable

    started = time.perf_counter()
    try:
        asserted = frozenset(path.read_bytes().decode("utf-8").splitlines())
    except (OSError, UnicodeDecodeError) as exc:
        raise ReasoningError(f"cannot read the asserted triples in {path.name}: {exc}") from exc
    reasoner = reasonable.PyReasoner()
    try:
        reasoner.load_file(str(path))
        seeded = list(seed)
        if seeded:
            reasoner.from_graph(seeded)
        closure = _reason_with_chains(reasoner, read_chain_axioms(chain_axioms))
    except ReasoningError:
        raise
    except Exception as exc:  # the engine raises anything from OSError to pyo3 panics
        raise ReasoningError(f"reasonable failed on {path.name}: {exc}") from exc
    lines = ntriples_lines(closure, exclude=asserted)
    seconds = time.perf_counter() - started
    logger.info("reasonable inferred %d triples from %d in %.2f s", len(lines), len(asserted), seconds)
    return LineInferences(lines=lines, seconds=seconds, asserted_count=len(asserted))


def ntriples_lines(triples: Iterable[Triple], *, exclude: Set[str] = frozenset()) -> frozenset[str]:
    """Filter ``triples`` as :func:`filter_inferences` does and write the kept ones as N-Triples lines.

    Blank-node triples are dropped. Literals are written as Oxigraph writes them after storing them
    (``"1.50"^^xsd:decimal`` becomes ``"1.5"^^xsd:decimal``), so that the lines compare equal to a dump.

    Args:
        triples: rdflib triples (an engine's closure, or inferences).
        exclude: lines to leave out (the asserted triples, as Oxigraph dumps them).

    Returns:
        The kept lines, without their newline.
    """
    kept: set[str] = set()
    typed: list[str] = []  # lines with a typed literal: Oxigraph may canonicalise them when it stores them
    literal_text: dict[tuple[str, str | None, str | None], tuple[str, bool]] = {}
    for subject, predicate, obj in triples:
        if type(subject) is not URIRef or type(predicate) is not URIRef:
            continue  # literal or blank subject; a blank node is never materialised by the store
        s, p = str(subject), str(predicate)
        if s.startswith(AXIOMATIC_NAMESPACES):
            continue
        kind = type(obj)
        if p.startswith(SCHEMA_NAMESPACES):
            if p == _RDF_TYPE:
                if str(obj) != _OWL_NOTHING and str(obj).startswith(SCHEMA_NAMESPACES):
                    continue
            elif p == _OWL_SAME_AS:
                if kind is URIRef and str(obj) == s:
                    continue
            elif p != _OWL_DIFFERENT_FROM:
                continue
        if kind is URIRef:
            line = f"<{s}> <{p}> <{obj}> ."
        elif kind is Literal:
            assert isinstance(obj, Literal)
            key = (str(obj), obj.language, None if obj.datatype is None else str(obj.datatype))
            text = literal_text.get(key)
            if text is None:
                text = literal_text[key] = _literal_text(*key)
            line = f"<{s}> <{p}> {text[0]} ."
            if text[1] and line not in exclude:  # most typed literals are written canonically already
                typed.append(line)
                continue
        else:
            continue  # a blank-node object
        if line not in exclude:
            kept.add(line)
    if typed:  # let the engine write them as it stores them: "1.0"^^xsd:double is stored as "1"
        scratch = ox.Store()
        scratch.load("\n".join(typed).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        dumped = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        kept.update(line for line in dumped.decode("utf-8").splitlines() if line not in exclude)
    return frozenset(kept)


def _literal_text(value: str, language: str | None, datatype: str | None) -> tuple[str, bool]:
    """A literal as Oxigraph writes it, and whether its datatype is one the engine may canonicalise."""
    if language:
        return str(ox.Literal(value, language=language)), False
    if datatype is None or datatype in (_XSD_STRING, _RDF_LANG_STRING):
        return str(ox.Literal(value)), False
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype))), True
