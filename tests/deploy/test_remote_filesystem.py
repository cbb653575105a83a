"""Inputs and output on an object store: a real S3 server (moto) on 127.0.0.1, every client pointed at it.

Beam's workers read the inputs and write the data files through ``FileSystems`` (boto3), the commit
step commits them with delta-rs and writes the head through ``pyarrow.fs``, and the reader opens the
head's versions through DuckDB: three S3 clients, each configured here, none reaching past loopback.
"""

from __future__ import annotations

import json
import logging
import pathlib

import pytest

from pipelines import ingest
from schemas import DOCUMENTS, EVENTS, TABLES
from tests.deploy.conftest import local_tables
from tests.pipeline.conftest import DEFAULT_PUBLISHED, sample_args
from transforms.store import layout
from transforms.store.snapshot import committed_files
from transforms.store.sql import connect

pytestmark = [pytest.mark.slow, pytest.mark.pipeline]  # a moto S3 server process and ingest runs

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

BUCKET = "dateline"
IN = f"s3://{BUCKET}/in/samples"
OUT = f"s3://{BUCKET}/out"
REGION = "us-east-1"
KEY, SECRET = "testing-key", "testing-secret"


@pytest.fixture(scope="module")
def endpoint():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(endpoint, monkeypatch):
    """An empty bucket; delta-rs and pyarrow configured through the environment, boto3 client returned."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_S3_ALLOW_UNSAFE_RENAME"):
        monkeypatch.delenv(name, raising=False)
    # delta-rs (object_store) and pyarrow's S3FileSystem both read these; boto3 too.
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_ALLOW_HTTP", "true")  # delta-rs refuses plain http otherwise
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-metadata probe for credentials
    # No lock service and no AWS_S3_ALLOW_UNSAFE_RENAME: delta-rs commits a log entry with a conditional
    # put (If-None-Match: *), which S3 and moto honour; test_delta_commits_are_conditional checks it.
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=KEY, aws_secret_access_key=SECRET
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def beam_s3_args(endpoint: str) -> list[str]:
    """Beam's S3 file system takes its client settings from pipeline options, not the environment."""
    return [
        f"--s3_endpoint_url={endpoint}",
        f"--s3_access_key_id={KEY}",
        f"--s3_secret_access_key={SECRET}",
        f"--s3_region_name={REGION}",
    ]


def objects(client, prefix: str) -> dict[str, str]:
    """``{s3://bucket/key: etag}`` of every object under ``prefix`` (a ``s3://`` URI)."""
    key_prefix = prefix[len(f"s3://{BUCKET}/") :]
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=key_prefix):
        for obj in page.get("Contents", []):
            found[f"s3://{BUCKET}/{obj['Key']}"] = obj["ETag"]
    return found


def read(client, uri: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=uri[len(f"s3://{BUCKET}/") :])["Body"].read()


def data_files(client) -> dict[str, str]:
    """``{uri: etag}`` of the tables' data files (committed or not; not the Delta logs)."""
    return {p: e for p, e in objects(client, f"{OUT}/tables/").items() if "/_delta_log/" not in p}


def upload(client, local: pathlib.Path, prefix: str) -> int:
    files = [p for p in sorted(local.rglob("*")) if p.is_file()]
    for path in files:
        key = f"{prefix}/{path.relative_to(local).as_posix()}"[len(f"s3://{BUCKET}/") :]
        client.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())
    return len(files)


