"""Entry point: pick the language's compiled rules and return sorted, non-overlapping timexes."""

from __future__ import annotations

from datetime import date, datetime

from transforms.language import detect_language, language_code
from transforms.lexicon import available

from .calendar_math import local_day
from .engine import run
from .model import Timex

SUPPORTED = available()  # a language is supported when resources/<lang>/ exists


def tag(text: str, dct: date | datetime | None, language: str | None = "en") -> list[Timex]:
    """Find and normalise temporal expressions; relative ones resolve against ``dct``'s local day.

    ``dct`` as an aware datetime is read in its own offset (the local calendar day of the newsroom).
    With ``dct=None`` relative expressions keep unknown (X) parts: the wall clock is never consulted.
    ``language=None`` detects it (transforms/language.py). A language without resources (``sv``), and an
    undetermined one (``und``, or None detected), tags nothing: another language's rules would misread it.
    """
    if not text:
        return []
    day = local_day(dct)
    lang = detect_language(text) if language is None else language_code(language)
    if lang not in SUPPORTED:
        return []
    return run(text, day, lang)
