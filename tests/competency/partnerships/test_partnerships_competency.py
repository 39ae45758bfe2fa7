"""Competency questions over the 35 partnerships of data/partnerships (issue 16, item 4).

Each ``cq-p-NN-*.rq`` runs over an in-memory smpgraph store holding the ontology, the reference data, the
partnerships and the lists, reasoned by smpgraph. Its expected answer is recomputed here **independently**
from the research note the data encode (``data/sources/domain-sources-2.md``): its summary table (section 3),
its subsections (section 2) and its list of datasets (section 4), not from the graph. The only link between the
two is :data:`SECTIONS`, the note's case numbers and the slugs of the partnership files.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from smpgraph.bundle import bundled_files
from smpgraph.config import Settings
from smpgraph.store import GraphStore, SelectResult, open_store

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
NOTE = ROOT / "data" / "sources" / "domain-sources-2.md"
PARTS = ("smpgraph:ontology/", "smpgraph:data/reference/", "smpgraph:data/partnerships/", "smpgraph:data/lists/")
SMP = "https://w3id.org/smpgraph/ontology#"
ID = "https://w3id.org/smpgraph/id/partnership/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"

#: the note's case numbers and the partnership files that encode them
SECTIONS = {
    "2.1": "gsp-nursing", "2.2": "wafira", "2.3": "gecco", "2.4": "es-sn-circular", "2.5": "ygca",
    "2.6": "move-green", "2.7": "unio-pagesos-colombia", "2.8": "mobilise", "2.9": "blue-birds",
    "2.10": "pem-wecco", "2.11": "ge-de-circular", "2.12": "de-ke-mmp", "2.13": "in-de-mmpa",
    "2.14": "eu-talent-partnerships", "2.15": "santegidio-labour-corridors", "2.16": "it-art23-predeparture",
    "2.17": "fi-ph-nurses", "2.18": "uk-np-health", "2.19": "uk-ke-health", "2.20": "uk-dtmp",
    "2.21": "gr-eg-seasonal", "2.22": "ca-empp", "2.23": "ca-sawp", "2.24": "mu-ca-circular", "2.25": "au-srlap",
    "2.26": "palm-aged-care", "2.27": "au-in-mates", "2.28": "nz-rse", "2.29": "kr-eps", "2.30": "kr-ph-seasonal",
    "2.31": "jpepa-nurses", "2.32": "ijepa-nurses", "2.33": "vjepa-nurses", "2.34": "jp-vn-titp", "2.35": "th-il-tic",
}  # fmt: skip


# -- The note, read as text ------------------------------------------------------------------------


@functools.cache
def summary() -> dict[str, dict[str, str]]:
    """Section 3's table: case number -> its cells by column name."""
    text = NOTE.read_text(encoding="utf-8").split("## 3. Summary", 1)[1].split("\nTotals:", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|")
    ]
    header, body = rows[0], [row for row in rows[2:]]
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


