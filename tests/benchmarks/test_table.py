"""The benchmark table's verdicts, from measurements we make up (no pipeline run)."""

from __future__ import annotations

from benchmarks.run import Measurement, Result, build_table


def measured(runner: str, wall: float, tree: float, largest: float, docs: int = 1000) -> Result:
    return Result(runner, "text", 1000, Measurement(wall, tree, largest, wall, 0, "", ""), docs, 0, 0.9, 0.9)


def table_row(results: list[Result], label: str) -> str:
    rows = build_table([("text", 1000)], {(r.runner, r.kind, r.n): r for r in results}, {})
    return next(cells[1] for cells in rows if cells[0] == label)


def test_memory_verdicts_per_mode_with_tree_and_largest_process_for_workers():
    cell = table_row(
        [
            measured("ours (in-process)", 10.0, 700, 700),
            measured("ours (2 workers)", 8.0, 1600, 720),
            measured("naive", 100.0, 300, 300),
        ],
        "ours peak memory per mode",
    )
    assert cell == "in-process 700 PASS; 2 workers: tree 1,600 FAIL, largest 720 PASS (MiB, < 1 GiB)"


def test_memory_verdict_fails_an_in_process_run_over_one_gib():
    cell = table_row([measured("ours (in-process)", 10.0, 1100, 1100)], "ours peak memory per mode")
    assert cell == "in-process 1,100 FAIL (MiB, < 1 GiB)"
