"""Cheap language identification for the languages dateline has resources for; the one detector of
the project (documents without a language tag, and the temporal tagger's ``language=None``).

Script first (Cyrillic: letters only Ukrainian or only Russian has decide, with function words), then
counts of function words and of the language's own day, weekday and month words (from the temporal
lexicons: decisive on short texts such as "Вчора" or "hier"), plus a few letters and elisions that only
one Latin-script language uses. A document's own language tag, when given, always wins.
"""

from __future__ import annotations

import re
from functools import cache

from transforms.lexicon import available, load

_SAMPLE = 2000  # characters read: the opening is as telling as the whole
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_VOWELS_CYRILLIC = "аеиоуяюієыэ"
_VOWELS_LATIN = "aeiouy"
_LETTERS = {"de": "äöüß", "es": "ñ¿¡", "fr": "çèêàùœ", "pl": "ąęłńśźż", "uk": "іїєґ", "ru": "ыэёъ"}
_FR_ELISION = re.compile(r"\b(?:l|d|j|n|s|c|qu)'[^\W\d_]")
_LEXICON_KEYS = ("function_words", "days", "weekdays", "months")


@cache
def _lookup() -> dict[str, tuple[str, ...]]:
    """Word -> the languages it is evidence for: each lexicon's function words and its own day, weekday
    and month words (one-word entries)."""
    table: dict[str, tuple[str, ...]] = {}
    for lang in available():
        entry = load(lang)
        for word in {w for key in _LEXICON_KEYS for w in entry.get(key, ()) if " " not in w}:
            table[word] = (*table.get(word, ()), lang)
    return table


@cache
def _scripts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Cyrillic, Latin) languages among those with a lexicon, read off their function words."""
    cyrillic = tuple(
        lang
        for lang in available()
        if any("а" <= ch <= "я" or ch in "іїєґё" for w in load(lang).get("function_words", ()) for ch in w)
    )
    return cyrillic, tuple(lang for lang in available() if lang not in cyrillic)


def detect_language(text: str, sample: int = _SAMPLE) -> str | None:
    """ISO 639-1 code among the languages with a lexicon (transforms/temporal/resources); English when nothing points elsewhere; None without letters."""
    head = text[:sample].lower()
    words = _WORD.findall(head)
    if not words:
        return None
    cyrillic = sum(map(head.count, _VOWELS_CYRILLIC)) > sum(map(head.count, _VOWELS_LATIN))
    candidates = _scripts()[0] if cyrillic else _scripts()[1]
    scores = dict.fromkeys(candidates, 0.0)
    lookup = _lookup()
    for word in words:
        for lang in lookup.get(word, ()):
            if lang in scores:
                scores[lang] += 1
    for lang in candidates:
        if lang in _LETTERS:
            scores[lang] += 0.5 * sum(map(head.count, _LETTERS[lang]))
    if not cyrillic:
        scores["fr"] += 0.25 * head.count("é") + len(_FR_ELISION.findall(head))
    # ties: English among Latin scripts; Russian among Cyrillic (Ukrainian text nearly always shows і, ї or є)
    best = max(candidates, key=lambda k: (scores[k], k in ("en", "ru")))
    return best if scores[best] > 0 else ("uk" if cyrillic else "en")
