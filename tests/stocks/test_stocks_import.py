"""The UN DESA migrant-stock import (issue 16, item 2): the name table, the shipped file, the CLI, reasoning."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from smpgraph.bundle import STOCKS_GRAPH, bundled_files
from smpgraph.cli import cli
from smpgraph.cli.importer import command
from smpgraph.errors import InputError
from smpgraph.namespaces import SMP
from smpgraph.stocks import AreaKind, import_undesa, read_area_table
from smpgraph.stocks.areas import AREA, UnmappedAreaError
from smpgraph.stocks.importer import CSV_FILE, DEFAULT_YEARS, SHIPPED_HEADER
from smpgraph.store.base import ResultFormat

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources" / "undesa"
COMMITTED = ROOT / "data" / "stocks" / "undesa.ttl"
TABLE = ROOT / "data" / "mappings" / "undesa-countries.tsv"


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    if "import" not in cli.commands:  # as tests/bla/test_bla_cli.py: the group is registered lazily
        cli.add_command(command)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--backend", "memory", *args])
    return result.exit_code, result.stdout, result.stderr


def csv_names() -> tuple[list[str], set[str]]:
    with (SOURCES / CSV_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header[2:], {row[1] for row in reader}


def test_every_csv_name_maps_to_a_country_or_is_an_explicit_aggregate():
    origins, destinations = csv_names()
    table = read_area_table()
    table.check([*origins, *destinations])
    countries = Graph().parse(ROOT / "data" / "reference" / "countries.ttl")
    for name in {*origins, *destinations}:
        row = table.get(name)
        assert row is not None
        if row.kind is AreaKind.COUNTRY:
            assert (row.iri, RDF.type, SMP.Country) in countries, name
            assert row.alpha3 and len(row.alpha3) == 3
        else:
            assert str(row.iri).startswith(AREA) and not row.alpha3
    aggregates = {row.name for row in table.rows if row.kind is AreaKind.AGGREGATE}
    assert aggregates == {"Channel Islands", "Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"}


def test_the_table_lists_no_name_the_csv_lacks_and_says_where_each_occurs():
    origins, destinations = csv_names()
    table = read_area_table()
    assert {row.name for row in table.rows} == {*origins, *destinations}
    with TABLE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for record in csv.DictReader(lines, delimiter="\t"):
        assert (record["origin"] == "yes") == (record["name"] in origins), record["name"]
        assert (record["destination"] == "yes") == (record["name"] in destinations), record["name"]


def test_the_table_has_a_sourced_header_and_one_country_per_iri():
    head = TABLE.read_text(encoding="utf-8").splitlines()[:6]
    assert head[0].startswith("#") and "International Migrant Stock 2019" in head[0]
    iris = [row.iri for row in read_area_table().rows]
    assert len(iris) == len(set(iris))


def test_a_malformed_table_is_refused(tmp_path):
    bad = tmp_path / "t.tsv"
    bad.write_text(
        "name\tkind\talpha2\talpha3\tiri\torigin\tdestination\tnote\nX\taggregate\t\tXXX\t\tyes\tyes\t\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="aggregate"):
        read_area_table(bad)
    bad.write_text("name\tkind\nX\tcountry\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_area_table(bad)


def test_import_keeps_positive_cells_of_the_decade_years_only():
    result = import_undesa(SOURCES)
    origins, _ = csv_names()
    with (SOURCES / CSV_FILE).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle)][1:]
    kept = [row for row in rows if int(row[0]) in DEFAULT_YEARS]
    cells = len(kept) * len(origins)
    assert len(result.observations) + result.zero_cells + result.unreported_cells == cells
    assert result.unreported_cells == sum(cell in ("..", "-") for row in kept for cell in row[2:])
    assert all(o.stock > 0 for o in result.observations)
    assert {o.year for o in result.observations} == set(DEFAULT_YEARS)
    assert len({o.iri for o in result.observations}) == len(result.observations)


def test_cli_reproduces_the_shipped_file_byte_for_byte(tmp_path):
    out = tmp_path / "undesa.ttl"
    code, _, err = invoke("import", "undesa", str(SOURCES), "--output", str(out))
    assert code == 0, err
    assert out.read_bytes() == COMMITTED.read_bytes()
    assert COMMITTED.read_text(encoding="utf-8").startswith(f"# {SHIPPED_HEADER[0]}")


def test_cli_refuses_an_unmapped_name_with_one_line(tmp_path):
    folder = tmp_path / "un"
    folder.mkdir()
    text = (SOURCES / CSV_FILE).read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    (folder / CSV_FILE).write_text(head.replace(",Zimbabwe", ",Atlantis") + "\n" + rest, encoding="utf-8")
    code, out, err = invoke("import", "undesa", str(folder))
    assert code == 2 and not out
    assert len(err.strip().splitlines()) == 1 and "Atlantis" in err
    with pytest.raises(UnmappedAreaError):
        import_undesa(folder)
    code, _, err = invoke("import", "undesa", str(tmp_path / "nowhere"))
    assert code == 2 and "no such folder" in err


def test_the_shipped_file_is_a_data_cube_in_its_own_bundled_graph():
    bundled = {item.name: item for item in bundled_files()}
    assert bundled["smpgraph:data/stocks/undesa.ttl"].graph == STOCKS_GRAPH
    assert str(STOCKS_GRAPH).endswith("/graph/stocks")
    store = ox.Store()
    store.load(path=str(COMMITTED), format=ox.RdfFormat.TURTLE)
    solutions = store.query(
        """PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX undesa: <https://w3id.org/smpgraph/id/undesa/>
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        SELECT (COUNT(?o) AS ?all) (COUNT(?full) AS ?complete) WHERE {
          ?o a qb:Observation .
          OPTIONAL { ?o qb:dataSet ?d ; undesa:origin ?x ; undesa:destination ?y ;
                       sdmx-dimension:refPeriod ?p ; undesa:stock ?s . BIND(?o AS ?full) }
        }"""
    )
    assert isinstance(solutions, ox.QuerySolutions)
    row = next(iter(solutions))
    assert int(row["all"].value) == int(row["complete"].value) == len(import_undesa(SOURCES).observations)
    assert not any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in store)
    schema = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#")
    allowed = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2000/01/rdf-schema#comment"}
    assert not [q for q in store if q.predicate.value.startswith(schema) and q.predicate.value not in allowed]
    assert COMMITTED.stat().st_size < 10_000_000  # corridor-years with a stock above zero, four years


@pytest.mark.slow
def test_the_stocks_graph_is_left_out_of_the_closure():
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))
    for item in bundled_files():
        if item.name.startswith("smpgraph:ontology/"):
            store.load(item.path, graph=str(item.graph), name=item.name, reason=False)
    typed = "<urn:x:{}> a <https://w3id.org/smpgraph/ontology#SkillsMobilityPartnership> ."
    store.load(
        typed.format("in-stocks").encode(), graph=str(STOCKS_GRAPH), format=ResultFormat.TURTLE, name="a", reason=False
    )
    store.load(
        typed.format("elsewhere").encode(), graph="urn:x:graph", format=ResultFormat.TURTLE, name="b", reason=False
    )
    store.reason()
    ask = "ASK { GRAPH <https://w3id.org/smpgraph/id/graph/inferred> { <urn:x:%s> a <%s> } }"
    assert store.query(ask % ("elsewhere", SMP.Partnership))
    assert not store.query(ask % ("in-stocks", SMP.Partnership))
