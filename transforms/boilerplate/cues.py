"""Per-language cue data (``cues/<lang>.json``) compiled into line matchers.

Cues live in data files so that adding a language is adding a file. Each file holds plain phrases
(``related``; ``related_alone`` for cues too common to trust before a headline on the same line; ``credit``, ``footer``, ``copyright``, ``keep``, ``social``) and a few regex fragments
(``promo``, ``credit_lines``, ``copyright_lines``). Everything is compiled once per language set and cached: the matchers
are indexed by the first three characters of the normalised line so that an ordinary content line costs
one dict lookup instead of hundreds of alternations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

CUES_DIR = Path(__file__).with_name("cues")
PREFIX_LEN = 3
# What may follow a cue phrase when a headline is on the same line ("Read also: ...", "READ MORE | ...").
INLINE_SEP = r"\s*(?:[:|»>→▶►]+|[–—-]+|\.{3}|…)\s*"
# What may follow a credit word ("Photo: X", "Photo by X", "Фото — X", "fot. X").
CREDIT_SEP = r"\s*(?:[:/|©]|[–—-]|\bby\b|\bvia\b|\bcourtesy\b)\s*"
_LITERAL_PREFIX = re.compile(r"[^\W\d_][^\\()\[\]?*+{|.^$]{2}")


@dataclass(frozen=True)
class PrefixRules:
    """Compiled matchers for all cues whose normalised text starts with one 3-character prefix."""

    alone: re.Pattern[str] | None = None
    inline: re.Pattern[str] | None = None
    bare: re.Pattern[str] | None = None
    promo: re.Pattern[str] | None = None
    credit: re.Pattern[str] | None = None
    footer: re.Pattern[str] | None = None
    copyright: re.Pattern[str] | None = None


@dataclass(frozen=True)
class CueSet:
    """Everything `strip_text` needs for one set of languages, compiled once."""

    languages: tuple[str, ...]
    by_prefix: dict[str, PrefixRules]
    credit_lines: re.Pattern[str] | None
    caption: re.Pattern[str] | None
    copyright: re.Pattern[str] | None
    copyright_anchors: tuple[str, ...]
    social: frozenset[str]
    keep: tuple[str, ...]
    related_phrases: tuple[str, ...] = field(default=())


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a cue file, sorted; the set applied when no language restriction is asked for."""
    return tuple(sorted(p.stem for p in CUES_DIR.glob("*.json")))


@cache
def load_language(lang: str) -> dict[str, list[str]]:
    """Raw cue data of one language; raises ValueError for a language without a file."""
    path = CUES_DIR / f"{lang}.json"
    if not path.is_file():
        raise ValueError(f"no boilerplate cue file for language {lang!r} in {CUES_DIR}")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, list)}


def normalise(text: str) -> str:
    """Casefold and unify apostrophes and spaces, so cue files need only one spelling."""
    text = text.casefold()
    for variant, plain in _NORMALISE_PAIRS:
        if variant in text:
            text = text.replace(variant, plain)
    return text


# str.replace per present variant: several times faster than str.translate with a non-ASCII table.
_NORMALISE_PAIRS = (
    ("’", "'"),
    ("ʼ", "'"),
    ("`", "'"),
    ("‘", "'"),
    ("\u00a0", " "),
    ("\u202f", " "),
    ("ё", "е"),
)


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in normalise(phrase).split())


def _key(text: str, what: str, lang: str, literal: bool = True) -> str:
    if len(text) < PREFIX_LEN or (not literal and not _LITERAL_PREFIX.match(text)):
        raise ValueError(f"cue {text!r} ({what}, {lang}) must start with 3 literal characters")
    return text[:PREFIX_LEN]


def _alternation(parts: list[str]) -> str:
    # Longest first so that "related articles" wins over "related" when both could match.
    return "(?:" + "|".join(sorted(set(parts), key=len, reverse=True)) + ")"


