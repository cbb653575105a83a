"""Pure parsers from input bytes to candidate documents.

Each reader yields, for one input, any mix of ``RawDoc`` (a candidate document), ``Reject`` (an input
that cannot be one, with the reason) and ``Skip`` (deliberately ignored, counted): never nothing, so
every input is accounted for. None of them knows about Beam or about where the bytes came from.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import email.utils
import json
import re
import typing
import urllib.parse
from collections.abc import Iterable, Iterator

from schemas import RawDoc, Reject, Skip
from schemas.tables import parse_timestamp
from transforms.errors import InputError, truncate_payload
from transforms.fetch import canonical_url
from transforms.fetch.charset import bom_encoding, decode_bytes, sniff_charset
from transforms.ids import content_hash, stable_id
from transforms.language import language_code

Outcome = RawDoc | Reject | Skip

_HTML_HINT = re.compile(r"<(?:p|div|br|a|span|h[1-6]|ul|ol|li|img|figure|blockquote|strong|em|b|i)\b", re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


def make_reject(
    input_ref: str, input_kind: str, stage: str, error: InputError | Exception, payload=None
) -> Reject:
    if isinstance(error, InputError):
        error_type, message, payload = (
            error.error_type,
            error.message,
            error.payload if payload is None else payload,
        )
    else:
        error_type, message = type(error).__name__, str(error) or type(error).__name__
    return Reject(
        reject_id=stable_id(input_ref, stage, error_type),
        input_ref=input_ref,
        input_kind=input_kind,
        error_type=error_type,
        error_message=message,
        payload=truncate_payload(payload),
        stage=stage,
    )


_BOM_NAMES = {"utf-32": "UTF-32", "utf-16": "UTF-16"}


def _around(data: bytes, at: int) -> bytes:
    """The bytes around a bad one, for the reject's sample."""
    return data[max(0, at - 80) : at + 80]


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (BOM allowed), or UTF-16/32 announced by a BOM: never mojibake.

    NUL bytes anywhere (in UTF-16/32: a decoded U+0000) mean binary content, wherever they are.
    """
    encoding = bom_encoding(data)
    if encoding in _BOM_NAMES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                "InvalidEncoding",
                f"not valid {_BOM_NAMES[encoding]} at byte {exc.start}",
                _around(data, exc.start),
            ) from None
        if "\x00" in text:
            raise InputError("BinaryContent", "input contains NUL characters; not a text file", data[:200])
        return text
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            "BinaryContent",
            "input contains NUL bytes; not a text file",
            data[:200] if nul < 200 else _around(data, nul),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "InvalidUtf8",
            f"not valid UTF-8 at byte {exc.start}",
            _around(data, exc.start),
        ) from None


def normalise_published(value: str | None) -> str | None:
    """ISO 8601 or RFC 822 to ISO 8601 keeping the writer's UTC offset; naive times are taken as UTC."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        parsed = parse_timestamp(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise InputError("InvalidPublished", f"unparseable publication time {text!r}") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.isoformat()


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text[:5000]) is not None


def url_doc_id(url: str) -> str:
    return stable_id("url", canonical_url(url))


EMPTY_FILE = "empty_file"  # Skip reason of a zero-byte file: nothing to read, nothing wrong


def file_identity(path: str) -> str:
    """What identifies a file-backed input: its absolute path (URLs such as gs:// as given).

    Documents without an id or URL of their own take their doc_id from this (and the line number for
    JSONL), so editing a file replaces its document on the next run instead of adding a second one.
    """
    if "://" in path:
        return path
    import os

    return os.path.abspath(path)


def file_doc_id(path: str, line_no: int | None = None) -> str:
    if line_no is None:
        return stable_id("file", file_identity(path))
    return stable_id("file-line", file_identity(path), line_no)


def _raw(**fields) -> RawDoc:
    base = dict(title=None, url=None, source=None, published=None, published_from=None, language=None)
    base.update(fields)
    base["content_hash"] = content_hash(base["title"], base["content"])
    return RawDoc(**base)


def read_txt(path: str, data: bytes, source: str | None = None) -> Iterator[Outcome]:
    """A ``.txt`` file is one document; its first line is the title when a blank line follows it.

    Its identity is its path (see ``file_doc_id``); a zero-byte file is a counted ``empty_file`` skip.
    """
    if not data:
        yield Skip(input_ref=path, reason=EMPTY_FILE)
        return
    try:
        text = decode_text(data)
    except InputError as exc:
        yield make_reject(path, "txt", "read", exc)
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = None
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip():
        title, lines = lines[0].strip(), lines[2:]
    body = "\n".join(lines).strip()
    if not body:
        yield make_reject(
            path, "txt", "read", InputError("EmptyDocument", "no text after the title", data[:200])
        )
        return
    yield _raw(
        doc_id=file_doc_id(path),
        input_kind="txt",
        input_ref=path,
        body_from="file",
        content=body,
        content_format="text",
        title=title,
        source=source,
    )


