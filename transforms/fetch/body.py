"""Reading a body within two caps: raw bytes off the wire and bytes after gzip/deflate decoding.

urllib3 decodes the stream and, asked for ``CHUNK`` bytes, inflates no more than that per read, so a
hostile endless body or a gzip bomb costs at most about one chunk beyond the limit in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from urllib3.response import BaseHTTPResponse

CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    """Raw bytes exceeded the cap."""


class InflateTooLarge(Exception):
    """Decoded bytes exceeded the cap."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we did not ask for."""


def content_encoding(headers: Mapping[str, str]) -> str | None:
    """The single decoder to apply, None for identity; raises for anything but the gzip/deflate we accept."""
    value = headers.get("content-encoding", "").strip().lower()
    codings = [c.strip() for c in value.split(",") if c.strip() and c.strip() != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return codings[0]
    raise UnsupportedEncoding(value)


def read_body(
    response: BaseHTTPResponse,
    max_bytes: int,
    max_inflated: int,
    before_read: Callable[[], None] | None = None,
) -> bytes:
    """Read and decode the body within both caps; ``before_read`` lets the caller enforce a deadline."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(int(declared))
    inflated = content_encoding(response.headers) is not None
    parts: list[bytes] = []
    produced = 0
    while True:
        if before_read is not None:
            before_read()
        chunk = response.read(CHUNK, decode_content=True)
        if response.tell() > max_bytes:
            raise BodyTooLarge(response.tell())
        if not chunk:
            return b"".join(parts)
        produced += len(chunk)
        if inflated and produced > max_inflated:
            raise InflateTooLarge(produced)
        parts.append(chunk)
