"""Remove boilerplate lines and related-content blocks from plain article text.

Decisions are made per line from the cue data (see `cues`), then block structure: a related-content
cue line takes the headline-like lines under it with it. Every removed block is returned verbatim so
nothing is lost and each decision can be audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.boilerplate.cues import CueSet, available_languages, compile_cues, normalise
from transforms.boilerplate.lines import (
    EDGE_LINES,
    HEADLINE,
    MAYBE,
    PARAGRAPH,
    edge_indices,
    headline_shape,
    is_title_case,
    line_signature,
    word_count,
)
from transforms.language import language_code

# Which languages' cues apply. Measured on the fixture corpus (benchmarks/boilerplate_eval.py --fixtures):
# applying every language always loses no kept line and catches cross-language cues (a Ukrainian site with
# Russian "Читайте также", an English wire story with a German footer), so `language` does not narrow it.
CUE_POLICY = "all"

_LEAD = re.compile(r"^[\W_]+")
_SOCIAL_SPLIT = re.compile(r"[\s|,/·•]+")

KEEP, CUE, INLINE, PROMO, CREDIT, COPYRIGHT, SOCIAL = (
    "keep",
    "cue",
    "inline",
    "promo",
    "credit",
    "copyright",
    "social",
)
MAX_PROMO_WORDS = 25
MAX_CREDIT_WORDS = 20
MAX_CAPTION_WORDS = 45
MAX_INLINE_WORDS = 40
MAX_COPYRIGHT_WORDS = 30


@dataclass(frozen=True)
class StripResult:
    """Text with boilerplate removed, and each removed block as its original text, in document order."""

    body: str
    removed: list[str] = field(default_factory=list)


def cues_for(language: str | None) -> CueSet:
    """The compiled cue set used for ``language`` under `CUE_POLICY`."""
    return _cues_for(CUE_POLICY, language)


@lru_cache(maxsize=64)
def _cues_for(policy: str, language: str | None) -> CueSet:
    everything = available_languages()
    if policy == "all" or language is None:
        return compile_cues(everything)
    lang = language_code(language)
    return compile_cues(tuple(sorted({lang, "en"} & set(everything))) or everything)


def classify(line: str, cues: CueSet) -> str | None:
    """Kind of boilerplate a single line is on its own (None for content); block logic comes later."""
    stripped = line.strip()
    if not stripped:
        return None
    words = word_count(stripped)
    if words > MAX_CAPTION_WORDS:  # longer than any boilerplate kind allows: a paragraph
        return None
    core = " ".join(normalise(_LEAD.sub("", stripped)).split())
    if core.startswith(cues.keep):
        return KEEP
    rules = cues.by_prefix.get(core[:3])
    if rules is not None:
        if rules.alone is not None and rules.alone.match(core):
            return CUE
        if rules.inline is not None and words <= MAX_INLINE_WORDS and rules.inline.match(core):
            return INLINE
        if rules.bare is not None and words <= MAX_INLINE_WORDS and _caps_cue(stripped, core, rules.bare):
            return INLINE
        if rules.promo is not None and words <= MAX_PROMO_WORDS and rules.promo.match(core):
            return PROMO
        if rules.credit is not None and words <= MAX_CREDIT_WORDS and rules.credit.match(core):
            return CREDIT
        if rules.copyright is not None and words <= MAX_COPYRIGHT_WORDS and rules.copyright.match(core):
            return COPYRIGHT
    if words <= MAX_COPYRIGHT_WORDS and ("©" in stripped or _has_copyright(core, cues)):
        return COPYRIGHT
    if words <= 12 and cues.credit_lines is not None and cues.credit_lines.match(core):
        return CREDIT
    if words <= MAX_CAPTION_WORDS and cues.caption is not None:
        colon = core.rfind(":")
        if colon > 0 and len(core) - colon <= 82 and cues.caption.search(core, max(0, colon - 60)):
            return CREDIT
    if words <= 8:
        tokens = [tok for tok in _SOCIAL_SPLIT.split(core) if tok]
        if tokens and all(tok in cues.social for tok in tokens):
            return SOCIAL
    return None


def is_cue_line(line: str, cues: CueSet) -> bool:
    """Whether a line is a related-content cue standing alone: the cheap test for many short strings."""
    head = _LEAD.sub("", line[:200].lstrip())
    rules = cues.by_prefix.get(normalise(head[:3]))
    if rules is None or rules.alone is None:
        return False
    return rules.alone.match(" ".join(normalise(head).split())) is not None and classify(line, cues) == CUE


def _caps_cue(stripped: str, core: str, bare: re.Pattern[str]) -> bool:
    """ "READ MORE Parliament to vote on budget": a cue set off by capitals instead of a colon."""
    m = bare.match(core)
    if m is None:
        return False
    n = len(core[: m.start(1)].split())
    original = _LEAD.sub("", stripped).split()
    if len(original) <= n or not all(w.isupper() for w in original[:n]) or original[n].isupper():
        return False
    return original[n][0].isupper() or original[n][0].isdigit()


def _has_copyright(core: str, cues: CueSet) -> bool:
    if cues.copyright is None or not any(anchor in core for anchor in cues.copyright_anchors):
        return False
    return cues.copyright.search(core) is not None


def _is_footer(line: str, cues: CueSet) -> bool:
    core = " ".join(normalise(_LEAD.sub("", line.strip())).split())
    rules = cues.by_prefix.get(core[:3])
    return (
        rules is not None
        and rules.footer is not None
        and word_count(core) <= MAX_PROMO_WORDS
        and rules.footer.match(core) is not None
    )


def _block_lines(lines: list[str], kinds: list[str | None], start: int) -> list[int]:
    """Indices of the related-content block opened by the cue line at ``start`` (cue included).

    Lines that are boilerplate of another kind (an ad label inside the list) neither end the block nor
    join it: they are removed on their own account. Blank lines between headlines belong to the block.
    A short sentence with a full stop joins only when a clear headline follows it, or when it is in
    headline title case and everything up to the end of the document is headlines.
    """
    candidates = [
        i for i in range(start + 1, len(lines)) if lines[i].strip() and kinds[i] in (None, KEEP, CUE)
    ]
    if not candidates:
        return [start]
    marked = headline_shape(lines[candidates[0]], marked_mode=True) == HEADLINE
    shapes = [
        headline_shape(lines[i], marked_mode=marked) if kinds[i] is None else PARAGRAPH for i in candidates
    ]
    sandwiched = [
        s == MAYBE and k + 1 < len(shapes) and shapes[k + 1] == HEADLINE for k, s in enumerate(shapes)
    ]
    # The end of a document after a cue line is usually all headlines.
    tail = all(
        s == HEADLINE or sandwiched[k] or (s == MAYBE and is_title_case(lines[candidates[k]]))
        for k, s in enumerate(shapes)
    )
    taken = [start]
    for k, i in enumerate(candidates):
        title_ok = tail and shapes[k] == MAYBE and is_title_case(lines[i])
        if not (shapes[k] == HEADLINE or sandwiched[k] or title_ok):
            break
        taken.append(i)
    last = taken[-1]
    taken_set = set(taken)
    return [
        i for i in range(start, last + 1) if i in taken_set or (not lines[i].strip() and kinds[i] is None)
    ]


def strip_text(text: str, language: str | None = None, repeated: frozenset[str] = frozenset()) -> StripResult:
    """Remove related-content blocks, promotion, credits, footers and per-source repeated edge lines.

    ``repeated`` holds `line_signature` values learned per source; they are removed only among the first
    and last `EDGE_LINES` non-empty lines, never from the middle of a story.
    """
    if not text:
        return StripResult(text, [])
    cues = cues_for(language)
    lines = text.split("\n")
    kinds = [classify(line, cues) for line in lines]
    block_of: list[int | None] = [None] * len(lines)
    next_block = 0

    def mark(indices: list[int]) -> None:
        nonlocal next_block
        for j in indices:
            block_of[j] = next_block
        next_block += 1

    if repeated:
        for i in edge_indices(lines, EDGE_LINES):
            if kinds[i] != KEEP and line_signature(lines[i]) in repeated:
                kinds[i] = "repeated"
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind == CUE:
            block = _block_lines(lines, kinds, i)
            mark(block)
            for j in range(i + 1, block[-1] + 1):
                if block_of[j] is None and kinds[j] not in (None, KEEP):
                    mark([j])
            i = block[-1] + 1
            continue
        if kind is not None and kind != KEEP:
            mark([i])
        i += 1
    # Source footers count only as the last lines of the document.
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip() or block_of[i] is not None:
            continue
        if kinds[i] == KEEP or not _is_footer(lines[i], cues):
            break
        mark([i])
    if next_block == 0:
        return StripResult(text, [])
    return StripResult(_assemble(lines, block_of), _removed_blocks(lines, block_of))


def _removed_blocks(lines: list[str], block_of: list[int | None]) -> list[str]:
    spans: dict[int, list[int]] = {}
    for i, block in enumerate(block_of):
        if block is not None:
            spans.setdefault(block, []).append(i)
    ordered = sorted(spans.values(), key=lambda idx: idx[0])
    out = []
    for idx in ordered:
        out.append("\n".join(lines[j] for j in idx).strip("\r\n"))
    return out


def _assemble(lines: list[str], block_of: list[int | None]) -> str:
    """Join the kept lines, dropping blank lines that only separated removed blocks."""
    out: list[str] = []
    after_removal = False
    for line, block in zip(lines, block_of, strict=True):
        if block is not None:
            after_removal = True
            continue
        if not line.strip() and after_removal and (not out or not out[-1].strip()):
            continue
        out.append(line)
        after_removal = False
    ends_with_newline = lines[-1] == ""
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out) + ("\n" if ends_with_newline and out else "")
