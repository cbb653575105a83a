"""Downstream SQL: the DDL of every engine matches schemas.TABLES; the example queries run on DuckDB."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from deploy.sql import generate
from schemas import TABLES
from tests.deploy.conftest import REPO
from transforms.store.sql import connect

SQL = REPO / "deploy" / "sql"
QUERIES = SQL / "queries"

# The spec each engine's column types must meet (written out here, independently of the generator).
# Spark's column types (written out here, independently of the generator); the other engines' DDL
# lists no columns: they read the schema from the Delta log.
EXPECTED_SPARK_TYPES = {
    "string": "STRING",
    "int32": "INT",
    "date32[day]": "DATE",
    "timestamp[us, tz=UTC]": "TIMESTAMP",
    "list<item: string>": "ARRAY<STRING>",
}
CREATE = re.compile(
    r"CREATE (?:OR REPLACE )?(?:EXTERNAL )?TABLE (?:IF NOT EXISTS )?(?P<name>[`\w.-]+) \(\n(?P<cols>.*?)\n\)\n(?P<rest>.*?);",
    re.S,
)


def parse_ddl(text: str) -> dict[str, dict]:
    """Table name -> its column (name, type) list and what follows the list (partitioning, options)."""
    tables = {}
    for m in CREATE.finditer(text):
        name = m.group("name").strip("`").rsplit(".", 1)[-1]
        cols = [tuple(line.strip().rstrip(",").split(" ", 1)) for line in m.group("cols").splitlines()]
        tables[name] = {"columns": cols, "rest": m.group("rest")}
    return tables


def expected_columns(table) -> list[tuple[str, str]]:
    return [(c.name, EXPECTED_SPARK_TYPES[str(c.type)]) for c in table.columns]


def test_spark_ddl_columns_match_the_schema():
    """Spark's plain Parquet tables list their columns; they must match the schema exactly."""
    text = (SQL / "spark.sql").read_text()
    ddl = parse_ddl(text)
    for t in TABLES:
        assert ddl[t.name]["columns"] == expected_columns(t), t.name
        assert f"USING parquet\nLOCATION '/data/dateline/out/{t.name}'" in ddl[t.name]["rest"]
        assert f"REFRESH TABLE dateline.{t.name};" in text
        assert f"USING DELTA LOCATION '/data/dateline/out/tables/{t.name}'" in text


@pytest.mark.parametrize(
    ("engine", "statement"),
    [
        ("bigquery", "format = 'DELTA_LAKE',\n  uris = ['gs://BUCKET/dateline/out/tables/{name}']"),
        (
            "athena",
            "LOCATION 's3://BUCKET/dateline/out/tables/{name}'\nTBLPROPERTIES ('table_type' = 'DELTA')",
        ),
        ("trino", "table_name => '{name}', table_location => 's3://BUCKET/dateline/out/tables/{name}'"),
    ],
)
def test_table_aware_engines_read_the_delta_tables(engine, statement):
    """Engines that read Delta get the table folders, whose log names exactly the committed files."""
    text = (SQL / f"{engine}.sql").read_text()
    for t in TABLES:
        assert statement.format(name=t.name) in text, (engine, t.name)


@pytest.mark.parametrize("engine", sorted(generate.ENGINES))
def test_ddl_files_are_generated(engine):
    assert (SQL / f"{engine}.sql").read_text() == generate.ENGINES[engine](), (
        "run python -m deploy.sql.generate"
    )


@pytest.fixture(scope="module")
def demo_sql(demo_output):
    con = connect(str(demo_output))
    # Far from UTC: the example queries must not take days from timestamps in the session zone.
    con.execute("SET TimeZone = 'Pacific/Kiritimati'")

    def run(name: str) -> tuple[list[str], list[tuple]]:
        cursor = con.execute((QUERIES / f"{name}.sql").read_text())
        return [d[0] for d in cursor.description], cursor.fetchall()

    return con, run


def test_five_example_queries_exist():
    assert sorted(p.stem for p in QUERIES.glob("*.sql")) == [
        "dated_far_from_publication",
        "documents_per_source",
        "events_per_day",
        "reject_reasons",
        "timeline_for_entity",
    ]


