"""Import of UN DESA's International Migrant Stock 2019, by origin and destination (issue 16, item 2).

``import_undesa(directory)`` converts the UN table to RDF Data Cube observations (one per corridor and
year with a stock above zero) through the reviewed table ``data/mappings/undesa-countries.tsv``.
The analyses of the stocks are in :mod:`smpgraph.analysis.stocks`.
"""

from smpgraph.stocks.areas import AreaKind as AreaKind
from smpgraph.stocks.areas import AreaMapping as AreaMapping
from smpgraph.stocks.areas import AreaTable as AreaTable
from smpgraph.stocks.areas import UnmappedAreaError as UnmappedAreaError
from smpgraph.stocks.areas import read_area_table as read_area_table
from smpgraph.stocks.importer import ALL_YEARS as ALL_YEARS
from smpgraph.stocks.importer import DEFAULT_YEARS as DEFAULT_YEARS
from smpgraph.stocks.importer import Observation as Observation
from smpgraph.stocks.importer import StockImport as StockImport
from smpgraph.stocks.importer import import_undesa as import_undesa

__all__ = [
    "ALL_YEARS",
    "DEFAULT_YEARS",
    "AreaKind",
    "AreaMapping",
    "AreaTable",
    "Observation",
    "StockImport",
    "UnmappedAreaError",
    "import_undesa",
    "read_area_table",
]
