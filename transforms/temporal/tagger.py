"""Entry point: pick the language rule set and return sorted, non-overlapping timexes."""

from __future__ import annotations

from datetime import date, datetime

from .calendar_math import local_day
from .english import tag_en
from .model import Timex

SUPPORTED = ("en",)


def tag(text: str, dct: date | datetime | None, language: str | None = "en") -> list[Timex]:
    """Find and normalise temporal expressions; relative ones resolve against ``dct``'s local day.

    With ``dct=None`` relative expressions keep unknown (X) parts: the wall clock is never consulted.
    """
    if not text:
        return []
    day = local_day(dct)
    return tag_en(text, day)
