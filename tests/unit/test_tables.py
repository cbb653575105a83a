"""Table declarations: Arrow conversion, cluster columns, sort keys and the README reference."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import DOCUMENTS, EVENTS, REJECTS, TABLES, Document, Event, Reject
from schemas.tables import DATE, TIMESTAMP, Column, parse_timestamp
from tests.unit.records import document, event
from transforms.store.files import sort_rows

UTC = dt.timezone.utc


def test_tables_are_documents_events_rejects_with_their_records():
    assert [t.name for t in TABLES] == ["documents", "events", "rejects"]
    assert (DOCUMENTS.record, EVENTS.record, REJECTS.record) == (Document, Event, Reject)


def test_cluster_column_is_a_parquet_column_and_leads_the_file_order():
    for table in TABLES:
        assert table.cluster in table.arrow_schema.names
        assert list(table.record._fields) == table.arrow_schema.names
        assert table.order[0] == table.cluster
    assert (DOCUMENTS.cluster, EVENTS.cluster, REJECTS.cluster) == ("published_date", "event_date", "stage")


def test_arrow_schema_types_and_nullability():
    schema = EVENTS.arrow_schema
    assert schema.field("event_end").type == pa.date32()
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("char_start").type == pa.int32()
    assert schema.field("event_id").nullable is False
    assert schema.field("granularity").nullable is True
    assert DOCUMENTS.arrow_schema.field("removed").type == pa.list_(pa.string())


def test_column_carrier_is_optional_only_when_nullable():
    assert Column("a", DATE, "doc").carrier == (str | None)
    assert Column("a", TIMESTAMP, "doc", nullable=False).carrier is str


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2025-06-26T01:30:00+03:00",
            dt.datetime(2025, 6, 26, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        ),
        ("2025-06-24T10:00:00Z", dt.datetime(2025, 6, 24, 10, 0, tzinfo=UTC)),
        ("2025-06-24T10:00:00", dt.datetime(2025, 6, 24, 10, 0, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_keeps_offsets_and_takes_naive_as_utc(text, expected):
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_to_arrow_converts_offset_timestamps_to_utc():
    docs = [
        document(doc_id="a", published_at="2025-06-26T01:30:00+03:00", published_date="2025-06-26"),
        document(doc_id="b", published_at="2025-06-24T10:00:00Z"),
        document(doc_id="c", published_at="2025-06-24T10:00:00-04:30"),
        document(doc_id="d", published_at=None),
    ]
    column = DOCUMENTS.to_arrow(docs).column("published_at").to_pylist()
    assert column == [
        dt.datetime(2025, 6, 25, 22, 30, tzinfo=UTC),
        dt.datetime(2025, 6, 24, 10, 0, tzinfo=UTC),
        dt.datetime(2025, 6, 24, 14, 30, tzinfo=UTC),
        None,
    ]


def test_to_arrow_converts_iso_dates_and_keeps_ints_and_lists():
    events = [
        event(event_id="e1", event_end="2025-06-30", char_start=4, char_end=17),
        event(event_id="e2", event_end=None, char_start=None, char_end=None),
    ]
    table = EVENTS.to_arrow(events)
    assert table.schema == EVENTS.arrow_schema
    assert table.column("event_end").to_pylist() == [dt.date(2025, 6, 30), None]
    assert table.column("char_start").to_pylist() == [4, None]
    removed = DOCUMENTS.to_arrow([document(removed=["Read also: ferry fares", "Photo: J. Doe"])])
    assert removed.column("removed").to_pylist() == [["Read also: ferry fares", "Photo: J. Doe"]]


def test_to_arrow_of_no_records_is_an_empty_table_with_the_schema():
    table = REJECTS.to_arrow([])
    assert table.num_rows == 0
    assert table.schema == REJECTS.arrow_schema


def test_null_in_a_non_nullable_column_is_refused_by_the_parquet_writer():
    # to_arrow itself does not check nullability; the Parquet writer does, so no file holds such a row.
    table = EVENTS.to_arrow([event(event_id=None)])
    with pytest.raises(pa.ArrowInvalid, match="event_id"):
        pq.write_table(table, pa.BufferOutputStream())


def test_files_sort_by_cluster_column_then_key_with_nulls_last():
    rows = [
        event(event_id="pub", event_date="2025-06-24", char_start=None),
        event(event_id="late", event_date="2025-06-24", char_start=40),
        event(event_id="undated", event_date=None, char_start=1),
        event(event_id="early-day", event_date="2025-06-01", char_start=90),
    ]
    ordered = sort_rows(EVENTS, EVENTS.to_arrow(rows)).column("event_id").to_pylist()
    assert ordered == ["early-day", "late", "pub", "undated"]


def test_owner_key_is_the_document_for_events_and_input_for_rejects():
    assert EVENTS.owner_key(event(doc_id="doc-9")) == "doc-9"
    reject = Reject(
        reject_id="r", input_ref="in/a.jsonl#line=3", input_kind="jsonl", error_type="InvalidJson",
        error_message="m", payload=None, stage="parse",
    )  # fmt: skip
    assert REJECTS.owner_key(reject) == "in/a.jsonl#line=3"


def test_markdown_lists_every_column_and_names_the_cluster_column():
    lines = EVENTS.markdown().splitlines()
    assert lines[:6] == [
        "### `events`",
        "",
        EVENTS.doc,
        "",
        "| column | type | meaning |",
        "|---|---|---|",
    ]
    assert len(lines) == 6 + len(EVENTS.columns) + 2
    assert lines[-3].startswith("| `event_date` | date | ")
    assert lines[-1] == "Files are sorted by `event_date`, whose statistics prune range filters on it."
    assert "| `published_at` | timestamp (UTC) |" in EVENTS.markdown()
    assert "| `removed` | list of string |" in DOCUMENTS.markdown()
