"""Workers' half of a table write: rows to data files, in parallel, named so nothing collides.

A run's rows of one table are split by owner hash into shards of about ``ROWS_PER_FILE`` rows (:func:`transforms.store.files.shard_of`); each
shard becomes one Parquet file, sorted by the table's cluster column, written straight into the
table's folder under ``part-<run>-<window><shard>-<digest>.parquet``. No reader sees it until the
run's commit (:mod:`transforms.store.commit`) adds it to the Delta log, so a worker needs no temporary
name: a retried bundle rewrites its own file, and a crashed run's files are swept by the next commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms.window import IntervalWindow

from schemas import Table
from transforms.store import failpoints, layout
from transforms.store.files import DataFile, delta_stats, parquet_bytes, shard_of, sort_rows


def window_tag(window) -> str:
    """``wYYYYMMDDTHHMMSS-`` for a streaming window's start; nothing for the global (batch) window."""
    if not isinstance(window, IntervalWindow):
        return ""
    start = dt.datetime.fromtimestamp(window.start.micros / 1e6, dt.timezone.utc)
    return start.strftime("w%Y%m%dT%H%M%S-")


def row_coder(table: Table) -> beam.coders.Coder:
    """The table's registered RowCoder: rows cross the write shuffle as its bytes."""
    return beam.coders.registry.get_coder(table.record)


class _WriteShard(beam.DoFn):
    def __init__(self, table: Table, output: str, run_id: str):
        self.table = table
        self.output = output
        self.run_id = run_id

    def setup(self) -> None:
        self.rows = beam.metrics.Metrics.counter("write", f"{self.table.name}_rows")
        self.files = beam.metrics.Metrics.counter("write", f"{self.table.name}_files")
        self.decode = row_coder(self.table).decode

    def process(self, element, window=beam.DoFn.WindowParam) -> Iterator[DataFile]:
        shard, encoded = element
        rows = sort_rows(self.table, self.table.to_arrow(map(self.decode, encoded)))
        data = parquet_bytes(rows)
        digest = hashlib.sha256(data).hexdigest()[:16]  # same rows, same bytes: a retry rewrites its own file
        name = layout.data_file_name(self.run_id, f"{window_tag(window)}{shard:03d}-", digest)
        path = f"{layout.table_root(self.output, self.table.name)}/{name}"
        with FileSystems.create(path) as handle:
            handle.write(data)
        failpoints.reach(f"write-{self.table.name}")
        self.files.inc()
        self.rows.inc(rows.num_rows)
        yield DataFile(self.table.name, name, len(data), rows.num_rows, delta_stats(self.table, rows))


class WriteTable(beam.PTransform):
    """Records of ``table`` to uncommitted data files under ``output``; emits a :class:`DataFile` each."""

    def __init__(self, table: Table, output: str, run_id: str):
        super().__init__()
        self.table = table
        self.output = output
        self.run_id = run_id

    def expand(self, records):
        table = self.table
        total = records | "CountRows" >> beam.combiners.Count.Globally().without_defaults()
        encode = row_coder(table).encode

        def key_by_shard(record, total) -> tuple[int, bytes]:
            # Rows cross the shuffle as their encoded bytes: a runner that groups in memory (the
            # FnApiRunner holds every group decoded until it is read) then keeps a quarter of the
            # Python objects an event row would take, whose provenance strings repeat per row.
            return shard_of(table.owner_key(record), total), encode(record)

        return (
            records
            | "KeyByShard" >> beam.Map(key_by_shard, total=beam.pvalue.AsSingleton(total, default_value=0))
            | "GroupByShard" >> beam.GroupByKey()
            | "WriteFiles" >> beam.ParDo(_WriteShard(table, self.output, self.run_id))
        )