@lru_cache(maxsize=32)
def compile_cues(languages: tuple[str, ...]) -> CueSet:
    """Compile the cue files of ``languages`` (order irrelevant) into one `CueSet`."""
    groups: dict[str, dict[str, list[str]]] = {}
    credit_lines: list[str] = []
    credit_words: list[str] = []
    copyright_phrases: list[str] = []
    social: set[str] = set()
    keep: list[str] = []
    related_all: list[str] = []

    def add(kind: str, key: str, pattern: str) -> None:
        groups.setdefault(key, {}).setdefault(kind, []).append(pattern)

    for lang in sorted(set(languages)):
        data = load_language(lang)
        for phrase in data.get("related", []):
            norm = normalise(phrase)
            related_all.append(norm)
            add("related", _key(norm, "related", lang), _phrase_regex(phrase))
        for phrase in data.get("related_alone", []):
            norm = normalise(phrase)
            related_all.append(norm)
            add("related_alone", _key(norm, "related_alone", lang), _phrase_regex(phrase))
        for pattern in data.get("promo", []):
            add("promo", _key(pattern, "promo", lang, literal=False), pattern)
        for word in data.get("credit", []):
            norm = normalise(word)
            credit_words.append(_phrase_regex(word))
            sep = r"\s*" if norm.endswith(".") else CREDIT_SEP
            add("credit", _key(norm, "credit", lang), _phrase_regex(word) + sep + r"\S")
        for phrase in data.get("footer", []):
            norm = normalise(phrase)
            # One word ("Source") needs a separator; a longer phrase ("originally published") is enough alone.
            sep = r"\s*[:–—-]\s*\S" if " " not in norm else r"\b"
            add("footer", _key(norm, "footer", lang), _phrase_regex(phrase) + sep)
        for pattern in data.get("copyright_lines", []):
            add("copyright", _key(pattern, "copyright_lines", lang, literal=False), pattern)
        credit_lines.extend(data.get("credit_lines", []))
        copyright_phrases.extend(normalise(p) for p in data.get("copyright", []))
        social.update(normalise(s) for s in data.get("social", []))
        keep.extend(normalise(k) for k in data.get("keep", []))

    by_prefix: dict[str, PrefixRules] = {}
    for key, kinds in groups.items():
        related = kinds.get("related")
        alone = (related or []) + kinds.get("related_alone", [])
        by_prefix[key] = PrefixRules(
            alone=re.compile(_alternation(alone) + r"[\W_]*$") if alone else None,
            inline=re.compile(_alternation(related) + INLINE_SEP + r"(\S.*)$") if related else None,
            bare=re.compile(_alternation(related) + r"\s+(\S.*)$") if related else None,
            promo=re.compile(_alternation(kinds["promo"])) if "promo" in kinds else None,
            credit=re.compile(_alternation(kinds["credit"])) if "credit" in kinds else None,
            footer=re.compile(_alternation(kinds["footer"])) if "footer" in kinds else None,
            copyright=re.compile(_alternation(kinds["copyright"])) if "copyright" in kinds else None,
        )
    caption = (
        re.compile(
            r"(?:^|[.!?)»\"”]\s+|[(\[|/–—-]\s*)" + _alternation(credit_words) + r"\s*:\s*\S[^:]{0,80}$"
        )
        if credit_words
        else None
    )
    return CueSet(
        languages=tuple(sorted(set(languages))),
        by_prefix=by_prefix,
        credit_lines=re.compile(_alternation(credit_lines)) if credit_lines else None,
        caption=caption,
        copyright=(
            re.compile(_alternation([re.escape(p) for p in copyright_phrases])) if copyright_phrases else None
        ),
        copyright_anchors=tuple(sorted({p.split()[-1] for p in copyright_phrases})),
        social=frozenset(social),
        keep=tuple(sorted(set(keep))),
        related_phrases=tuple(sorted(set(related_all))),
    )
