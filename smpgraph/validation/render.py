"""Human-readable reports: plain text, Markdown and standalone HTML, in English, French or Spanish.

Findings are grouped by agreement, then by the component or prerequisite they concern, each with its
severity, the paragraph of the IOM paper and the fix (the shape's message). Every format opens with the
readiness summary. All text from the draft (titles, IRIs, values) is escaped in Markdown and HTML.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterator, Sequence
from typing import Final

from rdflib import URIRef

from smpgraph.namespaces import PREFIXES
from smpgraph.validation.readiness import ReadinessShare
from smpgraph.validation.report import (
    AgreementReport,
    FindingCategory,
    Readiness,
    Severity,
    ValidationReport,
    ValidationResult,
    World,
    WorldBasis,
)
from smpgraph.validation.shapes import CONCEPTS

__all__ = ["categories_line", "gaps_lines", "html", "markdown", "shares_text", "short", "text", "world_line"]

_STRINGS: Final[dict[str, dict[str, str]]] = {
    "title": {"en": "Validation report", "fr": "Rapport de validation", "es": "Informe de validación"},
    "agreement": {"en": "Agreement", "fr": "Accord", "es": "Acuerdo"},
    "smp": {"en": "Skills Mobility Partnership", "fr": "Partenariat pour la mobilité des compétences",
            "es": "Asociación para la movilidad de competencias"},
    "other": {"en": "partnership (not a full SMP)", "fr": "partenariat (pas un PCM complet)",
              "es": "asociación (no es una ACM completa)"},
    "readiness": {"en": "Readiness", "fr": "État de préparation", "es": "Grado de preparación"},
    "findings": {"en": "Findings", "fr": "Constats", "es": "Hallazgos"},
    "none": {"en": "Nothing to add: no findings.", "fr": "Rien à ajouter : aucun constat.",
             "es": "Nada que añadir: ningún hallazgo."},
    "para": {"en": "IOM paper, para.", "fr": "document de l'OIM, par.", "es": "documento de la OIM, párr."},
    "shape": {"en": "rule", "fr": "règle", "es": "regla"},
    "node": {"en": "about", "fr": "concerne", "es": "sobre"},
    "value": {"en": "value", "fr": "valeur", "es": "valor"},
    "shares": {"en": "Share of the {total} coded agreements that provide each component and prerequisite",
               "fr": "Part des {total} accords codés qui prévoient chaque composante et condition préalable",
               "es": "Proporción de los {total} acuerdos codificados que prevén cada componente y requisito previo"},
    "provide": {"en": "provide", "fr": "prévoient", "es": "prevén"},
    "share": {"en": "share", "fr": "part", "es": "proporción"},
    "noshares": {"en": "No coded agreements: no share table.", "fr": "Aucun accord codé : pas de tableau des parts.",
                 "es": "Ningún acuerdo codificado: no hay tabla de proporciones."},
    "general": {"en": "Other findings", "fr": "Autres constats", "es": "Otros hallazgos"},
    "summary": {"en": "{agreements} agreement(s): {violation} violation(s), {warning} warning(s), {info} info",
                "fr": "{agreements} accord(s) : {violation} violation(s), {warning} avertissement(s), {info} info",
                "es": "{agreements} acuerdo(s): {violation} infracción(es), {warning} advertencia(s), {info} info"},
    Severity.VIOLATION.label: {"en": "VIOLATION", "fr": "VIOLATION", "es": "INFRACCIÓN"},
    Severity.WARNING.label: {"en": "WARNING", "fr": "AVERTISSEMENT", "es": "ADVERTENCIA"},
    Severity.INFO.label: {"en": "INFO", "fr": "INFO", "es": "INFO"},
    "component": {"en": "component", "fr": "composante", "es": "componente"},
    "prerequisite": {"en": "prerequisite", "fr": "condition préalable", "es": "requisito previo"},
    "principle": {"en": "principle", "fr": "principe", "es": "principio"},
    Readiness.ABSENT.value: {"en": "absent", "fr": "absent", "es": "ausente"},
    Readiness.PARTIAL.value: {"en": "partial", "fr": "partiel", "es": "parcial"},
    Readiness.COMPLETE.value: {"en": "complete", "fr": "complet", "es": "completo"},
    Readiness.NOT_ASSESSED.value: {"en": "not assessed", "fr": "non évalué", "es": "no evaluado"},
    Readiness.NOT_RECORDED.value: {"en": "not recorded", "fr": "non consigné", "es": "no consignado"},
    "world": {"en": "World", "fr": "Monde", "es": "Mundo"},
    World.CLOSED.value: {"en": "closed: a draft, so what it does not say, it lacks",
                         "fr": "fermé : un brouillon, donc ce qu'il ne dit pas lui manque",
                         "es": "cerrado: un borrador, así que lo que no dice le falta"},
    World.OPEN.value: {"en": "open: a real agreement described from sources, so what they do "
                             "not mention is not recorded (Info), never absent",
                       "fr": "ouvert : un accord réel décrit à partir de sources, donc ce qu'elles ne "
                             "mentionnent pas est non consigné (Info), jamais absent",
                       "es": "abierto: un acuerdo real descrito a partir de fuentes, así que lo que "
                             "no mencionan está no consignado (Info), nunca ausente"},
    WorldBasis.DRAFT_STATUS.value: {"en": "its status is draft", "fr": "son statut est « brouillon »",
                                    "es": "su estado es «borrador»"},
    WorldBasis.NO_SOURCES.value: {"en": "it cites no source for itself", "fr": "il ne cite aucune source pour lui-même",
                                  "es": "no cita ninguna fuente propia"},
    WorldBasis.SOURCES.value: {"en": "it cites {n} source(s) and is not a draft",
                               "fr": "il cite {n} source(s) et n'est pas un brouillon",
                               "es": "cita {n} fuente(s) y no es un borrador"},
    WorldBasis.CHOSEN.value: {"en": "chosen for this validation", "fr": "choisi pour cette validation",
                              "es": "elegido para esta validación"},
    FindingCategory.POLICY.value: {"en": "policy", "fr": "politique", "es": "política"},
    FindingCategory.DATA_QUALITY.value: {"en": "data quality", "fr": "qualité des données", "es": "calidad de los "
                                                                                                  "datos"},
    "evidence": {"en": "evidence", "fr": "preuves", "es": "pruebas"},
    "standard": {"en": "Standard", "fr": "Norme", "es": "Norma"},
    "standard.iom": {"en": "IOM paper: components and prerequisites",
                     "fr": "Document de l'OIM : composantes et conditions préalables",
                     "es": "Documento de la OIM: componentes y requisitos previos"},
    "standard.ilo": {"en": "ILO provisions of bilateral labour agreements",
                     "fr": "Dispositions de l'OIT pour les accords bilatéraux de travail",
                     "es": "Disposiciones de la OIT para los acuerdos laborales bilaterales"},
    "ilo.title": {"en": "ILO standard: the {n} best-practice provisions of bilateral labour agreements",
                  "fr": "Norme de l'OIT : les {n} dispositions de bonne pratique des accords bilatéraux de travail",
                  "es": "Norma de la OIT: las {n} disposiciones de buenas "
                        "prácticas de los acuerdos laborales bilaterales"},
    "ilo.count": {"en": "The draft provides {provided} of {n}.", "fr": "Le brouillon en prévoit {provided} sur {n}.",
                  "es": "El borrador prevé {provided} de {n}."},
    "ilo.provided": {"en": "provided", "fr": "prévue", "es": "prevista"},
    "ilo.missing": {"en": "not provided", "fr": "non prévue", "es": "no prevista"},
    "ilo.yaml": {"en": "to state it", "fr": "pour l'indiquer", "es": "para indicarla"},
    "ilo.shares": {"en": "Share of coded real agreements that provide it",
                   "fr": "Part des accords réels codés qui la prévoient",
                   "es": "Proporción de acuerdos reales codificados que la prevén"},
    "ilo.all": {"en": "all", "fr": "tous", "es": "todos"},
    "ilo.destination": {"en": "destination", "fr": "destination", "es": "destino"},
    "ilo.origin": {"en": "origin", "fr": "origine", "es": "origen"},
    "ilo.region": {"en": "region", "fr": "région", "es": "región"},
    "ilo.decade": {"en": "decade", "fr": "décennie", "es": "década"},
    "ilo.groups": {"en": "Peer groups (the dataset records the parties, not the direction)",
                   "fr": "Groupes de comparaison (le jeu de données indique les parties, pas le sens)",
                   "es": "Grupos de comparación (el conjunto de datos indica las partes, no la dirección)"},
    "ilo.nobasis": {"en": "not known from the draft", "fr": "inconnu d'après le brouillon",
                    "es": "no se conoce por el borrador"},
    "ilo.similar": {"en": "The five real agreements most similar by provisions (Jaccard index)",
                    "fr": "Les cinq accords réels les plus proches par leurs dispositions (indice de Jaccard)",
                    "es": "Los cinco acuerdos reales más parecidos por sus disposiciones (índice de Jaccard)"},
    "ilo.nocoded": {"en": "No coded agreements in the knowledge graph: no shares, no similar agreements.",
                    "fr": "Aucun accord codé dans le graphe de connaissances : ni parts ni accords proches.",
                    "es": "Ningún acuerdo codificado en el grafo de conocimiento: "
                          "ni proporciones ni acuerdos parecidos."},
    "worlds": {"en": "{closed} draft(s), {open} real agreement(s) described from sources",
               "fr": "{closed} brouillon(s), {open} accord(s) réel(s) décrit(s) à partir de sources",
               "es": "{closed} borrador(es), {open} acuerdo(s) real(es) descrito(s) a partir de fuentes"},
    "categories": {"en": "{policy} policy finding(s), {quality} data-quality "
                         "finding(s); {unrecorded} not recorded by the sources",
                   "fr": "{policy} constat(s) de politique, {quality} constat(s) de qualité des "
                         "données ; {unrecorded} non consigné(s) par les sources",
                   "es": "{policy} hallazgo(s) de política, {quality} hallazgo(s) de calidad de "
                         "los datos; {unrecorded} no consignado(s) por las fuentes"},
    "gaps": {"en": "Violations", "fr": "Violations", "es": "Infracciones"},
    "nogaps": {"en": "No Violation: no real agreement here has a gap that its sources state.",
               "fr": "Aucune violation : aucun accord réel ici ne présente de lacune que ses sources établissent.",
               "es": "Ninguna infracción: ningún acuerdo real presenta aquí una carencia que sus fuentes establezcan."},
    "gapshead": {"en": "{n} Violation(s); each is a gap in a draft, or a gap that the "
                       "sources of a real agreement state (evidence listed):",
                 "fr": "{n} violation(s) ; chacune est une lacune d'un brouillon, ou une lacune que "
                       "les sources d'un accord réel établissent (preuves indiquées) :",
                 "es": "{n} infracción(es); cada una es una carencia de un borrador, o una carencia que "
                       "las fuentes de un acuerdo real establecen (pruebas indicadas):"},
}  # fmt: skip

_ORDER: Final = {concept.iri: index for index, concept in enumerate(CONCEPTS)}
_LABELS: Final = {concept.iri: concept for concept in CONCEPTS}


def _t(key: str, lang: str) -> str:
    entry = _STRINGS[key]
    return entry.get(lang) or entry["en"]


def short(node: object) -> str:
    """A compact name for a term: a prefixed name where a prefix fits, else the full text."""
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                local = text[len(namespace) :]
                if "#" not in local:
                    return f"{prefix}:{local}"
        return text
    return text


def _groups(item: AgreementReport) -> Iterator[tuple[URIRef | None, list[ValidationResult]]]:
    """The agreement's results grouped by concept, in the paper's order; unassessed results last."""
    concepts = sorted({r.concept for r in item.results if r.concept is not None}, key=lambda c: _ORDER.get(c, 99))
    for concept in concepts:
        yield concept, [r for r in item.results if r.concept == concept]
    rest = [r for r in item.results if r.concept is None]
    if rest:
        yield None, rest


def _group_title(concept: URIRef | None, lang: str, item: AgreementReport) -> str:
    if concept is None:
        return _t("general", lang)
    entry = next((e for e in item.readiness if e.concept == concept), None)
    info = _LABELS.get(concept)
    label = entry.label if entry is not None else (info.label(lang) if info is not None else short(concept))
    kind = _t(info.kind.value, lang) if info is not None else ""
    return f"{label} ({kind})" if kind else label


def _summary(report: ValidationReport) -> str:
    counts = {severity.label: report.count(severity) for severity in Severity}
    return _t("summary", report.lang).format(agreements=len(report.agreements), **counts)


def categories_line(report: ValidationReport) -> str:
    """How many findings are policy gaps, data-quality findings, and not recorded by the sources."""
    policy = sum(1 for r in report.results if r.category is FindingCategory.POLICY)
    return _t("categories", report.lang).format(
        policy=policy,
        quality=len(report.results) - policy,
        unrecorded=sum(1 for r in report.results if r.not_recorded),
    )


def world_line(item: AgreementReport, lang: str) -> str:
    """The agreement's world and why, in ``lang``."""
    basis = _t(item.world_basis.value, lang).format(n=len(item.sources))
    return f"{_t('world', lang)}: {_t(item.world.value, lang)} ({basis})"


