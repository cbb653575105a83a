"""Streaming mode: TestStream-driven dedupe and windowing, and a bounded real run against a local server."""

from __future__ import annotations

import itertools
import re
import threading
import time

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to

from pipelines import stream
from schemas import EVENTS, RawDoc
from tests.pipeline.conftest import rows
from tests.pipeline.test_live_feeds import rss
from transforms.beam.streaming import EmitNewVersions
from transforms.beam.tags import SKIPS
from transforms.ids import content_hash
from transforms.store.head import run_history


def raw(doc_id: str, text: str) -> RawDoc:
    return RawDoc(
        doc_id=doc_id,
        input_kind="feed",
        input_ref=f"http://feed.example/rss#{doc_id}",
        content=text,
        content_format="text",
        title=doc_id,
        url=None,
        source="Feed",
        published=None,
        published_from=None,
        language="en",
        body_from="feed_content",
        content_hash=content_hash(doc_id, text),
    )


def streaming_pipeline() -> TestPipeline:
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    return TestPipeline(runner=BundleBasedDirectRunner(), options=options)


def test_each_entry_once_across_polls_and_again_when_changed():
    a, b = raw("a", "First text."), raw("b", "Other text.")
    a_edited = raw("a", "First text, corrected.")
    polls = (
        TestStream()
        .add_elements([("a", a), ("b", b)], event_timestamp=10)
        .advance_watermark_to(20)
        .add_elements([("a", a), ("b", b)], event_timestamp=30)  # the same feed again
        .advance_watermark_to(40)
        .add_elements([("a", a_edited), ("b", b)], event_timestamp=50)  # one entry edited
        .advance_watermark_to_infinity()
    )
    with streaming_pipeline() as p:
        out = p | polls | beam.ParDo(EmitNewVersions(ttl_seconds=3600)).with_outputs(SKIPS, main="docs")
        assert_that(out.docs | "Text" >> beam.Map(lambda r: (r.doc_id, r.content)), equal_to([
            ("a", "First text."), ("b", "Other text."), ("a", "First text, corrected."),
        ]))  # fmt: skip
        assert_that(
            out[SKIPS] | "Reason" >> beam.Map(lambda s: s.reason), equal_to(["seen"] * 3), label="Skips"
        )


_READINGS = itertools.count(1)


def stepping_clock() -> float:
    """A wall clock that moves 1000 s per reading (shared by every copy of the DoFn): timers are past the TTL."""
    return next(_READINGS) * 1000.0


def test_state_expires_after_ttl():
    a = raw("a", "Text.")
    polls = (
        TestStream()
        .add_elements([("a", a)], event_timestamp=0)
        .advance_watermark_to(1000)  # past the 100 s TTL: "a" is forgotten
        .add_elements([("a", a)], event_timestamp=1000)
        .advance_watermark_to_infinity()
    )
    with streaming_pipeline() as p:
        out = (
            p
            | polls
            | beam.ParDo(EmitNewVersions(ttl_seconds=100, clock=stepping_clock)).with_outputs(
                SKIPS, main="docs"
            )
        )
        assert_that(out.docs | beam.Map(lambda r: r.doc_id), equal_to(["a", "a"]))


def event(doc_id: str, day: str):
    return EVENTS.record(
        event_id=f"e-{doc_id}",
        doc_id=doc_id,
        event_end=day,
        granularity="day",
        timex_value=day,
        timex_type="DATE",
        timex_mod=None,
        date_text=day,
        date_source="text",
        sentence="s",
        char_start=0,
        char_end=10,
        published_at=None,
        source=None,
        url=None,
        title=None,
        language="en",
        event_date=day,
    )


def test_bounded_run_lands_every_item_once(tmp_path, capsys, http_server):
    server = http_server
    items = [("Dam opens", "https://news.example/dam", "The dam opened on 2 June 2025.")]
    server.routes["/feed.xml"] = (200, {"ETag": '"1"'}, rss(items))

    def grow():
        # The second item appears a window after the first was served, however late the first poll.
        deadline = time.monotonic() + 60
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.5)
        items.append(("Ferry returns", "https://news.example/ferry", "The ferry returned on 3 June 2025."))
        server.routes["/feed.xml"] = (200, {"ETag": '"2"'}, rss(items))

    threading.Thread(target=grow, daemon=True).start()
    output = tmp_path / "out"
    args = [
        "--output", str(output), "--feed", f"{server.base}/feed.xml",
        "--poll-interval", "1", "--window", "2", "--stop-after", "8",
        "--allow-private-hosts", "--per-host-delay", "0",
    ]  # fmt: skip
    assert stream.main(args) == 0
    printed = capsys.readouterr()
    # While it runs, a line per window commit; on stop, what the whole job landed.
    assert re.search(r"dateline: window \d{8}T\d{6} landed 1 documents, 2 events, 0 rejects", printed.err)
    assert re.search(r"^landed 2 documents, 4 events, 0 rejects in \d+ window commits$", printed.out, re.M)
    # And a line whenever the polls' counters move (the local runner passes them on while it runs).
    polls = re.findall(
        r"^dateline: (\d+) feed polls \(1 feeds a round\); (\d) new documents$", printed.err, re.M
    )
    counts = [int(n) for n, _ in polls]
    assert counts == sorted(set(counts)) and counts[-1] >= 4
    assert polls[0][1] == "1" and polls[-1][1] == "2"
    commits = [r for r in run_history(str(output)) if "tables" in r]
    assert len(commits) >= 2 and len({r["run_id"] for r in commits}) == 1  # one job, a commit per window
    assert rows(output, "SELECT title, count(*) FROM documents GROUP BY title ORDER BY title") == [
        ("Dam opens", 1),
        ("Ferry returns", 1),
    ]
    assert rows(
        output, "SELECT title, timex_value FROM events WHERE date_source = 'text' ORDER BY title"
    ) == [
        ("Dam opens", "2025-06-02"),
        ("Ferry returns", "2025-06-03"),
    ]
    names = [p.name for p in (output / "documents").glob("*.parquet")]
    assert len(names) == 2 and all("-w" in name for name in names)
    # Conditional GET between polls: after the first answer every request carried the ETag it had seen.
    sent = [headers.get("If-None-Match") for _, headers in server.requests]
    assert sent[0] is None and set(sent[1:]) <= {'"1"', '"2"'} and len(sent) >= 4


def test_stream_usage_errors(tmp_path, capsys):
    assert stream.main(["--output", str(tmp_path), "--text", "x.txt", "--feed", "http://a.example/f"]) == 2
    assert stream.main(["--output", str(tmp_path), "--feed", "feeds/local.xml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "dateline stream: streaming polls feeds only: give --feed URL or --feeds-file, not --text/--html",
        "dateline stream: streaming polls http(s) feed URLs; ingest files with dateline ingest",
    ]
