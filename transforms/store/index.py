"""The index of committed documents, ``(doc_id, content_hash)`` per file, that incremental runs join on.

Read from the documents table's files with two columns only, and cached per process by file name: a
committed file never changes, so a local run made of batches reads each file once, however many
batches ask (:mod:`transforms.beam.dedupe` is the Beam side).
"""

from __future__ import annotations

from schemas import DOCUMENTS
from transforms.store.tables import FileCache, read_file, root_uri


def read_index(output: str, name: str) -> list[tuple[str, str]]:
    """``(doc_id, content_hash)`` of every document row in one committed file."""
    table = read_file(output, DOCUMENTS, name, ["doc_id", "content_hash"])
    return list(
        zip(table.column("doc_id").to_pylist(), table.column("content_hash").to_pylist(), strict=True)
    )


class IndexCache(FileCache):
    """:func:`read_index` results of committed files, per process (see :class:`FileCache`)."""

    def pairs(self, output: str, name: str) -> list[tuple[str, str]]:
        return self.get((root_uri(output), name), lambda: read_index(output, name))


_INDEX_CACHE = IndexCache(max_rows=400_000)  # ~240 bytes a pair in Python: under 100 MiB


def read_index_cached(output: str, name: str) -> list[tuple[str, str]]:
    """The process's :class:`IndexCache` (a module function, so workers pickle it by reference)."""
    return _INDEX_CACHE.pairs(output, name)