def _marks(result: ValidationResult, lang: str) -> str:
    """The finding's category, and its evidence when it rests on stated facts of a real agreement."""
    text = f"[{_t(result.category.value, lang)}]"
    if result.evidence:
        text += f" {_t('evidence', lang)}: " + ", ".join(str(source) for source in result.evidence)
    return text


def gaps_lines(report: ValidationReport) -> list[str]:
    """The closing note: every Violation with its agreement, shape and evidence (or that there is none)."""
    lang = report.lang
    violations = [r for r in report.results if r.severity is Severity.VIOLATION]
    if not violations:
        return [_t("nogaps", lang)]
    lines = [_t("gapshead", lang).format(n=len(violations))]
    for result in violations:
        lines.append(f"- {short(result.agreement)}: {short(result.source_shape)} {short(result.focus_node)}")
        lines.append(f"  {result.message}")
        if result.evidence:
            lines.append(f"  {_t('evidence', lang)}: " + ", ".join(str(source) for source in result.evidence))
    return lines


def _kind(item: AgreementReport, lang: str) -> str:
    return _t("smp" if item.full_smp else "other", lang)


def _source(result: ValidationResult, lang: str) -> str:
    paragraph = result.paragraph
    where = f"{_t('para', lang)} {paragraph}" if paragraph is not None else short(result.source)
    return f"{where}; {_t('shape', lang)} {short(result.source_shape)}"


