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
_FR_ELISION = re.compile(r"\b(?:l|d|j|n|s|c|qu)'[^\W\d_]")
_HINTS = {"de": "äöüß", "es": "ñ¿¡", "fr": "çèêàùœ"}
_SAMPLE = 1200


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


@cache
def _word_langs(langs: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Word -> languages it is evidence for, so one pass over the words scores every language."""
    out: dict[str, tuple[str, ...]] = {}
    for lang in langs:
        for w in _function_words(lang):
            out[w] = (*out.get(w, ()), lang)
    return out


def _score(words: list[str], langs: tuple[str, ...]) -> dict[str, float]:
    table = _word_langs(langs)
    scores = dict.fromkeys(langs, 0.0)
    for w in words:
        for lang in table.get(w, ()):
            scores[lang] += 1
    return scores


def detect_language(text: str) -> str:
    """Return one of en, uk, ru, de, es, fr; English when nothing points elsewhere."""
    sample = text[:_SAMPLE].lower()
    words = _WORD.findall(sample)
    # vowels are a cheap proxy for each script's share of the letters
    if sum(map(sample.count, "аеиоуяюієыэ")) > sum(map(sample.count, "aeiouy")):
        scores = _score(words, ("uk", "ru"))
        uk = scores["uk"] + sum(sample.count(ch) for ch in "іїєґ")
        ru = scores["ru"] + sum(sample.count(ch) for ch in "ыэёъ")
        return "uk" if uk > ru else "ru"
    scores = _score(words, LATIN)
    for lang, chars in _HINTS.items():
        scores[lang] += 0.5 * sum(sample.count(ch) for ch in chars)
    scores["fr"] += 0.25 * sample.count("é") + len(_FR_ELISION.findall(sample))
    best = max(LATIN, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] > 0 else "en"
