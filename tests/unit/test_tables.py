"""Table declarations: Arrow conversion, Hive partition values, sort keys and the README reference."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import DOCUMENTS, EVENTS, HIVE_NULL, REJECTS, TABLES, Document, Event, Reject
from schemas.tables import DATE, TIMESTAMP, Column, parse_timestamp
from tests.unit.records import document, event

UTC = dt.timezone.utc


def test_tables_are_documents_events_rejects_with_their_records():
    assert [t.name for t in TABLES] == ["documents", "events", "rejects"]
    assert (DOCUMENTS.record, EVENTS.record, REJECTS.record) == (Document, Event, Reject)


def test_partition_column_is_a_record_field_but_not_a_parquet_column():
    for table in TABLES:
        assert table.partition.name in table.record._fields
        assert table.partition.name not in table.arrow_schema.names
    assert (DOCUMENTS.partition.name, EVENTS.partition.name, REJECTS.partition.name) == (
        "published_date",
        "event_date",
        "stage",
    )


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


def test_partition_value_uses_hive_default_for_null():
    assert HIVE_NULL == "__HIVE_DEFAULT_PARTITION__"
    assert EVENTS.partition_value(event(event_date="2025-06-24")) == "2025-06-24"
    assert EVENTS.partition_value(event(event_date=None)) == "__HIVE_DEFAULT_PARTITION__"
    assert DOCUMENTS.partition_value(document(published_date=None)) == "__HIVE_DEFAULT_PARTITION__"


def test_sort_key_puts_none_last_and_never_compares_none():
    rows = [
        event(event_id="pub", char_start=None),
        event(event_id="late", char_start=40),
        event(event_id="early", char_start=3),
        event(event_id="other-doc", doc_id="doc-0", char_start=None),
    ]
    ordered = [r.event_id for r in sorted(rows, key=EVENTS.sort_key)]
    assert ordered == ["other-doc", "early", "late", "pub"]
    assert EVENTS.sort_key(event(event_id="x", char_start=None)) == (
        (False, "doc-1"),
        (True, ""),
        (False, "x"),
    )


def test_owner_key_is_the_document_for_events_and_input_for_rejects():
    assert EVENTS.owner_key(event(doc_id="doc-9")) == "doc-9"
    reject = Reject(
        reject_id="r", input_ref="in/a.jsonl#line=3", input_kind="jsonl", error_type="InvalidJson",
        error_message="m", payload=None, stage="parse",
    )  # fmt: skip
    assert REJECTS.owner_key(reject) == "in/a.jsonl#line=3"


def test_partitioning_types_the_partition_column():
    partitioning = EVENTS.partitioning()
    assert partitioning.schema == pa.schema([pa.field("event_date", pa.date32())])
    assert REJECTS.partitioning().schema == pa.schema([pa.field("stage", pa.string())])


def test_markdown_lists_every_column_and_marks_the_partition():
    lines = EVENTS.markdown().splitlines()
    assert lines[:6] == [
        "### `events`",
        "",
        EVENTS.doc,
        "",
        "| column | type | meaning |",
        "|---|---|---|",
    ]
    assert len(lines) == 6 + len(EVENTS.columns) + 1
    assert lines[-1].startswith("| `event_date` | date, Hive partition (path only) | ")
    assert "| `published_at` | timestamp (UTC) |" in EVENTS.markdown()
    assert "| `removed` | list of string |" in DOCUMENTS.markdown()