def text(report: ValidationReport) -> str:
    """The report as plain text for a terminal."""
    lang = report.lang
    lines = [f"{_t('title', lang)}: {_summary(report)}", categories_line(report)]
    for item in report.agreements:
        lines += ["", f"{_t('agreement', lang)}: {short(item.agreement)}" + (f' "{item.label}"' if item.label else "")]
        lines.append(f"  {_kind(item, lang)}" + (f" [{item.origin}]" if item.origin else ""))
        lines.append(f"  {world_line(item, lang)}")
        lines.append(f"  {_t('readiness', lang)}:")
        width = max((len(entry.label) for entry in item.readiness), default=0)
        for entry in item.readiness:
            lines.append(f"    {entry.label.ljust(width)}  {_t(entry.readiness.value, lang)}")
        if not item.results:
            lines.append(f"  {_t('none', lang)}")
        for concept, results in _groups(item):
            lines.append(f"  {_group_title(concept, lang, item)}")
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                if result.value is not None:
                    about += f" ({_t('value', lang)}: {short(result.value)})"
                lines.append(f"    {_t(result.severity.label, lang)}  {about}")
                lines.append(f"      {result.message}")
                lines.append(f"      {_source(result, lang)} {_marks(result, lang)}")
    return "\n".join(lines) + "\n"


