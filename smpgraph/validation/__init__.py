"""Validate draft agreements against the IOM components and prerequisites (issue 4).

``validate(draft)`` returns a typed :class:`ValidationReport` with a readiness summary per component and
prerequisite; :func:`serialize` writes it as text, JSON, Turtle, Markdown or HTML; :func:`validate_all`
checks every partnership in the knowledge graph.
"""

from smpgraph.validation.all import validate_all as validate_all
from smpgraph.validation.engine import validate as validate
from smpgraph.validation.readiness import ReadinessShare as ReadinessShare
from smpgraph.validation.readiness import readiness_shares as readiness_shares
from smpgraph.validation.report import AgreementReport as AgreementReport
from smpgraph.validation.report import ConceptKind as ConceptKind
from smpgraph.validation.report import Readiness as Readiness
from smpgraph.validation.report import ReadinessItem as ReadinessItem
from smpgraph.validation.report import Severity as Severity
from smpgraph.validation.report import ValidationReport as ValidationReport
from smpgraph.validation.report import ValidationResult as ValidationResult
from smpgraph.validation.serialize import ReportFormat as ReportFormat
from smpgraph.validation.serialize import serialize as serialize

__all__ = [
    "AgreementReport",
    "ConceptKind",
    "Readiness",
    "ReadinessItem",
    "ReadinessShare",
    "ReportFormat",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "readiness_shares",
    "serialize",
    "validate",
    "validate_all",
]
