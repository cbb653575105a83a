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


# Invented text: a Kyiv council notice (Ukrainian) and a Volga ferry timetable note (Russian).
UKRAINIAN = (
    "<html><head><title>Новини міста</title></head><body><p>Міська рада зібралася у вівторок, щоб "
    "обговорити новий міст через річку. Голова ради сказав, що будівництво почнеться навесні, а "
    "перші трамваї поїдуть мостом уже наступної осені.</p></body></html>"
)
RUSSIAN = (
    "<html><head><title>Расписание</title></head><body><p>Паром через Волгу начнёт ходить с первого "
    "мая. Городской совет обещает, что билеты подешевеют, а по выходным добавят вечерний рейс.</p>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "path, text, codec",
    [("/uk-1251", UKRAINIAN, "cp1251"), ("/ru-koi8", RUSSIAN, "koi8-r"), ("/uk-koi8u", UKRAINIAN, "koi8-u")],
)
def test_unlabelled_cyrillic_pages_are_read_as_cyrillic(server, policy, path, text, codec):
    """No charset anywhere and not UTF-8: the legacy code page is detected, not windows-1252 mojibake."""
    server.static(path, 200, text.encode(codec), {"Content-Type": "text/html"})
    result = fetch(server.url(path), policy)
    assert result.text_encoding is None  # nothing was declared
    assert decode_body(result) == text


def test_unlabelled_western_text_stays_windows_1252():
    """windows-1250 reads French as well as windows-1252 except for a few letters: the tie goes to 1252."""
    page = "<p>Le café ferme à midi ; la bibliothèque rouvre après les fêtes.</p>"
    assert decode_body(_result(page.encode("cp1252"), None)) == page


def test_declared_charset_is_never_second_guessed():
    koi8 = RUSSIAN.encode("koi8-r")
    assert decode_body(_result(koi8, "cp1251")) == koi8.decode("cp1251")
