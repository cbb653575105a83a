"""Inputs and outputs on a non-local file system: every byte goes through Beam's ``FileSystems``."""

from __future__ import annotations

import json
import pathlib

from pipelines import ingest
from tests.deploy import memfs
from tests.deploy.conftest import local_tables, table_rows
from tests.pipeline.conftest import sample_args

IN = "memfs://in/samples"
OUT = "memfs://out"


def upload(local: pathlib.Path, prefix: str) -> int:
    files = [p for p in sorted(local.rglob("*")) if p.is_file()]
    for path in files:
        memfs.put(f"{prefix}/{path.relative_to(local).as_posix()}", path.read_bytes())
    return len(files)


def test_ingest_reads_and_writes_only_through_filesystems(samples_dir, demo_output):
    memfs.clear()
    assert upload(samples_dir, IN) > 10
    # Feeds listed in a --feeds-file on the same file system exercise that read path too.
    memfs.put(f"{IN}/feeds.txt", f"# remote feeds\n{IN}/feeds/*.xml\n".encode())
    args = sample_args(IN, OUT)  # type: ignore[arg-type] - only formatted into strings
    feed_at = args.index("--feed")
    args[feed_at : feed_at + 2] = ["--feeds-file", f"{IN}/feeds.txt"]

    assert ingest.main(args) == 0

    written = memfs.paths(OUT + "/")
    assert f"{OUT}/_summary.json" in written
    # Nothing half-written or temporary is left behind.
    assert not [p for p in written if "/." in p or p.endswith(".inprogress")]
    remote_summary = json.loads(memfs.get(f"{OUT}/_summary.json"))
    local_summary = json.loads((demo_output / "_summary.json").read_text())
    # File counts differ by design: reject files are bucketed by input path. Every count of rows matches.
    for summary in (remote_summary, local_summary):
        summary["counts"].pop("files_written")
        summary.pop("run_id")
    assert remote_summary == local_summary

    def normalise(value: str) -> str:
        return value.replace(IN, str(samples_dir))

    local = local_tables(demo_output)
    for name, expected in local.items():
        files = [p for p in written if p.startswith(f"{OUT}/{name}/") and p.endswith(".parquet")]
        got = table_rows(files, memfs.get, name, normalise)
        assert len(got) == len(expected) > 0, name
        # reject_id, and the doc_id of a file without id or URL (so event_id too), hash the input's
        # path, which differs by design: compare everything else.
        ids = {"rejects": 1, "documents": 1, "events": 2}.get(name, 0)
        if ids:
            assert len({r[:ids] for r in got}) == len(got)
            got, expected = [r[ids:] for r in got], [r[ids:] for r in expected]
            got, expected = sorted(got, key=repr), sorted(expected, key=repr)
        assert got == expected, name
    # Same Hive layout: the same partition directories hold the data.
    local_dirs = {str(p.parent.relative_to(demo_output)) for p in demo_output.rglob("part-*.parquet")}
    remote_dirs = {p[len(OUT) + 1 :].rsplit("/", 1)[0] for p in written if p.endswith(".parquet")}
    assert remote_dirs == local_dirs


def test_rerun_against_remote_output_is_incremental(samples_dir):
    """The second run lists, reads and skips what the first wrote, all on the remote file system."""
    memfs.clear()
    upload(samples_dir, IN)
    args = [
        "--output",
        OUT,
        "--text",
        f"{IN}/text/*.jsonl",
        "--default-published",
        "2025-06-26T09:00:00+03:00",
    ]
    assert ingest.main(args) == 0
    assert json.loads(memfs.get(f"{OUT}/_summary.json"))["counts"]["documents"] == 4
    first = {p: memfs.get(p) for p in memfs.paths(OUT + "/") if p.endswith(".parquet")}
    assert ingest.main(args) == 0
    summary = json.loads(memfs.get(f"{OUT}/_summary.json"))["counts"]
    assert (summary["documents"], summary["unchanged"], summary["changed"]) == (0, 4, 0)
    assert {p: memfs.get(p) for p in memfs.paths(OUT + "/") if p.endswith(".parquet")} == first
