"""decode_text, normalise_published, read_txt and the JSONL reader."""

from __future__ import annotations

import os

import pytest

from schemas import RawDoc, Reject, Skip
from transforms.errors import InputError
from transforms.ids import stable_id
from transforms.language import language_code
from transforms.readers import (
    decode_text,
    file_doc_id,
    looks_like_html,
    make_reject,
    normalise_published,
    parse_jsonl_line,
    read_jsonl,
    read_txt,
    url_doc_id,
)

# --- decode_text -----------------------------------------------------------------------------------


def test_decode_text_strict_utf8_and_bom():
    assert decode_text(b"Stadtrat tagt am Montag") == "Stadtrat tagt am Montag"
    assert decode_text(b"\xef\xbb\xbfFerry news") == "Ferry news"
    assert decode_text("Привіт".encode()) == "Привіт"


def test_decode_text_nul_bytes_are_binary_content():
    with pytest.raises(InputError) as info:
        decode_text(b"GIF89a\x00\x01\x02")
    assert info.value.error_type == "BinaryContent"
    assert info.value.payload == b"GIF89a\x00\x01\x02"


def test_decode_text_invalid_utf8_names_the_byte_offset():
    data = b"Council votes " + b"\xe9" + b"lection results"
    with pytest.raises(InputError) as info:
        decode_text(data)
    assert info.value.error_type == "InvalidUtf8"
    assert info.value.message == "not valid UTF-8 at byte 14"
    assert info.value.payload == data


def test_decode_text_invalid_utf8_payload_is_a_window_around_the_fault():
    data = b"a" * 300 + b"\xff" + b"b" * 300
    with pytest.raises(InputError) as info:
        decode_text(data)
    assert info.value.message == "not valid UTF-8 at byte 300"
    assert info.value.payload == b"a" * 80 + b"\xff" + b"b" * 79


# --- normalise_published ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-06-24T10:00:00Z", "2025-06-24T10:00:00+00:00"),
        ("2025-06-24T10:00:00+02:00", "2025-06-24T10:00:00+02:00"),
        ("2025-06-24T10:00:00-05:30", "2025-06-24T10:00:00-05:30"),
        ("2025-06-24T10:00:00", "2025-06-24T10:00:00+00:00"),
        ("2025-06-24", "2025-06-24T00:00:00+00:00"),
        ("  2025-06-24T10:00:00+02:00  ", "2025-06-24T10:00:00+02:00"),
        ("Tue, 24 Jun 2025 18:45:00 +0300", "2025-06-24T18:45:00+03:00"),
        ("Tue, 24 Jun 2025 18:45:00 GMT", "2025-06-24T18:45:00+00:00"),
        ("24 Jun 2025 18:45:00 -0400", "2025-06-24T18:45:00-04:00"),
    ],
)
def test_normalise_published_iso_and_rfc822(given, expected):
    assert normalise_published(given) == expected


@pytest.mark.parametrize("given", [None, "", "   "])
def test_normalise_published_blank_is_none(given):
    assert normalise_published(given) is None


@pytest.mark.parametrize("given", ["last Tuesday", "2025-13-45", "Tue, 31 Foo 2025"])
def test_normalise_published_garbage_is_invalid_published(given):
    with pytest.raises(InputError) as info:
        normalise_published(given)
    assert info.value.error_type == "InvalidPublished"
    assert info.value.message == f"unparseable publication time {given!r}"


# --- read_txt --------------------------------------------------------------------------------------


def test_read_txt_first_line_is_title_when_a_blank_line_follows():
    (doc,) = read_txt(
        "in/harbour/ferry.txt",
        b"Ferry fares rise\n\nFares go up on 1 July.\nSeason tickets too.\n",
        "harbour",
    )
    assert isinstance(doc, RawDoc)
    assert doc.title == "Ferry fares rise"
    assert doc.content == "Fares go up on 1 July.\nSeason tickets too."
    assert (doc.input_kind, doc.input_ref, doc.content_format, doc.source) == (
        "txt",
        "in/harbour/ferry.txt",
        "text",
        "harbour",
    )
    assert (doc.url, doc.published, doc.published_from, doc.language) == (None, None, None, None)
    assert (
        doc.doc_id
        == file_doc_id("in/harbour/ferry.txt")
        == stable_id("file", os.path.abspath("in/harbour/ferry.txt"))
    )


def test_read_txt_no_blank_second_line_means_no_title():
    (doc,) = read_txt("a.txt", b"Fares go up on 1 July.\nSeason tickets too.\n")
    assert doc.title is None
    assert doc.content == "Fares go up on 1 July.\nSeason tickets too."


def test_read_txt_single_line_is_body_not_title():
    (doc,) = read_txt("a.txt", b"Fares go up on 1 July.")
    assert (doc.title, doc.content) == (None, "Fares go up on 1 July.")


def test_read_txt_crlf_and_bom_are_normalised():
    (doc,) = read_txt("a.txt", b"\xef\xbb\xbfFerry fares rise\r\n\r\nFares go up.\r\nSeason tickets too.\r\n")
    assert doc.title == "Ferry fares rise"
    assert doc.content == "Fares go up.\nSeason tickets too."


