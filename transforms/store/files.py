"""Data files: Parquet bytes of a sorted batch of rows, and the Delta statistics that let engines skip them."""

from __future__ import annotations

import datetime as dt
import json
import math
import typing
import zlib

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import Table

COMPRESSION = "zstd"
SMALL_TABLE_ROWS = 100  # below this, dictionary pages and zstd cost more to build than they save
ROW_GROUP_ROWS = 16_384  # row groups small enough that their statistics prune date ranges inside a file
ROWS_PER_FILE = 100_000  # bounds a worker's memory per file: a file of documents with bodies is ~1 GB at most


class DataFile(typing.NamedTuple):
    """A Parquet file written into a table's folder, not yet part of the table until a commit adds it."""

    table: str
    name: str  # relative to the table root
    size: int
    rows: int
    stats: str  # Delta "stats" JSON: numRecords, minValues, maxValues, nullCount


def shard_of(owner_key: str, rows: int) -> int:
    """Shard of a row among ``rows`` rows of a run (one file each); rows of one owner stay together."""
    shards = max(1, math.ceil(rows / ROWS_PER_FILE))
    return zlib.crc32(owner_key.encode("utf-8")) % shards


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet bytes. Small tables skip dictionary pages and use snappy: zstd's per-column setup
    doubled their encode time and saved nothing at a few rows."""
    small = table.num_rows < SMALL_TABLE_ROWS
    sink = pa.BufferOutputStream()
    pq.write_table(
        table,
        sink,
        compression="snappy" if small else COMPRESSION,
        use_dictionary=not small,
        row_group_size=ROW_GROUP_ROWS,
    )
    return sink.getvalue().to_pybytes()


def _json_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


STRING_STAT_CHARS = 64  # longer string bounds are cut, as Delta writers do, the maximum rounded up


def _bound(value, upper: bool):
    if isinstance(value, str) and len(value) > STRING_STAT_CHARS:
        cut = value[:STRING_STAT_CHARS]
        if not upper:
            return cut
        return None if ord(cut[-1]) >= 0x10FFFF else cut[:-1] + chr(ord(cut[-1]) + 1)
    if upper and isinstance(value, dt.datetime) and value.microsecond % 1000:
        # Delta keeps milliseconds: a maximum cut down would exclude its own row; round it up.
        value += dt.timedelta(microseconds=1000 - value.microsecond % 1000)
    return _json_value(value)


def delta_stats(schema: Table, table: pa.Table) -> str:
    """Delta file statistics (row count; per column null count, minimum and maximum) for every column
    but lists: engines skip files on them, and delta-rs reads a column left out as one to skip."""
    mins, maxs, nulls = {}, {}, {}
    for column in schema.columns:
        if pa.types.is_list(column.type):
            continue
        values = table.column(column.name)
        nulls[column.name] = values.null_count
        if values.null_count < len(values):
            low, high = (v.as_py() for v in pc.min_max(values).values())
            mins[column.name] = _bound(low, upper=False)
            top = _bound(high, upper=True)
            if top is not None:
                maxs[column.name] = top
    return json.dumps(
        {"numRecords": table.num_rows, "minValues": mins, "maxValues": maxs, "nullCount": nulls},
        sort_keys=True,
    )


def sort_rows(schema: Table, table: pa.Table) -> pa.Table:
    """Rows in the table's order (cluster column first), nulls last: the same rows give the same bytes."""
    return table.sort_by([(name, "ascending") for name in schema.order])  # nulls sort last by default
