"""Write tests/conformance/pyoxigraph-failures.tsv: the W3C SPARQL tests a plain pyoxigraph Store fails.

The conformance tests (tests/conformance/test_sparql_evaluation.py) require smpgraph to pass every other
test, and check that this list is current (a drift test). Run it after upgrading pyoxigraph:

    .venv/bin/python scripts/sparql_baseline.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conformance.baseline import BASELINE_FILE, plain_failures, write_baseline  # noqa: E402


def main() -> int:
    failures = plain_failures()
    write_baseline(failures)
    print(f"{len(failures)} tests fail on a plain pyoxigraph Store; written to {BASELINE_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
