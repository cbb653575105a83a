"""Normalisers: turn one rule match into a TIMEX3 type and value. Rules name them (resources/FORMAT.md).

Each is registered with ``@normaliser("name")`` and called as ``fn(ctx, hit, **params)``; it returns one
``Result`` or None to tag nothing. Words come from the language's lexicon (``ctx.L.lex``) and context
patterns from its rules.toml (``ctx.cx(name)``), so the same normaliser serves every language.
Extensions (``@extension``) run after a DATE/TIME result and may pull preceding words into the span.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from transforms.lexicon import norm

from . import calendar_math as cm
from .holidays import holiday

if TYPE_CHECKING:
    from .context import Ctx


@dataclass(slots=True)  # not frozen: one is built per match, and a frozen __init__ costs several times more
class Result:
    """What a normaliser found: TIMEX3 type, value, optional mod, and span corrections (None: the match's)."""

    type: str
    value: str | None
    mod: str | None = None
    start: int | None = None
    end: int | None = None


class Hit:
    """A rule's match with the rule's own group names (the engine prefixes them in its alternations)."""

    __slots__ = ("m", "p")

    def __init__(self, m: re.Match, prefix: str) -> None:
        self.m = m
        self.p = prefix

    def __getitem__(self, name: str) -> str | None:
        try:
            return self.m.group(self.p + name)
        except IndexError:  # the rule's pattern has no such group (an optional part a language lacks)
            return None

    def start(self, name: str | None = None) -> int:
        return self.m.start() if name is None else self.m.start(self.p + name)

    def end(self, name: str | None = None) -> int:
        return self.m.end() if name is None else self.m.end(self.p + name)

    def span(self) -> tuple[int, int]:
        return self.m.span()

    def group(self) -> str:
        return self.m.group()


Normaliser = Callable[..., Result | None]
NORMALISERS: dict[str, Normaliser] = {}
EXTENSIONS: dict[str, Callable[..., tuple[int, str | None, str | None]]] = {}


def normaliser(name: str) -> Callable[[Normaliser], Normaliser]:
    def register(fn: Normaliser) -> Normaliser:
        if name in NORMALISERS:
            raise ValueError(f"normaliser {name} registered twice")
        NORMALISERS[name] = fn
        return fn

    return register


def extension(name: str) -> Callable:
    def register(fn: Callable) -> Callable:
        EXTENSIONS[name] = fn
        return fn

    return register


@normaliser("reject")
def _reject(ctx: Ctx, h: Hit) -> Result | None:
    """A look-alike: the rule's match is tagged as nothing."""
    return None


# Lexicon helpers ---------------------------------------------------------------------------------
_UNIT = {  # unit -> (TIMEX3 duration letter(s), calendar granularity)
    "second": ("S", "day"),
    "minute": ("M", "day"),
    "hour": ("H", "day"),
    "day": ("D", "day"),
    "week": ("W", "week"),
    "weekend": ("WE", "week"),
    "fortnight": ("W", "week"),
    "month": ("M", "month"),
    "quarter": ("Q", "quarter"),
    "year": ("Y", "year"),
    "decade": ("DE", "decade"),
    "century": ("CE", "century"),
}
_NUMBER_TABLES = ("ones", "teens", "tens", "numbers", "articles")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_SHORT_DECIMAL = re.compile(r"\d+,\d{1,2}")  # "30,4" is a decimal everywhere, "1,000" is not
_ZONE_OFFSET = re.compile(r"([+-])\s?(\d{1,2})(?::?(\d\d))?")
_YMD = re.compile(r"\d{4}(?:-\d\d){0,2}")  # a calendar year, month or day


def table(ctx: Ctx, name: str) -> dict[str, Any]:
    return ctx.L.lex.get(name, {})


def month_of(ctx: Ctx, word: str) -> int:
    """Month number of a month name or abbreviation ("Sept." -> 9)."""
    lex = ctx.L.lex
    w = norm(word)
    v = lex["months"].get(w)
    if v is None:
        w = w.rstrip(".")
        v = lex["months"].get(w)
    return v if v is not None else lex["month_abbr"][w]


def weekday_of(ctx: Ctx, word: str) -> int:
    w = norm(word).rstrip(".")
    lex = ctx.L.lex
    v = lex["weekdays"].get(w)
    return v if v is not None else lex["weekday_abbr"][w]


def unit_of(ctx: Ctx, word: str) -> tuple[str, str, str]:
    """(unit, duration letter(s), granularity) of a unit word."""
    unit = ctx.L.lex["units"][norm(word)]
    code, gran = _UNIT[unit]
    return unit, code, gran


def number(ctx: Ctx, s: str) -> float | None:
    """Number in digits or words; None for vague quantities ("several")."""
    s = norm(s.replace("-", " "))
    try:
        return float(s)
    except ValueError:
        pass
    if "," in s and _DECIMAL_COMMA.fullmatch(s):
        # "1,5 godziny" where [settings] decimal_comma is set; "30,4" everywhere ("1,000" keeps its thousands)
        if ctx.L.settings.get("decimal_comma") or _SHORT_DECIMAL.fullmatch(s):
            return float(s.replace(",", "."))
    lex = ctx.L.lex
    for name in _NUMBER_TABLES:
        v = lex.get(name, {}).get(s)
        if v is not None:
            return v if v is not False else None
    parts = s.split()
    if len(parts) == 2:
        a = b = None
        for name in _NUMBER_TABLES:
            t = lex.get(name, {})
            a = t.get(parts[0], a)
            b = t.get(parts[1], b)
        if a and b:
            return a + b
    return None


def year_of_text(ctx: Ctx, s: str) -> int:
    """Year from digits, "'98" or words ("nineteen ninety-six", "two thousand and one"): table
    year_heads gives the leading words' base year (longest first), the rest is a number (words in
    table number_joiners, "and", are skipped)."""
    if s[:1].isdigit():
        return cm.two_digit_year(int(s)) if len(s) == 2 else int(s)
    if s.startswith("'"):
        return cm.two_digit_year(int(s[1:]))
    w = norm(s.replace("-", " "))
    heads = table(ctx, "year_heads")
    head = max((k for k in heads if w == k or w.startswith(k + " ")), key=len)
    skip = table(ctx, "number_joiners")
    rest = [x for x in w[len(head) :].split() if x not in skip]
    return heads[head] + (int(number(ctx, " ".join(rest)) or 0) if rest else 0)


def dur_value(n: float | None, unit: str, code: str) -> str:
    """TIMEX3 duration value; hours/minutes/seconds go under T, fortnights become weeks."""
    if unit == "fortnight" and n is not None:
        n *= 2
    if code == "Q" and n is not None:
        code, n = "M", n * 3
    if code in ("DE", "CE") and n is not None:
        code, n = "Y", n * (10 if code == "DE" else 100)
    if code == "H" and n is not None and 0 < n < 1:  # half an hour: PT30M
        code, unit, n = "M", "minute", n * 60
    q = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    if code in ("H", "S") or unit in ("minute", "hour"):
        return f"PT{q}{code}"
    return f"P{q}{code}"


def _ordinal(y: int, mth: int, d: int) -> int:
    try:
        return date(y, mth, d).toordinal()
    except ValueError:
        return date(y, mth, 28).toordinal()


def day_value(ctx: Ctx, y: int | None, mth: int, d: int, span: tuple[int, int]) -> str | None:
    """A day of a month: with its year, else on the side of the DCT the clause's tense says (nearest
    occurrence without a cue)."""
    try:
        if y is not None:
            return date(y, mth, d).isoformat()
        if ctx.day is None:
            date(2000, mth, d)
            return f"XXXX-{mth:02d}-{d:02d}"
        direction = ctx.direction(*span)
        narrative = ctx.narrative_year(direction)
        if narrative is not None:
            yy = narrative
        elif direction == 0:
            yy = min(
                (ctx.day.year + k for k in (-1, 0, 1)),
                key=lambda y: abs(_ordinal(y, mth, d) - ctx.day.toordinal()),
            )
        else:
            yy = cm.month_year(ctx.day, mth, direction)
        return date(yy, mth, d).isoformat()
    except ValueError:
        return None


def year_ok(ctx: Ctx, s: int, e: int) -> bool:
    """Guard a bare 4-digit number against counts, money, model and article numbers."""
    text = ctx.text
    before = text[max(0, s - 20) : s]
    if ctx.cx("guard_before").search(before):
        return False
    if ctx.cx("count_after").match(text[e : e + 25]):  # on the slice: the patterns anchor with ^
        return False
    if ctx.cx("plural_after").match(text, e) and not ctx.cx("det_year_before").search(before):
        return False
    m = ctx.cx("cap_before").search(before)
    if m and norm(m["w"]) not in ctx.L.lex["year_ok_before"]:
        if (
            not ctx.cx("sent_start").search(before[: m.start("w")])
            and norm(m["w"]) not in ctx.L.lex["months"]
            and norm(m["w"]) not in ctx.L.lex["month_abbr"]
        ):
            return False
    return True


# Explicit dates ----------------------------------------------------------------------------------
@normaliser("iso_date")
def iso_date(ctx: Ctx, h: Hit) -> Result | None:
    """2025-06-24 (a DATE) or 2025-06-24T09:30 (a TIME); groups y m d [h mi]."""
    try:
        d = date(int(h["y"]), int(h["m"]), int(h["d"]))
    except ValueError:
        return None
    if h["h"]:
        return Result("TIME", f"{d.isoformat()}T{h['h']}:{h['mi']}")
    return Result("DATE", d.isoformat())


@normaliser("iso_week")
def iso_week(ctx: Ctx, h: Hit) -> Result | None:
    """2025-W26 [-4]; groups y w [d]."""
    y, w = int(h["y"]), int(h["w"])
    try:
        date.fromisocalendar(y, w, 1)
        if h["d"]:
            return Result("DATE", date.fromisocalendar(y, w, int(h["d"])).isoformat())
    except ValueError:
        return None
    return Result("DATE", f"{y:04d}-W{w:02d}")


@normaliser("ymd")
def ymd(ctx: Ctx, h: Hit) -> Result | None:
    """2025/6/24; groups y m d."""
    try:
        return Result("DATE", date(int(h["y"]), int(h["m"]), int(h["d"])).isoformat())
    except ValueError:
        return None


@normaliser("numeric_date")
def numeric_date(ctx: Ctx, h: Hit, order: str = "auto") -> Result | None:
    """a<s>b<s>y: day first after "." or when a > 12, else month first (order="auto"); order="dmy"
    always reads day first. Two-digit years only with "/"."""
    a, b, ys = int(h["a"]), int(h["b"]), h["y"]
    sep = h["s"] or "."
    if len(ys) == 2:
        if sep != "/":
            return None
        y = cm.two_digit_year(int(ys))
    else:
        y = int(ys)
    if order == "dmy" or sep == "." or a > 12:
        d, mth = a, b
    else:
        mth, d = a, b
    try:
        return Result("DATE", date(y, mth, d).isoformat())
    except ValueError:
        return None


def _pod_result(ctx: Ctx, v: str, pod: str | None) -> Result:
    if pod and v and len(v) == 10:
        return Result("TIME", f"{v}T{ctx.L.lex['parts_of_day'][norm(pod)]}")
    return Result("DATE", v)


@normaliser("month_day")
def month_day(ctx: Ctx, h: Hit) -> Result | None:
    """June 24[, 2025][ morning]; groups m d [y wd pod]. Without a year the clause's tense picks it."""
    y = year_of_text(ctx, h["y"]) if h["y"] else None
    mth = month_of(ctx, h["m"])
    v = day_value(ctx, y, mth, int(h["d"]), h.span())
    return _pod_result(ctx, v, h["pod"]) if v else None


@normaliser("day_month")
def day_month(ctx: Ctx, h: Hit, pick: str = "month") -> Result | None:
    """24 June [2025]; groups d m [y]. Without a year the clause's tense picks the side of the DCT:
    ``pick="month"`` compares months (the DCT's month is this year's), ``"occurrence"`` compares days
    (the next/last occurrence of that day); without a cue the nearest occurrence. Optional groups:
    la / na (a "last"/"next" word after it decides the side), th [tm tz] (a clock time: a TIME)."""
    y = year_of_text(ctx, h["y"]) if h["y"] else None
    mth = month_of(ctx, h["m"])
    dom = int(h["d"])
    if not 1 <= dom <= 31:  # "00" of a clock time read as a day
        return None
    if pick == "month" or y is not None:
        v = day_value(ctx, y, mth, dom, h.span())
        res = Result("DATE", v) if v else None
    elif ctx.day is None:
        res = Result("DATE", f"XXXX-{mth:02d}-{dom:02d}") if 1 <= dom <= 31 else None
    else:
        direction = -1 if h["la"] else 1 if h["na"] else ctx.direction(*h.span())
        narrative = ctx.narrative_year(direction)
        res = None
        if h["wd"] and ctx.L.lex["weekdays"].get(norm(h["wd"])):  # "Tuesday, 2 February": the year that fits
            wd = ctx.L.lex["weekdays"][norm(h["wd"])]
            for y in ([narrative] if narrative else []) + [ctx.day.year, ctx.day.year - 1, ctx.day.year + 1]:
                try:
                    if date(y, mth, dom).isoweekday() == wd:
                        res = _date_result(y, mth, dom)
                        break
                except ValueError:
                    return None
        if res is None and narrative is not None:
            res = _date_result(narrative, mth, dom)
        elif res is None:
            res = _date_result(occurrence_year(ctx.day, mth, dom, direction), mth, dom)
    return _with_clock(res, h)


def _zone(z: str | None) -> str:
    """TIMEX3 suffix of a zone: "UTC"/"GMT" -> "Z", "GMT+3" / "+03:00" -> "+03"; other names none."""
    if not z:
        return ""
    m = _ZONE_OFFSET.search(z)
    if m:
        hh, mm = int(m[2]), int(m[3] or 0)
        if not (hh or mm):
            return "Z"
        return f"{m[1]}{hh:02d}" + (f":{mm:02d}" if mm else "")
    return "Z" if z.strip("() ").upper() in ("UTC", "GMT", "Z") else ""


def _with_clock(res: Result | None, h: Hit) -> Result | None:
    """A date rule's optional clock time ("24 juin à 15 h"; groups th [tm tz]) makes the date a TIME."""
    if res is None or not h["th"] or not res.value or len(res.value) != 10:
        return res
    hh, mm = int(h["th"]), int(h["tm"] or 0)
    if hh > 24 or mm > 59:
        return res
    return Result("TIME", f"{res.value}T{hh:02d}:{mm:02d}{_zone(h['tz'])}")


def _date_result(y: int, m: int, d: int) -> Result | None:
    try:
        return Result("DATE", date(y, m, d).isoformat())
    except ValueError:
        return None


def nearest_year(day: date, month: int, dom: int = 15) -> int:
    """Year of a month/day given without one: the occurrence closest to the reference day."""
    best, best_gap = day.year, None
    for y in (day.year - 1, day.year, day.year + 1):
        gap = abs(date(y, month, min(dom, 28)).toordinal() - day.toordinal())
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def occurrence_year(day: date, month: int, dom: int, direction: int) -> int:
    """Year of a day and month without one: the next/last occurrence in ``direction``, else the nearest."""
    if direction == 0:
        return nearest_year(day, month, dom)
    this = (month, dom) >= (day.month, day.day) if direction > 0 else (month, dom) <= (day.month, day.day)
    return day.year if this else day.year + direction


def _count(ctx: Ctx, s: str | None) -> int | None:
    """A count: 1 when absent, digits, or a number word (None for a vague one such as "several")."""
    if s is None:
        return 1
    if s.isdigit():
        return int(s)
    n = number(ctx, s)
    return None if n is None else int(n)


@normaliser("relative_phrase")
def relative_phrase(ctx: Ctx, h: Hit) -> Result | None:
    """A whole relative phrase ("letzte Woche", "l'année dernière"): table relative gives
    [granularity, offset]; group w."""
    gran, off = ctx.L.lex["relative"][norm(h["w"])]
    if ctx.day is None:
        return Result("DATE", cm.unknown(gran))
    target = cm.shift(ctx.day, gran, off)
    if gran == "quarter":  # the quarter in play: "a year ago" after it is the same quarter a year before
        ctx.last_q = (target.year, (target.month - 1) // 3 + 1)
    return Result("DATE", cm.fmt(target, gran))


@normaliser("anaphoric_phrase")
def anaphoric_phrase(ctx: Ctx, h: Hit, far: bool = False, dct_days: bool = False) -> Result | None:
    """A whole anaphoric phrase ("nesse dia", "am selben Tag", "того ж дня"): table anaphoric gives
    [granularity, offset] from the last explicit date of this or the previous sentence (``far``: the
    phrase names its unit, so the last day resolved within 1,000 characters, or the year or month of the
    previous expression, still count); granularity "same" repeats the previous date's value. Nothing
    without a reference (``dct_days``: a day phrase then counts from the DCT, "am nächsten Tag" in a
    news story). A day found this way becomes the reference in turn. Group w."""
    gran, off = ctx.L.lex["anaphoric"][norm(h["w"])]
    if gran == "same":  # "nessa altura": the previous calendar date (no decade, season), at its own precision
        return (
            previous_value(ctx, h) if ctx.prev is not None and _YMD.fullmatch(ctx.prev.value or "") else None
        )
    if far:
        ref = ctx.anchor if ctx.anchor is not None and h.start() - ctx.anchor_end < 1000 else None
    else:
        ref = ctx.reference(h.start())
    if ref is None:
        ref = _previous_date(ctx, h.start(), gran, far)
    if ref is None and gran == "year" and ctx.year_ref is not None:  # "im Folgejahr" in a narrative
        return Result("DATE", f"{ctx.year_ref + off:04d}")
    if ref is None and dct_days and gran == "day":
        ref = ctx.day
    if ref is None:
        return None
    target = cm.shift(ref, gran, off)
    if gran == "day":
        ctx.anchor, ctx.anchor_end = target, h.end()
    return Result("DATE", cm.fmt(target, gran))


@normaliser("weekday_marked")
def weekday_marked(ctx: Ctx, h: Hit) -> Result | None:
    """[last|next] Friday [last|next]: a marked weekday is the strictly previous/next one, a bare one
    lies on the side of the clause's tense (the past without a cue); groups w [lb nb la na]."""
    wd = ctx.L.lex["weekdays"][norm(h["w"])]
    if ctx.day is None:
        return Result("DATE", f"XXXX-WXX-{wd}")
    if h["lb"] or h["la"]:
        v = cm.weekday_near(ctx.day, wd, -1, strict=True)
    elif h["nb"] or h["na"]:
        v = cm.weekday_near(ctx.day, wd, 1, strict=True)
    else:
        v = cm.weekday_near(ctx.day, wd, 1 if ctx.direction(h.start(), h.end()) > 0 else -1)
    return Result("DATE", v.isoformat())


@normaliser("units_ago")
def units_ago(ctx: Ctx, h: Hit) -> Result | None:
    """ "vor drei Tagen", "3 дня назад": the period that many units back; groups (n1 u1 | n2 u2)."""
    _, _, gran = unit_of(ctx, h["u1"] or h["u2"])
    n = _count(ctx, h["n1"] or h["n2"])
    if ctx.day is None or n is None:
        return Result("DATE", "PAST_REF")
    return Result("DATE", cm.fmt(cm.shift(ctx.day, gran, -n), gran))


@normaliser("units_ahead")
def units_ahead(ctx: Ctx, h: Hit) -> Result | None:
    """ "in zwei Wochen", "через тиждень": the period that many units ahead; groups [n] u."""
    _, _, gran = unit_of(ctx, h["u"])
    n = _count(ctx, h["n"])
    if ctx.day is None or n is None:
        return Result("DATE", "FUTURE_REF")
    return Result("DATE", cm.fmt(cm.shift(ctx.day, gran, n), gran))


@normaliser("count_duration")
def count_duration(ctx: Ctx, h: Hit) -> Result | None:
    """ "[seit] drei Jahren": a duration; the preposition stays outside the span; groups [p n1] u1 | n2 u2."""
    unit, code, _ = unit_of(ctx, h["u1"] or h["u2"])
    n_s = h["n1"] or h["n2"]
    n = number(ctx, n_s) if n_s else None  # digits or words: "півтора року" is P1.5Y
    if h["p"]:
        start = h.start("n1") if n_s else h.start("u1")
    else:
        start = None
    return Result("DURATION", dur_value(n, unit, code), start=start)


@normaliser("ordinal_part")
def ordinal_part(ctx: Ctx, h: Hit) -> Result | None:
    """ "первом квартале [2010 года]": an ordinal (table ordinals) and a part word (table part_units:
    Q or H) of the given year, else of the narrative's or the DCT's (last year's when the clause is past
    and the part is still ahead); groups o u [y]."""
    n = ctx.L.lex["ordinals"].get(norm(h["o"]))
    code = ctx.L.lex["part_units"][norm(h["u"])]
    if n is None or n > (4 if code == "Q" else 2):
        return None
    if h["y"]:
        y = int(h["y"])
    elif ctx.day is None:
        return Result("DATE", f"XXXX-{code}{n}")
    else:
        direction = ctx.direction(h.start(), h.end())
        y = ctx.narrative_year(direction) or ctx.day.year
        current = (ctx.day.month - 1) // (3 if code == "Q" else 6) + 1
        if y == ctx.day.year and direction < 0 and n > current:
            y -= 1
    return Result("DATE", f"{y:04d}-{code}{n}")


@normaliser("month_after_prep")
def month_after_prep(ctx: Ctx, h: Hit, start: str = "m") -> Result | None:
    """ "im Mai", "у травні": the month (span without the preposition), on the side of the tense,
    else the nearest; group m [la | na: a "last"/"next" word after it]; ``start`` names the group the
    span starts at."""
    mth = month_of(ctx, h["m"])
    if ctx.day is None:
        y = "XXXX"
    elif ctx.narrative_year(ctx.direction(h.start(), h.end())) is not None:
        y = f"{ctx.narrative_year(ctx.direction(h.start(), h.end())):04d}"
    else:
        direction = ctx.direction(h.start(), h.end()) if mth != ctx.day.month else 0
        if h["la"] or h["na"]:  # "septembre dernier", "juin prochain": strictly before/after the DCT's month
            direction = -1 if h["la"] else 1
            if mth == ctx.day.month:
                return Result("DATE", f"{ctx.day.year + direction:04d}-{mth:02d}", start=h.start(start))
        y = f"{cm.month_year(ctx.day, mth, direction) if direction else nearest_year(ctx.day, mth):04d}"
    return Result("DATE", f"{y}-{mth:02d}", start=h.start(start))


@normaliser("year_digits")
def year_digits(ctx: Ctx, h: Hit, start: str | None = None, century: str | None = None) -> Result | None:
    """A year in digits whose context (a year word, a preposition) the pattern already checked; group y;
    ``start`` names the group the span starts at (to leave a preposition out); a matched group ``bc``
    ("v. Chr.") makes it a year before Christ (BC0206); "'97" and words go through year_of_text;
    ``century`` names a group holding the first two digits of a short year ("1870/71": 18 + 71)."""
    if h["bc"]:
        return Result("DATE", f"BC{int(h['y']):04d}", start=h.start(start) if start else None)
    if century and h[century]:
        return Result("DATE", h[century] + h["y"])
    y = h["y"] if h["y"].isdigit() and len(h["y"]) != 2 else f"{year_of_text(ctx, h['y']):04d}"
    return Result("DATE", y, start=h.start(start) if start else None)


@normaliser("bc_year")
def bc_year(ctx: Ctx, h: Hit) -> Result | None:
    """A year before the common era ("490 до н. е."): TIMEX3 BC0490; group y."""
    y = int(h["y"])
    return Result("DATE", f"BC{y:04d}") if 0 < y < 10000 else None


@normaliser("month_year")
def month_year(ctx: Ctx, h: Hit) -> Result | None:
    """June 2025; groups m y."""
    return Result("DATE", f"{year_of_text(ctx, h['y']):04d}-{month_of(ctx, h['m']):02d}")


@normaliser("quarter_code")
def quarter_code(ctx: Ctx, h: Hit) -> Result | None:
    """Q3 2025, 2025-Q3, Q3'25; groups n y | y2 n2."""
    n = h["n"] or h["n2"]
    ys = h["y"] or h["y2"]
    y = cm.two_digit_year(int(ys[1:])) if ys.startswith("'") else int(ys)
    ctx.last_q = (y, int(n))
    return Result("DATE", f"{y:04d}-Q{n}")


@normaliser("decade")
def decade(ctx: Ctx, h: Hit) -> Result | None:
    """the 1990s, the '90s, the 90s, the nineties (table decade_words); groups y | yy | yy2 | w."""
    if h["y"]:
        return Result("DATE", h["y"][:3])
    yy = h["yy"] or h["yy2"]
    if yy:
        return Result("DATE", ("20" if int(yy) < 30 else "19") + yy[0])
    digit = ctx.L.lex["decade_words"][norm(h["w"])]
    if ctx.day is None:
        return Result("DATE", f"XX{digit}")
    return Result(
        "DATE", f"{(ctx.day.year // 100 - (1 if digit * 10 > ctx.day.year % 100 else 0)):02d}{digit}"
    )


@normaliser("century")
def century(ctx: Ctx, h: Hit) -> Result | None:
    """the 20th century, the nineteenth century (table ordinals); groups n | w."""
    n = int(h["n"]) if h["n"] else ctx.L.lex["ordinals"].get(norm(h["w"]), 21)
    if not 1 <= n <= 30:
        return None
    return Result("DATE", f"{n - 1:02d}")


@normaliser("relative_century")
def relative_century(ctx: Ctx, h: Hit, durations: tuple[str, ...] = ()) -> Result | None:
    """this/last/next century (table offsets); determiners in ``durations`` ("the past") make it the
    duration P1CE; group d."""
    d = norm(h["d"])
    if ctx.day is None:
        return Result("DATE", "XX")
    if d in durations:
        return Result("DURATION", "P1CE")
    off = ctx.L.lex["offsets"][d.split()[-1]]
    return Result("DATE", f"{ctx.day.year // 100 + off:02d}")


# Times -------------------------------------------------------------------------------------------
def _date_after_time(ctx: Ctx, p: int) -> tuple[str, int] | None:
    """A full calendar date right after a clock time ("3 p.m. on 24 June 2025") is the time's day."""
    lead = ctx.cx("date_lead").match(ctx.text, p)
    if lead is None:
        return None
    L = ctx.L
    dm = L.date_after.match(ctx.text, lead.end())
    if dm is None:
        return None
    rule = L.by_group[dm.lastgroup]
    res = rule.normalise(ctx, Hit(dm, rule.prefix), **rule.params)
    if res is None or res.type != "DATE" or not res.value or len(res.value) != 10:
        return None
    return res.value, dm.end()


@normaliser("clock_time")
def clock_time(ctx: Ctx, h: Hit) -> Result | None:
    """3 p.m., 15:30 GMT, at 9:30, noon (table clock_words); the day is a date or day word right after,
    else the date just before in the sentence, else the DCT. Groups h m ap | h2 m2 | h3 m3 | w."""
    if h["w"]:
        hh, mm = ctx.L.lex["clock_words"][norm(h["w"])]
    elif h["h"]:
        hh, mm = int(h["h"]), int(h["m"] or 0)
        if hh > 12 or hh == 0:
            return None
        pm = h["ap"].lower().startswith("p")
        if pm and hh < 12:
            hh += 12
        elif not pm and hh == 12:
            hh = 0
    elif h["h2"]:
        hh, mm = int(h["h2"]), int(h["m2"] or 0)
    else:
        hh, mm = int(h["h3"]), int(h["m3"] or 0)
    end = None
    day = None
    text = ctx.text
    dated = _date_after_time(ctx, h.end())
    after = None if dated else ctx.cx("day_after_time").match(text, h.end())
    if dated:
        day, end = dated
    elif after:
        end = after.end()
        w = norm(after["w"])
        if ctx.day is None:
            day = "XXXX-XX-XX"
        elif w in ctx.L.lex["weekdays"]:
            direction = _weekday_direction(ctx, h.start(), end)
            day = cm.weekday_near(ctx.day, ctx.L.lex["weekdays"][w], direction).isoformat()
        else:
            day = cm.shift_day(ctx.day, ctx.L.lex["days"][w]).isoformat()
    prev_day = _previous_day(ctx) if day is None else None
    if prev_day is not None:
        prev = ctx.prev
        gap = text[prev.end : h.start()]
        # [settings] time_day_near: a date of this or the previous sentence gives the day ("Sunday
        # afternoon ... The first shots came at 18.55"), else only one close by in the same sentence
        if ctx.L.settings.get("time_day_near"):
            near = ctx.near(prev.end, h.start())
        else:
            near = len(gap) <= 80 and ". " not in gap
        if near:
            day = prev_day
    if day is None:
        day = ctx.day.isoformat() if ctx.day is not None else "XXXX-XX-XX"
    if hh > 24 or mm > 59:
        return None
    zone = _zone(h["z"] or h["zp"] or h["z2"] or h["z3"])
    return Result("TIME", f"{day}T{hh:02d}:{mm:02d}{zone}", end=end)


# Years -------------------------------------------------------------------------------------------
@normaliser("year")
def year(ctx: Ctx, h: Hit) -> Result | None:
    """2025 (guarded against counts and codes), FY2025, "the year nineteen ninety"; groups y [f] | w [t]."""
    if h["w"]:
        s = h.start()
        if not h["t"] and not ctx.cx("spelled_year_before").search(ctx.text[max(0, s - 8) : s]):
            return None
        return Result("DATE", f"{year_of_text(ctx, h['w']):04d}")
    if not h["f"] and not year_ok(ctx, h.start(), h.end()):
        return None
    return Result("DATE", h["y"])


# Relative days, weekdays, months, seasons ---------------------------------------------------------
@normaliser("relative_day")
def relative_day(ctx: Ctx, h: Hit) -> Result | None:
    """yesterday, tomorrow morning, tonight (table days: offset or [offset, part of day]); groups w [pod]."""
    w = norm(h["w"])
    entry = ctx.L.lex["days"].get(w, 0)  # a word the table lacks ("this" of "this morning") is today
    pod_code = None
    if isinstance(entry, list):
        entry, pod_code = entry
    if h["pod"]:
        pod_code = pod_code or ctx.L.lex["parts_of_day"][norm(h["pod"])]
    v = "XXXX-XX-XX" if ctx.day is None else cm.shift_day(ctx.day, entry).isoformat()
    if pod_code:  # a clock time after "ce soir" is tagged on its own
        return Result("TIME", f"{v}T{pod_code}", end=h.end("w") if h["th"] else None)
    return _with_clock(Result("DATE", v), h)


def _previous_day(ctx: Ctx) -> str | None:
    """``YYYY-MM-DD`` of the previous expression when its value names a day (a date, or a time on one);
    each caller decides how close it must be."""
    v = ctx.prev.value or "" if ctx.prev is not None else ""
    return v[:10] if len(v) >= 10 and _YMD.fullmatch(v[:10]) else None


@normaliser("day_part")
def day_part(ctx: Ctx, h: Hit) -> Result | None:
    """ "dans la nuit", "le matin même": a part of the day (table parts_of_day) of the day the previous
    expression of this or the previous sentence names; nothing without one. Group pod."""
    day = _previous_day(ctx)
    if day is None or not ctx.near(ctx.prev.end, h.start()):
        return None
    return Result("TIME", f"{day}T{ctx.L.lex['parts_of_day'][norm(h['pod'])]}")


def _weekday_direction(ctx: Ctx, s: int, e: int) -> int:
    """Which side of the DCT a weekday at ``text[s:e]`` lies on: contexts weekday_past_after ("Friday's"),
    weekday_past_before ("had been due to expire") and weekday_future_before ("postponed until") settle
    it before the tense reader (its default: the past)."""
    text = ctx.text
    if ctx.cx("weekday_past_after").match(text, e):
        return -1
    lo = max(0, s - 60)
    if ctx.cx("weekday_past_before").search(text, lo, s):
        return -1
    if ctx.cx("weekday_future_before").search(text, lo, s):
        return 1
    return ctx.direction(s, e, True) or -1


@normaliser("weekday")
def weekday(ctx: Ctx, h: Hit) -> Result | None:
    """Friday (tense picks the side), Fridays (a SET), Friday evening; groups w [pl pod]."""
    wd = weekday_of(ctx, h["w"])
    if h["pl"]:
        return Result("SET", f"XXXX-WXX-{wd}")
    if ctx.day is None:
        v = f"XXXX-WXX-{wd}"
    else:
        v = cm.weekday_near(ctx.day, wd, _weekday_direction(ctx, h.start(), h.end())).isoformat()
    if h["pod"] and ctx.day is not None:
        return Result("TIME", f"{v}T{ctx.L.lex['parts_of_day'][norm(h['pod'])]}")
    return Result("DATE", v)


@normaliser("month")
def month(ctx: Ctx, h: Hit, ambiguous: tuple[str, ...] = ()) -> Result | None:
    """A bare month name: "June of this year", else the tense's side; groups m [r]. ``ambiguous`` names
    ("May", "March") need context ``bare_month_ok`` before and no ``modal_after`` after."""
    word = norm(h["m"])
    mth = month_of(ctx, h["m"])
    if word in ambiguous:
        before = ctx.text[max(0, h.start() - 15) : h.start()]
        if not ctx.cx("bare_month_ok").search(before) or ctx.cx("modal_after").match(ctx.text, h.end()):
            return None
    if ctx.day is None:
        return Result("DATE", f"XXXX-{mth:02d}")
    if h["r"]:
        y = ctx.day.year + ctx.L.lex["offsets"][norm(h["r"])]
        return Result("DATE", f"{y:04d}-{mth:02d}")
    direction = ctx.direction(h.start(), h.end())
    narrative = ctx.narrative_year(direction)
    if narrative is not None:
        return Result("DATE", f"{narrative:04d}-{mth:02d}")
    if direction == 0:
        diff = (mth - ctx.day.month) % 12
        direction = 1 if 0 < diff < 6 else -1
    return Result("DATE", f"{cm.month_year(ctx.day, mth, direction):04d}-{mth:02d}")


@normaliser("season")
def season(ctx: Ctx, h: Hit, bare_ok: tuple[str, ...] = ()) -> Result | None:
    """summer [2025] (table seasons); a bare season only after a determiner or preposition, or when it is
    one of ``bare_ok`` (adverbs such as "влітку", in summer); groups w [y]."""
    w = norm(h["w"])
    code = ctx.L.lex["seasons"][w]
    if h["y"]:
        return Result("DATE", f"{year_of_text(ctx, h['y']):04d}-{code}")
    r = h["ra"] or h["r"]
    if r and ctx.day is not None:  # "cet été", "l'hiver dernier" (table offsets)
        return Result(
            "DATE", _shift_named(ctx, "season", f"{ctx.day.year:04d}-{code}", ctx.L.lex["offsets"][norm(r)])
        )
    before = ctx.text[max(0, h.start() - 15) : h.start()]
    if w not in bare_ok and not ctx.cx("season_ok").search(before):
        return None
    if ctx.day is None:
        return Result("DATE", f"XXXX-{code}")
    narrative = ctx.narrative_year(ctx.direction(h.start(), h.end()))
    if narrative is not None:
        return Result("DATE", f"{narrative:04d}-{code}")
    y = ctx.day.year
    if code == "WI" and ctx.day.month <= 2:
        y -= 1
    return Result("DATE", f"{y:04d}-{code}")


# Quarters, halves, year ends ---------------------------------------------------------------------
def _q_shift(y: int, q: int, n: int) -> tuple[int, int]:
    k = y * 4 + q - 1 + n
    return k // 4, k % 4 + 1


@normaliser("quarter")
def quarter(
    ctx: Ctx,
    h: Hit,
    determiners: tuple[str, ...] = (),
    outside: tuple[str, ...] = (),
    period_ok: tuple[str, ...] = (),
    same: tuple[str, ...] = (),
    final: tuple[str, ...] = (),
    offsets: dict[str, int] | None = None,
) -> Result | None:
    """the third quarter [of 2025], its latest quarter, the year-ago period; groups pre yb ya ry f o
    (q | per) y r. ``determiners`` ("the", "this") make a bare "quarter" one, ``outside`` ("its") stay
    out of the span; "period" (group per) needs a year, a year-ago or a word in ``period_ok``.
    Without a number, ``same`` is the quarter last named, ``final`` of a year its fourth; ``offsets``
    counts from the current quarter (-1 for words it lacks)."""
    o = norm(h["o"] or "")
    pre = norm(h["pre"] or "")
    if h["per"] and not (h["ya"] or h["yb"] or o in period_ok):
        return None
    res = _quarter_value(ctx, h, o, pre, determiners, same, final, offsets or {})
    if res is None:
        return None
    start = None
    if pre and (pre in outside or (h["q"] and ctx.text[h.start("q") - 1] == "-")):
        start = h.end("pre") + 1
        while ctx.text[start].isspace():
            start += 1
    return Result(res[0], res[1], start=start)


def _quarter_value(
    ctx: Ctx,
    h: Hit,
    o: str,
    pre: str,
    determiners: tuple[str, ...],
    same: tuple[str, ...],
    final: tuple[str, ...],
    q_offsets: dict[str, int],
) -> tuple[str, str] | None:
    n = ctx.L.lex["ordinals"].get(o)
    if n is not None and n > 4:
        return None
    if not (o or pre in determiners or h["yb"] or h["ya"] or h["ry"]):
        return None
    offsets = ctx.L.lex["offsets"]
    y = None
    if h["y"] or h["yb"]:
        y = int(h["y"] or h["yb"])
    elif h["r"] and ctx.day:
        y = ctx.day.year + offsets[norm(h["r"])]
    elif h["ry"] and ctx.day:
        y = ctx.day.year + offsets[norm(h["ry"])]
    if ctx.day is None and y is None:
        return "DATE", f"XXXX-Q{n}" if n else "XXXX-QX"
    if h["ya"]:
        base = ctx.last_q or _q_shift(ctx.day.year, (ctx.day.month - 1) // 3 + 1, -1)
        yq = _q_shift(base[0], base[1], -4)
        if n:
            yq = (yq[0], n)
        return "DATE", f"{yq[0]:04d}-Q{yq[1]}"
    if n is None and o in final and y is not None:
        n = 4
    if n is not None:
        if y is None:
            cur = (ctx.day.month - 1) // 3 + 1
            direction = ctx.direction(h.start(), h.end()) or -1
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
    if o in same and ctx.last_q:
        yq = ctx.last_q
    elif not o and _after_modifier(ctx, h.start()):  # "by the end of the quarter": this one
        yq = cur
    else:
        yq = _q_shift(*cur, q_offsets.get(o or pre, -1))
    ctx.last_q = yq
    return "DATE", f"{yq[0]:04d}-Q{yq[1]}"


@normaliser("year_ago")
def year_ago(ctx: Ctx, h: Hit | None = None) -> Result | None:
    """year-earlier / year-ago: the same quarter a year before when a quarter is in play, else last year."""
    if ctx.day is None:
        return Result("DATE", "XXXX")
    if ctx.last_q:
        yq = _q_shift(*ctx.last_q, -4)
        return Result("DATE", f"{yq[0]:04d}-Q{yq[1]}")
    return Result("DATE", f"{ctx.day.year - 1:04d}")


@normaliser("holiday")
def holiday_date(ctx: Ctx, h: Hit) -> Result | None:
    """Christmas, Easter Monday (table holidays: a date rule, see holidays.py); the tense picks the year."""
    name = norm(h["hd"])
    if ctx.day is None:
        return Result("DATE", "XXXX-XX-XX")
    spec = ctx.L.lex["holidays"][name]
    direction = ctx.direction(h.start(), h.end())
    cands = [d for d in (holiday(spec, y) for y in (ctx.day.year - 1, ctx.day.year, ctx.day.year + 1)) if d]
    if not cands:
        return None
    if direction < 0:
        d = max([d for d in cands if d <= ctx.day] or cands)
    elif direction > 0:
        d = min([d for d in cands if d >= ctx.day] or cands)
    else:
        d = min(cands, key=lambda x: abs(x.toordinal() - ctx.day.toordinal()))
    return Result("DATE", d.isoformat())


@normaliser("year_end")
def year_end(ctx: Ctx, h: Hit) -> Result | None:
    """year-end: December 31 of this year (of last year after "since")."""
    if ctx.day is None:
        return Result("DATE", "XXXX-12-31")
    since = ctx.cx("since_before").search(ctx.text[max(0, h.start() - 7) : h.start()])
    return Result("DATE", f"{ctx.day.year - (1 if since else 0):04d}-12-31")


@normaliser("the_year")
def the_year(ctx: Ctx, h: Hit) -> Result | None:
    """Financial "the year ended June 30" is a one-year period; "for the (full) year" the current year."""
    if h["e"]:
        return Result("DURATION", "P1Y", end=h.start("e"))
    s = h.start()
    if not ctx.cx("year_frame_before").search(ctx.text, max(0, s - 12), s):
        return None
    if ctx.cx("the_year_not_after").match(ctx.text, h.end()):
        return None
    return Result("DATE", f"{ctx.day.year:04d}" if ctx.day else "XXXX")


@normaliser("half_year")
def half_year(ctx: Ctx, h: Hit) -> Result | None:
    """the first/second half of 2025 / of this year (of the DCT's without either); groups o [y | r]."""
    n = 1 if ctx.L.lex["ordinals"].get(norm(h["o"])) == 1 else 2
    if h["y"]:
        y = int(h["y"])
    elif ctx.day is None:
        return Result("DATE", f"XXXX-H{n}")
    else:
        y = ctx.day.year + (ctx.L.lex["offsets"][norm(h["r"])] if h["r"] else 0)
    return Result("DATE", f"{y:04d}-H{n}")


# Offsets, relative units, sets, durations --------------------------------------------------------
_BACKWARD = frozenset({"ago", "earlier", "before"})  # offset_words readings that point back in time


@normaliser("offset")
def offset(ctx: Ctx, h: Hit, outside: tuple[str, ...] = ()) -> Result | None:
    """N units ago / from now (a date), N days earlier / later (from the narrative's date), N years before
    (a duration); table offset_words names how each word reads. Groups n u d [q]. A duration read from
    a word whose reading is in ``outside`` ("before", "after": a TimeML signal) ends at the unit."""
    n = number(ctx, h["n"])
    unit, code, gran = unit_of(ctx, h["u"])
    d = ctx.L.lex["offset_words"][norm(h["d"])]
    if (
        d in ("earlier", "ago")
        and n == 1
        and code == "Y"
        and ctx.day is not None
        and (d == "earlier" or ctx.last_q)
    ):
        return year_ago(ctx)
    comparative = ctx.cx("than_after").match(ctx.text, h.end()) is not None  # "a day later than planned"
    if d in ("earlier", "later") and code in ("D", "W") and n is not None and n == int(n) and not comparative:
        ref = ctx.reference(h.start())
        if ref is not None:
            target = cm.shift_day(ref, int(n) * (7 if code == "W" else 1) * (-1 if d in _BACKWARD else 1))
            ctx.anchor, ctx.anchor_end = target, h.end()
            return Result("DATE", target.isoformat())
    if d in ("before", "after", "earlier", "later"):
        return Result("DURATION", dur_value(n, unit, code), end=h.end("u") if d in outside else None)
    sign = -1 if d in _BACKWARD else 1
    if ctx.day is None or n is None:
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if n != int(n):
        n = n * {"year": 12, "month": 30, "week": 7, "decade": 10}.get(gran, 1)
        gran = {"year": "month", "month": "day", "week": "day", "decade": "year"}.get(gran, gran)
    amount = int(n)
    if code == "DE":
        amount, gran = amount * 10, "year"
    if code == "CE":
        amount, gran = amount * 100, "year"
    target = cm.shift(ctx.day, gran, sign * amount)
    return Result("DATE", cm.fmt(target, gran))


@normaliser("relative_unit")
def relative_unit(
    ctx: Ctx,
    h: Hit,
    anaphoric: tuple[str, ...] = (),
    maybe_anaphoric: tuple[str, ...] = (),
    anaphoric_day: tuple[str, ...] = (),
    durations: tuple[str, ...] = (),
    bare: tuple[str, ...] = (),
) -> Result | None:
    """last week, this month, the following day, that year, the weekend (tables units, offsets, anaphora);
    groups d u [e]. Determiners (whole phrases) in ``anaphoric`` ("that") count from the narrative's
    date, in ``maybe_anaphoric`` ("the following") too when it has one (``anaphoric_day``: "the next",
    only for a day), else like ``durations``
    ("the past week": P1W); ``bare`` ("the") makes "the weekend" the nearest one and "earlier in the
    year" this year; any other determiner is read by its last word in table offsets."""
    d = norm(h["d"])
    word = d.split()[-1]
    u = ctx.L.lex["units"][norm(h["u"])]
    if d in anaphoric or d in maybe_anaphoric or (d in anaphoric_day and u == "day"):
        res = _anaphoric(ctx, h, word, u)
        if res is not None or d in anaphoric:
            return res
    if d in bare:
        if u in ("year", "month", "week") and (h["e"] or _after_modifier(ctx, h.start())):
            off = 0
        elif u == "weekend":
            if ctx.day is None:
                return Result("DATE", "XXXX-WXX-WE")
            direction = ctx.direction(h.start(), h.end()) or -1
            off = -1 if direction < 0 and ctx.day.isoweekday() < 6 else 0
        else:
            return None
    elif d in durations:
        if u == "day":
            return None
        unit, code, _ = unit_of(ctx, u)
        return Result("DURATION", dur_value(1, unit, code))
    else:
        off = ctx.L.lex["offsets"][word]
    if u == "day":
        return None
    gran = "week" if u == "weekend" else u
    if ctx.day is None:
        return Result("DATE", cm.unknown(gran))
    v = cm.fmt(cm.shift(ctx.day, gran, off), gran)
    if u == "weekend":
        v += "-WE"
    return Result("DATE", v)


def _after_modifier(ctx: Ctx, s: int) -> bool:
    """A modifier phrase ("the end of", context mod_before) right before ``s``."""
    rx = ctx.L.context.get("mod_before")
    return rx is not None and rx.search(ctx.text, max(0, s - 24), s) is not None


def _previous_date(ctx: Ctx, s: int, gran: str, far: bool = False) -> date | None:
    """The start of the year or month ``gran`` of the previous timex, in this or the previous sentence
    (``far``: anywhere), when its value names one: "in 1988 ... that year", "October 2008. By that
    time", "in the third quarter of 2025 ... that year"."""
    prev = ctx.prev
    v = prev.value or "" if prev is not None else ""
    if len(v) < 4 or not v[:4].isdigit() or not (far or ctx.near(prev.end, s)):
        return None
    if gran == "year":
        return date(int(v[:4]), 1, 1)
    if gran == "month" and len(v) >= 7 and v[4] == "-" and v[5:7].isdigit():
        return date(int(v[:4]), int(v[5:7]), 1)
    return None


def _anaphoric(ctx: Ctx, h: Hit, word: str, u: str) -> Result | None:
    """ "that day", "the following week": relative to the last explicit date, when there is one nearby.

    A day resolved this way becomes the reference in turn, so a narrative can step day by day.
    """
    ref = ctx.reference(h.start()) or _previous_date(ctx, h.start(), u)
    if ref is None or u in ("weekend", "decade"):
        return None
    target = cm.shift(ref, u, ctx.L.lex["anaphora"][word])
    if u == "day":
        ctx.anchor, ctx.anchor_end = target, h.end()
    return Result("DATE", cm.fmt(target, u))


@normaliser("week_of_month")
def week_of_month(ctx: Ctx, h: Hit) -> Result | None:
    """ "la première semaine de septembre [2025]": the ISO week holding day 1 + 7(n-1) of the month
    (table ordinals gives n; the tense picks the year when none is given); groups o m [y]."""
    n = ctx.L.lex["ordinals"].get(norm(h["o"]))
    if not n or n > 5:
        return None
    mth = month_of(ctx, h["m"])
    if h["y"]:
        y = year_of_text(ctx, h["y"])
    elif ctx.day is None:
        return Result("DATE", "XXXX-WXX")
    else:
        y = cm.month_year(ctx.day, mth, ctx.direction(h.start(), h.end()))
    iy, iw, _ = date(y, mth, min(1 + 7 * (n - 1), 28)).isocalendar()
    return Result("DATE", f"{iy:04d}-W{iw:02d}")


@normaliser("same_period_offset")
def same_period_offset(ctx: Ctx, h: Hit) -> Result | None:
    """ "the same week a year earlier": the DCT's period (unit p) moved by N units u the way the offset
    word d reads (table offset_words: ago/earlier/before back, else ahead); groups p n u d."""
    n = number(ctx, h["n"])
    if ctx.day is None or n is None or n != int(n):
        return None
    gran = unit_of(ctx, h["p"])[2]
    step = unit_of(ctx, h["u"])[2]
    back = ctx.L.lex["offset_words"][norm(h["d"])] in _BACKWARD
    return Result("DATE", cm.fmt(cm.shift(ctx.day, step, -int(n) if back else int(n)), gran))


@normaliser("range_end_day")
def range_end_day(ctx: Ctx, h: Hit) -> Result | None:
    """The bare second day of a range ("July 10-11", "June 2 to 4"): the month and year of the day just
    before it (the rule's ``before`` guard sees the range); a day not after the first is no range. Group d."""
    first = _previous_day(ctx)
    prev = ctx.prev
    if first is None or prev.type != "DATE" or len(prev.value) != 10:
        return None
    if h.start() - prev.end > 12 or int(h["d"]) <= int(first[8:10]):
        return None
    return _date_result(int(first[:4]), int(first[5:7]), int(h["d"]))


@normaliser("previous_value")
def previous_value(ctx: Ctx, h: Hit) -> Result | None:
    """ "by that time", "à cette époque", "para entonces": the value of the previous date in this or the previous sentence."""
    prev = ctx.prev
    if prev is None or prev.type != "DATE" or not prev.value or not prev.value[:4].isdigit():
        return None
    return Result("DATE", prev.value) if ctx.near(prev.end, h.start()) else None


@normaliser("set")
def set_(ctx: Ctx, h: Hit) -> Result | None:
    """every Monday, each other week, weekly (table frequencies), twice a year; groups e [o n] u | a | t u2."""
    lex = ctx.L.lex
    if h["a"]:
        if ctx.cx("adverb_set_after").match(ctx.text, h.end()):
            return None
        return Result("SET", lex["frequencies"][norm(h["a"])])
    if h["t"]:
        unit, code, _ = unit_of(ctx, h["u2"])
        return Result("SET", dur_value(1, unit, code))
    u = norm(h["u"])
    if u in lex["weekdays"]:
        return Result("SET", f"XXXX-WXX-{lex['weekdays'][u]}")
    if u in lex["seasons"]:
        return Result("SET", f"XXXX-{lex['seasons'][u]}")
    if u in lex["months"]:
        return Result("SET", f"XXXX-{lex['months'][u]:02d}")
    if u in lex["parts_of_day"]:
        return Result("SET", f"XXXX-XX-XXT{lex['parts_of_day'][u]}")
    n = 2 if h["o"] else (number(ctx, h["n"]) if h["n"] else 1)
    unit, code, _ = unit_of(ctx, u)
    return Result("SET", dur_value(n, unit, code))


@normaliser("duration")
def duration(
    ctx: Ctx,
    h: Hit,
    outside: tuple[str, ...] = (),
    decades: bool = False,
    outside_joined: tuple[str, ...] = (),
) -> Result | None:
    """[over] three years, two and a half weeks (table duration_modifiers gives the mod); groups n u [q h].
    Qualifiers in ``outside`` ("about", "only") stay out of the span, those in ``outside_joined`` ("the")
    when number and unit are one hyphenated adjective ("the 14-day period"); ``decades``: "two decades"
    is P2DE (the German corpora's convention), else P20Y. An article count ("a year") after a money
    amount (context money_before: "$1 billion a year") is a rate, a SET."""
    n = number(ctx, h["n"])
    if n is not None and (h["h"] or h["h1"]):
        n += 0.5
    if n is not None and n > 1000 and h["n"][0].isdigit():
        return None
    unit, code, _ = unit_of(ctx, h["u"])
    text = ctx.text
    if ctx.cx("age_after").match(text, h.end()):
        return None
    if not h["q"] and norm(h["n"]) in ctx.L.lex.get("articles", {}):
        if code != "S" and ctx.cx("money_before").search(text, max(0, h.start() - 30), h.start()):
            return Result("SET", dur_value(1, unit, code))
        if code == "S" or ctx.cx("rate_before").search(text, max(0, h.start() - 20), h.start()):
            return None
    if code == "Q" and (
        "-" in text[h.start("n") : h.start("u")]
        or (n is not None and ctx.cx("quarter_not_after").match(text, h.end()))  # "a quarter of" a share
    ):
        return None
    q = h["q"]
    mod = ctx.L.lex["duration_modifiers"].get(norm(q)) or None if q else None
    joined = "-" in text[h.end("n") : h.start("u")]  # "the 14-day period": an adjective, "the" outside
    start = h.start("n") if q and (norm(q) in outside or (joined and norm(q) in outside_joined)) else None
    if decades and code == "DE" and n is not None:
        return Result("DURATION", f"P{n:g}DE", mod, start=start)
    return Result("DURATION", dur_value(n, unit, code), mod, start=start)


@normaliser("plural_unit")
def plural_unit(ctx: Ctx, h: Hit) -> Result | None:
    """for years (PXY), the coming weeks / the weeks ahead (FUTURE_REF, table plural_refs); groups u [q a]."""
    q = h["q"] or h["a"]  # a: a word after the unit ("the weeks ahead")
    before = ctx.text[max(0, h.start() - 12) : h.start()].lower()
    if not q and not ctx.cx("plural_unit_before").search(before):
        return None
    ref = ctx.L.lex.get("plural_refs", {}).get(norm(q)) if q else None
    if ref:
        return Result("DATE", ref)
    unit, code, _ = unit_of(ctx, h["u"])
    return Result("DURATION", dur_value(None, unit, code))


@normaliser("vague")
def vague(ctx: Ctx, h: Hit, phrase_end: tuple[str, ...] = ()) -> Result | None:
    """now, recently, the past, soon (table vague_words); words in ``phrase_end`` ("the past") only
    where they end a phrase (contexts past_end, in_before, past_not_after)."""
    w = norm(h["w"])
    text, s, e = ctx.text, h.start(), h.end()
    if w in phrase_end:
        if not ctx.cx("past_end").match(text, e) and not ctx.cx("in_before").fullmatch(
            text[max(0, s - 3) : s].lower()
        ):
            return None
        if ctx.cx("past_not_after").match(text[e : e + 30]):
            return None
    return Result("DATE", ctx.L.lex["vague_words"][w])


# Extensions --------------------------------------------------------------------------------------
_APPROX_MODS = frozenset(("APPROX", "LESS_THAN", "EQUAL_OR_MORE", "MORE_THAN", "ON_OR_BEFORE", "ON_OR_AFTER"))


def _modifier_before(ctx: Ctx, s: int) -> bool:
    """Cheap test that the word before ``s`` could be a modifier, so the regexes only run when useful
    (asked by each extension of a match at the same ``s``: the last answer is kept)."""
    at, ok = ctx.modifier_at
    if at == s:
        return ok
    text = ctx.text
    if s < 2:
        ok = False
    elif text[s - 1] == "-":
        ok = True
    elif text[s - 1] not in " \n\t":
        ok = False
    else:
        k = max(text.rfind(" ", max(0, s - 16), s - 1), text.rfind("\n", max(0, s - 16), s - 1))
        ok = text[k + 1 : s - 1].lower() in ctx.L.settings["modifier_last_words"]
    ctx.modifier_at = (s, ok)
    return ok


@extension("determiner")
def determiner(ctx: Ctx, rule: Any, s: int, value: str | None, mod: str | None) -> tuple:
    """ "last June", "next Friday": re-anchor a named month/weekday/season after a word of setting
    shift_words (table offsets) and take the word in; without a DCT only if not in shift_words_dated."""
    if not _modifier_before(ctx, s) or not value:
        return s, value, mod
    dm = ctx.cx("det_before").search(ctx.text, max(0, s - 24), s)
    if dm:
        base = norm(dm["d"]).split()[-1]
        shift = ctx.L.settings.get("shift_words", ())
        if base in shift and ctx.day:
            value = _shift_named(ctx, rule.shift, value, ctx.L.lex["offsets"].get(base, 0))
            s = dm.start("d")
        elif base in shift and base not in ctx.L.settings.get("shift_words_dated", ()) and ctx.day is None:
            s = dm.start("d")
    return s, value, mod


@extension("modifier")
def modifier(ctx: Ctx, rule: Any, s: int, value: str | None, mod: str | None) -> tuple:
    """ "early June", "the end of 2025", "about 1990": a TIMEX3 mod (table modifiers) and a wider span."""
    if not _modifier_before(ctx, s):
        return s, value, mod
    mm = ctx.cx("mod_before").search(ctx.text, max(0, s - 24), s)
    if mm:
        w = " ".join(mm["m"].lower().replace("-", " ").split())
        new_mod = ctx.L.lex["modifiers"].get(w)
        if new_mod in _APPROX_MODS and not rule.approx:
            new_mod = None
        if new_mod:
            mod = new_mod
            s = mm.start("m")
    return s, value, mod


def _shift_named(ctx: Ctx, kind: str | None, value: str, off: int) -> str:
    """Re-anchor a named month/weekday/season (``kind``, a rule's ``shift``) after "last"/"next"/"this"."""
    day = ctx.day
    if kind == "weekday" and len(value) >= 10 and value[4] == "-":
        wd = date.fromisoformat(value[:10]).isoweekday()
        if off < 0:
            v = cm.weekday_near(day, wd, -1, strict=True)
        elif off > 0:
            v = cm.weekday_near(day, wd, 1, strict=True)
        else:
            v = cm.shift_day(day, wd - day.isoweekday())
        return v.isoformat() + value[10:]
    if kind == "month" and len(value) >= 7 and value[4] == "-":
        mth = int(value[5:7])
        if off < 0:
            y = day.year if mth < day.month else day.year - 1
        elif off > 0:
            y = day.year if mth > day.month else day.year + 1
        else:
            y = day.year
        return f"{y:04d}" + value[4:]
    if kind == "season":
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
