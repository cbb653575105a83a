"""Fixed and movable holidays that news names instead of dates."""

from __future__ import annotations

from datetime import date, timedelta


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


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based; -1 = last) ISO weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(name: str, year: int) -> date | None:
    """Date of a holiday (lowercased, whitespace-normalised name) in ``year``; None if unknown."""
    n = name.replace("’", "'")
    if n.startswith("christmas eve"):
        return date(year, 12, 24)
    if n.startswith("christmas"):
        return date(year, 12, 25)
    if n == "new year's eve":
        return date(year, 12, 31)
    if n.startswith("new year"):
        return date(year, 1, 1)
    if n.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 4, 4)
    if n == "easter monday":
        return easter(year) + timedelta(days=1)
    if n.startswith("easter"):
        return easter(year)
    if n == "good friday":
        return easter(year) - timedelta(days=2)
    if n == "election day":
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    if n == "independence day":
        return date(year, 7, 4)
    if n == "halloween":
        return date(year, 10, 31)
    if n == "valentine's day":
        return date(year, 2, 14)
    if n == "labor day":
        return _nth_weekday(year, 9, 1, 1)
    if n == "memorial day":
        return _nth_weekday(year, 5, 1, -1)
    if n == "boxing day":
        return date(year, 12, 26)
    if n == "may day":
        return date(year, 5, 1)
    return None
