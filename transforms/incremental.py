"""One version of each document, across duplicates in a run and across runs into the same output.

Within a run, candidates sharing a ``doc_id`` are ingested once (the first by ``input_ref``) and the
rest counted as duplicates. Across runs, the ``(doc_id, content_hash)`` pairs already written are
joined against this run's candidates: unchanged documents are skipped before any extraction; changed
ones are re-ingested after their old rows are removed from every table (:class:`RemoveSuperseded`),
so readers never see two versions of one ``doc_id``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
from apache_beam.io.filesystems import FileSystems

from schemas import DOCUMENTS, RawDoc, Skip, Table
from transforms.parquet_io import (
    list_files,
    list_files_stamped,
    parquet_bytes,
    read_parquet,
    table_glob,
    write_atomic,
)

DUPLICATES = "duplicates"
UNCHANGED = "unchanged"
CHANGED = "changed"


def read_index(path: str) -> Iterator[tuple[str, str]]:
    """``(doc_id, content_hash)`` of every document row in one existing file."""
    table = read_parquet(path, ["doc_id", "content_hash"])
    yield from zip(table.column("doc_id").to_pylist(), table.column("content_hash").to_pylist(), strict=True)


class IndexCache:
    """:func:`read_index` results remembered per process by path and (size, mtime), oldest dropped first.

    Local batches run one after another in one process: without this each batch re-read every file
    the earlier ones wrote, a cost that grew with the square of the batch count. A rewritten file
    (rows of a superseded document removed) has a new stamp and is read again; a stale entry could
    only add pairs, which makes a document look changed, never unchanged.
    """

    def __init__(self, max_pairs: int):
        self.max_pairs = max_pairs
        self._files: OrderedDict[tuple, list[tuple[str, str]]] = OrderedDict()
        self._pairs = 0
        self._lock = threading.Lock()

    def pairs(self, file: tuple[str, tuple[int, float]]) -> list[tuple[str, str]]:
        with self._lock:
            pairs = self._files.get(file)
            if pairs is not None:
                self._files.move_to_end(file)
                return pairs
        pairs = list(read_index(file[0]))
        with self._lock:
            if file not in self._files:
                self._files[file] = pairs
                self._pairs += len(pairs)
            while self._pairs > self.max_pairs:
                self._pairs -= len(self._files.popitem(last=False)[1])
        return pairs


_INDEX_CACHE = IndexCache(max_pairs=400_000)  # ~240 bytes a pair in Python: under 100 MiB


def read_index_cached(file: tuple[str, tuple[int, float]]) -> list[tuple[str, str]]:
    """The process's :class:`IndexCache` (a module function, so workers pickle it by reference)."""
    return _INDEX_CACHE.pairs(file)


class _Decide(beam.DoFn):
    def setup(self) -> None:
        m = beam.metrics.Metrics
        self.duplicates = m.counter("dedupe", "duplicates")
        self.unchanged = m.counter("dedupe", "unchanged")
        self.changed = m.counter("dedupe", "changed")

    def process(self, element) -> Iterator:
        doc_id, grouped = element
        candidates = sorted(grouped["new"], key=lambda raw: raw.input_ref)
        if not candidates:
            return
        chosen, *others = candidates
        for other in others:
            self.duplicates.inc()
            yield beam.pvalue.TaggedOutput(DUPLICATES, Skip(input_ref=other.input_ref, reason="duplicate"))
        existing = set(grouped["old"])
        if not existing:
            yield chosen
        elif existing == {chosen.content_hash}:
            self.unchanged.inc()
            yield beam.pvalue.TaggedOutput(UNCHANGED, Skip(input_ref=chosen.input_ref, reason="unchanged"))
        else:
            self.changed.inc()
            yield beam.pvalue.TaggedOutput(CHANGED, doc_id)
            yield chosen


class DedupeAgainstOutput(beam.PTransform):
    """Candidates to those worth ingesting; ``duplicates``/``unchanged`` skips and ``changed`` ids tagged."""

    def __init__(self, output: str):
        super().__init__()
        self.output = output

    def expand(self, candidates):
        old = (
            candidates.pipeline
            | "OutputGlob" >> beam.Create([table_glob(self.output, DOCUMENTS)])
            | "ExistingFiles" >> beam.FlatMap(list_files_stamped)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadIndex" >> beam.FlatMap(read_index_cached)
        )
        new = candidates | "KeyById" >> beam.Map(lambda raw: (raw.doc_id, raw)).with_input_types(RawDoc)
        return (
            {"new": new, "old": old}
            | "JoinWithOutput" >> beam.CoGroupByKey()
            | "Decide" >> beam.ParDo(_Decide()).with_outputs(DUPLICATES, UNCHANGED, CHANGED, main="docs")
        )


class _RemoveFromFile(beam.DoFn):
    def __init__(self, table: Table):
        self.table = table

    def setup(self) -> None:
        self.rewritten = beam.metrics.Metrics.counter("supersede", f"{self.table.name}_files_rewritten")
        self.removed = beam.metrics.Metrics.counter("supersede", f"{self.table.name}_rows_removed")
        self._keys: list[str] | None = None
        self._superseded: pa.Array | None = None

    def _superseded_array(self, keys: list[str]) -> pa.Array:
        """The key set as an Arrow array, built once per side-input value rather than once per file."""
        if keys is not self._keys:
            self._keys, self._superseded = keys, pa.array(sorted(set(keys)), type=pa.string())
        return self._superseded

    def process(self, path: str, keys: list[str]) -> Iterator[str]:
        column = self.table.owner
        superseded = self._superseded_array(keys)
        owners = read_parquet(path, [column]).column(column)
        if pc.any(pc.is_in(owners, value_set=superseded)).as_py():
            table = read_parquet(path)
            kept = table.filter(pc.invert(pc.is_in(table.column(column), value_set=superseded)))
            self.removed.inc(table.num_rows - kept.num_rows)
            self.rewritten.inc()
            if kept.num_rows:
                write_atomic(path, parquet_bytes(kept))
            else:
                FileSystems.delete([path])
        yield path


class RemoveSuperseded(beam.PTransform):
    """Drop existing rows of ``table`` whose owner (``table.owner``) is in the input.

    Emits the files it looked at. Nothing is listed or read when the input is empty, the usual case of
    a run that only adds documents; otherwise every file's owner column is read (a projection) and only
    files holding a superseded owner are rewritten, spread over workers file by file.
    """

    def __init__(self, table: Table, output: str):
        super().__init__()
        self.table = table
        self.output = output

    def expand(self, keys):
        glob = table_glob(self.output, self.table)
        key_list = (
            keys | "AllKeys" >> beam.CombineGlobally(beam.combiners.ToListCombineFn()).without_defaults()
        )
        return (
            key_list
            | "GlobIfAny" >> beam.FlatMap(lambda found: [glob] if found else [])
            | "ExistingFiles" >> beam.FlatMap(list_files)
            | "SpreadFiles" >> beam.Reshuffle()
            | "Rewrite" >> beam.ParDo(_RemoveFromFile(self.table), keys=beam.pvalue.AsSingleton(key_list))
        )
