"""Writing a run's rows: workers write data files in parallel, then one step commits them all.

Shared by batch (one commit per run) and streaming (one commit per window): the commit step gathers
the window's files, the owners whose old rows go, and the run summary, and hands them to
:func:`transforms.store.commit.commit`, the only code that changes what readers see.
"""

from __future__ import annotations

import logging

import apache_beam as beam
from apache_beam.transforms.window import IntervalWindow

from schemas import TABLES
from transforms.accounting import finish_summary, write_summary
from transforms.beam.write import WriteTable, window_tag
from transforms.store import commit as store
from transforms.store.files import DataFile

_FILE, _DOC, _REF, _SUMMARY = "file", "doc", "ref", "summary"
log = logging.getLogger("dateline.commit")


class _Commit(beam.DoFn):
    def __init__(self, output: str, run_id: str):
        self.output = output
        self.run_id = run_id

    def setup(self) -> None:
        m = beam.metrics.Metrics
        self.commits = m.counter("commit", "commits")
        self.files = m.counter("commit", "files_added")

    def process(self, element, window=beam.DoFn.WindowParam):
        _, items = element
        files: list[DataFile] = []
        replace: dict[str, set[str]] = {"documents": set(), "rejects": set()}
        summary = None
        for kind, value in items:
            if kind == _FILE:
                files.append(value)
            elif kind == _DOC:
                replace["documents"].add(value)
            elif kind == _REF:
                replace["rejects"].add(value)
            else:
                summary = value
        if summary is not None:
            summary = finish_summary(summary, self.run_id, files)
        record = store.commit(self.output, self.run_id, files, replace, summary)
        self.commits.inc()
        self.files.inc(len(files))
        if isinstance(window, IntervalWindow):  # streaming: say what each window landed
            added = {name: info["rows_added"] for name, info in record["tables"].items()}
            log.info(
                "window %s landed %d documents, %d events, %d rejects (commit %d)",
                window_tag(window).strip("w-"),
                added["documents"],
                added["events"],
                added["rejects"],
                record["seq"],
            )
        if summary is not None:
            write_summary(self.output, {**summary, "seq": record["seq"]})
        yield record


class WriteOutputs(beam.PTransform):
    """``{documents, events, rejects, superseded, reject_keys[, summary]}`` committed to ``output``.

    ``superseded``: doc ids whose old rows go even if this run writes no new document for them;
    every written document replaces its own old rows anyway. ``reject_keys``: inputs whose old rejects
    go. ``summary``: the run's counts (batch), stored with the commit. Emits each commit's record.
    """

    def __init__(self, output: str, run_id: str):
        super().__init__()
        self.output = output
        self.run_id = run_id

    def expand(self, parts: dict):
        output, run_id = self.output, self.run_id
        written = [
            parts[table.name] | f"Write{table.name.capitalize()}" >> WriteTable(table, output, run_id)
            for table in TABLES
        ]
        tagged = [
            written | "AllFiles" >> beam.Flatten() | "TagFiles" >> beam.Map(lambda f: (_FILE, f)),
            parts["documents"] | "TagDocs" >> beam.Map(lambda d: (_DOC, d.doc_id)),
            parts["superseded"] | "TagSuperseded" >> beam.Map(lambda i: (_DOC, i)),
            parts["reject_keys"] | "TagRefs" >> beam.Map(lambda r: (_REF, r)),
        ]
        if "summary" in parts:
            tagged.append(parts["summary"] | "TagSummary" >> beam.Map(lambda s: (_SUMMARY, s)))
        return (
            tagged
            | "Gather" >> beam.Flatten()
            | "OneKey" >> beam.Map(lambda item: (0, item))
            | "GroupForCommit" >> beam.GroupByKey()
            | "Commit" >> beam.ParDo(_Commit(output, run_id))
        )
