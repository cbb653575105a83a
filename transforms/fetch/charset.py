"""Text encoding: from the Content-Type header or sniffed from the bytes, and decoding with a fallback."""

from __future__ import annotations

import codecs
import re

from .types import FetchResult

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
# Labels that browsers (WHATWG Encoding) read as windows-1252; Python's latin-1 would turn curly quotes into C1 controls.
_AS_CP1252 = frozenset({"ascii", "iso8859-1", "cp1252"})


def normalize_label(label: str | None) -> str | None:
    """Python's canonical codec name for ``label``, or None when it names no text codec."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return normalize_label(match.group(1)) if match else None


def bom_encoding(data: bytes) -> str | None:
    """``utf-16``/``utf-32``/``utf-8-sig`` when ``data`` starts with that byte-order mark, else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def sniff_charset(body: bytes) -> str | None:
    """BOM, then ``<?xml encoding=...?>``, then ``<meta charset>`` / http-equiv in the first 4 KiB."""
    if bom := bom_encoding(body):
        return bom
    head = body[:_SNIFF_BYTES]
    for pattern in (_XML_DECL, _META_CHARSET):
        match = pattern.search(head)
        if match:
            name = normalize_label(match.group(1).decode("ascii"))
            # A UTF-16/32 label in bytes we could read as ASCII is wrong by construction.
            if name and not name.startswith(("utf-16", "utf-32")):
                return name
    return None


def detect_encoding(headers: dict[str, str], body: bytes) -> str | None:
    """A BOM wins (it cannot be accidental), then the header charset, then in-document declarations."""
    return bom_encoding(body) or charset_from_content_type(headers.get("content-type")) or sniff_charset(body)


def decode_bytes(body: bytes, encoding: str | None) -> str:
    """Decode with the declared encoding (replacing bad bytes); unlabelled bytes try strict UTF-8, then windows-1252."""
    if encoding:
        name = normalize_label(encoding) or "utf-8"
        if name in _AS_CP1252:
            name = "cp1252"
        if name == "utf-8" and body.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        return body.decode(name, errors="replace")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def decode_body(result: FetchResult) -> str:
    """Text of a fetched body; see ``decode_bytes`` for the fallback order."""
    return decode_bytes(result.body, result.text_encoding)
