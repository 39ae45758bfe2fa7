"""The typed result of reading a draft agreement, and the formats a draft may come in."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rdflib import Graph, URIRef


class DraftFormat(enum.Enum):
    """The formats a draft agreement may be written in."""

    TURTLE = "turtle"
    JSON_LD = "json-ld"
    YAML = "yaml"

    @classmethod
    def from_suffix(cls, suffix: str) -> DraftFormat | None:
        """The format of a file extension (``.ttl``, ``.jsonld``, ``.json``, ``.yaml``, ``.yml``), if known.

        Examples:
            >>> DraftFormat.from_suffix(".YML")
            <DraftFormat.YAML: 'yaml'>
            >>> DraftFormat.from_suffix(".txt") is None
            True
        """
        return _SUFFIXES.get(suffix.lower())

    @classmethod
    def from_content(cls, text: str) -> DraftFormat:
        """Guess the format of a draft from its first meaningful characters.

        JSON starts with ``{`` or ``[``; Turtle with a prefix or base directive, an IRI or a comment
        followed by one of those; anything else is read as YAML.

        Examples:
            >>> DraftFormat.from_content('{"@context": {}}')
            <DraftFormat.JSON_LD: 'json-ld'>
            >>> DraftFormat.from_content("@prefix smp: <https://w3id.org/smpgraph/ontology#> .")
            <DraftFormat.TURTLE: 'turtle'>
            >>> DraftFormat.from_content("id: partnership/x")
            <DraftFormat.YAML: 'yaml'>
        """
        for raw_line in text.lstrip("\ufeff").splitlines():
            line = raw_line.strip()
            if not line or line.startswith("#") or line == "---":
                continue
            if line.startswith(("{", "[")):
                return cls.JSON_LD
            lowered = line.lower()
            if lowered.startswith(("@prefix", "@base", "prefix ", "base ", "<")):
                return cls.TURTLE
            return cls.YAML
        return cls.YAML


_SUFFIXES: dict[str, DraftFormat] = {
    ".ttl": DraftFormat.TURTLE,
    ".jsonld": DraftFormat.JSON_LD,
    ".json": DraftFormat.JSON_LD,
    ".yaml": DraftFormat.YAML,
    ".yml": DraftFormat.YAML,
}
#: RDF and other extensions that drafts may not use (rather than being guessed as YAML)
UNSUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".rdf", ".owl", ".xml", ".nt", ".nq", ".trig", ".n3", ".trix", ".hext", ".csv", ".xlsx", ".docx", ".pdf"}
)


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft agreement read into a graph.

    Attributes:
        graph: the draft's triples, prefixes bound.
        agreements: the partnerships the draft describes (subjects typed ``smp:SkillsMobilityPartnership``,
            ``smp:LabourMobilityPathway`` or ``smp:Partnership``), sorted; never empty.
        format: the format it was read from.
    """

    graph: Graph
    agreements: tuple[URIRef, ...]
    format: DraftFormat
