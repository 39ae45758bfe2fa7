"""OWL 2 RL reasoning: the inferred triples of ontology + data, and the inconsistencies they reveal.

Issue 2, item 3: the closure is materialised into its own named graph, so asserted and inferred triples
stay apart. This package computes it; the store decides where it goes.
"""

from smpgraph.reasoning.closure import DEFAULT_ENGINE as DEFAULT_ENGINE
from smpgraph.reasoning.closure import Inferences as Inferences
from smpgraph.reasoning.closure import LineInferences as LineInferences
from smpgraph.reasoning.closure import ReasoningEngine as ReasoningEngine
from smpgraph.reasoning.closure import compute_inferences as compute_inferences
from smpgraph.reasoning.closure import compute_inferences_from_file as compute_inferences_from_file
from smpgraph.reasoning.closure import filter_inferences as filter_inferences
from smpgraph.reasoning.closure import infer_lines_from_file as infer_lines_from_file
from smpgraph.reasoning.closure import ntriples_lines as ntriples_lines
from smpgraph.reasoning.consistency import Inconsistency as Inconsistency
from smpgraph.reasoning.consistency import InconsistencyRule as InconsistencyRule
from smpgraph.reasoning.consistency import check_consistency as check_consistency

__all__ = [
    "DEFAULT_ENGINE",
    "Inconsistency",
    "InconsistencyRule",
    "Inferences",
    "LineInferences",
    "ReasoningEngine",
    "check_consistency",
    "compute_inferences",
    "compute_inferences_from_file",
    "filter_inferences",
    "infer_lines_from_file",
    "ntriples_lines",
]
