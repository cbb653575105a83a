"""Line-level helpers: signatures for per-source repeated-line learning and headline shape tests."""

from __future__ import annotations

import re
import unicodedata

EDGE_LINES = 3

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SIG_TABLE = str.maketrans(
    {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)

# A list marker opening a line: "- ", "• ", "* ", "1. ", "2) ", "► ".
LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·▪▫◦►▸▶›»>+]+|\d{1,2}[.)])\s+\S")
# A line that ends like a finished sentence (full stop or exclamation, optionally inside quotes/brackets).
SENTENCE_END = re.compile(r"(?<!\.\.)[.!][\"'”»)\]]*\s*$")
# A short date or time line under a listed headline ("26 June 2025, 14:05", "12:30", "26.06.2025").
DATELINE = re.compile(r"^(?=[^\n]*\d)[\w\s:.,/|()–—-]{1,40}$")
# A sentence boundary inside a line: ". Next" / "! Next" (but not "U.S. Army" or initials "J. Doe").
INNER_SENTENCE = re.compile(r"[^\s.]{2}[.!?][\"'”»)]*\s+[\"'“«(]?[A-ZА-ЯЁЇІЄҐÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻ]")


def line_signature(line: str) -> str:
    """Normal form of a line for counting it across documents of one source.

    Casefolded, NFKC, quotes and dashes unified, digit runs collapsed to ``0`` and whitespace collapsed,
    so "Subscribe to our channel! 12 May 2025" and "subscribe to our  channel! 3 June 2024" only differ in
    the month word, and daily slogans with dates or counters still repeat.
    """
    text = unicodedata.normalize("NFKC", line).casefold().translate(_SIG_TABLE)
    return _SPACES.sub(" ", _DIGITS.sub("0", text)).strip()


def edge_indices(lines: list[str], n: int = EDGE_LINES) -> list[int]:
    """Indices of the first ``n`` and last ``n`` non-empty lines, in document order, without duplicates."""
    if n <= 0:
        return []
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    if len(non_empty) <= 2 * n:
        return non_empty
    return non_empty[:n] + non_empty[-n:]


def edge_lines(text: str, n: int = EDGE_LINES) -> list[str]:
    """Signatures of the first/last ``n`` non-empty lines of a document, each once, in order.

    Each signature appears once per document, so counting documents per signature across a source is a
    plain ``Counter.update(set(...))`` or a count of (source, signature) pairs.
    """
    seen: set[str] = set()
    out: list[str] = []
    lines = text.split("\n")
    for i in edge_indices(lines, n):
        sig = line_signature(lines[i])
        if sig and sig not in seen:
            seen.add(sig)
            out.append(sig)
    return out


def word_count(line: str) -> int:
    return len(line.split())


HEADLINE, MAYBE, PARAGRAPH = 2, 1, 0


def headline_shape(line: str, *, marked_mode: bool) -> int:
    """How much a line after a related-content cue looks like a listed headline.

    HEADLINE: a list marker, a bare date/time line, or short without a final full stop. MAYBE: one short sentence with a full
    stop (a headline ending in an abbreviation, or a real closing sentence; the caller decides from the
    lines around it). PARAGRAPH otherwise. Once a list uses markers, an unmarked line is a paragraph.
    """
    stripped = line.strip()
    words = word_count(stripped)
    if LIST_MARKER.match(stripped):
        return HEADLINE if words <= 45 else PARAGRAPH
    if words <= 4 and DATELINE.match(stripped):
        return HEADLINE  # the date/time a listed headline was published, on its own line
    if marked_mode or words > 30 or stripped.endswith(":"):
        return PARAGRAPH
    if SENTENCE_END.search(stripped):
        return MAYBE if words <= 20 and not INNER_SENTENCE.search(stripped) else PARAGRAPH
    return HEADLINE


def is_title_case(line: str) -> bool:
    """Most longer words capitalised, as in English headline style ("Storm Hits Coastal Towns.")."""
    long_words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)
