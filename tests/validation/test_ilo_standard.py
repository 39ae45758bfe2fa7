"""The ILO standard (issue 19, item 7): provisions of a draft, shares among real agreements, similar agreements.

The shares and the similar agreements come from the knowledge graph (the BLA data loaded in a store); here they
are recomputed with pandas from ``data/sources/bla/bla-coding.csv`` and the reviewed mapping tables alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from smpgraph.drafts import load_draft
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore
from smpgraph.validation.ilo import ilo_provisions
from smpgraph.validation.ilo_render import ilo_json_data, serialize_ilo
from smpgraph.validation.peers import CodedIndex, PeerScope, coded_index, most_similar, peer_groups
from smpgraph.validation.standard import check_ilo

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = ROOT / "data" / "drafts"
CODING = ROOT / "data" / "sources" / "bla" / "bla-coding.csv"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
BLA = "https://w3id.org/smpgraph/id/bla/"

#: what the complete example draft provides, by codebook item (written down from its YAML)
COMPLETE_PROVIDES = {
    "(2)", "(4)", "(5)", "(6a)", "(6b)", "(7d)", "(8)", "(9)", "(10a)", "(11a)", "(12)", "(13a)", "(15)", "(16)",
    "(17)", "(18)", "(19)", "(20a)", "(20c)",
}  # fmt: skip


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    store = open_store(backend="memory")
    for path in (*sorted((ROOT / "data" / "reference").glob("*.ttl")), ROOT / "data" / "bla" / "bla.ttl"):
        store.load(path, reason=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def index(store: GraphStore) -> CodedIndex:
    return coded_index(store)


@pytest.fixture(scope="module")
def coding() -> pd.DataFrame:
    """The coded agreements with the IRIs of their two parties (through the reviewed country table)."""
    frame = pd.read_csv(CODING)
    countries = pd.read_csv(ROOT / "data" / "mappings" / "bla-countries.tsv", sep="\t")
    unique = countries.drop_duplicates("name", keep=False).set_index("name")["iri"]
    frame["iriA"] = frame["countryA"].map(unique)
    frame["iriB"] = frame["countryB"].map(unique)
    return frame


def _variables() -> dict[str, str]:
    return {p.item: p.variable for p in ilo_provisions()}


def test_there_are_34_provisions_in_the_codebook_order() -> None:
    items = [p.item for p in ilo_provisions()]
    assert len(items) == 34 and items[0] == "(1)" and items[-1] == "(20c)"


def test_the_complete_draft_provides_what_its_yaml_states(index: CodedIndex) -> None:
    report = check_ilo(load_draft(DRAFTS / "complete.yaml"), index=index)[0]
    assert {f.provision.item for f in report.findings if f.provided} == COMPLETE_PROVIDES
    missing = next(f for f in report.findings if f.provision.item == "(14)")
    assert "`kind: travelDocumentProtection`" in missing.provision.yaml


def test_each_format_of_a_draft_gives_the_same_provisions(index: CodedIndex) -> None:
    found = [
        {f.provision.item for f in check_ilo(load_draft(DRAFTS / name), index=index)[0].findings if f.provided}
        for name in ("complete.yaml", "complete.ttl", "complete.jsonld")
    ]
    assert found[0] == found[1] == found[2]


def test_a_provision_stated_in_yaml_is_provided() -> None:
    text = (
        (DRAFTS / "complete.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - doubleTaxation\n", "  - doubleTaxation\n  - travelDocumentProtection\n  - kind: unionMembership\n"
        )
    )
    report = check_ilo(load_draft(text), index=CodedIndex(()))[0]
    provided = {f.provision.item for f in report.findings if f.provided}
    assert provided == COMPLETE_PROVIDES | {"(14)", "(7c)"}
    assert report.similar == ()  # no coded agreements: no shares, no similar ones
    assert all(share == (0, 0) for f in report.findings for share in f.shares)


def test_overall_shares_equal_the_csv(index: CodedIndex, coding: pd.DataFrame) -> None:
    assert len(index.agreements) == 570
    group = peer_groups(index, origins=(), destinations=(), year=None)[0]
    assert group.scope is PeerScope.ALL
    for item, variable in _variables().items():
        assert group.share(item) == (int((coding[variable] == 1).sum()), 570), item


@pytest.mark.parametrize("destination", ["PHL", "ESP", "QAT"])
def test_destination_shares_equal_a_pandas_recomputation(
    index: CodedIndex, coding: pd.DataFrame, destination: str
) -> None:
    iri = COUNTRY + destination
    involved = coding[(coding["iriA"] == iri) | (coding["iriB"] == iri)]
    assert len(involved) > 10
    group = next(
        g
        for g in peer_groups(index, origins=(), destinations=[URIRef(iri)], year=None)
        if g.scope is PeerScope.DESTINATION
    )
    for item, variable in _variables().items():
        assert group.share(item) == (int((involved[variable] == 1).sum()), len(involved)), (destination, item)


def test_region_and_decade_groups(index: CodedIndex, coding: pd.DataFrame) -> None:
    groups = {
        g.scope: g
        for g in peer_groups(
            index, origins=[URIRef(COUNTRY + "PHL")], destinations=[URIRef(COUNTRY + "QAT")], year=2014
        )
    }
    regions = pd.read_csv(ROOT / "data" / "mappings" / "country-regions.tsv", sep="\t").set_index("iri")["region"]
    pair = {"South-eastern Asia", "Western Asia"}
    in_region = coding[coding.apply(lambda row: {regions.get(row["iriA"]), regions.get(row["iriB"])} == pair, axis=1)]
    assert groups[PeerScope.REGION].basis == ("South-eastern Asia – Western Asia",)
    assert {str(m.agreement) for m in groups[PeerScope.REGION].members} == {BLA + str(t) for t in in_region["treatyID"]}
    in_decade = {BLA + str(t) for t in coding[(coding["year"] >= 2010) & (coding["year"] < 2020)]["treatyID"]}
    assert {str(m.agreement) for m in groups[PeerScope.DECADE].members} == in_decade


def test_most_similar_is_the_jaccard_index_over_coded_items(index: CodedIndex, coding: pd.DataFrame) -> None:
    variables = _variables()
    mine = {"(5)", "(9)", "(12)", "(16)", "(18)"}
    expected = []
    for _, row in coding.iterrows():
        present = {item for item, variable in variables.items() if row[variable] == 1}
        union = mine | present
        expected.append((Fraction(len(mine & present), len(union)) if union else Fraction(0), len(mine & present),
                         BLA + str(row["treatyID"])))  # fmt: skip
    expected.sort(key=lambda entry: (-entry[0], -entry[1], entry[2]))
    similar = most_similar(index, mine)
    assert [(s.similarity, s.shared, str(s.agreement.agreement)) for s in similar] == expected[:5]


def test_json_report_follows_its_schema_and_every_format_renders(index: CodedIndex) -> None:
    reports = check_ilo(load_draft(DRAFTS / "missing-return.yaml"), index=index, lang="fr")
    schema = json.loads((ROOT / "docs" / "schemas" / "ilo-report.schema.json").read_text(encoding="utf-8"))
    data = ilo_json_data(reports, "fr")
    jsonschema.validate(data, schema)
    assert len(data["agreements"][0]["provisions"]) == 34 and len(data["agreements"][0]["similar"]) == 5
    assert "Norme de l'OIT" in serialize_ilo(reports, "text", "fr")
    assert serialize_ilo(reports, "html", "fr").startswith("<!DOCTYPE html>")
    assert "| (1) References" in serialize_ilo(reports, "md", "fr")
    with pytest.raises(ValueError, match="not ttl"):
        serialize_ilo(reports, "ttl", "fr")


def test_cli_standard_ilo(tmp_path: Path) -> None:
    from smpgraph.cli import cli
    from smpgraph.cli.validate import command

    if "validate" not in cli.commands:
        cli.add_command(command)
    base = [
        "--backend",
        "memory",
        "--data-dir",
        str(tmp_path),
        "validate",
        str(DRAFTS / "complete.yaml"),
        "--standard",
        "ilo",
    ]
    result = CliRunner().invoke(cli, [*base, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["agreements"][0]["provided"] == len(COMPLETE_PROVIDES)
    assert CliRunner().invoke(cli, [*base, "--fail-on", "info"]).exit_code == 1  # 15 provisions not provided
    refused = CliRunner().invoke(cli, [*base, "--format", "ttl"])
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1


def test_api_and_page_take_the_standard_parameter(store: GraphStore) -> None:
    from smpgraph.config import Settings
    from smpgraph.server import create_app

    app = create_app(Settings(backend="memory"), store=store)
    client = app.test_client()
    draft = (DRAFTS / "complete.yaml").read_bytes()
    response = client.post("/api/v1/validate?standard=ilo", data=draft, headers={"Content-Type": "application/yaml"})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = response.get_json()
    assert data["standard"] == "ilo" and data["agreements"][0]["provided"] == len(COMPLETE_PROVIDES)
    assert data["agreements"][0]["groups"][0] == {"scope": "all", "basis": [], "agreements": 570}
    wrong = client.post("/api/v1/validate?standard=xyz", data=draft, headers={"Content-Type": "application/yaml"})
    assert wrong.status_code == 400
    page = client.post("/validate", data={"draft": draft.decode("utf-8"), "format": "auto", "standard": "ilo"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ILO standard: the 34 best-practice provisions" in html
    assert 'href="https://w3id.org/smpgraph/id/bla/' in html  # the similar real agreements, linked
    iom = client.post("/validate", data={"draft": draft.decode("utf-8"), "format": "auto"})
    assert "closed: a draft" in iom.get_data(as_text=True)  # the page says which world applies and why