def committed_rows(output: str) -> dict[str, list[tuple]]:
    """Every committed row of each table, read back the way users query (the head's Delta versions)."""
    con = connect(output)
    try:
        return {t.name: sorted(con.execute(f"SELECT * FROM {t.name}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def test_ingest_into_s3_equals_local_run(s3, endpoint, samples_dir, demo_output):
    assert upload(s3, samples_dir, IN) > 10
    # Feeds listed in a --feeds-file on the same store exercise that read path too.
    s3.put_object(
        Bucket=BUCKET, Key="in/samples/feeds.txt", Body=f"# remote feeds\n{IN}/feeds/*.xml\n".encode()
    )
    args = sample_args(IN, OUT)  # type: ignore[arg-type] - only formatted into strings
    feed_at = args.index("--feed")
    args[feed_at : feed_at + 2] = ["--feeds-file", f"{IN}/feeds.txt"]

    assert ingest.main([*args, *beam_s3_args(endpoint)]) == 0

    written = objects(s3, OUT + "/")
    assert f"{OUT}/_dateline/head.json" in written
    assert f"{OUT}/_summary.json" in written
    # No temporary or half-written object a reader could list; no local-only view or lock objects.
    assert not [p for p in written if "/." in p or p.endswith((".tmp", ".inprogress", ".lock"))]
    assert not [p for p in written if "/_view" in p or "/_dateline/active/" in p]
    assert not [p for p in written if p.endswith("/")]  # nor empty folder-marker objects
    remote_summary = json.loads(read(s3, f"{OUT}/_summary.json"))
    local_summary = json.loads((demo_output / "_summary.json").read_text())
    # File counts differ by design: reject files are bucketed by input path. Every count of rows matches.
    for summary in (remote_summary, local_summary):
        summary["counts"].pop("files_written")
        summary.pop("run_id")
    assert remote_summary == local_summary

    def normalise(row: tuple) -> tuple:
        return tuple(v.replace(IN, str(samples_dir)) if isinstance(v, str) else v for v in row)

    # Every data file a reader sees is a committed one, on the store (no dangling path in the log).
    got_tables = committed_rows(OUT)
    expected_tables = local_tables(demo_output)
    for name, expected in expected_tables.items():
        got = sorted((normalise(r) for r in got_tables[name]), key=repr)
        assert len(got) == len(expected) > 0, name
        # reject_id, and the doc_id of a file without id or URL (so event_id too), hash the input's
        # path, which differs by design: compare everything else.
        ids = {"rejects": 1, "documents": 1, "events": 2}.get(name, 0)
        if ids:
            assert len({r[:ids] for r in got}) == len(got)
            got, expected = [r[ids:] for r in got], [r[ids:] for r in expected]
            got, expected = sorted(got, key=repr), sorted(expected, key=repr)
        assert got == expected, name
    # Every data file under the tables is committed: nothing the run left behind uncommitted.
    data = {p for p in written if p.endswith(".parquet") and "/_delta_log/" not in p}
    assert data and all(p.startswith(f"{OUT}/tables/") for p in data)


def test_rerun_against_s3_output_is_incremental(s3, endpoint, samples_dir):
    """The second run lists, reads and skips what the first committed, all on the object store."""
    upload(s3, samples_dir / "text", f"{IN}/text")
    args = [
        "--output",
        OUT,
        "--text",
        f"{IN}/text/*.jsonl",
        "--default-published",
        DEFAULT_PUBLISHED,
        *beam_s3_args(endpoint),
    ]
    assert ingest.main(args) == 0
    assert json.loads(read(s3, f"{OUT}/_summary.json"))["counts"]["documents"] == 4
    before = data_files(s3)
    rows = committed_rows(OUT)
    assert ingest.main(args) == 0
    summary = json.loads(read(s3, f"{OUT}/_summary.json"))["counts"]
    assert (summary["documents"], summary["unchanged"], summary["changed"]) == (0, 4, 0)
    after = data_files(s3)
    # Unchanged documents add no data file and rewrite none; only the rejects (rewritten for their
    # inputs, as on local disk) move. The first run's files all stay (the retention period).
    assert {p: e for p, e in before.items()} == {p: after[p] for p in before}
    assert {p.split("/")[-2] for p in set(after) - set(before)} <= {"rejects"}
    assert committed_rows(OUT) == rows


def test_delta_commits_are_conditional(s3):
    """Two writers racing for one version on S3 without a lock service: the loser retries at the next
    version instead of overwriting the winner's log entry (delta-rs puts log entries with If-None-Match)."""
    import pyarrow as pa
    from deltalake import DeltaTable, write_deltalake

    uri = f"{OUT}/race"
    write_deltalake(uri, pa.table({"a": [1]}))
    first, second = DeltaTable(uri), DeltaTable(uri)
    write_deltalake(first, pa.table({"a": [2]}), mode="append")
    write_deltalake(second, pa.table({"a": [3]}), mode="append")
    assert DeltaTable(uri).version() == 2
    assert sorted(DeltaTable(uri).to_pyarrow_table().column("a").to_pylist()) == [1, 2, 3]


def test_a_commit_keeps_other_runs_fresh_files_and_sweeps_stale_ones(s3, monkeypatch):
    """No leases on an object store: another run's uncommitted data files go by age alone, and not
    with the removed files' retention (a run still writing would lose its files to a commit)."""
    from tests.store.test_store import commit_run
    from transforms.store import commit as store
    from transforms.store.tables import write_file

    commit_run(OUT, "r1", ["a"])
    writing = write_file(OUT, DOCUMENTS, layout.data_file_name("live", "", "x"), DOCUMENTS.to_arrow([]))
    uri = f"{OUT}/tables/documents/{writing.name}"
    commit_run(OUT, "r2", ["a"], version="v2", retain_hours=0)
    store.compact(OUT, retain_hours=0)
    assert uri in objects(s3, OUT + "/")
    removed = set(data_files(s3)) - {f"{OUT}/tables/documents/{n}" for n in committed_files(OUT, DOCUMENTS)}
    removed -= {f"{OUT}/tables/events/{n}" for n in committed_files(OUT, EVENTS)}
    assert removed == {uri}  # what the commits replaced is gone already (retain_hours=0)
    monkeypatch.setattr(store, "STALE_SECONDS", 0)
    commit_run(OUT, "r3", ["b"], retain_hours=0)
    assert uri not in objects(s3, OUT + "/")