def test_read_txt_identity_is_the_path_so_an_edit_replaces_the_old_version():
    (a,) = read_txt("one/a.txt", b"Title\n\nBody text.")
    (b,) = read_txt("two/b.txt", b"Title\n\nBody text.")
    (edited,) = read_txt("one/a.txt", b"Other title\n\nBody text, corrected.")
    (absolute,) = read_txt(os.path.abspath("one/a.txt"), b"Title\n\nBody text.")
    assert a.doc_id == edited.doc_id == absolute.doc_id  # same file, however it is spelled
    assert a.content_hash != edited.content_hash  # ... a new version of it
    assert a.doc_id != b.doc_id  # the same text in two files is two documents
    assert read_txt("gs://bucket/a.txt", b"x").__next__().doc_id == stable_id("file", "gs://bucket/a.txt")


def test_read_txt_zero_bytes_is_an_empty_file_skip():
    assert list(read_txt("in/empty.txt", b"")) == [Skip(input_ref="in/empty.txt", reason="empty_file")]


@pytest.mark.parametrize("data", [b"Ferry fares rise\n\n", b"Ferry fares rise\n\n   \n\n", b"\n\n\n"])
def test_read_txt_without_body_is_rejected(data):
    (reject,) = read_txt("in/empty.txt", data)
    assert isinstance(reject, Reject)
    assert (reject.error_type, reject.stage, reject.input_kind, reject.input_ref) == (
        "EmptyDocument",
        "read",
        "txt",
        "in/empty.txt",
    )
    assert reject.error_message == "no text after the title"
    assert reject.reject_id == stable_id("in/empty.txt", "read", "EmptyDocument")


