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
    """A bounded, printable rendering of the offending input (bytes that are not UTF-8 are escaped)."""
    if payload is None:
        return None
    if isinstance(payload, bytes):
        head = payload[: limit * 4]
        text = head.decode("utf-8", errors="backslashreplace")
    else:
        text = payload
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in text[:limit])
    return text if len(payload) <= limit else text + f"... [{len(payload)} total]"
