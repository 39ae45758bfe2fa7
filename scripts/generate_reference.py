#!/usr/bin/env python3
"""Regenerate the reference data of smpgraph (``data/reference/*.ttl``) from ``data/sources/``.

Usage::

    python scripts/generate_reference.py                   # rewrite data/reference/
    python scripts/generate_reference.py --output-dir DIR  # write elsewhere (the drift test does)

Inputs: the tables under ``data/sources/`` (see its README for where each comes from) and the ISO 3166
tables shipped with ``pycountry``. The output is deterministic: subjects, predicates and objects are written
in a fixed order, and every file starts with a ``# GENERATED`` line naming its inputs. IRI patterns follow
``docs/design/vocabulary.md``. Nothing here reaches the network or reads outside the repository.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import importlib.metadata
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing smpgraph
    sys.path.insert(0, str(ROOT))

from smpgraph.sources import PARAGRAPH_COUNT, PREREQUISITE_PARAGRAPHS, parse_paragraphs  # noqa: E402

SOURCES = ROOT / "data" / "sources"
DEFAULT_OUTPUT = ROOT / "data" / "reference"
SCRIPT = "scripts/generate_reference.py"

SMP = Namespace("https://w3id.org/smpgraph/ontology#")
ID = Namespace("https://w3id.org/smpgraph/id/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
ISCO = "http://data.europa.eu/esco/isco/C"
EQF = "http://data.europa.eu/snb/eqf/"
ISCEDF = "http://data.europa.eu/snb/isced-f/"
SDG = "http://metadata.un.org/sdg/"
WD = Namespace("http://www.wikidata.org/entity/")

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
LANGS = ("en", "fr", "es")

# Sources cited as IRIs (each checked to be the publisher's own address) or, where no stable address is
# known, as a bibliographic citation.
ISO_3166 = URIRef("https://www.iso.org/iso-3166-country-codes.html")
ILO_ISCO08 = URIRef("https://www.ilo.org/public/english/bureau/stat/isco/isco08/")
ESCO_PORTAL = URIRef("https://esco.ec.europa.eu/")
UNNM_HUB = URIRef("https://migrationnetwork.un.org/hub")
GCM_RESOLUTION = URIRef("https://undocs.org/A/RES/73/195")
SDG_RESOLUTION = URIRef("https://undocs.org/A/RES/70/1")
CEFR_PAGE = URIRef("https://www.coe.int/en/web/common-european-framework-reference-languages")
ENGLISH = URIRef("http://publications.europa.eu/resource/authority/language/ENG")


# -- Turtle writer --------------------------------------------------------------------------------------

PREFIXES = {
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "smp": str(SMP),
    "xsd": str(XSD),
}
PREDICATE_ORDER = [
    RDF.type,
    SKOS.inScheme,
    SKOS.topConceptOf,
    SKOS.notation,
    SMP.isoAlpha2,
    SMP.isoAlpha3,
    SMP.paragraphNumber,
    SKOS.prefLabel,
    SKOS.altLabel,
    RDFS.label,
    DCTERMS.title,
    SMP.section,
    SKOS.broader,
    DCTERMS.isPartOf,
    DCTERMS.valid,
    SKOS.exactMatch,
    SKOS.definition,
    SKOS.scopeNote,
    DCTERMS.description,
    DCTERMS.language,
    DCTERMS.publisher,
    DCTERMS.bibliographicCitation,
    DCTERMS.rights,
    DCTERMS.source,
]
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders embedded numbers by value: ``para-2`` before ``para-10``."""
    return tuple((1, int(part), "") if part.isdigit() else (0, 0, part) for part in _DIGITS.split(text) if part)


@dataclass(frozen=True)
class Output:
    """One generated file: its graph, the inputs named in its header, and how its subjects are ordered."""

    name: str
    inputs: str
    graph: Graph
    natural_order: bool = True


def _term(node: Node, manager: NamespaceManager) -> str:
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            local = str(node)[len(namespace) :]
            if str(node).startswith(namespace) and _LOCAL_NAME.match(local):
                return "a" if node == RDF.type else f"{prefix}:{local}"
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.datatype == XSD.integer:
            return str(int(node))
        return node.n3(manager)
    raise TypeError(f"blank nodes are not written: {node!r}")


