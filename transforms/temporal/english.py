"""English rule set: one master regex scanned once over the text, then a cheap handler per hit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from . import calendar_math as cm
from .holidays import holiday
from .lexicon import alt, cased, load
from .model import Timex

_L = load("en")
MONTHS: dict[str, int] = {**_L["months"], **_L["month_abbr"]}
WEEKDAYS: dict[str, int] = {**_L["weekdays"], **_L["weekday_abbr"]}
NUMBERS: dict[str, float] = _L["numbers"]
UNITS: dict[str, str] = _L["units"]
ORDINALS: dict[str, int] = _L["ordinals"]
SEASONS: dict[str, str] = _L["seasons"]
PODS: dict[str, str] = _L["parts_of_day"]
DECADE_WORDS: dict[str, int] = _L["decade_words"]

_MONTH_FULL = cased(_L["months"])
_MONTH_ANY = "(?:" + _MONTH_FULL + "|" + cased(_L["month_abbr"]) + r"\.?)"
_WEEKDAY = cased(_L["weekdays"])
_WEEKDAY_ANY = "(?:" + _WEEKDAY + "|" + cased(_L["weekday_abbr"]) + r"\.?)"
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMWORD = alt([w for w in NUMBERS if w not in ("a", "an")], "i")
_NUM = rf"(?:\d+(?:\.\d+)?|(?i:{_TENS}(?:[\s-]{_ONES})?)|{_NUMWORD}|(?i:an?)(?=\s))"
_VAGUE_NUM = alt(_L["vague_numbers"], "i")
_UNIT = r"(?i:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_POD = r"(?i:morning|afternoon|evening|night|overnight)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_SPELLED_YEAR = r"(?i:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|hundred|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?))?)"
_YEAR_ANY = rf"(?:{_YEAR}|{_SPELLED_YEAR})"
_AGO_MODS = alt(
    [
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "roughly",
        "approximately",
        "more than",
        "over",
        "less than",
        "just",
        "only",
    ],
    "i",
)
_DUR_QUAL = alt(
    [
        "more than",
        "over",
        "at least",
        "nearly",
        "almost",
        "about",
        "around",
        "some",
        "up to",
        "less than",
        "fewer than",
        "under",
        "roughly",
        "approximately",
        "no more than",
        "well over",
        "just over",
        "just under",
        "only",
        "just",
        "the",
    ]
    + [
        f"the {w}"
        for w in (
            "past",
            "last",
            "next",
            "coming",
            "previous",
            "first",
            "final",
            "following",
            "remaining",
            "latest",
            "same",
        )
    ],
    "i",
)
_VAGUE_WORDS = alt(
    [
        "now",
        "currently",
        "at present",
        "presently",
        "nowadays",
        "these days",
        "recently",
        "lately",
        "the past",
        "the future",
        "soon",
        "the near future",
        "formerly",
        "previously",
    ],
    "i",
)
_SET_UNITS = alt(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "month",
        "months",
        "quarter",
        "year",
        "years",
        "decade",
        "morning",
        "afternoon",
        "evening",
        "night",
        *_L["weekdays"],
        *SEASONS,
        *_L["months"],
    ],
    "i",
)
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|JST|IST)(?:\s?[+-]\s?\d{1,2}(?::?\d\d)?)?"

# Each rule: (name, pattern). Inner groups carry the rule name as prefix (names must be unique).
_RULES: list[tuple[str, str]] = [
    (
        "iso",
        r"(?P<iso_y>\d{4})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-3]\d)(?:[T ](?P<iso_h>[01]\d|2[0-3]):(?P<iso_mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])",
    ),
    ("isoweek", r"(?P<iw_y>\d{4})-?W(?P<iw_w>[0-5]\d)(?:-(?P<iw_d>[1-7]))?(?!\d)"),
    ("ymd", r"(?P<ymd_y>\d{4})/(?P<ymd_m>0?[1-9]|1[0-2])/(?P<ymd_d>[0-3]?\d)(?![\d/])"),
    (
        "numdate",
        r"(?P<nd_a>\d{1,2})(?P<nd_s>[./-])(?P<nd_b>\d{1,2})(?P=nd_s)(?P<nd_y>\d{4}|\d{2})(?![\d]|[./-]\d)",
    ),
    (
        "mdy",
        rf"(?:(?P<mdy_wd>{_WEEKDAY_ANY}),?\s+)?(?P<mdy_m>{_MONTH_ANY})\s+(?P<mdy_d>{_DAYNUM})(?:st|nd|rd|th)?(?!\d|:\d)(?:(?:,\s*|\s+)(?P<mdy_y>{_YEAR_ANY})(?!\d))?(?:,?\s+(?P<mdy_pod>{_POD}))?",
    ),
    (
        "dmy",
        rf"(?:(?P<dmy_wd>{_WEEKDAY_ANY}),?\s+)?(?P<dmy_d>{_DAYNUM})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{_MONTH_ANY})(?:,?\s+(?P<dmy_y>{_YEAR})(?!\d))?",
    ),
    ("my", rf"(?P<my_m>{_MONTH_ANY})(?:,\s*|\s+of\s+|\s+)(?P<my_y>{_YEAR_ANY}|'\d\d)(?![\d,]\d)"),
    (
        "qcode",
        r"(?:Q(?P<qc_n>[1-4])(?:\s*|-|/)(?P<qc_y>\d{4}|'\d\d)|(?P<qc_y2>\d{4})\s*-?Q(?P<qc_n2>[1-4]))(?!\d)",
    ),
    (
        "decade",
        rf"(?:(?i:the)\s+)?(?:(?P<dc_y>(?:1\d|20)\d0)'?s|'(?P<dc_yy>\d0)s|(?i:the)\s+(?P<dc_w>(?i:{'|'.join(DECADE_WORDS)})))(?!\w)",
    ),
    (
        "century",
        r"(?:(?i:the)\s+)?(?:(?P<ce_n>\d{1,2})(?:st|nd|rd|th)|(?P<ce_w>(?i:nineteenth|twentieth|twenty-first|twenty\s+first|eighteenth)))[\s-]+(?i:century)",
    ),
    ("relcent", r"(?i:(?P<rc_d>this|last|next|the\s+(?:current|last|previous|next|past))\s+century)"),
    (
        "time",
        rf"(?P<tm_h>[01]?\d|2[0-3])(?:[:.](?P<tm_m>[0-5]\d))?\s?(?P<tm_ap>(?i:[ap]\.\s?m\.|[ap]m\b))(?:\s+(?P<tm_z>{_ZONE}))?|(?P<tm_h2>[01]?\d|2[0-3]):(?P<tm_m2>[0-5]\d)(?:\s+(?P<tm_z2>{_ZONE})|(?=\s+(?:local\s+time|hours)))|(?P<tm_w>(?i:noon|midnight))(?:\s+(?P<tm_z3>{_ZONE}))?",
    ),
    (
        "year",
        rf"(?:(?P<yr_f>(?i:fiscal)(?:\s+year)?|FY)\s*)?(?P<yr_y>{_YEAR})(?![\w%]|[.,]\d|-(?:\d\d\b|[a-z]))|(?P<yr_t>(?i:the\s+year)\s+)?(?P<yr_w>{_SPELLED_YEAR})(?![\w-])",
    ),
    (
        "relday",
        rf"(?i:(?P<rd_w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|tonite|last\s+night|this\s+(?={_POD}))(?:(?:\s+|'s\s+)?(?P<rd_pod>{_POD}))?)(?!\w)",
    ),
    ("weekday", rf"(?P<wd_w>{_WEEKDAY})(?P<wd_pl>s)?(?:\s+(?P<wd_pod>{_POD}))?(?!\w)"),
    (
        "month",
        rf"(?P<mo_m>{_MONTH_FULL})(?=\s+(?:of\s+)?(?P<mo_r>(?i:this|last|next))\s+(?i:year)(?!\w))?(?!\w|\s+\d)",
    ),
    (
        "season",
        rf"(?P<se_w>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:of\s+)?(?P<se_y>{_YEAR_ANY})(?!\d))?(?!\w)",
    ),
    (
        "quarter",
        rf"(?i:(?:(?P<q_pre>the|this|that|its)\s+)?(?:(?P<q_yb>{_YEAR})\s+|(?P<q_ya>(?:comparable\s+)?year-ago|(?:comparable\s+)?year-earlier)\s+|(?P<q_ry>this|last|next)\s+year's\s+)?(?:(?P<q_f>fiscal)[\s-]+)?(?:(?P<q_o>first|second|third|fourth|1st|2nd|3rd|4th|final|last|current|latest|previous|past|next|coming|same|recent)[\s-]+)?(?:fiscal\s+|calendar\s+)?(?P<q_word>quarter|period)(?!s))(?:(?:\s+of|,)?\s+(?:(?i:fiscal)\s+)?(?P<q_y>{_YEAR})(?!\d)|\s+(?i:of\s+(?P<q_r>this|last|next)\s+year))?(?![\w-])",
    ),
    ("yearago", r"(?i:(?P<ya_w>year-(?:earlier|ago)))(?![\w-])"),
    (
        "holiday",
        r"(?P<hd>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|"
        r"Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Election\s+Day|Independence\s+Day|Halloween|"
        r"Valentine['’]s\s+Day|Labor\s+Day|Memorial\s+Day|Boxing\s+Day|May\s+Day)(?!\w)",
    ),
    ("yearend", r"(?i:(?P<ye_w>year-end|year's\s+end))(?![\w-])"),
    (
        "theyear",
        r"(?i:the\s+(?:(?P<ty_q>full|fiscal|calendar|current|whole|entire)\s+)?year)(?!\w|-)(?P<ty_e>\s+(?i:ended|ending|to))?",
    ),
    (
        "half",
        rf"(?i:the\s+(?P<h_o>first|second|latter|last)\s+half(?:\s+of\s+(?:(?P<h_y>{_YEAR})(?!\d)|(?P<h_r>this|last|next|the)\s+year)))(?!\w)",
    ),
    (
        "ago",
        rf"(?:(?P<ag_q>{_AGO_MODS})\s+)?(?P<ag_n>{_NUM}|{_VAGUE_NUM})[\s-]+(?P<ag_u>{_UNIT})\s+(?P<ag_d>(?i:ago|from\s+now|hence|earlier|later|before|after))(?!\w)",
    ),
    (
        "relunit",
        r"(?i:(?:(?P<ru_e>earlier|later)\s+(?:in\s+)?)?(?P<ru_d>last|next|this|coming|past|previous|current|following|upcoming|the\s+(?:past|last|previous|coming|next|following|current|same)|the)\s+(?P<ru_u>week(?:end)?|month|year|fiscal\s+year|decade|season|day))(?!\w)",
    ),
    (
        "set",
        rf"(?i:(?P<st_e>every|each)\s+(?:(?P<st_o>other)\s+|(?P<st_n>{_NUM})\s+)?(?P<st_u>{_SET_UNITS})|(?P<st_a>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)|(?P<st_t>once|twice|(?:three|four|\d+)\s+times)\s+(?:a|an|per|every)\s+(?P<st_u2>day|week|month|year|quarter|decade))(?!\w)",
    ),
    (
        "dur",
        rf"(?:(?P<du_q>{_DUR_QUAL})\s+)?(?P<du_n>{_NUM}|{_VAGUE_NUM})(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?P<du_u>{_UNIT})(?P<du_h>[\s-]+and[\s-]+a[\s-]+half)?(?!\w)",
    ),
    (
        "durpl",
        r"(?i:(?P<dp_q>the\s+(?:past|last|next|coming|previous|recent)|recent|coming|several|many)\s+)?(?P<dp_u>(?i:days|weeks|months|years|decades|centuries|hours|minutes))(?!\w)",
    ),
    (
        "vague",
        rf"(?P<vg_w>{_VAGUE_WORDS})(?!\w)",
    ),
]

_DIG = "#"
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
        "every",
        "each",
        "daily",
        "weekly",
        "monthly",
        "annually",
        "yearly",
        "hourly",
        "nightly",
        "biweekly",
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
        "daily",
        "weekly",
        "monthly",
        "annually",
        "yearly",
        "hourly",
        "nightly",
        "biweekly",
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
_WEAK_WORDS = {k for k in _TOKEN_RULES if k not in _STRONG_WORDS and k not in (_DIG, "'", "q")}


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
    r"[^a-z0-9](?:(?P<d>\d+)|(?P<w>"
    + alt(_STRONG_WORDS)
    + r")(?![a-z])|(?P<k>"
    + alt(_WEAK_WORDS)
    + r")(?![a-z])|(?P<q>q)(?=[1-4])|(?P<a>')(?=\d))"
)
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
    for tm in scan:
        kind = tm.lastgroup
        p = tm.start(kind) - shift
        if kind == "k":
            weak.append((p, tm.group(kind).lower()))
            continue
        if p < floor[0]:
            weak.clear()
            continue
        if weak:
            lo = max(floor[0], p - 28)
            for ws, key in weak:
                if (
                    ws < lo
                    or ws < floor[0]
                    or (ws and text[ws - 1] in _BAD_WEAK)
                    or text.count(" ", ws, p) > 3
                ):
                    continue
                gate = _WEAK_GATES.get(key)
                if gate is not None and not gate.match(low, ws + len(key) + shift):
                    continue
                yield ws, p, _key_rx(key)
            weak.clear()
        if p < floor[0] or not _start_ok(text, p):
            continue
        if kind == "d":
            n = len(tm.group("d"))
            key = "#4" if n == 4 else "#s" if n <= 2 else "#n"
        elif kind == "w":
            key = tm.group("w").lower()
        else:
            key = "'" if kind == "a" else "q"
        rx = _key_rx(key)
        if rx is not None:
            yield p, p, rx


# Context cues -----------------------------------------------------------------------------------
_CUE = re.compile(
    r"(?i)\b(?:(?P<f>will|won't|wo|shall|'ll|going\s+to|plans?\s+to|planned|planning|expects?|expected|to\s+be|scheduled|is\s+expected|are\s+expected|due\s+(?:to|on|in)|set\s+(?:to|for)|to\s+be\s+held|would|upcoming|next|intends?|aims?\s+to|hopes?\s+to|is\s+to|are\s+to|starting|beginning|as\s+soon\s+as|as\s+early\s+as)"
    r"|(?P<p>said|says|say|told|was|were|had|has|have|did|ago|last|earlier|since|reported|announced|(?!(?:scheduled|planned|expected|needed|indeed|united|hundred|based)\b)(?-i:[a-z]\w{2,}ed)))\b"
)
_MOD_BEFORE = re.compile(
    r"(?i)(?:^|(?<=\W))(?P<m>early|late|mid|the\s+(?:start|beginning|end|middle|turn|close)\s+of|the\s+(?:early|late|middle)\s+part\s+of|(?:the\s+)?(?:early|late|mid)[\s-]|about|around|approximately|some|nearly|almost|at\s+least|more\s+than|no\s+later\s+than|as\s+late\s+as|as\s+early\s+as)(?:-|\s+)$"
)
_DET_BEFORE = re.compile(
    r"(?i)(?:^|(?<=\W))(?P<d>last|next|this|coming|past|previous|the\s+(?:last|past|previous|coming|next|following|same)|the|that|early|late|mid)(?:-|\s+)$"
)
_MOD_WORDS = {
    "early": "START",
    "the start of": "START",
    "the beginning of": "START",
    "the early part of": "START",
    "mid": "MID",
    "the middle of": "MID",
    "the middle part of": "MID",
    "late": "END",
    "the end of": "END",
    "the late part of": "END",
    "the close of": "END",
    "the turn of": "END",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "more than": "MORE_THAN",
    "no later than": "ON_OR_BEFORE",
    "as late as": "ON_OR_BEFORE",
    "as early as": "ON_OR_AFTER",
}
_APPROX_MODS = {"APPROX", "LESS_THAN", "EQUAL_OR_MORE", "MORE_THAN", "ON_OR_BEFORE", "ON_OR_AFTER"}
_DUR_MODS = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "well over": "MORE_THAN",
    "just over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "about": "APPROX",
    "around": "APPROX",
    "some": "APPROX",
    "roughly": "APPROX",
    "approximately": "APPROX",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "under": "LESS_THAN",
    "just under": "LESS_THAN",
}
_GUARD_BEFORE = re.compile(
    r"(?i)(?:\b(?:page|pages|p\.|pp\.|room|no\.|nos\.|number|article|section|chapter|flight|route|highway|model|boeing|airbus|windows|level|rule|resolution|paragraph|clause|item|bus|tu|su|mig|il|an|f|b|mk|t|code|form|vol\.?|volume|issue|exit|gate|platform|line|unit|squad|apartment|suite|building|block|lot|ward|district|precinct|post|box|cell|bed|seat|row|locus|patent|version|v|verse|psalm|lat|lon|km|mile|kilometre|kilometer|grade|class|category|type|series|ps|xbox|office|the\s+year)\s*$|[\d$€£¥#%+*=/]\s*$|(?<!mid)(?<!late)(?<!early)(?<!pre)(?<!post)-$)"
)
_COUNT_AFTER = re.compile(
    r"(?i)^[\s-]+(?:people|persons|troops|soldiers|workers|residents|employees|votes|voters|dollars|euros|pounds|yuan|rubles|roubles|hryvnias|shares|units|cars|vehicles|jobs|times|percent|per\s*cent|miles|kilometers|kilometres|km|meters|metres|feet|tons|tonnes|barrels|acres|hectares|homes|houses|students|children|men|women|cases|deaths|victims|refugees|prisoners|signatures|members|seats|points|calories|pages|words|copies|rounds|missiles|drones|tanks|planes|aircraft|ships|items|tests|doses|patients|families|households|companies|firms|flights|passengers|participants|delegates|protesters|officers|police|staff|years\s+old|year-old|-year-old|kg|mw|gw|mph|hp|cc)\b"
)
_SENT_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_CAP_BEFORE = re.compile(r"(?:^|\s)(?P<w>[A-Z][\w-]*)\s+$")
_YEAR_OK_BEFORE = {
    "In",
    "Since",
    "By",
    "Until",
    "Through",
    "During",
    "Of",
    "For",
    "Before",
    "After",
    "From",
    "To",
    "And",
    "Or",
    "The",
    "Fiscal",
    "FY",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
    "Early",
    "Late",
    "Mid",
    "Christmas",
    "Easter",
    "Year",
    "Class",
    "Budget",
    "Election",
    "Census",
    "Between",
    "Around",
    "About",
    "Circa",
    "On",
    "Till",
    "Last",
    "Next",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "H1",
    "H2",
}
_BARE_MONTH_OK = re.compile(
    r"(?i)\b(?:in|since|until|till|by|during|through|from|to|of|before|after|early|late|mid|last|next|this|since|until|and|or|between|throughout|the|each|every|around|for|on|past|coming|that|of)[\s-]+$"
)
_SEASON_OK = re.compile(
    r"(?i)\b(?:the|this|last|next|early|late|mid|in|during|by|until|since|that|each|every|past|coming|through)[\s-]+$"
)
_MODAL_AFTER = re.compile(r"^\s+(?:I|we|you|he|she|it|they|be|have|not|also|well|the|a|an|this|that|there)\b")


class _Ctx:
    """Per-call state; tiny and built once per ``tag`` call."""

    __slots__ = ("text", "day", "prev", "last_q")

    def __init__(self, text: str, day: date | None) -> None:
        self.text = text
        self.day = day
        self.prev: Timex | None = None
        self.last_q: tuple[int, int] | None = None


def _num(s: str) -> float | None:
    """Number in digits or words; None for vague quantities ("several")."""
    s = s.lower().replace("-", " ")
    s = " ".join(s.split())
    try:
        return float(s)
    except ValueError:
        pass
    if s in NUMBERS:
        return NUMBERS[s]
    parts = s.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def _unit(u: str) -> tuple[str, str]:
    """(TIMEX3 duration letter(s), calendar granularity) of a unit word."""
    u = u.lower()
    if u.endswith("ies"):
        u = u[:-3] + "y"
    elif u.endswith("s"):
        u = u[:-1]
    code = {
        "second": "S",
        "minute": "M",
        "hour": "H",
        "day": "D",
        "week": "W",
        "weekend": "WE",
        "fortnight": "W",
        "month": "M",
        "quarter": "Q",
        "year": "Y",
        "decade": "DE",
        "century": "CE",
    }[u]
    gran = {
        "second": "day",
        "minute": "day",
        "hour": "day",
        "weekend": "week",
        "fortnight": "week",
        "century": "century",
    }.get(u, u)
    return code, gran


def _dur_value(n: float | None, code: str, unit: str) -> str:
    """TIMEX3 duration value; hours/minutes/seconds go under T, fortnights become weeks."""
    if unit.lower().startswith("fortnight") and n is not None:
        n *= 2
    if code == "Q" and n is not None:
        code, n = "M", n * 3
    if code in ("DE", "CE") and n is not None:
        code, n = "Y", n * (10 if code == "DE" else 100)
    if code == "WE":
        code = "WE"
    if n is None:
        q = "X"
    else:
        q = str(int(n)) if n == int(n) else f"{n:g}"
    if code in ("H", "S") or (code == "M" and unit.lower().startswith("minute")):
        return f"PT{q}{code}"
    return f"P{q}{code}"


_IMMEDIATE_FUTURE = re.compile(r"(?i)\b(?:from|starting|beginning|as\s+of)\s+(?:on\s+|next\s+)?$")


def _direction(text: str, s: int, e: int, weekday: bool = False) -> int:
    """+1/-1 when the nearest tense/plan cue points to the future/past, 0 without a cue.

    A weekday right after "from"/"starting" ("from Friday") looks forward whatever the tense.
    """
    if weekday and _IMMEDIATE_FUTURE.search(text, max(0, s - 16), s):
        return 1
    lo = max(0, s - 70)
    window = text[lo:s]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    if cut >= 0:
        window = window[cut + 1 :]
    found = _CUE.findall(window)
    if found:
        return 1 if found[-1][0] else -1
    after = text[e : e + 50]
    stop = after.find(". ")
    if stop >= 0:
        after = after[:stop]
    for m in _CUE.finditer(after):
        return 1 if m.lastgroup == "f" else -1
    return 0


_PLURAL_AFTER = re.compile(r"\s+[a-z]+[^s\W]*s\b(?<!\bhas)(?<!\bwas)(?<!\bis)(?<!\bas)(?<!\bthis)")
_DET_YEAR_BEFORE = re.compile(
    r"(?i)\b(?:the|a|its|their|his|her|this|that|in|of|since|by|until|for|from|to|during|before|after|between)\s+$"
)


def _year_ok(text: str, s: int, e: int) -> bool:
    """Guard a bare 4-digit number against counts, money, model and article numbers."""
    before = text[max(0, s - 20) : s]
    if _GUARD_BEFORE.search(before):
        return False
    if _COUNT_AFTER.match(text, e) or _COUNT_AFTER.match(text[e : e + 25]):
        return False
    if _PLURAL_AFTER.match(text, e) and not _DET_YEAR_BEFORE.search(before):
        return False
    m = _CAP_BEFORE.search(before)
    if m and m["w"] not in _YEAR_OK_BEFORE and m["w"].capitalize() not in _YEAR_OK_BEFORE:
        if not _SENT_START.search(before[: m.start("w")]) and m["w"].lower() not in MONTHS:
            return False
    return True


def _ordinal(y: int, mth: int, d: int) -> int:
    try:
        return date(y, mth, d).toordinal()
    except ValueError:
        return date(y, mth, 28).toordinal()


def _year(s: str) -> int:
    """Year from digits, "'98" or words ("nineteen ninety-six", "two thousand and one")."""
    if s[:1].isdigit():
        return int(s)
    if s.startswith("'"):
        return cm.two_digit_year(int(s[1:]))
    w = s.lower().replace("-", " ").split()
    if w[0] == "two":
        rest = [x for x in w[2:] if x != "and"]
        return 2000 + int(_num(" ".join(rest)) or 0) if rest else 2000
    rest = " ".join(w[1:])
    return 1900 + (0 if rest == "hundred" else int(_num(rest) or 0))


def _day_value(ctx: _Ctx, y: int | None, mth: int, d: int, direction_span: tuple[int, int]) -> str | None:
    try:
        if y is not None:
            return date(y, mth, d).isoformat()
        if ctx.day is None:
            date(2000, mth, d)
            return f"XXXX-{mth:02d}-{d:02d}"
        direction = _direction(ctx.text, *direction_span)
        if direction == 0:
            yy = min(
                (ctx.day.year + k for k in (-1, 0, 1)),
                key=lambda y: abs(_ordinal(y, mth, d) - ctx.day.toordinal()),
            )
        else:
            yy = cm.month_year(ctx.day, mth, direction)
        return date(yy, mth, d).isoformat()
    except ValueError:
        return None


def _h_iso(ctx: _Ctx, m: re.Match) -> tuple | None:
    try:
        d = date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    except ValueError:
        return None
    if m["iso_h"]:
        return "TIME", f"{d.isoformat()}T{m['iso_h']}:{m['iso_mi']}"
    return "DATE", d.isoformat()


def _h_isoweek(ctx: _Ctx, m: re.Match) -> tuple | None:
    y, w = int(m["iw_y"]), int(m["iw_w"])
    try:
        date.fromisocalendar(y, w, 1)
    except ValueError:
        return None
    v = f"{y:04d}-W{w:02d}"
    if m["iw_d"]:
        try:
            return "DATE", date.fromisocalendar(y, w, int(m["iw_d"])).isoformat()
        except ValueError:
            return None
    return "DATE", v


def _h_ymd(ctx: _Ctx, m: re.Match) -> tuple | None:
    try:
        return "DATE", date(int(m["ymd_y"]), int(m["ymd_m"]), int(m["ymd_d"])).isoformat()
    except ValueError:
        return None


def _h_numdate(ctx: _Ctx, m: re.Match) -> tuple | None:
    a, b, ys = int(m["nd_a"]), int(m["nd_b"]), m["nd_y"]
    sep = m["nd_s"]
    if len(ys) == 2:
        if sep != "/":
            return None
        y = cm.two_digit_year(int(ys))
    else:
        y = int(ys)
    if sep == "." or a > 12:
        d, mth = a, b
    else:
        mth, d = a, b
    try:
        return "DATE", date(y, mth, d).isoformat()
    except ValueError:
        return None


def _pod_suffix(v: str | None, pod: str | None) -> tuple[str, str | None]:
    if pod and v and len(v) == 10:
        return "TIME", f"{v}T{PODS[pod.lower()]}"
    return "DATE", v


def _h_mdy(ctx: _Ctx, m: re.Match) -> tuple | None:
    y = _year(m["mdy_y"]) if m["mdy_y"] else None
    mth = MONTHS[m["mdy_m"].rstrip(".").lower()]
    if (
        m["mdy_m"].rstrip(".").lower() == "may"
        and not m["mdy_y"]
        and not m["mdy_wd"]
        and _MODAL_AFTER.match(ctx.text, m.end("mdy_d"))
    ):
        return None
    v = _day_value(ctx, y, mth, int(m["mdy_d"]), m.span())
    return _pod_suffix(v, m["mdy_pod"]) if v else None


def _h_dmy(ctx: _Ctx, m: re.Match) -> tuple | None:
    y = int(m["dmy_y"]) if m["dmy_y"] else None
    mth = MONTHS[m["dmy_m"].rstrip(".").lower()]
    v = _day_value(ctx, y, mth, int(m["dmy_d"]), m.span())
    return ("DATE", v) if v else None


def _h_my(ctx: _Ctx, m: re.Match) -> tuple | None:
    y = _year(m["my_y"])
    mth = MONTHS[m["my_m"].rstrip(".").lower()]
    if m["my_m"] in ("May", "MAY", "March", "MARCH") and ctx.text[m.start() - 1 : m.start()] not in (
        " ",
        "\n",
        "(",
        "",
    ):
        pass
    return "DATE", f"{y:04d}-{mth:02d}"


def _h_qcode(ctx: _Ctx, m: re.Match) -> tuple | None:
    n = m["qc_n"] or m["qc_n2"]
    ys = m["qc_y"] or m["qc_y2"]
    y = cm.two_digit_year(int(ys[1:])) if ys.startswith("'") else int(ys)
    ctx.last_q = (y, int(n))
    return "DATE", f"{y:04d}-Q{n}"


def _h_decade(ctx: _Ctx, m: re.Match) -> tuple | None:
    if m["dc_y"]:
        return "DATE", m["dc_y"][:3]
    if m["dc_yy"]:
        yy = int(m["dc_yy"])
        return "DATE", ("20" if yy < 30 else "19") + m["dc_yy"][0]
    base = ctx.day.year // 100 * 10 - 10 if ctx.day else None
    digit = DECADE_WORDS[m["dc_w"].lower()]
    if base is None:
        return "DATE", f"XX{digit}"
    return "DATE", f"{(ctx.day.year // 100 - (1 if digit * 10 > ctx.day.year % 100 else 0)):02d}{digit}"


def _h_century(ctx: _Ctx, m: re.Match) -> tuple | None:
    if m["ce_n"]:
        n = int(m["ce_n"])
    else:
        n = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20}.get(m["ce_w"].lower(), 21)
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}"


def _h_relcent(ctx: _Ctx, m: re.Match) -> tuple | None:
    d = m["rc_d"].lower().split()[-1]
    if ctx.day is None:
        return "DATE", "XX"
    off = {"this": 0, "current": 0, "last": -1, "previous": -1, "past": -1, "next": 1}[d]
    if m["rc_d"].lower().startswith("the") and d in ("last", "past"):
        return "DURATION", "P1CE"
    return "DATE", f"{ctx.day.year // 100 + off:02d}"


def _h_time(ctx: _Ctx, m: re.Match) -> tuple | None:
    if m["tm_w"]:
        hh, mm = (12, 0) if m["tm_w"].lower() == "noon" else (24, 0)
    elif m["tm_h"]:
        hh, mm = int(m["tm_h"]), int(m["tm_m"] or 0)
        if hh > 12 or hh == 0:
            return None
        pm = m["tm_ap"].lower().startswith("p")
        if pm and hh < 12:
            hh += 12
        elif not pm and hh == 12:
            hh = 0
    else:
        hh, mm = int(m["tm_h2"]), int(m["tm_m2"])
    end = None
    day = None
    after = _DAY_AFTER_TIME.match(ctx.text, m.end())
    if after:
        end = after.end()
        w = after["w"].lower()
        if ctx.day is None:
            day = "XXXX-XX-XX"
        elif w in WEEKDAYS:
            direction = _direction(ctx.text, m.start(), end) or -1
            day = cm.weekday_near(ctx.day, WEEKDAYS[w], direction).isoformat()
        else:
            day = cm.shift_day(ctx.day, {"yesterday": -1, "today": 0, "tomorrow": 1}[w]).isoformat()
    prev = ctx.prev
    if day is None and prev is not None and prev.value and len(prev.value) >= 10 and prev.value[4] == "-":
        gap = ctx.text[prev.end : m.start()]
        if len(gap) <= 80 and ". " not in gap and prev.value[:4].isdigit():
            day = prev.value[:10]
    if day is None:
        day = ctx.day.isoformat() if ctx.day is not None else "XXXX-XX-XX"
    return "TIME", f"{day}T{hh:02d}:{mm:02d}", None, end


_DAY_AFTER_TIME = re.compile(
    r"(?:\s+\([^)]{1,20}\))?,?\s+(?:on\s+)?(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?i:yesterday|today|tomorrow))\b"
)


def _h_year(ctx: _Ctx, m: re.Match) -> tuple | None:
    if m["yr_w"]:
        if not m["yr_t"] and not re.search(
            r"(?i)\b(?:in|of|since|until|by|from|to|and|year)\s+$",
            ctx.text[max(0, m.start() - 8) : m.start()],
        ):
            return None
        return "DATE", f"{_year(m['yr_w']):04d}"
    if not m["yr_f"] and not _year_ok(ctx.text, m.start(), m.end()):
        return None
    return "DATE", m["yr_y"]


def _h_relday(ctx: _Ctx, m: re.Match) -> tuple | None:
    w = " ".join(m["rd_w"].lower().split())
    off = {
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
        "tonite": 0,
        "last night": -1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "this": 0,
    }[w]
    pod = m["rd_pod"]
    if w in ("tonight", "tonite", "last night"):
        pod = "night"
    if ctx.day is None:
        v = "XXXX-XX-XX"
    else:
        v = cm.shift_day(ctx.day, off).isoformat()
    if pod:
        return "TIME", f"{v}T{PODS[pod.lower()]}"
    return "DATE", v


def _h_weekday(ctx: _Ctx, m: re.Match) -> tuple | None:
    wd = WEEKDAYS[m["wd_w"].lower()]
    if m["wd_pl"]:
        return "SET", f"XXXX-WXX-{wd}"
    if ctx.day is None:
        v = f"XXXX-WXX-{wd}"
    else:
        v = cm.weekday_near(
            ctx.day,
            wd,
            -1
            if ctx.text.startswith("'s", m.end())
            else (_direction(ctx.text, m.start(), m.end(), True) or -1),
        ).isoformat()
    if m["wd_pod"] and ctx.day is not None:
        return "TIME", f"{v}T{PODS[m['wd_pod'].lower()]}"
    return "DATE", v


def _h_month(ctx: _Ctx, m: re.Match) -> tuple | None:
    word = m["mo_m"]
    mth = MONTHS[word.lower()]
    if word.lower() in ("may", "march"):
        before = ctx.text[max(0, m.start() - 15) : m.start()]
        if not _BARE_MONTH_OK.search(before) or _MODAL_AFTER.match(ctx.text, m.end()):
            return None
    if ctx.day is None:
        return "DATE", f"XXXX-{mth:02d}"
    if m["mo_r"]:
        y = ctx.day.year + {"this": 0, "last": -1, "next": 1}[m["mo_r"].lower()]
        return "DATE", f"{y:04d}-{mth:02d}"
    direction = _direction(ctx.text, m.start(), m.end())
    if direction == 0:
        diff = (mth - ctx.day.month) % 12
        direction = 1 if 0 < diff < 6 else -1
    y = cm.month_year(ctx.day, mth, direction)
    return "DATE", f"{y:04d}-{mth:02d}"


def _h_season(ctx: _Ctx, m: re.Match) -> tuple | None:
    word = m["se_w"].lower()
    code = SEASONS[word]
    if m["se_y"]:
        return "DATE", f"{_year(m['se_y']):04d}-{code}"
    before = ctx.text[max(0, m.start() - 15) : m.start()]
    if not _SEASON_OK.search(before):
        return None
    if ctx.day is None:
        return "DATE", f"XXXX-{code}"
    y = ctx.day.year
    if code == "WI" and ctx.day.month <= 2:
        y -= 1
    return "DATE", f"{y:04d}-{code}"


def _q_shift(y: int, q: int, n: int) -> tuple[int, int]:
    k = y * 4 + q - 1 + n
    return k // 4, k % 4 + 1


def _h_quarter(ctx: _Ctx, m: re.Match) -> tuple | None:
    o = (m["q_o"] or "").lower()
    pre = (m["q_pre"] or "").lower()
    if m["q_word"].lower() == "period" and not (m["q_ya"] or m["q_yb"] or o == "latest"):
        return None
    res = _quarter_value(ctx, m, o, pre)
    if res is None:
        return None
    start = None
    if pre and (pre in ("its", "that") or "-quarter" in m.group().lower()):
        start = m.end("q_pre") + 1
        while ctx.text[start].isspace():
            start += 1
    return res[0], res[1], None, None, start


def _quarter_value(ctx: _Ctx, m: re.Match, o: str, pre: str) -> tuple | None:
    n = ORDINALS.get(o)
    if n is not None and n > 4:
        return None
    if not (o or pre in ("the", "this", "that") or m["q_yb"] or m["q_ya"] or m["q_ry"]):
        return None
    y = None
    if m["q_y"] or m["q_yb"]:
        y = int(m["q_y"] or m["q_yb"])
    elif m["q_r"] and ctx.day:
        y = ctx.day.year + {"this": 0, "last": -1, "next": 1}[m["q_r"].lower()]
    elif m["q_ry"] and ctx.day:
        y = ctx.day.year + {"this": 0, "last": -1, "next": 1}[m["q_ry"].lower()]
    if ctx.day is None and y is None:
        return "DATE", f"XXXX-Q{n}" if n else "XXXX-QX"
    if m["q_ya"]:
        base = ctx.last_q or _q_shift(ctx.day.year, (ctx.day.month - 1) // 3 + 1, -1)
        yq = _q_shift(base[0], base[1], -4)
        if n:
            yq = (yq[0], n)
        return "DATE", f"{yq[0]:04d}-Q{yq[1]}"
    if n is None and o == "final" and y is not None:
        n = 4
    if n is not None:
        if y is None:
            cur = (ctx.day.month - 1) // 3 + 1
            direction = _direction(ctx.text, m.start(), m.end()) or -1
            y = ctx.day.year
            if n > cur and direction < 0:
                y -= 1
        ctx.last_q = (y, n)
        return "DATE", f"{y:04d}-Q{n}"
    if y is not None:
        if ctx.last_q:
            return "DATE", f"{y:04d}-Q{ctx.last_q[1]}"
        return "DATE", f"{y:04d}-QX"
    cur = (ctx.day.year, (ctx.day.month - 1) // 3 + 1)
    if o == "same" and ctx.last_q:
        yq = ctx.last_q
    elif o in ("current",) or (pre == "this" and not o):
        yq = cur
    elif o in ("next", "coming"):
        yq = _q_shift(*cur, 1)
    else:
        yq = _q_shift(*cur, -1)
    ctx.last_q = yq
    return "DATE", f"{yq[0]:04d}-Q{yq[1]}"


def _h_holiday(ctx: _Ctx, m: re.Match) -> tuple | None:
    name = " ".join(m["hd"].lower().split())
    if name == "may day" and _MODAL_AFTER.match(ctx.text, m.end()):
        return None
    if ctx.day is None:
        return "DATE", "XXXX-XX-XX"
    direction = _direction(ctx.text, m.start(), m.end())
    cands = [(y, holiday(name, y)) for y in (ctx.day.year - 1, ctx.day.year, ctx.day.year + 1)]
    cands = [(y, d) for y, d in cands if d is not None]
    if not cands:
        return None
    if direction < 0:
        pool = [d for _, d in cands if d <= ctx.day] or [d for _, d in cands]
        d = max(pool)
    elif direction > 0:
        pool = [d for _, d in cands if d >= ctx.day] or [d for _, d in cands]
        d = min(pool)
    else:
        d = min((d for _, d in cands), key=lambda x: abs(x.toordinal() - ctx.day.toordinal()))
    return "DATE", d.isoformat()


def _h_yearend(ctx: _Ctx, m: re.Match) -> tuple | None:
    if ctx.day is None:
        return "DATE", "XXXX-12-31"
    since = re.search(r"(?i)\bsince\s+$", ctx.text[max(0, m.start() - 7) : m.start()])
    return "DATE", f"{ctx.day.year - (1 if since else 0):04d}-12-31"


_YEAR_FRAME_BEFORE = re.compile(r"(?i)\b(?:for|of|during|throughout|in)\s+$")


def _h_theyear(ctx: _Ctx, m: re.Match) -> tuple | None:
    """Financial "the year ended June 30" is a one-year period; "for the (full) year" is the current year."""
    if m["ty_e"]:
        return "DURATION", "P1Y", None, m.start("ty_e")
    if not _YEAR_FRAME_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    if ctx.text.startswith((" before", " after", " when", " in which", " of the"), m.end()):
        return None
    return "DATE", f"{ctx.day.year:04d}" if ctx.day else "XXXX"


def _h_yearago(ctx: _Ctx, m: re.Match) -> tuple | None:
    if ctx.day is None:
        return "DATE", "XXXX"
    if ctx.last_q:
        yq = _q_shift(*ctx.last_q, -4)
        return "DATE", f"{yq[0]:04d}-Q{yq[1]}"
    return "DATE", f"{ctx.day.year - 1:04d}"


def _h_half(ctx: _Ctx, m: re.Match) -> tuple | None:
    n = 1 if m["h_o"].lower() == "first" else 2
    if m["h_y"]:
        y = int(m["h_y"])
    elif ctx.day is None:
        return "DATE", f"XXXX-H{n}"
    else:
        r = m["h_r"].lower()
        y = ctx.day.year + {"this": 0, "the": 0, "last": -1, "next": 1}[r]
    return "DATE", f"{y:04d}-H{n}"


def _h_ago(ctx: _Ctx, m: re.Match) -> tuple | None:
    n = _num(m["ag_n"])
    code, gran = _unit(m["ag_u"])
    d = " ".join(m["ag_d"].lower().split())
    if (
        d in ("earlier", "ago")
        and n == 1
        and code == "Y"
        and ctx.day is not None
        and (d == "earlier" or ctx.last_q)
    ):
        return _h_yearago(ctx, m)
    if d in ("before", "after", "earlier", "later"):
        return "DURATION", _dur_value(n, code, m["ag_u"])
    sign = -1 if d == "ago" else 1
    if ctx.day is None or n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    if n != int(n):
        gran = {"year": "month", "month": "day", "week": "day", "decade": "year"}.get(gran, gran)
        n = n * {"year": 12, "month": 30, "week": 7, "decade": 10}.get(_unit(m["ag_u"])[1], 1)
    amount = int(n)
    if code == "DE":
        amount, gran = amount * 10, "year"
    if code == "CE":
        amount, gran = amount * 100, "year"
    target = cm.shift(ctx.day, gran, sign * amount)
    return "DATE", cm.fmt(target, gran)


_REL_OFF = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "next": 1,
    "coming": 1,
    "following": 1,
    "upcoming": 1,
    "this": 0,
    "current": 0,
    "same": 0,
    "the": 0,
}


def _h_relunit(ctx: _Ctx, m: re.Match) -> tuple | None:
    d = m["ru_d"].lower().split()
    u = " ".join(m["ru_u"].lower().split())
    has_the = d[0] == "the"
    word = d[-1]
    if u == "fiscal year":
        u = "year"
    if u == "season":
        return None
    if has_the and word == "the":
        if u in ("year", "month", "week") and m["ru_e"]:
            off = 0
        elif u == "weekend":
            if ctx.day is None:
                return "DATE", "XXXX-WXX-WE"
            direction = _direction(ctx.text, m.start(), m.end()) or -1
            off = -1 if direction < 0 and ctx.day.isoweekday() < 6 else 0
        else:
            return None
    elif has_the and word in ("past", "last", "previous", "coming", "next", "following"):
        if u in ("day",):
            return None
        code, _ = _unit(u)
        return "DURATION", _dur_value(1, code, u)
    else:
        off = _REL_OFF[word]
    if u == "day":
        return None
    gran = "week" if u == "weekend" else u
    if ctx.day is None:
        return "DATE", cm.unknown(gran)
    target = cm.shift(ctx.day, gran, off)
    v = cm.fmt(target, gran)
    if u == "weekend":
        v += "-WE"
    return "DATE", v, None, None, m.start("ru_d") if m["ru_e"] else None


def _h_set(ctx: _Ctx, m: re.Match) -> tuple | None:
    if m["st_a"]:
        a = m["st_a"].lower()
        if _ADVERB_SET_AFTER.match(ctx.text, m.end()):
            return None
        v = {
            "daily": "P1D",
            "nightly": "P1D",
            "weekly": "P1W",
            "biweekly": "P2W",
            "monthly": "P1M",
            "annually": "P1Y",
            "yearly": "P1Y",
            "quarterly": "P3M",
            "hourly": "PT1H",
        }[a]
        return "SET", v
    if m["st_t"]:
        code, _ = _unit(m["st_u2"])
        return "SET", _dur_value(1, code, m["st_u2"])
    u = m["st_u"].lower()
    if u in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[u]}"
    if u in SEASONS:
        return "SET", f"XXXX-{SEASONS[u]}"
    if u in MONTHS:
        return "SET", f"XXXX-{MONTHS[u]:02d}"
    if u in PODS:
        return "SET", f"TXX{PODS[u]}" if False else f"XXXX-XX-XXT{PODS[u]}"
    n = 2 if m["st_o"] else (_num(m["st_n"]) if m["st_n"] else 1)
    code, _ = _unit(u)
    return "SET", _dur_value(n, code, u)


def _h_dur(ctx: _Ctx, m: re.Match) -> tuple | None:
    n = _num(m["du_n"])
    if n is not None and m["du_h"]:
        n += 0.5
    if n is not None and n > 1000 and m["du_n"][0].isdigit():
        return None
    code, _ = _unit(m["du_u"])
    if _AGE_AFTER.match(ctx.text, m.end()):
        return None
    if not m["du_q"] and m["du_n"].lower() in ("a", "an"):
        if code == "S" or _RATE_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()):
            return None
    if code == "Q" and (
        "-" in ctx.text[m.start("du_n") : m.start("du_u")] or ctx.text.startswith(" of", m.end())
    ):
        return None
    q = m["du_q"]
    mod = _DUR_MODS.get(" ".join(q.lower().split())) if q else None
    start = m.start("du_n") if q and q.lower() in ("about", "only", "just") else None
    return "DURATION", _dur_value(n, code, m["du_u"]), mod, None, start


_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|percent|[a-z]+s|once|twice|times))\s+$"
)
_AGE_AFTER = re.compile(r"(?i)-?\s*olds?\b|\s+of\s+age\b")
_ADVERB_SET_AFTER = re.compile(
    r"\s+(?!and\b|or\b|to\b|in\b|on\b|at\b|for\b|since\b|until\b|from\b|by\b|as\b|but\b)[a-z]"
)


def _h_durpl(ctx: _Ctx, m: re.Match) -> tuple | None:
    q = m["dp_q"]
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not q and not re.search(r"\b(?:for|within|than|take|takes|took|lasted|last)\s+$", before):
        return None
    code, _ = _unit(m["dp_u"])
    ql = " ".join(q.lower().split()) if q else ""
    if ql in ("recent", "the recent"):
        return "DATE", "PAST_REF"
    if ql in ("coming", "the coming"):
        return "DATE", "FUTURE_REF"
    return "DURATION", _dur_value(None, code, m["dp_u"])


_VAGUE = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "for now": "PRESENT_REF",
    "just now": "PRESENT_REF",
    "until now": "PRESENT_REF",
    "so far": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "once": "PAST_REF",
    "formerly": "PAST_REF",
    "previously": "PAST_REF",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "in the near future": "FUTURE_REF",
}


_PAST_END = re.compile(
    r"\s*(?:[,.;:!?)\"']|$|(?:and|or|but|when|as|to|in|of|for|with|because|is|was|has|had)\b)"
)


def _h_vague(ctx: _Ctx, m: re.Match) -> tuple | None:
    w = " ".join(m["vg_w"].lower().split())
    if w in ("once", "formerly", "previously", "for now", "just now", "until now", "so far", "lately"):
        return None
    if w == "the past" and not _PAST_END.match(ctx.text, m.end()):
        return None
    if w == "the past" and re.match(
        r"\s+(?:\d|\w+\s+(?:days|weeks|months|years)|few|several)", ctx.text[m.end() : m.end() + 30]
    ):
        return None
    return "DATE", _VAGUE[w]


HANDLERS: dict[str, Callable[[_Ctx, re.Match], tuple | None]] = {
    f"R_{name}": globals()[f"_h_{name}"] for name, _ in _RULES
}
_EXTENDABLE = {
    "R_relday",
    "R_mdy",
    "R_dmy",
    "R_my",
    "R_month",
    "R_year",
    "R_decade",
    "R_century",
    "R_season",
    "R_weekday",
    "R_relunit",
    "R_qcode",
    "R_quarter",
    "R_half",
    "R_iso",
    "R_relcent",
}
_DET_EXTENDABLE = {"R_month", "R_weekday", "R_season", "R_mdy", "R_year"}


_LAST_WORDS = frozenset(
    "early late mid of last next this coming past previous following same the that about around approximately "
    "some nearly almost least than as".split()
)


def _modifier_before(text: str, s: int) -> bool:
    """Cheap test that the word before ``s`` could be a modifier, so the regexes only run when useful."""
    if s < 2:
        return False
    if text[s - 1] == "-":
        return True
    if text[s - 1] not in " \n\t":
        return False
    k = max(text.rfind(" ", max(0, s - 16), s - 1), text.rfind("\n", max(0, s - 16), s - 1))
    return text[k + 1 : s - 1].lower() in _LAST_WORDS


def _extend(ctx: _Ctx, rule: str, s: int, typ: str, value: str | None, mod: str | None) -> tuple:
    """Pull preceding modifiers ("late", "the end of") and determiners ("last", "next") into the span."""
    text = ctx.text
    if not _modifier_before(text, s):
        return s, typ, value, mod
    lo = max(0, s - 24)
    if rule in _DET_EXTENDABLE:
        dm = _DET_BEFORE.search(text, lo, s)
        if dm:
            word = " ".join(dm["d"].lower().split())
            base = word.split()[-1]
            if (
                base in ("last", "next", "this", "coming", "past", "previous", "following", "same")
                and value
                and ctx.day
            ):
                off = _REL_OFF.get(base, 0)
                value = _shift_named(ctx, rule, value, off)
                s = dm.start("d")
            elif base in ("the", "that") and rule in ("R_season",):
                pass
            elif base in ("last", "next", "this", "coming", "past", "previous") and ctx.day is None:
                s = dm.start("d")
    if rule in _EXTENDABLE:
        mm = _MOD_BEFORE.search(text, max(0, s - 24), s)
        if mm:
            w = " ".join(mm["m"].lower().replace("-", " ").split())
            if w.startswith("the ") and w.split()[1] in ("early", "late", "mid"):
                w = w.split()[1]
            new_mod = _MOD_WORDS.get(w)
            if new_mod in _APPROX_MODS and rule not in ("R_year", "R_decade", "R_century", "R_my"):
                new_mod = None
            if new_mod:
                mod = new_mod
                s = mm.start("m")
    return s, typ, value, mod


def _shift_named(ctx: _Ctx, rule: str, value: str, off: int) -> str:
    """Re-anchor a named month/weekday/season/day after "last"/"next"/"this"."""
    day = ctx.day
    if rule == "R_weekday" and len(value) >= 10 and value[4] == "-":
        wd = date.fromisoformat(value[:10]).isoweekday()
        if off < 0:
            v = cm.weekday_near(day, wd, -1, strict=True)
        elif off > 0:
            v = cm.weekday_near(day, wd, 1, strict=True)
        else:
            v = cm.shift_day(day, wd - day.isoweekday())
        return v.isoformat() + value[10:]
    if rule in ("R_month", "R_mdy") and len(value) >= 7 and value[4] == "-":
        mth = int(value[5:7])
        if off < 0:
            y = day.year if mth < day.month else day.year - 1
        elif off > 0:
            y = day.year if mth > day.month else day.year + 1
        else:
            y = day.year
        return f"{y:04d}" + value[4:]
    if rule == "R_season":
        code = value[-2:]
        first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        this_season_year = day.year - 1 if code == "WI" and day.month <= 2 else day.year
        if off < 0:
            # the most recent season of that name that has already ended
            y = this_season_year if day.month > first_month + 2 and code != "WI" else this_season_year - 1
        elif off > 0:
            y = this_season_year if day.month < first_month and code != "WI" else this_season_year + 1
        else:
            y = this_season_year
        return f"{y:04d}-{code}"
    return value


def tag_en(text: str, day: date | None) -> list[Timex]:
    """Try the rules only at tokens that can start an expression; accepted hits become Timex records."""
    ctx = _Ctx(text, day)
    out: list[Timex] = []
    floor = [0]
    for p, trigger, rx in _candidates(text, floor):
        if p < floor[0]:
            continue
        m = rx.match(text, p)
        if m is None or m.end() <= trigger:
            continue
        rule = m.lastgroup
        res = HANDLERS[rule](ctx, m)
        if res is None:
            continue
        typ, value = res[0], res[1]
        mod = res[2] if len(res) > 2 else None
        s = res[4] if len(res) > 4 and res[4] is not None else m.start()
        e = res[3] if len(res) > 3 and res[3] else m.end()
        if typ in ("DATE", "TIME"):
            s, typ, value, mod = _extend(ctx, rule, s, typ, value, mod)
        if out and s < out[-1].end:
            s = m.start()
        t = Timex(s, e, text[s:e], typ, value, mod)
        out.append(t)
        ctx.prev = t
        floor[0] = e
    return out
