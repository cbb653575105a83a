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

LOCATE = """(function (id) {
  var gd = document.getElementById('timeline');
  var scatter = gd.data.filter(function (t) { return t.type === 'scatter'; });
  for (var k = 0; k < scatter.length; k++) {
    for (var i = 0; i < scatter[k].customdata.length; i++) {
      if (scatter[k].customdata[i][1] === id) {
        var el = gd.querySelectorAll('.scatterlayer .trace')[k].querySelectorAll('path.point')[i];
        el.scrollIntoView({block: 'center'});
        var r = el.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2};
      }
    }
  }
  return null;
})(%r)"""

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
    where = page.evaluate(LOCATE % event_id)
    assert where is not None
    page.mouse_move(where["x"], where["y"])  # one move: Plotly throttles hover events
    hover = None
    deadline = time.monotonic() + 10
    while hover is None and time.monotonic() < deadline:
        time.sleep(0.1)
        hover = page.evaluate(HOVER)
    assert hover is not None, "no hover label"
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


def test_screenshot(page, tmp_path):
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse_move(1, 1)
    data = page.screenshot(tmp_path / "report.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    if os.environ.get("DATELINE_UPDATE_SCREENSHOT"):
        (REPO / "docs").mkdir(exist_ok=True)
        (REPO / "docs" / "report.png").write_bytes(data)
