"""Language identification: the one detector of the project (documents without a language tag, and the
temporal tagger's ``language=None``).

How a language is settled (``document_language``): a document's own tag (feed, ``<html lang>``, JSONL
``language``) always wins, unless it says nothing (``und``, ``mul``, ``zxx``). Otherwise ``detect_language``:

* a short text (under ``MIN_LETTERS`` letters: a headline, "Вчора", "hier", "Gestern um 10 Uhr") that
  holds day, weekday or month words of exactly one language (from the temporal lexicons) is that language;
* otherwise py3langid decides (its full model of ~100 languages, built once per process on first use)
  when it is at least ``MIN_CONFIDENCE`` sure. Its answer is kept even for a language dateline has no
  temporal resources for ("sv", "zh"): such a document keeps its real code, and the tagger finds no
  dates in it rather than reading it with another language's rules;
* a text the model is unsure of is decided by our own evidence: function words and date words of the
  lexicons, plus a few letters only one language uses. Where that evidence ties (German "das" is also
  Portuguese), the model breaks the tie if it clearly prefers one of the tied languages;
* when nothing decides, the answer is None, stored as ``und`` (undetermined), never a guessed English.

Thresholds were measured with benchmarks/language_eval.py (numbers at the constants).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from transforms.lexicon import available, load

UNDETERMINED = "und"  # BCP 47: the documents table's language when nothing decides
_NO_TAG = frozenset({"und", "mul", "zxx"})  # tags that name no language: detect instead
_SAMPLE = 2000  # characters read: the opening is as telling as the whole
# Below this many letters (about six words) a date word of one language outranks the model. Measured
# (benchmarks/language_eval.py, news text in 7 languages cut at word boundaries), py3langid alone is right on
# 64% of 10-letter pieces, 84% at 20, 93% at 30, 97% at 40, 99% at 60; detect_language as a whole is wrong
# on 2.2% at 10 letters (44% undetermined), 0.8% at 30 (7%), 0.6% at 40 (2%), 0.1% at 60 (0.4%).
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.5  # normalised probability below which the model's answer is not trusted
# An evidence tie is broken by the model when it prefers one tied language this many times over the next:
# at 30 letters 92.6% right and 0.8% wrong, against 90.9% / 0.8% never breaking ties, 93.9% / 1.9% always.
TIE_RATIO = 20.0
_NO_LANGUAGE = frozenset({"zxx"})  # py3langid's "no linguistic content"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*")


def language_code(tag: str | None) -> str | None:
    """The primary subtag of a language tag (``EN-GB``, ``en_US`` -> ``en``): the form every reader stores
    and every lookup by language (tagger, cues) uses.

    Anything that is not a language tag is None, so the document stage detects the language instead.
    """
    match = _LANGUAGE_TAG.fullmatch((tag or "").strip().lower())
    return match.group(1) if match else None


_CYRILLIC = re.compile("[\u0400-\u04ff]")  # the script decides the candidates before any word does
_LATIN = re.compile("[a-z\u00c0-\u024f]", re.I)
_DATE_KEYS = ("days", "weekdays", "months")
_LEXICON_KEYS = ("function_words", *_DATE_KEYS)


@cache
def identifier() -> Any:
    """py3langid's model with normalised probabilities, built once per process (1-2.5 s, about 115 MB resident).

    Beam workers build it in DoFn.setup through this same cache. Imported here, not at module level, so
    importing the core costs nothing until a text needs the model.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _lookup(keys: tuple[str, ...] = _LEXICON_KEYS) -> dict[str, tuple[str, ...]]:
    """Word -> the languages it is evidence for: the one-word entries of each lexicon's ``keys`` tables."""
    table: dict[str, tuple[str, ...]] = {}
    for lang in available():
        entry = load(lang)
        for word in {w for key in keys for w in entry.get(key, ()) if " " not in w}:
            table[word] = (*table.get(word, ()), lang)
    return table


