"""Cheap language guess among the supported languages: script first, then function-word counts."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import load

LATIN = ("en", "de", "es", "fr")
_EN_WORDS = frozenset(
    "the and of to in is that for on with was were said has have it by from at as be will are this".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_FR_ELISION = ("l'", "d'", "j'", "n'", "s'", "c'", "qu'")
_HINTS = {"de": "äöüß", "es": "ñ¿¡", "fr": "çèêàùœ"}


@cache
def _function_words(lang: str) -> frozenset[str]:
    """Function words plus the language's own day and month words (cheap, distinctive evidence)."""
    if lang == "en":
        return _EN_WORDS
    d = load(lang)
    return (
        frozenset(d["function_words"])
        | frozenset(d["days"])
        | frozenset(d["weekdays"])
        | frozenset(d["months"])
    )


def detect_language(text: str) -> str:
    """Return one of en, uk, ru, de, es, fr; English when nothing points elsewhere."""
    sample = text[:3000].lower()
    cyr = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in sample if "a" <= ch <= "z")
    words = _WORD.findall(sample)
    if cyr > lat:
        uk_words, ru_words = _function_words("uk"), _function_words("ru")
        uk = sum(sample.count(ch) for ch in "іїєґ") + sum(1 for w in words if w in uk_words)
        ru = sum(sample.count(ch) for ch in "ыэёъ") + sum(1 for w in words if w in ru_words)
        return "uk" if uk > ru else "ru"
    scores = {lang: 0.0 for lang in LATIN}
    for w in words:
        for lang in LATIN:
            if w in _function_words(lang):
                scores[lang] += 1
    for lang, chars in _HINTS.items():
        scores[lang] += 0.5 * sum(sample.count(ch) for ch in chars)
    scores["fr"] += 0.25 * sample.count("é") + sum(1 for w in words if w.startswith(_FR_ELISION))
    best = max(LATIN, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] > 0 else "en"
