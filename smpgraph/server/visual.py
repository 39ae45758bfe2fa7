"""The data of the map and the networks: ``/api/v1/network``, ``/api/v1/map`` and ``/api/v1/map/readiness``.

Each payload is computed once per version of the data and kept on the app (:func:`cached_payload`: the
store's write generation and size name the version), so the pages that draw them (the corridor map and
the interactive networks of :mod:`smpgraph.web`) load in well under a second after the first visit. The
first computation is heavy work (:func:`~smpgraph.server.context.run_heavy`: the query deadline and the
cap on concurrent heavy requests apply). Readiness needs the validation of every stored partnership
(about 2 s on the bundled data), so it is a separate request the map makes after drawing.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from flask import Blueprint, Response, current_app, g, jsonify, request

from smpgraph.analysis.netjson import NETWORK_VIEWS
from smpgraph.analysis.results import JsonValue
from smpgraph.errors import AnalysisError, NoStockDataError, StoreBusyError
from smpgraph.i18n import LANGUAGES
from smpgraph.server.context import current_settings, current_store, run_heavy
from smpgraph.server.errors import ProtocolError
from smpgraph.store.base import GraphStore

if TYPE_CHECKING:
    from rdflib.term import IdentifiedNode

    from smpgraph.analysis import AgreementNetwork, AgreementNetworkReport, GapReport, GraphViews
    from smpgraph.analysis.stocks import Cooperation, StockData
    from smpgraph.validation.report import ValidationReport

__all__ = [
    "NETWORK_VIEWS",
    "bp",
    "cached_payload",
    "corridor_readiness",
    "data_version",
    "map_data",
    "network_data",
    "shared_agreement_network",
    "shared_agreement_report",
    "shared_gap_report",
    "shared_stocks",
    "shared_validation",
    "shared_views",
]

T = TypeVar("T")
bp = Blueprint("visual", __name__)
_CACHE_KEY: Final = "smpgraph.visual"
_LOCK: Final = threading.Lock()
#: readiness levels counted in a score (the others say nothing was assessed or recorded)
_SCORES: Final = {"absent": 0.0, "partial": 0.5, "complete": 1.0}


def data_version(store: GraphStore) -> tuple[str, ...]:
    """What names a version of the data: the store's write generation and the state of its inferred graph, which
    every write and every reasoning moves (free to read: no count of the store); for a remote engine, which
    others may write to behind our back, its size too."""
    metadata = store.metadata
    computed = metadata.reasoning.computed_at
    version: tuple[str, ...] = (
        str(metadata.generation),
        str(metadata.reasoned_generation),
        computed.isoformat() if computed else "",
    )
    if store.backend == "sparql":
        version += (str(len(store)),)
    return version


def cached_payload(name: str, build: Callable[[GraphStore], T]) -> T:
    """``build(store)`` computed once per data version and kept on the app; the build runs as heavy work.

    The version is read once per request, so payloads built from other cached payloads in one request (a
    report from the views) are filed under the version of what they were built from; a write in between
    only makes the next request build again.
    """
    store = current_store()
    if "smpgraph_data_version" not in g:  # once per request: payloads built from each other share it
        g.smpgraph_data_version = data_version(store)
    version = cast("tuple[str, ...]", g.smpgraph_data_version)
    with _LOCK:
        cache = cast("dict[str, tuple[tuple[str, ...], object]]", current_app.extensions.setdefault(_CACHE_KEY, {}))
        building = cast("dict[str, threading.Lock]", current_app.extensions.setdefault(_CACHE_KEY + ".locks", {}))
        lock = building.setdefault(name, threading.Lock())
        hit = cache.get(name)
    if hit is not None and hit[0] == version:
        return cast("T", hit[1])
    # one build per payload at a time: a request that arrives meanwhile waits for it, then reads the cache
    if not lock.acquire(timeout=current_settings().query_timeout_s):
        raise StoreBusyError(f"the {name} data are still being computed; try again shortly")
    try:
        with _LOCK:
            hit = cache.get(name)
        if hit is not None and hit[0] == version:
            return cast("T", hit[1])
        value = run_heavy(lambda: build(store), what="analysis")
        with _LOCK:
            cache[name] = (version, value)
        return value
    finally:
        lock.release()


def _labels(store: GraphStore, lang: str) -> dict[str, str]:
    """Countries and stakeholders named in ``lang`` (English where ``lang`` has no label)."""
    from smpgraph.analysis.rows import select_rows

    best: dict[str, tuple[int, str]] = {}
    for row in select_rows(store, "labels_all"):
        node, label = str(row["node"]), row["label"]
        tag = (getattr(label, "language", None) or "").lower()
        rank = 0 if tag == lang else 1 if tag == "en" else 2
        if node not in best or rank < best[node][0]:
            best[node] = (rank, str(label))
    return {node: label for node, (_, label) in best.items()}


def _agreement_network(store: GraphStore) -> Any:
    from smpgraph.analysis.agreements import codebook_labels, fetch_agreement_rows, network_from_rows

    try:
        return network_from_rows(fetch_agreement_rows(store), item_labels=codebook_labels())
    except AnalysisError as exc:
        if "no bilateral labour agreement" in str(exc):
            return None
        raise


def shared_views() -> GraphViews:
    """The gap analysis's graph views of the store, cached per data version (the map, readiness, the reports)."""
    from smpgraph.analysis import fetch_rows, views_from_rows

    return cached_payload("views", lambda store: views_from_rows(fetch_rows(store)))


