"""Text encoding: from the Content-Type header or sniffed from the bytes, and decoding with a fallback.

What the bytes declare always wins (a BOM, then the header, then ``<?xml encoding>`` / ``<meta charset>``).
Undeclared bytes are UTF-8 when they decode as UTF-8; otherwise charset-normalizer picks among the
legacy code pages of the languages we read, so an unlabelled windows-1251 or KOI8-R page is Cyrillic
and not windows-1252 mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

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
# Legacy single-byte code pages of the languages we read (en de es fr it pt: windows-1252 and ISO 8859-15;
# pl: windows-1250 and ISO 8859-2; uk ru: windows-1251, KOI8-R/U, ISO 8859-5, Mac Cyrillic). Letting the
# detector consider only these keeps it from exotic guesses (DOS code pages, CJK) on short texts.
LEGACY_ENCODINGS = (
    "cp1252",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
)


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
    """Decode with the declared encoding (replacing bad bytes); unlabelled bytes try strict UTF-8, then the
    best-fitting legacy code page (``guess_legacy_encoding``)."""
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
        return body.decode(guess_legacy_encoding(body), errors="replace")


def guess_legacy_encoding(body: bytes) -> str:
    """The legacy code page that reads ``body`` best; windows-1252 when it reads it as well as the best
    (it is the web's default for unlabelled text, and windows-1250 often ties with it on French or German)."""
    matches = from_bytes(body, cp_isolation=list(LEGACY_ENCODINGS))
    best = matches.best()
    if best is None:
        return "cp1252"
    for match in matches:
        if match.encoding == "cp1252" and (match.chaos, -match.coherence) <= (best.chaos, -best.coherence):
            return "cp1252"
    return best.encoding


def decode_body(result: FetchResult) -> str:
    """Text of a fetched body; see ``decode_bytes`` for the fallback order."""
    return decode_bytes(result.body, result.text_encoding)
