"""English rule set: resolve each rule hit against the DCT and assemble non-overlapping timexes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from . import calendar_math as cm
from .english_context import (
    _APPROX_MODS,
    _BARE_MONTH_OK,
    _DET_BEFORE,
    _DUR_MODS,
    _MOD_BEFORE,
    _MOD_WORDS,
    _MODAL_AFTER,
    _SEASON_OK,
    _Ctx,
    _day_value,
    _direction,
    _dur_value,
    _num,
    _unit,
    _year,
    _year_ok,
)
from .english_patterns import (
    _RULES,
    DECADE_WORDS,
    MONTHS,
    ORDINALS,
    PODS,
    SEASONS,
    WEEKDAYS,
)
from .english_scan import (
    _candidates,
    _rules_rx,
)
from .holidays import holiday
from .model import Timex


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
    yy_s = m["dc_yy"] or m["dc_yy2"]
    if yy_s:
        return "DATE", ("20" if int(yy_s) < 30 else "19") + yy_s[0]
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
    elif m["tm_h2"]:
        hh, mm = int(m["tm_h2"]), int(m["tm_m2"])
    else:
        hh, mm = int(m["tm_h3"]), int(m["tm_m3"])
    end = None
    day = None
    dated = _date_after_time(ctx, m.end())
    after = None if dated else _DAY_AFTER_TIME.match(ctx.text, m.end())
    if dated:
        day, end = dated
    elif after:
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


_DATE_LEAD = re.compile(r",?\s+(?:on\s+)?(?=[A-Z0-9])")


def _date_after_time(ctx: _Ctx, p: int) -> tuple[str, int] | None:
    """A full calendar date right after a clock time ("3 p.m. on 24 June 2025") is the time's day."""
    lead = _DATE_LEAD.match(ctx.text, p)
    if lead is None:
        return None
    dm = _DATE_AFTER_RX.match(ctx.text, lead.end())
    if dm is None:
        return None
    res = HANDLERS[dm.lastgroup](ctx, dm)
    if res is None or res[0] != "DATE" or not res[1] or len(res[1]) != 10:
        return None
    return res[1], dm.end()


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


_THAN = re.compile(r"\s+than\b", re.IGNORECASE)


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
    comparative = _THAN.match(ctx.text, m.end()) is not None  # "a day later than planned": an offset
    if d in ("earlier", "later") and code in ("D", "W") and n is not None and n == int(n) and not comparative:
        ref = ctx.reference(m.start())
        if ref is not None:
            target = cm.shift_day(ref, int(n) * (7 if code == "W" else 1) * (1 if d == "later" else -1))
            ctx.anchor, ctx.anchor_end = target, m.end()
            return "DATE", target.isoformat()
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
    if word in ("that", "following", "next", "previous") and (word == "that" or has_the):
        anaphoric = _anaphoric(ctx, m, word, u)
        if anaphoric is not None or word == "that":
            return anaphoric
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
    return "DATE", v


_ANAPHORA_OFF = {"that": 0, "following": 1, "next": 1, "previous": -1}


def _anaphoric(ctx: _Ctx, m: re.Match, word: str, u: str) -> tuple | None:
    """ "that day", "the following week": relative to the last explicit date, when there is one nearby.

    A day resolved this way becomes the reference in turn, so a narrative can step day by day.
    """
    ref = ctx.reference(m.start())
    if ref is None or u in ("weekend", "decade") or (word == "next" and u != "day"):
        return None
    target = cm.shift(ref, u, _ANAPHORA_OFF[word])
    if u == "day":
        ctx.anchor, ctx.anchor_end = target, m.end()
    return "DATE", cm.fmt(target, u)


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
    if (
        w == "the past"
        and not _PAST_END.match(ctx.text, m.end())
        and not ctx.text[max(0, m.start() - 3) : m.start()].lower() == "in "
    ):
        return None
    if w == "the past" and re.match(
        r"\s+(?:\d|\w+\s+(?:days|weeks|months|years)|few|several)", ctx.text[m.end() : m.end() + 30]
    ):
        return None
    return "DATE", _VAGUE[w]


HANDLERS: dict[str, Callable[[_Ctx, re.Match], tuple | None]] = {
    f"R_{name}": globals()[f"_h_{name}"] for name, _ in _RULES
}
_DATE_AFTER_RX = _rules_rx(("iso", "numdate", "mdy", "dmy"))
_ANCHOR_RULES = frozenset(("R_iso", "R_ymd", "R_numdate", "R_mdy", "R_dmy"))
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
_DET_EXTENDABLE = {"R_month", "R_weekday", "R_season", "R_mdy", "R_year", "R_holiday"}


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
        if rule in _ANCHOR_RULES and value and len(value) == 10 and value[0] != "X":
            ctx.anchor = date.fromisoformat(value)
            ctx.anchor_end = e
        floor[0] = e
    return out
