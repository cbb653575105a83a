"""Context reading for English rules: tense cues, guards against counts and codes, number words."""

from __future__ import annotations

import re
from datetime import date

from . import calendar_math as cm
from .english_patterns import (
    MONTHS,
    NUMBERS,
)
from .model import Timex

# Context cues -----------------------------------------------------------------------------------
# Reference definition of the tense cues; ``_cues`` reads them faster and is tested against this regex.
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

    __slots__ = ("text", "day", "prev", "last_q", "anchor", "anchor_end")

    def __init__(self, text: str, day: date | None) -> None:
        self.text = text
        self.day = day
        self.prev: Timex | None = None
        self.last_q: tuple[int, int] | None = None
        self.anchor: date | None = None  # last explicit calendar date: the narrative's reference time
        self.anchor_end = 0

    def reference(self, s: int) -> date | None:
        """The last explicit date if it is in this or the previous sentence (anaphoric "that day")."""
        if self.anchor is None:
            return None
        gap = self.text[self.anchor_end : s]
        if gap.count(". ") + gap.count("? ") + gap.count("! ") > 1 or "\n\n" in gap:
            return None
        return self.anchor


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
    found = _cues(window, False)
    if found:
        return found
    after = text[e : e + 50]
    stop = after.find(". ")
    if stop >= 0:
        after = after[:stop]
    return _cues(after, True)


# Word-level twin of ``_CUE`` (same verdicts, a fifth of the cost): a dictionary walk over the tokens.
_TOKEN = re.compile(r"[\w']+")
_TOKEN_GAP = re.compile(r"([^\w']*)([\w']+)")
_FUT_WORDS = frozenset(
    "will won't wo shall planned planning expects expect expected upcoming next intends intend starting "
    "beginning would scheduled".split()
)
_PAST_WORDS = frozenset(
    "said says say told was were had has have did ago last earlier since reported announced".split()
)
_NOT_PAST_ED = frozenset("scheduled planned expected needed indeed united hundred based".split())
# (first word, allowed second words): two-word future cues
_FUT_PAIRS = {
    "going": ("to",),
    "plans": ("to",),
    "plan": ("to",),
    "aims": ("to",),
    "aim": ("to",),
    "hopes": ("to",),
    "hope": ("to",),
    "is": ("to", "expected"),
    "are": ("to", "expected"),
    "due": ("to", "on", "in"),
    "set": ("to", "for"),
    "to": ("be",),
}


def _words(window: str) -> tuple[list[str], list[bool]]:
    """The words of ``window`` (contractions split, "won't"/"'ll" read as "will") and, per word, whether
    only white space separates it from the previous one (two-word cues need that, as in ``_CUE``)."""
    if "'" not in window:  # the common case: one C-level pass
        pairs = _TOKEN_GAP.findall(window)
        glued = [gap.isspace() for gap, _ in pairs]
        if glued:
            glued[0] = False
        return [word for _, word in pairs], glued
    words: list[str] = []
    glued: list[bool] = []
    last_end = None
    for match in _TOKEN.finditer(window):
        tok = match.group()
        gap_ok = last_end is not None and not window[last_end : match.start()].strip()
        last_end = match.end()
        low = tok.lower()
        if low == "won't":
            parts = ["will"]
        else:
            parts = ["will"] * low.endswith("'ll") + [p for p in tok.split("'") if p]
        words.extend(parts)
        glued.extend([gap_ok] + [True] * (len(parts) - 1))
    return words, glued


def _cues(window: str, first: bool) -> int:
    """+1/-1 for the last (or ``first``) future/past cue among the words of ``window``, 0 for none.

    Walks from the nearer end and stops at the first cue. Reading backwards can start inside a two-word
    cue, but every word that can end one ("to", "expected", "be", ...) is no past cue, so the verdict
    is the same as a forward walk's.
    """
    words, glued = _words(window)
    n = len(words)
    for i in range(n) if first else range(n - 1, -1, -1):
        w = words[i]
        lw = w.lower()
        if lw in _FUT_WORDS:
            return 1
        pair = _FUT_PAIRS.get(lw)
        if pair is not None and i + 1 < n and glued[i + 1] and words[i + 1].lower() in pair:
            return 1
        if (
            lw == "as"
            and i + 2 < n
            and glued[i + 1]
            and glued[i + 2]
            and words[i + 1].lower() in ("soon", "early")
            and words[i + 2].lower() == "as"
        ):
            return 1
        if lw in _PAST_WORDS or (
            len(w) >= 5 and "a" <= w[0] <= "z" and w.endswith("ed") and lw not in _NOT_PAST_ED
        ):
            return -1
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
