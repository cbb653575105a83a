"""One self-contained HTML page drawing what an ingest output holds: ``dateline report DIR``.

dateline report DIR [--out report.html] [--from DATE] [--to DATE] [--source S]... [--language L]...

The tables are read only through :func:`transforms.store.sql.connect` (DuckDB views ``documents``,
``events``, ``rejects``) and SQL, so the page follows the storage layout wherever it goes. Plotly draws
the charts; its JavaScript is inlined once, so the file opens offline. Past ``--max-marks`` events the
timeline shows a random sample of individual marks next to complete aggregates, and says so.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import os
import sys
import textwrap
import time
import zlib
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from transforms.store.sql import QueryError, connect

MAX_MARKS = 5000  # individual timeline marks drawn before sampling
MAX_GROUPS = 12  # sources (or languages) drawn by name; the rest are "other"
MAX_CELLS = 4000  # points of the publication-vs-mention chart before coarser bins
MAX_SPANS = 400  # aggregated long spans drawn in the overview
OTHER = "(other)"
NONE = "(none)"
SAMPLE_SEED = 17
DETAIL_BUCKETS = 1_000_000  # hash(event_id) % DETAIL_BUCKETS decides which events keep their text
DETAIL_FACTOR = 4  # events kept with text per timeline mark, before filters

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
    "#637939",
)


@dataclasses.dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def where(self, date_col: str, end_col: str | None = None) -> tuple[str, list]:
        """A WHERE clause (and its parameters) for a table with source, language and a date column.

        Events are kept when their interval overlaps [from, to], not only when it starts inside it.
        """
        clauses, params = ["TRUE"], []
        if self.date_from is not None:
            clauses.append(f"coalesce({end_col or date_col}, {date_col}) >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            clauses.append(f"{date_col} <= ?")
            params.append(self.date_to)
        if self.sources:
            clauses.append("list_contains(?, coalesce(source, ''))")
            params.append(list(self.sources))
        if self.languages:
            clauses.append("list_contains(?, coalesce(language, ''))")
            params.append(list(self.languages))
        return " AND ".join(clauses), params

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("from", self.date_from.isoformat() if self.date_from else "(any)"),
            ("to", self.date_to.isoformat() if self.date_to else "(any)"),
            ("sources", ", ".join(self.sources) or "(all)"),
            ("languages", ", ".join(self.languages) or "(all)"),
        ]


@dataclasses.dataclass
class ReportStats:
    path: str
    bytes: int
    seconds: float
    events: int
    marks: int
    sampled: bool


# ---------------------------------------------------------------- run history (kept isolated)

RUN_COUNTS = ("inputs", "documents", "events", "rejects", "duplicates", "unchanged", "skipped")


def run_history(output: str) -> list[dict]:
    """The committed runs of ``output``, oldest first: ``when``, ``run_id`` and the summary's counts
    (compactions, which carry no summary, are left out)."""
    from transforms.store.head import run_history as committed

    runs = []
    for record in committed(output):
        summary = record.get("summary")
        if summary is None:
            continue
        counts = summary.get("counts", {})
        runs.append(
            {
                "when": record.get("committed_at"),
                "run_id": record.get("run_id", ""),
                **{k: counts.get(k, 0) for k in RUN_COUNTS},
                "balanced": summary.get("balanced"),
                "batches": summary.get("batches", 1),
            }
        )
    return runs


# ---------------------------------------------------------------- helpers


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _wrap(text: str | None, width: int = 90, limit: int = 600) -> str:
    """Escaped for Plotly's pseudo-HTML labels, cut to ``limit`` and wrapped with <br>."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "<br>".join(_esc(line) for line in textwrap.wrap(text, width)) or ""


def _table(columns: Sequence[str], rows: Sequence[Sequence], cls: str = "") -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(columns)}" class="empty">none</td></tr>'
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _linkable(url: str | None) -> bool:
    """Only web links become links: a feed's ``javascript:`` or ``data:`` URL stays text."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def _jitter(key: str) -> float:
    """A fixed offset in [-0.38, 0.38] so marks of one row spread out instead of piling up."""
    return ((zlib.crc32(key.encode("utf-8")) % 10_000) / 10_000 - 0.5) * 0.76


def _timeline_trace(name: str, marks: dict[str, list]) -> dict:
    """What a timeline row's points and its spans share: data, legend group, hover text, click data."""
    return {
        "x": marks["x"],
        "y": marks["y"],
        "name": name,
        "legendgroup": name,
        "hovertext": marks["text"],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": marks["custom"],
    }


