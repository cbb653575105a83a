"""Result types of the temporal tagger: a TIMEX3-like record and its calendar interval."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple


class Interval(NamedTuple):
    """Inclusive calendar range covered by a DATE/TIME value, at the value's own granularity."""

    first: date
    last: date
    granularity: str


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression; ``text == source[start:end]`` and ``value`` follows TIMEX3."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None

    def interval(self) -> Interval | None:
        """Calendar range of the value (narrowed by START/MID/END), None for vague or partial values."""
        if self.type not in ("DATE", "TIME") or not self.value:
            return None
        return value_interval(self.value, self.mod)


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_VALUE_RE = re.compile(
    r"^(?:(?P<y4>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d)(?:T.*)?)?|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])"
    r"|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?|(?P<y3>\d{3})|(?P<y2>\d{2}))$"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _months_span(year: int, month: int, count: int) -> tuple[date, date]:
    ly, lm = _add_months(year, month, count - 1)
    return date(year, month, 1), _month_end(ly, lm)


def value_interval(value: str, mod: str | None = None) -> Interval | None:
    """Map a TIMEX3 value to an inclusive date range; None when any part is unknown (X) or vague."""
    m = _VALUE_RE.match(value)
    if not m:
        return None
    try:
        if m["y2"]:
            c = int(m["y2"])
            first, last, gran = (
                date(c * 100, 1, 1) if c else date(1, 1, 1),
                date(c * 100 + 99, 12, 31),
                "century",
            )
        elif m["y3"]:
            dec = int(m["y3"]) * 10
            first, last, gran = date(max(dec, 1), 1, 1), date(dec + 9, 12, 31), "decade"
        else:
            y = int(m["y4"])
            if m["d"]:
                first = last = date(y, int(m["m"]), int(m["d"]))
                gran = "day"
            elif m["m"]:
                first, last = _months_span(y, int(m["m"]), 1)
                gran = "month"
            elif m["w"]:
                first = date.fromisocalendar(y, int(m["w"]), 6 if m["we"] else 1)
                last, gran = date.fromisocalendar(y, int(m["w"]), 7), "week"
            elif m["q"]:
                first, last = _months_span(y, 3 * int(m["q"]) - 2, 3)
                gran = "quarter"
            elif m["h"]:
                first, last = _months_span(y, 6 * int(m["h"]) - 5, 6)
                gran = "half"
            elif m["s"]:
                a, b = _SEASON_MONTHS[m["s"]]
                first, last = _months_span(y, a, b - a + 1)
                gran = "season"
            else:
                first, last, gran = date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        return None
    if mod in ("START", "MID", "END") and gran != "day":
        first, last = _narrow(first, last, gran, mod)
    return Interval(first, last, gran)


def _narrow(first: date, last: date, gran: str, mod: str) -> tuple[date, date]:
    """Take the first/middle/last third of the range, on whole months where the range allows it.

    Rule: year -> Jan-Apr / May-Aug / Sep-Dec; half -> 2 months each; quarter and season -> one month;
    month -> days 1-10 / 11-20 / 21-end; week -> Mon-Tue / Wed-Thu / Fri-Sun;
    decade -> years 0-3 / 4-6 / 7-9; century -> years 00-32 / 33-65 / 66-99.
    """
    part = ("START", "MID", "END").index(mod)
    if gran in ("year", "half", "quarter", "season"):
        n = (last.year - first.year) * 12 + last.month - first.month + 1
        step = n // 3
        a = _add_months(first.year, first.month, part * step)
        return _months_span(a[0], a[1], step)
    if gran == "month":
        starts = (1, 11, 21)
        a = first.replace(day=starts[part])
        b = last if part == 2 else first.replace(day=starts[part] + 9)
        return a, b
    if gran == "week":
        offs = ((0, 1), (2, 3), (4, 6))[part]
        return first + timedelta(days=offs[0]), first + timedelta(days=offs[1])
    if gran in ("decade", "century"):
        span = 10 if gran == "decade" else 100
        cuts = ((0, 3), (4, 6), (7, 9)) if span == 10 else ((0, 32), (33, 65), (66, 99))
        lo, hi = cuts[part]
        base = first.year - first.year % span
        return date(max(base + lo, 1), 1, 1), date(base + hi, 12, 31)
    return first, last
