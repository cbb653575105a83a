"""Date arithmetic and TIMEX3 value formatting shared by the language rule sets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

GRAN_ORDER = ("day", "week", "month", "quarter", "half", "year", "decade", "century")


def local_day(dct: date | datetime | None) -> date | None:
    """The reference day in the DCT's own clock: an aware datetime keeps its offset (no UTC shift)."""
    if dct is None:
        return None
    if isinstance(dct, datetime):
        return dct.date()
    return dct


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def shift_day(day: date, n: int) -> date:
    try:
        return day + timedelta(days=n)
    except OverflowError:
        return day


def fmt(day: date, gran: str) -> str:
    """TIMEX3 value of the period of granularity ``gran`` containing ``day``."""
    y = day.year
    if gran == "day":
        return day.isoformat()
    if gran == "week":
        iy, iw, _ = day.isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if gran == "month":
        return f"{y:04d}-{day.month:02d}"
    if gran == "quarter":
        return f"{y:04d}-Q{(day.month - 1) // 3 + 1}"
    if gran == "half":
        return f"{y:04d}-H{1 if day.month <= 6 else 2}"
    if gran == "decade":
        return f"{y // 10:03d}"
    if gran == "century":
        return f"{y // 100:02d}"
    return f"{y:04d}"


def shift(day: date, gran: str, n: int) -> date:
    """Move ``day`` by ``n`` periods of granularity ``gran`` (month arithmetic clamps to month end)."""
    if gran == "day":
        return shift_day(day, n)
    if gran == "week":
        return shift_day(day, 7 * n)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}.get(gran, 12)
    y, m = add_months(day.year, day.month, months * n)
    if not 1 <= y <= 9999:
        return day
    d = min(day.day, 28)
    return date(y, m, d)


def unknown(gran: str) -> str:
    """Value with unknown anchor, used when there is no DCT."""
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "half": "XXXX-HX",
        "decade": "XXX",
        "century": "XX",
    }.get(gran, "XXXX")


def weekday_near(day: date, weekday: int, direction: int, strict: bool = False) -> date:
    """Closest ``weekday`` (1=Mon) on or before (direction<0) / after (>0) ``day``; strict skips ``day``."""
    delta = weekday - day.isoweekday()
    if direction < 0:
        if delta > 0 or (strict and delta == 0):
            delta -= 7
    else:
        if delta < 0 or (strict and delta == 0):
            delta += 7
    return shift_day(day, delta)


def month_year(day: date, month: int, direction: int) -> int:
    """Year of a bare month name: the dct month itself, else the nearest one in ``direction``."""
    if month == day.month or direction == 0:
        return day.year
    if direction < 0:
        return day.year if month < day.month else day.year - 1
    return day.year if month > day.month else day.year + 1


def two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy
