"""Deterministic ids and the bounded reject payload."""

from __future__ import annotations

from transforms.errors import PAYLOAD_LIMIT, InputError, truncate_payload
from transforms.ids import content_hash, stable_id


def test_stable_id_is_a_fixed_digest_of_its_parts():
    # Pinned: ids already written to Parquet must stay the same across releases.
    assert stable_id("a", "b") == "3c9d591045bc8876f9d0"
    assert content_hash("t", "b") == "6cc04ad208ed3c57a3d88c5f2dd45254d9e023ea673dcc8ad91c5f8e2361d37e"


def test_stable_id_part_boundaries_and_none_cannot_collide():
    assert stable_id("a", "b") != stable_id("ab")
    assert stable_id("a", "b") != stable_id("a b")
    assert stable_id(None) != stable_id("None")
    assert stable_id(None) != stable_id("")
    assert stable_id("a", None) != stable_id(None, "a")


def test_stable_id_length_and_int_parts():
    assert len(stable_id("x")) == 20
    assert len(stable_id("x", length=8)) == 8
    assert stable_id("x", length=8) == stable_id("x")[:8]
    assert stable_id("doc", 3, 17) == stable_id("doc", "3", "17")
    assert len(content_hash("title", "body")) == 64


def test_input_error_carries_type_message_and_payload():
    error = InputError("InvalidJson", "Expecting value at column 1", b"{oops")
    assert (error.error_type, error.message, error.payload) == (
        "InvalidJson",
        "Expecting value at column 1",
        b"{oops",
    )
    assert str(error) == "InvalidJson: Expecting value at column 1"


def test_truncate_payload_keeps_short_text_verbatim():
    assert truncate_payload(None) is None
    assert truncate_payload("Mayor resigns\n\tafter vote") == "Mayor resigns\n\tafter vote"
    assert truncate_payload("x" * PAYLOAD_LIMIT) == "x" * PAYLOAD_LIMIT


def test_truncate_payload_cuts_long_text_and_says_how_long_it_was():
    assert truncate_payload("x" * 2500) == "x" * 2000 + "... [2500 total]"
    assert truncate_payload("abcdef", limit=4) == "abcd... [6 total]"


def test_truncate_payload_escapes_bytes_that_are_not_utf8_and_control_characters():
    assert truncate_payload(b"caf\xc3\xa9 \xff\xfe") == "café \\xff\\xfe"
    assert truncate_payload("bell\x07 nul\x00 esc\x1b") == "bell\\x07 nul\\x00 esc\\x1b"
    assert truncate_payload(b"\x00\x01PNG") == "\\x00\\x01PNG"


def test_truncate_payload_cuts_long_bytes():
    assert truncate_payload(b"y" * 3000) == "y" * 2000 + "... [3000 total]"


def test_truncate_payload_marks_escaped_bytes_that_were_cut():
    assert truncate_payload(b"\xff" * 1000) == "\\xff" * 500 + "... [1000 total]"
    assert truncate_payload(b"\xff" * 400) == "\\xff" * 400


def test_truncate_payload_output_never_exceeds_limit_plus_marker():
    shown = truncate_payload("\x00" * 3000)
    assert len(shown) <= PAYLOAD_LIMIT + len("... [3000 total]")
    assert shown == "\\x00" * 500 + "... [3000 total]"


def test_truncate_payload_never_splits_an_escape_at_the_limit():
    assert truncate_payload("abc\x07", limit=5) == "abc... [4 total]"
    assert truncate_payload(b"ab\xe9", limit=6) == "ab\\xe9"
