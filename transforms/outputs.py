"""Writing a run's rows, in the order that keeps readers consistent; shared by batch and streaming."""

from __future__ import annotations

import apache_beam as beam

from schemas import DOCUMENTS, EVENTS, REJECTS
from transforms.incremental import RemoveSuperseded
from transforms.parquet_io import WriteTable


class WriteOutputs(beam.PTransform):
    """``{documents, events, rejects, superseded, reject_keys}`` to files; emits what each table wrote.

    Old versions go first (rows of ``superseded`` doc ids; rejects of ``reject_keys`` inputs), then
    events and rejects, then documents: a document row is the commit marker of its events, so a crash
    never leaves a document whose events are missing, and readers never see two versions of one.
    """

    def __init__(self, output: str):
        super().__init__()
        self.output = output

    def expand(self, parts: dict):
        output = self.output
        superseded = parts["superseded"]
        gone_docs = superseded | "SupersedeDocuments" >> RemoveSuperseded(DOCUMENTS, output)
        gone_events = superseded | "SupersedeEvents" >> RemoveSuperseded(EVENTS, output)
        gone_rejects = parts["reject_keys"] | "SupersedeRejects" >> RemoveSuperseded(REJECTS, output)
        events = parts["events"] | "WriteEvents" >> WriteTable(EVENTS, output, after=[gone_events, gone_docs])
        rejects = parts["rejects"] | "WriteRejects" >> WriteTable(REJECTS, output, after=[gone_rejects])
        documents = parts["documents"] | "WriteDocuments" >> WriteTable(
            DOCUMENTS, output, after=[events, gone_docs]
        )
        return {"documents": documents, "events": events, "rejects": rejects}