def _fold(rows: Sequence[tuple]) -> tuple[list[str], dict[str, dict[str, int]]]:
    """``(day, group, n)`` rows as ``{group: {day: n}}`` series: the ``MAX_GROUPS`` groups with the
    largest sums keep their name (returned, largest first), the rest add up under ``OTHER``."""
    totals: dict[str, int] = {}
    for _, name, n in rows:
        totals[name] = totals.get(name, 0) + n
    names = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_GROUPS]]
    series: dict[str, dict[str, int]] = {}
    for d, name, n in rows:
        days = series.setdefault(name if name in names else OTHER, {})
        days[d.isoformat()] = days.get(d.isoformat(), 0) + n
    return names, series


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


class _Report:
    def __init__(self, output: str, filters: Filters, group_by: str, max_marks: int):
        self.output = output
        self.filters = filters
        self.group = group_by
        self.max_marks = max_marks
        self.con = connect(output)
        self.con.execute("SET enable_progress_bar = false")
        # Footers read once serve a later scan of the same files (the drawn events' text, if needed).
        self.con.execute("SET parquet_metadata_cache = true")
        self.ev_where, self.ev_params = filters.where("event_date", "event_end")
        self.doc_where, self.doc_params = filters.where("published_date")
        # One scan of each table into slim in-memory copies: every chart below reads those, not the
        # files (a scan costs about 0.1 ms per file, and a run in batches writes tens of thousands).
        # The text a mark shows is kept for a hash sample of about DETAIL_FACTOR x max_marks events
        # (all of them in a small output), sized on the row count the Parquet footers give for free.
        [(stored,)] = self.q("SELECT count(*) FROM events")
        keep = min(DETAIL_BUCKETS, -(-DETAIL_BUCKETS * DETAIL_FACTOR * max_marks // max(stored, 1)))
        self.con.execute(
            "CREATE TEMP TABLE ev AS SELECT event_id, doc_id, event_date, event_end, granularity, "
            "date_source, source, language, published_at, "
            f"CASE WHEN hash(event_id) % {DETAIL_BUCKETS} < {keep} THEN {{'timex_value': timex_value, "
            "'timex_mod': timex_mod, 'date_text': date_text, 'sentence': sentence, 'url': url, "
            f"'title': title}} END AS detail FROM events WHERE {self.ev_where}",
            self.ev_params,
        )
        self.con.execute(
            "CREATE TEMP TABLE alldocs AS SELECT doc_id, source, language, published_date, "
            "coalesce(len(removed), 0) AS blocks, coalesce(length(array_to_string(removed, '')), 0) AS "
            "removed_chars, length(body) AS kept_chars, removed FROM documents"
        )
        self.notes: list[str] = []
        self.figures: list[tuple[str, go.Figure, str]] = []
        self.colors: dict[str, str] = {OTHER: "#999999"}

    def color(self, name: str) -> str:
        """One colour per source (or language) across all charts."""
        if name not in self.colors:
            self.colors[name] = _color(len(self.colors) - 1)
        return self.colors[name]

    def q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    def docs_sql(self) -> str:
        return f"(SELECT * FROM alldocs WHERE {self.doc_where})"

    # ------------------------------------------------------------ groups (sources or languages)

    def groups(self) -> list[str]:
        """The named rows of the timeline: the biggest groups by event count; others fold into one."""
        rows = self.q(
            f"SELECT coalesce({self.group}, '{NONE}') AS g, count(*) AS n FROM ev e "
            "WHERE event_date IS NOT NULL GROUP BY ALL ORDER BY n DESC, g",
        )
        names = [g for g, _ in rows[:MAX_GROUPS]]
        for name in names:
            self.color(name)
        if len(rows) > MAX_GROUPS:
            names.append(OTHER)
            self.notes.append(
                f"The timeline names the {MAX_GROUPS} {self.group}s with most events; "
                f"{len(rows) - MAX_GROUPS} more are drawn as {OTHER}."
            )
        return names

    # ------------------------------------------------------------ timeline

    def timeline(self) -> tuple[int, int]:
        total, undated = self.q(
            "SELECT count(*) FILTER (WHERE event_date IS NOT NULL), count(*) FILTER (WHERE event_date IS NULL) "
            "FROM ev e",
        )[0]
        self.total_events = total
        if undated:
            self.notes.append(
                f"{undated} event{'s have' if undated != 1 else ' has'} no date (e.g. PAST_REF): "
                "left off the timeline."
            )
        columns = (
            "event_id, event_date, coalesce(event_end, event_date) AS event_end, granularity, timex_value, "
            "timex_mod, date_text, date_source, sentence, source, url, title, language, published_at"
        )
        sampled = total > self.max_marks
        [(with_detail,)] = self.q("SELECT count(detail) FROM ev WHERE event_date IS NOT NULL")
        if with_detail >= min(total, self.max_marks):
            # The hash sample is uniform: a random sample of it is a random sample of all.
            picked = "SELECT * FROM ev WHERE event_date IS NOT NULL AND detail IS NOT NULL"
            if sampled:
                picked = (
                    f"SELECT * FROM ({picked}) USING SAMPLE reservoir({int(self.max_marks)} ROWS) "
                    f"REPEATABLE ({SAMPLE_SEED})"
                )
            sql = (
                f"SELECT {columns} FROM (SELECT * EXCLUDE (detail), "
                "detail.* FROM (" + picked + ")) ORDER BY event_date, event_id"
            )
        else:
            # A narrow filter left too few events with text: fetch the drawn ones' text by id.
            picked = "SELECT event_id FROM ev WHERE event_date IS NOT NULL"
            if sampled:
                picked = (
                    f"SELECT event_id FROM ({picked}) USING SAMPLE reservoir({int(self.max_marks)} ROWS) "
                    f"REPEATABLE ({SAMPLE_SEED})"
                )
            self.con.execute(f"CREATE TEMP TABLE picked AS {picked}")
            sql = (
                f"SELECT {columns} FROM events WHERE {self.ev_where} AND event_id IN "
                "(SELECT event_id FROM picked) ORDER BY event_date, event_id"
            )
        self.detail_scan = with_detail < min(total, self.max_marks)
        if sampled:
            self.notes.append(
                f"{total:,} events match: the timeline draws a random sample of {self.max_marks:,} of them "
                "(one mark each); the overview below it counts all of them."
            )
        # Text events first within a row, so the legend shows a filled mark.
        rows = sorted(
            self.q(sql, [] if not self.detail_scan else self.ev_params), key=lambda r: r[7] == "publication"
        )
        names = self.groups()
        index = {name: i for i, name in enumerate(names)}
        group_col = 9 if self.group == "source" else 12
        points: dict[str, dict[str, list]] = {}
        spans: dict[str, dict[str, list]] = {}
        for r in rows:
            (eid, start, end, gran, timex, mod, text, dsrc, sentence, source, url, title, lang, pub) = r
            name = r[group_col] if r[group_col] is not None else NONE
            if name not in index:
                name = OTHER
            y = (len(names) - 1 - index[name]) + _jitter(eid)
            shown = start.isoformat() if end == start else f"{start.isoformat()} – {end.isoformat()}"
            hover = (
                f"<b>{_esc(text) or '(publication date)'}</b>  →  {shown}"
                f"<br>{_esc(gran or '')} · {_esc(timex or '')}{' · ' + _esc(mod) if mod else ''}"
                f" · {_esc(dsrc)}<br>{_wrap(sentence)}"
                f"<br><i>{_esc(source or NONE)}</i> · {_esc(lang or '')} · {_wrap(title, 90, 120)}"
                + (
                    f'<br><a href="{_esc(url)}">{_esc(url)}</a>'
                    if _linkable(url)
                    else f"<br>{_esc(url or '')}"
                )
            )
            custom = [url if _linkable(url) else "", eid]
            if end == start:
                d = points.setdefault(name, {"x": [], "y": [], "text": [], "custom": [], "symbol": []})
                d["x"].append(start.isoformat())
                d["symbol"].append("circle-open" if dsrc == "publication" else "circle")
            else:
                d = spans.setdefault(name, {"x": [], "base": [], "y": [], "text": [], "custom": []})
                d["base"].append(start.isoformat())
                d["x"].append(((end - start).days + 1) * 86_400_000)
            d["y"].append(round(y, 4))
            d["text"].append(hover)
            d["custom"].append(custom)
        fig = go.Figure()
        for name in names:
            color = self.color(name)
            if name in points:
                p = points[name]
                fig.add_trace(
                    go.Scatter(
                        **_timeline_trace(name, p),
                        mode="markers",
                        marker={"color": color, "size": 7, "symbol": p["symbol"], "opacity": 0.75},
                        meta="timeline-points",
                    )
                )
            if name in spans:
                s = spans[name]
                fig.add_trace(
                    go.Bar(
                        **_timeline_trace(name, s),
                        base=s["base"],
                        orientation="h",
                        width=0.07,
                        showlegend=name not in points,
                        marker={"color": color, "opacity": 0.45, "line": {"width": 0}},
                        meta="timeline-spans",
                    )
                )
        xaxis = {"type": "date", "title": "event date (a day is a point; a week, month, year … a span)"}
        view = self.view = self.central_range()
        if view is not None:
            xaxis["range"] = view
        fig.update_layout(
            barmode="overlay",
            height=max(320, 70 * len(names) + 140),
            xaxis=xaxis,
            yaxis={
                "tickvals": list(range(len(names))),
                "ticktext": list(reversed(names)),
                "range": [-0.6, len(names) - 0.4],
                "fixedrange": True,
                "zeroline": False,
                "title": self.group,
            },
            hoverlabel={"align": "left"},
            dragmode="zoom",
        )
        title = f"Timeline: {len(rows):,} events" + (f" (random sample of {total:,})" if sampled else "")
        self.figures.append((title, fig, "timeline"))
        return total, len(rows)

    def central_range(self) -> list[str] | None:
        """The initial view: the middle 80% of event days, padded, when outliers would squash it."""
        lo, p10, p90, hi = self.q(
            "SELECT min(event_date), quantile_disc(event_date, 0.1), quantile_disc(event_date, 0.9), "
            "max(coalesce(event_end, event_date)) FROM ev e WHERE event_date IS NOT NULL",
        )[0]
        pad = dt.timedelta(days=max(14, (p90 - p10).days // 4)) if lo is not None else None
        if lo is None or ((p90 - p10) + 2 * pad).days * 4 >= (hi - lo).days:
            return None
        start, end = max(lo, p10 - pad), min(hi, p90 + pad)
        self.notes.append(
            f"The timeline opens on {start} – {end}, where most events are; they reach from {lo} to {hi}: "
            "zoom out, or double-click the chart, to see them all."
        )
        return [start.isoformat(), end.isoformat()]

    # ------------------------------------------------------------ overview (complete counts)

    def overview(self) -> None:
        """Counts of every matching event: short ones per day or month, long spans as bars."""
        lo, hi = self.q(
            "SELECT quantile_disc(event_date, 0.1), quantile_disc(event_date, 0.9) "
            "FROM ev e WHERE event_date IS NOT NULL "
            "AND coalesce(event_end, event_date) - event_date < 31",
        )[0]
        if lo is None:
            return
        unit = "day" if (hi - lo).days <= 400 else "month" if (hi - lo).days <= 365 * 40 else "year"
        g = f"coalesce({self.group}, '{NONE}')"
        rows = self.q(
            f"SELECT date_trunc('{unit}', event_date)::DATE AS d, {g} AS g, count(*) FROM ev e "
            "WHERE event_date IS NOT NULL AND coalesce(event_end, event_date) - event_date < 31 "
            "GROUP BY ALL ORDER BY d",
        )
        long_spans = self.q(
            f"SELECT event_date, event_end, any_value(granularity), count(*) AS n FROM ev e "
            "WHERE event_date IS NOT NULL AND event_end - event_date >= 31 GROUP BY event_date, event_end "
            f"ORDER BY n DESC, event_date LIMIT {MAX_SPANS + 1}",
        )
        names, series = _fold(rows)
        fig = go.Figure()
        for name in (n for n in [*names, OTHER] if n in series):
            fig.add_trace(
                go.Bar(
                    x=list(series[name]),
                    y=list(series[name].values()),
                    name=name,
                    marker_color=self.color(name),
                    hovertemplate=f"{_esc(name)}<br>%{{x}}: %{{y}} events<extra></extra>",
                )
            )
        if long_spans:
            if len(long_spans) > MAX_SPANS:
                self.notes.append(f"The overview draws the {MAX_SPANS} most mentioned long spans only.")
            top = max(n for *_, n in long_spans)
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    base=[s.isoformat() for s, *_ in long_spans[:MAX_SPANS]],
                    x=[((e - s).days + 1) * 86_400_000 for s, e, *_ in long_spans[:MAX_SPANS]],
                    y=[n for *_, n in long_spans[:MAX_SPANS]],
                    width=[max(0.6, top * 0.05)] * min(len(long_spans), MAX_SPANS),
                    yaxis="y2",
                    name="spans ≥ a month (count)",
                    marker={"color": "rgba(80,80,80,0.35)"},
                    hovertext=[f"{g or ''} {s} – {e}: {n} events" for s, e, g, n in long_spans[:MAX_SPANS]],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
        fig.update_layout(
            barmode="stack",
            height=420,
            xaxis={
                "type": "date",
                "title": f"event date (per {unit}; events shorter than a month)",
                **({"range": self.view} if getattr(self, "view", None) else {}),
            },
            yaxis={"title": f"events per {unit}", "domain": [0.0, 0.62] if long_spans else [0, 1]},
            yaxis2={"title": "events per span", "domain": [0.7, 1.0], "anchor": "x"},
        )
        self.figures.append(("Overview: every matching event counted", fig, "overview"))

    # ------------------------------------------------------------ publication vs mention

    def publication_vs_mention(self) -> None:
        base = (
            "SELECT coalesce(d.published_date, e.published_at::DATE) AS pub, e.event_date AS ev, "
            "coalesce(e.event_end, e.event_date) AS ev_end FROM ev e "
            "LEFT JOIN (SELECT doc_id, any_value(published_date) AS published_date FROM alldocs GROUP BY doc_id) d "
            "USING (doc_id) WHERE e.date_source = 'text' AND e.event_date IS NOT NULL"
        )
        self.con.execute(f"CREATE TEMP TABLE pv AS {base}")
        base = "SELECT * FROM pv"
        stats = self.q(
            f"SELECT count(*) FILTER (WHERE ev_end < pub), count(*) FILTER (WHERE ev <= pub AND pub <= ev_end), "
            f"count(*) FILTER (WHERE ev > pub), min(ev), max(ev), min(pub), max(pub) FROM ({base}) WHERE pub IS NOT NULL",
        )[0]
        back, same, ahead, ev_lo, ev_hi, pub_lo, pub_hi = stats
        if ev_lo is None:
            return
        units = ("day", "week", "month", "quarter", "year", "decade")
        trunc = {
            "day": "date_trunc('day', {})",
            "week": "date_trunc('week', {})",
            "month": "date_trunc('month', {})",
            "quarter": "date_trunc('quarter', {})",
            "year": "date_trunc('year', {})",
            "decade": "make_date(CAST(floor(year({0}) / 10) * 10 AS INTEGER), 1, 1)",
        }
        for ev_unit in units:
            pub_unit = ev_unit if ev_unit in ("day", "week", "month") else "month"
            rows = self.q(
                f"SELECT {trunc[pub_unit].format('pub')}::DATE AS p, {trunc[ev_unit].format('ev')}::DATE AS v, "
                f"count(*) FROM ({base}) WHERE pub IS NOT NULL GROUP BY ALL ORDER BY p, v LIMIT {MAX_CELLS + 1}",
            )
            if len(rows) <= MAX_CELLS:
                break
        top = max(n for *_, n in rows)
        fig = go.Figure(
            go.Scatter(
                x=[p.isoformat() for p, _, _ in rows],
                y=[v.isoformat() for _, v, _ in rows],
                mode="markers",
                marker={
                    "size": [6 + 24 * (n / top) ** 0.5 for *_, n in rows],
                    "color": [n for *_, n in rows],
                    "colorscale": "Viridis",
                    "showscale": True,
                    "colorbar": {"title": "events"},
                    "opacity": 0.8,
                },
                text=[str(n) for *_, n in rows],
                hovertemplate=f"published (per {pub_unit}) %{{x}}<br>mentions (per {ev_unit}) %{{y}}"
                "<br>%{text} events<extra></extra>",
                name="events",
            )
        )
        lo, hi = max(ev_lo, pub_lo), min(ev_hi, pub_hi)
        if lo <= hi:
            fig.add_trace(
                go.Scatter(
                    x=[lo.isoformat(), hi.isoformat()],
                    y=[lo.isoformat(), hi.isoformat()],
                    mode="lines",
                    line={"dash": "dot", "color": "#888"},
                    name="same day",
                    hoverinfo="skip",
                )
            )
        fig.update_layout(
            height=460,
            xaxis={"type": "date", "title": "published"},
            yaxis={"type": "date", "title": "event mentioned (start)"},
            showlegend=False,
        )
        total = back + same + ahead
        pct = lambda n: f"{100 * n / total:.0f}%" if total else "0%"  # noqa: E731
        title = (
            f"Publication vs mention: {pct(back)} look back, {pct(same)} same period, {pct(ahead)} look ahead "
            f"({total:,} text events)"
        )
        self.figures.append((title, fig, "pubmention"))

    # ------------------------------------------------------------ sources and languages

    def _counts_by(self, column: str) -> tuple[dict[str, int], dict[str, int]]:
        """Matching documents and events per value of ``column`` (``source`` or ``language``)."""
        key = f"coalesce({column}, '{NONE}')"
        docs = self.q(f"SELECT {key}, count(*) FROM {self.docs_sql()} GROUP BY ALL", self.doc_params)
        return dict(docs), dict(self.q(f"SELECT {key}, count(*) FROM ev e GROUP BY ALL"))

    def sources_and_languages(self) -> None:
        docs, evs = self._counts_by("source")
        order = sorted(set(docs) | set(evs), key=lambda s: (-docs.get(s, 0), -evs.get(s, 0), s))[:40]
        if len(set(docs) | set(evs)) > 40:
            self.notes.append("Per-source bars show the 40 largest sources.")
        fig = go.Figure(
            [
                go.Bar(y=order, x=[docs.get(s, 0) for s in order], name="documents", orientation="h"),
                go.Bar(y=order, x=[evs.get(s, 0) for s in order], name="events", orientation="h", xaxis="x2"),
            ]
        )
        fig.update_layout(
            barmode="group",
            height=max(300, 26 * len(order) + 120),
            yaxis={"autorange": "reversed"},
            xaxis={"title": "documents", "domain": [0, 0.48]},
            xaxis2={"title": "events", "domain": [0.52, 1], "anchor": "y"},
        )
        self.figures.append(("Documents and events per source", fig, "sources"))

        per_day = self.q(
            f"SELECT published_date, coalesce(source, '{NONE}'), count(*) FROM {self.docs_sql()} "
            "WHERE published_date IS NOT NULL GROUP BY ALL ORDER BY 1",
            self.doc_params,
        )
        _, series = _fold(per_day)
        fig = go.Figure(
            [
                go.Bar(x=list(v), y=list(v.values()), name=k, marker_color=self.color(k))
                for k, v in sorted(series.items(), key=lambda kv: kv[0] == OTHER)
            ]
        )
        fig.update_layout(barmode="stack", height=380, xaxis={"type": "date", "title": "published"})
        fig.update_yaxes(title="documents")
        self.figures.append(("Documents per day of publication", fig, "perday"))

        ev_day = self.q(
            "SELECT e.published_at::DATE, count(*) FROM ev e "
            "WHERE published_at IS NOT NULL GROUP BY ALL ORDER BY 1",
        )
        if ev_day:
            fig.add_trace(
                go.Scatter(
                    x=[d.isoformat() for d, _ in ev_day],
                    y=[n for _, n in ev_day],
                    name="events (right axis, UTC day)",
                    yaxis="y2",
                    mode="markers",
                    marker={"color": "rgba(40,40,40,0.55)", "size": 5, "symbol": "diamond"},
                )
            )
            fig.update_layout(
                yaxis2={"overlaying": "y", "side": "right", "title": "events", "rangemode": "tozero"},
                legend={"x": 1.08},
            )

        langs_d, langs_e = self._counts_by("language")
        order = sorted(set(langs_d) | set(langs_e), key=lambda s: (-langs_d.get(s, 0), s))[:40]
        fig = go.Figure(
            [
                go.Bar(x=order, y=[langs_d.get(s, 0) for s in order], name="documents", offsetgroup="d"),
                go.Bar(
                    x=order, y=[langs_e.get(s, 0) for s in order], name="events", yaxis="y2", offsetgroup="e"
                ),
            ]
        )
        fig.update_layout(
            barmode="group",
            height=340,
            yaxis={"title": "documents"},
            yaxis2={"title": "events", "overlaying": "y", "side": "right", "rangemode": "tozero"},
            xaxis={"type": "category", "title": "language"},
            legend={"x": 1.08},
        )
        self.figures.append(("Documents and events per language", fig, "languages"))

    # ------------------------------------------------------------ dropped

    def rejects(self) -> str:
        rows = self.q(
            "SELECT stage, error_type, count(*) AS n, any_value(input_ref), any_value(error_message) "
            "FROM rejects GROUP BY ALL ORDER BY n DESC, stage, error_type"
        )
        if rows:
            fig = go.Figure()
            for i, et in enumerate(sorted({r[1] for r in rows})):
                fig.add_trace(
                    go.Bar(
                        x=[r[0] for r in rows if r[1] == et],
                        y=[r[2] for r in rows if r[1] == et],
                        name=et,
                        marker_color=_color(i),
                    )
                )
            fig.update_layout(
                barmode="stack", height=300, xaxis={"title": "stage"}, yaxis={"title": "rejects"}
            )
            self.figures.append(("Rejects by stage and error type", fig, "rejects"))
        return _table(
            ["stage", "error type", "rejects", "example input", "example message"],
            [(s, e, n, ref, (msg or "")[:240]) for s, e, n, ref, msg in rows],
            "rejects",
        )

    def boilerplate(self) -> str:
        rows = self.q(
            f"SELECT coalesce(source, '{NONE}') AS s, count(*), sum(blocks), sum(removed_chars), sum(kept_chars) "
            f"FROM {self.docs_sql()} GROUP BY ALL ORDER BY 3 DESC, 1",
            self.doc_params,
        )
        rows = rows[:40]
        examples = self.q(
            "SELECT s, block, n FROM (SELECT s, block, n, "
            "row_number() OVER (PARTITION BY s ORDER BY n DESC, block) AS k FROM (SELECT s, block, count(*) AS n "
            f"FROM (SELECT coalesce(source, '{NONE}') AS s, unnest(removed) AS block "
            f"FROM {self.docs_sql()}) "
            "GROUP BY s, block)) WHERE k <= 3 ORDER BY s, n DESC",
            self.doc_params,
        )
        share = lambda removed, kept: removed / (removed + kept) if removed + kept else 0.0  # noqa: E731
        if rows:
            names = [r[0] for r in rows]
            fig = go.Figure(
                [
                    go.Bar(
                        y=names,
                        x=[100 * (1 - share(r[3], r[4])) for r in rows],
                        name="kept (body)",
                        orientation="h",
                        marker_color="#2ca02c",
                    ),
                    go.Bar(
                        y=names,
                        x=[100 * share(r[3], r[4]) for r in rows],
                        name="removed (boilerplate)",
                        orientation="h",
                        marker_color="#d62728",
                        text=[f"{r[2]} blocks" for r in rows],
                    ),
                ]
            )
            fig.update_layout(
                barmode="stack",
                height=max(260, 26 * len(rows) + 120),
                xaxis={"title": "% of characters", "range": [0, 100]},
                yaxis={"autorange": "reversed"},
            )
            self.figures.append(("Boilerplate removed per source (share of text)", fig, "boilerplate"))
        by_source: dict[str, list[str]] = {}
        for s, block, n in examples:
            by_source.setdefault(s, []).append(f"{n}× {' '.join(block.split())[:160]}")
        return _table(
            [
                "source",
                "documents",
                "blocks removed",
                "chars removed",
                "chars kept",
                "removed share",
                "top blocks",
            ],
            [
                (s, d, b, rc, kc, f"{100 * share(rc, kc):.1f}%", " | ".join(by_source.get(s, [])))
                for s, d, b, rc, kc in rows
            ],
            "boilerplate",
        )


# ---------------------------------------------------------------- the page

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1280px;
padding:0 18px 40px;color:#222}
h1{margin:18px 0 4px;font-size:24px}h2{margin:28px 0 6px;font-size:18px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}td,th{border:1px solid #ddd;padding:3px 7px;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.empty{color:#888}
.notes li{color:#6a3d00}.meta{color:#555}.chart{width:100%}#selected{min-height:1.5em;padding:6px 8px;
background:#f7f7fb;border:1px solid #e2e2ee;font-size:13px}table.boilerplate td:last-child{max-width:520px}
"""

_ERRORS_JS = """
window.__dateline = {errors: []};
window.addEventListener('error', function (e) {
  window.__dateline.errors.push(String(e.message || e));
  document.documentElement.setAttribute('data-js-errors', String(window.__dateline.errors.length));
});
"""

_RENDER_JS = r"""
(function () {
  var config = {responsive: true, displaylogo: false, showLink: false, scrollZoom: true};
  var done = [];
  document.querySelectorAll('script.figure').forEach(function (node) {
    var fig = JSON.parse(node.textContent);
    var div = document.getElementById(node.dataset.target);
    done.push(Plotly.newPlot(div, fig.data, fig.layout, config));
  });
  Promise.all(done).then(function () {
    var tl = document.getElementById('timeline');
    if (tl && tl.on) {
      tl.on('plotly_click', function (ev) {
        var p = ev.points[0], url = p.customdata && p.customdata[0];
        var box = document.getElementById('selected');
        box.textContent = '';
        var text = document.createElement('div');
        text.innerHTML = p.hovertext;
        box.appendChild(text);
        if (url && /^https?:\/\//i.test(url)) {
          var a = document.createElement('a');
          a.href = url; a.textContent = 'open the article'; a.target = '_blank'; a.rel = 'noopener';
          box.appendChild(a);
        }
      });
    }
    document.body.setAttribute('data-rendered', String(done.length));
  }, function (err) {
    window.__dateline.errors.push(String(err));
    document.documentElement.setAttribute('data-js-errors', String(window.__dateline.errors.length));
  });
})();
"""


def _figure_json(fig: go.Figure) -> str:
    fig.update_layout(margin={"l": 60, "r": 30, "t": 20, "b": 50}, template="plotly_white")
    return pio.to_json(fig, validate=False, pretty=False).replace("</", "<\\/")


def build(
    output: str,
    out: str = "report.html",
    filters: Filters | None = None,
    group_by: str = "source",
    max_marks: int = MAX_MARKS,
) -> ReportStats:
    """Write the report for ``output`` to ``out``; what was drawn comes back for the caller to print."""
    started = time.monotonic()
    filters = filters or Filters()
    r = _Report(output, filters, group_by, max_marks)
    total, marks = r.timeline()
    r.overview()
    r.publication_vs_mention()
    r.sources_and_languages()
    rejects_table = r.rejects()
    boilerplate_table = r.boilerplate()
    history = run_history(output)

    sections: list[str] = []
    figures = {key: (title, fig) for title, fig, key in r.figures}

    def chart(key: str, extra: str = "") -> str:
        if key not in figures:
            return ""
        title, fig = figures[key]
        return (
            f'<h2>{_esc(title)}</h2>{extra}<div id="{key}" class="chart"></div>'
            f'<script type="application/json" class="figure" data-target="{key}">{_figure_json(fig)}</script>'
        )

    sections.append(
        chart(
            "timeline",
            '<p class="meta">Rows are '
            + _esc(group_by)
            + "s; filled circles are dates written in the text, open circles publication dates, bars "
            "the days a coarser expression covers. Drag to zoom, double-click to reset; click a mark to "
            'keep its details and link below.</p><div id="selected"></div>',
        )
    )
    sections.append(chart("overview"))
    sections.append(chart("pubmention"))
    sections.append(chart("sources"))
    sections.append(chart("perday"))
    sections.append(chart("languages"))
    sections.append("<h2>What was dropped</h2>" + '<p class="meta">Rejects are not filtered.</p>')
    sections.append(chart("rejects"))
    sections.append(rejects_table)
    sections.append(chart("boilerplate"))
    sections.append(boilerplate_table)

    history_table = _table(
        ["when (UTC)", "run", *RUN_COUNTS],
        [(h["when"] or "?", h["run_id"], *(h[k] for k in RUN_COUNTS)) for h in history],
        "history",
    )
    notes = "".join(f"<li>{_esc(n)}</li>" for n in r.notes)
    generated = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dateline report: {_esc(output)}</title>
<style>{_CSS}</style>
<script>{_ERRORS_JS}</script>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>dateline report</h1>
<p class="meta">Output <code>{_esc(output)}</code> · generated {generated} ·
{total:,} dated events, {marks:,} drawn on the timeline</p>
<h2>Runs</h2>{history_table}
<h2>Filters</h2>{_table(["filter", "value"], filters.describe(), "filters")}
{f'<ul class="notes">{notes}</ul>' if notes else ""}
{"".join(sections)}
<script>{_RENDER_JS}</script>
</body></html>
"""
    data = page.encode("utf-8")
    directory = os.path.dirname(os.path.abspath(out))
    os.makedirs(directory, exist_ok=True)
    tmp = f"{out}.tmp-{os.getpid()}"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, out)
    return ReportStats(out, len(data), time.monotonic() - started, total, marks, total > max_marks)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline report", description=__doc__.split("\n")[0])
    parser.add_argument("output", help="Directory written by dateline ingest.")
    parser.add_argument("--out", default="report.html", help="HTML file to write (default: report.html).")
    parser.add_argument("--from", dest="date_from", type=_date, help="Events ending on or after this date.")
    parser.add_argument("--to", dest="date_to", type=_date, help="Events starting on or before this date.")
    parser.add_argument("--source", action="append", default=[], help="Only this source (repeatable).")
    parser.add_argument("--language", action="append", default=[], help="Only this language (repeatable).")
    parser.add_argument(
        "--group-by", choices=("source", "language"), default="source", help="Timeline rows and colours."
    )
    parser.add_argument(
        "--max-marks", type=int, default=MAX_MARKS, help="Individual timeline marks before sampling."
    )
    args = parser.parse_args(argv)
    filters = Filters(args.date_from, args.date_to, tuple(args.source), tuple(args.language))
    try:
        stats = build(args.output, args.out, filters, args.group_by, args.max_marks)
    except QueryError as exc:
        print(f"dateline report: {exc}", file=sys.stderr)
        return 2
    sampled = f" (sample of {stats.events:,})" if stats.sampled else ""
    print(
        f"wrote {stats.path}: {stats.marks:,} timeline marks{sampled}, "
        f"{stats.bytes / 1e6:.1f} MB in {stats.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
