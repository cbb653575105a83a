"""The baseline must run and be scoreable on a tiny corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.corpus import generate
from benchmarks.naive import _wall_clock, find_dates, run_naive


@pytest.mark.slow  # generates and reads a corpus: seconds
def test_naive_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    generate(20, tmp_path / "corpus", seed=4, html_share=0.2)
    result = run_naive(tmp_path / "corpus", tmp_path / "out")
    assert result["documents"] == 20  # the broken inputs are skipped, every valid one is read
    assert result["event_count"] == len(result["events"]) > 20
    docs = pq.read_table(tmp_path / "out" / "documents.parquet")
    events = pq.read_table(tmp_path / "out" / "events.parquet")
    assert docs.num_rows == 20 and events.num_rows == result["event_count"]
    assert set(docs.column("kind").to_pylist()) == {"feed", "jsonl", "txt", "html"}
    assert all(len(v) == 10 and v[4] == "-" for v in events.column("value").to_pylist())


def test_find_dates_anchors_relative_expressions() -> None:
    found = dict(find_dates("The council met yesterday.", dt.datetime(2025, 6, 26, 9, 0), "en"))
    assert found == {"yesterday": "2025-06-25"}


def test_wall_clock_keeps_local_time() -> None:
    assert _wall_clock("Thu, 26 Jun 2025 01:30:00 +0300") == dt.datetime(2025, 6, 26, 1, 30)
    assert _wall_clock("2025-06-26T23:30:00-05:00") == dt.datetime(2025, 6, 26, 23, 30)
    assert _wall_clock("not a date") is None