def shared_validation(lang: str) -> dict[IdentifiedNode, ValidationReport]:
    """The validation of every stored partnership in ``lang`` (compiled shapes, one pass), cached per data version.

    The partnership pages read their readiness tables from it, the map its readiness scores.
    """
    from smpgraph.validation import validate_all

    _check_lang(lang)
    return cached_payload(f"validation.{lang}", lambda store: validate_all(store, lang=lang))


def shared_gap_report() -> GapReport:
    """The gap report of the store, from :func:`shared_views`, cached per data version."""
    from smpgraph.analysis import report_from_views

    views = shared_views()
    return cached_payload("report.gaps", lambda _: report_from_views(views))


def shared_agreement_network() -> AgreementNetwork | None:
    """The agreement network of the store (None without agreements), cached per data version."""
    return cast("AgreementNetwork | None", cached_payload("network.agreements", _agreement_network))


def shared_agreement_report() -> AgreementNetworkReport:
    """The agreements report of the store, cached per data version.

    Raises:
        AnalysisError: the store holds no bilateral labour agreement.
    """
    from smpgraph.analysis.agreements import report_from_network

    network = shared_agreement_network()
    if network is None:
        raise AnalysisError("no bilateral labour agreement in the data (import it with 'smpgraph import bla')")
    return cached_payload("report.agreements", lambda _: report_from_network(network))


def network_data(view: str, lang: str) -> dict[str, JsonValue]:
    """The payload of a network view (``cooperation`` or ``agreements``) in ``lang``, cached per data version.

    Raises:
        ProtocolError: an unknown view or language (HTTP 400).
        AnalysisError: the store holds no partnership, or no agreement for the agreement view.
    """
    if view not in NETWORK_VIEWS:
        raise ProtocolError(f"view must be one of {', '.join(NETWORK_VIEWS)}, not {view!r}")
    _check_lang(lang)

    from smpgraph.analysis import netjson

    if view == "cooperation":
        gaps = shared_gap_report()

        def build(store: GraphStore) -> dict[str, JsonValue]:
            from smpgraph.analysis.rows import select_rows

            found = netjson.jurisdictions(select_rows(store, "jurisdictions"))
            return netjson.cooperation_network(gaps, found, _labels(store, lang))

        return cached_payload(f"network.cooperation.{lang}", build)
    agreements = shared_agreement_report()
    return cached_payload(
        f"network.agreements.{lang}", lambda store: netjson.agreement_network(agreements, _labels(store, lang))
    )


