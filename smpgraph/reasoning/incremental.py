"""Incremental OWL 2 RL reasoning: the inferences one data write adds and removes (issue 15, item 1).

The store keeps the closure of its asserted graphs in the inferred graph (:mod:`smpgraph.reasoning.closure`
defines what is kept). Recomputing it in full after every write costs seconds; a small write changes a few
inferences. :class:`IncrementalReasoner` finds those, with the rules of our ontology compiled into tables
(:mod:`smpgraph.reasoning.incremental_rules`):

* insertions: semi-naive forward chaining. Each new triple is joined with the triples already present
  (looked up in the store), and each conclusion that is new is joined in turn; a rule fires only when one
  of its antecedents is new.
* deletions: delete and rederive (DRed). Every conclusion that has a derivation through a deleted triple is
  deleted too (over-deletion, against the store as it was); then each over-deleted triple that still has a
  one-step derivation from what remains is put back, and forward chaining restores what follows from it.

The result is an :class:`InferenceDelta`: the triples to add to and remove from the inferred graph, so that
it equals what a full recompute keeps. A write that changes the schema, or that the compiled rules cannot see
whole (blank nodes, a fact about a literal or an ``rdf:``/``rdfs:``/``owl:`` term), gets
:class:`NeedsFullRecompute` instead; the caller then recomputes everything, as without this module.

Usage, after the write has been applied to the asserted graphs and before the inferred graph is touched::

    reasoner = IncrementalReasoner.compile(index)      # once, and again after every full recompute
    result = reasoner.apply(index, inserted=new_triples, removed=deleted_triples)
    if isinstance(result, NeedsFullRecompute):
        ...  # recompute in full, then compile again
    else:
        ...  # remove result.removed from and add result.added to the inferred graph
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from smpgraph.reasoning.incremental_index import Term, Triple, TripleIndex, canonical
from smpgraph.reasoning.incremental_rules import Chain, RuleTables, compile_rules
from smpgraph.reasoning.incremental_view import View
from smpgraph.reasoning.incremental_vocab import SAME_AS, TYPE, is_kept, is_named, schema_reason


@dataclass(frozen=True, slots=True)
class InferenceDelta:
    """What one write changes in the inferred graph.

    Attributes:
        added: triples to add to the inferred graph.
        removed: triples to remove from it.
        overdeleted: how many triples deletion propagated to (before rederivation).
        rederived: how many of those still had a derivation.
    """

    added: frozenset[Triple]
    removed: frozenset[Triple]
    overdeleted: int = 0
    rederived: int = 0


@dataclass(frozen=True, slots=True)
class NeedsFullRecompute:
    """The write cannot be reasoned incrementally; ``reason`` says why, in one sentence."""

    reason: str


class _OpaqueError(Exception):
    """The rules reached a fact the store does not keep: only a full recompute can see it."""


class IncrementalReasoner:
    """Maintains the inferred graph under data writes, with the schema compiled into :class:`RuleTables`."""

    def __init__(self, tables: RuleTables) -> None:
        """Use compiled ``tables`` (see :meth:`compile`)."""
        self.tables = tables

    @classmethod
    def compile(cls, index: TripleIndex) -> IncrementalReasoner:
        """Compile the schema of ``index`` (its asserted schema triples) into a reasoner."""
        return cls(compile_rules(index))

    @property
    def supported(self) -> bool:
        """False when no write can be reasoned incrementally (see :attr:`RuleTables.unsupported`)."""
        return not self.tables.unsupported

    def apply(
        self, index: TripleIndex, *, inserted: Iterable[Triple] = (), removed: Iterable[Triple] = ()
    ) -> InferenceDelta | NeedsFullRecompute:
        """The change to the inferred graph that one write to the asserted graphs makes.

        Call it after the write is applied to the asserted graphs of ``index`` and before its inferred graph
        changes. A triple listed as inserted that is not asserted now, or listed as removed that still is (in
        another graph), is ignored; listing a triple that did not change costs time, not correctness. Typed
        literals may be given in any lexical form: they are compared as the store stores them.

        Args:
            index: the store after the write (its inferred graph as before the write).
            inserted: the triples the write added to the asserted graphs.
            removed: the triples the write removed from them.

        Returns:
            The triples to add to and remove from the inferred graph, or why a full recompute is needed.
        """
        inserted, removed = canonical(list(dict.fromkeys(inserted))), canonical(list(dict.fromkeys(removed)))
        if (refusal := self._refusal((*inserted, *removed))) is not None:
            return refusal
        try:
            return self._apply(index, inserted, removed)
        except _OpaqueError as exc:
            return NeedsFullRecompute(str(exc))

    def derive(self, index: TripleIndex, premises: Iterable[Triple]) -> set[Triple] | NeedsFullRecompute:
        """The kept triples that follow from ``premises`` and the triples present, and that ``index`` lacks.

        A full recompute runs this batch by batch over every asserted data triple (:mod:`smpgraph.reasoning.forward`).
        ``premises`` must be present in ``index`` already (asserted, in the canonical form the store gives)
        and be data, not schema (the schema is compiled into the rules).

        Returns:
            The conclusions to add to the inferred graph, or why the compiled rules cannot see them.
        """
        queue: deque[Triple] = deque(premises)
        if (refusal := self._refusal(queue)) is not None:
            return refusal
        view = View(index, same_as_live=next(iter(index.triples(None, SAME_AS, None)), None) is not None)
        try:
            self._saturate(view, queue)
        except _OpaqueError as exc:
            return NeedsFullRecompute(str(exc))
        return {triple for triple in view.added if is_kept(triple)}

    def _refusal(self, triples: Iterable[Triple]) -> NeedsFullRecompute | None:
        """Why the compiled rules cannot take these triples (an unsupported ontology, a triple that is not
        plain data), or None."""
        if self.tables.unsupported:
            return NeedsFullRecompute(f"the ontology is outside what is compiled: {self.tables.unsupported[0]}")
        for triple in triples:
            reason = self._write_reason(triple)
            if reason is not None:
                return NeedsFullRecompute(f"{ntriple(triple)} is not plain data: {reason}")
        return None

    def _write_reason(self, triple: Triple) -> str | None:
        s, p, o = triple
        if type(s) is ox.BlankNode or type(o) is ox.BlankNode:
            return "it has a blank node"
        if p == SAME_AS and any(not is_named(t) or t in self.tables.schema_terms for t in (s, o)):
            return "owl:sameAs on a term that is not an individual's IRI"
        return schema_reason(triple)

    def _apply(self, index: TripleIndex, inserted: list[Triple], removed: list[Triple]) -> InferenceDelta:
        gone = [t for t in removed if not index.is_asserted(t)]
        new = [t for t in inserted if index.is_asserted(t)]
        same_as_live = next(iter(index.triples(None, SAME_AS, None)), None) is not None
        same_as_live = same_as_live or any(t[1] == SAME_AS for t in (*gone, *new))
        overdeleted = self._overdelete(index, gone, same_as_live) if gone else set()
        view = View(index, same_as_live=same_as_live, removed=overdeleted)
        queue: deque[Triple] = deque(new)
        for triple in overdeleted:
            if is_kept(triple) and self._derivable(triple, view):
                view.add(triple)
                queue.append(triple)
        rederived = len(view.added)
        self._saturate(view, queue)
        added: set[Triple] = set()
        dropped: set[Triple] = set()
        for triple in {*overdeleted, *view.added, *new}:
            if not is_kept(triple):
                continue
            wanted = view.contains(triple) and not index.is_asserted(triple)
            had = index.is_inferred(triple)
            if wanted and not had:
                added.add(triple)
            elif had and not wanted:
                dropped.add(triple)
        return InferenceDelta(frozenset(added), frozenset(dropped), len(overdeleted), rederived)

    def _overdelete(self, index: TripleIndex, gone: list[Triple], same_as_live: bool) -> set[Triple]:
        """Every triple with a derivation through a deleted one, found against the store as it was."""
        old = View(index, same_as_live=same_as_live)
        for triple in gone:
            old.add(triple)
        deleted = set(gone)
        queue = deque(gone)
        while queue:
            for conclusion in self._consequences(queue.popleft(), old):
                if conclusion in deleted:
                    continue
                if is_kept(conclusion) and not old.contains(conclusion):
                    continue  # never inferred: nothing follows from it either
                if index.is_asserted(conclusion):
                    continue
                deleted.add(conclusion)
                queue.append(conclusion)
        return deleted

    def _saturate(self, view: View, queue: deque[Triple]) -> None:
        """Semi-naive forward chaining from the triples in ``queue`` (already present in ``view``)."""
        while queue:
            for conclusion in self._consequences(queue.popleft(), view):
                if not view.contains(conclusion):
                    view.add(conclusion)
                    queue.append(conclusion)

    # -- the rules, forwards: what follows from one triple and the triples present -----------------------

    def _consequences(self, triple: Triple, view: View) -> Iterator[Triple]:
        s, p, o = triple
        tables = self.tables
        if type(s) is ox.BlankNode or type(o) is ox.BlankNode:
            raise _OpaqueError(f"the rules reach a blank node ({ntriple(triple)})")
        if p == SAME_AS and s == o:
            return  # reflexive: every rule gives back its premise
        if not is_named(s):
            if p == TYPE:
                return  # a literal or vocabulary term typed by a range: nothing the store keeps follows
            raise _OpaqueError(f"the rules reach a fact the store does not keep ({ntriple(triple)})")
        reason = schema_reason(triple)
        if reason is not None:
            raise _OpaqueError(f"the rules infer a schema triple ({ntriple(triple)}: {reason})")
        if p == TYPE:
            for cls in tables.class_supers.get(o, ()):
                yield s, TYPE, cls
        else:
            for sup in tables.property_supers.get(p, ()):
                yield s, sup, o
            for cls in tables.domain_types.get(p, ()):
                yield s, TYPE, cls
            for cls in tables.range_types.get(p, ()):
                yield o, TYPE, cls
            for inverse in tables.inverses.get(p, ()):
                yield o, inverse, s
            if p in tables.symmetric:
                yield o, p, s
            if p in tables.transitive:
                for later in view.objects(_subject(o), p):
                    yield s, p, later
                for earlier in view.subjects(p, s):
                    yield earlier, p, o
            for chain, position in tables.chains_by_step.get(p, ()):
                yield from _chain_conclusions(chain, position, s, o, view)
        if view.same_as_live:
            yield from _equalities(triple, view)

    # -- the rules, backwards: does a triple follow in one step from the triples present ------------------

    def _derivable(self, triple: Triple, view: View) -> bool:
        s, p, o = triple
        tables = self.tables
        if any(view.contains((s, sub, o)) for sub in tables.property_subs.get(p, ())):
            return True
        if p == TYPE:
            subclasses = tables.class_subs.get(o)
            if subclasses and not subclasses.isdisjoint(view.objects(s, TYPE)):
                return True
            if any(view.has_object(s, prop) for prop in tables.domain_properties.get(o, ())):
                return True
            if any(view.has_subject(prop, s) for prop in tables.range_properties.get(o, ())):
                return True
        else:
            inverses = tables.inverses.get(p, ())
            if inverses or p in tables.symmetric:
                _subject(o)
                if any(view.contains((o, inverse, s)) for inverse in inverses):
                    return True
                if p in tables.symmetric and view.contains((o, p, s)):
                    return True
            if p in tables.transitive and any(view.contains((_subject(z), p, o)) for z in view.objects(s, p)):
                return True
            if any(o in _chain_ends(chain, s, view) for chain in tables.chains_by_implied.get(p, ())):
                return True
        if view.same_as_live:
            if p == SAME_AS and view.contains((o, SAME_AS, s)):
                return True
            if any(view.contains((other, p, o)) for other in _partners(s, view)):
                return True
            if any(view.contains((s, p, other)) for other in _partners(o, view)):
                return True
            if any(view.contains((s, other, o)) for other in _partners(p, view) if type(other) is ox.NamedNode):
                return True
        return False


def _subject(term: Term) -> Term:
    """``term``, which is about to be looked up as a subject; the store keeps facts about IRIs only."""
    if not is_named(term):
        raise _OpaqueError(f"the rules need the facts about {term}, which the store does not keep")
    return term


def _partners(term: Term, view: View) -> list[Term]:
    """The terms ``owl:sameAs`` ``term`` (none for a literal: owl:sameAs on a literal is refused)."""
    if not is_named(term):
        return []
    return [other for other in view.objects(term, SAME_AS) if other != term]


def _equalities(triple: Triple, view: View) -> Iterator[Triple]:
    """``eq-sym``, ``eq-trans`` and ``eq-rep-s/p/o`` for one triple."""
    s, p, o = triple
    for other in _partners(s, view):
        yield other, p, o
    for other in _partners(o, view):
        yield s, p, other
    for other in _partners(p, view):
        if type(other) is not ox.NamedNode:
            raise _OpaqueError(f"owl:sameAs makes {other} a property")
        yield s, other, o
    if p == SAME_AS:
        if not is_named(o) or type(o) is not ox.NamedNode:
            raise _OpaqueError(f"owl:sameAs on {o}, which is not an individual's IRI")
        yield o, SAME_AS, s
        for _, predicate, obj in view.triples(s, None, None):
            yield o, predicate, obj
        for subject, predicate, _ in view.triples(None, None, s):
            yield subject, predicate, o
        if type(s) is ox.NamedNode:
            for subject, _, obj in view.triples(None, s, None):
                yield subject, o, obj


def _chain_conclusions(chain: Chain, position: int, s: Term, o: Term, view: View) -> Iterator[Triple]:
    """``prp-spo2`` for a triple that is step ``position`` of ``chain``."""
    starts: set[Term] = {s}
    for step in reversed(chain.steps[:position]):
        starts = {earlier for node in starts for earlier in view.subjects(step, node)}
        if not starts:
            return
    ends: set[Term] = {o}
    for step in chain.steps[position + 1 :]:
        ends = {later for node in ends for later in view.objects(_subject(node), step)}
        if not ends:
            return
    for start in starts:
        for end in ends:
            yield start, chain.implied, end


def _chain_ends(chain: Chain, start: Term, view: View) -> set[Term]:
    """The terms ``chain`` leads to from ``start``."""
    reached: set[Term] = {start}
    for step in chain.steps:
        reached = {later for node in reached for later in view.objects(_subject(node), step)}
        if not reached:
            break
    return reached


def ntriple(triple: Triple) -> str:
    """A triple in N-Triples syntax, for messages."""
    s, p, o = triple
    return f"{s} {p} {o}"
