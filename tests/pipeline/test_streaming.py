"""Streaming mode: the job's steps driven by TestStream (windows closed by the watermark), and one real run."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing import test_stream
from apache_beam.testing.util import assert_that, equal_to

from pipelines import stream
from pipelines.options import IngestOptions
from schemas import RawDoc
from tests.pipeline.conftest import rows
from tests.pipeline.test_live_feeds import rss
from tests.support.streaming import streaming_pipeline
from transforms import readers
from transforms.beam.feeds import route
from transforms.beam.outputs import WriteOutputs
from transforms.beam.streaming import EmitNewVersions, new_versions, tables_by_window
from transforms.beam.tags import REJECTS, SKIPS
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


_READINGS = itertools.count(1)


def stepping_clock() -> float:
    """A wall clock that moves 1000 s per reading (shared by every copy of the DoFn): timers are past the TTL."""
    return next(_READINGS) * 1000.0


def test_state_expires_after_ttl():
    a = raw("a", "Text.")
    polls = (
        test_stream.TestStream()
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


DAM = ("Dam opens", "https://news.example/dam", "The dam opened on 2 June 2025.")
FERRY = ("Ferry returns", "https://news.example/ferry", "The ferry returned on 3 June 2025.")
DAM_CORRECTED = ("Dam opens", "https://news.example/dam", "The dam opened on 4 June 2025, two days late.")
FEED = "https://wire.example/feed.xml"
WINDOW = 60  # seconds
START = dt.datetime(2025, 6, 24, 9, 0, tzinfo=dt.timezone.utc).timestamp()  # a window boundary


def poll(body: bytes) -> list:
    """What one poll of ``FEED`` answering ``body`` emits: the feed reader's outcomes, as ``poll_feed`` returns them."""
    return list(readers.parse_feed(FEED, body))


def windows_read(output, table: str) -> list[str]:
    """The window starts in the names of the files readers see for ``table`` (the plain view)."""
    return sorted(re.search(r"-w(\d{8}T\d{6})-", name)[1] for name in os.listdir(output / table))


def test_each_window_commits_the_new_versions_of_its_polls_once(tmp_path):
    """The job's steps after the HTTP poll (dedupe, documents and events, windows, one commit each),
    driven by a TestStream: the watermark, not the wall clock, closes each window."""
    output = tmp_path / "out"
    polls = (
        test_stream.TestStream()
        .advance_watermark_to(START)
        .add_elements(poll(rss([DAM])), event_timestamp=START + 10)
        .advance_watermark_to(START + WINDOW)  # window 1 closes: the dam
        .add_elements(poll(rss([FERRY, DAM])), event_timestamp=START + WINDOW + 10)  # the dam again: a repeat
        .add_elements(poll(b"<html>Down for maintenance</html>"), event_timestamp=START + WINDOW + 20)
        .advance_watermark_to(START + 2 * WINDOW)  # window 2 closes: the ferry and the failed poll
        .add_elements(poll(rss([DAM_CORRECTED, FERRY])), event_timestamp=START + 2 * WINDOW + 10)
        .advance_watermark_to(START + 3 * WINDOW)  # window 3 closes: the corrected dam only
        .add_elements(poll(rss([DAM_CORRECTED, FERRY])), event_timestamp=START + 3 * WINDOW + 10)
        .advance_watermark_to_infinity()  # window 4: nothing new, so no commit
    )
    defaults = PipelineOptions([]).view_as(IngestOptions)
    with streaming_pipeline() as p:
        polled = p | polls | "Route" >> beam.FlatMap(route).with_outputs(REJECTS, SKIPS, main="docs")
        fresh = new_versions(polled, ttl_seconds=14 * 86400)
        # Every repeat is a counted skip: the dam in window 2, the ferry in 3, both in 4.
        repeats = [(f"{FEED}#entry={n}", "seen") for n in (1, 1, 0, 1)]
        assert_that(fresh[SKIPS] | beam.Map(lambda s: (s.input_ref, s.reason)), equal_to(repeats))
        tables = tables_by_window(
            fresh, WINDOW, None, defaults.repeated_min_docs, defaults.repeated_min_share
        )
        _ = tables | WriteOutputs(str(output), "job")

    commits = run_history(str(output))
    assert [r["run_id"] for r in commits] == ["job"] * 3  # one job, one commit per window that had rows
    added = [tuple(r["tables"][t]["rows_added"] for t in ("documents", "events", "rejects")) for r in commits]
    assert added == [(1, 2, 0), (1, 2, 1), (1, 2, 0)]
    assert [r["tables"]["documents"]["rows_removed"] for r in commits] == [0, 0, 1]  # the dam's first version
    # Each window's rows sit in files named after its start; the dam's first file is no longer read.
    assert windows_read(output, "documents") == ["20250624T090100", "20250624T090200"]
    assert windows_read(output, "rejects") == ["20250624T090100"]
    assert rows(output, "SELECT title, body FROM documents ORDER BY title") == [
        ("Dam opens", DAM_CORRECTED[2]),
        ("Ferry returns", FERRY[2]),
    ]
    assert rows(
        output, "SELECT title, timex_value FROM events WHERE date_source = 'text' ORDER BY title"
    ) == [
        ("Dam opens", "2025-06-04"),
        ("Ferry returns", "2025-06-03"),
    ]
    assert rows(output, "SELECT input_ref, error_type, stage FROM rejects") == [(FEED, "NotAFeed", "parse")]


def test_bounded_run_against_a_server_lands_each_item_once(tmp_path, capsys, http_server):
    """The whole job for real (clock, HTTP polls, commits) over a feed that does not change while it runs."""
    server = http_server
    server.routes["/feed.xml"] = (200, {"ETag": '"1"'}, rss([DAM, FERRY]))
    output = tmp_path / "out"
    args = [
        "--output", str(output), "--feed", f"{server.base}/feed.xml",
        "--poll-interval", "0.5", "--window", "60", "--stop-after", "1.5",
        "--allow-private-hosts", "--per-host-delay", "0",
    ]  # fmt: skip
    assert stream.main(args) == 0
    printed = capsys.readouterr()
    # Every item comes with the first poll, so one window lands them all; the later polls bring nothing new.
    assert re.search(r"dateline: window \d{8}T\d{6} landed 2 documents, 4 events, 0 rejects", printed.err)
    assert re.search(r"^landed 2 documents, 4 events, 0 rejects in 1 window commits$", printed.out, re.M)
    assert rows(output, "SELECT title, count(*) FROM documents GROUP BY title ORDER BY title") == [
        ("Dam opens", 1),
        ("Ferry returns", 1),
    ]
    assert rows(output, "SELECT count(*) FROM events") == [(4,)]
    # Conditional GET between polls: after the first answer every request carried the ETag it had seen.
    sent = [headers.get("If-None-Match") for _, headers in server.requests]
    assert len(sent) == 3 and sent == [None, '"1"', '"1"']
    assert re.search(r"^dateline: 3 feed polls \(1 feeds a round\); 2 new documents$", printed.err, re.M)


def test_stream_usage_errors(tmp_path, capsys):
    assert stream.main(["--output", str(tmp_path), "--text", "x.txt", "--feed", "http://a.example/f"]) == 2
    assert stream.main(["--output", str(tmp_path), "--feed", "feeds/local.xml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "dateline stream: streaming polls feeds only: give --feed URL or --feeds-file, not --text/--html",
        "dateline stream: streaming polls http(s) feed URLs; ingest files with dateline ingest",
    ]
