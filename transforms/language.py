"""Cheap language identification for the languages dateline has resources for.

Script first (Cyrillic: Ukrainian letters decide between uk and ru), then counts of very frequent
function words on the first few thousand characters. Good enough to pick cue lists and month names;
a document's own language tag, when given, always wins.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіїєґІЇЄҐ]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_FUNCTION_WORDS = {
    "en": "the and of to in is was said that for with on by from has have will",
    "de": "der die und das nicht mit sich ist den dem von zu auf für eine ein wurde",
    "es": "el los las del que y por una para con se su fue al como más",
    "fr": "le les des et est une du pour que dans pas sur au avec ce sont été",
    "pl": "się nie jest że na do jak za przez od po oraz był była został",
}
_LOOKUP: dict[str, list[str]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words.split():
        _LOOKUP.setdefault(_w, []).append(_lang)


def detect_language(text: str, sample: int = 4000) -> str | None:
    """ISO 639-1 code among en, de, es, fr, pl, uk, ru; None for text with no letters."""
    head = text[:sample]
    letters = _WORD.findall(head)
    if not letters:
        return None
    cyrillic = len(_CYRILLIC.findall(head))
    if cyrillic > len(head) * 0.2:
        return "uk" if _UKRAINIAN.search(head) else "ru"
    scores = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in letters:
        for lang in _LOOKUP.get(word.lower(), ()):
            scores[lang] += 1
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] else "en"
