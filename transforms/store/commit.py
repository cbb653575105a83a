"""One commit per run (or streaming window): replace the rows a run owns, add its files, move the head.

A run's rows are owned by document (``doc_id``: documents and events) or by input (``input_ref``:
rejects). Committing replaces every existing row of the owners the run wrote with the run's new rows,
so the same commit applied twice, or after a crash, or after another run committed the same documents,
leaves each owner's rows exactly once, in the last committed version. Per table that is one Delta
transaction (rewrites of the files holding replaced rows, plus the run's new files); across tables
it runs under one lock, events and rejects before documents, and ends by writing the head.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc
from deltalake import CommitProperties, DeltaTable
from deltalake.transaction import AddAction, RemoveAction

from schemas import DOCUMENTS, EVENTS, REJECTS, Table
from transforms.store import failpoints, layout, lock, view
from transforms.store import head as heads
from transforms.store.files import DataFile, sort_rows
from transforms.store.tables import (
    ensure_table,
    filesystem,
    live_files,
    now_millis,
    owners_of,
    read_file,
    root_uri,
    write_file,
)

log = logging.getLogger("dateline.store")

ORDER = (EVENTS, REJECTS, DOCUMENTS)  # documents last: a Delta reader never sees a document before its rows
RETAIN_HOURS = 1.0  # files a commit removed stay this long for readers still on an older version
STALE_SECONDS = 3600  # uncommitted files of a run that took no lease count as abandoned after this
COMPACT_OVER = 24  # small files in a table before a commit compacts them
SMALL_FILE_BYTES = 16 * 2**20


class StoreError(Exception):
    """The output cannot take this commit (a data file vanished, a layout from another version)."""


def _add(file: DataFile, data_change: bool = True) -> AddAction:
    return AddAction(file.name, file.size, {}, now_millis(), data_change, file.stats)


def _remove(name: str, size: int, data_change: bool = True) -> RemoveAction:
    return RemoveAction(name, data_change, now_millis(), size, {})


Live = dict[str, list[tuple[str, int]]]  # table -> live files (name, size) of its loaded version


def _transact(
    delta: DeltaTable, table: Table, actions: list, run_id: str, operation: str, live: Live
) -> None:
    """Commit ``actions`` as one Delta transaction, bring ``delta`` up to the version it made and
    ``live`` up to that version's files (listed once per version: every later step reads ``live``)."""
    if actions:
        delta.create_write_transaction(
            actions,
            mode="append",
            schema=table.arrow_schema,
            commit_properties=CommitProperties(
                custom_metadata={"dateline.run_id": run_id, "dateline.operation": operation}
            ),
        )
        delta.update_incremental()
        live[table.name] = live_files(delta)


def _record(head: dict, run_id: str, deltas: Mapping[str, DeltaTable], **fields) -> dict:
    """The next commit's history record: its sequence number and the Delta version of each table."""
    return {
        "seq": head["seq"] + 1,
        "run_id": run_id,
        "committed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": {t.name: deltas[t.name].version() for t in ORDER},
        **fields,
    }


def _replace_rows(
    output: str,
    live: list[tuple[str, int]],
    table: Table,
    owners: pa.Array,
    run_id: str,
    keep: set[str],
    new: list[DataFile],
) -> tuple[list, int, int] | None:
    """Actions replacing every row of ``owners`` in the ``live`` files (outside ``keep``, this commit's own
    from an earlier attempt of it) by the rows of ``new``: ``(actions, rewritten, removed)``, or None
    when the new rows are exactly the rows they replace (a rerun of the same inputs changes nothing)."""
    hits = []
    if len(owners):
        for name, size in live:
            if name in keep:
                continue
            if pc.any(pc.is_in(owners_of(output, table, [name]), value_set=owners)).as_py():
                rows = read_file(output, table, name)
                gone = pc.is_in(rows.column(table.owner), value_set=owners)
                hits.append((name, size, rows, gone))
    if hits and new:
        before = pa.concat_tables([rows.filter(gone) for _, _, rows, gone in hits])
        after = pa.concat_tables([read_file(output, table, f.name) for f in new])
        if before.num_rows == after.num_rows and sort_rows(table, before).equals(sort_rows(table, after)):
            return None
    actions, removed = [], 0
    for name, size, rows, gone in hits:
        kept = rows.filter(pc.invert(gone))
        removed += rows.num_rows - kept.num_rows
        actions.append(_remove(name, size))
        if kept.num_rows:
            new_name = layout.data_file_name(run_id, "r-", uuid.uuid4().hex[:16])
            actions.append(_add(write_file(output, table, new_name, kept)))
    return actions + [_add(f) for f in new], len(hits), removed


