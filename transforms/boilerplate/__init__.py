"""Boilerplate removal for article text: related-content blocks, promotion, credits, footers.

Why it matters: every "Read also" headline left in a body becomes a false event with a plausible date.

How it decides: cue phrases and patterns per language live in ``cues/<lang>.json`` (adding a language is
adding a file) and are compiled once into matchers indexed by a line's first three characters. Cues of
all languages always apply (measured on the fixture corpus: no kept line lost, cross-language leaks
caught), so ``language`` may be None. A cue line alone takes the headline-like lines under it (list
markers, short lines without a full stop) up to the first real paragraph; everything after a cue near
the end of a document is usually headlines. Per-source repeated lines (signatures from `edge_lines`)
are removed only among the first/last `EDGE_LINES` non-empty lines. Every removed block is returned.

Public interface used by the pipeline: `strip_text`, `StripResult`, `line_signature`, `edge_lines`.
"""

from transforms.boilerplate.lines import EDGE_LINES, edge_lines, line_signature
from transforms.boilerplate.strip import StripResult, strip_text

__all__ = ["EDGE_LINES", "StripResult", "edge_lines", "line_signature", "strip_text"]