@functools.cache
def subsections() -> dict[str, str]:
    """Section 2's subsections: case number -> text."""
    text = NOTE.read_text(encoding="utf-8").split("## 3. Summary", 1)[0]
    parts = re.split(r"^### (2\.\d+) ", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def alpha3(code: str) -> str:
    pycountry = pytest.importorskip("pycountry")
    return str(pycountry.countries.get(alpha_2=code).alpha_3)


def kind_in_note(case: str) -> str:
    """The kind the note's type column states (ADR 0017): framework, refugee (complementary) pathway, full SMP
    for the two cases it calls a Global Skill Partnership pilot or an EU Mobility Partnership pilot, else pathway."""
    kind = summary()[case]["type"]
    if "framework" in kind:
        return "CooperationFramework"
    if "complementary pathway" in kind:
        return "ComplementaryPathway"
    if kind in {"GSP pilot", "EU Mobility Partnership pilot"}:
        return "SkillsMobilityPartnership"
    return "LabourMobilityPathway"


# -- The graph ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    store = open_store(Settings(backend="memory"))
    for item in bundled_files():
        if item.name.startswith(PARTS):
            store.load(item.path, graph=str(item.graph), name=item.name, reason=False)
    store.reason()
    yield store
    store.close()


def run(store: GraphStore, name: str) -> list[tuple[str, ...]]:
    query = next(HERE.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    result = store.query(query, max_rows=0)
    assert isinstance(result, SelectResult)
    return sorted(tuple("" if term is None else str(term) for term in row) for row in result.rows)


def short(iri: str) -> str:
    return iri.removeprefix(ID).removeprefix(SMP).removeprefix(COUNTRY)


# -- The questions -------------------------------------------------------------------------------------


def test_the_crosswalk_covers_every_case_of_the_note() -> None:
    assert sorted(SECTIONS) == sorted(summary()) == sorted(subsections())
    assert len(SECTIONS) == 35
    assert sorted(SECTIONS.values()) == sorted(
        p.stem for p in (ROOT / "data" / "partnerships").glob("*.ttl") if p.stem not in {"organisations", "sources"}
    )


def test_cq_p_01_schemes_by_kind(store: GraphStore) -> None:
    expected = Counter(kind_in_note(case) for case in SECTIONS)
    rows = {(short(kind), int(count)) for kind, count in run(store, "cq-p-01")}
    assert rows == set(expected.items())
    assert expected == {
        "LabourMobilityPathway": 27,
        "ComplementaryPathway": 3,
        "CooperationFramework": 3,
        "SkillsMobilityPartnership": 2,
    }


def test_cq_p_02_schemes_by_destination(store: GraphStore) -> None:
    expected: Counter[str] = Counter()
    for row in summary().values():
        code = re.match(r"[A-Z]{2}\b", row["destination"])
        if code and code.group(0) != "EU":  # "EU Member States" names no country
            expected[alpha3(code.group(0))] += 1
    rows = {(short(destination), int(count)) for destination, count in run(store, "cq-p-02")}
    assert rows == set(expected.items())


def test_cq_p_03_kenya_as_origin(store: GraphStore) -> None:
    expected = {SECTIONS[case] for case, row in summary().items() if "KE" in re.findall(r"\b[A-Z]{2}\b", row["origin"])}
    assert {short(row[0]) for row in run(store, "cq-p-03")} == expected == {"de-ke-mmp", "uk-ke-health"}


def test_every_origin_code_of_the_summary_is_recorded(store: GraphStore) -> None:
    """The summary's origin cells that list ISO codes: each code is an origin of the partnership in the graph."""
    query = f"SELECT ?p ?c WHERE {{ ?p a <{SMP}Partnership> ; <{SMP}originCountry> ?c }}"
    result = store.query(query, max_rows=0)
    assert isinstance(result, SelectResult)
    origins = {(short(str(p)), short(str(c))) for p, c in result.rows}
    checked = 0
    for case, row in summary().items():
        # left out: "(SN, NG planned)" are not origins yet; "(sister: CI)" is another pilot (a provision only)
        cell = re.sub(r"\([^)]*(planned|sister:)[^)]*\)", "", row["origin"])
        for code in re.findall(r"\b[A-Z]{2}\b", cell):
            assert (SECTIONS[case], alpha3(code)) in origins, (case, code)
            checked += 1
    assert checked >= 30


def test_cq_p_04_funded_through_amif(store: GraphStore) -> None:
    expected = {
        SECTIONS[case]
        for case, text in subsections().items()
        if any(line.startswith("| Budget |") and "AMIF" in line for line in text.splitlines())
    }
    assert {short(row[0]) for row in run(store, "cq-p-04")} == expected == {"wafira", "move-green"}


def test_cq_p_05_in_cgd_legal_pathways(store: GraphStore) -> None:
    """Section 4.2 says which cases the CGD Legal Pathways Database was used for; each links its page."""
    note = NOTE.read_text(encoding="utf-8")
    row = next(line for line in note.splitlines() if line.startswith("| CGD Legal Pathways Database |"))
    cases = re.search(r"used for ([\d., ]+)\)", row).group(1)  # type: ignore[union-attr]
    expected = {SECTIONS[case.strip()] for case in cases.split(",")}
    rows = run(store, "cq-p-05")
    assert {short(partnership) for partnership, _ in rows} == expected
    for partnership, page in rows:
        case = next(c for c, slug in SECTIONS.items() if slug == short(partnership))
        assert page in subsections()[case], (partnership, page)  # the page the note cites for that case
