"""Per-language word lists loaded once from ``data/<lang>.json``."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("data")


@cache
def load(lang: str) -> dict[str, Any]:
    """Lexicon of one language (cached for the process lifetime)."""
    with open(_DATA / f"{lang}.json", encoding="utf-8") as fh:
        return json.load(fh)


def available() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in _DATA.glob("*.json")))


def alt(words: Any, flags: str = "") -> str:
    """Regex alternation of words, longest first so prefixes never shadow longer forms."""
    body = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))
    )
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def cased(words: Any) -> str:
    """Alternation accepting Titlecase and UPPERCASE forms only (proper nouns such as month names)."""
    forms = set()
    for w in words:
        forms.add(w[:1].upper() + w[1:])
        forms.add(w.upper())
    return alt(forms)
