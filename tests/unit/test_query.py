"""pipelines.query over a tiny output committed here through the store, as an ingest would."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import duckdb
import pytest

from pipelines.query import main, render
from schemas import EVENTS
from tests.unit.records import event
from transforms.store import layout
from transforms.store.commit import commit
from transforms.store.sql import QueryError, connect, run_query
from transforms.store.tables import write_file

UTC = dt.timezone.utc


def _write(output: Path, table, records) -> None:
    """Commit ``records`` as one run would: a data file, then the commit that publishes it."""
    name = layout.data_file_name("testrun", "", "0123456789abcdef")
    written = write_file(str(output), table, name, table.to_arrow(records))
    commit(str(output), "testrun", [written], {})


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


def test_events_come_back_typed_with_null_dates(output):
    columns, rows = run_query(
        str(output), "SELECT event_id, event_date, event_end FROM events ORDER BY event_id"
    )
    assert columns == ["event_id", "event_date", "event_end"]
    assert rows == [("ev-dated", dt.date(2025, 6, 24), dt.date(2025, 6, 30)), ("ev-undated", None, None)]
    # The plain Parquet view gives any reader the same rows and types.
    plain = duckdb.sql(
        f"SELECT event_id, event_date FROM read_parquet('{output}/events/*.parquet') ORDER BY 1"
    )
    assert plain.fetchall() == [("ev-dated", dt.date(2025, 6, 24)), ("ev-undated", None)]


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


def test_directory_without_a_commit_is_a_query_error(tmp_path):
    (tmp_path / "documents").mkdir(parents=True)
    (tmp_path / "documents" / "part-x.parquet").write_text("not parquet")
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


def test_a_path_with_glob_characters_is_an_output_like_any_other(tmp_path):
    out = tmp_path / "out[1]"
    _write(out, EVENTS, [event(event_id="ev-1", event_date="2025-06-24")])
    assert run_query(str(out), "SELECT event_id FROM events") == (["event_id"], [("ev-1",)])


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO '{tmp}/x.csv'",
        "ATTACH '{tmp}/other.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT * FROM read_csv('{tmp}/secret.csv')",
    ],
)
def test_queries_cannot_write_attach_load_or_read_other_files(output, tmp_path, sql):
    (tmp_path / "secret.csv").write_text("a\n1\n")
    with pytest.raises(QueryError):
        run_query(str(output), sql.format(tmp=tmp_path))
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "other.db").exists()
