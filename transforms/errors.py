"""The one exception type stages raise for bad input; the transforms turn it into a reject row."""

from __future__ import annotations

PAYLOAD_LIMIT = 2000


class InputError(Exception):
    """An input that cannot become a document, with a short type and a readable reason."""

    def __init__(self, error_type: str, message: str, payload: bytes | str | None = None):
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message
        self.payload = payload


def truncate_payload(payload: bytes | str | None, limit: int = PAYLOAD_LIMIT) -> str | None:
    """A printable rendering of the offending input, at most ``limit`` characters plus a cut marker.

    Escapes (undecodable bytes, control characters) count against the limit, so a binary payload can
    never blow up a reject row; the marker appears exactly when something was left out.
    """
    if payload is None:
        return None
    if isinstance(payload, bytes):
        # A character is at most 4 UTF-8 bytes, so this head always renders to at least ``limit`` chars.
        head = payload[: limit * 4].decode("utf-8", errors="backslashreplace")
        cut = len(payload) > limit * 4
    else:
        head = payload[:limit]
        cut = len(payload) > limit
    pieces: list[str] = []
    size = 0
    for ch in head:
        piece = ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1]
        if size + len(piece) > limit:
            cut = True
            break
        pieces.append(piece)
        size += len(piece)
    text = "".join(pieces)
    return text + f"... [{len(payload)} total]" if cut else text
