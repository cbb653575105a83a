"""Turning the command line's inputs into candidate documents: discovery, reading, feeds."""

from __future__ import annotations

import os
import posixpath
import re
import stat
import typing
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from schemas import RawDoc, Reject, Skip
from transforms import readers
from transforms.beam import feeds
from transforms.beam.tags import REFS, REJECTS, SKIPS
from transforms.errors import InputError
from transforms.fetch import FetchPolicy

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


def expand_spec(spec: InputSpec) -> Iterator[InputFile | Reject | Skip]:
    """Globs are expanded here, in the pipeline, through FileSystems (local, gs://, s3://).

    Every local path a pattern matches is accounted for by what ``lstat``/``stat`` say, without
    opening it: a directory is a ``directory`` skip, a dangling symlink or a FIFO, socket or device a
    ``discover`` reject; a regular file (or a symlink to one) is an input.
    """
    if spec.kind == "feed" and _URL.match(spec.pattern):
        yield InputFile("feed_url", spec.pattern, -1)
        return
    if _is_local(spec.pattern):
        yield from _expand_local(spec)
        return
    try:
        matches = [m for r in FileSystems.match([spec.pattern]) for m in r.metadata_list]
    except Exception as exc:  # noqa: BLE001 - every filesystem raises its own error type
        matches, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = "no file matches"
    files = sorted(matches, key=lambda m: m.path)
    if not files:
        yield readers.make_reject(spec.pattern, "glob", "discover", InputError("NoMatch", error))
        return
    for meta in files:
        yield _input_file(spec, meta.path, meta.size_in_bytes)


def _input_file(spec: InputSpec, path: str, size: int) -> InputFile | Reject:
    kind = file_kind(spec.kind, path)
    if kind is None:
        return readers.make_reject(
            path, spec.kind, "discover", InputError("UnsupportedExtension", "text inputs are .txt or .jsonl")
        )
    return InputFile(kind, path, size)


_GLOB = re.compile(r"[*?\[]")


def _is_local(pattern: str) -> bool:
    return "://" not in pattern


def match_local(pattern: str) -> list[str]:
    """Every local path (files, directories, links of any kind) ``pattern`` matches, sorted.

    The pattern language is Beam's (``*`` within a path segment, ``**`` across them); unlike
    Beam's own listing, directories, dangling links, FIFOs and sockets are listed too, so they can be
    accounted for.
    """
    if pattern.endswith(("/", os.sep)):
        pattern += "*"
    if not _GLOB.search(pattern):
        return [pattern] if os.path.lexists(pattern) else []
    from apache_beam.io.filesystem import FileSystem

    prefix = _GLOB.split(pattern, 1)[0]
    root = prefix if prefix.endswith(os.sep) else os.path.dirname(prefix)
    matches = re.compile(FileSystem.translate_pattern(pattern)).match
    deep, depth = "**" in pattern, pattern.count(os.sep)
    found = []
    for dirpath, dirnames, filenames in os.walk(root or os.curdir):
        base = dirpath if root else os.path.relpath(dirpath)
        base = "" if base == os.curdir else base if base.endswith(os.sep) else base + os.sep
        joined = {name: base + name for name in dirnames + filenames}
        found += [path for path in joined.values() if matches(path)]
        if not deep:  # a child of these could not match: no need to walk below them
            dirnames[:] = [d for d in dirnames if joined[d].count(os.sep) < depth]
    return sorted(found)


_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"))
_SPECIAL += ((stat.S_ISBLK, "a block device"),)


def _expand_local(spec: InputSpec) -> Iterator[InputFile | Reject | Skip]:
    try:
        paths = match_local(spec.pattern)
    except OSError as exc:
        paths, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = "no file matches"
    if not paths:
        yield readers.make_reject(spec.pattern, "glob", "discover", InputError("NoMatch", error))
        return
    for path in paths:
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                try:
                    info = os.stat(path)
                except OSError:
                    target = os.readlink(path)
                    yield readers.make_reject(
                        path,
                        spec.kind,
                        "discover",
                        InputError("DanglingSymlink", f"symlink to missing {target}; not read"),
                    )
                    continue
        except OSError as exc:  # vanished between listing and looking
            yield readers.make_reject(
                path, spec.kind, "discover", InputError("NotFound", f"{exc.strerror or exc}; not read")
            )
            continue
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            yield Skip(input_ref=path, reason="directory")
        elif stat.S_ISREG(mode):
            yield _input_file(spec, path, info.st_size)
        else:
            what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
            yield readers.make_reject(
                path,
                spec.kind,
                "discover",
                InputError("NotARegularFile", f"{what}, not a regular file; not opened"),
            )


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
        yield from feeds.route(outcome)

    def _read(self, item: InputFile):
        if item.kind == "jsonl":
            return readers.read_jsonl(item.ref, self._lines(item.ref), default_source(item.ref))
        data = self._read_bytes(item)
        if not data:
            return [Skip(input_ref=item.ref, reason=readers.EMPTY_FILE)]
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

    def _lines(self, path: str) -> Iterator:
        """Stream a JSONL file line by line, whatever its size: an over-long line is one rejected line."""
        return readers.split_lines(readers.utf8_chunks(self._chunks(path)), self.max_bytes)

    @staticmethod
    def _chunks(path: str) -> Iterator[bytes]:
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    return
                yield chunk


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
        discover_skips = expanded | "OnlySkips" >> beam.Filter(_is_skip).with_output_types(Skip)
        read = (
            files
            | "Spread" >> beam.Reshuffle()
            | "Read" >> beam.ParDo(ReadInputs(self.max_bytes)).with_outputs(REJECTS, SKIPS, REFS, main="docs")
        )
        fetched = urls | "FetchFeeds" >> feeds.FetchFeeds(self.policy, self.state_path)
        return {
            "docs": (read.docs, fetched.docs) | "AllCandidates" >> beam.Flatten(),
            REJECTS: (read[REJECTS], fetched[REJECTS], discover_rejects) | "AllReadRejects" >> beam.Flatten(),
            SKIPS: (read[SKIPS], fetched[SKIPS], discover_skips) | "AllSkips" >> beam.Flatten(),
            REFS: (read[REFS], urls) | "AllRefs" >> beam.Flatten(),
            feeds.VALIDATORS: fetched[feeds.VALIDATORS],
        }


def _is_file(item) -> bool:
    return isinstance(item, InputFile) and item.kind != "feed_url"


def _is_url(item) -> bool:
    return isinstance(item, InputFile) and item.kind == "feed_url"


def _is_reject(item) -> bool:
    return isinstance(item, Reject)


def _is_skip(item) -> bool:
    return isinstance(item, Skip)