def _drop(output: str, files: Iterable[DataFile]) -> None:
    """Delete data files this commit does not add (their rows are already there, unchanged)."""
    fs, root = filesystem(output)
    for f in files:
        fs.delete_file(layout.table_root(root, f.table) + "/" + f.name)


def _check_present(output: str, files: Iterable[DataFile]) -> None:
    fs, root = filesystem(output)
    paths = [layout.table_root(root, f.table) + "/" + f.name for f in files]
    missing = [info.path for info in fs.get_file_info(paths) if info.type.name == "NotFound"]
    if missing:
        raise StoreError(
            f"{len(missing)} data files of this run vanished before its commit, e.g. {missing[0]}"
        )


def commit(
    output: str,
    run_id: str,
    files: Iterable[DataFile],
    replace: Mapping[str, Iterable[str]],
    summary: dict | None = None,
    *,
    retain_hours: float = RETAIN_HOURS,
    compact_over: int = COMPACT_OVER,
) -> dict:
    """Commit a run's data files; ``replace``: owner keys whose existing rows go (``documents``: doc
    ids, applied to documents and events; ``rejects``: input refs). Returns the run's history record."""
    output = output.rstrip("/")
    view.check_layout(output)
    by_table: dict[str, list[DataFile]] = defaultdict(list)
    for file in files:
        by_table[file.table].append(file)
    doc_ids = pa.array(sorted(set(replace.get("documents", ()))), type=pa.string())
    refs = pa.array(sorted(set(replace.get("rejects", ()))), type=pa.string())
    started = time.monotonic()
    with lock.commit_lock(output, run_id):
        _check_present(output, [f for fs in by_table.values() for f in fs])
        head = heads.read_head(output) or {"seq": 0, "versions": {}}
        deltas = {t.name: ensure_table(output, t) for t in ORDER}
        live = {name: live_files(delta) for name, delta in deltas.items()}
        known_docs = owners_of(output, DOCUMENTS, [n for n, _ in live["documents"]])
        event_owners = pc.unique(owners_of(output, EVENTS, [n for n, _ in live["events"]]))
        # Events of no committed document: a commit cut short between tables; they go now.
        orphans = pc.filter(event_owners, pc.invert(pc.is_in(event_owners, value_set=known_docs)))
        keys = {
            "events": pc.unique(pa.concat_arrays([doc_ids, orphans.cast(pa.string())])),
            "rejects": refs,
            "documents": doc_ids,
        }
        tables: dict[str, dict] = {}
        for table in ORDER:
            names = {name for name, _ in live[table.name]}
            mine = {f.name for f in by_table.get(table.name, [])}
            # A retried commit finds its files already added: they stay, and are not added twice.
            new = sorted(f for f in by_table.get(table.name, []) if f.name not in names)
            replaced = _replace_rows(
                output, live[table.name], table, keys[table.name], run_id, mine & names, new
            )
            if replaced is None:  # the same rows again: nothing to commit for this table
                _drop(output, new)
                new, replaced = [], ([], 0, 0)
            actions, rewritten, removed = replaced
            _transact(deltas[table.name], table, actions, run_id, "commit", live)
            failpoints.reach(f"commit-{table.name}")
            tables[table.name] = {
                "files_added": len(new),
                "files_rewritten": rewritten,
                "rows_added": sum(f.rows for f in new),
                "rows_removed": removed,
            }
        record = _record(head, run_id, deltas, tables=tables, orphans_removed=len(orphans))
        if summary is not None:
            record["summary"] = summary
        _publish(output, record, live)
        compacted = _compact_locked(output, run_id, record, deltas, live, compact_over, only_if_over=True)
        _cleanup(output, deltas, live, retain_hours)
    record["commit_seconds"] = round(time.monotonic() - started, 3)
    if compacted:
        record["compacted"] = compacted
    return record


