"""The per-process cache of existing documents' (doc_id, content_hash) pairs, on real Parquet files."""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms.incremental import IndexCache
from transforms.parquet_io import list_files_stamped


def write_index(path, pairs: list[tuple[str, str]], mtime_ns: int | None = None) -> None:
    ids, hashes = zip(*pairs, strict=True) if pairs else ((), ())
    pq.write_table(pa.table({"doc_id": list(ids), "content_hash": list(hashes)}), path)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def stamped(directory) -> list:
    return list_files_stamped(str(directory / "*.parquet"))


def test_a_file_is_read_once_while_its_stamp_holds(tmp_path):
    path = tmp_path / "part-a.parquet"
    write_index(path, [("d1", "h1"), ("d2", "h2")], mtime_ns=1_000_000_000)
    cache = IndexCache(max_pairs=100)
    (file,) = stamped(tmp_path)
    assert cache.pairs(file) == [("d1", "h1"), ("d2", "h2")]
    path.write_bytes(b"x" * path.stat().st_size)  # same size, and the same mtime put back
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert stamped(tmp_path) == [file]
    assert cache.pairs(file) == [("d1", "h1"), ("d2", "h2")]  # served from memory, not the garbage on disk


def test_a_rewritten_file_is_read_again(tmp_path):
    path = tmp_path / "part-a.parquet"
    write_index(path, [("d1", "h1"), ("d2", "h2")], mtime_ns=1_000_000_000)
    cache = IndexCache(max_pairs=100)
    (before,) = stamped(tmp_path)
    assert len(cache.pairs(before)) == 2
    write_index(path, [("d2", "h2")], mtime_ns=2_000_000_000)  # d1 superseded: its row removed
    (after,) = stamped(tmp_path)
    assert after != before
    assert cache.pairs(after) == [("d2", "h2")]


def test_the_oldest_files_leave_first_when_pairs_exceed_the_bound(tmp_path):
    for name in "abc":
        write_index(tmp_path / f"part-{name}.parquet", [(f"{name}{i}", "h") for i in range(3)])
    a, b, c = stamped(tmp_path)
    cache = IndexCache(max_pairs=6)
    cache.pairs(a), cache.pairs(b)
    cache.pairs(a)  # a is now the most recently used
    cache.pairs(c)  # 9 pairs > 6: b goes
    for name in "abc":
        (tmp_path / f"part-{name}.parquet").unlink()
    assert [p for p, _ in cache.pairs(a)] == ["a0", "a1", "a2"]
    assert [p for p, _ in cache.pairs(c)] == ["c0", "c1", "c2"]
    with pytest.raises(OSError):  # b was dropped, so it is read again: from a file that is gone
        cache.pairs(b)
