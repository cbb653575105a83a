"""Trigger scanning: which rules to try where, so the text is read once and most tokens cost nothing."""

from __future__ import annotations

import re

from .english_patterns import (
    _L,
    _RULES,
    DECADE_WORDS,
    MONTHS,
    NUMBERS,
    PODS,
    SEASONS,
    UNITS,
    WEEKDAYS,
)
from .lexicon import alt

_DIG = "#"
# "daily", "weekly": a frequency (a set) on its own, and a strong trigger wherever it stands
_FREQUENCY_ADVERBS = ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly")
_MONTH_KEYS = set(MONTHS)
_WEEKDAY_KEYS = set(WEEKDAYS)
_NUM_START = {w.split()[0] for w in NUMBERS} | {
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
}
_VAGUE_START = {w.split()[0] for w in _L["vague_numbers"]}
_DUR_MOD_START = {
    "more",
    "over",
    "at",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "up",
    "less",
    "fewer",
    "under",
    "roughly",
    "approximately",
    "no",
    "well",
    "just",
    "only",
    "the",
}
_QUANT_START = _NUM_START | _VAGUE_START | {_DIG}
# First token (lowercased word, "#" for a digit, "'" for an apostrophe) each rule can begin with.
_FIRST: dict[str, set[str]] = {
    "iso": {_DIG},
    "isoweek": {_DIG},
    "ymd": {_DIG},
    "numdate": {_DIG},
    "mdy": _WEEKDAY_KEYS | _MONTH_KEYS,
    "dmy": _WEEKDAY_KEYS | {_DIG},
    "my": _MONTH_KEYS,
    "qcode": {"q", _DIG},
    "decade": {"the", _DIG, "'"},
    "century": {"the", _DIG, "nineteenth", "twentieth", "twenty", "eighteenth"},
    "relcent": {"this", "last", "next", "the"},
    "time": {_DIG, "noon", "midnight"},
    "year": {"fiscal", "fy", _DIG, "nineteen", "two", "the"},
    "relday": {"the", "yesterday", "today", "tomorrow", "tonight", "tonite", "last", "this"},
    "weekday": set(_L["weekdays"]) | {w + "s" for w in _L["weekdays"]},
    "month": set(_L["months"]),
    "season": set(SEASONS),
    "quarter": {
        "the",
        "this",
        "that",
        "its",
        _DIG,
        "comparable",
        "year",
        "last",
        "next",
        "fiscal",
        "quarter",
        "first",
        "second",
        "third",
        "fourth",
        "final",
        "current",
        "latest",
        "previous",
        "past",
        "coming",
        "same",
        "recent",
    },
    "yearago": {"year"},
    "yearend": {"year"},
    "holiday": {
        "christmas",
        "new",
        "thanksgiving",
        "easter",
        "good",
        "election",
        "independence",
        "halloween",
        "valentine",
        "labor",
        "memorial",
        "boxing",
        "may",
    },
    "theyear": {"the"},
    "half": {"the"},
    "ago": _QUANT_START
    | {
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "roughly",
        "approximately",
        "more",
        "over",
        "less",
        "just",
        "only",
    },
    "relunit": {
        "that",
        "earlier",
        "later",
        "last",
        "next",
        "this",
        "coming",
        "past",
        "previous",
        "current",
        "following",
        "upcoming",
        "the",
    },
    "set": {
        *_FREQUENCY_ADVERBS,
        "every",
        "each",
        "once",
        "twice",
        "three",
        "four",
        _DIG,
    },
    "dur": _QUANT_START | _DUR_MOD_START,
    "durpl": {
        "the",
        "recent",
        "coming",
        "several",
        "many",
        "days",
        "weeks",
        "months",
        "years",
        "decades",
        "centuries",
        "hours",
        "minutes",
    },
    "vague": {
        "now",
        "currently",
        "at",
        "presently",
        "nowadays",
        "these",
        "recently",
        "lately",
        "the",
        "soon",
        "formerly",
        "previously",
    },
}
# Digit runs are keyed by length so a token only tries the rules its shape allows.
_DIGIT_KEYS = {
    "iso": {"#4"},
    "isoweek": {"#4"},
    "ymd": {"#4"},
    "numdate": {"#s"},
    "dmy": {"#s"},
    "qcode": {"#4"},
    "decade": {"#4"},
    "century": {"#s"},
    "time": {"#s"},
    "year": {"#4"},
    "quarter": {"#4", "#s"},
    "ago": {"#s", "#n"},
    "set": {"#s"},
    "dur": {"#s", "#n"},
}
for _name, _keys in _FIRST.items():
    if _DIG in _keys:
        _FIRST[_name] = (_keys - {_DIG}) | _DIGIT_KEYS[_name]
