"""smpgraph: a knowledge graph of Skills Mobility Partnerships.

Open a store, load RDF, query it with SPARQL and get rdflib objects back::

    from smpgraph import Settings, open_store
    store = open_store(Settings(backend="memory"))
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version

from smpgraph.config import Settings
from smpgraph.errors import SmpGraphError
from smpgraph.store import (
    AskResult,
    GraphResult,
    GraphStore,
    LoadReport,
    ResultFormat,
    SelectResult,
    open_store,
)

try:
    __version__ = _dist_version("smpgraph")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "AskResult",
    "GraphResult",
    "GraphStore",
    "LoadReport",
    "ResultFormat",
    "SelectResult",
    "Settings",
    "SmpGraphError",
    "__version__",
    "open_store",
]
