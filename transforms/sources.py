"""Turning the command line's inputs into candidate documents: discovery, reading, fetching."""

from __future__ import annotations

import posixpath
import re
import typing
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from schemas import RawDoc, Reject
from transforms import fetching, readers
from transforms.errors import InputError
from transforms.fetch import FetchPolicy
from transforms.tags import REFS, REJECTS, SKIPS

_URL = re.compile(r"^https?://", re.I)
_CHUNK = 1 << 20


class InputSpec(typing.NamedTuple):
    kind: str  # feed | text | html
    pattern: str  # glob, path or URL


class InputFile(typing.NamedTuple):
    kind: str  # feed | feed_url | txt | jsonl | html
    ref: str  # path or URL
    size: int  # bytes, -1 when unknown (URLs)


beam.coders.registry.register_coder(InputSpec, beam.coders.RowCoder)
beam.coders.registry.register_coder(InputFile, beam.coders.RowCoder)


def file_kind(spec_kind: str, path: str) -> str | None:
    if spec_kind in ("feed", "html"):
        return spec_kind
    ext = posixpath.splitext(path)[1].lower()
    return {".txt": "txt", ".jsonl": "jsonl"}.get(ext)


def default_source(path: str) -> str:
    """Files without a source of their own are grouped by the folder they sit in."""
    parent = posixpath.basename(posixpath.dirname(path.rstrip("/")))
    return parent or posixpath.splitext(posixpath.basename(path))[0]


def expand_spec(spec: InputSpec) -> Iterator[InputFile | Reject]:
    """Globs are expanded here, in the pipeline, through FileSystems (local, gs://, s3://)."""
    if spec.kind == "feed" and _URL.match(spec.pattern):
        yield InputFile("feed_url", spec.pattern, -1)
        return
    try:
        matches = [m for r in FileSystems.match([spec.pattern]) for m in r.metadata_list]
    except Exception as exc:  # noqa: BLE001 - every filesystem raises its own error type
        matches, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = "no file matches"
    files = sorted((m for m in matches if not _is_dir(m.path)), key=lambda m: m.path)
    if not files:
        yield readers.make_reject(spec.pattern, "glob", "discover", InputError("NoMatch", error))
        return
    for meta in files:
        kind = file_kind(spec.kind, meta.path)
        if kind is None:
            yield readers.make_reject(
                meta.path,
                spec.kind,
                "discover",
                InputError("UnsupportedExtension", "text inputs are .txt or .jsonl"),
            )
        else:
            yield InputFile(kind, meta.path, meta.size_in_bytes)


def _is_dir(path: str) -> bool:
    import os

    return "://" not in path and os.path.isdir(path)


class ReadInputs(beam.DoFn):
    """One input file to candidates (main), rejects, skips, and the refs it accounted for."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.counters = {}

    def setup(self) -> None:
        m = beam.metrics.Metrics
        self.counters = {
            name: m.counter("read", name) for name in ("files", "candidates", "rejects", "skips")
        }

    def process(self, item: InputFile):
        self.counters["files"].inc()
        yield beam.pvalue.TaggedOutput(REFS, item.ref)
        try:
            outcomes = self._read(item)
            for outcome in outcomes:
                yield from self._route(outcome)
        except InputError as exc:
            yield from self._route(readers.make_reject(item.ref, item.kind, "read", exc))
        except Exception as exc:  # noqa: BLE001 - one bad input must not fail the run
            yield from self._route(readers.make_reject(item.ref, item.kind, "read", exc))

    def _route(self, outcome):
        name = (
            "candidates"
            if isinstance(outcome, RawDoc)
            else "rejects"
            if isinstance(outcome, Reject)
            else "skips"
        )
        self.counters[name].inc()
        yield from fetching.route(outcome)

    def _read(self, item: InputFile):
        if item.kind == "jsonl":
            return readers.read_jsonl(item.ref, self._lines(item.ref), default_source(item.ref))
        data = self._read_bytes(item)
        if item.kind == "feed":
            return readers.parse_feed(item.ref, data)
        if item.kind == "txt":
            return readers.read_txt(item.ref, data, default_source(item.ref))
        return readers.read_html(item.ref, data, default_source(item.ref))

    def _read_bytes(self, item: InputFile) -> bytes:
        if item.size > self.max_bytes:
            raise InputError("TooLarge", f"{item.size} bytes exceeds --max-input-bytes={self.max_bytes}")
        with FileSystems.open(item.ref, compression_type="uncompressed") as handle:
            data = handle.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise InputError("TooLarge", f"more than --max-input-bytes={self.max_bytes} bytes")
        return data

    def _lines(self, path: str) -> Iterator[bytes]:
        """Stream a JSONL file line by line; an over-long line becomes one bounded, rejected line."""
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            pending = b""
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                pending += chunk
                *lines, pending = pending.split(b"\n")
                yield from lines
                if len(pending) > self.max_bytes:
                    raise InputError("TooLarge", f"a JSONL line exceeds --max-input-bytes={self.max_bytes}")
            if pending:
                yield pending


class ReadSources(beam.PTransform):
    """Specs to candidates, with ``rejects``, ``skips`` and ``refs`` as tagged outputs."""

    def __init__(self, specs: list[InputSpec], max_bytes: int, policy: FetchPolicy, state_path: str):
        super().__init__()
        self.specs = specs
        self.max_bytes = max_bytes
        self.policy = policy
        self.state_path = state_path

    def expand(self, pbegin):
        expanded = pbegin | "Specs" >> beam.Create(self.specs) | "ExpandGlobs" >> beam.FlatMap(expand_spec)
        files = expanded | "OnlyFiles" >> beam.Filter(_is_file).with_output_types(InputFile)
        urls = (
            expanded
            | "OnlyUrls" >> beam.Filter(_is_url).with_output_types(InputFile)
            | "Url" >> beam.Map(lambda item: item.ref).with_output_types(str)
        )
        discover_rejects = expanded | "OnlyRejects" >> beam.Filter(_is_reject).with_output_types(Reject)
        read = (
            files
            | "Spread" >> beam.Reshuffle()
            | "Read" >> beam.ParDo(ReadInputs(self.max_bytes)).with_outputs(REJECTS, SKIPS, REFS, main="docs")
        )
        fetched = urls | "FetchFeeds" >> fetching.FetchFeeds(self.policy, self.state_path)
        return {
            "docs": (read.docs, fetched.docs) | "AllCandidates" >> beam.Flatten(),
            REJECTS: (read[REJECTS], fetched[REJECTS], discover_rejects) | "AllReadRejects" >> beam.Flatten(),
            SKIPS: (read[SKIPS], fetched[SKIPS]) | "AllSkips" >> beam.Flatten(),
            REFS: (read[REFS], urls) | "AllRefs" >> beam.Flatten(),
            fetching.VALIDATORS: fetched[fetching.VALIDATORS],
        }


def _is_file(item) -> bool:
    return isinstance(item, InputFile) and item.kind != "feed_url"


def _is_url(item) -> bool:
    return isinstance(item, InputFile) and item.kind == "feed_url"


def _is_reject(item) -> bool:
    return isinstance(item, Reject)
