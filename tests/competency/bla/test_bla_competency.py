"""Competency questions over the imported BLA data (issue 9, item 5).

Each ``cq-bla-NN-*.rq`` runs over an in-memory store holding the ontology, the country code lists and
``data/bla/bla.ttl``. Its expected answer is computed here **independently** from the dataset's CSV files with
pandas (and the reviewed country table), not from the graph; the committed ``.tsv`` must equal it too, so a
change to the data shows up in review. Terms are compared in N3 (``Node.n3()``).

Regenerate the ``.tsv`` files after a deliberate change of the data:
``python tests/competency/bla/test_bla_competency.py``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from smpgraph.config import Settings
from smpgraph.store import SelectResult, open_store
from smpgraph.store.base import GraphStore

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
SOURCES = ROOT / "data" / "sources" / "bla"
MAPPING = ROOT / "data" / "mappings" / "bla-countries.tsv"
FIXTURE_FILES = [
    *sorted((ROOT / "ontology").glob("*.ttl")),
    ROOT / "data" / "reference" / "countries.ttl",
    ROOT / "data" / "bla" / "bla.ttl",
]
BLA = "https://w3id.org/smpgraph/id/bla/"
HISTORIC = "https://w3id.org/smpgraph/id/country/historic/"

Rows = list[tuple[str, ...]]


# -- The dataset, read with pandas ----------------------------------------------------------------


def formation() -> pd.DataFrame:
    """bla-formation.csv with the two parties' IRIs (columns iriA, iriB)."""
    return _formation().copy()


@functools.cache
def _formation() -> pd.DataFrame:
    frame = pd.read_csv(SOURCES / "bla-formation.csv")
    table = pd.read_csv(
        MAPPING,
        sep="\t",
        dtype={"from_year": "Int64", "to_year": "Int64"},
        keep_default_na=False,
        na_values={"from_year": [""], "to_year": [""]},
    )

    def iri(name: str, code: int, year: int) -> str:
        rows = table[(table["name"] == name) & (table["cow_code"] == code)]
        for _, row in rows.iterrows():
            low, high = row["from_year"], row["to_year"]
            if year == 9999:
                if pd.isna(low) and pd.isna(high):
                    return str(row["iri"])
            elif (pd.isna(low) or year >= low) and (pd.isna(high) or year <= high):
                return str(row["iri"])
        raise AssertionError(f"{name} ({code}, {year}) does not map")

    for side in "AB":
        frame[f"iri{side}"] = [
            iri(n, c, y) for n, c, y in zip(frame[f"country{side}"], frame[f"code{side}"], frame["year"], strict=True)
        ]
    return frame


def coding() -> pd.DataFrame:
    """bla-coding.csv joined with the parties' IRIs."""
    frame = pd.read_csv(SOURCES / "bla-coding.csv")
    return frame.merge(formation()[["treatyID", "iriA", "iriB"]], on="treatyID")


def agreement(treaty_id: int) -> str:
    return URIRef(f"{BLA}{treaty_id}").n3()


def integer(value: int) -> str:
    return Literal(int(value)).n3()


def year(value: int) -> str:
    return Literal(f"{int(value):04d}", datatype=XSD.gYear).n3()


def iri(value: str) -> str:
    return URIRef(value).n3()


def parties(frame: pd.DataFrame) -> Iterator[tuple[int, str]]:
    for side in "AB":
        yield from zip(frame["treatyID"], frame[f"iri{side}"], strict=True)


# -- Expected answers, one function per question ----------------------------------------------------


def cq01() -> Rows:
    c = coding()
    hits = c[(c["credentials"] == 1) & (c["year"] >= 2000) & (c["year"] != 9999)]
    rows = sorted(zip(hits["treatyID"], hits["year"], strict=True), key=lambda r: (r[1], agreement(r[0])))
    return [(agreement(t), year(y)) for t, y in rows]


def cq02() -> Rows:
    f = formation()
    pairs = pd.Series([tuple(sorted((a, b))) for a, b in zip(f["iriA"], f["iriB"], strict=True)]).value_counts()
    rows = [(pair, int(count)) for pair, count in pairs.items() if count > 1]
    rows.sort(key=lambda r: (-r[1], r[0][0], r[0][1]))
    return [(iri(a), iri(b), integer(n)) for (a, b), n in rows]


def cq03() -> Rows:
    c = coding()
    hits = c[(c["labor_union_orig"] == 1) & (c["labor_union_dest"] == 1)]
    return [(agreement(t),) for t in sorted(hits["treatyID"], key=agreement)]


def _decade(values: pd.Series) -> pd.Series:
    return values // 10 * 10


def cq04() -> Rows:
    f = formation()
    known = f[f["year"] != 9999]
    counts = _decade(known["year"]).value_counts().sort_index()
    return [(integer(d), integer(n)) for d, n in counts.items()]


def cq05() -> Rows:
    c = coding()
    partners = c[(c["labor_union_orig"] == 1) | (c["labor_union_dest"] == 1) | (c["emp_orgs"] == 1)]
    involved = {country for _, country in parties(partners)}
    coded = {country for _, country in parties(c)}
    return [(iri(country),) for country in sorted(coded - involved)]