_JSONL_STR_KEYS = ("id", "title", "url", "source", "published", "language")


def parse_jsonl_line(path: str, line_no: int, line: bytes, source: str | None = None) -> Outcome:
    ref = f"{path}#line={line_no}"
    try:
        try:
            record = json.loads(decode_text(line))
        except json.JSONDecodeError as exc:
            raise InputError("InvalidJson", f"{exc.msg} at column {exc.colno}", line) from None
        if not isinstance(record, dict):
            raise InputError("InvalidJson", f"expected an object, got {type(record).__name__}", line)
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError("MissingText", "JSONL record has no non-empty 'text'", line)
        values = {k: record.get(k) for k in _JSONL_STR_KEYS}
        for key, value in values.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
                raise InputError("InvalidField", f"'{key}' must be a string", line)
            values[key] = None if value is None or str(value).strip() == "" else str(value).strip()
        published = normalise_published(values["published"])
    except InputError as exc:
        return make_reject(ref, "jsonl", "parse", exc)
    src = values["source"] or source
    if values["id"] is not None:
        doc_id = stable_id("jsonl", src, values["id"])
    elif values["url"] is not None:
        doc_id = url_doc_id(values["url"])
    else:
        doc_id = file_doc_id(path, line_no)
    return _raw(
        doc_id=doc_id,
        input_kind="jsonl",
        input_ref=ref,
        body_from="jsonl",
        content=text,
        content_format="fragment" if looks_like_html(text) else "text",
        title=values["title"],
        url=canonical_url(values["url"]) if values["url"] else None,
        source=src,
        published=published,
        published_from="jsonl" if published else None,
        language=language_code(values["language"]),
    )


class OversizedLine(typing.NamedTuple):
    """A line longer than the cap: its bytes were dropped as they streamed past, only counted."""

    size: int
    limit: int


def split_lines(chunks: Iterable[bytes], max_bytes: int) -> Iterator[bytes | OversizedLine]:
    """The lines of a byte stream (without the newline), holding at most ``max_bytes`` of one line.

    A longer line becomes one ``OversizedLine`` and the lines after it go on; memory stays bounded by
    the cap plus one chunk whatever the file's size.
    """
    pending = bytearray()
    dropping = -1  # bytes of the oversized line seen so far; -1 while not dropping
    for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            if dropping >= 0:
                dropping += len(piece)
            else:
                pending += piece
                if len(pending) > max_bytes:
                    dropping = len(pending)
                    pending = bytearray()
            if end < 0:
                break
            if dropping >= 0:
                yield OversizedLine(dropping, max_bytes)
                dropping = -1
            else:
                yield bytes(pending)
                pending = bytearray()
            start = end + 1
    if dropping >= 0:
        yield OversizedLine(dropping, max_bytes)
    elif pending:
        yield bytes(pending)


def utf8_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A byte stream as UTF-8: UTF-16/32 announced by a BOM is decoded incrementally and re-encoded
    (so lines can be split on ``\\n`` bytes); anything else passes through untouched."""
    stream = iter(chunks)
    head = b""
    for chunk in stream:
        head += chunk
        if len(head) >= 4:
            break
    encoding = bom_encoding(head)
    if encoding not in _BOM_NAMES:
        if head:
            yield head
        yield from stream
        return
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    try:
        for chunk in _chain(head, stream):
            yield decoder.decode(chunk).encode("utf-8")
            offset += len(chunk)
        yield decoder.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "InvalidEncoding", f"not valid {_BOM_NAMES[encoding]} near byte {offset + exc.start}"
        ) from None


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def read_jsonl(
    path: str, lines: Iterable[bytes | OversizedLine], source: str | None = None
) -> Iterator[Outcome]:
    """One document a line; blank lines are counted skips, an over-long line one ``TooLarge`` reject.

    A file without any line (zero bytes) is one ``empty_file`` skip.
    """
    line_no = 0
    for line_no, line in enumerate(lines, start=1):
        ref = f"{path}#line={line_no}"
        if isinstance(line, OversizedLine):
            error = InputError(
                "TooLarge", f"line of {line.size} bytes exceeds --max-input-bytes={line.limit}"
            )
            yield make_reject(ref, "jsonl", "read", error)
        elif not line.strip():
            yield Skip(input_ref=ref, reason="blank_line")
        else:
            yield parse_jsonl_line(path, line_no, line, source)
    if line_no == 0:
        yield Skip(input_ref=path, reason=EMPTY_FILE)


def _entry_published(entry) -> tuple[str | None, str | None]:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            try:
                return normalise_published(raw), "feed"
            except InputError:
                parsed = entry.get(f"{key}_parsed")
                if parsed:
                    stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)
                    return stamp.isoformat(), "feed"
    return None, None


def _entry_content(entry) -> tuple[str, str, str]:
    """The entry's fullest text, its format, and which field it came from."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if candidates:
        chosen = max(candidates, key=lambda c: len(c["value"]))
        value, mime, origin = chosen["value"], chosen.get("type", ""), "feed_content"
    else:
        value = entry.get("summary") or ""
        mime, origin = (entry.get("summary_detail") or {}).get("type", ""), "feed_summary"
    is_html = "html" in mime or looks_like_html(value)
    return value, "fragment" if is_html else "text", origin