_PATTERNS = dict(_RULES)
_ORDER = [n for n, _ in _RULES]
_TOKEN_RULES: dict[str, tuple[str, ...]] = {}
for _name in _ORDER:
    for _tok in _FIRST[_name]:
        _TOKEN_RULES[_tok] = (*_TOKEN_RULES.get(_tok, ()), _name)
_COMPILED: dict[tuple[str, ...], re.Pattern] = {}
_STRONG_WORDS = (
    set(MONTHS)
    | set(WEEKDAYS)
    | {w + "s" for w in _L["weekdays"]}
    | set(SEASONS)
    | set(PODS)
    | set(DECADE_WORDS)
    | {u + "s" for u in UNITS}
    | set(UNITS)
    | {
        "centuries",
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "tonite",
        "noon",
        "midnight",
        "now",
        "currently",
        "presently",
        "nowadays",
        "recently",
        "lately",
        "soon",
        "formerly",
        "previously",
        "future",
        "past",
        "present",
        *_FREQUENCY_ADVERBS,
        "nineteen",
        "thousand",
        "nineteenth",
        "twentieth",
        "eighteenth",
        "half",
        "christmas",
        "thanksgiving",
        "easter",
        "halloween",
        "eve",
        "period",
    }
)
_WEAK_WORDS = {k for k in _TOKEN_RULES if k not in _STRONG_WORDS and k.isalpha() and k != "q"}


def _cased(words: set[str]) -> set[str]:
    return {f for w in words for f in (w, w.capitalize(), w.upper())}


# Strong triggers: tokens that every expression contains; weak words only start an expression before one.
_SCAN = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<d>\d+)|(?P<w>"
    + alt(_cased(_STRONG_WORDS))
    + r")(?![A-Za-z])|(?P<k>"
    + alt(_cased(_WEAK_WORDS))
    + r")(?![A-Za-z])|(?P<q>Q)(?=[1-4]))|(?P<a>')(?=\d)"
)
# The same scanner over lowercased text: a third of the trie, used whenever lower() keeps offsets.
# It starts with a separator character (a charset), which lets the regex engine skip word interiors in C;
# the text gets one leading space so a token at offset 0 has a separator too.
_SCAN_LOW = re.compile(
    r"[^a-z0-9](?:(?P<d>\d+)|(?P<w>" + alt(_STRONG_WORDS) + r")(?![a-z])|(?P<q>q)(?=[1-4])|(?P<a>')(?=\d))"
)
# Weak words are looked up only in the short stretch before a strong trigger, so the scan stays small.
_WEAK_LOW = re.compile(r"(?<![a-z0-9])(?:" + alt(_WEAK_WORDS) + r")(?![a-z])")
_BREAK = re.compile(r"[;:!?\n]|\.\s")
_BAD_WEAK = frozenset("$€£¥#@/._-")
_HYPHEN_OK = ("mid-", "late-", "early-", "pre-", "post-")
_BAD_BEFORE = frozenset("$€£¥#@/._")


def _rules_rx(names: tuple[str, ...]) -> re.Pattern:
    """Alternation of the rules that can start with one token class, compiled on first use."""
    rx = _COMPILED.get(names)
    if rx is None:
        rx = re.compile("|".join(f"(?P<R_{n}>{_PATTERNS[n]})" for n in names))
        _COMPILED[names] = rx
    return rx


def _start_ok(text: str, p: int) -> bool:
    """An expression cannot start inside a word, after money/number signs, or after a hyphen (but "mid-")."""
    if not p:
        return True
    b = text[p - 1]
    if b.isalnum() or b in _BAD_BEFORE:
        return False
    return b != "-" or text[max(0, p - 6) : p].lower().endswith(_HYPHEN_OK)


_KEY_RX: dict[str, re.Pattern] = {}


def _key_rx(key: str) -> re.Pattern | None:
    rx = _KEY_RX.get(key)
    if rx is None:
        names = _TOKEN_RULES.get(key)
        if names is None:
            return None
        rx = _KEY_RX[key] = _rules_rx(names)
    return rx


