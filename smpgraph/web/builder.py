"""The draft builder of the validation page: templates to download and a form generated from the draft schema.

``GET /validate/template/complete.yaml`` and ``minimal.yaml`` are the two templates (the complete example
draft of ``data/drafts/`` and ``data/templates/minimal.yaml``); with ``.json`` the same draft is read into
JSON so the form can start from it. ``GET /validate/form.json?lang=`` describes the form: its sections
(one per component or prerequisite, titled with the concept's label; the keys of
:data:`smpgraph.drafts.schema.AGREEMENT` are all placed by :data:`SECTIONS`), every key with what it
holds, and the code lists its pickers offer (countries, ISCO-08, EQF, CEFR, languages). The form itself is
``static/builder.js``; it validates through ``POST /api/v1/validate``, so the draft is never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from flask import Response, jsonify
from rdflib import Literal

from smpgraph.drafts.countries import ALPHA2_TO_ALPHA3
from smpgraph.drafts.schema import AGREEMENT, FieldSpec, ObjectSpec, ValueKind
from smpgraph.errors import ResourceNotFoundError
from smpgraph.i18n import translate
from smpgraph.namespaces import PREFIXES, SMP
from smpgraph.resources import resource_dir
from smpgraph.server.context import current_store
from smpgraph.store.base import SelectResult
from smpgraph.web.blueprint import bp, current_language
from smpgraph.web.terms import fetch_labels, pick_label

__all__ = ["DEFAULTS", "SECTIONS", "TEMPLATES", "form_description", "form_state", "plain", "template_path"]

#: section -> (the concept it serves, or None for the agreement's identity and its sources; its keys)
SECTIONS: Final[tuple[tuple[str, str | None, tuple[str, ...]], ...]] = (
    ("general", None, ("id", "partnership", "title", "description", "status", "scope", "startDate", "endDate",
                       "origin", "destination", "occupations")),
    ("state-cooperation", "FormalisedStateCooperation", ("instrument",)),
    ("stakeholders", "MultiStakeholderInvolvement", ("stakeholders",)),
    ("training", "Training", ("training",)),
    ("recognition", "SkillsRecognition", ("recognition",)),
    ("mobility", "MigrationMobility", ("mobility", "migrationCycleStages")),
    ("provisions", None, ("provisions",)),  # well-being, gender, local development, social aspects
    ("planning", "LongTermPlanning", ("planningHorizonYears", "sdgs", "gcmObjectives")),
    ("coherence", "MultiStakeholderPolicyCoherence", ("coordinationBody", "jointCommittee")),
    ("evidence", "EvidenceBasedPolicy", ("labourMarketAnalysis", "monitoringPlan", "participants")),
    ("costs", "CostReductionSharing", ("costs", "recruitmentFeesChargedToWorkers", "funds")),
    ("sources", None, ("sources",)),
)  # fmt: skip
#: what a new form starts with: the keys every draft needs to be read (a draft's status is draft)
DEFAULTS: Final = {"id": "partnership/my-draft", "partnership": "skillsMobilityPartnership", "status": "draft"}
#: template name -> its file under the bundled data
TEMPLATES: Final = {"complete": "drafts/complete.yaml", "minimal": "templates/minimal.yaml"}
_CEFR: Final = ("A1", "A2", "B1", "B2", "C1", "C2")
_COUNTRIES: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code ?label WHERE { ?country smp:isoAlpha2 ?code ; skos:prefLabel ?label }
"""
_ISCO: Final = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel ?label FILTER(STRSTARTS(STR(?concept), "http://data.europa.eu/esco/isco/C"))
}
"""


def template_path(name: str) -> Path:
    """The file of template ``name`` (``complete`` or ``minimal``).

    Raises:
        ResourceNotFoundError: no such template, or it is missing from this installation.
    """
    relative = TEMPLATES.get(name)
    if relative is None:
        raise ResourceNotFoundError(f"the templates are {', '.join(TEMPLATES)}, not {name!r}")
    path = resource_dir("data") / relative
    if not path.is_file():
        raise ResourceNotFoundError(f"the {name} template is missing from this installation")
    return path


def plain(value: Any) -> Any:
    """A parsed YAML value as JSON holds it (dates as YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def form_state(text: str) -> dict[str, Any] | None:
    """A YAML draft the builder wrote, read back so the form shows it again (None if it is no YAML mapping)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return plain(data) if isinstance(data, dict) else None


@bp.get("/validate/template/<name>.yaml")
def template_yaml(name: str) -> Response:
    """A template draft as a YAML attachment."""
    response = Response(template_path(name).read_bytes(), content_type="application/yaml; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-draft.yaml"'
    return response


@bp.get("/validate/template/<name>.json")
def template_json(name: str) -> Response:
    """A template draft read into JSON (for the form to start from)."""
    return jsonify(plain(yaml.safe_load(template_path(name).read_text(encoding="utf-8"))))


def _field(spec: FieldSpec, names: Mapping[str, str]) -> dict[str, Any]:
    described: dict[str, Any] = {"key": spec.key, "kind": spec.kind.name.lower(), "many": spec.many}
    if spec.codes:
        described["codes"] = _choices(spec.codes, names)
    if spec.obj is not None:
        described["object"] = _object(spec.obj, names)
    return described


def _object(spec: ObjectSpec, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": spec.name,
        "typeKey": spec.type_key,
        "kinds": _choices(spec.kinds, names),
        "scalarKind": spec.scalar_kind,
        "fields": [_field(field, names) for field in spec.fields],
    }


def _choices(codes: Mapping[str, str], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The words of a YAML key, each with the label of the concept it stands for (the word itself if none)."""
    return [(word, names.get(_expand(compact), word)) for word, compact in codes.items()]


def _expand(compact: str) -> str:
    prefix, _, local = compact.partition(":")
    return PREFIXES.get(prefix, prefix + ":") + local


def _code_iris(spec: ObjectSpec) -> set[str]:
    """The IRIs of every word the keys of ``spec`` (and of its nested mappings) take."""
    found = {_expand(compact) for compact in spec.kinds.values()}
    for field in spec.fields:
        found.update(_expand(compact) for compact in field.codes.values())
        if field.obj is not None:
            found |= _code_iris(field.obj)
    return found


def _countries(lang: str) -> list[tuple[str, str]]:
    result = current_store().query(_COUNTRIES)
    found: dict[str, list[Literal]] = {}
    if isinstance(result, SelectResult):
        for code, label in result.rows:
            if isinstance(label, Literal) and str(code) in ALPHA2_TO_ALPHA3:
                found.setdefault(str(code), []).append(label)
    names = {code: pick_label(labels, lang) or code for code, labels in found.items()}
    for alpha2 in ALPHA2_TO_ALPHA3:
        names.setdefault(alpha2, alpha2)
    return sorted(names.items(), key=lambda item: item[1].casefold())


def _isco(lang: str) -> list[tuple[str, str]]:
    result = current_store().query(_ISCO)
    found: dict[str, list[Literal]] = {}
    if isinstance(result, SelectResult):
        for concept, label in result.rows:
            if isinstance(label, Literal):
                found.setdefault(str(concept).rsplit("/C", 1)[-1], []).append(label)
    return sorted((code, pick_label(labels, lang) or code) for code, labels in found.items())


@cache
def _language_codes() -> tuple[str, ...]:
    """ISO 639-1 codes (from pycountry when installed, else a few common ones; the field takes any tag)."""
    try:
        import pycountry
    except ImportError:
        return ("ar", "de", "en", "es", "fr", "it", "ja", "nl", "pt")
    return tuple(sorted(str(item.alpha_2) for item in pycountry.languages if hasattr(item, "alpha_2")))


def form_description(lang: str) -> dict[str, Any]:
    """The form of the draft builder in ``lang``: sections, keys, code lists and the words the form shows."""
    concepts = [str(SMP[concept]) for _, concept, _ in SECTIONS if concept]
    labels = fetch_labels(current_store(), [*concepts, *_code_iris(AGREEMENT)], lang)
    sections = []
    for name, concept, keys in SECTIONS:
        title = labels.get(str(SMP[concept]), concept) if concept else translate(f"builder.section.{name}", lang)
        fields = [_field(spec, labels) for spec in AGREEMENT.fields if spec.key in keys]
        if AGREEMENT.type_key in keys:
            kinds = _choices(AGREEMENT.kinds, labels)
            fields.insert(1, {"key": AGREEMENT.type_key, "kind": "code", "many": False, "codes": kinds})
        sections.append({"name": name, "title": title, "fields": fields})
    words = {kind.name.lower(): translate(f"builder.kind.{kind.name.lower()}", lang) for kind in ValueKind}
    ui = ("add", "remove", "none", "choose", "one_per_line", "several", "absent", "findings", "no_findings", "error",
          "summary", "download_name")  # fmt: skip
    words.update({f"ui.{key}": translate(f"builder.{key}", lang) for key in ui})
    words.update({f"severity.{name}": translate(f"severity.{name}", lang) for name in ("violation", "warning", "info")})
    words["ui.yaml_hint"] = translate("validate.yaml_hint", lang)
    return {
        "sections": sections,
        "defaults": DEFAULTS,
        "lists": {
            "country": _countries(lang),
            "isco": _isco(lang),
            "eqf": [(str(level), translate("builder.eqf", lang, n=level)) for level in range(1, 9)],
            "cefr": [(level, level) for level in _CEFR],
            "language": [(code, code) for code in _language_codes()],
        },
        "words": words,
    }


@bp.get("/validate/form.json")
def form_json() -> Response:
    """The description of the draft builder's form, in the page's language."""
    response = jsonify(form_description(current_language()))
    response.headers.add("Vary", "Accept-Language")
    response.headers.add("Vary", "Cookie")
    return response
