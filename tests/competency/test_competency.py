"""Competency questions: each ``cq-NN-*.rq`` runs over the reasoned examples and must give its ``.tsv`` rows.

A ``.tsv`` holds one header line (the variable names) and one line per expected row, with terms in N3 using the
prefixes of ``smpgraph.namespaces.PREFIXES``; an unbound variable is an empty cell. Rows are compared as sets unless
the query has ORDER BY. A query whose header says ``# Requires: ontology`` or ``# Requires: data/reference`` is
skipped while that part of the repository is missing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from smpgraph.namespaces import PREFIXES
from smpgraph.store import GraphStore, SelectResult

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("**/*.ttl"))
REFERENCE_FILES = sorted((ROOT / "data" / "reference").glob("*.ttl"))
CQ_FILES = sorted(HERE.glob("cq-*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = f"{XSD}string"
NUMERIC = {f"{XSD}decimal", f"{XSD}integer"}
CURIE = re.compile(r"^([A-Za-z][\w-]*):([A-Za-z0-9_]([\w.-]*[\w-])?)?$")
LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?$')


def typed(lexical: str, datatype: str) -> str:
    """A typed literal in canonical form; numbers by value, since stores may rewrite "0.0" as "0"."""
    if datatype in NUMERIC:
        try:
            number = Decimal(lexical)
        except InvalidOperation:
            pass
        else:
            lexical = format(number.normalize(), "f") if number != 0 else "0"
    return f'"{lexical}"^^<{datatype}>'


def expand(token: str) -> str:
    """A term as written in a .tsv (N3, CURIE or <IRI>) in canonical form: full <IRI>s, explicit datatypes."""
    token = token.strip()
    if not token:
        return ""
    if token.startswith("<") and token.endswith(">"):
        return token
    literal = LITERAL.match(token)
    if literal:
        lexical, language, datatype = literal.groups()
        if language:
            return f'"{lexical}"@{language.lower()}'
        if datatype and datatype != f"<{XSD_STRING}>" and datatype != "xsd:string":
            return typed(lexical, expand(datatype)[1:-1])
        return f'"{lexical}"'
    curie = CURIE.match(token)
    if curie and curie.group(1) in PREFIXES:
        return f"<{PREFIXES[curie.group(1)]}{token.split(':', 1)[1]}>"
    raise ValueError(f"not an N3 term: {token!r}")


def canonical(term: object) -> str:
    """An rdflib result term in the same canonical form as :func:`expand`."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"')
        if term.language:
            return f'"{lexical}"@{term.language.lower()}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return typed(lexical, str(term.datatype))
        return f'"{lexical}"'
    if isinstance(term, BNode):
        return "_:b"
    raise TypeError(f"unexpected term {term!r}")


def read_expected(path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    header = [name.strip().lstrip("?") for name in lines[0].split("\t")]
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append(tuple(expand(cell) for cell in cells))
    return header, rows


def requirements(sparql: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in sparql.splitlines() if line.startswith("# Requires:")]


def test_there_are_at_least_20_questions() -> None:
    assert len(CQ_FILES) >= 20


@pytest.mark.parametrize("query_file", CQ_FILES, ids=lambda path: path.stem)
def test_question_has_header_and_answer(query_file: Path) -> None:
    sparql = query_file.read_text(encoding="utf-8")
    number = query_file.stem.split("-")[1]
    assert sparql.startswith(f"# CQ-{number} "), "first line must be '# CQ-NN <question>'"
    assert re.search(r"^# Source: iom-smp-prerequisites para\. \d+", sparql, re.MULTILINE)
    assert re.search(r"^# Fixture: data/examples/", sparql, re.MULTILINE)
    assert query_file.with_suffix(".tsv").is_file()


@pytest.mark.parametrize("query_file", CQ_FILES, ids=lambda path: path.stem)
def test_competency_question(query_file: Path, reasoned_store: GraphStore) -> None:
    sparql = query_file.read_text(encoding="utf-8")
    for requirement in requirements(sparql):
        if requirement == "ontology" and not ONTOLOGY_FILES:
            pytest.skip("needs ontology/*.ttl")
        if requirement == "data/reference" and not REFERENCE_FILES:
            pytest.skip("needs data/reference/*.ttl")
    header, expected = read_expected(query_file.with_suffix(".tsv"))
    solutions = reasoned_store.query(sparql, max_rows=0)
    assert isinstance(solutions, SelectResult)
    assert list(solutions.variables) == header
    rows = [tuple(canonical(term) for term in row) for row in solutions.rows]
    if "ORDER BY" not in sparql.upper():
        rows, expected = sorted(rows), sorted(expected)
    assert rows == expected
