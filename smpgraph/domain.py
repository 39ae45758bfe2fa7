"""The domain facts the rest of smpgraph shares, each with exactly one home.

A fact that two modules need (which classes make a partnership, which languages the labels and messages
come in, what year code means "unknown", which seed the analyses draw with) is defined here and
imported everywhere else. This module sits at the bottom of the package, next to :mod:`smpgraph.namespaces`
and :mod:`smpgraph.errors`, and imports nothing else of smpgraph.

The SPARQL files under ``smpgraph/queries/analysis/`` name the partnership classes in ``VALUES`` clauses;
``tests/analysis/test_domain.py`` checks they list exactly :data:`PARTNERSHIP_CLASSES`.

Examples:
    >>> [c.removeprefix(str(SMP)) for c in PARTNERSHIP_CLASSES][:3]
    ['Partnership', 'SkillsMobilityPartnership', 'LabourMobilityPathway']
    >>> [c.removeprefix(str(SMP)) for c in PARTNERSHIP_CLASSES][3:]
    ['ComplementaryPathway', 'CooperationFramework']
    >>> DEFAULT_LANGUAGE in LANGUAGES
    True
"""

from __future__ import annotations

from typing import Final

from rdflib import URIRef

from smpgraph.namespaces import SMP

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_SEED",
    "LANGUAGES",
    "PARTNERSHIP",
    "PARTNERSHIP_CLASSES",
    "PARTNERSHIP_KINDS",
    "UNKNOWN_YEAR",
]

#: the class of every partnership for labour mobility (IOM paper, paras. 3-4)
PARTNERSHIP: Final[URIRef] = SMP.Partnership
#: its subclasses the vocabulary defines: the full SMP (paras. 4, 7), the pathway (paras. 3, 31), the refugee
#: pathway (a pathway; paras. 2, 20) and the cooperation framework (paras. 1, 21; docs/decisions/0017)
PARTNERSHIP_KINDS: Final[tuple[URIRef, ...]] = (
    SMP.SkillsMobilityPartnership,
    SMP.LabourMobilityPathway,
    SMP.ComplementaryPathway,
    SMP.CooperationFramework,
)
#: the partnership classes, general before specific (found without relying on reasoning)
PARTNERSHIP_CLASSES: Final[tuple[URIRef, ...]] = (PARTNERSHIP, *PARTNERSHIP_KINDS)

#: the languages of labels, definitions and messages (ISO 639-1); the first is the default
LANGUAGES: Final[tuple[str, ...]] = ("en", "fr", "es")
#: the language used when none is asked for
DEFAULT_LANGUAGE: Final[str] = LANGUAGES[0]

#: the Bilateral Labor Agreements dataset's code for a year of signature that is not known
UNKNOWN_YEAR: Final[int] = 9999

#: the seed of every random draw of the analyses: sampled betweenness, Louvain communities, spring layouts
DEFAULT_SEED: Final[int] = 42
