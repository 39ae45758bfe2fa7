"""The home page and the IOM paper, paragraph by paragraph (what every finding and term cites)."""

from __future__ import annotations

from itertools import groupby

from flask import render_template

from smpgraph.server.context import current_store
from smpgraph.sources import paragraphs
from smpgraph.store.base import SelectResult
from smpgraph.web.blueprint import bp

__all__ = ["home_page", "paper_page"]


@bp.get("/")
def home_page() -> str:
    """What the workbench offers, with the size of the knowledge graph."""
    store = current_store()
    result = store.query(
        "PREFIX smp: <https://w3id.org/smpgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a/rdfs:subClassOf* smp:Partnership }"
    )
    partnerships = int(str(result.rows[0][0])) if isinstance(result, SelectResult) and result.rows else 0
    return render_template("web/home.html", partnerships=partnerships, triples=len(store))


@bp.get("/source/iom-smp-prerequisites")
def paper_page() -> str:
    """The 31 paragraphs of the IOM paper, each with the anchor ``#para-N`` that findings link to."""
    sections = [(section, list(items)) for section, items in groupby(paragraphs(), key=lambda p: p.section)]
    return render_template("web/paper.html", sections=sections)
