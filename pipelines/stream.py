"""Streaming ingest: a standing job that polls feeds and lands new events window by window.

    dateline stream --output DIR (--feed URL)... [--feeds-file FILE]
        [--poll-interval SECONDS] [--window SECONDS] [--stop-after SECONDS]
        [the batch pipeline's fetching flags] [beam options]

Same fetching, extraction, boilerplate, tagging and writing transforms as ``pipelines.ingest``; each
window is one commit to the same Delta tables, with the window's start in each data file's name.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.utils.timestamp import MAX_TIMESTAMP

from pipelines import console
from pipelines.options import (
    IngestOptions,
    UsageError,
    check_options,
    fetch_policy,
    help_text,
    input_specs,
    output_of,
    run_command,
)
from pipelines.progress import StreamProgress
from pipelines.runners import local_runner
from transforms.beam.outputs import WriteOutputs
from transforms.beam.streaming import PollFeeds, tables_by_window
from transforms.store.head import run_history
from transforms.store.lock import RunLease

log = logging.getLogger("dateline.stream")


class StreamOptions(PipelineOptions):
    """The clock of the standing job."""

    @classmethod
    def _add_argparse_args(cls, parser) -> None:
        group = parser.add_argument_group("dateline stream")
        group.add_argument(
            "--poll-interval", "--poll_interval", dest="poll_interval", type=float, default=300.0,
            help="Seconds between two polls of each feed.",
        )  # fmt: skip
        group.add_argument(
            "--window", dest="window", type=float, default=300.0,
            help="Seconds per output window; each window's rows land in their own files.",
        )  # fmt: skip
        group.add_argument(
            "--stop-after", "--stop_after", dest="stop_after", type=float, default=None,
            help="Stop polling after this many seconds (local runs and tests); default: run until cancelled.",
        )  # fmt: skip
        group.add_argument(
            "--start-timestamp", "--start_timestamp", dest="start_timestamp", type=float, default=None,
            help="Unix time of the first poll; default: when the job is built.",
        )  # fmt: skip
        group.add_argument(
            "--seen-ttl", "--seen_ttl", dest="seen_ttl", type=int, default=14 * 86400,
            help="Seconds a document's content hash is remembered (bounds the dedupe state).",
        )  # fmt: skip


def build(pipeline: beam.Pipeline, opts: IngestOptions, clock: StreamOptions, run_id: str = "stream") -> None:
    """The standing job: a poll clock, then ``windowed_tables``, landed by ``WriteOutputs``."""
    check_stream(opts, clock)
    start = clock.start_timestamp if clock.start_timestamp is not None else time.time()
    stop = start + clock.stop_after if clock.stop_after is not None else MAX_TIMESTAMP
    ticks = pipeline | "Clock" >> PeriodicImpulse(
        start_timestamp=start, stop_timestamp=stop, fire_interval=clock.poll_interval
    )
    _ = windowed_tables(ticks, opts, clock) | "WriteOutputs" >> WriteOutputs(opts.output.rstrip("/"), run_id)


def check_stream(opts: IngestOptions, clock: StreamOptions) -> tuple[str | None, list[str]]:
    """The default publication time and the feed URLs, or a ``UsageError`` naming the flag."""
    default_published = check_options(opts)
    urls = [spec.pattern for spec in input_specs(opts) if spec.kind == "feed"]
    if opts.text or opts.html or not urls:
        raise UsageError("streaming polls feeds only: give --feed URL or --feeds-file, not --text/--html")
    if not all(url.startswith(("http://", "https://")) for url in urls):
        raise UsageError("streaming polls http(s) feed URLs; ingest files with dateline ingest")
    if clock.poll_interval <= 0 or clock.window <= 0:
        raise UsageError("--poll-interval and --window must be positive")
    defaults = PipelineOptions([]).view_as(IngestOptions)
    ignored = [flag for flag, dest in _BATCH_ONLY if getattr(opts, dest) != getattr(defaults, dest)]
    if ignored:
        raise UsageError(f"{', '.join(ignored)}: not used when streaming; drop it or use dateline ingest")
    return default_published, urls


# Ingest options a stream has no use for: accepted silently they would look obeyed.
_BATCH_ONLY = (
    ("--fetch-articles", "fetch_articles"),
    ("--article-min-chars", "article_min_chars"),
    ("--max-input-bytes", "max_input_bytes"),
    ("--local-batch-mb", "local_batch_mb"),
)


def windowed_tables(ticks: beam.PCollection, opts: IngestOptions, clock: StreamOptions) -> dict:
    """Clock ticks to each window's rows: ``PollFeeds``, then ``tables_by_window``, what ``WriteOutputs`` lands.

    Steps are applied to the pipeline by name, not wrapped in a composite, so a running Dataflow job's
    transform names stay what they were (``--update`` matches by name).
    """
    default_published, urls = check_stream(opts, clock)
    polled = ticks | "PollFeeds" >> PollFeeds(urls, fetch_policy(opts), clock.seen_ttl)
    return tables_by_window(
        polled, clock.window, default_published, opts.repeated_min_docs, opts.repeated_min_share
    )


def run(argv: Sequence[str] | None = None, progress: StreamProgress | None = None) -> dict:
    """Run the job until it stops; returns what it landed (summed over its window commits)."""
    options = PipelineOptions(argv)
    options.view_as(StandardOptions).streaming = True
    listener = progress.listener() if progress is not None else None
    pipeline = beam.Pipeline(runner=local_runner(options, listener), options=options)
    opts = options.view_as(IngestOptions)
    run_id = uuid.uuid4().hex
    build(pipeline, opts, options.view_as(StreamOptions), run_id)
    output = (opts.output or "").rstrip("/")
    with RunLease(output, run_id):
        pipeline.run().wait_until_finish()
    return landed(output, run_id)


def landed(output: str, run_id: str) -> dict:
    """Rows the job's commits added, from the run history: one record per window it committed."""
    totals = {"windows": 0, "documents": 0, "events": 0, "rejects": 0}
    for record in run_history(output, run_id):
        if "tables" in record:
            totals["windows"] += 1
            for name in ("documents", "events", "rejects"):
                totals[name] += record["tables"][name]["rows_added"]
    return totals


def format_landed(totals: dict, output: str) -> str:
    return (
        f"landed {totals['documents']} documents, {totals['events']} events, {totals['rejects']} rejects "
        f"in {totals['windows']} window commits\noutput: {output}  (dateline query {output} --summary)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_command("dateline stream", argv, help_page, _stream)


def help_page() -> str:
    return help_text(
        "dateline stream",
        "A standing job: poll http(s) feeds, land each window's documents and events as Parquet "
        "(--text, --html, --fetch-articles, --article-min-chars, --max-input-bytes and --local-batch-mb are for "
        "dateline ingest only; stream refuses them).",
        (StreamOptions,),
        "%(prog)s --output DIR (--feed URL | --feeds-file FILE)... [--poll-interval SECONDS] "
        "[--window SECONDS] [--stop-after SECONDS] [options] [Beam options]",
    )


def _stream(argv: list[str], verbosity: int) -> int:
    feeds = len({s.pattern for s in input_specs(PipelineOptions(argv).view_as(IngestOptions))})
    with StreamProgress(feeds, enabled=verbosity > console.QUIET) as progress:
        totals = run(argv, progress)
    print(format_landed(totals, output_of(argv) or ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