# What must follow very common weak words for any rule to have a chance (checked on lowercased text).
_WEAK_GATES = {
    "the": re.compile(
        r"\s+(?:\d|'|past|last|next|coming|previous|first|second|third|fourth|final|latest|current|same|recent|"
        r"following|remaining|fiscal|full|whole|entire|calendar|comparable|year|day|week|future|near|end|start|"
        r"beginning|middle|turn|close|early|late|mid|nineteenth|twentieth|eighteenth|twenty|thirt|fort|fift|sixt|"
        r"sevent|eight|ninet|one|two|three|four|five|six|seven|nine|ten|eleven|twelve|several|few|quarter)"
    ),
    "a": re.compile(
        r"\s+(?:few|couple|dozen|number|hundred|half|year|decade|day|week|month|quarter|minute|hour|"
        r"second|fortnight|weekend|centur)"
    ),
    "at": re.compile(r"\s+(?:least|present)"),
}
_WEAK_GATES["an"] = re.compile(r"\s+(?:hour|eighth|eleven)")
# Quantity modifiers ("about", "more", "just over") only start "N units (ago)" rules: a number must follow.
_QUANT_GATE = re.compile(
    r"\s+(?:(?:than|to|over|under|more\s+than)\s+)?(?:\d|" + alt(_NUM_START | _VAGUE_START) + r"(?![a-z]))"
)
for _key, _names in _TOKEN_RULES.items():
    if _key in _WEAK_WORDS and set(_names) <= {"ago", "dur"} and _key not in _NUM_START | _VAGUE_START:
        _WEAK_GATES.setdefault(_key, _QUANT_GATE)


# Short numbers only start an expression when a letter, a unit or a date/time separator follows them
# ("24 June", "3 p.m.", "10:30", "24.06.2025", "5-year"), so tables of figures cost almost nothing.
_DIGIT_GATE = re.compile(r"[./:-]\d|\s*[A-Za-z'’(]|-[A-Za-z]|[\s-]+(?:and\s+a\s+half|[A-Za-z])")


def _candidates(text: str, floor: list[int]):
    """Yield (start, trigger, rules) in text order: weak words just before a strong trigger, then the trigger."""
    weak: list[tuple[int, str]] = []
    low = " " + text.lower()
    if len(low) == len(text) + 1:
        scan = _SCAN_LOW.finditer(low)
        shift = 1  # offsets in ``low`` are one more than in ``text``; match.start() is the separator
    else:  # lower() changed offsets (rare scripts): scan the original text instead
        low = text
        scan = _SCAN.finditer(text)
        shift = 0
    key_rx = _KEY_RX.get
    last_end = 0  # end (in ``low``) of the previous trigger: weak words lie between it and the next
    for tm in scan:
        kind = tm.lastgroup
        p = tm.start(kind) - shift
        if shift and kind != "k":
            # the lowercase path scans strong triggers only: gather the weak words just before this one
            ps = p + 1
            ws_lo = ps - 28 if ps - 28 > last_end else last_end
            last_end = tm.end()
            if ws_lo < ps - 1:
                for wm in _WEAK_LOW.finditer(low, ws_lo, ps):
                    weak.append((wm.start() - 1, wm.group()))
        elif kind == "k":
            weak.append((p, tm.group(kind).lower()))
            continue
        f = floor[0]
        if p < f:
            weak.clear()
            continue
        if weak:
            lo = p - 28 if p - 28 > f else f
            for ws, key in weak:
                if ws < lo or (ws and text[ws - 1] in _BAD_WEAK) or text.count(" ", ws, p) > 3:
                    continue
                gate = _WEAK_GATES.get(key)
                if gate is not None and not gate.match(low, ws + len(key) + shift):
                    continue
                yield ws, p, key_rx(key) or _key_rx(key)
            weak.clear()
            if p < floor[0]:
                continue
        if p and text[p - 1] != " " and not _start_ok(text, p):
            continue
        if kind == "d":
            n = len(tm.group("d"))
            if n == 4:
                key = "#4"
            elif _DIGIT_GATE.match(text, p + n):
                key = "#s" if n <= 2 else "#n"
            else:
                continue
        elif kind == "w":
            key = tm.group("w") if shift else tm.group("w").lower()
        else:
            key = "'" if kind == "a" else "q"
        rx = key_rx(key) or _key_rx(key)
        if rx is not None:
            yield p, p, rx
