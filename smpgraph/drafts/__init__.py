"""Draft agreements: read a draft SMP written in YAML, JSON-LD or Turtle into a graph.

The YAML form and its JSON-LD context are described in :mod:`smpgraph.drafts.schema`; the terms are those
of ``docs/design/vocabulary.md``.
"""

from smpgraph.drafts.context import CONTEXT_URL as CONTEXT_URL
from smpgraph.drafts.loader import load_draft as load_draft
from smpgraph.drafts.model import Draft as Draft
from smpgraph.drafts.model import DraftFormat as DraftFormat

__all__ = ["CONTEXT_URL", "Draft", "DraftFormat", "load_draft"]
