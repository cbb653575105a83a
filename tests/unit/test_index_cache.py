"""The per-process cache of committed documents' (doc_id, content_hash) pairs, on real data files."""

from __future__ import annotations

from schemas import DOCUMENTS
from tests.unit.records import document
from transforms.store.index import IndexCache
from transforms.store.tables import root_uri, write_file


def write_docs(output, name: str, pairs: list[tuple[str, str]]) -> str:
    rows = [document(doc_id=d, content_hash=h) for d, h in pairs]
    write_file(str(output), DOCUMENTS, name, DOCUMENTS.to_arrow(rows))
    return name


def test_a_committed_file_is_read_once(tmp_path):
    name = write_docs(tmp_path, "part-r-a.parquet", [("d1", "h1"), ("d2", "h2")])
    cache = IndexCache(max_rows=100)
    assert cache.pairs(str(tmp_path), name) == [("d1", "h1"), ("d2", "h2")]
    # Committed files never change; garbage in place of one proves the second answer came from memory.
    path = f"{root_uri(str(tmp_path))}/tables/documents/{name}"
    with open(path, "wb") as handle:
        handle.write(b"x")
    assert cache.pairs(str(tmp_path), name) == [("d1", "h1"), ("d2", "h2")]


def test_the_oldest_files_leave_first_when_pairs_exceed_the_bound(tmp_path):
    cache = IndexCache(max_rows=3)
    a = write_docs(tmp_path, "part-r-a.parquet", [("d1", "h1"), ("d2", "h2")])
    b = write_docs(tmp_path, "part-r-b.parquet", [("d3", "h3"), ("d4", "h4")])
    cache.pairs(str(tmp_path), a)
    cache.pairs(str(tmp_path), b)
    assert list(cache._files) == [(root_uri(str(tmp_path)), b)]  # a left: 4 pairs > 3
    assert cache.pairs(str(tmp_path), a) == [("d1", "h1"), ("d2", "h2")]  # read again from disk
