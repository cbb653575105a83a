"""Real ingest processes killed with SIGKILL, run two at a time and read while they write.

Each scenario (``benchmarks/torture.py`` holds them; ``make torture`` runs them on thousands of
documents) compares the tables after a rerun with a clean run of the same inputs.
"""

from __future__ import annotations

import pathlib

import pytest
from deltalake import DeltaTable

from benchmarks import torture
from transforms.store.sql import QueryError, connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> torture.Bench:
    return torture.Bench(tmp_path_factory.mktemp("torture"), files=4, docs=80)


@pytest.mark.parametrize("point", ["write-documents", "commit-events", "commit-documents", "head"])
def test_a_run_killed_at_each_commit_step_converges_on_rerun(bench, point):
    assert torture.crash_then_rerun(bench, point) == []


@pytest.mark.parametrize("point", ["commit-events"])
def test_a_replace_killed_midway_leaves_no_stale_version_after_rerun(bench, point):
    assert torture.crash_replace_then_rerun(bench, point) == []


def test_killed_then_rerun_with_one_more_input_file(bench):
    assert torture.crash_then_rerun_with_more(bench, "commit-events") == []


def test_a_run_killed_at_a_random_moment_converges_on_rerun(bench):
    assert torture.random_kill_then_rerun(bench, seed=1) == []


@pytest.mark.parametrize("edited", [False, True], ids=["overlapping-inputs", "old-and-edited"])
def test_two_runs_at_once_leave_one_version_of_each_document(bench, edited):
    assert torture.overlapping_runs(bench, edited) == []


def test_compaction_killed_midway_converges(bench):
    assert torture.crash_during_compaction(bench) == []


def test_readers_see_the_old_state_or_the_new_never_an_error_or_a_mix(bench):
    assert torture.readers_during_replace(bench) == []


def test_the_crash_is_real(bench):
    """Without the rerun, a run killed between events and documents has committed its events to the
    Delta log only: readers, which follow the head, still see nothing committed."""
    out = pathlib.Path(bench.fresh())
    assert torture.run(bench.v1, out, crash_at="commit-events") < 0
    assert not (out / "_dateline" / "head.json").exists()
    events = DeltaTable(str(out / "tables" / "events"))
    assert events.version() == 1 and events.to_pyarrow_dataset().count_rows() > 0  # the orphans
    assert DeltaTable(str(out / "tables" / "documents")).to_pyarrow_dataset().count_rows() == 0
    with pytest.raises(QueryError, match="holds no dateline output"):
        connect(str(out))
