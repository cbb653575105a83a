"""SQL over an output's last commit: a read-only DuckDB connection whose views are the committed tables.

The one way the project's own readers (``dateline query``, ``dateline report``, the tests and the
torture benchmark) see the tables, so they all see what an outside reader would.
"""

from __future__ import annotations

import os

import duckdb

from schemas import TABLES
from transforms.store import layout
from transforms.store.snapshot import committed_datasets


class QueryError(Exception):
    """Reported in one line, exit status 2."""


def connect(output: str) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection whose views are the tables of the output's last commit.

    The views scan the Delta versions the head names (as Arrow datasets, so DuckDB pushes filters and
    projections down and skips files by their statistics), which a concurrent run never changes:
    queries see the previous commit or the next, whole. The connection cannot write files, attach
    databases or load extensions.
    """
    output = output.rstrip("/") or output
    if layout.is_local(output) and not os.path.isdir(layout.local_path(output)):
        raise QueryError(f"no such output directory: {output}")
    try:
        datasets = committed_datasets(output)
    except Exception as exc:  # noqa: BLE001 - an unreadable log is the user's to see, in one line
        raise QueryError(f"cannot read the tables of {output}: {str(exc).splitlines()[0]}") from None
    if datasets is None:
        raise QueryError(f"{output} holds no dateline output (no committed run under {output}/_dateline)")
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    for table in TABLES:
        con.register(table.name, datasets[table.name])
    con.execute("SET enable_external_access = false")
    return con


def run_query(output: str, sql: str) -> tuple[list[str], list[tuple]]:
    con = connect(output)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    except duckdb.Error as exc:  # raised by execute or, for lazily run queries, while fetching
        raise QueryError(str(exc).splitlines()[0]) from None
