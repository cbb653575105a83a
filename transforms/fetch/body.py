"""Streaming body reader: raw size cap and incremental, capped gzip/deflate decoding.

Nothing is ever read or inflated past its cap, so a hostile endless body or a gzip bomb costs at most
about one chunk beyond the limit in memory.
"""

from __future__ import annotations

import http.client
import zlib
from collections.abc import Callable

CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    """Raw bytes exceeded the cap."""


class InflateTooLarge(Exception):
    """Decoded bytes exceeded the cap."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we did not ask for and cannot decode."""


class CorruptEncoding(Exception):
    """Compressed data that does not decode."""


class Inflater:
    """Incremental gzip/deflate decoder that refuses to produce more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.produced = 0
        self._first = True
        self._obj = self._new()

    def _new(self):
        if self.encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS)  # deflate is meant to be zlib-wrapped

    def _take(self, out: bytes, parts: list[bytes]) -> None:
        self.produced += len(out)
        if self.produced > self.limit:
            raise InflateTooLarge(self.produced)
        parts.append(out)

    def feed(self, data: bytes) -> bytes:
        parts: list[bytes] = []
        while data:
            budget = self.limit - self.produced + 1
            try:
                out = self._obj.decompress(data, budget)
            except zlib.error as exc:
                if self._first and self.encoding == "deflate":
                    # Many servers send raw deflate without the zlib header; retry the stream that way.
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise CorruptEncoding(str(exc)) from exc
            self._first = False
            self._take(out, parts)
            if self._obj.unconsumed_tail:
                data = self._obj.unconsumed_tail
                continue
            if self._obj.eof and self._obj.unused_data:
                # Concatenated gzip members are legal; anything else after the stream end is ignored.
                data = self._obj.unused_data
                if self.encoding != "gzip" or not data.startswith(b"\x1f\x8b"):
                    break
                self._obj = self._new()
                continue
            break
        return b"".join(parts)

    def finish(self) -> bytes:
        parts: list[bytes] = []
        try:
            self._take(self._obj.flush(), parts)
        except zlib.error as exc:
            raise CorruptEncoding(str(exc)) from exc
        return b"".join(parts)


def content_encoding(headers: dict[str, str]) -> str | None:
    """The single decoder to apply, None for identity; raises for anything else."""
    value = headers.get("content-encoding", "").strip().lower()
    codings = [c.strip() for c in value.split(",") if c.strip() and c.strip() != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip"):
        return "gzip"
    if len(codings) == 1 and codings[0] == "deflate":
        return "deflate"
    raise UnsupportedEncoding(value)


def read_body(
    response: http.client.HTTPResponse,
    headers: dict[str, str],
    max_bytes: int,
    max_inflated: int,
    before_read: Callable[[], None] | None = None,
) -> bytes:
    """Read and decode the body within both caps; ``before_read`` lets the caller enforce a deadline."""
    declared = headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(int(declared))
    encoding = content_encoding(headers)
    inflater = Inflater(encoding, max_inflated) if encoding else None
    parts: list[bytes] = []
    raw_total = 0
    while True:
        if before_read is not None:
            before_read()
        chunk = response.read1(min(CHUNK, max_bytes - raw_total + 1))
        if not chunk:
            break
        raw_total += len(chunk)
        if raw_total > max_bytes:
            raise BodyTooLarge(raw_total)
        parts.append(inflater.feed(chunk) if inflater else chunk)
    if inflater:
        parts.append(inflater.finish())
    return b"".join(parts)
