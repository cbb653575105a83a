"""Shared fixtures: a private copy of the bundled samples and an ingest run over it."""

from __future__ import annotations

import pathlib
import shutil

import duckdb
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
DEFAULT_PUBLISHED = "2025-06-26T09:00:00+03:00"


def sample_args(samples: pathlib.Path, output: pathlib.Path, *extra: str) -> list[str]:
    return [
        "--output",
        str(output),
        "--feed",
        f"{samples}/feeds/*.xml",
        "--text",
        f"{samples}/text/*",
        "--html",
        f"{samples}/html/*.html",
        "--default-published",
        DEFAULT_PUBLISHED,
        *extra,
    ]


def table(output: pathlib.Path, name: str) -> duckdb.DuckDBPyRelation:
    con = duckdb.connect()
    return con.sql(f"SELECT * FROM read_parquet('{output}/{name}/*.parquet')")


def rows(output: pathlib.Path, sql: str) -> list[tuple]:
    """Run SQL with views over a finished output (the same views users get)."""
    from transforms.store.sql import run_query

    return run_query(str(output), sql)[1]


@pytest.fixture(scope="session")
def samples_dir(tmp_path_factory) -> pathlib.Path:
    target = tmp_path_factory.mktemp("samples") / "samples"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture(scope="session")
def demo_output(samples_dir, tmp_path_factory) -> pathlib.Path:
    """One DirectRunner run over the samples, shared by the read-only end-to-end tests."""
    from pipelines import ingest  # here, not at the top: the unit lane imports this module without Beam

    output = tmp_path_factory.mktemp("demo") / "out"
    assert ingest.main(sample_args(samples_dir, output)) == 0
    return output