@cache
def _scripts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Cyrillic, Latin) languages among those with a lexicon, read off their function words."""
    cyrillic = tuple(
        lang for lang in available() if any(_CYRILLIC.search(w) for w in load(lang).get("function_words", ()))
    )
    return cyrillic, tuple(lang for lang in available() if lang not in cyrillic)


@cache
def _letter_cues() -> dict[str, tuple[str, str, re.Pattern | None]]:
    """Per language, its lexicon's ``[detect]`` table: letters only it uses, letters it favours, and its
    elided articles as one pattern (None without any)."""
    cues = {}
    for lang in available():
        table = load(lang).get("detect", {})
        elisions = table.get("elisions", [])
        pattern = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, elisions)) + r")[^\W\d_]") if elisions else None
        )
        cues[lang] = (table.get("letters", ""), table.get("weak_letters", ""), pattern)
    return cues


def by_evidence(head: str, words: list[str], keys: tuple[str, ...] = _LEXICON_KEYS) -> list[str]:
    """The lexicon languages with the most evidence in lowercased ``head`` (several on a tie; none
    without any evidence): their words from the ``keys`` tables and, with all tables, the letters only
    one language uses (the lexicons' ``[detect]`` tables)."""
    cyrillic = len(_CYRILLIC.findall(head)) > len(_LATIN.findall(head))
    candidates = _scripts()[0] if cyrillic else _scripts()[1]
    scores = dict.fromkeys(candidates, 0.0)
    lookup = _lookup(keys)
    for word in words:
        for lang in lookup.get(word, ()):
            if lang in scores:
                scores[lang] += 1
    if keys == _LEXICON_KEYS:
        cues = _letter_cues()
        for lang in candidates:
            letters, weak, elisions = cues[lang]
            scores[lang] += 0.5 * sum(map(head.count, letters)) + 0.25 * sum(map(head.count, weak))
            if elisions is not None:
                scores[lang] += len(elisions.findall(head))
    top = max(scores.values(), default=0.0)
    return [lang for lang in candidates if scores[lang] == top] if top > 0 else []


def _pick(tied: list[str], rank: Callable[[], list[tuple[str, float]]]) -> str | None:
    """The evidence's language; on a tie, the one the model clearly prefers (no language is a default).
    ``rank`` gives the model's ranking, asked for only on a tie."""
    if len(tied) <= 1:
        return tied[0] if tied else None
    known = [(code, p) for code, p in rank() if code in tied]
    if len(known) < 2:  # a lexicon language the model does not know: it cannot break the tie
        return None
    (first, p1), (_, p2) = known[:2]
    return first if p1 >= TIE_RATIO * p2 else None


def detect_language(text: str, sample: int = _SAMPLE) -> str | None:
    """ISO 639 code of ``text`` (any language the model knows, not only those with temporal resources);
    None when undetermined: no letters, or neither the model nor our evidence decides."""
    head = text[:sample]
    lowered = head.lower()
    words = _WORD.findall(lowered)
    if not words:
        return None
    rank = cache(lambda: identifier().rank(head))  # a short text its date words decide needs no model
    if sum(map(len, words)) < MIN_LETTERS:
        dated = _pick(by_evidence(lowered, words, _DATE_KEYS), rank)
        if dated is not None:
            return dated
    code, confidence = rank()[0]
    if confidence >= MIN_CONFIDENCE and code not in _NO_LANGUAGE:
        return code
    return _pick(by_evidence(lowered, words), rank)


def names_language(tag: str | None) -> bool:
    """Whether a document's own language tag names a language (``und``, ``mul``, ``zxx`` do not)."""
    return bool(tag) and tag.lower() not in _NO_TAG


def document_language(tag: str | None, text: str) -> str:
    """A document's language: its own tag when it names one, else detected, else ``und``."""
    if names_language(tag):
        return tag.lower()
    return detect_language(text) or UNDETERMINED
