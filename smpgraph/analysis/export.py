"""Write a graph view for Gephi and the web: GraphML, GEXF or node-link JSON, chosen by file extension.

GraphML and GEXF hold only scalar attributes, so sets, tuples and records are written as text
(``"; "``-joined) and ``None`` values are left out. Node-link JSON keeps lists.

Examples:
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(g, {"a": ("x", "y")}, "tags")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = export_graph(g, pathlib.Path(tmp) / "toy.graphml")
    ...     nx.read_graphml(out).nodes["a"]["tags"]
    'x; y'
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from smpgraph.errors import AnalysisError, UnsupportedFormatError

__all__ = ["GraphFormat", "export_graph", "graph_format"]


class GraphFormat(enum.Enum):
    """The graph file formats, with the extensions that select them."""

    GRAPHML = (".graphml",)
    GEXF = (".gexf",)
    NODE_LINK = (".json",)


def graph_format(path: Path) -> GraphFormat:
    """The format a file extension selects.

    Raises:
        UnsupportedFormatError: the extension is not ``.graphml``, ``.gexf`` or ``.json``.

    Examples:
        >>> graph_format(Path("net.GEXF")).name
        'GEXF'
    """
    suffix = path.suffix.lower()
    for fmt in GraphFormat:
        if suffix in fmt.value:
            return fmt
    raise UnsupportedFormatError(f"{path}: cannot tell the graph format; use .graphml, .gexf or .json")


def _scalar(value: object) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Mapping):
        return json.dumps({str(k): _scalar(v) for k, v in value.items()}, sort_keys=True)
    if isinstance(value, Iterable):
        return "; ".join(sorted(str(getattr(item, "iri", item)) for item in value))
    return str(value)


def _json(value: object) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return sorted((_json(getattr(item, "iri", item)) for item in value), key=str)
    return str(value)


def _plain(graph: nx.Graph, convert: Any) -> nx.Graph:
    out = graph.__class__()
    out.graph.update({k: v for k, v in ((k, convert(v)) for k, v in graph.graph.items()) if v is not None})
    for node, data in graph.nodes(data=True):
        out.add_node(str(node), **{k: v for k, v in ((k, convert(v)) for k, v in data.items()) if v is not None})
    for a, b, data in graph.edges(data=True):
        out.add_edge(str(a), str(b), **{k: v for k, v in ((k, convert(v)) for k, v in data.items()) if v is not None})
    return out


def export_graph(graph: nx.Graph, path: Path) -> Path:
    """Write a graph to ``path`` in the format its extension names.

    Args:
        graph: a view from :class:`~smpgraph.analysis.views.GraphViews` (or any simple graph).
        path: ``*.graphml``, ``*.gexf`` or ``*.json`` (node-link, as ``nx.node_link_data`` writes it).

    Returns:
        The path written.

    Raises:
        UnsupportedFormatError: the extension names no graph format.
        AnalysisError: the graph is empty.
    """
    fmt = graph_format(path)
    if graph.number_of_nodes() == 0:
        raise AnalysisError(f"{path}: nothing to export, the graph is empty")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt is GraphFormat.GRAPHML:
        nx.write_graphml(_plain(graph, _scalar), path)
    elif fmt is GraphFormat.GEXF:
        nx.write_gexf(_plain(graph, _scalar), path)
    else:
        data = nx.node_link_data(_plain(graph, _json), edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
