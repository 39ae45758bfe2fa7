"""Which summary page a resource gets: a partnership, a bilateral labour agreement, a source, or none.

:mod:`smpgraph.web.entities` serves every resource; for these three kinds it renders the summary page
(:mod:`~smpgraph.web.partnership`, :mod:`~smpgraph.web.agreement`, :mod:`~smpgraph.web.sources`) with the
generic description (types, IRIs, every triple, the Turtle and JSON-LD links) folded under "show as data".
"""

from __future__ import annotations

from typing import Final

from flask import render_template
from rdflib import Literal, URIRef

from smpgraph.resources import query_text
from smpgraph.server.visual import shared_validation
from smpgraph.store.base import GraphStore
from smpgraph.validation.report import ReadinessItem
from smpgraph.web.agreement import gather_agreement
from smpgraph.web.facts import select
from smpgraph.web.partnership import gather_partnership
from smpgraph.web.sources import gather_source
from smpgraph.web.terms import sparql_iri

__all__ = ["page_kind", "summary_html"]

#: the kinds of summary page, the first that applies wins: an SMP or pathway with a bilateral agreement as
#: its instrument is still summarised as a partnership
KINDS: Final = ("smp", "agreement", "partnership", "source")


def page_kind(store: GraphStore, iri: str) -> str | None:
    """``partnership`` (an SMP or pathway too), ``agreement``, ``source`` or None (the generic page)."""
    found = {
        str(row[0])
        for row in select(store, query_text("web/kind.rq").replace("{node}", sparql_iri(iri))).rows
        if isinstance(row[0], Literal)
    }
    kind = next((kind for kind in KINDS if kind in found), None)
    return "partnership" if kind == "smp" else kind


def _readiness(iri: str, lang: str) -> tuple[ReadinessItem, ...]:
    """The readiness of the partnership ``iri``: from one validation of every stored partnership.

    The validation (the compiled shapes over the whole store, about 1.5 s on the bundled data) runs on the
    first partnership page after a write and is kept per data version and language
    (:func:`~smpgraph.server.visual.shared_validation`), so later pages only read it.
    """
    report = shared_validation(lang).get(URIRef(iri))
    if report is None:
        return ()
    return tuple(item for agreement in report.agreements for item in agreement.readiness)


def summary_html(store: GraphStore, iri: str, lang: str, kind: str, data: object) -> str | None:
    """The summary page of ``iri`` as HTML, or None when ``kind`` is not one of :data:`KINDS`.

    Args:
        store: the knowledge graph.
        iri: the resource.
        lang: the page's language.
        kind: what :func:`page_kind` says it is.
        data: the generic description of the resource (shown under "show as data").
    """
    if kind == "partnership":
        summary = gather_partnership(store, iri, lang, _readiness(iri, lang))
        return render_template("web/partnership.html", s=summary, data=data)
    if kind == "agreement":
        return render_template("web/agreement.html", a=gather_agreement(store, iri, lang), data=data)
    if kind == "source":
        return render_template("web/source.html", src=gather_source(store, iri, lang), data=data)
    return None
