"""Deterministic identifiers: the same input always gets the same id, on any runner, in any run."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 20) -> str:
    """A short hex digest of the parts; None and separators cannot make two part lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        encoded = ("\x00" if part is None else str(part)).encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()[:length]


def content_hash(*parts: str | None) -> str:
    """Full SHA-256 over text parts; identifies one version of a document's content."""
    return stable_id(*parts, length=64)
