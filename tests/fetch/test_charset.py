"""Encoding detection from headers and content, and decoding fallbacks."""

from __future__ import annotations

import codecs

import pytest

from transforms.fetch import FetchResult, decode_body, detect_encoding, fetch

CAFE_LATIN1 = "Café opens on the quay".encode("latin-1")


@pytest.mark.parametrize(
    "content_type, body, expected",
    [
        ("application/rss+xml; charset=ISO-8859-1", b"<rss/>", "iso8859-1"),
        ('text/html; charset="windows-1252"', b"<p>x</p>", "cp1252"),
        ("text/xml", b'<?xml version="1.0" encoding="ISO-8859-15"?><rss/>', "iso8859-15"),
        ("text/xml", b"<?xml version='1.0' encoding='utf-8' standalone='yes'?><rss/>", "utf-8"),
        ("text/html", b'<html><head><meta charset="koi8-r"><title>t</title>', "koi8-r"),
        (
            "text/html",
            b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
            "shift_jis",
        ),
        ("text/html", codecs.BOM_UTF8 + b"<p>hi</p>", "utf-8-sig"),
        ("text/xml; charset=iso-8859-1", codecs.BOM_UTF16_LE + "<rss/>".encode("utf-16-le"), "utf-16"),
        ("text/plain", b"just words", None),
        (None, b"<?xml version='1.0' encoding='no-such-codec'?>", None),
        (
            "text/xml",
            b'<?xml version="1.0" encoding="UTF-16"?><rss/>',
            None,
        ),  # readable as ASCII: label is wrong
        ("text/html; charset=utf-8", b'<meta charset="iso-8859-2">', "utf-8"),  # header beats meta
    ],
)
def test_detect_encoding(content_type, body, expected):
    headers = {"content-type": content_type} if content_type else {}
    assert detect_encoding(headers, body) == expected


def _result(body: bytes, encoding: str | None) -> FetchResult:
    return FetchResult(url="u", final_url="u", status=200, body=body, text_encoding=encoding)


def test_decode_body_uses_declared_encoding():
    assert decode_body(_result(CAFE_LATIN1, "iso8859-1")) == "Café opens on the quay"


def test_latin1_label_is_read_as_windows_1252():
    assert decode_body(_result(b"\x93quoted\x94", "iso8859-1")) == "\u201cquoted\u201d"


def test_unlabelled_utf8_then_cp1252_fallback():
    assert decode_body(_result("Zürich".encode(), None)) == "Zürich"
    assert decode_body(_result(CAFE_LATIN1, None)) == "Café opens on the quay"
    assert decode_body(_result(codecs.BOM_UTF8 + b"tide", None)) == "tide"


def test_bad_bytes_under_declared_utf8_are_replaced():
    assert decode_body(_result(b"ok \xff done", "utf-8")) == "ok \ufffd done"


def test_charset_end_to_end(server, policy):
    server.static("/h", 200, CAFE_LATIN1, {"Content-Type": "text/plain; charset=latin-1"})
    server.static(
        "/x", 200, b'<?xml version="1.0" encoding="windows-1252"?><t>\x80</t>', {"Content-Type": "text/xml"}
    )
    header = fetch(server.url("/h"), policy)
    assert header.text_encoding == "iso8859-1" and decode_body(header) == "Café opens on the quay"
    sniffed = fetch(server.url("/x"), policy)
    assert sniffed.text_encoding == "cp1252" and decode_body(sniffed).endswith("<t>€</t>")
