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


def _trie_regex(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        body = body if len(branches) > 1 else f"(?:{body})"
        return body + "?"
    return body


def alt(words: Any, flags: str = "") -> str:
    """Regex alternation of words as a trie, so matching costs one branch per character, longest first."""
    root: dict = {}
    for w in set(words):
        node = root
        for ch in " ".join(w.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _trie_regex(root)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def cased(words: Any) -> str:
    """Alternation accepting Titlecase and UPPERCASE forms only (proper nouns such as month names)."""
    forms = set()
    for w in words:
        forms.add(w[:1].upper() + w[1:])
        forms.add(w.upper())
    return alt(forms)
