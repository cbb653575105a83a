"""Holiday dates from the rules of the lexicon's ``holidays`` table (fixed, Easter-based, n-th weekday)."""

from __future__ import annotations

import re
from datetime import date, timedelta

_NTH = re.compile(r"(\d{1,2})/([1-7])/(-?\d)(?:\+(\d+))?$")
_EASTER = re.compile(r"(orthodox_)?easter([+-]\d+)?$")
_FIXED = re.compile(r"(\d\d)-(\d\d)$")


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday: the Julian computus (Meeus), moved to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=year // 100 - year // 400 - 2)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based; -1 = last) ISO weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(spec: str, year: int) -> date | None:
    """Date of a holiday rule in ``year``: "MM-DD", "[orthodox_]easter[+-N]", or "M/W/N[+D]" (N-th ISO weekday W
    of month M, -1 for the last, then D days later); None for a rule this module cannot read."""
    m = _FIXED.match(spec)
    if m:
        return date(year, int(m[1]), int(m[2]))
    m = _EASTER.match(spec)
    if m:
        base = orthodox_easter(year) if m[1] else easter(year)
        return base + timedelta(days=int(m[2] or 0))
    m = _NTH.match(spec)
    if m:
        return _nth_weekday(year, int(m[1]), int(m[2]), int(m[3])) + timedelta(days=int(m[4] or 0))
    return None
