"""The word-by-word tense reader must give the verdicts of the reference cue regex it replaced."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.temporal.engine import compiled

# The reader is configured by the [tense] section of resources/en/rules.toml; this regex is the
# reference definition of the English cues it must agree with: a past form after "be"/"is" is a
# participle (group n, no cue; after "is" it still ends a backward walk; after "to be" it belongs to
# the future cue: "to be said"), "is"/"are"/"am" end a
# backward walk (group c: cues before them belong to another clause).
_PAST = (
    r"(?:said|says|say|told|was|were|had|has|have|did|ago|last|earlier|since|reported|announced"
    r"|(?!(?:scheduled|planned|expected|needed|indeed|united|hundred|based)\b)(?-i:[a-z]\w{2,}ed))"
)
_CUE = re.compile(
    r"(?i)\b(?:(?P<f>will|won't|wo|shall|'ll|going\s+to|plans?\s+to|planned|planning|expects?|expected|to\s+be(?:[ \n]+"
    + _PAST
    + r")?|scheduled|is\s+expected|are\s+expected|due\s+(?:to|on|in)|set\s+(?:to|for)|to\s+be\s+held|would|upcoming|next|intends?|aims?\s+to|hopes?\s+to|is\s+to|are\s+to|starting|beginning|as\s+soon\s+as|as\s+early\s+as)"
    r"|(?P<n>(?:be|being|is|are|am)[ \n]+" + _PAST + r")"
    r"|(?P<c>is|are|am)"
    r"|(?P<p>" + _PAST + r"))\b"
)
_cues = compiled("en").tense.cues

WORDS = [
    "will",
    "won't",
    "they'll",
    "shall",
    "going",
    "to",
    "plans",
    "plan",
    "is",
    "are",
    "expected",
    "due",
    "on",
    "in",
    "set",
    "for",
    "be",
    "held",
    "as",
    "soon",
    "early",
    "said",
    "Said",
    "was",
    "has",
    "ago",
    "last",
    "closed",
    "Closed",
    "needed",
    "united",
    "based",
    "scheduled",
    "rallied",
    "fed",
    "the",
    "minister",
    "next",
    "would",
    "starting",
    "aims",
    "hopes",
    "talks",
    "vote",
    ",",
    ".",
    "'",
    "it's",
    "O'Neill",
]


def _reference(window: str, first: bool) -> int:
    found = []
    for m in _CUE.finditer(window):
        kind = m.lastgroup
        if kind == "n":  # "is closed" ends a backward walk like "is"; "be closed" is nothing
            kind = "c" if not m.group().lower().startswith("be") else None
        if kind and not (first and kind == "c"):
            found.append(kind)
    if not found:
        return 0
    pick = found[0] if first else found[-1]
    return 0 if pick == "c" else 1 if pick == "f" else -1


@pytest.mark.parametrize(
    ("window", "last", "first"),
    [
        ("The minister said the talks", -1, -1),
        ("The union said it will strike", 1, -1),
        ("Officials are expected to vote", 1, 1),
        ("Prices rallied and are due to", 1, -1),
        ("the board, which needed", 0, 0),
        ("they'll meet as soon as", 1, 1),
        ("O'Neill closed the plant", -1, -1),
        ("Closed since", -1, -1),
        ("The plant will be closed", 1, 1),
        ("The board said the record date is", 0, -1),
        ("Shares rallied; the deal is completed", 0, -1),
        ("going ' to", 0, 0),
        ("to be said", 1, 1),
    ],
)
def test_cue_examples(window: str, last: int, first: int) -> None:
    assert (_cues(window, False), _cues(window, True)) == (last, first)
    assert (_reference(window, False), _reference(window, True)) == (last, first)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "  ", "\n"]))
def test_same_verdicts_as_reference_regex(words: list[str], sep: str) -> None:
    window = sep.join(words)
    assert _cues(window, False) == _reference(window, False)
    assert _cues(window, True) == _reference(window, True)
