"""pipelines.query over a tiny output written here with pyarrow in the ingest's Hive layout."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.query import QueryError, connect, main, render, run_query
from schemas import EVENTS, HIVE_NULL
from tests.unit.records import event

UTC = dt.timezone.utc


def _write(output: Path, table, records, name: str = "part-000-0123456789abcdef.parquet") -> None:
    for record in records:
        folder = output / table.name / f"{table.partition.name}={table.partition_value(record)}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.to_arrow([record]), folder / f"{record[0]}-{name}")


@pytest.fixture
def output(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    _write(
        out,
        EVENTS,
        [
            event(
                event_id="ev-dated", event_date="2025-06-24", event_end="2025-06-30", granularity="week",
                date_text="next week", char_start=5, char_end=14, published_at="2025-06-26T01:30:00+03:00",
            ),
            event(event_id="ev-undated", event_date=None, date_text="recently", timex_value="PAST_REF"),
        ],
    )  # fmt: skip
    return out


def test_events_come_back_with_typed_partition_and_null_default(output):
    columns, rows = run_query(
        str(output), "SELECT event_id, event_date, event_end FROM events ORDER BY event_id"
    )
    assert columns == ["event_id", "event_date", "event_end"]
    assert rows == [("ev-dated", dt.date(2025, 6, 24), dt.date(2025, 6, 30)), ("ev-undated", None, None)]
    assert (output / "events" / f"event_date={HIVE_NULL}").is_dir()


def test_event_date_is_a_date_column(output):
    con = connect(str(output))
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE events)").fetchall())
    assert types["event_date"] == "DATE"
    assert types["event_end"] == "DATE"
    assert types["char_start"] == "INTEGER"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    (n,) = con.execute("SELECT count(*) FROM events WHERE event_date >= DATE '2025-06-01'").fetchone()
    assert n == 1


def test_timestamps_are_stored_in_utc(output):
    _, rows = run_query(str(output), "SELECT epoch(published_at) FROM events WHERE event_id = 'ev-dated'")
    assert rows == [(dt.datetime(2025, 6, 25, 22, 30, tzinfo=UTC).timestamp(),)]


def test_tables_without_files_are_empty_typed_views(output):
    con = connect(str(output))
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM rejects").fetchone() == (0,)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE documents)").fetchall())
    assert types["published_date"] == "DATE"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["removed"] == "VARCHAR[]"
    stage = con.execute("SELECT column_type FROM (DESCRIBE rejects) WHERE column_name = 'stage'").fetchone()
    assert stage == ("VARCHAR",)


def test_missing_directory_is_a_query_error(tmp_path):
    with pytest.raises(QueryError, match="no such output directory"):
        connect(str(tmp_path / "nowhere"))


def test_directory_without_parquet_is_a_query_error(tmp_path):
    (tmp_path / "documents" / "published_date=2025-06-24").mkdir(parents=True)
    (tmp_path / "documents" / "published_date=2025-06-24" / "notes.txt").write_text("not parquet")
    with pytest.raises(QueryError, match="holds no dateline output"):
        connect(str(tmp_path))


def test_bad_sql_is_a_one_line_query_error(output):
    with pytest.raises(QueryError) as info:
        run_query(str(output), "SELECT no_such_column FROM events")
    assert "no_such_column" in str(info.value)
    assert "\n" not in str(info.value)


def test_render_table_pads_truncates_and_counts():
    text = render(["id", "day"], [(1, None), ("x" * 60, dt.date(2025, 6, 24))])
    assert text.splitlines() == [
        "id" + " " * 48 + "day",
        "-" * 48 + "  " + "-" * 10,
        "1" + " " * 49 + "NULL",
        "x" * 47 + "…  2025-06-24",
        "(2 rows)",
    ]
    assert render(["n"], []) == "n\n-\n(0 rows)\n"
    assert render(["n"], [(1,)]).endswith("(1 row)\n")


def test_render_table_flattens_newlines_and_lists():
    text = render(["a", "b"], [("two\nlines", ["Read also", "Photo"])])
    assert text.splitlines()[2] == 'two lines  ["Read also", "Photo"]'


def test_render_csv_quotes_and_leaves_null_empty():
    stamp = dt.datetime(2025, 6, 24, 1, 2, 3, tzinfo=UTC)
    assert (
        render(["a", "b", "c"], [("x,y", None, stamp)], "csv") == 'a,b,c\n"x,y",,2025-06-24 01:02:03+00:00\n'
    )


def test_render_json_types():
    text = render(["a", "b", "c", "d"], [(decimal.Decimal("1.5"), dt.date(2025, 6, 24), None, ["é"])], "json")
    assert json.loads(text) == [{"a": 1.5, "b": "2025-06-24", "c": None, "d": ["é"]}]
    assert "é" in text


def test_main_prints_csv_and_returns_zero(output, capsys):
    assert main([str(output), "SELECT count(*) AS n FROM events", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n2\n"


def test_main_reports_errors_in_one_line_with_status_two(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "SELECT 1"]) == 2
    err = capsys.readouterr().err
    assert err == f"dateline query: no such output directory: {tmp_path / 'missing'}\n"


def test_output_path_with_a_quote(tmp_path):
    out = tmp_path / "o'brien"
    _write(out, EVENTS, [event(event_id="ev-1", event_date="2025-06-24")])
    assert run_query(str(out), "SELECT event_id FROM events") == (["event_id"], [("ev-1",)])