def test_documents_per_source(demo_sql):
    _, run = demo_sql
    d = dt.date
    assert run("documents_per_source") == (
        ["source", "documents", "first_day", "last_day"],
        [
            ("Northwind Wire", 3, d(2025, 6, 11), d(2025, 6, 23)),
            ("text", 3, d(2025, 6, 26), d(2025, 6, 26)),
            ("Coastline Herald", 2, d(2025, 6, 20), d(2025, 6, 24)),
            ("Valley Wire", 2, d(2025, 6, 19), d(2025, 6, 21)),
            ("Diario del Valle", 1, d(2025, 6, 22), d(2025, 6, 22)),
            ("Talbote", 1, d(2025, 6, 20), d(2025, 6, 20)),
            ("herald.example", 1, d(2025, 6, 25), d(2025, 6, 25)),
            ("vellmar-daily.example", 1, d(2025, 6, 16), d(2025, 6, 16)),
        ],
    )


def test_reject_reasons(demo_sql):
    _, run = demo_sql
    columns, rows = run("reject_reasons")
    assert columns == ["stage", "error_type", "rejects", "example"]
    assert [(s, e, n, ref.split("/samples/")[1]) for s, e, n, ref in rows] == [
        ("parse", "EmptyEntry", 1, "feeds/broken-feed.xml#entry=0"),
        ("parse", "InvalidJson", 1, "text/wires.jsonl#line=7"),
        ("parse", "MalformedFeed", 1, "feeds/broken-feed.xml"),
        ("parse", "MissingText", 1, "text/wires.jsonl#line=6"),
        ("read", "BinaryContent", 1, "text/not-really-text.txt"),
        ("read", "InvalidUtf8", 1, "text/latin1-mislabelled.txt"),
    ]


def text_events(con) -> list[dict]:
    cursor = con.execute("SELECT * FROM events WHERE date_source = 'text' AND event_date IS NOT NULL")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_events_per_day(demo_sql):
    con, run = demo_sql
    columns, rows = run("events_per_day")
    assert columns == ["event_date", "events", "documents"]
    events = text_events(con)
    per_day = Counter(e["event_date"] for e in events)
    docs_per_day = {day: len({e["doc_id"] for e in events if e["event_date"] == day}) for day in per_day}
    assert rows == [(day, per_day[day], docs_per_day[day]) for day in sorted(per_day)]
    assert len(rows) > 10 and (dt.date(2025, 3, 3), 1, 1) in rows


def test_timeline_for_entity(demo_sql):
    con, run = demo_sql
    columns, rows = run("timeline_for_entity")
    assert columns == ["event_date", "event_end", "granularity", "date_text", "title", "source"]
    wanted = sorted(
        (
            e
            for e in text_events(con)
            if "harbour" in (e["title"] or "").lower() or "harbour" in (e["sentence"] or "").lower()
        ),
        key=lambda e: (e["event_date"], e["event_end"], e["event_id"]),
    )
    assert rows == [
        (e["event_date"], e["event_end"], e["granularity"], e["date_text"], e["title"], e["source"])
        for e in wanted
    ]
    assert ("March 3", "Harbour authority reopens the eastern pier after storm repairs") in {
        (r[3], r[4]) for r in rows
    }


def test_dated_far_from_publication(demo_sql):
    con, run = demo_sql
    columns, rows = run("dated_far_from_publication")
    assert columns == ["event_date", "event_end", "granularity", "date_text", "published_day", "title"]

    def far(e) -> bool:
        day = e["published_at"].astimezone(dt.timezone.utc).date()
        year_before, year_after = day.replace(year=day.year - 1), day.replace(year=day.year + 1)
        return e["event_end"] < year_before or e["event_date"] > year_after

    wanted = sorted(
        (e for e in text_events(con) if e["published_at"] is not None and far(e)),
        key=lambda e: (e["event_date"], e["event_end"], e["event_id"]),
    )
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        (e["event_date"], e["date_text"], e["published_at"].astimezone(dt.timezone.utc).date(), e["title"])
        for e in wanted
    ]
    found = {(r[3], r[5].split()[0]) for r in rows}
    assert {("three years ago", "Seal"), ("January 2024", "Grain")} <= found
    assert ("May 2025", "Regional") not in found
