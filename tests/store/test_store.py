"""The store on its own, without Beam: commits, replacement, orphans, sweeps, compaction, the view."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable

from schemas import DOCUMENTS, EVENTS
from tests.unit.records import document, event
from transforms.store import commit as store
from transforms.store import head, layout, view
from transforms.store.lock import RunLease, run_is_alive
from transforms.store.sql import connect
from transforms.store.tables import write_file


def docs(ids, version="v1", day="2025-06-01"):
    return [document(doc_id=i, content_hash=version, published_date=day) for i in ids]


def events_of(ids, day="2025-06-01", version="v1"):
    return [event(event_id=f"{i}-{version}-{k}", doc_id=i, event_date=day) for i in ids for k in range(2)]


def commit_run(out, run, ids, version="v1", day="2025-06-01", **kwargs):
    files = [
        write_file(
            str(out),
            DOCUMENTS,
            layout.data_file_name(run, "", "d"),
            DOCUMENTS.to_arrow(docs(ids, version, day)),
        ),
        write_file(
            str(out),
            EVENTS,
            layout.data_file_name(run, "", "e"),
            EVENTS.to_arrow(events_of(ids, day, version)),
        ),
    ]
    return store.commit(str(out), run, files, {"documents": ids}, **kwargs)


def table_rows(out, sql):
    return sorted(connect(str(out)).execute(sql).fetchall())


def test_a_commit_replaces_each_documents_rows_in_every_table(tmp_path):
    commit_run(tmp_path, "r1", ["a", "b"])
    record = commit_run(tmp_path, "r2", ["b", "c"], version="v2")
    assert table_rows(tmp_path, "SELECT doc_id, content_hash FROM documents") == [
        ("a", "v1"),
        ("b", "v2"),
        ("c", "v2"),
    ]
    assert table_rows(tmp_path, "SELECT doc_id, count(*) FROM events GROUP BY 1") == [
        ("a", 2),
        ("b", 2),
        ("c", 2),
    ]
    assert table_rows(tmp_path, "SELECT event_id FROM events WHERE doc_id = 'b'") == [
        ("b-v2-0",),
        ("b-v2-1",),
    ]
    assert record["tables"]["events"]["rows_removed"] == 2 and record["seq"] == 2


def test_the_same_commit_twice_changes_nothing(tmp_path):
    commit_run(tmp_path, "r1", ["a", "b"])
    before = table_rows(tmp_path, "SELECT * FROM events")
    commit_run(tmp_path, "r1", ["a", "b"])
    assert table_rows(tmp_path, "SELECT * FROM events") == before


def test_orphan_events_of_an_interrupted_commit_are_removed_by_the_next(tmp_path):
    commit_run(tmp_path, "r1", ["a"])
    # A commit cut short after its events: rows of "z" in the events log, no document, no head move.
    orphan = write_file(
        str(tmp_path), EVENTS, layout.data_file_name("r2", "", "e"), EVENTS.to_arrow(events_of(["z"]))
    )
    delta = DeltaTable(str(tmp_path / "tables" / "events"))
    delta.create_write_transaction([store._add(orphan)], mode="append", schema=EVENTS.arrow_schema)
    assert table_rows(tmp_path, "SELECT DISTINCT doc_id FROM events") == [("a",)]  # readers: the head
    record = commit_run(tmp_path, "r3", ["b"])
    assert record["orphans_removed"] == 1
    assert table_rows(tmp_path, "SELECT DISTINCT doc_id FROM events") == [("a",), ("b",)]


def test_files_of_a_dead_run_are_swept_and_a_live_runs_are_kept(tmp_path):
    commit_run(tmp_path, "r1", ["a"])
    folder = tmp_path / "tables" / "documents"
    dead = write_file(
        str(tmp_path), DOCUMENTS, layout.data_file_name("dead", "", "x"), DOCUMENTS.to_arrow(docs(["q"]))
    )
    live = write_file(
        str(tmp_path), DOCUMENTS, layout.data_file_name("live", "", "x"), DOCUMENTS.to_arrow(docs(["q"]))
    )
    # "dead" took a lease and died (its process is gone); "live" holds its lease in another process.
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom transforms.store.lock import RunLease\n"
         f"with RunLease({str(tmp_path)!r}, 'live'):\n    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=os.getcwd(),
    )  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "held"
        lease = tmp_path / "_dateline" / "active"
        (lease / "dead").write_text("")
        assert run_is_alive(str(tmp_path), "live") is True
        commit_run(tmp_path, "r2", ["b"])
        assert not (folder / dead.name).exists()
        assert (folder / live.name).exists()
    finally:
        child.kill()
        child.wait()
    assert run_is_alive(str(tmp_path), "live") is False


def test_a_lease_is_alive_while_held(tmp_path):
    assert run_is_alive(str(tmp_path), "x") is None
    with RunLease(str(tmp_path), "x"):
        assert run_is_alive(str(tmp_path), "x") is True
    assert run_is_alive(str(tmp_path), "x") is None  # ended cleanly: no lease left


def test_compaction_merges_small_files_keeps_rows_and_readers_see_no_change(tmp_path):
    for n in range(5):
        commit_run(tmp_path, f"r{n}", [f"d{n}"], day=f"2025-06-0{n + 1}")
    before = table_rows(tmp_path, "SELECT * FROM events")
    assert len(list((tmp_path / "events").glob("*.parquet"))) == 5
    result = store.compact(str(tmp_path), retain_hours=0)
    assert result["compacted"]["events"]["files_merged"] == 5
    assert table_rows(tmp_path, "SELECT * FROM events") == before
    (merged,) = (tmp_path / "events").glob("*.parquet")
    dates = pq.read_table(merged).column("event_date").to_pylist()
    assert dates == sorted(dates)  # merged files are sorted by the cluster column again
    # The merged-away files are gone (retention 0); the Delta log records a data-neutral commit.
    assert len(list((tmp_path / "tables" / "events").glob("*.parquet"))) == 1
    history = DeltaTable(str(tmp_path / "tables" / "events")).history()
    assert [h["dateline.operation"] for h in history if "dateline.operation" in h].count("compact") == 1


def test_a_date_range_skips_row_groups_and_files(tmp_path, monkeypatch):
    """WHERE event_date BETWEEN ... prunes: DuckDB skips row groups by their statistics in the plain
    view, and a Delta reader skips whole files by the statistics in the log."""
    for year in (2021, 2022, 2023):
        ids = [f"y{year}-{i}" for i in range(9000)]
        commit_run(tmp_path, f"r{year}", ids, day=f"{year}-03-01", compact_over=100)
    plan = duckdb.sql(
        f"EXPLAIN ANALYZE SELECT count(*) FROM read_parquet('{tmp_path}/events/*.parquet') "
        "WHERE event_date BETWEEN DATE '2022-01-01' AND DATE '2022-12-31'"
    ).fetchall()[0][1]
    scanned = next(line for line in plan.splitlines() if "Row Groups Scanned" in line)
    read, total = (int(x) for x in scanned.split(":")[1].strip(" │").split("/"))
    assert read < total and total >= 3, scanned
    delta = DeltaTable(str(tmp_path / "tables" / "events")).to_pyarrow_dataset()
    window = (ds.field("event_date") >= dt.date(2022, 1, 1)) & (
        ds.field("event_date") <= dt.date(2022, 12, 31)
    )
    assert len(list(delta.get_fragments(filter=window))) == 1 < len(list(delta.get_fragments()))
    assert delta.to_table(filter=window).num_rows == 18000


def test_the_view_switches_whole_and_an_empty_table_still_has_its_schema(tmp_path):
    commit_run(tmp_path, "r1", ["a"])
    assert os.readlink(tmp_path / "_view") == os.path.join("_views", "00000001")
    rejects = pq.read_table(tmp_path / "rejects")
    assert rejects.num_rows == 0 and rejects.schema.names[-1] == "stage"
    resolved = os.path.realpath(tmp_path / "documents")  # a reader that pins the commit it opened
    commit_run(tmp_path, "r2", ["a", "b"], version="v2")
    assert os.readlink(tmp_path / "_view") == os.path.join("_views", "00000002")
    assert sorted(os.listdir(tmp_path / "_views")) == ["00000001", "00000002"]
    pinned = pq.read_table(resolved, columns=["doc_id", "content_hash"]).to_pylist()
    assert pinned == [{"doc_id": "a", "content_hash": "v1"}]  # commit 1, whole, after commit 2 landed
    current = sorted(r["content_hash"] for r in pq.read_table(tmp_path / "documents").to_pylist())
    assert current == ["v2", "v2"]
    view.publish(str(tmp_path), 2, {"documents": [], "events": [], "rejects": []}, keep_seconds=0)
    assert sorted(os.listdir(tmp_path / "_views")) == ["00000002"]  # older views go after keep_seconds
    assert head.read_head(str(tmp_path))["seq"] == 2
    assert [r["run_id"] for r in head.run_history(str(tmp_path))] == ["r1", "r2"]
    assert [r["seq"] for r in head.run_history(str(tmp_path), "r2")] == [2]


def test_an_output_of_the_old_layout_is_refused_in_one_line(tmp_path):
    (tmp_path / "events" / "event_date=2025-06-01").mkdir(parents=True)
    with pytest.raises(view.LayoutError, match="older dateline"):
        commit_run(tmp_path, "r1", ["a"])


def test_a_second_committer_waits_for_the_first(tmp_path):
    from transforms.store.lock import commit_lock

    with commit_lock(str(tmp_path), "first"):
        with pytest.raises(TimeoutError, match="run first"):
            with commit_lock(str(tmp_path), "second", wait_seconds=0.3):
                pass


def test_file_statistics_bound_every_row_even_where_delta_cuts_precision():
    from transforms.store.files import delta_stats

    long_title = "z" * 100
    rows = [
        event(event_id="a", doc_id="d", published_at="2025-06-26T06:00:00.000400+00:00", title="a"),
        event(event_id="b", doc_id="d", published_at="2025-06-26T06:00:00.001500+00:00", title=long_title),
    ]
    stats = json.loads(delta_stats(EVENTS, EVENTS.to_arrow(rows)))
    assert stats["minValues"]["published_at"] == "2025-06-26T06:00:00.000Z"  # cut down: still <= the minimum
    assert stats["maxValues"]["published_at"] == "2025-06-26T06:00:00.002Z"  # rounded up: >= the maximum
    assert stats["maxValues"]["title"] >= long_title and len(stats["maxValues"]["title"]) == 64
    assert stats["nullCount"]["timex_mod"] == 2
    doc_stats = json.loads(delta_stats(DOCUMENTS, DOCUMENTS.to_arrow(docs(["a"]))))
    assert "removed" not in doc_stats["nullCount"] and doc_stats["nullCount"]["body"] == 0  # lists: none
