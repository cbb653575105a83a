"""The plain Parquet view of a local output: ``OUT/<table>/*.parquet`` as of the last commit.

Plain readers (DuckDB ``read_parquet``, pandas, pyarrow, polars, Spark's ``parquet`` source) know no
transaction log: they read every file under a folder. So each commit builds a folder of hard links to
exactly its live files (``_views/<seq>/<table>/``) and then switches one symbolic link, ``_view``, to it
in one ``rename``: a reader that resolves ``OUT/events`` gets the whole previous commit or the whole
new one. Hard links cost no data copy, and a table with no rows holds one empty file with the schema,
so readers still learn the columns and their types.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid

import pyarrow.parquet as pq

from schemas import TABLES
from transforms.store import failpoints, layout

EMPTY_FILE = "part-empty.parquet"


class LayoutError(Exception):
    """The output folder is not one this version of dateline can publish into."""


KEEP_SECONDS = 3600  # an earlier view stays this long for readers that opened it by its resolved path


def publish(output: str, seq: int, live: dict[str, list[str]], keep_seconds: float = KEEP_SECONDS) -> None:
    """Make ``OUT/<table>`` show the files of commit ``seq`` (``live``: table -> file names).

    Earlier views stay ``keep_seconds`` after they were replaced: a reader that resolved
    ``OUT/<table>`` to ``_views/<seq>/<table>`` (``os.path.realpath``) reads that commit to the end,
    whatever commits land meanwhile. Their hard links keep the data after the tables drop the files.
    """
    root = os.path.abspath(layout.local_path(output))
    views = os.path.join(root, layout.VIEWS_DIR)
    name = f"{seq:08d}"
    final = os.path.join(views, name)
    if not os.path.isdir(final):
        temp = os.path.join(views, f".tmp-{name}-{uuid.uuid4().hex}")
        for table in TABLES:
            folder = os.path.join(temp, table.name)
            os.makedirs(folder)
            files = live.get(table.name, [])
            for file in files:
                os.link(os.path.join(root, layout.TABLES_DIR, table.name, file), os.path.join(folder, file))
            if not files:
                pq.write_table(table.arrow_schema.empty_table(), os.path.join(folder, EMPTY_FILE))
        failpoints.reach("view")
        os.rename(temp, final)
    link = os.path.join(root, layout.VIEW_LINK)
    previous = os.path.realpath(link) if os.path.islink(link) else None
    temp_link = os.path.join(root, f".{layout.VIEW_LINK}.{uuid.uuid4().hex}")
    os.symlink(os.path.join(layout.VIEWS_DIR, name), temp_link)
    os.replace(temp_link, link)  # the switch: atomic on POSIX
    check_layout(output)
    for table in TABLES:
        path = os.path.join(root, table.name)
        if not os.path.islink(path):
            os.symlink(os.path.join(layout.VIEW_LINK, table.name), path)
    if previous and os.path.isdir(previous) and os.path.basename(previous) != name:
        os.utime(previous)  # a replaced view ages from the moment it stopped being current
    now = time.time()
    for other in os.listdir(views):
        path = os.path.join(views, other)
        if other != name and (other.startswith(".tmp-") or now - os.stat(path).st_mtime > keep_seconds):
            shutil.rmtree(path, ignore_errors=True)


def check_layout(output: str) -> None:
    """Refuse, before any work, an output whose table folders are plain folders of an older layout."""
    if not layout.is_local(output):
        return
    root = layout.local_path(output)
    for table in TABLES:
        path = os.path.join(root, table.name)
        if os.path.exists(path) and not os.path.islink(path):
            raise LayoutError(
                f"{path} is a folder written by an older dateline; ingest into a new --output folder"
            )
