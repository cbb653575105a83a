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

_SAMPLE = 2000  # characters read: the opening is as telling as the whole
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_VOWELS_CYRILLIC = "аеиоуяюієыэ"
_VOWELS_LATIN = "aeiouy"
_FUNCTION_WORDS = {
    "en": "the and of to in is was said that for with on by from has have will were at as be are this",
    "de": "der die und das nicht mit sich ist den dem von zu auf für eine ein wurde im auch sagte",
    "es": "el los las del que y por una para con se su fue al como más dijo este esta",
    "fr": "le les des et est une du pour que dans pas sur au avec ce sont été aux selon",
    "pl": "się nie jest że na do jak za przez od po oraz był była został jego także",
    "uk": "і та що не на до від як це був була було також який яка після через",
    "ru": "и что не на до от как это был была было также который которая после через",
}
_LETTERS = {"de": "äöüß", "es": "ñ¿¡", "fr": "çèêàùœ", "pl": "ąęłńśźż", "uk": "іїєґ", "ru": "ыэёъ"}
_FR_ELISION = re.compile(r"\b(?:l|d|j|n|s|c|qu)'[^\W\d_]")
_LEXICON_KEYS = ("function_words", "days", "weekdays", "months")


@cache
def _lookup() -> dict[str, tuple[str, ...]]:
    """Word -> the languages it is evidence for (built on first use: the lexicons live with the tagger)."""
    from transforms.temporal.lexicon import available, load

    words = {lang: set(listed.split()) for lang, listed in _FUNCTION_WORDS.items()}
    for lang in available():
        if lang in words:
            entry = load(lang)
            words[lang].update(w for key in _LEXICON_KEYS for w in entry.get(key, ()) if " " not in w)
    table: dict[str, tuple[str, ...]] = {}
    for lang, found in words.items():
        for word in found:
            table[word] = (*table.get(word, ()), lang)
    return table


CYRILLIC = ("uk", "ru")
LATIN = ("en", "de", "es", "fr", "pl")


def detect_language(text: str, sample: int = _SAMPLE) -> str | None:
    """ISO 639-1 code among en, de, es, fr, pl, uk, ru; English when nothing points elsewhere; None without letters."""
    head = text[:sample].lower()
    words = _WORD.findall(head)
    if not words:
        return None
    cyrillic = sum(map(head.count, _VOWELS_CYRILLIC)) > sum(map(head.count, _VOWELS_LATIN))
    candidates = CYRILLIC if cyrillic else LATIN
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
    return best if scores[best] > 0 else candidates[0]
