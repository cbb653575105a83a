"""Shared helpers for the temporal tagger tests."""

from __future__ import annotations

from datetime import date

from transforms.temporal import Timex, tag

DCT = date(2025, 6, 26)  # a Thursday


def find(text: str, span: str, dct=DCT, language: str | None = "en") -> Timex:
    """The timex whose text is exactly ``span``; fails listing what was found instead."""
    found = tag(text, dct, language)
    for t in found:
        assert text[t.start : t.end] == t.text
        if t.text == span:
            return t
    raise AssertionError(f"{span!r} not tagged in {text!r}; got {[(t.text, t.type, t.value) for t in found]}")
