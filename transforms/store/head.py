"""The head of an output: which Delta version of each table makes up the last complete commit.

Delta commits one table at a time. A run touches three, so the head, written once all three have
committed, is what ties them together: readers open the versions it names, and a run cut short after
one table and before the head leaves readers on the previous state, which the next commit repairs.
The run history (one JSON record per commit) is what ``dateline report`` and the CLI show.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid

import pyarrow.fs as pafs

from transforms.store import layout
from transforms.store.tables import filesystem, make_parent


def read_json(output: str, path_parts: tuple[str, ...]) -> dict | None:
    fs, root = filesystem(output)
    try:
        with fs.open_input_stream(layout.join(root, *path_parts)) as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, OSError, ValueError):
        return None


def write_json(output: str, path_parts: tuple[str, ...], value: dict) -> None:
    """Replace a small JSON file in one step: readers see the old one or the new one."""
    fs, root = filesystem(output)
    path = layout.join(root, *path_parts)
    data = json.dumps(value, indent=1, sort_keys=True).encode("utf-8")
    make_parent(fs, path)
    if isinstance(fs, pafs.LocalFileSystem):
        temp = f"{path}.{uuid.uuid4().hex}.tmp"
        try:
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    else:  # one PUT: object stores publish an object whole or not at all
        with fs.open_output_stream(path) as handle:
            handle.write(data)


def _split(path: str) -> tuple[str, tuple[str, ...]]:
    folder, _, name = path.rpartition("/")
    return folder or ".", (name,)


def read_json_file(path: str) -> dict | None:
    """``read_json`` addressed by the file's full path (local or ``scheme://``)."""
    return read_json(*_split(path))


def write_json_file(path: str, value: dict) -> None:
    """``write_json`` addressed by the file's full path (local or ``scheme://``)."""
    write_json(*_split(path), value)


def read_head(output: str) -> dict | None:
    """``{"seq", "run_id", "versions": {table: version}, "committed_at"}`` or None before any commit."""
    return read_json(output, (layout.CONTROL_DIR, layout.HEAD_FILE))


def write_head(output: str, head: dict) -> None:
    write_json(output, (layout.CONTROL_DIR, layout.HEAD_FILE), head)


def history_name(seq: int, run_id: str) -> str:
    return f"{seq:08d}-{run_id}.json"


def write_history(output: str, record: dict) -> None:
    write_json(
        output, (layout.CONTROL_DIR, layout.RUNS_DIR, history_name(record["seq"], record["run_id"])), record
    )


def _run_names(output: str) -> list[str]:
    """File names of the run records, oldest first (``NNNNNNNN-<run>.json``)."""
    fs, root = filesystem(output)
    selector = pafs.FileSelector(layout.join(root, layout.CONTROL_DIR, layout.RUNS_DIR), allow_not_found=True)
    return sorted(i.base_name for i in fs.get_file_info(selector) if i.base_name.endswith(".json"))


def _run_of(name: str) -> str:
    return name[: -len(".json")].split("-", 1)[-1]


def run_history(output: str, run_id: str | None = None) -> list[dict]:
    """Committed runs' records, oldest first; with ``run_id``, only that run's (one per batch run, one
    per window of a streaming job), chosen by file name so no other record is read."""
    names = [n for n in _run_names(output) if run_id is None or _run_of(n) == run_id]
    records = (read_json(output, (layout.CONTROL_DIR, layout.RUNS_DIR, name)) for name in names)
    return [r for r in records if r is not None]


def committed_runs(output: str) -> set[str]:
    """Run ids that have a history record (whose files a sweep must leave to the retention period)."""
    return {_run_of(name) for name in _run_names(output)}
