"""deploy/sql/spark.sql and the example queries run as shipped on Spark SQL, over a real ingest output.

One local[1] session for the module, in a session time zone far from UTC: the example queries must not
depend on it. Skipped only where no ``java`` is on the PATH (pyspark itself is in the ``test`` extra).
"""

from __future__ import annotations

import os
import shutil

import pyarrow as pa
import pytest

from schemas import TABLES
from tests.deploy.conftest import REPO
from transforms.store.sql import connect

SQL = REPO / "deploy" / "sql"
QUERIES = sorted((SQL / "queries").glob("*.sql"))
SPARK_TYPES = {
    pa.string(): "string",
    pa.int32(): "int",
    pa.date32(): "date",
    pa.timestamp("us", tz="UTC"): "timestamp",
    pa.list_(pa.string()): "array<string>",
}

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark SQL needs java on the PATH")


def statements(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    work = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("dateline-tests")
        .config("spark.driver.memory", "512m")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.warehouse.dir", str(work / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={work}")
        # Far from UTC, so a query that takes dates from timestamps in the session zone shows it.
        .config("spark.sql.session.timeZone", "Pacific/Kiritimati")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_tables(spark, demo_output):
    ddl = (SQL / "spark.sql").read_text().replace("/data/dateline/out", str(demo_output))
    for statement in statements(ddl):
        spark.sql(statement)
    return spark


def duck(demo_output, sql: str) -> list[tuple]:
    con = connect(str(demo_output))
    return con.execute(sql).fetchall()


def test_ddl_registers_every_table_with_the_schema_types(spark_tables):
    spark = spark_tables
    assert spark.catalog.currentDatabase() == "dateline"  # the DDL ends with USE dateline
    for t in TABLES:
        types = spark.table(f"dateline.{t.name}").dtypes
        assert types == [(c.name, SPARK_TYPES[c.type]) for c in t.columns], t.name


def test_row_counts_match_the_output(spark_tables, demo_output):
    spark = spark_tables
    for t in TABLES:
        (expected,) = duck(demo_output, f"SELECT count(*) FROM {t.name}")[0]
        assert spark.sql(f"SELECT count(*) FROM dateline.{t.name}").collect()[0][0] == expected > 0, t.name
    assert [tuple(r) for r in spark.sql("SELECT count(*) FROM documents").collect()] == [(14,)]
    # Unknown dates read as NULL (the samples have undated events).
    nulls = spark.sql("SELECT count(*) FROM events WHERE event_date IS NULL").collect()[0][0]
    assert nulls == duck(demo_output, "SELECT count(*) FROM events WHERE event_date IS NULL")[0][0] > 0


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_example_query_gives_duckdbs_rows(spark_tables, demo_output, query):
    sql = query.read_text()
    got = spark_tables.sql(sql.strip().rstrip(";"))
    con = connect(str(demo_output))
    con.execute("SET TimeZone = 'Pacific/Kiritimati'")
    cursor = con.execute(sql)
    assert got.columns == [d[0] for d in cursor.description]
    expected = [tuple(row) for row in cursor.fetchall()]
    assert [tuple(row) for row in got.collect()] == expected
    assert expected or query.stem == "dated_far_from_publication"


def test_a_date_range_reaches_the_parquet_reader_as_a_pushed_filter(spark_tables):
    """No partitions: Spark prunes by the files' row-group statistics, which needs the filter pushed down."""
    plan = spark_tables.sql(
        "EXPLAIN FORMATTED SELECT count(*) FROM dateline.events "
        "WHERE event_date BETWEEN DATE '2025-06-01' AND DATE '2025-06-30'"
    ).collect()[0][0]
    pushed = next(line for line in plan.splitlines() if "PushedFilters" in line)
    assert "GreaterThanOrEqual(event_date,2025-06-01)" in pushed
    assert "LessThanOrEqual(event_date,2025-06-30)" in pushed