def shared_stocks() -> tuple[StockData, Cooperation] | None:
    """The migrant stocks and the cooperation on their corridors (None when the store holds no stock), cached
    per data version: read once for the map's three languages (about 0.7 s on the bundled data in memory)."""
    views, network = shared_views(), shared_agreement_network()

    def build(store: GraphStore) -> tuple[StockData, Cooperation] | None:
        from smpgraph.analysis.stocks import cooperation_from, fetch_stock_rows, stock_data_from_rows

        rows = fetch_stock_rows(store)
        try:
            data = stock_data_from_rows(rows)
        except NoStockDataError:
            return None
        return data, cooperation_from(views, network, rows)

    return cached_payload("stocks.map", build)


def map_data(lang: str) -> dict[str, JsonValue]:
    """The corridor map's payload in ``lang`` (:func:`smpgraph.analysis.mapdata.map_payload`), cached."""
    _check_lang(lang)

    views, network, stocks = shared_views(), shared_agreement_network(), shared_stocks()

    def build(store: GraphStore) -> dict[str, JsonValue]:
        from smpgraph.analysis.mapdata import map_payload, partnership_years
        from smpgraph.analysis.rows import select_rows

        years = partnership_years(select_rows(store, "partnership_years"))
        data, cooperation = stocks if stocks is not None else (None, None)
        return map_payload(views, network, years, _labels(store, lang), stocks=data, cooperation=cooperation)

    return cached_payload(f"map.{lang}", build)


def corridor_readiness() -> dict[str, JsonValue]:
    """The readiness of each partnership on the map's corridors, from the validation of the stored partnerships.

    A partnership's score is the mean over its assessed components and prerequisites of absent 0, partial
    0.5, complete 1 (not assessed and not recorded are left out); a corridor's score is the mean of its
    partnerships' scores. Cached per data version.

    Returns:
        ``{"partnerships": {iri: score}, "corridors": {"ORIGIN>DESTINATION": score}}``.
    """

    views, validation = shared_views(), shared_validation(LANGUAGES[0])

    def build(_: GraphStore) -> dict[str, JsonValue]:
        from smpgraph.analysis.mapdata import country_code

        wanted = {p for *_, data in views.corridors.edges(data=True) for p in data["partnerships"]}
        scores: dict[str, float] = {}
        for report in validation.values():
            for item in report.agreements:
                if str(item.agreement) not in wanted:
                    continue
                levels = [_SCORES[r.readiness.value] for r in item.readiness if r.readiness.value in _SCORES]
                if levels:
                    scores[str(item.agreement)] = round(sum(levels) / len(levels), 3)
        corridors: dict[str, JsonValue] = {}
        for origin, destination, data in views.corridors.edges(data=True):
            known = [scores[p] for p in data["partnerships"] if p in scores]
            if known:
                corridors[f"{country_code(origin)}>{country_code(destination)}"] = round(sum(known) / len(known), 3)
        return {"partnerships": dict(sorted(scores.items())), "corridors": dict(sorted(corridors.items()))}

    return cached_payload("map.readiness", build)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ProtocolError(f"unsupported language {lang!r}; choose from {', '.join(LANGUAGES)}")


def _json(payload: dict[str, JsonValue]) -> Response:
    """The payload as JSON, with an ETag naming the data version and the request (a revisit gets a 304)."""
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-cache"
    version = cast("tuple[str, ...]", g.get("smpgraph_data_version", ()))
    tag = "|".join((*version, request.full_path))
    response.set_etag(hashlib.sha256(tag.encode("utf-8")).hexdigest()[:32])
    response.make_conditional(request)  # turns it into a 304 in place when the client's tag matches
    return response


@bp.get("/api/v1/network")
def network() -> Response:
    """A network as nodes with positions and edges: ``?view=cooperation|agreements&lang=``."""
    return _json(network_data(request.args.get("view", "cooperation"), request.args.get("lang", LANGUAGES[0])))


@bp.get("/api/v1/map")
def corridor_map() -> Response:
    """Partnerships, corridors and agreement pairs by country and decade: ``?lang=``."""
    return _json(map_data(request.args.get("lang", LANGUAGES[0])))


@bp.get("/api/v1/map/readiness")
def readiness() -> Response:
    """The readiness score of each corridor's partnerships (0 absent .. 1 complete)."""
    return _json(corridor_readiness())