def cq06() -> Rows:
    f, c = formation(), coding()
    counts = {
        "coded present": int((c["credentials"] == 1).sum()),
        "coded absent": int((c["credentials"] == 0).sum()),
        "not coded": int((~f["treatyID"].isin(c["treatyID"])).sum()),
    }
    return [(Literal(status).n3(), integer(n)) for status, n in sorted(counts.items())]


def cq07() -> Rows:
    f = formation()
    counts: dict[str, set[int]] = {}
    for treaty, country in parties(f):
        counts.setdefault(country, set()).add(treaty)
    ranked = sorted(((country, len(ids)) for country, ids in counts.items()), key=lambda r: (-r[1], r[0]))
    return [(iri(country), integer(n)) for country, n in ranked[:10]]


def cq08() -> Rows:
    c = coding()
    known = c[c["year"] != 9999].assign(decade=lambda d: _decade(d["year"]))
    grouped = known.groupby("decade").agg(coded=("treatyID", "nunique"), training=("mig_human_cap", "sum"))
    return [(integer(d), integer(r["coded"]), integer(r["training"])) for d, r in grouped.sort_index().iterrows()]


def cq09() -> Rows:
    f = formation()
    counts: dict[str, set[int]] = {}
    for treaty, country in parties(f):
        if country.startswith(HISTORIC):
            counts.setdefault(country, set()).add(treaty)
    return [(iri(country), integer(len(ids))) for country, ids in sorted(counts.items())]


EXPECTED: dict[str, Callable[[], Rows]] = {
    "cq-bla-01-recognition-since-2000": cq01,
    "cq-bla-02-pairs-with-several-agreements": cq02,
    "cq-bla-03-unions-of-both-sides": cq03,
    "cq-bla-04-agreements-per-decade": cq04,
    "cq-bla-05-never-social-partners": cq05,
    "cq-bla-06-recognition-absent-or-not-coded": cq06,
    "cq-bla-07-most-connected-countries": cq07,
    "cq-bla-08-skills-development-per-decade": cq08,
    "cq-bla-09-historical-states": cq09,
}
CQ_FILES = sorted(HERE.glob("cq-bla-*.rq"))


def read_tsv(path: Path) -> tuple[list[str], Rows]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].split("\t"), [tuple(line.split("\t")) for line in lines[1:]]


def write_tsv(path: Path, header: list[str], rows: Rows) -> None:
    path.write_text("\n".join(["\t".join(header), *("\t".join(row) for row in rows)]) + "\n", encoding="utf-8")


# -- The store and the tests --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bla_store() -> Iterator[GraphStore]:
    """Ontology, countries and the BLA data in an in-memory store (no reasoning: the questions need none)."""
    store = open_store(Settings(backend="memory"))
    for path in FIXTURE_FILES:
        store.load(path, reason=False)
    yield store
    store.close()


def run(store: GraphStore, query: str) -> tuple[list[str], Rows]:
    result = store.query(query, max_rows=0)
    assert isinstance(result, SelectResult)
    rows = [tuple("" if term is None else term.n3() for term in row) for row in result.rows]
    return list(result.variables), rows


def test_there_are_at_least_eight_questions() -> None:
    assert len(CQ_FILES) >= 8
    assert sorted(path.stem for path in CQ_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", CQ_FILES, ids=lambda p: p.stem)
def test_header(path: Path) -> None:
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert header[0].startswith(f"# CQ-BLA-{path.stem.split('-')[2]} ") and header[0].endswith("?")
    assert any(line.startswith("# Source: ") for line in header)
    assert any(line.startswith("# Fixture: ") and "data/bla/bla.ttl" in line for line in header)


@pytest.mark.parametrize("path", CQ_FILES, ids=lambda p: p.stem)
def test_question(path: Path, bla_store: GraphStore) -> None:
    expected = EXPECTED[path.stem]()
    assert expected, f"{path.stem}: the CSV gives no answer; the question tests nothing"
    header, got = run(bla_store, path.read_text(encoding="utf-8"))
    ordered = "ORDER BY" in path.read_text(encoding="utf-8")
    assert (got if ordered else sorted(got)) == (expected if ordered else sorted(expected))
    tsv_header, committed = read_tsv(path.with_suffix(".tsv"))
    assert tsv_header == header
    assert committed == expected, f"{path.stem}.tsv is stale: rerun python {Path(__file__).relative_to(ROOT)}"


def main() -> int:
    """Rewrite the .tsv files from the CSV (the header from the query's projection, run on the store)."""
    store = open_store(Settings(backend="memory"))
    for path in FIXTURE_FILES:
        store.load(path, reason=False)
    for path in CQ_FILES:
        header, _ = run(store, path.read_text(encoding="utf-8"))
        write_tsv(path.with_suffix(".tsv"), header, EXPECTED[path.stem]())
        print(f"wrote {path.with_suffix('.tsv').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
