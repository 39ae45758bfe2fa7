"""Fuzzing load_draft: it succeeds or raises an smpgraph input error, never anything else, never hangs."""

from __future__ import annotations

import string
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smpgraph.drafts import DraftFormat, load_draft
from smpgraph.errors import DraftError, RdfSyntaxError, UnsupportedFormatError

EXPECTED = (DraftError, RdfSyntaxError, UnsupportedFormatError)
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "id", "partnership", "title", "status", "origin", "destination", "stakeholders", "organisation", "country",
    "role", "training", "location", "occupation", "durationMonths", "recognition", "kind", "mobility", "costs",
    "payer", "share", "provisions", "sdgs", "gcmObjectives", "participants", "sex", "count", "type", "unknown",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(["MA", "BE", "XK", "NO", "draft", "origin", "2221", "0110", "8.10", "gender", "org/example-a",
                     "partnership/x", "migrantWorkers", "true", "B1", "", "~", "*a", "&a x", "!!str"]),
    st.integers(-5, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
)  # fmt: skip
MAPPINGS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=25,
)


def _check(source: Any, **options: Any) -> None:
    try:
        draft = load_draft(source, **options)
    except EXPECTED:
        return
    assert draft.agreements


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_only_raises_input_errors(text: str) -> None:
    _check(text)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_only_raise_input_errors(data: bytes) -> None:
    _check(data)


@FUZZ
@given(st.text(max_size=300), st.sampled_from(list(DraftFormat)))
def test_arbitrary_text_in_each_format_only_raises_input_errors(text: str, draft_format: DraftFormat) -> None:
    _check(text, format=draft_format)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), MAPPINGS, max_size=8), st.booleans())
def test_arbitrary_yaml_mappings_only_raise_input_errors(mapping: dict[str, Any], with_id: bool) -> None:
    if with_id:
        mapping = {"id": "partnership/fuzz", **mapping}
    text = yaml.safe_dump(mapping, allow_unicode=True)
    _check(text, format=DraftFormat.YAML)


@FUZZ
@given(st.text(alphabet=string.printable, max_size=300))
def test_yamlish_text_with_a_valid_head_only_raises_input_errors(tail: str) -> None:
    _check("id: partnership/fuzz\nstatus: draft\n" + tail, format=DraftFormat.YAML)


@FUZZ
@given(st.text(alphabet='{}[]":,@ \n0123456789abcdeftrunl', max_size=200))
def test_jsonish_text_only_raises_input_errors(text: str) -> None:
    _check(text, format=DraftFormat.JSON_LD)


def test_deep_nesting_is_an_input_error_not_a_crash() -> None:
    for text, draft_format in (
        ("[" * 5000, DraftFormat.YAML),
        ("[" * 5000 + "]" * 5000, DraftFormat.JSON_LD),
        ("@prefix : <http://x/> . :a :b " + "(" * 5000 + ")" * 5000 + " .", DraftFormat.TURTLE),
    ):
        _check(text, format=draft_format)
