"""Import of the Bilateral Labor Agreements Dataset (Chilton and Woda, CC0) into smpgraph (issue 9).

``import_bla(directory)`` converts the dataset's two CSV files to RDF in our ontology, through the two
reviewed mapping tables ``data/mappings/bla-countries.tsv`` and ``data/mappings/bla-provisions.tsv``;
``provision_shares(store)`` computes, with SPARQL, the share of the coded agreements that provide each
coded item, component and prerequisite.
"""

from smpgraph.bla.countries import CountryMapping as CountryMapping
from smpgraph.bla.countries import CountryTable as CountryTable
from smpgraph.bla.countries import UnmappedCountryError as UnmappedCountryError
from smpgraph.bla.countries import read_country_table as read_country_table
from smpgraph.bla.importer import BlaImport as BlaImport
from smpgraph.bla.importer import import_bla as import_bla
from smpgraph.bla.provisions import ProvisionMapping as ProvisionMapping
from smpgraph.bla.provisions import read_provision_table as read_provision_table
from smpgraph.bla.shares import ProvisionShare as ProvisionShare
from smpgraph.bla.shares import provision_shares as provision_shares
from smpgraph.bla.turtle import to_turtle as to_turtle

__all__ = [
    "BlaImport",
    "CountryMapping",
    "CountryTable",
    "ProvisionMapping",
    "ProvisionShare",
    "UnmappedCountryError",
    "import_bla",
    "provision_shares",
    "read_country_table",
    "read_provision_table",
    "to_turtle",
]
