"""Data-driven rules for non-English news (uk, ru, de, es, fr), built from ``data/<lang>.json``.

Covers explicit dates (numeric, day-month-year with inflected month names), month-year, guarded years,
weekdays with last/next, yesterday/today/tomorrow, last/this/next week/month/year and "N units ago".
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

from . import calendar_math as cm
from .lexicon import alt
from .model import Timex


def load(lang: str) -> dict:
    with open(Path(__file__).with_name("data") / f"{lang}.json", encoding="utf-8") as fh:
        return json.load(fh)


_APOS = "['’ʼ]"


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").replace("ʼ", "'").split())


def _words(items) -> str:
    """Trie alternation tolerant to apostrophe variants; empty lists never match."""
    items = [w for w in items if w]
    if not items:
        return "(?!)"
    return alt(items)


class _Lang:
    """Compiled pattern and lookup tables of one language."""

    def __init__(self, lang: str) -> None:
        d = load(lang)
        self.lang = lang
        self.months = {_norm(k): v for k, v in d["months"].items()}
        self.weekdays = {_norm(k): v for k, v in d["weekdays"].items()}
        self.days = {_norm(k): v for k, v in d["days"].items()}
        self.relative = {_norm(k): tuple(v) for k, v in d["relative"].items()}
        self.units = {_norm(k): v for k, v in d["units"].items()}
        self.numbers = {_norm(k): v for k, v in d["numbers"].items()}
        self.last_words = {_norm(w) for w in d["weekday_last_before"] + d["weekday_last_after"]}
        months, wd = _words(self.months), _words(self.weekdays)
        nums = r"(?:\d{1,3}|" + _words(self.numbers) + ")"
        units = _words(self.units)
        yw = _words(d["year_words"])
        year_tail = rf"(?:\s*(?P<{{p}}yw>{yw})(?!\w))?" if d["year_words"] else ""
        rules = [
            ("iso", r"(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?![\d-])"),
            ("num", r"(?P<nd_d>\d{1,2})[./](?P<nd_m>\d{1,2})[./](?P<nd_y>\d{4})(?![\d])"),
            (
                "dmy",
                rf"(?:(?P<dmy_wd>{wd}),?\s+)?(?P<dmy_d>\d{{1,2}})(?:\.|er|º)?(?:\s+de)?\s+(?P<dmy_m>{months})(?!\w)"
                rf"(?:,?\s+(?:de\s+|del\s+)?(?P<dmy_y>\d{{4}})(?!\d){year_tail.format(p='dmy_')})?",
            ),
            (
                "my",
                rf"(?P<my_m>{months})\s+(?:de\s+|del\s+)?(?P<my_y>\d{{4}})(?!\d){year_tail.format(p='my_')}",
            ),
            ("rel", rf"(?P<rel>{_words(self.relative)})(?!\w)"),
            ("days", rf"(?P<day>{_words(self.days)})(?!\w)"),
            (
                "wd",
                rf"(?:(?P<wd_lb>{_words(d['weekday_last_before'])})\s+|(?P<wd_nb>{_words(d['weekday_next_before'])})\s+)?"
                rf"(?P<wd_w>{wd})(?!\w)(?:\s+(?P<wd_la>{_words(d['weekday_last_after'])})(?!\w)"
                rf"|\s+(?P<wd_na>{_words(d['weekday_next_after'])})(?!\w))?",
            ),
            (
                "ago",
                rf"(?P<ag_b>{_words(d['ago_before'])})\s+(?:(?P<ag_n1>{nums})\s+)?(?P<ag_u1>{units})(?!\w)"
                rf"|(?:(?P<ag_n2>{nums})\s+)?(?P<ag_u2>{units})\s+(?P<ag_a>{_words(d['ago_after'])})(?!\w)",
            ),
            (
                "in",
                rf"(?P<in_b>{_words(d.get('in_before', []))})\s+"
                + (rf"(?:(?P<in_n>{nums})\s+)?" if d.get("in_bare_unit") else rf"(?P<in_n>{nums})\s+")
                + rf"(?P<in_u>{units})(?!\w)",
            ),
            (
                "dur",
                rf"(?:(?P<du_p>{_words(d.get('duration_preps', []))})\s+(?:(?P<du_n1>{nums})\s+)?(?P<du_u1>{units})"
                rf"|(?P<du_n2>{nums})\s+(?P<du_u2>{units}))(?!\w)",
            ),
            ("mprep", rf"(?:{_words(d['month_preps'])})\s+(?P<mp_m>{months})(?!\w|\s+\d)"),
            ("yw", rf"(?P<yw_y>\d{{4}})\s*(?P<yw_w>{yw})(?!\w)" if d["year_words"] else "(?!)"),
            (
                "yprep",
                rf"(?:{_words(d['year_preps'])})\s+(?P<yp_y>(?:1[6-9]|20)\d\d)(?![\d.,]\d|\w|\s*%)"
                + (rf"(?:\s*{yw}(?!\w))?" if d["year_words"] else ""),
            ),
        ]
        # one scanner for both tenses: the group that matched says which, the nearest cue wins
        tenses = []
        for name, key in (("fut", "future"), ("past", "past")):
            cues = [_words(d[f"{key}_cues"])] if d.get(f"{key}_cues") else []
            if d.get(f"{key}_suffix"):
                cues.append(d[f"{key}_suffix"])
            tenses.append(f"(?P<{name}>" + ("|".join(cues) or "(?!)") + ")")
        # "said that ... on 15 May will ...": a reported clause has its own tense
        self.clause = re.compile(
            r"(?<!\w)(?:" + _words(d.get("complementizers", [])) + r")(?:(?!\w)|(?<=[^\w\s]))", re.IGNORECASE
        )
        self.tense = re.compile(r"(?<!\w)(?:" + "|".join(tenses) + r")(?!\w)", re.IGNORECASE)
        self.rx = re.compile(
            r"(?<![\w$€£₴₽#/.-])(?:" + "|".join(f"(?P<R_{n}>{p})" for n, p in rules) + ")", re.IGNORECASE
        )


@cache
def _lang(lang: str) -> _Lang:
    return _Lang(lang)


def _date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _nearest_year(day: date, month: int, dom: int = 15) -> int:
    """Year of a month/day given without one: the occurrence closest to the reference day."""
    best = day.year
    best_gap = None
    for y in (day.year - 1, day.year, day.year + 1):
        try:
            gap = abs(date(y, month, min(dom, 28)).toordinal() - day.toordinal())
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


_CLAUSE_END = re.compile(r"[.!?;\n]")
_DUR_CODE = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def _tense(L: _Lang, text: str, s: int, e: int) -> int:
    """+1/-1 when the nearest tense cue of the clause around ``text[s:e]`` is future ("буде", "wird",
    "-rá") or past ("заявив", "sagte", "-ó"), 0 without one: the last cue before, else the first after."""
    lo = max(0, s - 60)
    before = text[lo:s]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("; ")) + 1
    clauses = list(L.clause.finditer(before, cut))
    if clauses:
        cut = clauses[-1].end()
    found = list(L.tense.finditer(before, cut))
    last = found[-1] if found else None
    if last is None:
        after = text[e : e + 40]
        stop = _CLAUSE_END.search(after)
        last = L.tense.search(after, 0, stop.start() if stop else len(after))
    if last is None:
        return 0
    return 1 if last.lastgroup == "fut" else -1


def _year_of(day: date, month: int, dom: int, direction: int) -> int:
    """Year of a day and month given without one: the next/last occurrence in ``direction``, else the nearest."""
    if direction == 0:
        return _nearest_year(day, month, dom)
    this = (month, dom) >= (day.month, day.day) if direction > 0 else (month, dom) <= (day.month, day.day)
    return day.year if this else day.year + direction


def _count(L: _Lang, n_s: str | None) -> int | None:
    if n_s is None:
        return 1
    if n_s.isdigit():
        return int(n_s)
    n = L.numbers.get(_norm(n_s))
    return None if n is None else int(n)


def _resolve(L: _Lang, m: re.Match, text: str, day: date | None) -> tuple[str, str, int, int] | None:
    """(type, value, start, end) of one hit, or None when a guard rejects it."""
    rule = m.lastgroup
    s, e = m.start(), m.end()
    if rule == "R_iso":
        v = _date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
        return ("DATE", v, s, e) if v else None
    if rule == "R_num":
        v = _date(int(m["nd_y"]), int(m["nd_m"]), int(m["nd_d"]))
        return ("DATE", v, s, e) if v else None
    if rule in ("R_dmy",):
        mon = L.months[_norm(m["dmy_m"])]
        dom = int(m["dmy_d"])
        if m["dmy_y"]:
            v = _date(int(m["dmy_y"]), mon, dom)
        elif day is None:
            v = f"XXXX-{mon:02d}-{dom:02d}" if 1 <= dom <= 31 else None
        else:
            v = _date(_year_of(day, mon, dom, _tense(L, text, s, e)), mon, dom)
        return ("DATE", v, s, e) if v else None
    if rule == "R_my":
        return "DATE", f"{int(m['my_y']):04d}-{L.months[_norm(m['my_m'])]:02d}", s, e
    if rule == "R_mprep":
        mon = L.months[_norm(m["mp_m"])]
        if day is None:
            y = "XXXX"
        else:
            direction = _tense(L, text, s, e) if mon != day.month else 0
            y = f"{cm.month_year(day, mon, direction) if direction else _nearest_year(day, mon):04d}"
        return "DATE", f"{y}-{mon:02d}", m.start("mp_m"), e
    if rule == "R_yw":
        return "DATE", m["yw_y"], s, e
    if rule == "R_yprep":
        return "DATE", m["yp_y"], m.start("yp_y"), e
    if rule == "R_rel":
        gran, off = L.relative[_norm(m["rel"])]
        if day is None:
            return "DATE", cm.unknown(gran), s, e
        return "DATE", cm.fmt(cm.shift(day, gran, off), gran), s, e
    if rule == "R_days":
        word = m["day"]
        off = L.days[_norm(word)]
        if (
            L.lang == "de"
            and word == "Morgen"
            and s
            and text[max(0, s - 2) : s].strip() not in ("", ".", "!", "?")
        ):
            return None  # the noun "Morgen" (morning), not "morgen" (tomorrow)
        if (
            L.lang == "es"
            and off == 1
            and re.search(r"(?i)\b(?:la|esta|una|de|cada|por)\s+$", text[max(0, s - 8) : s])
        ):
            return None  # "la mañana" is the morning
        if day is None:
            return "DATE", "XXXX-XX-XX", s, e
        return "DATE", cm.shift_day(day, off).isoformat(), s, e
    if rule == "R_wd":
        wd = L.weekdays[_norm(m["wd_w"])]
        if day is None:
            return "DATE", f"XXXX-WXX-{wd}", s, e
        if m["wd_lb"] or m["wd_la"]:
            v = cm.weekday_near(day, wd, -1, strict=True)
        elif m["wd_nb"] or m["wd_na"]:
            v = cm.weekday_near(day, wd, 1, strict=True)
        else:
            v = cm.weekday_near(day, wd, 1 if _tense(L, text, s, e) > 0 else -1)
        return "DATE", v.isoformat(), s, e
    if rule == "R_in":
        unit = L.units[_norm(m["in_u"])]
        n = _count(L, m["in_n"])
        if day is None or n is None:
            return "DATE", "FUTURE_REF", s, e
        return "DATE", cm.fmt(cm.shift(day, unit, n), unit), s, e
    if rule == "R_dur":
        unit = L.units[_norm(m["du_u1"] or m["du_u2"])]
        n_s = m["du_n1"] or m["du_n2"]
        n = _count(L, n_s) if n_s else None
        start = m.start("du_n1") if m["du_p"] and n_s else (m.start("du_u1") if m["du_p"] else s)
        return "DURATION", f"P{'X' if n is None else n}{_DUR_CODE[unit]}", start, e
    if rule == "R_ago":
        unit = L.units[_norm(m["ag_u1"] or m["ag_u2"])]
        n_s = m["ag_n1"] or m["ag_n2"]
        n = _count(L, n_s)
        if day is None or n is None:
            return "DATE", "PAST_REF", s, e
        return "DATE", cm.fmt(cm.shift(day, unit, -n), unit), s, e
    return None


def tag_lang(text: str, day: date | None, lang: str) -> list[Timex]:
    """Scan once with the language's master regex."""
    L = _lang(lang)
    out: list[Timex] = []
    for m in L.rx.finditer(text):
        res = _resolve(L, m, text, day)
        if res is None or res[1] is None:
            continue
        typ, value, s, e = res
        if out and s < out[-1].end:
            continue
        out.append(Timex(s, e, text[s:e], typ, value, None))
    return out
