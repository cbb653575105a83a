"""Splitting a local run's inputs into batches, and summing the batches' summaries."""

from __future__ import annotations

from pipelines.batches import plan_batches
from transforms.accounting import merge_summaries
from transforms.beam.sources import InputSpec


def _files(root, sizes: dict[str, int]) -> None:
    for name, size in sizes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)


def test_files_are_grouped_by_size_in_a_stable_order(tmp_path):
    _files(tmp_path, {"t/a.txt": 400, "t/b.txt": 400, "t/c.txt": 400, "t/d.jsonl": 900, "f/x.xml": 100})
    specs = [InputSpec("text", f"{tmp_path}/t/*"), InputSpec("feed", f"{tmp_path}/f/*.xml")]
    batches = plan_batches(specs, max_bytes=1000)
    assert [[s.pattern.rsplit("/", 1)[1] for s in b] for b in batches] == [
        ["a.txt", "b.txt"],
        ["c.txt"],  # c + d would pass the limit
        ["d.jsonl", "x.xml"],
    ]
    assert [s.kind for b in batches for s in b] == ["text"] * 4 + ["feed"]


def test_a_file_larger_than_the_limit_is_a_batch_of_its_own(tmp_path):
    _files(tmp_path, {"big.txt": 5000, "small.txt": 10})
    batches = plan_batches([InputSpec("text", f"{tmp_path}/*.txt")], max_bytes=1000)
    assert [[s.pattern.rsplit("/", 1)[1] for s in b] for b in batches] == [["big.txt"], ["small.txt"]]


def test_urls_and_unmatched_patterns_stay_whole_in_the_first_batch(tmp_path):
    _files(tmp_path, {"a.txt": 600, "b.txt": 600, "notes.md": 5})
    specs = [
        InputSpec("text", f"{tmp_path}/*"),
        InputSpec("feed", "http://127.0.0.1:9/feed.xml"),
        InputSpec("html", f"{tmp_path}/none/*.html"),
    ]
    first, second = plan_batches(specs, max_bytes=1000)
    assert first[:2] == [specs[1], specs[2]]
    assert [s.pattern.rsplit("/", 1)[1] for s in first[2:]] == ["a.txt"]
    # notes.md (rejected in the run as an unsupported kind) weighs nothing
    assert [s.pattern.rsplit("/", 1)[1] for s in second] == ["b.txt", "notes.md"]


def test_file_names_with_glob_characters_keep_the_original_specs(tmp_path):
    _files(tmp_path, {"a[1].txt": 600, "b.txt": 600})
    specs = [InputSpec("text", f"{tmp_path}/*.txt")]
    assert plan_batches(specs, max_bytes=100) == [specs]


def test_merged_summary_sums_counts_and_rechecks_the_balance():
    one = {
        "counts": {"inputs": 5, "documents": 3, "duplicates": 0, "unchanged": 0, "skipped": 1, "rejects": 1},
        "rejects_by_type": {"InvalidJson": 1},
        "skips_by_reason": {"empty": 1},
    }
    two = {
        "counts": {"inputs": 4, "documents": 2, "duplicates": 0, "unchanged": 1, "skipped": 0, "rejects": 1},
        "rejects_by_type": {"InvalidJson": 1},
    }
    merged = merge_summaries([one, two])
    assert merged["counts"] == {
        "documents": 5,
        "duplicates": 0,
        "inputs": 9,
        "rejects": 2,
        "skipped": 1,
        "unchanged": 1,
    }
    assert merged["rejects_by_type"] == {"InvalidJson": 2} and merged["skips_by_reason"] == {"empty": 1}
    assert merged["balanced"] and merged["batches"] == 2
    two["counts"]["inputs"] = 5
    assert not merge_summaries([one, two])["balanced"]
