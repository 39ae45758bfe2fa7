"""What a store runs for a user's SPARQL update: the dataset rules, the protected graphs, the bookkeeping.

Both backends use it: :func:`plan_update` turns the request into the update the engine runs (see
:func:`smpgraph.store.sparql_text.rewrite_update` for the dataset rules), after
:func:`smpgraph.store.protection.check_update` refused any write it names to a protected graph, and
guards the writes whose graph only the data tells (``GRAPH ?g`` templates). Graphs the request writes
by name join the union its later operations see, so that ``INSERT DATA { GRAPH <g> {...} } ; INSERT
{...} WHERE { GRAPH <g> {...} }`` reads what it wrote. ``GRAPH ?g`` in a ``WHERE`` ranges over the
user's graphs (the protected ones are read through the default graph, the union). See
docs/decisions/0009-http-auth-and-limits.md (amendment) and 0013-sparql-conformance.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smpgraph.errors import UpdateNotAllowedError
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH
from smpgraph.store.protection import Guard, UpdateTargets, refusal, user_graphs, variable_graph_guard
from smpgraph.store.sparql_text import rewrite_update


@dataclass(frozen=True, slots=True)
class UpdatePlan:
    """The update to run and what it may have changed.

    Attributes:
        text: the update the engine runs (rewritten, and guarded when a template's graph is a variable).
        targets: the graphs the request writes.
        guard: the guard around it, if any.
        rewritten: the rewritten update without the guard.
    """

    text: str
    targets: UpdateTargets
    guard: Guard | None = None
    rewritten: str = ""

    def check_refusal(self, engine_message: str) -> None:
        """Raise the refusal if the engine's error is the guard's (a protected graph would have changed).

        Raises:
            UpdateNotAllowedError: the guard refused the update; the engine rolled it back.
        """
        graph = self.guard.refused_graph(engine_message) if self.guard is not None else None
        if graph is not None:
            raise UpdateNotAllowedError(refusal(graph))

    def maybe_emptied(self, recorded: Iterable[str]) -> list[str]:
        """The graphs of ``recorded`` (graphs with a load record) that this update may have emptied."""
        recorded = sorted(set(recorded))
        if self.targets.variable or self.targets.every_graph:
            return recorded
        return [graph for graph in recorded if graph in self.targets.graphs]


def plan_update(
    sparql: str,
    targets: UpdateTargets,
    *,
    existing_graphs: Iterable[str],
    using_graphs: Sequence[str] | None,
    using_named_graphs: Sequence[str] | None,
    snapshots: dict[str, str],
    counts: dict[str, int],
) -> UpdatePlan:
    """The update to run for ``sparql``, whose ``targets`` were checked.

    Args:
        sparql: the user's update.
        targets: what :func:`~smpgraph.store.protection.check_update` found.
        existing_graphs: the graphs of the store now.
        using_graphs, using_named_graphs: the protocol's dataset, if any.
        snapshots, counts: where the guard keeps its snapshots (see
            :func:`~smpgraph.store.protection.variable_graph_guard`).
    """
    graphs = user_graphs({*existing_graphs, str(DEFAULT_GRAPH), *targets.graphs})
    text = rewrite_update(
        sparql,
        default_graph=str(DEFAULT_GRAPH),
        union_graphs=[*graphs, str(INFERRED_GRAPH)],
        named_graphs=graphs,
        using_graphs=using_graphs,
        using_named_graphs=using_named_graphs,
        user_graphs=graphs,
    )
    if not targets.variable:
        return UpdatePlan(text, targets, rewritten=text)
    guard = variable_graph_guard(snapshots, counts)
    return UpdatePlan(guard.wrap(text), targets, guard, rewritten=text)
