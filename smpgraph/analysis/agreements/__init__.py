"""The world's bilateral labour agreements as a network of countries over time (issue 9, item 4).

Countries are nodes and agreements are edges (one per agreement, with its year): the data of
``data/bla/bla.ttl`` (Chilton and Woda, CC0), read with three SPARQL SELECTs
(``smpgraph/queries/analysis/bla_*.rq``). One module per concern:

- :mod:`~smpgraph.analysis.agreements.network`: the rows, the typed agreements and the graphs.
  :func:`fetch_agreement_rows` is the only function that talks to a store; :func:`network_from_rows`
  and :func:`report_from_network` are pure, so tests feed them hand-made rows.
- one module per table of the report (:class:`AgreementNetworkReport`), each citing the paragraphs of the
  IOM paper it serves (definitions in ``docs/decisions/0008-gap-analysis-definitions.md``):

  - :mod:`~smpgraph.analysis.agreements.decades`, :func:`agreements_per_decade`: agreements signed per
    decade (year unknown: left out, and counted in a note);
  - :mod:`~smpgraph.analysis.agreements.provisions`, :func:`provision_coverage`: per decade, the share of
    *coded* agreements coded present on each term of our ontology and each codebook item (coded present /
    coded; an agreement without coding counts in neither);
  - :mod:`~smpgraph.analysis.agreements.countries`, :func:`connected_countries`: partners (degree),
    agreements (weighted degree) and betweenness (exact, distance = 1 / agreements) of every country;
    and :func:`country_communities`: Louvain communities of countries (weight = agreements, fixed seed);
  - :mod:`~smpgraph.analysis.agreements.corridors`, :func:`uncovered_corridors`: country pairs with at
    least one coded agreement, none of which provides recognition of skills and qualifications
    (item (18)), or human resource development (item (17)).
- :mod:`~smpgraph.analysis.agreements.report`: the report and :func:`agreement_report` (store in, report out).

Every public name is re-exported here, so ``from smpgraph.analysis.agreements import ...`` is the import
to use.

Examples:
    >>> from smpgraph.namespaces import COUNTRY
    >>> a, b = str(COUNTRY.MAR), str(COUNTRY.ESP)
    >>> rows = AgreementRows(agreements=[
    ...     {"agreement": "urn:x:1", "year": "2001", "party": a},
    ...     {"agreement": "urn:x:1", "year": "2001", "party": b},
    ... ])
    >>> network = network_from_rows(rows)
    >>> network.graph.number_of_edges(), network.simple[a][b]["weight"]
    (1, 1)
    >>> [(d.decade, d.agreements) for d in agreements_per_decade(network)]
    [(2000, 1)]
"""

from __future__ import annotations

from smpgraph.analysis.agreements.corridors import RECOGNITION_ITEM as RECOGNITION_ITEM
from smpgraph.analysis.agreements.corridors import TRAINING_ITEM as TRAINING_ITEM
from smpgraph.analysis.agreements.corridors import UncoveredCorridor as UncoveredCorridor
from smpgraph.analysis.agreements.corridors import uncovered_corridors as uncovered_corridors
from smpgraph.analysis.agreements.countries import ConnectedCountry as ConnectedCountry
from smpgraph.analysis.agreements.countries import CountryCommunity as CountryCommunity
from smpgraph.analysis.agreements.countries import connected_countries as connected_countries
from smpgraph.analysis.agreements.countries import country_communities as country_communities
from smpgraph.analysis.agreements.decades import DecadeCount as DecadeCount
from smpgraph.analysis.agreements.decades import agreements_per_decade as agreements_per_decade
from smpgraph.analysis.agreements.network import AGREEMENT_QUERIES as AGREEMENT_QUERIES
from smpgraph.analysis.agreements.network import Agreement as Agreement
from smpgraph.analysis.agreements.network import AgreementNetwork as AgreementNetwork
from smpgraph.analysis.agreements.network import AgreementRows as AgreementRows
from smpgraph.analysis.agreements.network import codebook_labels as codebook_labels
from smpgraph.analysis.agreements.network import fetch_agreement_rows as fetch_agreement_rows
from smpgraph.analysis.agreements.network import network_from_rows as network_from_rows
from smpgraph.analysis.agreements.provisions import ProvisionCoverage as ProvisionCoverage
from smpgraph.analysis.agreements.provisions import provision_coverage as provision_coverage
from smpgraph.analysis.agreements.report import AgreementNetworkReport as AgreementNetworkReport
from smpgraph.analysis.agreements.report import agreement_report as agreement_report
from smpgraph.analysis.agreements.report import agreements_payload as agreements_payload
from smpgraph.analysis.agreements.report import report_from_network as report_from_network

__all__ = [
    "AGREEMENT_QUERIES",
    "RECOGNITION_ITEM",
    "TRAINING_ITEM",
    "Agreement",
    "AgreementNetwork",
    "AgreementNetworkReport",
    "AgreementRows",
    "ConnectedCountry",
    "CountryCommunity",
    "DecadeCount",
    "ProvisionCoverage",
    "UncoveredCorridor",
    "agreement_report",
    "agreements_payload",
    "agreements_per_decade",
    "codebook_labels",
    "connected_countries",
    "country_communities",
    "fetch_agreement_rows",
    "network_from_rows",
    "provision_coverage",
    "report_from_network",
    "uncovered_corridors",
]