def test_read_txt_binary_and_mis_encoded_files_are_rejected():
    (binary,) = read_txt("in/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert (binary.error_type, binary.payload) == ("BinaryContent", "\\x89PNG\\r\n\\x1a\n\\x00\\x00")
    (latin,) = read_txt("in/old.txt", "Caf\u00e9 closes".encode("latin-1"))
    assert (latin.error_type, latin.error_message, latin.payload) == (
        "InvalidUtf8",
        "not valid UTF-8 at byte 3",
        "Caf\\xe9 closes",
    )


# --- JSONL -----------------------------------------------------------------------------------------


EXPECTED_JSONL = {
    "doc_id": stable_id("jsonl", "Harbour Gazette", "hg-77"),
    "input_kind": "jsonl",
    "input_ref": "in/news.jsonl#line=4",
    "content": "The pier reopens on Friday.",
    "content_format": "text",
    "title": "Pier reopens",
    "url": "https://gazette.example/pier?page=2",
    "source": "Harbour Gazette",
    "published": "2025-06-24T18:45:00+03:00",
    "published_from": "jsonl",
    "language": "en",
}


def test_jsonl_all_keys_and_unknown_keys_ignored():
    line = (
        b'{"text": "The pier reopens on Friday.", "id": "hg-77", "title": " Pier reopens ", '
        b'"url": "HTTPS://Gazette.Example/pier?utm_source=x&page=2#top", "source": "Harbour Gazette", '
        b'"published": "2025-06-24T18:45:00+03:00", "language": "en", "author": "A. Writer", "tags": [1]}'
    )
    doc = parse_jsonl_line("in/news.jsonl", 4, line, source="folder")
    pinned = {k: getattr(doc, k) for k in EXPECTED_JSONL}
    assert pinned == EXPECTED_JSONL


def test_jsonl_doc_id_precedence_id_then_url_then_content():
    by_id = parse_jsonl_line(
        "f.jsonl", 1, b'{"text": "Body.", "id": 12, "url": "https://n.example/a"}', "desk"
    )
    by_url = parse_jsonl_line(
        "f.jsonl", 2, b'{"text": "Body.", "url": "https://n.example/a?utm_medium=rss"}', "desk"
    )
    by_hash = parse_jsonl_line("f.jsonl", 3, b'{"text": " Body. ", "title": "Head"}', "desk")
    assert by_id.doc_id == stable_id("jsonl", "desk", "12")
    assert by_url.doc_id == url_doc_id("https://n.example/a") == stable_id("url", "https://n.example/a")
    assert (
        by_hash.doc_id == file_doc_id("f.jsonl", 3) == stable_id("file-line", os.path.abspath("f.jsonl"), 3)
    )
    edited = parse_jsonl_line("f.jsonl", 3, b'{"text": "Body, corrected."}', "desk")
    assert edited.doc_id == by_hash.doc_id  # an edited line replaces its old version
    assert parse_jsonl_line("f.jsonl", 4, b'{"text": " Body. ", "title": "Head"}').doc_id != by_hash.doc_id


def test_jsonl_same_id_in_two_sources_are_two_documents():
    a = parse_jsonl_line("f.jsonl", 1, b'{"text": "x", "id": "1", "source": "Gazette"}')
    b = parse_jsonl_line("f.jsonl", 2, b'{"text": "x", "id": "1", "source": "Courier"}')
    assert a.doc_id != b.doc_id


def test_jsonl_blank_values_become_none_and_folder_source_is_the_fallback():
    doc = parse_jsonl_line(
        "f.jsonl", 1, b'{"text": "Body.", "title": "  ", "url": "", "published": null}', "desk"
    )
    assert (doc.title, doc.url, doc.published, doc.published_from, doc.source) == (
        None,
        None,
        None,
        None,
        "desk",
    )


def test_jsonl_markup_is_a_fragment_and_plain_text_is_text():
    doc = parse_jsonl_line("f.jsonl", 1, b'{"text": "<p>The pier reopens.</p><p>More soon.</p>"}')
    assert doc.content_format == "fragment"
    plain = parse_jsonl_line("f.jsonl", 2, b'{"text": "Prices rose 3 < 5 percent."}')
    assert plain.content_format == "text"


@pytest.mark.parametrize(
    ("line", "error_type", "message"),
    [
        (b"[1, 2]", "InvalidJson", "expected an object, got list"),
        (b'"just a string"', "InvalidJson", "expected an object, got str"),
        (b'{"text": "unterminated', "InvalidJson", "Unterminated string starting at at column 10"),
        (b'{"title": "No body"}', "MissingText", "JSONL record has no non-empty 'text'"),
        (b'{"text": "   "}', "MissingText", "JSONL record has no non-empty 'text'"),
        (b'{"text": 42}', "MissingText", "JSONL record has no non-empty 'text'"),
        (b'{"text": "ok", "title": ["a"]}', "InvalidField", "'title' must be a string"),
        (b'{"text": "ok", "id": true}', "InvalidField", "'id' must be a string"),
        (b'{"text": "ok", "source": false}', "InvalidField", "'source' must be a string"),
        (
            b'{"text": "ok", "published": "the other day"}',
            "InvalidPublished",
            "unparseable publication time 'the other day'",
        ),
        (b'{"text": "caf\xe9"}', "InvalidUtf8", "not valid UTF-8 at byte 13"),
    ],
)
def test_jsonl_bad_lines_are_parse_rejects(line, error_type, message):
    reject = parse_jsonl_line("in/feed.jsonl", 7, line)
    assert isinstance(reject, Reject)
    assert (reject.error_type, reject.error_message) == (error_type, message)
    assert (reject.input_ref, reject.input_kind, reject.stage) == ("in/feed.jsonl#line=7", "jsonl", "parse")


def test_read_jsonl_numbers_lines_and_skips_blank_ones():
    lines = [b'\xef\xbb\xbf{"text": "First."}\n', b"\n", b"   \r\n", b"{broken\n", b'{"text": "Last."}']
    outcomes = list(read_jsonl("in/f.jsonl", lines, "desk"))
    assert [type(o).__name__ for o in outcomes] == ["RawDoc", "Skip", "Skip", "Reject", "RawDoc"]
    assert outcomes[1] == Skip(input_ref="in/f.jsonl#line=2", reason="blank_line")
    assert outcomes[2] == Skip(input_ref="in/f.jsonl#line=3", reason="blank_line")
    assert outcomes[3].input_ref == "in/f.jsonl#line=4"
    assert (outcomes[0].content, outcomes[4].content) == ("First.", "Last.")
    assert outcomes[4].input_ref == "in/f.jsonl#line=5"


def test_read_txt_title_and_body_are_trimmed():
    (doc,) = read_txt("a.txt", b"   Ferry fares rise  \n \n\n  Fares go up.  \n\n")
    assert (doc.title, doc.content) == ("Ferry fares rise", "Fares go up.")


def test_make_reject_from_an_input_error_and_from_any_exception():
    reject = make_reject("in/a.txt", "txt", "read", InputError("EmptyDocument", "empty", b"\x00"))
    assert reject == Reject(
        reject_id=stable_id("in/a.txt", "read", "EmptyDocument"),
        input_ref="in/a.txt",
        input_kind="txt",
        error_type="EmptyDocument",
        error_message="empty",
        payload="\\x00",
        stage="read",
    )
    other = make_reject("in/b.html", "html", "extract", ValueError(), payload="<p>x</p>")
    assert (other.error_type, other.error_message, other.payload) == ("ValueError", "ValueError", "<p>x</p>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>The pier reopens.</p>", True),
        ("Line one<br/>line two", True),
        ('See <a href="https://x.example">the map</a>', True),
        ("Prices rose 3 < 5 percent and <paragraph> is not a tag", False),
        ("Plain words only.", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("EN-GB", "en"),
        ("en_US", "en"),
        (" de ", "de"),
        ("fil", "fil"),
        ("zh-Hant-TW", "zh"),
        ("", None),
        (None, None),
        ("english please", None),
        ("12", None),
    ],
)
def test_language_code_is_the_primary_subtag(tag, expected):
    assert language_code(tag) == expected


def test_jsonl_language_is_the_primary_subtag():
    doc = parse_jsonl_line("f.jsonl", 1, b'{"text": "Body.", "language": "PT-br"}')
    assert doc.language == "pt"
