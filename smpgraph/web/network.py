"""The interactive networks (issue 18, item 2): the cooperation network and the country network of agreements.

Drawn in the browser by the vendored Cytoscape.js (``static/vendor/cytoscape-3.35.0``, MIT) and our
``static/viz/network.js`` from ``/api/v1/network`` (positions computed once on the server per data
version, :mod:`smpgraph.server.visual`): zoom, pan, hover for names and roles, filters by kind and by
partnership, colour by stakeholder type or by community, brokers enlarged, and a search box that finds a
node and lists its neighbours as links (usable by keyboard and screen readers).
"""

from __future__ import annotations

from flask import render_template, url_for

from smpgraph.namespaces import ID
from smpgraph.web.blueprint import bp, current_language

__all__ = ["agreements_network_page", "cooperation_network_page"]


def _page(view: str) -> str:
    lang = current_language()
    return render_template(
        "web/graph.html",
        view=view,
        data_url=url_for("visual.network", view=view, lang=lang),
        explore_url=url_for("web.explore_page"),
        id_base=str(ID),
    )


@bp.get("/network")
def cooperation_network_page() -> str:
    """Stakeholders and the countries they work for, linked by shared partnerships."""
    return _page("cooperation")


@bp.get("/network/agreements")
def agreements_network_page() -> str:
    """Countries linked by bilateral labour agreements."""
    return _page("agreements")
