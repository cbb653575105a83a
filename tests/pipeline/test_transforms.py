"""The composite transforms on the FnApiRunner through TestPipeline, checked with assert_that."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.runners import local_runner
from schemas import DOCUMENTS, EVENTS
from tests.unit.records import document, raw_doc
from transforms import incremental, parquet_io, sources, stages
from transforms.fetch import FetchPolicy
from transforms.parquet_io import WriteTable
from transforms.tags import REFS, REJECTS, SKIPS


def pipeline() -> TestPipeline:
    options = PipelineOptions()
    return TestPipeline(runner=local_runner(options), options=options)


def test_read_sources_routes_every_input(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nThe council met on 2 June 2025.\n")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.jsonl").write_text('{"text": "One.", "id": "1"}\n\n{"id": "2"}\n')
    (tmp_path / "notes.md").write_text("# not an input kind\n")
    specs = [
        sources.InputSpec("text", str(tmp_path / "*")),
        sources.InputSpec("html", str(tmp_path / "none/*.html")),
    ]
    with pipeline() as p:
        out = p | sources.ReadSources(
            specs, max_bytes=1 << 20, policy=FetchPolicy(), state_path=str(tmp_path / "s.json")
        )
        assert_that(
            out["docs"] | "Refs" >> beam.Map(lambda r: r.input_ref.replace(str(tmp_path), "")),
            equal_to(["/a.txt", "/c.jsonl#line=1"]),
        )
        assert_that(
            out[REJECTS] | "Kinds" >> beam.Map(lambda r: (r.stage, r.error_type)),
            equal_to(
                [
                    ("read", "BinaryContent"),
                    ("parse", "MissingText"),
                    ("discover", "UnsupportedExtension"),
                    ("discover", "NoMatch"),
                ]
            ),
            label="Rejects",
        )
        assert_that(
            out[SKIPS] | "Reasons" >> beam.Map(lambda s: s.reason), equal_to(["blank_line"]), label="Skips"
        )
        assert_that(out[REFS] | "Count" >> beam.combiners.Count.Globally(), equal_to([3]), label="ReadRefs")


def test_dedupe_within_a_run_keeps_the_first_input(tmp_path):
    first = raw_doc(doc_id="same", input_ref="b.jsonl#line=1", content="Text.")
    second = raw_doc(doc_id="same", input_ref="a.jsonl#line=9", content="Text.")
    other = raw_doc(doc_id="other", input_ref="c.txt", content="Other.")
    with pipeline() as p:
        out = p | beam.Create([first, second, other]) | incremental.DedupeAgainstOutput(str(tmp_path / "out"))
        assert_that(out.docs | beam.Map(lambda r: r.input_ref), equal_to(["a.jsonl#line=9", "c.txt"]))
        assert_that(
            out[incremental.DUPLICATES] | "Dup" >> beam.Map(lambda s: s.input_ref),
            equal_to(["b.jsonl#line=1"]),
            label="Dups",
        )


def test_strip_repeated_lines_learns_per_source():
    slogan = "Follow Valley Wire on Mastodon for more local news"
    docs = [
        document(
            doc_id=f"v{i}",
            source="Valley Wire",
            body=f"The {topic} story happened on {i + 1} June 2025.\n{slogan}",
        )
        for i, topic in enumerate(("bridge", "ferry", "school", "harbour"))
    ]
    lone = document(doc_id="x", source="Other Paper", body=f"The only story of this paper.\n{slogan}")
    with pipeline() as p:
        out = p | beam.Create([*docs, lone]) | stages.StripRepeatedLines(min_docs=3, min_share=0.3)
        assert_that(
            out | beam.Map(lambda d: (d.doc_id, slogan in d.body, any(slogan in r for r in d.removed))),
            equal_to(
                [
                    ("v0", False, True),
                    ("v1", False, True),
                    ("v2", False, True),
                    ("v3", False, True),
                    ("x", True, False),
                ]
            ),
        )


def test_write_table_reads_back_every_row_with_missing_partition_folders(tmp_path):
    """fileio.WriteToFiles loses rows when partition folders are missing; ours must not."""
    days = [f"2025-06-{d:02d}" for d in range(1, 31)] + [None]
    docs = [
        document(doc_id=f"d{i}", published_at=f"{day}T12:00:00+00:00" if day else None, published_date=day)
        for i, day in enumerate(days * 5)
    ]
    assert not (tmp_path / "documents").exists()
    with pipeline() as p:
        written = p | beam.Create(docs) | WriteTable(DOCUMENTS, str(tmp_path))
        assert_that(written | beam.Map(lambda w: w[2]) | beam.CombineGlobally(sum), equal_to([len(docs)]))
    table = ds.dataset(
        str(tmp_path / "documents"), format="parquet", partitioning=DOCUMENTS.partitioning()
    ).to_table()
    assert sorted(table.column("doc_id").to_pylist()) == sorted(d.doc_id for d in docs)
    assert table.filter(ds.field("published_date").is_null()).num_rows == 5
    assert table.filter(ds.field("published_date") == dt.date(2025, 6, 30)).num_rows == 5
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".parquet")]


def test_write_table_makes_one_file_per_partition_and_shards_a_large_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parquet_io, "ROWS_PER_FILE", 10)
    small = [document(doc_id=f"s{i}", published_date="2025-06-01") for i in range(10)]
    large = [document(doc_id=f"l{i}", published_date="2025-06-02") for i in range(35)]
    with pipeline() as p:
        _ = p | beam.Create(small + large) | WriteTable(DOCUMENTS, str(tmp_path))
    one = list((tmp_path / "documents" / "published_date=2025-06-01").glob("*.parquet"))
    assert len(one) == 1 and pq.read_table(one[0]).num_rows == 10
    shards = sorted((tmp_path / "documents" / "published_date=2025-06-02").glob("*.parquet"))
    assert len(shards) == 4  # ceil(35 / 10) shards by document hash; each holds whole documents
    ids = [pq.read_table(f).column("doc_id").to_pylist() for f in shards]
    assert sorted(i for file in ids for i in file) == sorted(d.doc_id for d in large)
    assert {parquet_io.shard_of(doc_id, 35) for file in ids for doc_id in file} == set(range(4))


def test_write_table_leaves_a_file_of_the_same_rows_in_place(tmp_path):
    """A file's name is the digest of its rows: a retried or repeated write finds it and writes nothing."""
    docs = [document(doc_id=f"d{i}", published_date="2025-06-01") for i in range(3)]

    def write_and_stat() -> dict:
        with pipeline() as p:
            written = p | beam.Create(docs) | WriteTable(DOCUMENTS, str(tmp_path))
            assert_that(written | beam.Map(lambda w: w[2]), equal_to([3]))
        return {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in (tmp_path / "documents").rglob("*")}

    first = write_and_stat()
    assert len(first) == 2  # the partition folder and one file
    assert write_and_stat() == first


