"""Where everything lives under an output directory.

::

    OUT/tables/<table>/            Delta Lake tables: _delta_log/ plus part-*.parquet data files
    OUT/_dateline/head.json        the last complete commit: one Delta version per table
    OUT/_dateline/runs/*.json      one record per committed run (its summary and versions)
    OUT/_dateline/commit.lock      held while a run commits (local outputs)
    OUT/_dateline/active/<run>     held while a run is alive (local outputs)
    OUT/_views/<seq>/<table>/      the plain Parquet view of commit <seq> (hard links; local outputs)
    OUT/_view -> _views/<seq>      switched atomically at each commit
    OUT/<table> -> _view/<table>   what plain Parquet readers open
"""

from __future__ import annotations

import posixpath

TABLES_DIR = "tables"
CONTROL_DIR = "_dateline"
VIEW_LINK = "_view"
VIEWS_DIR = "_views"
HEAD_FILE = "head.json"
RUNS_DIR = "runs"
SUMMARY_FILE = "_summary.json"


def is_local(output: str) -> bool:
    """A path on this machine's file system (no ``scheme://``), where locks and links work."""
    return "://" not in output or output.startswith("file://")


def local_path(output: str) -> str:
    return output[len("file://") :] if output.startswith("file://") else output


def join(base: str, *parts: str) -> str:
    return posixpath.join(base.rstrip("/"), *parts)


def table_root(output: str, table: str) -> str:
    return join(output, TABLES_DIR, table)


def control(output: str, *parts: str) -> str:
    return join(output, CONTROL_DIR, *parts)


def data_file_name(run_id: str, tag: str, digest: str) -> str:
    """``part-<run>-<tag><digest>.parquet``: the run id lets a sweep tell a dead run's files from a live one's."""
    return f"part-{run_id}-{tag}{digest}.parquet"


def run_of(file_name: str) -> str | None:
    """The run id in a data file's name; None for names we did not make."""
    base = posixpath.basename(file_name)
    if not (base.startswith("part-") and base.endswith(".parquet")):
        return None
    return base[len("part-") :].split("-", 1)[0] or None