def _publish(output: str, record: dict, live: Live) -> None:
    """History record, then the head, then the plain view: each step readers may see is whole."""
    heads.write_history(output, record)
    failpoints.reach("history")
    heads.write_head(output, {k: record[k] for k in ("seq", "run_id", "committed_at", "versions")})
    failpoints.reach("head")
    if layout.is_local(output):
        view.publish(output, record["seq"], {t: [name for name, _ in files] for t, files in live.items()})


def _bins(files: list[tuple[str, int]], max_bytes: int) -> list[list[str]]:
    bins: list[list[str]] = []
    size = max_bytes
    for name, bytes_ in files:
        if size + bytes_ > max_bytes:
            bins.append([])
            size = 0
        bins[-1].append(name)
        size += bytes_
    return [b for b in bins if len(b) > 1]


def _compact_locked(
    output: str,
    run_id: str,
    head: dict,
    deltas: Mapping[str, DeltaTable],
    live: Live,
    compact_over: int,
    only_if_over: bool,
) -> dict:
    """Merge each table's small files into files of up to ``SMALL_FILE_BYTES * 4`` (a data-neutral
    Delta commit: the same rows, fewer files), then move ``head`` (the current one) and the view."""
    done: dict[str, dict] = {}
    for table in ORDER:
        small = dict((n, s) for n, s in live[table.name] if s < SMALL_FILE_BYTES)
        if len(small) < 2 or (only_if_over and len(small) <= compact_over):
            continue
        actions = []
        groups = _bins(list(small.items()), SMALL_FILE_BYTES * 4)
        for group in groups:
            rows = pa.concat_tables([read_file(output, table, name) for name in group])
            new_name = layout.data_file_name(run_id, "c-", uuid.uuid4().hex[:16])
            written = write_file(output, table, new_name, rows)
            failpoints.reach("compact")
            actions.append(_add(written, data_change=False))
            actions += [_remove(name, small[name], data_change=False) for name in group]
        _transact(deltas[table.name], table, actions, run_id, "compact", live)
        done[table.name] = {"files_merged": sum(map(len, groups)), "files_written": len(groups)}
    if done:
        _publish(output, _record(head, run_id, deltas, operation="compact", compacted=done), live)
    return done


def compact(output: str, run_id: str | None = None, retain_hours: float = RETAIN_HOURS) -> dict:
    """``dateline compact``: merge small files now, then drop what no reader needs any more."""
    output = output.rstrip("/")
    run_id = run_id or uuid.uuid4().hex
    with lock.commit_lock(output, run_id):
        head = heads.read_head(output) or {"seq": 0}
        deltas = {t.name: ensure_table(output, t) for t in ORDER}
        live = {name: live_files(delta) for name, delta in deltas.items()}
        done = _compact_locked(output, run_id, head, deltas, live, 0, only_if_over=False)
        removed = _cleanup(output, deltas, live, retain_hours)
    return {"compacted": done, "files_deleted": removed}


def _cleanup(output: str, deltas: Mapping[str, DeltaTable], live: Live, retain_hours: float) -> int:
    """Delete files no reader can see any more: data files of runs that died before committing, and
    files removed by commits more than ``retain_hours`` ago (Delta's vacuum). Returns how many."""
    deleted = 0
    local = layout.is_local(output)
    committed = heads.committed_runs(output) if local else set()
    for table in ORDER:
        delta = deltas[table.name]
        if local:
            folder = layout.table_root(root_uri(output), table.name)
            names = {name for name, _ in live[table.name]}
            for entry in os.scandir(folder):
                run = layout.run_of(entry.name)
                if run is None or entry.name in names or run in committed or not entry.is_file():
                    continue
                alive = lock.run_is_alive(output, run)
                stale = time.time() - entry.stat().st_mtime > STALE_SECONDS
                if alive is False or (alive is None and stale):
                    os.unlink(entry.path)
                    deleted += 1
        deleted += _vacuum(delta, retain_hours, full=False)
        if not local:
            # No leases on object stores: files in no log version go by age alone, and only once as
            # stale as a dead run's (a full vacuum also takes the files of runs still writing).
            deleted += _vacuum(delta, max(retain_hours, STALE_SECONDS / 3600), full=True)
    return deleted


def _vacuum(delta: DeltaTable, hours: float, full: bool) -> int:
    return len(
        delta.vacuum(
            retention_hours=int(hours) if hours >= 1 else 0,
            dry_run=False,
            enforce_retention_duration=False,
            full=full,
        )
    )


__all__ = ["StoreError", "commit", "compact"]
