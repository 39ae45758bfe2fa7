"""The corridor map (issue 18, item 1): countries shaded by partnerships and agreements, corridors as arrows.

The page is drawn in the browser (``static/viz/map.js``, our own SVG code: an equirectangular projection of
the vendored Natural Earth 1:110m outline, no network access) from ``/api/v1/map`` and, once drawn, colours
the corridors with ``/api/v1/map/readiness`` (:mod:`smpgraph.server.visual`, both cached per data version).
A click on a country opens the explore page filtered by that country (``/explore?country=IRI``, the
parameter the explore page has today); a click on a corridor lists its partnerships.
"""

from __future__ import annotations

from flask import render_template, url_for

from smpgraph.namespaces import ID
from smpgraph.web.blueprint import bp, current_language

__all__ = ["map_page"]


@bp.get("/map")
def map_page() -> str:
    """The corridor map; its data come from the API, so the page itself is light."""
    lang = current_language()
    return render_template(
        "web/map.html",
        data_url=url_for("visual.corridor_map", lang=lang),
        readiness_url=url_for("visual.readiness"),
        world_url=url_for("web.static", filename="vendor/world-atlas-2.0.2/countries-110m.json"),
        codes_url=url_for("web.static", filename="map/iso-numeric.json"),
        explore_url=url_for("web.explore_page"),
        id_base=str(ID),
    )
