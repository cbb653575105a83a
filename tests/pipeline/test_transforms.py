"""The composite transforms on the FnApiRunner through TestPipeline, checked with assert_that."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.runners import local_runner
from schemas import DOCUMENTS, EVENTS
from tests.unit.records import document, raw_doc
from transforms.beam import dedupe, sources, stages
from transforms.beam.tags import REFS, REJECTS, SKIPS
from transforms.beam.write import WriteTable
from transforms.fetch import FetchPolicy
from transforms.store import files as store_files
from transforms.store.commit import commit
from transforms.store.files import SMALL_TABLE_ROWS, DataFile, parquet_bytes
from transforms.store.tables import describe_file


def pipeline() -> test_pipeline.TestPipeline:
    options = PipelineOptions()
    return test_pipeline.TestPipeline(runner=local_runner(options), options=options)


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
        out = p | beam.Create([first, second, other]) | dedupe.DedupeAgainstOutput(str(tmp_path / "out"))
        assert_that(out.docs | beam.Map(lambda r: r.input_ref), equal_to(["a.jsonl#line=9", "c.txt"]))
        assert_that(
            out[dedupe.DUPLICATES] | "Dup" >> beam.Map(lambda s: s.input_ref),
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


def write_and_commit(tmp_path: Path, table, records, run_id: str = "run1") -> list[DataFile]:
    """Write records through the Beam stage, then commit what it wrote, as WriteOutputs does."""
    with pipeline() as p:
        _ = p | beam.Create(records) | WriteTable(table, str(tmp_path), run_id)
    files = written_by(tmp_path, table, run_id)
    commit(str(tmp_path), run_id, files, {"documents": [r.doc_id for r in records]})
    return files


def written_by(tmp_path: Path, table, run_id: str) -> list[DataFile]:
    folder = tmp_path / "tables" / table.name
    return [
        describe_file(str(tmp_path), table, p.name) for p in sorted(folder.glob(f"part-{run_id}-*.parquet"))
    ]


def test_write_table_writes_every_row_in_one_file_sorted_by_the_cluster_column(tmp_path):
    days = [f"2025-06-{d:02d}" for d in range(30, 0, -1)] + [None]
    docs = [
        document(doc_id=f"d{i}", published_at=f"{day}T12:00:00+00:00" if day else None, published_date=day)
        for i, day in enumerate(days * 5)
    ]
    (file,) = write_and_commit(tmp_path, DOCUMENTS, docs)
    assert (file.table, file.rows) == ("documents", len(docs))
    table = pq.read_table(tmp_path / "documents")
    assert sorted(table.column("doc_id").to_pylist()) == sorted(d.doc_id for d in docs)
    dates = table.column("published_date").to_pylist()
    assert dates[:5] == [dt.date(2025, 6, 1)] * 5 and dates[-5:] == [None] * 5  # sorted, nulls last
    stats = json.loads(file.stats)
    assert (stats["minValues"]["published_date"], stats["maxValues"]["published_date"]) == (
        "2025-06-01",
        "2025-06-30",
    )
    assert stats["nullCount"]["published_date"] == 5 and stats["numRecords"] == len(docs)


def test_write_table_shards_a_large_run_keeping_each_document_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(store_files, "ROWS_PER_FILE", 10)
    docs = [document(doc_id=f"l{i}", published_date="2025-06-02") for i in range(35)]
    files = write_and_commit(tmp_path, DOCUMENTS, docs)
    assert len(files) == 4  # ceil(35 / 10) shards by document hash
    ids = [
        pq.read_table(tmp_path / "tables" / "documents" / f.name).column("doc_id").to_pylist() for f in files
    ]
    assert sorted(i for file in ids for i in file) == sorted(d.doc_id for d in docs)
    assert {store_files.shard_of(doc_id, 35) for file in ids for doc_id in file} == set(range(4))


def test_a_retried_write_lands_on_the_same_name(tmp_path):
    """A file's name is the digest of its bytes: a retried bundle rewrites its own file, no second one."""
    docs = [document(doc_id=f"d{i}", published_date="2025-06-01") for i in range(3)]
    with pipeline() as p:
        _ = p | beam.Create(docs) | WriteTable(DOCUMENTS, str(tmp_path), "run1")
    with pipeline() as p:
        _ = p | "Again" >> beam.Create(docs) | WriteTable(DOCUMENTS, str(tmp_path), "run1")
    assert len(list((tmp_path / "tables" / "documents").glob("*.parquet"))) == 1


def test_parquet_bytes_small_tables_are_snappy_large_ones_zstd_with_dictionaries():
    def codec_and_dictionary(rows: int) -> tuple[str, bool]:
        table = DOCUMENTS.to_arrow([document(doc_id=f"d{i}", title="same headline") for i in range(rows)])
        meta = pq.ParquetFile(pa.BufferReader(parquet_bytes(table))).metadata
        column = meta.row_group(0).column(DOCUMENTS.arrow_schema.get_field_index("title"))
        assert meta.num_rows == rows
        return column.compression, column.dictionary_page_offset is not None

    assert codec_and_dictionary(SMALL_TABLE_ROWS - 1) == ("SNAPPY", False)
    assert codec_and_dictionary(SMALL_TABLE_ROWS) == ("ZSTD", True)


def test_a_commit_replaces_the_rows_of_the_documents_it_writes(tmp_path):
    first = [document(doc_id=f"d{i}", published_date="2025-06-01", content_hash="v1") for i in range(6)]
    write_and_commit(tmp_path, DOCUMENTS, first, "run1")
    second = [document(doc_id=f"d{i}", published_date="2025-06-02", content_hash="v2") for i in (0, 3, 9)]
    write_and_commit(tmp_path, DOCUMENTS, second, "run2")
    rows = sorted(
        pq.read_table(tmp_path / "documents", columns=["doc_id", "content_hash"]).to_pylist(), key=str
    )
    assert [(r["doc_id"], r["content_hash"]) for r in rows] == [
        ("d0", "v2"), ("d1", "v1"), ("d2", "v1"), ("d3", "v2"), ("d4", "v1"), ("d5", "v1"), ("d9", "v2"),
    ]  # fmt: skip


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
        _ = p | beam.Create([doc]) | stages.ExtractEvents() | WriteTable(EVENTS, str(tmp_path), "run1")
    commit(str(tmp_path), "run1", written_by(tmp_path, EVENTS, "run1"), {})
    table = ds.dataset(str(tmp_path / "events"), format="parquet").to_table()
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
