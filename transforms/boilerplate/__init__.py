"""Boilerplate removal for article text: related-content blocks, promotion, credits, footers.

Public interface used by the pipeline: `strip_text`, `StripResult`, `line_signature`, `edge_lines`.
"""

from transforms.boilerplate.lines import EDGE_LINES, edge_lines, line_signature
from transforms.boilerplate.strip import StripResult, strip_text

__all__ = ["EDGE_LINES", "StripResult", "edge_lines", "line_signature", "strip_text"]