def parse_feed(ref: str, data: bytes) -> Iterator[Outcome]:
    """RSS 0.9x/1.0/2.0 or Atom bytes to one candidate per entry.

    XML declaring entities is refused outright (no external entities, no entity bombs). Malformed XML
    that the lenient parser still recovers entries from yields those entries plus one reject naming
    the fault, so the damage is visible.
    """
    import feedparser  # heavy import, kept out of module import time

    if _ENTITY_DECL.search(data[:65536]):
        yield make_reject(
            ref, "feed", "parse", InputError("EntityDeclaration", "feed declares XML entities", data[:300])
        )
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not version and not entries:
        # Plain text, JSON or HTML: the XML parser's complaint (bozo) only says it is not XML at all.
        yield make_reject(
            ref, "feed", "parse", InputError("NotAFeed", "no RSS or Atom structure found", data[:300])
        )
        return
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.get("bozo")) and type(exc).__name__ not in ("CharacterEncodingOverride",)
    if malformed:
        message = f"{type(exc).__name__}: {exc}" if exc else "malformed feed"
        if entries:
            message += f" ({len(entries)} entries recovered by the lenient parser)"
        yield make_reject(ref, "feed", "parse", InputError("MalformedFeed", message, data[:500]))
    if not entries:
        if not malformed:
            yield Skip(input_ref=ref, reason="empty_feed")
        return
    feed_title = (parsed.get("feed") or {}).get("title") or None
    for index, entry in enumerate(entries):
        entry_ref = f"{ref}#entry={index}"
        content, fmt, body_from = _entry_content(entry)
        title = (entry.get("title") or "").strip() or None
        if not content.strip() and not title:
            yield make_reject(
                entry_ref, "feed", "parse", InputError("EmptyEntry", "entry has no content, summary or title")
            )
            continue
        link = entry.get("link") or None
        guid = entry.get("id") or None
        if guid and re.match(r"https?://", guid):
            doc_id = url_doc_id(guid)
        elif link:
            doc_id = url_doc_id(link)
        elif guid:
            doc_id = stable_id("guid", feed_title, guid)
        else:
            doc_id = stable_id("content", content_hash(title, content))
        published, published_from = _entry_published(entry)
        language = entry.get("language") or (parsed.get("feed") or {}).get("language")
        yield _raw(
            doc_id=doc_id,
            input_kind="feed",
            input_ref=entry_ref,
            body_from=body_from,
            content=content or (title or ""),
            content_format=fmt,
            title=title,
            url=canonical_url(link) if link else None,
            source=feed_title,
            published=published,
            published_from=published_from,
            language=language_code(language),
        )


_CANONICAL = (
    re.compile(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"'\s>]+)""", re.I),
    re.compile(r"""<link\b[^>]*\bhref=["']([^"'\s>]+)["'][^>]*\brel=["']?canonical""", re.I),
    re.compile(r"""<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"'\s>]+)""", re.I),
)


def page_url(html: str) -> str | None:
    """The page's own canonical URL, found cheaply so the id is known before extraction."""
    head = html[:65536]
    for pattern in _CANONICAL:
        match = pattern.search(head)
        if match and re.match(r"https?://", match.group(1), re.I):
            return canonical_url(match.group(1))
    return None


def read_html(path: str, data: bytes, source: str | None = None) -> Iterator[Outcome]:
    """A saved page is one candidate; extraction happens in the document stage.

    Decoding follows the fetch layer (BOM, then a declared charset, else strict UTF-8, then the legacy
    code page that reads it best) so a saved page and the same page fetched live give the same text.
    """
    if not data:
        yield Skip(input_ref=path, reason=EMPTY_FILE)
        return
    # Checked after decoding: UTF-16/32 text is full of NUL bytes, but only binary decodes to U+0000.
    text = decode_bytes(data, sniff_charset(data))
    if "\x00" in text:
        yield make_reject(
            path, "html", "read", InputError("BinaryContent", "page contains NUL bytes", data[:200])
        )
        return
    if not text.strip():
        yield make_reject(path, "html", "read", InputError("EmptyDocument", "empty page"))
        return
    url = page_url(text)
    yield _raw(
        doc_id=url_doc_id(url) if url else file_doc_id(path),
        input_kind="html",
        input_ref=path,
        body_from="file",
        content=text,
        content_format="html",
        url=url,
        source=_site(url) or source,
    )


def _site(url: str | None) -> str | None:
    """A page's source is its site: the host without ``www.``."""
    if not url:
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
