"""Reading the last committed state: the tables at the versions the head names, as Arrow datasets.

This is the reader that never sees a run in progress: files a commit removed stay on disk for the
retention period, so a reader that opened a version keeps reading it while newer commits land.
"""

from __future__ import annotations

import pyarrow.dataset as ds

from schemas import TABLES, Table
from transforms.store import layout
from transforms.store.head import read_head
from transforms.store.tables import files_at, filesystem


def committed_datasets(output: str) -> dict[str, ds.Dataset] | None:
    """``{table: dataset}`` of the head's versions; None when nothing was ever committed there."""
    head = read_head(output)
    if head is None:
        return None
    return {t.name: _dataset(output, t, files_at(output, t, head["versions"].get(t.name))) for t in TABLES}


def _dataset(output: str, table: Table, names: list[str]) -> ds.Dataset:
    """The files as a plain Parquet dataset: filters and projections push down to each file's row
    groups, whose statistics skip what a date range excludes. (delta-rs's own dataset turns partial
    file statistics into guarantees that drop rows, so it is not used.)"""
    if not names:
        return ds.dataset(table.arrow_schema.empty_table())
    fs, root = filesystem(output)
    folder = layout.table_root(root, table.name)
    return ds.dataset(
        [f"{folder}/{n}" for n in names], schema=table.arrow_schema, format="parquet", filesystem=fs
    )


def committed_files(output: str, table: Table) -> list[str]:
    """Names (relative to the table root) of the table's files in the head's version."""
    head = read_head(output)
    return [] if head is None else files_at(output, table, head["versions"].get(table.name))
