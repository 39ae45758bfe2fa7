"""Cooperation-gap analysis of the partnership network with NetworkX (issue 6).

``gap_report(store)`` pulls graph views from the knowledge graph with SPARQL and runs every analysis;
each result is a typed :class:`Findings` table citing the paragraphs of the IOM paper it serves.
``agreement_report(store)`` does the same for the network of bilateral labour agreements (issue 9):
countries as nodes, agreements as edges over time. Definitions: ``docs/decisions/0008-gap-analysis-definitions.md``.
"""

from __future__ import annotations

from smpgraph.analysis.agreements import AgreementNetwork as AgreementNetwork
from smpgraph.analysis.agreements import AgreementNetworkReport as AgreementNetworkReport
from smpgraph.analysis.agreements import agreement_report as agreement_report
from smpgraph.analysis.report import GapReport as GapReport
from smpgraph.analysis.report import gap_report as gap_report
from smpgraph.analysis.report import gaps_payload as gaps_payload
from smpgraph.analysis.report import report_from_views as report_from_views
from smpgraph.analysis.results import Finding as Finding
from smpgraph.analysis.results import Findings as Findings
from smpgraph.analysis.views import GraphViews as GraphViews
from smpgraph.analysis.views import ViewRows as ViewRows
from smpgraph.analysis.views import fetch_rows as fetch_rows
from smpgraph.analysis.views import views_from_rows as views_from_rows

__all__ = [
    "AgreementNetwork",
    "AgreementNetworkReport",
    "Finding",
    "Findings",
    "GapReport",
    "GraphViews",
    "ViewRows",
    "agreement_report",
    "fetch_rows",
    "gap_report",
    "gaps_payload",
    "report_from_views",
    "views_from_rows",
]
