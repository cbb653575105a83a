"""summary_from_counts: every input accounted for exactly once."""

from __future__ import annotations

from transforms.accounting import summary_from_counts

COUNTS = {
    "candidates": 6,
    "read_rejects": 2,
    "read_skips": 1,
    "documents": 3,
    "duplicates": 1,
    "unchanged": 1,
    "changed": 1,
    "rejects": 3,
    "reject:InvalidJson": 2,
    "reject:BinaryContent": 1,
    "stage:parse": 2,
    "stage:read": 1,
    "skip:blank_line": 1,
    "skip:duplicate": 1,
    "events": 9,
    "events:text": 6,
    "events:publication": 3,
    "files": 4,
}


def test_summary_counts_and_breakdowns():
    summary = summary_from_counts(COUNTS)
    assert summary == {
        "counts": {
            "inputs": 9,
            "documents": 3,
            "duplicates": 1,
            "unchanged": 1,
            "skipped": 1,
            "rejects": 3,
            "changed": 1,
            "events": 9,
            "text_events": 6,
            "publication_events": 3,
            "files_written": 4,
        },
        "balanced": True,
        "rejects_by_type": {"BinaryContent": 1, "InvalidJson": 2},
        "rejects_by_stage": {"parse": 2, "read": 1},
        "skips_by_reason": {"blank_line": 1, "duplicate": 1},
    }
    assert list(summary["rejects_by_type"]) == ["BinaryContent", "InvalidJson"]


def test_summary_is_unbalanced_when_an_input_is_lost():
    lost = {**COUNTS, "documents": 2}
    assert summary_from_counts(lost)["balanced"] is False
    extra = {**COUNTS, "rejects": 4}
    assert summary_from_counts(extra)["balanced"] is False


def test_changed_documents_do_not_count_twice():
    assert summary_from_counts({**COUNTS, "changed": 3})["balanced"] is True


def test_empty_run_is_balanced_with_zero_counts():
    summary = summary_from_counts({})
    assert summary["balanced"] is True
    assert set(summary["counts"].values()) == {0}
    assert summary["rejects_by_type"] == summary["rejects_by_stage"] == summary["skips_by_reason"] == {}
