"""The Delta tables of an output: open or create them, list their live files, read and write data files.

Every path goes through a ``pyarrow.fs`` file system for the output (local disk, ``gs://``, ``s3://``),
and every commit through ``deltalake`` (delta-rs), whose log Spark, Trino/Athena, BigQuery, DuckDB and
polars all read.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from schemas import Table
from transforms.store import layout
from transforms.store.files import DataFile, delta_stats, parquet_bytes, sort_rows


def root_uri(output: str) -> str:
    """The output as delta-rs and pyarrow want it: absolute for a local path."""
    output = output.rstrip("/")
    return os.path.abspath(layout.local_path(output)) if layout.is_local(output) else output


def filesystem(output: str) -> tuple[pafs.FileSystem, str]:
    """``(file system, path of the output on it)``; one file system object per output and setting,
    since every read and write asks (an object-store client resolves credentials when made)."""
    uri = root_uri(output)
    if layout.is_local(output):
        return pafs.LocalFileSystem(), uri
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return _remote(uri, os.environ.get("AWS_ENDPOINT_URL"), region, os.environ.get("AWS_ACCESS_KEY_ID"))


@functools.lru_cache(maxsize=16)
def _remote(
    uri: str, endpoint: str | None, region: str | None, _key_id: str | None
) -> tuple[pafs.FileSystem, str]:
    if uri.startswith("s3://") and endpoint:
        # An S3-compatible store (MinIO, Ceph, R2...): the endpoint delta-rs and boto3 read from the
        # environment, passed explicitly since not every pyarrow in our range reads it, and so that
        # no bucket-region lookup goes to AWS.
        return pafs.S3FileSystem(endpoint_override=endpoint, region=region), uri[len("s3://") :]
    return pafs.FileSystem.from_uri(uri)


def make_parent(fs: pafs.FileSystem, path: str) -> None:
    """Create the folder of ``path`` on a local disk; object stores have none (pyarrow would leave an
    empty ``folder/`` marker object, which listings and Delta's vacuum then see)."""
    if isinstance(fs, pafs.LocalFileSystem):
        fs.create_dir(path.rsplit("/", 1)[0], recursive=True)


def open_table(output: str, table: Table, version: int | None = None) -> DeltaTable | None:
    try:
        return DeltaTable(layout.table_root(root_uri(output), table.name), version=version)
    except TableNotFoundError:
        return None


def ensure_table(output: str, table: Table) -> DeltaTable:
    found = open_table(output, table)
    if found is not None:
        return found
    return DeltaTable.create(
        layout.table_root(root_uri(output), table.name),
        schema=table.arrow_schema,
        mode="ignore",
        name=table.name,
        description=table.doc,
    )


def live_files(delta: DeltaTable) -> list[tuple[str, int]]:
    """``(path relative to the table root, size)`` of each file in the loaded version, sorted."""
    actions = pa.table(delta.get_add_actions(flatten=True))
    return sorted(
        zip(actions.column("path").to_pylist(), actions.column("size_bytes").to_pylist(), strict=True)
    )


def files_at(output: str, table: Table, version: int | None) -> list[str]:
    """Names of the table's live files at ``version`` (none when the table or version is absent)."""
    delta = open_table(output, table, version) if version is not None else None
    return [] if delta is None else [name for name, _ in live_files(delta)]


def read_file(output: str, table: Table, name: str, columns: list[str] | None = None) -> pa.Table:
    fs, root = filesystem(output)
    with fs.open_input_file(layout.table_root(root, table.name) + "/" + name) as handle:
        return pq.read_table(handle, columns=columns, schema=table.arrow_schema)


def write_file(output: str, table: Table, name: str, rows: pa.Table) -> DataFile:
    """Write sorted ``rows`` as a data file of ``table`` (not yet committed) and describe it."""
    rows = sort_rows(table, rows)
    data = parquet_bytes(rows)
    fs, root = filesystem(output)
    path = layout.table_root(root, table.name) + "/" + name
    make_parent(fs, path)
    with fs.open_output_stream(path) as handle:
        handle.write(data)
    return DataFile(table.name, name, len(data), rows.num_rows, delta_stats(table, rows))


def describe_file(output: str, table: Table, name: str) -> DataFile:
    """A :class:`DataFile` for a data file already on disk (tools and tests; workers describe their own)."""
    rows = read_file(output, table, name)
    fs, root = filesystem(output)
    size = fs.get_file_info(layout.table_root(root, table.name) + "/" + name).size
    return DataFile(table.name, name, size, rows.num_rows, delta_stats(table, rows))


class FileCache:
    """Values computed from committed data files, by path, the oldest dropped first past ``max_rows``.

    A committed data file never changes (a rewrite gets a new name), so an entry is never stale: local
    batches and streaming windows, one after another in one process, read each file once.
    """

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self._files: OrderedDict[tuple, object] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._rows = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, load):
        with self._lock:
            if key in self._files:
                self._files.move_to_end(key)
                return self._files[key]
        value = load()
        with self._lock:
            if key not in self._files:
                self._files[key] = value
                self._sizes[key] = len(value)
                self._rows += len(value)
            while self._rows > self.max_rows and len(self._files) > 1:
                old, _ = self._files.popitem(last=False)
                self._rows -= self._sizes.pop(old)
        return value


class OwnerCache(FileCache):
    """Owner columns (``doc_id`` / ``input_ref``) of committed data files."""

    def owners(self, output: str, table: Table, name: str) -> pa.Array:
        key = (root_uri(output), table.name, name)
        return self.get(
            key, lambda: read_file(output, table, name, [table.owner]).column(table.owner).combine_chunks()
        )


OWNERS = OwnerCache(max_rows=4_000_000)  # ~30 bytes a row as Arrow strings: about 120 MB at most


def owners_of(output: str, table: Table, names: Iterable[str]) -> pa.Array:
    arrays = [OWNERS.owners(output, table, name) for name in names]
    return pa.concat_arrays(arrays) if arrays else pa.array([], type=pa.string())


def now_millis() -> int:
    return int(time.time() * 1000)
