"""Per-language word tables, read once from ``temporal/resources/<lang>/lexicon.toml`` (format: FORMAT.md
there). Outside the temporal package because the language detector reads the same words: both sit on it."""

from __future__ import annotations

import re
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RESOURCES = Path(__file__).parent / "temporal" / "resources"
_APOS = "['’ʼ]"


@lru_cache(maxsize=4096)  # the tagger looks the same few surfaces ("June", "Friday") up again and again
def norm(s: str) -> str:
    """Lookup key of a matched surface: lowercased, one apostrophe, single spaces."""
    return " ".join(s.lower().replace("’", "'").replace("ʼ", "'").split())


def read_toml(path: Path) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@cache
def load(lang: str) -> dict[str, Any]:
    """Tables of one language: a section with only ``words = [...]`` is a word set, any other a mapping.

    Keys are normalised with ``norm`` so lookups of matched text need no case or apostrophe care.
    """
    raw = read_toml(RESOURCES / lang / "lexicon.toml")
    out: dict[str, Any] = {}
    for name, section in raw.items():
        if not isinstance(section, dict):
            out[name] = section
        elif set(section) == {"words"} and isinstance(section["words"], list):
            out[name] = frozenset(norm(w) for w in section["words"])
        else:
            out[name] = {norm(k): v for k, v in section.items()}
    return out


def available() -> tuple[str, ...]:
    """Languages with a lexicon."""
    return tuple(sorted(p.parent.name for p in RESOURCES.glob("*/lexicon.toml")))


def _trie_regex(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        if ch == " ":
            piece = r"\s+"
        elif ch == "'":
            piece = _APOS
        else:
            piece = re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        body = body if len(branches) > 1 else f"(?:{body})"
        return body + "?"
    return body


def alt(words: Any, flags: str = "") -> str:
    """Regex alternation of words as a trie, so matching costs one branch per character, longest first.

    Spaces match any white space and an apostrophe any of ' ’ ʼ; an empty list never matches.
    """
    root: dict = {}
    for w in set(words):
        node = root
        for ch in " ".join(w.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    if not root:
        return "(?!)"
    body = _trie_regex(root)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def cased(words: Any) -> str:
    """Alternation accepting Titlecase and UPPERCASE forms only (proper nouns such as month names)."""
    forms = set()
    for w in words:
        forms.add(w[:1].upper() + w[1:])
        forms.add(w.upper())
    return alt(forms)
