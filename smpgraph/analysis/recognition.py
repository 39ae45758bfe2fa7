"""Recognition gaps along corridors: unrecognised mobility, asymmetry, and chains of separate decisions.

Para. 27 of the IOM paper asks for inter-State cooperation on the recognition of skills and degrees;
para. 4 asks that trainees acquire skills "recognized and valued by both parties". Read from the
``corridors`` and ``recognition`` views of :mod:`smpgraph.analysis.views`:

- :func:`unrecognised_corridors`: corridors that move people in occupations no recognition arrangement
  covers (an arrangement for an ISCO group covers its sub-groups; one without occupation covers all);
- :func:`recognition_asymmetries`: A's qualifications recognised in B, but not B's in A;
- :func:`recognition_chains`: A -> B -> C chains, shown as the separate decisions they are. Recognition
  is not transitive: C recognising B's qualification and B recognising A's gives no right in C to a
  holder of A's qualification.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Final

from smpgraph.analysis.model import Recognition, local_name, paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.views import GraphViews
from smpgraph.errors import AnalysisError
from smpgraph.namespaces import ISCO

__all__ = [
    "RecognitionAsymmetry",
    "RecognitionChain",
    "UnrecognisedCorridor",
    "isco_code",
    "recognition_asymmetries",
    "recognition_chains",
    "unrecognised_corridors",
]

RECOGNITION_SOURCES: Final = (paragraph(27), paragraph(4))


def isco_code(iri: str) -> str | None:
    """The ISCO-08 code of an ESCO ISCO group IRI, or None for other IRIs.

    Examples:
        >>> isco_code("http://data.europa.eu/esco/isco/C2512")
        '2512'
        >>> isco_code("https://example.org/occupation/x") is None
        True
    """
    return iri[len(str(ISCO)) :] if iri.startswith(str(ISCO)) else None


def _covers(arrangement_occupations: Iterable[str], occupation: str) -> bool:
    """True when one of the arrangement's groups is the occupation or an ancestor of it."""
    code = isco_code(occupation)
    for group in arrangement_occupations:
        if group == occupation:
            return True
        group_code = isco_code(group)
        if code is not None and group_code is not None and code.startswith(group_code):
            return True
    return False


@dataclass(frozen=True, slots=True)
class UnrecognisedCorridor(Finding):
    """A corridor with mobility but no recognition arrangement for the occupations that move (para. 27).

    Attributes:
        occupations: the occupations that move and that no arrangement covers (empty when the data
            names no occupation and there is no arrangement at all on the corridor).
        occupations_known: whether the partnerships name the occupations they move.
        any_arrangement: whether the corridor has an arrangement for some other occupation.
    """

    origin: str
    destination: str
    origin_label: str
    destination_label: str
    occupations: tuple[str, ...]
    partnerships: tuple[str, ...]
    occupations_known: bool
    any_arrangement: bool

    def subject(self) -> str:
        """``origin -> destination``."""
        return f"{self.origin} -> {self.destination}"

    def summary(self) -> str:
        """What moves unrecognised."""
        what = ", ".join(local_name(o) for o in self.occupations) if self.occupations else "unnamed occupations"
        return f"{self.origin_label} -> {self.destination_label}: no recognition arrangement for {what}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "origin_label": self.origin_label,
            "destination_label": self.destination_label,
            "occupations": list(self.occupations),
            "partnerships": list(self.partnerships),
            "occupations_known": self.occupations_known,
            "any_arrangement": self.any_arrangement,
        }


def unrecognised_corridors(views: GraphViews) -> Findings[UnrecognisedCorridor]:
    """Corridors that move people in occupations that no recognition arrangement covers.

    An arrangement counts when it links the corridor's origin (the qualification's country) to its
    destination (the recognising country), including ``smp:NoRecognitionRequired`` (an explicit
    statement that no recognition is needed); a decision counts when it grants recognition.

    Args:
        views: the graph views.

    Returns:
        One finding per corridor with unrecognised occupations, ordered by origin and destination.

    Raises:
        AnalysisError: there is no partnership.
    """
    if not views.partnerships:
        raise AnalysisError("no partnership to analyse")
    items = []
    for origin, destination, data in sorted(views.corridors.edges(data=True), key=lambda e: (e[0], e[1])):
        records: tuple[Recognition, ...] = ()
        if views.recognition.has_edge(origin, destination):
            records = tuple(
                r for r in views.recognition[origin][destination]["records"] if r.kind == "arrangement" or r.recognises
            )
        occupations = sorted(data["occupations"])
        unrestricted = any(not r.occupations for r in records)
        groups = {o for r in records for o in r.occupations}
        if occupations:
            missing = () if unrestricted else tuple(o for o in occupations if not _covers(groups, o))
            if not missing:
                continue
        elif records:
            continue
        else:
            missing = ()
        items.append(
            UnrecognisedCorridor(
                origin,
                destination,
                views.label(origin),
                views.label(destination),
                missing,
                tuple(data["partnerships"]),
                bool(occupations),
                bool(records),
            )
        )
    return Findings(
        "unrecognised_corridors",
        "Corridors with mobility but no recognition arrangement",
        RECOGNITION_SOURCES,
        tuple(items),
    )


