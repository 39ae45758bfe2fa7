"""Read the YAML form of a draft agreement and turn it into a JSON-LD document.

The YAML is composed into nodes (never constructed into Python objects, so no tag can build one), with a
small budget of aliases against billion-laughs documents. Each node is checked against
:mod:`smpgraph.drafts.schema`: an unknown key, a value of the wrong kind, an unknown code, country or ISCO
code is a :class:`~smpgraph.errors.DraftError` naming it and its line. Fact nodes get deterministic IRIs
under the agreement (``{agreement}/membership/1``, ...) so that a YAML draft and its Turtle twin give the
same graph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from smpgraph.drafts.codes import isco_codes
from smpgraph.drafts.context import bundled_context, country_iri
from smpgraph.drafts.schema import AGREEMENT, FieldSpec, ObjectSpec, ValueKind
from smpgraph.errors import DraftError

#: most alias uses (``*name``) a draft may contain; drafts need none, so this stays small
MAX_ALIASES: Final = 20
#: most YAML nodes a draft may hold (aliases counted each time they are used)
MAX_NODES: Final = 20_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
_AGREEMENT_ID = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")
_ORG_REF = re.compile(r"org/[a-z0-9][a-z0-9._-]*")
_WEB_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_INTEGER = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CEFR: Final = frozenset({"A1", "A2", "B1", "B2", "C1", "C2"})
_SDG = re.compile(r"([1-9]|1[0-7])(\.([1-9][0-9]?|[a-c]))?")


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that counts alias uses and nodes while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.node_count = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise DraftError(f"{self.name}:{mark.line + 1}: more than {MAX_ALIASES} YAML aliases")
        self.node_count += 1
        if self.node_count > MAX_NODES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise DraftError(f"{self.name}:{mark.line + 1}: draft too large (more than {MAX_NODES} YAML nodes)")
        return super().compose_node(parent, index)


def compose_yaml(text: str, source: str) -> Node | None:
    """Compose YAML text into a node tree, safely.

    Args:
        text: the YAML text.
        source: its name, for messages.

    Returns:
        The root node, or ``None`` for an empty document.

    Raises:
        DraftError: the text is not YAML (with line and column), holds more than one document, or too many
            aliases or nodes.
    """
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)
        loader.name = source
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = "" if mark is None else f":{mark.line + 1}:{mark.column + 1}"
        problem = exc.problem or exc.context or "malformed YAML"
        raise DraftError(f"{source}{where}: YAML does not parse: {problem}") from exc
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise DraftError(
            f"{source}:{line}: YAML does not parse: character #x{exc.character:04x} is not allowed"
        ) from exc
    except yaml.YAMLError as exc:
        raise DraftError(f"{source}: YAML does not parse: {exc}") from exc
    finally:
        if loader is not None:
            loader.dispose()


def _node_kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "list"
    if isinstance(node, MappingNode):
        return "mapping"
    return "single value"


class _Converter:
    """Turns the checked node tree into a JSON-LD document; one instance per draft."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.counters: Counter[str] = Counter()
        self.agreement = ""

    def fail(self, node: Node, message: str) -> DraftError:
        mark = node.start_mark
        return DraftError(f"{self.source}:{mark.line + 1}: {message}")

    def convert(self, root: Node) -> dict[str, Any]:
        if not isinstance(root, MappingNode):
            raise self.fail(root, "no agreement found: a YAML draft is a mapping with an `id:` key")
        pairs = self.pairs(root, AGREEMENT)
        id_node = pairs.get("id")
        if id_node is None:
            raise self.fail(root, "no agreement found: required key 'id' is missing (e.g. id: partnership/my-draft)")
        self.agreement = self.agreement_id(id_node[1])
        document: dict[str, Any] = {"@context": bundled_context(), "@id": self.agreement}
        document.update(self.fields(root, AGREEMENT, pairs, skip=("id",)))
        return document

    def agreement_id(self, node: Node) -> str:
        value = self.scalar(node, "id")
        if _WEB_IRI.fullmatch(value) or _AGREEMENT_ID.fullmatch(value):
            return value
        raise self.fail(node, f"id {value!r} is not a path such as partnership/my-draft nor an http(s) IRI")

    def pairs(self, node: MappingNode, spec: ObjectSpec) -> dict[str, tuple[Node, Node]]:
        found: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise self.fail(key_node, f"keys of a {spec.name} must be plain words")
            key = str(key_node.value)
            if key not in spec.keys:
                allowed = ", ".join(sorted(spec.keys))
                raise self.fail(key_node, f"unknown key {key!r} in {spec.name} (allowed: {allowed})")
            if key in found:
                raise self.fail(key_node, f"duplicate key {key!r} in {spec.name}")
            found[key] = (key_node, value_node)
        return found

    def fields(
        self, node: MappingNode, spec: ObjectSpec, pairs: dict[str, tuple[Node, Node]], *, skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if spec.type_key and spec.type_key in pairs:
            type_node = pairs[spec.type_key][1]
            result[spec.type_key] = self.code(type_node, spec.type_key, spec.kinds)
        else:
            result["@type"] = spec.default_type
        for key, (_, value_node) in pairs.items():
            if key in skip or key == spec.type_key:
                continue
            field_spec = spec.field_named(key)
            if field_spec is None:  # pragma: no cover - pairs() checked the keys
                raise self.fail(value_node, f"unknown key {key!r}")
            result[key] = self.value(value_node, field_spec)
        return result

    def value(self, node: Node, spec: FieldSpec) -> Any:
        if isinstance(node, SequenceNode):
            if not spec.many:
                raise self.fail(node, f"{spec.key!r} takes one {spec.kind.value}, not a list")
            if not node.value:
                raise self.fail(node, f"{spec.key!r} is an empty list; leave the key out instead")
            return [self.single(item, spec) for item in node.value]
        return self.single(node, spec)

    def single(self, node: Node, spec: FieldSpec) -> Any:
        if spec.kind is ValueKind.OBJECT and spec.obj is not None:
            return self.node_object(node, spec, spec.obj)
        text = self.scalar(node, spec.key)
        return self.scalar_value(node, text, spec)

    def scalar(self, node: Node, key: str) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"{key!r} takes a single value here, not a {_node_kind(node)}")
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed in a draft")
        if node.tag == f"{_TAG}null":
            raise self.fail(node, f"{key!r} has no value")
        return str(node.value)

    def code(self, node: Node, key: str, codes: Mapping[str, str]) -> str:
        text = self.scalar(node, key)
        if text not in codes:
            raise self.fail(node, f"unknown {key} {text!r} (allowed: {', '.join(codes)})")
        return text

    def scalar_value(self, node: Node, text: str, spec: FieldSpec) -> Any:
        kind, key = spec.kind, spec.key
        if kind in (ValueKind.TEXT, ValueKind.TEXT_EN):
            return text
        if kind is ValueKind.CODE:
            return self.code(node, key, spec.codes)
        if kind is ValueKind.COUNTRY:
            return self.country(node, text)
        if kind is ValueKind.AGENT:
            if text in spec.codes:
                return text
            if _COUNTRY.fullmatch(text):
                return self.country(node, text)
            if _ORG_REF.fullmatch(text) or _WEB_IRI.fullmatch(text):
                return text
            raise self.fail(node, f"{key!r}: {text!r} is not a country code, org/<slug> nor an http(s) IRI")
        if kind is ValueKind.INTEGER:
            if not _INTEGER.fullmatch(text):
                raise self.fail(node, f"{key!r} must be an integer, not {text!r}")
            return int(text)
        if kind is ValueKind.DECIMAL:
            return self.decimal(node, text, key)
        if kind is ValueKind.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise self.fail(node, f"{key!r} must be true or false, not {text!r}")
            return text.lower() == "true"
        if kind is ValueKind.DATE:
            try:
                date.fromisoformat(text)
            except ValueError:
                valid = False
            else:
                valid = bool(_DATE.fullmatch(text))
            if not valid:
                raise self.fail(node, f"{key!r} must be a date YYYY-MM-DD, not {text!r}")
            return text
        if kind is ValueKind.LANGUAGE:
            if not _LANGUAGE.fullmatch(text):
                raise self.fail(node, f"{key!r} must be a language tag such as de or fr, not {text!r}")
            return text
        if kind is ValueKind.ISCO:
            return self.isco(node, text)
        if kind is ValueKind.EQF:
            if text not in {str(level) for level in range(1, 9)}:
                raise self.fail(node, f"unknown EQF level {text!r} (1-8)")
            return text
        if kind is ValueKind.CEFR:
            if text not in _CEFR:
                raise self.fail(node, f"unknown CEFR level {text!r} (A1, A2, B1, B2, C1, C2)")
            return text
        if kind is ValueKind.SDG:
            if isinstance(node, ScalarNode) and node.tag == f"{_TAG}float":
                raise self.fail(node, f"write the SDG target {text} in quotes ('{text}') so that 8.10 stays 8.10")
            if not _SDG.fullmatch(text):
                raise self.fail(node, f"unknown SDG goal or target {text!r}")
            return text
        if kind is ValueKind.GCM:
            if text not in {str(number) for number in range(1, 24)}:
                raise self.fail(node, f"unknown GCM objective {text!r} (1-23)")
            return text
        if kind is ValueKind.WEB_IRI:
            if not _WEB_IRI.fullmatch(text):
                raise self.fail(node, f"{key!r} must be an http(s) address, not {text!r}")
            return text
        raise self.fail(node, f"{key!r} takes a mapping")

    def decimal(self, node: Node, text: str, key: str) -> str:
        if not _DECIMAL.fullmatch(text):
            raise self.fail(node, f"{key!r} must be a number, not {text!r}")
        try:
            return str(Decimal(text))
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
            raise self.fail(node, f"{key!r} must be a number, not {text!r}") from exc

    def country(self, node: Node, text: str) -> str:
        if country_iri(text) is None:
            raise self.fail(node, f"unknown country code {text!r} (use ISO 3166 alpha-2, e.g. MA, BE, XK)")
        return text

    def isco(self, node: Node, text: str) -> str:
        known = isco_codes()
        if not re.fullmatch(r"[0-9]{1,4}", text) or (known is not None and text not in known):
            raise self.fail(node, f"unknown ISCO-08 code {text!r}")
        return text

    def node_object(self, node: Node, spec: FieldSpec, obj: ObjectSpec) -> Any:
        if isinstance(node, ScalarNode) and not obj.slug:
            # an organisation named by reference
            return self.scalar_value(node, self.scalar(node, spec.key), FieldSpec(spec.key, "", ValueKind.AGENT))
        if isinstance(node, ScalarNode) and obj.scalar_kind and obj.type_key:
            self.counters[obj.slug] += 1
            minted = f"{self.agreement}/{obj.slug}/{self.counters[obj.slug]}"
            return {"@id": minted, obj.type_key: self.code(node, spec.key, obj.kinds)}
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{spec.key!r} takes a mapping ({obj.name}), not a {_node_kind(node)}")
        pairs = self.pairs(node, obj)
        result: dict[str, Any] = {}
        if obj.slug:
            self.counters[obj.slug] += 1
            result["@id"] = f"{self.agreement}/{obj.slug}/{self.counters[obj.slug]}"
            result.update(self.fields(node, obj, pairs))
        else:
            if "id" not in pairs:
                raise self.fail(node, f"an {obj.name} given as a mapping needs an 'id' (e.g. org/my-agency)")
            result.update(self.fields(node, obj, pairs))
        if not pairs and not obj.scalar_kind:
            raise self.fail(node, f"{spec.key!r} is empty")
        return result


def yaml_to_jsonld(text: str, source: str) -> dict[str, Any]:
    """Check a YAML draft and turn it into a JSON-LD document with the bundled context inline.

    Args:
        text: the YAML text.
        source: the draft's name, for messages.

    Returns:
        The JSON-LD document.

    Raises:
        DraftError: the YAML does not parse, is empty, or breaks the YAML form (unknown key, unknown code,
            value of the wrong kind); the message names the line.
    """
    root = compose_yaml(text, source)
    if root is None:
        raise DraftError(f"{source}: no agreement found: the YAML document is empty")
    return _Converter(source).convert(root)