def _object_key(node: Node) -> tuple[int, int, str]:
    if isinstance(node, Literal):
        language = node.language or ""
        rank = LANGS.index(language) if language in LANGS else len(LANGS)
        return (1, rank, f"{language}\x00{node}")
    return (0, 0, str(node))


def to_turtle(output: Output) -> str:
    """Serialise a graph as sorted, readable Turtle with the GENERATED header."""
    graph = output.graph
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace)
    used = {
        prefix
        for triple in graph
        for node in (*triple, getattr(triple[2], "datatype", None))
        if node is not None and not isinstance(node, Literal)
        for prefix, namespace in PREFIXES.items()
        if str(node).startswith(namespace)
    }
    order = {predicate: index for index, predicate in enumerate(PREDICATE_ORDER)}

    def subject_key(subject: Node) -> tuple[int, tuple[tuple[int, int, str], ...]]:
        heads = {SKOS.ConceptScheme, DCTERMS.BibliographicResource}
        rank = 0 if heads & set(graph.objects(subject, RDF.type)) else 1
        text = str(subject)
        return (rank, natural_key(text) if output.natural_order else ((0, 0, text),))

    lines = [
        f"# GENERATED by {SCRIPT} from {output.inputs} — do not edit by hand",
        "",
        *(f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in sorted(used)),
        "",
    ]
    for subject in sorted(set(graph.subjects()), key=subject_key):
        lines.append(_term(subject, manager))
        predicates = sorted(set(graph.predicates(subject)), key=lambda p: (order.get(p, len(order)), str(p)))
        for predicate in predicates:
            objects = [_term(o, manager) for o in sorted(graph.objects(subject, predicate), key=_object_key)]
            joined = ", ".join(objects)
            if len(joined) > 90 and len(objects) > 1:
                joined = (",\n" + " " * 8).join(objects)
            lines.append(f"    {_term(predicate, manager)} {joined} ;")
        lines.append(".")
        lines.append("")
    return "\n".join(lines)


# -- helpers ------------------------------------------------------------------------------------------


def read_tsv(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def new_graph() -> Graph:
    return Graph(bind_namespaces="none")


def add_labels(graph: Graph, subject: URIRef, predicate: URIRef, labels: dict[str, str]) -> None:
    for language, text in labels.items():
        if text:
            graph.add((subject, predicate, Literal(text, lang=language)))


def add_scheme(graph: Graph, scheme: URIRef, labels: dict[str, str], *sources: URIRef) -> None:
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    add_labels(graph, scheme, SKOS.prefLabel, labels)
    for source in sources:
        graph.add((scheme, DCTERMS.source, source))


def add_concept(graph: Graph, concept: URIRef, scheme: URIRef, notation: str, *, top: bool) -> None:
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.notation, Literal(notation)))
    if top:
        graph.add((concept, SKOS.topConceptOf, scheme))


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"{SCRIPT}: {message}")


# -- countries ----------------------------------------------------------------------------------------


def _catalogs(domain: str) -> dict[str, dict[str, str]]:
    """Translations of pycountry names; a name missing from a catalogue gets no label in that language."""
    result = {}
    for language in LANGS[1:]:
        translation = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
        result[language] = dict(translation._catalog)  # type: ignore[attr-defined]
    return result


def _translated(name: str, catalogs: dict[str, dict[str, str]]) -> dict[str, str]:
    labels = {"en": name}
    for language, catalog in catalogs.items():
        if catalog.get(name):
            labels[language] = catalog[name]
    return labels