def _md(value: object) -> str:
    """Escape text for a Markdown table cell or paragraph."""
    out = str(value).replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


def markdown(report: ValidationReport) -> str:
    """The report as Markdown (tables for readiness and findings)."""
    lang = report.lang
    lines = [f"# {_t('title', lang)}", "", _md(_summary(report)), "", _md(categories_line(report))]
    for item in report.agreements:
        heading = short(item.agreement) + (f" ({item.label})" if item.label else "")
        lines += ["", f"## {_t('agreement', lang)}: {_md(heading)}", "", _md(_kind(item, lang)), ""]
        lines += [_md(world_line(item, lang)), ""]
        lines += [f"### {_t('readiness', lang)}", "", "| | |", "|---|---|"]
        lines += [f"| {_md(entry.label)} | {_t(entry.readiness.value, lang)} |" for entry in item.readiness]
        lines += ["", f"### {_t('findings', lang)}", ""]
        if not item.results:
            lines.append(_md(_t("none", lang)))
        for concept, results in _groups(item):
            lines += [f"#### {_md(_group_title(concept, lang, item))}", ""]
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                lines.append(
                    f"- **{_t(result.severity.label, lang)}** {_md(result.message)} "
                    f"({_md(about)}; {_md(_source(result, lang))}; {_md(_marks(result, lang))})"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse}td{padding:.2em .8em;border-bottom:1px solid #ddd}"
    ".absent{color:#a00}.partial{color:#a60}.complete{color:#070}.not-recorded,.not-assessed{color:#666}"
    ".violation{color:#a00;font-weight:bold}.warning{color:#a60;font-weight:bold}.info{color:#046}"
    "li{margin:.4em 0}small{color:#666}"
)


