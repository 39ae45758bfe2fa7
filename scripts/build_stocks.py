#!/usr/bin/env python3
"""Regenerate ``data/stocks/undesa.ttl`` from the UN DESA table in ``data/sources/undesa/`` (issue 16).

Usage::

    python scripts/build_stocks.py                 # rewrite data/stocks/undesa.ttl
    python scripts/build_stocks.py --output FILE   # write elsewhere

Inputs: ``data/sources/undesa/migrant-stock-origin-destination-2019.csv`` (UN DESA, International Migrant
Stock 2019) and the reviewed table ``data/mappings/undesa-countries.tsv``. The output is deterministic and
equals what ``smpgraph import undesa data/sources/undesa --output FILE`` writes.
Nothing here reaches the network or reads outside the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing smpgraph
    sys.path.insert(0, str(ROOT))

from smpgraph.stocks.importer import SHIPPED_HEADER, import_undesa  # noqa: E402

SOURCES = ROOT / "data" / "sources" / "undesa"
DEFAULT_OUTPUT = ROOT / "data" / "stocks" / "undesa.ttl"


def main(argv: list[str] | None = None) -> int:
    """Write the Turtle file; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the Turtle file to write")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="the folder with the UN CSV file")
    args = parser.parse_args(argv)
    result = import_undesa(args.sources)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(result.turtle(SHIPPED_HEADER), encoding="utf-8")
    print(f"{args.output}: {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