def test_parquet_bytes_small_tables_are_snappy_large_ones_zstd_with_dictionaries():
    def codec_and_dictionary(rows: int) -> tuple[str, bool]:
        table = DOCUMENTS.to_arrow([document(doc_id=f"d{i}", title="same headline") for i in range(rows)])
        meta = pq.ParquetFile(pa.BufferReader(parquet_io.parquet_bytes(table))).metadata
        column = meta.row_group(0).column(DOCUMENTS.arrow_schema.get_field_index("title"))
        assert meta.num_rows == rows
        return column.compression, column.dictionary_page_offset is not None

    assert codec_and_dictionary(parquet_io.SMALL_TABLE_ROWS - 1) == ("SNAPPY", False)
    assert codec_and_dictionary(parquet_io.SMALL_TABLE_ROWS) == ("ZSTD", True)


def test_write_atomic_replaces_an_existing_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "part-x.parquet"
    path.write_bytes(b"old")
    parquet_io.write_atomic(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert [f.name for f in tmp_path.iterdir()] == ["part-x.parquet"]


def test_write_atomic_falls_back_when_rename_refuses_an_existing_target(tmp_path, monkeypatch):
    path = tmp_path / "part-x.parquet"
    path.write_bytes(b"old")
    rename = parquet_io.FileSystems.rename

    def refusing(sources, destinations):
        if any(Path(d).exists() for d in destinations):
            raise parquet_io.BeamIOError("target exists", {})
        rename(sources, destinations)

    monkeypatch.setattr(parquet_io.FileSystems, "rename", refusing)
    parquet_io.write_atomic(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert [f.name for f in tmp_path.iterdir()] == ["part-x.parquet"]


def test_remove_superseded_rewrites_only_files_holding_the_keys(tmp_path):
    docs = [document(doc_id=f"d{i}", published_date=f"2025-06-0{1 + i % 3}") for i in range(9)]
    with pipeline() as p:
        _ = p | beam.Create(docs) | WriteTable(DOCUMENTS, str(tmp_path))
    before = {f: f.stat().st_mtime_ns for f in (tmp_path / "documents").rglob("*.parquet")}
    with pipeline() as p:
        seen = p | beam.Create(["d0", "d3", "d1"]) | incremental.RemoveSuperseded(DOCUMENTS, str(tmp_path))
        assert_that(seen | beam.combiners.Count.Globally(), equal_to([3]))
    after = {f: f.stat().st_mtime_ns for f in (tmp_path / "documents").rglob("*.parquet")}
    day3 = next(f for f in before if "2025-06-03" in str(f))
    assert after[day3] == before[day3]  # d2, d5, d8: nothing superseded, not rewritten
    table = ds.dataset(str(tmp_path / "documents"), format="parquet").to_table()
    assert sorted(table.column("doc_id").to_pylist()) == ["d2", "d4", "d5", "d6", "d7", "d8"]


def test_remove_superseded_with_no_keys_reads_nothing(tmp_path):
    (tmp_path / "documents" / "published_date=2025-06-01").mkdir(parents=True)
    (tmp_path / "documents" / "published_date=2025-06-01" / "part-x.parquet").write_bytes(b"not parquet")
    with pipeline() as p:
        seen = p | beam.Create([]) | incremental.RemoveSuperseded(DOCUMENTS, str(tmp_path))
        assert_that(seen, equal_to([]))


def test_process_documents_builds_documents_events_and_rejects():
    good = raw_doc(
        doc_id="g",
        content="The bridge opened on 1 May 2025.\nRead also:\n- Ferry strike ended in 2019",
        published="2025-06-20T10:00:00+02:00",
    )
    empty = raw_doc(doc_id="e", content="Read also:\n- Nothing but a headline from 2020")
    with pipeline() as p:
        out = p | beam.Create([good, empty]) | stages.ProcessDocuments(None, 3, 0.3)
        assert_that(
            out["documents"] | beam.Map(lambda d: (d.doc_id, d.body)),
            equal_to([("g", "The bridge opened on 1 May 2025.")]),
        )
        assert_that(
            out["events"] | "Ev" >> beam.Map(lambda e: (e.date_source, e.timex_value, e.event_date)),
            equal_to([("publication", "2025-06-20", "2025-06-20"), ("text", "2025-05-01", "2025-05-01")]),
            label="Events",
        )
        assert_that(
            out[REJECTS] | "Rej" >> beam.Map(lambda r: (r.input_ref, r.error_type)),
            equal_to([(empty.input_ref, "EmptyBody")]),
            label="Rejects",
        )


def test_events_table_round_trip_types(tmp_path):
    doc = document(
        doc_id="t",
        body="It rained on 3 June 2025.",
        published_at="2025-06-26T01:30:00+03:00",
        published_date="2025-06-26",
    )
    with pipeline() as p:
        _ = p | beam.Create([doc]) | stages.ExtractEvents() | WriteTable(EVENTS, str(tmp_path))
    table = ds.dataset(
        str(tmp_path / "events"), format="parquet", partitioning=EVENTS.partitioning()
    ).to_table()
    got = sorted(
        zip(
            table.column("event_date").to_pylist(),
            table.column("date_source").to_pylist(),
            table.column("published_at").to_pylist(),
            strict=True,
        )
    )
    stamp = dt.datetime(2025, 6, 25, 22, 30, tzinfo=dt.timezone.utc)
    assert got == [(dt.date(2025, 6, 3), "text", stamp), (dt.date(2025, 6, 26), "publication", stamp)]