def countries() -> Output:
    graph = new_graph()
    scheme = ID["scheme/countries"]
    add_scheme(
        graph,
        scheme,
        {"en": "Countries (ISO 3166-1)", "fr": "Pays (ISO 3166-1)", "es": "Países (ISO 3166-1)"},
        ISO_3166,
    )
    graph.add(
        (
            scheme,
            DCTERMS.description,
            Literal(
                "All ISO 3166-1 countries at the IRIs of the EU Publications Office country authority table, "
                "with names in English, French and Spanish from the iso-codes tables shipped with pycountry, "
                "and Kosovo (user-assigned code XK).",
                lang="en",
            ),
        )
    )
    historic_scheme = ID["scheme/historic-countries"]
    add_scheme(
        graph,
        historic_scheme,
        {
            "en": "Former countries (ISO 3166-3)",
            "fr": "Anciens pays (ISO 3166-3)",
            "es": "Antiguos países (ISO 3166-3)",
        },
        ISO_3166,
    )
    wikidata = {row["alpha_3"]: row["qid"] for row in read_tsv("wikidata-countries.tsv")}
    catalogs = _catalogs("iso3166-1")
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iri = COUNTRY[country.alpha_3]
        add_concept(graph, iri, scheme, country.alpha_2, top=True)
        graph.add((iri, RDF.type, SMP.Country))
        graph.add((iri, SKOS.notation, Literal(country.alpha_3)))
        graph.add((iri, SMP.isoAlpha2, Literal(country.alpha_2)))
        graph.add((iri, SMP.isoAlpha3, Literal(country.alpha_3)))
        add_labels(graph, iri, SKOS.prefLabel, _translated(country.name, catalogs))
        for other in (getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if other and other != country.name:
                add_labels(graph, iri, SKOS.altLabel, _translated(other, catalogs))
        if country.alpha_3 in wikidata:
            graph.add((iri, SKOS.exactMatch, WD[wikidata.pop(country.alpha_3)]))

    kosovo = ID["country/XK"]
    add_concept(graph, kosovo, scheme, "XK", top=True)
    graph.add((kosovo, RDF.type, SMP.Country))
    graph.add((kosovo, SMP.isoAlpha2, Literal("XK")))
    add_labels(graph, kosovo, SKOS.prefLabel, {"en": "Kosovo", "fr": "Kosovo", "es": "Kosovo"})
    graph.add((kosovo, SKOS.exactMatch, WD[wikidata.pop("XK")]))
    graph.add(
        (
            kosovo,
            SKOS.scopeNote,
            Literal(
                "Kosovo has no code in ISO 3166-1: XK is a user-assigned code, used among others by the European "
                "Commission. The code of the EU country authority table for Kosovo has not been verified, so "
                "smpgraph mints this IRI itself. This designation is without prejudice to positions on status, "
                "and is in line with UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of "
                "independence.",
                lang="en",
            ),
        )
    )
    check(not wikidata, f"Wikidata QIDs for unknown alpha-3 codes: {sorted(wikidata)}")

    historic_catalogs = _catalogs("iso3166-3")
    for former in sorted(pycountry.historic_countries, key=lambda c: c.alpha_4):
        iri = ID[f"country/historic/{former.alpha_4}"]
        add_concept(graph, iri, historic_scheme, former.alpha_4, top=True)
        graph.add((iri, RDF.type, SMP.Country))
        add_labels(graph, iri, SKOS.prefLabel, _translated(former.name, historic_catalogs))
        withdrawn = getattr(former, "withdrawal_date", None)
        if withdrawn:
            graph.add((iri, DCTERMS.valid, Literal(f"end={withdrawn}; scheme=W3C-DTF;", datatype=DCTERMS.Period)))
    version = importlib.metadata.version("pycountry")
    inputs = f"pycountry {version} (ISO 3166-1, ISO 3166-3) and data/sources/wikidata-countries.tsv"
    return Output("countries.ttl", inputs, graph, natural_order=False)


# -- ISCO-08 ------------------------------------------------------------------------------------------

ISCO_LEVEL_COUNTS = {1: 10, 2: 43, 3: 130, 4: 436}


def isco08() -> Output:
    graph = new_graph()
    scheme = URIRef("http://data.europa.eu/esco/concept-scheme/isco")
    add_scheme(
        graph,
        scheme,
        {
            "en": "International Standard Classification of Occupations (ISCO-08)",
            "fr": "Classification internationale type des professions (CITP-08)",
            "es": "Clasificación Internacional Uniforme de Ocupaciones (CIUO-08)",
        },
        ILO_ISCO08,
        ESCO_PORTAL,
    )
    graph.add(
        (
            scheme,
            DCTERMS.bibliographicCitation,
            Literal(
                "International Labour Office (2012). International Standard Classification of Occupations: "
                "ISCO-08. Geneva: ILO."
            ),
        )
    )
    graph.add((scheme, DCTERMS.rights, Literal(ESCO_ATTRIBUTION, lang="en")))
    rows = read_tsv("isco08.tsv")
    levels = {row["code"]: int(row["level"]) for row in rows}
    counts = dict.fromkeys(ISCO_LEVEL_COUNTS, 0)
    for row in rows:
        code, level, parent = row["code"], int(row["level"]), row["parent"]
        check(len(code) == level and code.isdigit(), f"ISCO code {code!r} does not match its level {level}")
        counts[level] += 1
        iri = URIRef(ISCO + code)
        add_concept(graph, iri, scheme, code, top=level == 1)
        graph.add((iri, SKOS.prefLabel, Literal(row["label_en"], lang="en")))
        if level > 1:
            check(
                levels.get(parent) == level - 1 and code.startswith(parent),
                f"ISCO group {code} has parent {parent!r}, which is not its enclosing group",
            )
            graph.add((iri, SKOS.broader, URIRef(ISCO + parent)))
    check(counts == ISCO_LEVEL_COUNTS, f"ISCO groups per level {counts}, expected {ISCO_LEVEL_COUNTS}")
    return Output("isco08.ttl", "data/sources/isco08.tsv", graph, natural_order=False)


# -- EQF, ISCED 2011, ISCED-F 2013, CEFR ----------------------------------------------------------------


def eqf() -> Output:
    graph = new_graph()
    scheme = URIRef(EQF + "25831c2")
    add_scheme(
        graph,
        scheme,
        {
            "en": "European Qualifications Framework",
            "fr": "Cadre européen des certifications",
            "es": "Marco Europeo de Cualificaciones",
        },
    )
    graph.add(
        (
            scheme,
            DCTERMS.bibliographicCitation,
            Literal(
                "Council Recommendation of 22 May 2017 on the European Qualifications Framework for lifelong "
                "learning and repealing the Recommendation of the European Parliament and of the Council of "
                "23 April 2008 on the establishment of the European Qualifications Framework for lifelong learning "
                "(2017/C 189/03)."
            ),
        )
    )
    for level in range(1, 9):
        iri = URIRef(f"{EQF}{level}")
        add_concept(graph, iri, scheme, str(level), top=True)
        add_labels(
            graph,
            iri,
            SKOS.prefLabel,
            {"en": f"EQF level {level}", "fr": f"Niveau {level} du CEC", "es": f"Nivel {level} del MEC"},
        )
    return Output("eqf.ttl", f"{SCRIPT} (EQF levels 1-8)", graph)


def isced_2011() -> Output:
    graph = new_graph()
    scheme = ID["scheme/isced-2011"]
    add_scheme(
        graph,
        scheme,
        {
            "en": "International Standard Classification of Education (ISCED 2011): levels of education",
            "fr": "Classification internationale type de l’éducation (CITE 2011) : niveaux d’éducation",
            "es": "Clasificación Internacional Normalizada de la Educación (CINE 2011): niveles de educación",
        },
    )
    graph.add(
        (
            scheme,
            DCTERMS.bibliographicCitation,
            Literal(
                "UNESCO Institute for Statistics (2012). International Standard Classification of Education: "
                "ISCED 2011. Montreal: UIS."
            ),
        )
    )
    rows = read_tsv("isced-2011-levels.tsv")
    check([row["level"] for row in rows] == [str(n) for n in range(9)], "ISCED 2011 levels are not 0-8")
    for row in rows:
        iri = ID[f"isced-2011/{row['level']}"]
        add_concept(graph, iri, scheme, row["level"], top=True)
        add_labels(graph, iri, SKOS.prefLabel, {language: row[f"label_{language}"] for language in LANGS})
    return Output("isced-2011.ttl", "data/sources/isced-2011-levels.tsv", graph)


def isced_f() -> Output:
    graph = new_graph()
    scheme = URIRef(ISCEDF + "25831c2")
    add_scheme(graph, scheme, {"en": "ISCED Fields of Education and Training 2013 (ISCED-F 2013)"})
    graph.add(
        (
            scheme,
            DCTERMS.bibliographicCitation,
            Literal(
                "UNESCO Institute for Statistics (2014). ISCED Fields of Education and Training 2013 "
                "(ISCED-F 2013). Montreal: UIS."
            ),
        )
    )
    rows = read_tsv("isced-f-2013.tsv")
    codes = {row["code"] for row in rows}
    widths = [len(row["code"]) for row in rows]
    check(widths.count(2) == 11 and widths.count(3) == 29, "ISCED-F needs all 11 broad and 29 narrow fields")
    for row in rows:
        code = row["code"]
        iri = URIRef(ISCEDF + code)
        add_concept(graph, iri, scheme, code, top=len(code) == 2)
        graph.add((iri, SKOS.prefLabel, Literal(row["label_en"], lang="en")))
        if len(code) > 2:
            parent = code[: len(code) - 1]
            check(parent in codes, f"ISCED-F field {code} has no parent {parent}")
            graph.add((iri, SKOS.broader, URIRef(ISCEDF + parent)))
    return Output("isced-f.ttl", "data/sources/isced-f-2013.tsv", graph, natural_order=False)


def cefr() -> Output:
    graph = new_graph()
    scheme = ID["scheme/cefr"]
    add_scheme(
        graph,
        scheme,
        {
            "en": "Common European Framework of Reference for Languages (CEFR): common reference levels",
            "fr": "Cadre européen commun de référence pour les langues (CECR) : niveaux communs de référence",
            "es": "Marco común europeo de referencia para las lenguas (MCER): niveles comunes de referencia",
        },
        CEFR_PAGE,
    )
    for row in read_tsv("cefr-levels.tsv"):
        level = row["level"]
        iri = ID[f"cefr/{level}"]
        add_concept(graph, iri, scheme, level, top=True)
        graph.add((iri, RDF.type, SMP.CEFRLevel))
        add_labels(
            graph,
            iri,
            SKOS.prefLabel,
            {"en": f"CEFR level {level}", "fr": f"Niveau {level} du CECR", "es": f"Nivel {level} del MCER"},
        )
        add_labels(graph, iri, SKOS.altLabel, {"en": row["name_en"], "es": row["name_es"]})
        add_labels(graph, iri, SKOS.scopeNote, {language: row[f"user_{language}"] for language in LANGS})
    return Output("cefr.ttl", "data/sources/cefr-levels.tsv", graph, natural_order=False)


# -- SDG, GCM -------------------------------------------------------------------------------------------


def sdg() -> Output:
    graph = new_graph()
    scheme = ID["scheme/sdg"]
    add_scheme(
        graph,
        scheme,
        {
            "en": "Sustainable Development Goals and targets used by smpgraph",
            "fr": "Objectifs et cibles de développement durable utilisés par smpgraph",
            "es": "Objetivos y metas de Desarrollo Sostenible utilizados por smpgraph",
        },
        SDG_RESOLUTION,
    )
    for row in read_tsv("sdg.tsv"):
        code, kind = row["code"], row["kind"]
        iri = URIRef(SDG + code)
        add_concept(graph, iri, scheme, code, top=kind == "goal")
        graph.add((iri, SKOS.prefLabel, Literal(row["title_en"], lang="en")))
        graph.add((iri, DCTERMS.source, SDG_RESOLUTION))
        if kind == "goal":
            graph.add((iri, RDF.type, SMP.SDGGoal))
            add_labels(graph, iri, SKOS.altLabel, {"en": row["short_en"]})
            graph.add((iri, SKOS.altLabel, Literal(f"SDG {code}", lang="en")))
        else:
            check(kind == "target", f"SDG row {code}: unknown kind {kind!r}")
            graph.add((iri, RDF.type, SMP.SDGTarget))
            graph.add((iri, SKOS.altLabel, Literal(f"SDG target {code}", lang="en")))
            goal = URIRef(SDG + code.split(".")[0])
            check((goal, RDF.type, SMP.SDGGoal) in graph, f"SDG target {code} comes before its goal")
            graph.add((iri, SKOS.broader, goal))
    return Output("sdg.ttl", "data/sources/sdg.tsv", graph)


def gcm() -> Output:
    graph = new_graph()
    scheme = ID["scheme/gcm-objectives"]
    add_scheme(
        graph,
        scheme,
        {
            "en": "Objectives of the Global Compact for Safe, Orderly and Regular Migration",
            "fr": "Objectifs du Pacte mondial pour des migrations sûres, ordonnées et régulières",
            "es": "Objetivos del Pacto Mundial para la Migración Segura, Ordenada y Regular",
        },
        UNNM_HUB,
        GCM_RESOLUTION,
    )
    rows = read_tsv("gcm-objectives.tsv")
    check([row["number"] for row in rows] == [str(n) for n in range(1, 24)], "GCM objectives are not 1-23")
    for row in rows:
        number = row["number"]
        iri = ID[f"gcm/objective/{number}"]
        add_concept(graph, iri, scheme, number, top=True)
        graph.add((iri, RDF.type, SMP.GCMObjective))
        graph.add((iri, SKOS.prefLabel, Literal(row["short_label_en"], lang="en")))
        add_labels(
            graph,
            iri,
            SKOS.altLabel,
            {"en": f"Objective {number}", "fr": f"Objectif {number}", "es": f"Objetivo {number}"},
        )
    return Output("gcm.ttl", "data/sources/gcm-objectives.tsv", graph)


# -- the IOM paper ----------------------------------------------------------------------------------------


def iom_paper() -> Output:
    graph = new_graph()
    paper = ID["source/iom-smp-prerequisites"]
    iom = ID["org/iom"]
    graph.add((paper, RDF.type, DCTERMS.BibliographicResource))
    graph.add((paper, RDF.type, PROV.Entity))
    graph.add(
        (
            paper,
            DCTERMS.title,
            Literal("Skills-based migration and partnerships: elements and essential prerequisites", lang="en"),
        )
    )
    add_labels(
        graph,
        paper,
        RDFS.label,
        {"en": "IOM SMP paper", "fr": "Document SMP de l’OIM", "es": "Documento SMP de la OIM"},
    )
    graph.add((paper, DCTERMS.publisher, iom))
    graph.add((paper, DCTERMS.language, ENGLISH))
    graph.add(
        (
            paper,
            DCTERMS.description,
            Literal("Paper of the IOM Standing Committee on Programmes and Finance, twenty-fifth session.", lang="en"),
        )
    )
    graph.add(
        (
            paper,
            DCTERMS.bibliographicCitation,
            Literal(
                "IOM, Standing Committee on Programmes and Finance, twenty-fifth session. Skills-based migration "
                "and partnerships: elements and essential prerequisites."
            ),
        )
    )
    graph.add((iom, RDF.type, FOAF.Organization))
    graph.add((iom, RDF.type, SMP.InternationalOrganization))
    add_labels(
        graph,
        iom,
        RDFS.label,
        {
            "en": "International Organization for Migration",
            "fr": "Organisation internationale pour les migrations",
            "es": "Organización Internacional para las Migraciones",
        },
    )

    found = parse_paragraphs((SOURCES / "iom-smp-prerequisites.txt").read_text(encoding="utf-8"))
    numbers = [paragraph.number for paragraph in found]
    check(
        numbers == list(range(1, PARAGRAPH_COUNT + 1)),
        f"expected paragraphs 1-{PARAGRAPH_COUNT} in the IOM paper, found {numbers}",
    )
    for paragraph in found:
        n = paragraph.number
        iri = URIRef(f"{paper}#para-{n}")
        graph.add((iri, DCTERMS.isPartOf, paper))
        graph.add((iri, SMP.paragraphNumber, Literal(n, datatype=XSD.integer)))
        add_labels(
            graph,
            iri,
            RDFS.label,
            {
                "en": f"IOM SMP paper, para. {n}",
                "fr": f"Document SMP de l’OIM, par. {n}",
                "es": f"Documento SMP de la OIM, párr. {n}",
            },
        )
        graph.add((iri, SMP.section, Literal(paragraph.section, lang="en")))
        if n in PREREQUISITE_PARAGRAPHS:
            check(paragraph.title is not None, f"prerequisite paragraph {n} has no title")
            graph.add((iri, DCTERMS.title, Literal(paragraph.title, lang="en")))
    return Output("iom-paper.ttl", "data/sources/iom-smp-prerequisites.txt", graph)


# -- main ---------------------------------------------------------------------------------------------

GENERATORS: tuple[Callable[[], Output], ...] = (
    countries,
    isco08,
    eqf,
    isced_2011,
    isced_f,
    cefr,
    sdg,
    gcm,
    iom_paper,
)


def generate(output_dir: Path) -> list[Path]:
    """Write every reference file into ``output_dir`` and return their paths."""
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for generator in GENERATORS:
        output = generator()
        path = output_dir / output.name
        path.write_text(to_turtle(output), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where to write the Turtle files (default: data/reference)",
    )
    args = parser.parse_args(None if argv is None else list(argv))
    for path in generate(args.output_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
