"""RDF terms as the pages show them: labels in the page's language, and links that stay on this server.

Our IRIs (``https://w3id.org/smpgraph/id/...``) link to ``/id/...``, the paragraphs of the IOM paper to
its page, and every other IRI to ``/resource?iri=``: a page never links straight to an IRI taken from the
graph, so an IRI such as ``javascript:...`` is only ever text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urlencode

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from smpgraph.errors import InputError
from smpgraph.namespaces import ID, IOM_PAPER
from smpgraph.store.base import GraphStore, SelectResult
from smpgraph.validation.render import short

__all__ = [
    "PAPER_PATH",
    "TermView",
    "fetch_labels",
    "href_for",
    "paragraph_href",
    "pick_label",
    "sparql_iri",
    "term_view",
]

#: where the app serves the IOM paper, paragraph by paragraph
PAPER_PATH: Final = "/source/iom-smp-prerequisites"
_LABEL_PREDICATES: Final = (
    "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>"
    "|<http://purl.org/dc/terms/title>"
)
_IRI_FORBIDDEN: Final = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PARAGRAPH: Final = re.compile(r"^para-(\d+)$")
_LABEL_BATCH: Final = 400


@dataclass(frozen=True, slots=True)
class TermView:
    """One term ready for a template.

    Attributes:
        text: what to show (a label, a prefixed name or a literal's lexical form).
        href: the link on this server, or None for literals and blank nodes.
        title: the full IRI or the literal's datatype, shown on hover.
        lang: the literal's language tag, if any (for the ``lang`` attribute).
        is_iri: True for IRIs.
    """

    text: str
    href: str | None = None
    title: str | None = None
    lang: str | None = None
    is_iri: bool = False


def sparql_iri(iri: str) -> str:
    """An IRI written for a SPARQL query (``<...>``), after checking it cannot break out of the brackets.

    Raises:
        InputError: the text is empty or has characters an IRI may not contain.

    Examples:
        >>> sparql_iri("http://example.org/a")
        '<http://example.org/a>'
    """
    if not _is_iri(iri):
        raise InputError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def _is_iri(text: str) -> bool:
    return bool(_SCHEME.match(text)) and not _IRI_FORBIDDEN.search(text)


def paragraph_href(number: int) -> str:
    """The link to one paragraph of the IOM paper on this server.

    Examples:
        >>> paragraph_href(7)
        '/source/iom-smp-prerequisites#para-7'
    """
    return f"{PAPER_PATH}#para-{number}"


def href_for(iri: str) -> str:
    """The page of an IRI on this server.

    Examples:
        >>> href_for("https://w3id.org/smpgraph/id/partnership/palim")
        '/id/partnership/palim'
        >>> href_for("http://data.europa.eu/esco/isco/C2221")
        '/resource?iri=http%3A%2F%2Fdata.europa.eu%2Fesco%2Fisco%2FC2221'
        >>> href_for("https://w3id.org/smpgraph/id/source/iom-smp-prerequisites#para-4")
        '/source/iom-smp-prerequisites#para-4'
    """
    if iri.startswith(str(IOM_PAPER)):
        fragment = iri[len(str(IOM_PAPER)) :]
        match = _PARAGRAPH.match(fragment)
        return paragraph_href(int(match.group(1))) if match else PAPER_PATH
    base = str(ID)
    if iri.startswith(base) and len(iri) > len(base) and not _IRI_FORBIDDEN.search(iri):
        path, _, fragment = iri[len(base) :].partition("#")
        return "/id/" + quote(path, safe="/:@!$&'()*+,;=-._~") + (f"#{quote(fragment)}" if fragment else "")
    return "/resource?" + urlencode({"iri": iri})


def pick_label(candidates: Iterable[Literal | str], lang: str) -> str | None:
    """The best label for ``lang``: that language, else English, else untagged, else any.

    Examples:
        >>> pick_label([Literal("Maroc", lang="fr"), Literal("Morocco", lang="en")], "es")
        'Morocco'
    """
    ranked: list[tuple[int, str]] = []
    for candidate in candidates:
        tag = (candidate.language or "").lower() if isinstance(candidate, Literal) else ""
        primary = tag.split("-")[0]
        rank = 0 if primary == lang else 1 if primary == "en" else 2 if not tag else 3
        ranked.append((rank, str(candidate)))
    return min(ranked)[1] if ranked else None


def fetch_labels(store: GraphStore, iris: Iterable[str], lang: str) -> dict[str, str]:
    """Labels (``rdfs:label``, ``skos:prefLabel``, ``dcterms:title``) of IRIs, in ``lang`` where possible.

    Args:
        store: the store.
        iris: the IRIs; those that are not valid IRIs are skipped.
        lang: the preferred language.

    Returns:
        IRI -> label, for the IRIs that have one.
    """
    wanted = sorted({iri for iri in iris if _is_iri(iri)})
    found: dict[str, list[Literal]] = {}
    for start in range(0, len(wanted), _LABEL_BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start : start + _LABEL_BATCH])
        result = store.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s {_LABEL_PREDICATES} ?l }}")
        if isinstance(result, SelectResult):
            for subject, label in result.rows:
                if isinstance(label, Literal):
                    found.setdefault(str(subject), []).append(label)
    labels: dict[str, str] = {}
    for iri, candidates in found.items():
        best = pick_label(candidates, lang)
        if best:
            labels[iri] = best
    return labels


def term_view(term: Node | None, labels: Mapping[str, str] | None = None) -> TermView:
    """A term as a template shows it.

    Args:
        term: an IRI, blank node or literal (None for an unbound variable).
        labels: known labels of IRIs.

    Returns:
        The view: IRIs link to their page on this server and show their label or prefixed name.
    """
    if term is None:
        return TermView(text="")
    if isinstance(term, URIRef):
        iri = str(term)
        label = (labels or {}).get(iri)
        return TermView(text=label or short(term), href=href_for(iri), title=iri, is_iri=True)
    if isinstance(term, BNode):
        return TermView(text=f"_:{term}")
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return TermView(text=str(term), title=short(URIRef(datatype)) if datatype else None, lang=term.language)
    return TermView(text=str(term))
