"""An in-memory Beam ``FileSystem`` (``memfs://``): proves the pipeline touches storage only through
``FileSystems``, the way it must for ``gs://`` and ``s3://``.

Like an object store it has no directories: a "folder" is a key prefix, listing is by prefix, and
nothing exists until a writer closes its handle. Defining the class registers it with Beam, which
picks file systems by scheme among ``FileSystem`` subclasses.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator

from apache_beam.io.filesystem import (
    BeamIOError,
    CompressedFile,
    CompressionTypes,
    FileMetadata,
    FileSystem,
)

SCHEME = "memfs"
PREFIX = f"{SCHEME}://"

_LOCK = threading.Lock()
_FILES: dict[str, tuple[bytes, float]] = {}  # path -> (bytes, mtime); process-global like a bucket


def put(path: str, data: bytes) -> None:
    with _LOCK:
        _FILES[path] = (bytes(data), time.time())


def get(path: str) -> bytes:
    with _LOCK:
        return _FILES[path][0]


def paths(prefix: str = PREFIX) -> list[str]:
    with _LOCK:
        return sorted(p for p in _FILES if p.startswith(prefix))


def clear(prefix: str = PREFIX) -> None:
    with _LOCK:
        for p in [p for p in _FILES if p.startswith(prefix)]:
            del _FILES[p]


class _Writer(io.BytesIO):
    """Buffers a whole object and publishes it on close, as object stores do."""

    def __init__(self, path: str):
        super().__init__()
        self._path = path

    def close(self) -> None:
        if not self.closed:
            put(self._path, self.getvalue())
        super().close()


class MemoryFileSystem(FileSystem):
    """Objects in a process-global dict, keyed by full ``memfs://`` path."""

    @classmethod
    def scheme(cls) -> str:
        return SCHEME

    def join(self, basepath: str, *paths: str) -> str:
        path = basepath.rstrip("/")
        for part in paths:
            path = f"{path}/{part.strip('/')}"
        return path

    def split(self, path: str) -> tuple[str, str]:
        if not path.startswith(PREFIX):
            raise ValueError(f"not a {PREFIX} path: {path}")
        head, _, tail = path.rstrip("/").rpartition("/")
        return (head, tail) if head != SCHEME + ":/" else (PREFIX, tail)

    def mkdirs(self, path: str) -> None:
        """Nothing to do: like gs:// there are no directories, only key prefixes."""

    def has_dirs(self) -> bool:
        return False

    def _list(self, dir_or_prefix: str) -> Iterator[FileMetadata]:
        with _LOCK:
            listed = [(p, len(d), t) for p, (d, t) in _FILES.items() if p.startswith(dir_or_prefix)]
        for path, size, mtime in sorted(listed):
            yield FileMetadata(path, size, mtime)

    def create(self, path, mime_type="application/octet-stream", compression_type=CompressionTypes.AUTO):
        raw = _Writer(path)
        compression = self._get_compression_type(path, compression_type)
        return raw if compression == CompressionTypes.UNCOMPRESSED else CompressedFile(raw, compression)

    def open(self, path, mime_type="application/octet-stream", compression_type=CompressionTypes.AUTO):
        try:
            raw = io.BytesIO(get(path))
        except KeyError:
            raise BeamIOError("Open operation failed", {path: FileNotFoundError(path)}) from None
        compression = self._get_compression_type(path, compression_type)
        return raw if compression == CompressionTypes.UNCOMPRESSED else CompressedFile(raw, compression)

    def copy(self, source_file_names, destination_file_names) -> None:
        errors = {}
        for src, dst in zip(source_file_names, destination_file_names, strict=True):
            try:
                put(dst, get(src))
            except KeyError:
                errors[(src, dst)] = FileNotFoundError(src)
        if errors:
            raise BeamIOError("Copy operation failed", errors)

    def rename(self, source_file_names, destination_file_names) -> None:
        self.copy(source_file_names, destination_file_names)
        self.delete(source_file_names)

    def exists(self, path: str) -> bool:
        with _LOCK:
            return path in _FILES

    def size(self, path: str) -> int:
        return self.metadata(path).size_in_bytes

    def last_updated(self, path: str) -> float:
        return self.metadata(path).last_updated_in_seconds

    def checksum(self, path: str) -> str:
        return str(self.size(path))

    def metadata(self, path: str) -> FileMetadata:
        with _LOCK:
            if path not in _FILES:
                raise BeamIOError("Metadata operation failed", {path: FileNotFoundError(path)})
            data, mtime = _FILES[path]
        return FileMetadata(path, len(data), mtime)

    def delete(self, paths) -> None:
        errors = {}
        with _LOCK:
            for path in paths:
                # An object, or every object under a "folder" prefix (recursive, like the local FS).
                doomed = [p for p in _FILES if p == path or p.startswith(path.rstrip("/") + "/")]
                if not doomed:
                    errors[path] = FileNotFoundError(path)
                for p in doomed:
                    del _FILES[p]
        if errors:
            raise BeamIOError("Delete operation failed", errors)
