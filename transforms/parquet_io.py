"""Hive-partitioned Parquet through Beam's ``FileSystems`` (local disk, ``gs://``, ``s3://`` alike).

Layout: ``OUT/<table>/<partition>=<value>/part-[<shard>-]<digest>.parquet``. The partition column lives
in the path only, so DuckDB, Spark, BigQuery and Athena infer its type and prune on it.

A run writes one file per partition value (a day of events is usually a handful of rows; more files
would cost a Parquet footer and a rename each, which is what dominated the write stage), split by
owner hash into shards of about ``ROWS_PER_FILE`` rows so no worker holds a hot partition whole. Files are written to
a hidden temporary name (``.`` prefix, no ``.parquet`` suffix: no reader's glob sees it) and renamed into
place. A file's name is a digest of its rows, so a retried bundle overwrites its own output and
identical content never lands twice.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
import zlib
from collections.abc import Iterable, Iterator

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import BeamIOError
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms.window import IntervalWindow

from schemas import Table
from transforms.ids import stable_id

COMPRESSION = "zstd"
SMALL_TABLE_ROWS = 100  # below this, dictionary pages and zstd cost more to build than they save
ROWS_PER_FILE = 10_000  # bounds a worker's memory per file: 10k documents with bodies is ~100 MB


def shard_of(owner_key: str, rows: int) -> int:
    """Shard of a row in a partition of ``rows`` rows; rows of one owner stay together."""
    shards = max(1, math.ceil(rows / ROWS_PER_FILE))
    return zlib.crc32(owner_key.encode("utf-8")) % shards


def partition_dir(output: str, table: Table, value: str) -> str:
    return FileSystems.join(output, table.name, f"{table.partition.name}={value}")


def table_glob(output: str, table: Table) -> str:
    return FileSystems.join(output, table.name, "*", "part-*.parquet")


def list_files(pattern: str) -> list[str]:
    """Paths matching a glob, sorted; an absent directory is simply no files."""
    return [path for path, _ in list_files_stamped(pattern)]


def list_files_stamped(pattern: str) -> list[tuple[str, tuple[int, float]]]:
    """``(path, (size, last modified))`` of each match, sorted: the stamp changes when a file is rewritten."""
    try:
        results = FileSystems.match([pattern])
    except Exception:  # noqa: BLE001 - a missing root raises on some filesystems
        return []
    found = ((m.path, (m.size_in_bytes, m.last_updated_in_seconds)) for r in results for m in r.metadata_list)
    return sorted(found)


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see either the old file or the whole new one, never neither."""
    directory, name = path.rsplit("/", 1)
    temp = f"{directory}/.{name}.{uuid.uuid4().hex}.inprogress"
    with FileSystems.create(temp) as handle:
        handle.write(data)
    try:
        FileSystems.rename([temp], [path])  # replaces an existing file on POSIX and object stores
    except BeamIOError:
        if not FileSystems.exists(path):
            raise
        FileSystems.delete([path])  # a filesystem whose rename refuses an existing target
        FileSystems.rename([temp], [path])


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet bytes. Small tables (most day partitions) skip dictionary pages and use snappy: zstd's
    per-column setup doubled their encode time and saved nothing at a few rows."""
    small = table.num_rows < SMALL_TABLE_ROWS
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy" if small else COMPRESSION, use_dictionary=not small)
    return sink.getvalue().to_pybytes()


def read_parquet(path: str, columns: list[str] | None = None) -> pa.Table:
    with FileSystems.open(path) as handle:
        return pq.read_table(pa.BufferReader(handle.read()), columns=columns)


def window_tag(window) -> str:
    """``wYYYYMMDDTHHMMSS-`` for a streaming window's start; nothing for the global (batch) window."""
    if not isinstance(window, IntervalWindow):
        return ""
    start = dt.datetime.fromtimestamp(window.start.micros / 1e6, dt.timezone.utc)
    return start.strftime("w%Y%m%dT%H%M%S-")


def row_coder(table: Table) -> beam.coders.Coder:
    """The table's registered RowCoder: rows cross the write shuffle as its bytes."""
    return beam.coders.registry.get_coder(table.record)


class _WriteGroup(beam.DoFn):
    def __init__(self, table: Table, output: str):
        self.table = table
        self.output = output

    def setup(self) -> None:
        self.rows = beam.metrics.Metrics.counter("write", f"{self.table.name}_rows")
        self.files = beam.metrics.Metrics.counter("write", f"{self.table.name}_files")
        self.kept = beam.metrics.Metrics.counter("write", f"{self.table.name}_files_already_there")
        self.decode = row_coder(self.table).decode

    def process(self, element, window=beam.DoFn.WindowParam, **barriers) -> Iterator[tuple[str, str, int]]:
        (partition, shard), encoded = element
        rows = sorted(map(self.decode, encoded), key=self.table.sort_key)
        digest = stable_id(*(repr(tuple(r)) for r in rows), length=16)
        shard_tag = f"{shard:03d}-" if shard else ""
        name = f"part-{window_tag(window)}{shard_tag}{digest}.parquet"
        path = f"{partition_dir(self.output, self.table, partition)}/{name}"
        if FileSystems.exists(path):  # a retry, or a crashed earlier run, wrote these very rows
            self.kept.inc()
        else:
            write_atomic(path, parquet_bytes(self.table.to_arrow(rows)))
            self.files.inc()
        self.rows.inc(len(rows))
        yield self.table.name, path, len(rows)


class WriteTable(beam.PTransform):
    """Write records of ``table`` under ``output``; emits ``(table, path, rows)`` per file.

    ``after``: PCollections that must be complete before any file is written (used to order the
    removal of old versions, events before documents, and so on).
    """

    def __init__(self, table: Table, output: str, after: Iterable[beam.PCollection] = ()):
        super().__init__()
        self.table = table
        self.output = output
        self.after = list(after)

    def expand(self, records):
        table = self.table
        barriers = {f"after_{i}": beam.pvalue.AsList(p) for i, p in enumerate(self.after)}
        keyed = records | "KeyByPartition" >> beam.Map(lambda r: (table.partition_value(r), r))
        sizes = keyed | "PartitionSizes" >> beam.combiners.Count.PerKey()
        encode = row_coder(table).encode

        def key_by_file(item, sizes) -> tuple[tuple[str, int], bytes]:
            # Rows cross the shuffle as their encoded bytes: a runner that groups in memory (the
            # FnApiRunner holds every group decoded until it is read) then keeps a quarter of the
            # Python objects an event row would take, whose provenance strings repeat per row.
            partition, record = item
            return (partition, shard_of(table.owner_key(record), sizes[partition])), encode(record)

        return (
            keyed
            | "KeyByFile" >> beam.Map(key_by_file, sizes=beam.pvalue.AsDict(sizes))
            | "GroupByFile" >> beam.GroupByKey()
            | "WriteFiles" >> beam.ParDo(_WriteGroup(table, self.output), **barriers)
        )
