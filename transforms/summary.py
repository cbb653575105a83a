"""The run summary: every input accounted for, computed from the pipeline's own collections.

Counting in the graph (not from runner metrics) makes the summary exact on every runner; it is
written as ``OUT/_summary.json`` (a name no table glob matches) and printed by the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.parquet_io import write_atomic

SUMMARY_FILE = "_summary.json"


def summary_from_counts(counts: dict[str, int]) -> dict:
    get = counts.get
    c = {
        "inputs": get("candidates", 0) + get("read_rejects", 0) + get("read_skips", 0),
        "documents": get("documents", 0),
        "duplicates": get("duplicates", 0),
        "unchanged": get("unchanged", 0),
        "skipped": get("read_skips", 0),
        "rejects": get("rejects", 0),
        "changed": get("changed", 0),
        "events": get("events", 0),
        "text_events": get("events:text", 0),
        "publication_events": get("events:publication", 0),
        "files_written": get("files", 0),
    }
    prefixed = {
        prefix: {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith(prefix + ":")}
        for prefix in ("reject", "skip", "stage")
    }
    return {
        "counts": c,
        "balanced": _balanced(c),
        "rejects_by_type": prefixed["reject"],
        "rejects_by_stage": prefixed["stage"],
        "skips_by_reason": prefixed["skip"],
    }


_BREAKDOWNS = ("rejects_by_type", "rejects_by_stage", "skips_by_reason")


def _balanced(c: dict[str, int]) -> bool:
    """Every input ended somewhere: the identity the summary exists to show."""
    return c["inputs"] == c["documents"] + c["duplicates"] + c["unchanged"] + c["skipped"] + c["rejects"]


def merge_summaries(summaries: Iterable[dict]) -> dict:
    """One summary for a run made of batches: counts and breakdowns summed, balance checked again."""
    merged: dict = {"counts": {}, **{key: {} for key in _BREAKDOWNS}}
    batches = 0
    for summary in summaries:
        batches += 1
        for key, totals in merged.items():
            for name, value in summary.get(key, {}).items():
                totals[name] = totals.get(name, 0) + value
    merged = {key: dict(sorted(totals.items())) for key, totals in merged.items()}
    merged["balanced"] = _balanced(merged["counts"])
    merged["batches"] = batches
    return merged


def write_summary(output: str, summary: dict) -> None:
    data = json.dumps(summary, indent=2, sort_keys=True).encode("utf-8")
    write_atomic(FileSystems.join(output, SUMMARY_FILE), data)


def _labels(name: str, element) -> list[str]:
    labels = [name]
    if name == "rejects":
        labels += [f"reject:{element.error_type}", f"stage:{element.stage}"]
    elif name in ("read_skips", "duplicates", "unchanged"):
        labels.append(f"skip:{element.reason}")
    elif name == "events":
        labels.append(f"events:{element.date_source}")
    return labels


class _WriteSummary(beam.DoFn):
    def __init__(self, output: str, run_id: str):
        self.output = output
        self.run_id = run_id

    def process(self, counts: dict):
        summary = {**summary_from_counts(counts), "run_id": self.run_id}
        write_summary(self.output, summary)
        yield summary


class Summarize(beam.PTransform):
    """``{name: PCollection}`` to one summary dict, also written next to the data."""

    def __init__(self, output: str, run_id: str = ""):
        super().__init__()
        self.output = output
        self.run_id = run_id

    def expand(self, named):
        labelled = [
            pcoll | f"Label_{name}" >> beam.FlatMap(lambda e, n=name: [(label, 1) for label in _labels(n, e)])
            for name, pcoll in sorted(named.items())
        ]
        return (
            labelled
            | "AllLabels" >> beam.Flatten()
            | "CountLabels" >> beam.CombinePerKey(sum)
            | "ToDict" >> beam.combiners.ToDict()
            | "Write" >> beam.ParDo(_WriteSummary(self.output, self.run_id))
        )
