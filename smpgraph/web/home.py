"""The home page and the IOM paper, paragraph by paragraph (what every finding and term cites)."""

from __future__ import annotations

from itertools import groupby
from typing import Final

from flask import render_template

from smpgraph.domain import PARTNERSHIP_KINDS
from smpgraph.server.context import current_store
from smpgraph.sources import paragraphs
from smpgraph.store.base import GraphStore, SelectResult
from smpgraph.web.blueprint import bp

__all__ = ["count_partnerships", "home_page", "paper_page"]


#: partnerships, and among them the bilateral labour agreements (known by their instrument's class; a
#: partnership of one of the kinds (:data:`~smpgraph.domain.PARTNERSHIP_KINDS`: a skills mobility partnership,
#: a pathway, a cooperation framework) with such an instrument stays a partnership, as on its page)
_COUNT_QUERY: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?p) AS ?all) (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
  ?p a/rdfs:subClassOf* smp:Partnership .
  OPTIONAL { ?p smp:hasInstrument/a smp:BilateralLabourMigrationAgreement .
             FILTER NOT EXISTS { ?p a ?kind . VALUES ?kind { KINDS } }
             BIND(?p AS ?agreement) }
}
""".replace("KINDS", " ".join(f"<{kind}>" for kind in PARTNERSHIP_KINDS))


def count_partnerships(store: GraphStore) -> tuple[int, int]:
    """How many partnerships there are that are not bilateral labour agreements, and how many agreements."""
    result = store.query(_COUNT_QUERY)
    if not isinstance(result, SelectResult) or not result.rows:
        return 0, 0
    everything, agreements = (int(str(value)) for value in result.rows[0])
    return everything - agreements, agreements


@bp.get("/")
def home_page() -> str:
    """What the workbench offers, with the size of the knowledge graph (partnerships and agreements apart)."""
    store = current_store()
    partnerships, agreements = count_partnerships(store)
    return render_template("web/home.html", partnerships=partnerships, agreements=agreements, triples=len(store))


@bp.get("/source/iom-smp-prerequisites")
def paper_page() -> str:
    """The 31 paragraphs of the IOM paper, each with the anchor ``#para-N`` that findings link to."""
    sections = [(section, list(items)) for section, items in groupby(paragraphs(), key=lambda p: p.section)]
    return render_template("web/paper.html", sections=sections)
