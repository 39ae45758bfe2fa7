#!/usr/bin/env python3
"""Write ``smpgraph/web/static/map/iso-numeric.json``: ISO 3166-1 numeric code -> alpha-3 code.

The vendored Natural Earth outline (``smpgraph/web/static/vendor/world-atlas-2.0.2/countries-110m.json``)
names countries by their ISO numeric code; the knowledge graph names them by alpha-3 (the EU country
authority IRIs). The corridor map joins the two with this table, generated from the ISO tables shipped
with ``pycountry`` (a dev dependency). Kosovo has no ISO code: the outline names it without a code and the
graph gives it the user-assigned ``XK`` (``data/reference/countries.ttl``), so it is joined by name.
Run it again after updating pycountry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "smpgraph" / "web" / "static" / "map" / "iso-numeric.json"


def main() -> None:
    table = {country.numeric: country.alpha_3 for country in pycountry.countries}
    document = {"numeric": dict(sorted(table.items())), "names": {"Kosovo": "XK"}}
    OUTPUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(table)} countries")


if __name__ == "__main__":
    main()