def html(report: ValidationReport) -> str:
    """The report as a standalone HTML page (no scripts, no external resources; everything escaped)."""
    lang = report.lang
    esc = _html.escape
    parts = [
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">',
        f"<title>{esc(_t('title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>",
        f"<h1>{esc(_t('title', lang))}</h1>\n<p>{esc(_summary(report))}<br>{esc(categories_line(report))}</p>",
    ]
    for item in report.agreements:
        heading = short(item.agreement) + (f" ({item.label})" if item.label else "")
        parts.append(f"<section>\n<h2>{esc(_t('agreement', lang))}: {esc(heading)}</h2>")
        parts.append(f"<p>{esc(_kind(item, lang))}<br>{esc(world_line(item, lang))}</p>")
        parts.append(f"<h3>{esc(_t('readiness', lang))}</h3>\n<table>")
        for entry in item.readiness:
            state = entry.readiness.value
            parts.append(f'<tr><td>{esc(entry.label)}</td><td class="{state}">{esc(_t(state, lang))}</td></tr>')
        parts.append(f"</table>\n<h3>{esc(_t('findings', lang))}</h3>")
        if not item.results:
            parts.append(f"<p>{esc(_t('none', lang))}</p>")
        for concept, results in _groups(item):
            parts.append(f"<h4>{esc(_group_title(concept, lang, item))}</h4>\n<ul>")
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                severity = result.severity.label
                parts.append(
                    f'<li><span class="{severity}">{esc(_t(severity, lang))}</span> {esc(result.message)}<br>'
                    f"<small>{esc(about)}; {esc(_source(result, lang))}; {esc(_marks(result, lang))}</small></li>"
                )
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def shares_text(shares: Sequence[ReadinessShare], lang: str = "en") -> str:
    """The table "share of agreements that provide X" over the coded agreements, as plain text.

    Args:
        shares: the rows of :func:`smpgraph.validation.readiness.readiness_shares`.
        lang: the language of the headings.

    Returns:
        The table, one line per concept: provide (partial + complete) of total, the share in per cent,
        then complete, partial, absent and not assessed.
    """
    if not shares:
        return _t("noshares", lang) + "\n"
    width = max(len(row.label) for row in shares)
    levels = [Readiness.COMPLETE, Readiness.PARTIAL, Readiness.ABSENT, Readiness.NOT_ASSESSED]
    head = [_t(level.value, lang) for level in levels]
    lines = [
        _t("shares", lang).format(total=shares[0].total),
        f"{'':{width}}  {_t('provide', lang):>8}  {_t('share', lang):>7}  " + "  ".join(f"{h:>12}" for h in head),
    ]
    for row in shares:
        counts = (row.complete, row.partial, row.absent, row.not_assessed)
        lines.append(
            f"{row.label:{width}}  {row.provide:>8}  {float(row.share) * 100:6.1f}%  "
            + "  ".join(f"{count:>12}" for count in counts)
        )
    return "\n".join(lines) + "\n"