@dataclass(frozen=True, slots=True)
class RecognitionAsymmetry(Finding):
    """B recognises A's qualifications, but A does not recognise B's (para. 27).

    Attributes:
        qualification_country: A, whose qualifications are recognised.
        recognising_country: B.
        records: the arrangements and decisions of B recognising A's qualifications.
        reverse_refused: True when a decision of A refused B's qualification (else there is none).
        reverse_mobility: True when people also move from B to A (asymmetry then matters more).
    """

    qualification_country: str
    recognising_country: str
    qualification_label: str
    recognising_label: str
    records: tuple[str, ...]
    reverse_refused: bool
    reverse_mobility: bool

    def subject(self) -> str:
        """``A -> B``."""
        return f"{self.qualification_country} -> {self.recognising_country}"

    def summary(self) -> str:
        """Who recognises whom."""
        back = "refused" if self.reverse_refused else "no arrangement"
        return f"{self.recognising_label} recognises {self.qualification_label} qualifications; the reverse: {back}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "qualification_country": self.qualification_country,
            "recognising_country": self.recognising_country,
            "qualification_label": self.qualification_label,
            "recognising_label": self.recognising_label,
            "records": list(self.records),
            "reverse_refused": self.reverse_refused,
            "reverse_mobility": self.reverse_mobility,
        }


def recognition_asymmetries(views: GraphViews) -> Findings[RecognitionAsymmetry]:
    """Country pairs where recognition runs one way only.

    Args:
        views: the graph views.

    Returns:
        One finding per one-way pair, ordered by the two IRIs.

    Raises:
        AnalysisError: there is no partnership.
    """
    if not views.partnerships:
        raise AnalysisError("no partnership to analyse")
    graph = views.recognition
    items = []
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if not data["recognised"]:
            continue
        reverse = graph.get_edge_data(b, a)
        if reverse is not None and reverse["recognised"]:
            continue
        items.append(
            RecognitionAsymmetry(
                a,
                b,
                views.label(a),
                views.label(b),
                tuple(sorted({r.iri for r in data["records"] if r.recognises})),
                reverse is not None,
                views.corridors.has_edge(b, a),
            )
        )
    return Findings("recognition_asymmetries", "Recognition asymmetry", RECOGNITION_SOURCES, tuple(items))


@dataclass(frozen=True, slots=True)
class RecognitionChain(Finding):
    """A chain of separate recognition decisions, A -> B -> C ...: not a transitive right (para. 27).

    Attributes:
        countries: the countries in order; each recognises the previous one's qualifications.
        steps: for each link, the arrangements or decisions that make it.
        direct: whether the last country has its own arrangement or decision for the first's.
        transitive: always False: the chain confers no right from the first country to the last.
    """

    countries: tuple[str, ...]
    labels: tuple[str, ...]
    steps: tuple[tuple[str, ...], ...]
    direct: bool
    transitive: bool = False

    def subject(self) -> str:
        """The countries joined with ``->``."""
        return " -> ".join(self.countries)

    def summary(self) -> str:
        """The chain and what it does not mean."""
        end = (
            "which has its own separate decision"
            if self.direct
            else f"{self.labels[-1]} has no arrangement for {self.labels[0]} qualifications"
        )
        return f"{' -> '.join(self.labels)}: {len(self.steps)} separate decisions; {end}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "countries": list(self.countries),
            "labels": list(self.labels),
            "steps": [list(step) for step in self.steps],
            "direct": self.direct,
            "transitive": self.transitive,
        }


def recognition_chains(views: GraphViews, *, max_length: int = 3, limit: int = 1000) -> Findings[RecognitionChain]:
    """Chains of recognition through third countries, as separate decisions.

    Args:
        views: the graph views.
        max_length: the most links in a chain (at least 2).
        limit: the most chains returned (the shortest first, then in IRI order).

    Returns:
        One finding per simple chain of 2 to ``max_length`` recognising links.

    Raises:
        AnalysisError: there is no partnership, or ``max_length`` is below 2.
    """
    if not views.partnerships:
        raise AnalysisError("no partnership to analyse")
    if max_length < 2:
        raise AnalysisError(f"a chain has at least 2 links, not {max_length}")
    graph = views.recognition
    recognised = {n: sorted(v for v in graph.successors(n) if graph[n][v]["recognised"]) for n in graph}

    def walk(path: tuple[str, ...], links: int) -> Iterator[tuple[str, ...]]:
        if links == 0:
            yield path
            return
        for nxt in recognised[path[-1]]:
            if nxt not in path:
                yield from walk((*path, nxt), links - 1)

    every = (
        path for length in range(2, max_length + 1) for start in sorted(recognised) for path in walk((start,), length)
    )
    chains = list(islice(every, limit + 1))
    items = []
    for path in chains[:limit]:
        steps = tuple(tuple(sorted({r.iri for r in graph[a][b]["records"] if r.recognises})) for a, b in pairwise(path))
        direct = graph.has_edge(path[0], path[-1]) and bool(graph[path[0]][path[-1]]["recognised"])
        items.append(RecognitionChain(path, tuple(views.label(c) for c in path), steps, direct))
    notes = ("Each link is a separate decision; recognition is not transitive.",)
    truncated = (f"Only the first {limit} chains are listed.",) if len(chains) > limit else ()
    return Findings(
        "recognition_chains",
        "Recognition chains (separate decisions)",
        RECOGNITION_SOURCES,
        tuple(items),
        notes=notes + truncated,
    )
