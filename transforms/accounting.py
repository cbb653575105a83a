"""The run summary: every input accounted for, as counts that must balance.

``inputs = documents + duplicates + unchanged + skipped + rejects`` is the identity a run exists to
show. The counts are computed in the pipeline graph (:class:`transforms.beam.summary.Summarize`), not
from runner metrics, so the summary is exact on every runner. The commit stores it in the run's history
record (``OUT/_dateline/runs/``), and as ``OUT/_summary.json``, the last committed run's; the CLI
prints the run's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from transforms.store import layout
from transforms.store.files import DataFile
from transforms.store.head import write_json

SUMMARY_FILE = layout.SUMMARY_FILE


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
    write_json(output, (SUMMARY_FILE,), summary)


def finish_summary(summary: dict, run_id: str, files: Iterable[DataFile]) -> dict:
    """The graph's counts plus what only the commit step knows: the run id and the files written."""
    counts = {**summary["counts"], "files_written": sum(1 for _ in files)}
    return {**summary, "counts": counts, "run_id": run_id}


def labels(name: str, element) -> list[str]:
    """The counts one element of the named collection adds to: its collection, and its breakdown."""
    labels = [name]
    if name == "rejects":
        labels += [f"reject:{element.error_type}", f"stage:{element.stage}"]
    elif name in ("read_skips", "duplicates", "unchanged"):
        labels.append(f"skip:{element.reason}")
    elif name == "events":
        labels.append(f"events:{element.date_source}")
    return labels
