"""A working view for incremental reasoning: the store's triples, plus and minus those of one run.

Reasoning about one write must see the store as the write is being reasoned: triples derived so far are
present, and triples being deleted are absent, before anything is written. The view keeps both in memory
and answers the same lookups as :class:`~smpgraph.reasoning.incremental_index.TripleIndex`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Set

import pyoxigraph as ox

from smpgraph.reasoning.incremental_index import Term, Triple, TripleIndex
from smpgraph.reasoning.incremental_vocab import SAME_AS


class View:
    """``index`` plus :attr:`added` minus :attr:`removed` (a triple in both is present)."""

    __slots__ = ("_by_po", "_by_sp", "added", "index", "removed", "same_as_live")

    def __init__(self, index: TripleIndex, *, same_as_live: bool, removed: Set[Triple] = frozenset()) -> None:
        """A view of ``index`` without ``removed``; ``same_as_live`` says whether any owl:sameAs may exist."""
        self.index = index
        self.added: set[Triple] = set()
        self.removed = removed
        self.same_as_live = same_as_live
        self._by_sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self._by_po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)

    def add(self, triple: Triple) -> None:
        """Make ``triple`` present."""
        self.added.add(triple)
        s, p, o = triple
        self._by_sp[s, p].add(o)
        self._by_po[p, o].add(s)
        if p == SAME_AS:
            self.same_as_live = True

    def contains(self, triple: Triple) -> bool:
        """True when ``triple`` is present."""
        if triple in self.added:
            return True
        if triple in self.removed:
            return False
        return self.index.contains(triple)

    def objects(self, subject: Term, predicate: ox.NamedNode) -> set[Term]:
        """The objects of ``subject predicate ?o`` that are present."""
        found = set(self.index.objects(subject, predicate))
        if self.removed and found:
            found = {o for o in found if (subject, predicate, o) not in self.removed}
        extra = self._by_sp.get((subject, predicate))
        return found | extra if extra else found

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> set[Term]:
        """The subjects of ``?s predicate obj`` that are present."""
        found = set(self.index.subjects(predicate, obj))
        if self.removed and found:
            found = {s for s in found if (s, predicate, obj) not in self.removed}
        extra = self._by_po.get((predicate, obj))
        return found | extra if extra else found

    def has_object(self, subject: Term, predicate: ox.NamedNode) -> bool:
        """True when some ``subject predicate ?o`` is present (reads the store only up to the first)."""
        if self._by_sp.get((subject, predicate)):
            return True
        removed = self.removed
        return any((subject, predicate, o) not in removed for o in self.index.objects(subject, predicate))

    def has_subject(self, predicate: ox.NamedNode, obj: Term) -> bool:
        """True when some ``?s predicate obj`` is present (reads the store only up to the first)."""
        if self._by_po.get((predicate, obj)):
            return True
        removed = self.removed
        return any((s, predicate, obj) not in removed for s in self.index.subjects(predicate, obj))

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterator[Triple]:
        """The present triples matching a pattern (None matches anything); each once."""
        seen: set[Triple] = set()
        for triple in self.index.triples(subject, predicate, obj):
            if triple not in self.removed and triple not in seen:
                seen.add(triple)
                yield triple
        for triple in list(self.added):
            s, p, o = triple
            if (
                triple not in seen
                and (subject is None or s == subject)
                and (predicate is None or p == predicate)
                and (obj is None or o == obj)
            ):
                yield triple
