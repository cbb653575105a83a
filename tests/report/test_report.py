"""``dateline report`` without a browser: what the page holds, filters, sampling, run history, CLI."""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import re

import pytest

from pipelines import cli, report
from tests.pipeline.conftest import rows


class _Refs(html.parser.HTMLParser):
    """Every external reference a page could load: script src, link href, img/iframe src."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.figures: dict[str, str] = {}
        self._figure: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe", "embed", "object") and a.get(name):
                self.refs.append(a[name])
        if tag == "script" and "figure" in (a.get("class") or ""):
            self._figure = a["data-target"]
            self.figures[self._figure] = ""

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._figure = None


def parse(path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def timeline_marks(page: _Refs) -> int:
    figure = json.loads(page.figures["timeline"])
    return sum(len(trace["x"]) for trace in figure["data"])


def test_page_is_self_contained_and_draws_every_dated_event(demo_output, demo_report):
    path, stats = demo_report
    page = parse(path)
    assert page.refs == []  # no script, stylesheet or image comes from anywhere else
    text = path.read_text(encoding="utf-8")
    assert "Plotly.newPlot" in text and len(text) > 3_000_000  # plotly.js itself is inlined
    [(dated,)] = rows(demo_output, "SELECT count(*) FROM events WHERE event_date IS NOT NULL")
    assert stats.events == stats.marks == dated == timeline_marks(page)
    assert not stats.sampled
    assert set(page.figures) >= {"timeline", "overview", "pubmention", "sources", "perday", "languages"}
    assert {"rejects", "boilerplate"} <= set(page.figures)
    assert stats.bytes == path.stat().st_size < 20_000_000


def test_day_is_a_point_and_coarser_granularity_a_span(demo_output, demo_report):
    figure = json.loads(parse(demo_report[0]).figures["timeline"])
    points = sum(len(t["x"]) for t in figure["data"] if t["type"] == "scatter")
    spans = [t for t in figure["data"] if t["type"] == "bar"]
    [(days, longer)] = rows(
        demo_output,
        "SELECT count(*) FILTER (WHERE coalesce(event_end, event_date) = event_date), "
        "count(*) FILTER (WHERE event_end > event_date) FROM events WHERE event_date IS NOT NULL",
    )
    assert points == days and sum(len(t["x"]) for t in spans) == longer
    # A span covers event_date .. event_end inclusive: a year is 365 days wide, not a spike.
    [(start, end)] = rows(
        demo_output, "SELECT event_date, event_end FROM events WHERE date_text = 'the 1960s' LIMIT 1"
    )
    widths = {b: w for t in spans for b, w in zip(t["base"], t["x"], strict=True)}
    assert widths[start.isoformat()] == ((end - start).days + 1) * 86_400_000


def test_header_shows_run_history_and_filters(demo_output, tmp_path):
    out = tmp_path / "r.html"
    filters = report.Filters(sources=("Northwind Wire",), languages=("en",))
    stats = report.build(str(demo_output), str(out), filters)
    [(expected,)] = rows(
        demo_output,
        "SELECT count(*) FROM events WHERE source = 'Northwind Wire' AND language = 'en' "
        "AND event_date IS NOT NULL",
    )
    assert 0 < stats.marks == expected < 60
    text = out.read_text(encoding="utf-8")
    assert "<td>sources</td><td>Northwind Wire</td>" in text
    summary = json.loads((demo_output / "_summary.json").read_text())
    assert summary["run_id"] in text


def test_dates_filter_keeps_events_overlapping_the_window(demo_output, tmp_path):
    import datetime as dt

    filters = report.Filters(date_from=dt.date(2025, 6, 20), date_to=dt.date(2025, 6, 22))
    stats = report.build(str(demo_output), str(tmp_path / "r.html"), filters)
    [(expected,)] = rows(
        demo_output,
        "SELECT count(*) FROM events WHERE event_date <= DATE '2025-06-22' "
        "AND coalesce(event_end, event_date) >= DATE '2025-06-20'",
    )
    assert stats.marks == expected
    # The year 2025 overlaps the window: spans starting before it are kept.
    assert (
        expected
        > rows(
            demo_output, "SELECT count(*) FROM events WHERE event_date BETWEEN '2025-06-20' AND '2025-06-22'"
        )[0][0]
    )


def test_past_the_threshold_the_timeline_samples_and_says_so(demo_output, tmp_path):
    out = tmp_path / "r.html"
    stats = report.build(str(demo_output), str(out), max_marks=10)
    assert stats.sampled and stats.marks == 10 and stats.events > 10
    page = parse(out)
    assert timeline_marks(page) == 10
    text = out.read_text(encoding="utf-8")
    assert re.search(r"random sample of 10 of them", text)
    # The overview still counts every event.
    overview = json.loads(page.figures["overview"])
    counted = sum(sum(t["y"]) for t in overview["data"] if t.get("orientation") != "h")
    spans = sum(sum(t["y"]) for t in overview["data"] if t.get("orientation") == "h")
    assert counted + spans == stats.events


def test_run_history_reads_the_summary(demo_output, tmp_path):
    history = report.run_history(str(demo_output))
    summary = json.loads((demo_output / "_summary.json").read_text())
    assert len(history) == 1
    run = history[0]
    assert run["run_id"] == summary["run_id"]
    assert (run["inputs"], run["documents"], run["events"], run["rejects"]) == tuple(
        summary["counts"][k] for k in ("inputs", "documents", "events", "rejects")
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", run["when"])
    assert report.run_history(str(tmp_path)) == []


def test_cli_report(demo_output, tmp_path, capsys):
    out = tmp_path / "sub" / "report.html"
    assert cli.main(["report", str(demo_output), "--out", str(out), "--source", "Valley Wire"]) == 0
    assert out.exists()
    assert str(out) in capsys.readouterr().out
    assert cli.main(["report", str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert "no such output directory" in capsys.readouterr().err


@pytest.mark.pipeline
def test_an_output_with_only_rejects_still_gets_a_page(samples_dir, tmp_path):
    from pipelines import ingest

    output = tmp_path / "out"
    assert ingest.main(["--output", str(output), "--text", f"{samples_dir}/text/not-really-text.txt"]) == 0
    out = tmp_path / "r.html"
    stats = report.build(str(output), str(out))
    assert stats.events == stats.marks == 0
    page = parse(out)
    assert timeline_marks(page) == 0 and "rejects" in page.figures
    assert "BinaryContent" in out.read_text(encoding="utf-8")


def test_only_web_links_become_links():
    assert report._linkable("https://x.example/a") and report._linkable("HTTP://x.example")
    assert not report._linkable("javascript:alert(1)") and not report._linkable(None)
    assert report._esc('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_the_synthetic_benchmark_output_reads_like_an_ingest_output(tmp_path):
    from benchmarks import report_bench

    output = tmp_path / "synthetic"
    report_bench.make_output(str(output), docs=60, events_per_doc=5)
    [(events, documents)] = rows(
        output, "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents)"
    )
    assert (events, documents) == (300, 60)
    stats = report.build(str(output), str(tmp_path / "r.html"), max_marks=100)
    assert stats.events == 300 and stats.marks == 100 and stats.sampled
    assert report.run_history(str(output))[0]["run_id"] == "synthetic"


def test_marks_read_their_text_from_the_first_scan_or_by_id_alike(demo_output, tmp_path, monkeypatch):
    """The text kept in the one scan of the events, or fetched by id when a filter left too little."""
    filters = report.Filters(sources=("Northwind Wire", "Valley Wire"))
    report.build(str(demo_output), str(tmp_path / "a.html"), filters)
    monkeypatch.setattr(report, "DETAIL_FACTOR", 0)  # no event keeps its text: always fetched by id
    report.build(str(demo_output), str(tmp_path / "b.html"), filters)
    a, b = (json.loads(parse(tmp_path / f"{n}.html").figures["timeline"])["data"] for n in "ab")
    assert a == b and sum(len(t["x"]) for t in a) > 10
    assert any("Repairs began on March 3" in text for t in a for text in t["hovertext"])


def test_groups_past_the_largest_twelve_add_up_under_other():
    day1, day2 = dt.date(2025, 6, 1), dt.date(2025, 6, 2)
    rows = [(day1, f"s{i:02d}", 100 - i) for i in range(14)] + [(day2, "s13", 1), (day2, "s00", 1)]
    names, series = report._fold(rows)
    assert names == [f"s{i:02d}" for i in range(12)]  # largest sums first
    assert series["s00"] == {"2025-06-01": 100, "2025-06-02": 1}
    assert series[report.OTHER] == {"2025-06-01": 88 + 87, "2025-06-02": 1}  # s12 and s13
    assert "s12" not in series and "s13" not in series
