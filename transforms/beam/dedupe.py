"""One version of each document, across duplicates in a run and across runs into the same output.

Within a run, candidates sharing a ``doc_id`` are ingested once (the first by ``input_ref``) and the
rest counted as duplicates. Across runs, the ``(doc_id, content_hash)`` pairs of the last commit are
joined against this run's candidates: unchanged documents are skipped before any extraction; changed
ones are re-ingested, and the commit replaces their old rows in every table in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam

from schemas import DOCUMENTS, RawDoc, Skip
from transforms.store.index import read_index_cached
from transforms.store.snapshot import committed_files

DUPLICATES = "duplicates"
UNCHANGED = "unchanged"
CHANGED = "changed"


class _Decide(beam.DoFn):
    def setup(self) -> None:
        m = beam.metrics.Metrics
        self.duplicates = m.counter("dedupe", "duplicates")
        self.unchanged = m.counter("dedupe", "unchanged")
        self.changed = m.counter("dedupe", "changed")

    def process(self, element) -> Iterator:
        doc_id, grouped = element
        candidates = sorted(grouped["new"], key=lambda raw: raw.input_ref)
        if not candidates:
            return
        chosen, *others = candidates
        for other in others:
            self.duplicates.inc()
            yield beam.pvalue.TaggedOutput(DUPLICATES, Skip(input_ref=other.input_ref, reason="duplicate"))
        existing = set(grouped["old"])
        if not existing:
            yield chosen
        elif existing == {chosen.content_hash}:
            self.unchanged.inc()
            yield beam.pvalue.TaggedOutput(UNCHANGED, Skip(input_ref=chosen.input_ref, reason="unchanged"))
        else:
            self.changed.inc()
            yield beam.pvalue.TaggedOutput(CHANGED, doc_id)
            yield chosen


class DedupeAgainstOutput(beam.PTransform):
    """Candidates to those worth ingesting; ``duplicates``/``unchanged`` skips and ``changed`` ids tagged."""

    def __init__(self, output: str):
        super().__init__()
        self.output = output

    def expand(self, candidates):
        output = self.output
        old = (
            candidates.pipeline
            | "Output" >> beam.Create([output])
            | "CommittedFiles" >> beam.FlatMap(committed_files, DOCUMENTS)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadIndex" >> beam.FlatMap(lambda name: read_index_cached(output, name))
        )
        new = candidates | "KeyById" >> beam.Map(lambda raw: (raw.doc_id, raw)).with_input_types(RawDoc)
        return (
            {"new": new, "old": old}
            | "JoinWithOutput" >> beam.CoGroupByKey()
            | "Decide" >> beam.ParDo(_Decide()).with_outputs(DUPLICATES, UNCHANGED, CHANGED, main="docs")
        )
