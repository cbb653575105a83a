"""The report in a real browser: headless Chromium, offline, over the DevTools protocol.

Skipped when Chromium is not installed, except under CI (``.ci/run`` installs it), where it fails.
Set ``DATELINE_UPDATE_SCREENSHOT=1`` to refresh ``docs/report.png`` from this run.
"""

from __future__ import annotations

import os
import pathlib
import time

import pytest

from tests.pipeline.conftest import rows

REPO = pathlib.Path(__file__).resolve().parents[2]
KNOWN = ("Northwind Wire", "March 3")  # an isolated day mark on the samples' timeline

COUNT_MARKS = """(function () {
  var gd = document.getElementById('timeline');
  var data = 0;
  gd.data.forEach(function (t) { data += t.x.length; });
  return {data: data,
          points: gd.querySelectorAll('.scatterlayer path.point').length,
          bars: gd.querySelectorAll('.barlayer .point path').length};
})()"""

LOCATE = """(function (id, type, layer, mark) {
  var gd = document.getElementById('timeline');
  var traces = gd.data.filter(function (t) { return t.type === type; });
  for (var k = 0; k < traces.length; k++) {
    for (var i = 0; i < traces[k].customdata.length; i++) {
      if (traces[k].customdata[i][1] === id) {
        var el = gd.querySelectorAll(layer + ' .trace')[k].querySelectorAll(mark)[i];
        el.scrollIntoView({block: 'center'});
        var r = el.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2};
      }
    }
  }
  return null;
})(%r, %r, %r, %r)"""

HOVER = """(function () {
  var label = document.querySelector('#timeline .hoverlayer .hovertext');
  if (!label) return null;
  var link = label.querySelector('a');
  return {text: label.textContent,
          href: link && (link.getAttribute('href') || link.getAttribute('xlink:href'))};
})()"""


@pytest.fixture(scope="module")
def page(browser, demo_report):
    path, _ = demo_report
    browser.offline()
    browser.open(path.as_uri(), "document.body && document.body.getAttribute('data-rendered')")
    return browser


def squeeze(text: str) -> str:
    return "".join(text.split())


def hover_label(page, x: float, y: float) -> dict:
    """The hover label over (x, y), after any earlier label has gone."""
    page.mouse_move(1, 1)
    deadline = time.monotonic() + 5
    while page.evaluate(HOVER) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    page.mouse_move(x, y)  # one move: Plotly throttles hover events
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.1)
        hover = page.evaluate(HOVER)
        if hover is not None:
            return hover
    raise AssertionError("no hover label")


def test_no_javascript_errors_and_no_network(page):
    assert page.errors() == []
    assert page.evaluate("document.documentElement.getAttribute('data-js-errors')") is None
    assert page.evaluate("window.__dateline.errors") == []
    assert page.evaluate("document.body.getAttribute('data-rendered')") == "8"  # every chart drawn
    # Offline and behind a dead proxy, the page still loaded nothing but itself.
    assert all(url.startswith(("file:", "data:", "blob:")) for url in page.requests()), page.requests()
    external = page.evaluate(
        "Array.from(document.querySelectorAll('script[src], link[href], img[src], iframe[src]'))"
        ".map(function (e) { return e.src || e.href; })"
    )
    assert external == []


def test_timeline_holds_one_mark_per_dated_event(page, demo_output):
    [(dated,)] = rows(demo_output, "SELECT count(*) FROM events WHERE event_date IS NOT NULL")
    marks = page.evaluate(COUNT_MARKS)
    assert marks["data"] == dated
    assert marks["points"] + marks["bars"] == dated  # drawn in the DOM, not only in the data


def test_hover_shows_the_known_event(page, demo_output):
    source, text = KNOWN
    [(event_id, sentence, url, event_date)] = rows(
        demo_output,
        f"SELECT event_id, sentence, url, event_date FROM events WHERE source = '{source}' AND date_text = '{text}'",
    )
    where = page.evaluate(LOCATE % (event_id, "scatter", ".scatterlayer", "path.point"))
    assert where is not None
    hover = hover_label(page, where["x"], where["y"])
    label = squeeze(hover["text"])
    assert squeeze(text) in label and event_date.isoformat() in label
    assert squeeze(sentence) in label
    assert squeeze(source) in label and url in label
    assert hover["href"] == url
    # A click keeps the details, with a real link to the article.
    page.click(where["x"], where["y"])
    link = page.evaluate(
        "document.querySelector('#selected a') && document.querySelector('#selected a').href"
    )
    assert link == url


def test_a_month_is_a_span_with_its_days_in_the_hover(page, demo_output):
    [(event_id, start, end)] = rows(
        demo_output,
        "SELECT event_id, event_date, event_end FROM events WHERE source = 'Talbote' AND granularity = 'month'",
    )
    where = page.evaluate(LOCATE % (event_id, "bar", ".barlayer", ".point"))
    assert where is not None
    label = squeeze(hover_label(page, where["x"], where["y"])["text"])
    assert f"{start}–{end}" in label and "month" in label  # 2024-03-01 – 2024-03-31, not a spike


def test_screenshot(page, tmp_path):
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse_move(1, 1)
    data = page.screenshot(tmp_path / "report.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    if os.environ.get("DATELINE_UPDATE_SCREENSHOT"):
        (REPO / "docs").mkdir(exist_ok=True)
        (REPO / "docs" / "report.png").write_bytes(data)
