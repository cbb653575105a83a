"""Batch ingest: feeds, text and HTML in; documents, dated events and rejects out as Parquet.

dateline ingest --output DIR [--feed URL_OR_GLOB]... [--feeds-file FILE]
    [--text GLOB]... [--html GLOB]... [--default-published ISO8601] [Beam options]
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions, StandardOptions

from pipelines import console
from pipelines.batches import plan_batches
from pipelines.options import (
    IngestOptions,
    MiB,
    check_options,
    fetch_policy,
    help_text,
    input_specs,
    output_of,
    run_command,
)
from pipelines.progress import Progress, duration
from pipelines.runners import is_local, local_runner
from transforms.accounting import merge_summaries, write_summary
from transforms.beam import dedupe, feeds, sources, stages
from transforms.beam.dedupe import DedupeAgainstOutput
from transforms.beam.outputs import WriteOutputs
from transforms.beam.summary import Summarize
from transforms.store.head import run_history
from transforms.store.lock import RunLease

log = logging.getLogger("dateline.ingest")


def build(
    pipeline: beam.Pipeline,
    opts: IngestOptions,
    run_id: str = "",
    specs: Sequence[sources.InputSpec] | None = None,
) -> None:
    """The whole ingest graph; kept separate from running it so tests and deploy checks can inspect it.

    ``specs``: the inputs of this run when they are not the options' own (one local batch).
    """
    default_published = check_options(opts)
    output = opts.output.rstrip("/")
    policy = fetch_policy(opts)
    state = feeds.state_path(output)
    specs = input_specs(opts) if specs is None else specs
    read = pipeline | "ReadSources" >> sources.ReadSources(specs, opts.max_input_bytes, policy, state)
    decided = read["docs"] | "Dedupe" >> DedupeAgainstOutput(output)
    candidates = decided.docs
    if opts.fetch_articles:
        candidates = candidates | "FetchArticles" >> feeds.FetchArticles(policy, opts.article_min_chars)
    processed = candidates | "ProcessDocuments" >> stages.ProcessDocuments(
        default_published, opts.repeated_min_docs, opts.repeated_min_share
    )
    documents, events = processed["documents"], processed["events"]
    rejects = (read[sources.REJECTS], processed[stages.REJECTS]) | "AllRejects" >> beam.Flatten()
    changed = decided[dedupe.CHANGED]
    reject_keys = (
        read[sources.REFS],
        read["docs"] | "CandidateRefs" >> beam.Map(lambda r: r.input_ref),
        rejects | "RejectRefs" >> beam.Map(lambda r: r.input_ref),
        read[sources.SKIPS] | "SkipRefs" >> beam.Map(lambda s: s.input_ref),
    ) | "AllRefs" >> beam.Flatten()
    summary = {
        "candidates": read["docs"],
        "read_rejects": read[sources.REJECTS],
        "read_skips": read[sources.SKIPS],
        "duplicates": decided[dedupe.DUPLICATES],
        "unchanged": decided[dedupe.UNCHANGED],
        "changed": changed,
        "documents": documents,
        "events": events,
        "rejects": rejects,
    } | "Summarize" >> Summarize()
    committed = {
        "documents": documents,
        "events": events,
        "rejects": rejects,
        "superseded": changed,
        "reject_keys": reject_keys,
        "summary": summary,
    } | "WriteOutputs" >> WriteOutputs(output, run_id)
    _ = read[feeds.VALIDATORS] | "SaveValidators" >> feeds.SaveValidators(state, after=committed)


def run(argv: Sequence[str] | None = None, progress: Progress | None = None) -> dict | None:
    """Build and run the pipeline; returns the run summary when the runner finished here."""
    options = PipelineOptions(argv)
    options.view_as(SetupOptions).save_main_session = False
    opts = options.view_as(IngestOptions)
    progress = progress or Progress(enabled=False)
    if not is_local(options.view_as(StandardOptions).runner):
        return _run_once(options, opts, None, None)
    check_options(opts)  # a usage mistake is reported before the inputs are listed
    specs = input_specs(opts)
    batches = plan_batches(specs, int(opts.local_batch_mb * MiB)) if opts.local_batch_mb > 0 else [specs]
    progress.listed(batches)
    if len(batches) == 1:
        return _run_once(options, opts, local_runner(options, progress.listener()), None)
    output = opts.output.rstrip("/")
    summaries = []
    for number, batch in enumerate(batches, 1):
        progress.batch_started(number, len(batch))
        summary = _run_once(options, opts, local_runner(options, progress.listener()), batch)
        if summary is None:
            raise RuntimeError(f"batch {number} of {len(batches)} finished without a summary")
        summaries.append(summary)
        progress.batch_done(number, len(batch), summary)
    merged = {**merge_summaries(summaries), "run_id": uuid.uuid4().hex}
    write_summary(output, merged)
    return merged


def _run_once(options: PipelineOptions, opts: IngestOptions, runner, specs) -> dict | None:
    pipeline = beam.Pipeline(runner=runner, options=options)
    run_id = uuid.uuid4().hex
    output = opts.output.rstrip("/")
    build(pipeline, opts, run_id, specs)
    with RunLease(output, run_id):  # while held, no other run's commit sweeps this run's files
        result = pipeline.run()
        result.wait_until_finish()
    return read_summary(output, run_id)


def read_summary(output: str, run_id: str) -> dict | None:
    """A run's own summary, from its record in the run history; None when it has not committed (yet),
    e.g. a submitted remote job."""
    for record in reversed(run_history(output, run_id)):
        if "summary" in record:
            return record["summary"]
    return None


def format_summary(summary: dict, elapsed: float | None = None, output: str | None = None) -> str:
    """The run's accounting; with ``elapsed`` and ``output``, how long it took and where to look."""
    c = summary["counts"]
    lines = [
        f"inputs {c['inputs']} = documents {c['documents']} + duplicates {c['duplicates']}"
        f" + unchanged {c['unchanged']} + skipped {c['skipped']} + rejects {c['rejects']}"
        f"  [{'balanced' if summary['balanced'] else 'NOT BALANCED'}]",
        f"events {c['events']} ({c['text_events']} from text, {c['publication_events']} publication)"
        f"; replaced {c['changed']} changed documents",
    ]
    if summary.get("batches", 1) > 1:
        lines.append(f"run as {summary['batches']} local batches (--local-batch-mb)")
    if summary.get("rejects_by_type"):
        lines.append(
            "rejects: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["rejects_by_type"].items()))
        )
    if elapsed is not None:
        rate = c["documents"] / elapsed if elapsed > 0 else 0.0
        lines.append(f"took {duration(elapsed)} ({elapsed:.1f} s), {rate:.1f} documents/s")
    if output is not None:
        lines.append(f"output: {output}  (dateline query {output} --summary)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command("dateline ingest", argv, help_text, _ingest)


def _ingest(argv: list[str], verbosity: int) -> int:
    with Progress(enabled=verbosity > console.QUIET) as progress:
        summary = run(argv, progress)
    if summary is None:
        print("dateline ingest: submitted (no summary yet: the runner has not finished here)")
        return 0
    print(format_summary(summary, progress.elapsed(), output_of(argv)))
    return 0 if summary["balanced"] else 1


if __name__ == "__main__":
    sys.exit(main())
