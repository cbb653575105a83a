"""Property tests: tag never raises and always returns sorted, disjoint, in-bounds spans."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.temporal import tag

TOKENS = [
    "June",
    "May",
    "march",
    "24",
    "2025",
    "1990s",
    "'90s",
    "Q2",
    "the",
    "last",
    "next",
    "this",
    "week",
    "year",
    "years",
    "ago",
    "three",
    "over",
    "for",
    "every",
    "Monday",
    "Tuesday",
    "morning",
    "3",
    "p.m.",
    "GMT",
    ":",
    "-",
    "/",
    ".",
    ",",
    "mid-",
    "early",
    "late",
    "quarter",
    "second",
    "half",
    "of",
    "today",
    "yesterday",
    "now",
    "2,000",
    "$",
    "Article",
    "Boeing",
    "737",
    "червня",
    "вчора",
    "июня",
    "Juni",
    "gestern",
    "junio",
    "juin",
    "24.06.2025",
    "2025-06-24",
    "T15:00",
    "century",
    "20th",
    "nineteen",
    "ninety-six",
    "fiscal",
    "\n",
    "  ",
]
DCTS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
LANGS = st.sampled_from(["en", None, "uk", "ru", "de", "es", "fr", "xx"])


def _check(text: str, dct, lang) -> None:
    found = tag(text, dct, lang)
    prev_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= prev_end
        prev_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        t.interval()


@settings(max_examples=300, deadline=None)
@given(st.text(), DCTS, LANGS)
def test_arbitrary_text(text: str, dct, lang) -> None:
    _check(text, dct, lang)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(TOKENS), max_size=25),
    st.lists(st.sampled_from([" ", "", ", "]), max_size=25),
    DCTS,
    LANGS,
)
def test_dateish_token_soup(tokens: list[str], seps: list[str], dct, lang) -> None:
    text = "".join(t + (seps[i] if i < len(seps) else " ") for i, t in enumerate(tokens))
    _check(text, dct, lang)
