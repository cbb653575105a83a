"""Issue 14, readers and discovery: every path and every line ends as a document, a reject or a named skip."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from schemas import RawDoc, Reject, Skip
from transforms.beam.sources import InputFile, InputSpec, ReadInputs, expand_spec, match_local
from transforms.errors import InputError
from transforms.readers import (
    OversizedLine,
    decode_text,
    read_html,
    read_jsonl,
    read_txt,
    split_lines,
    utf8_chunks,
)

# --- NUL bytes and UTF-16/32 -----------------------------------------------------------------------


def test_nul_bytes_after_the_first_8_kib_are_binary_content_too():
    data = b"Council meets on Monday.\n" * 400 + b"tail \x00 here\n"
    assert len(data) > 8192
    with pytest.raises(InputError) as info:
        decode_text(data)
    assert info.value.error_type == "BinaryContent"
    assert info.value.payload.count(b"\x00") == 1  # the payload shows where the NUL is
    (reject,) = read_txt("in/late-nul.txt", data)
    assert (reject.error_type, reject.stage) == ("BinaryContent", "read")


def test_nul_late_in_an_html_page_is_binary_content():
    page = "<html><body>" + "<p>The ferry runs daily.</p>" * 400 + "<p>a\x00b</p></body></html>"
    assert page.index("\x00") > 8192
    (reject,) = read_html("saved/late.html", page.encode())
    assert (reject.error_type, reject.stage) == ("BinaryContent", "read")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_text_with_bom_is_decoded(codec):
    text = "Міст відкриють 24 червня.\nLe café ferme."
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    assert decode_text(bom + text.encode(codec)) == text
    (doc,) = read_txt("in/u.txt", ("Title\n\n" + text).encode("utf-16"))
    assert isinstance(doc, RawDoc)
    assert (doc.title, doc.content) == ("Title", text)


def test_utf16_that_decodes_to_nul_is_binary_and_broken_utf16_is_named():
    with pytest.raises(InputError) as info:
        decode_text("a\x00b".encode("utf-16"))
    assert info.value.error_type == "BinaryContent"
    with pytest.raises(InputError) as info:
        decode_text("ab".encode("utf-16-le").join([b"\xff\xfe", b"\x00\xd8"]))  # lone high surrogate
    assert info.value.error_type == "InvalidEncoding"
    assert info.value.message.startswith("not valid UTF-16 at byte")


def _chunks(data: bytes, size: int):
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20])
def test_one_record_utf16_jsonl_is_one_document(chunk):
    data = '{"text": "Die Brücke öffnet am 24. Juni.", "id": "b1"}\n'.encode("utf-16")
    lines = split_lines(utf8_chunks(_chunks(data, chunk)), 1000)
    outcomes = list(read_jsonl("in/u16.jsonl", lines, "desk"))
    assert [type(o) for o in outcomes] == [RawDoc]
    assert outcomes[0].content == "Die Brücke öffnet am 24. Juni."


def test_utf32_jsonl_lines_and_utf8_passthrough():
    text = '{"text": "Eins."}\n\n{"text": "Zwei."}'
    for data in (text.encode("utf-32"), text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode()):
        outcomes = list(read_jsonl("in/x.jsonl", split_lines(utf8_chunks(_chunks(data, 5)), 100)))
        assert [type(o).__name__ for o in outcomes] == ["RawDoc", "Skip", "RawDoc"]
        assert [o.content for o in outcomes if isinstance(o, RawDoc)] == ["Eins.", "Zwei."]


# --- line splitting under a cap ---------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 4, 10, 1 << 20])
def test_split_lines_turns_an_oversized_line_into_one_marker_and_goes_on(chunk):
    data = b"short\n" + b"x" * 25 + b"\nafter\n\nlast"
    assert list(split_lines(_chunks(data, chunk), 10)) == [
        b"short",
        OversizedLine(25, 10),
        b"after",
        b"",
        b"last",
    ]
    assert list(split_lines(_chunks(b"ok\n" + b"y" * 11, chunk), 10)) == [b"ok", OversizedLine(11, 10)]
    assert list(split_lines(_chunks(b"exactly10!\n", chunk), 10)) == [b"exactly10!"]


def test_oversized_jsonl_line_is_one_too_large_reject_between_two_documents():
    lines = [b'{"text": "Before."}', OversizedLine(5000, 100), b'{"text": "After."}']
    before, big, after = read_jsonl("in/w.jsonl", lines)
    assert (before.content, after.content) == ("Before.", "After.")
    assert isinstance(big, Reject)
    assert (big.input_ref, big.error_type, big.stage) == ("in/w.jsonl#line=2", "TooLarge", "read")
    assert big.error_message == "line of 5000 bytes exceeds --max-input-bytes=100"


def test_empty_files_are_counted_as_empty_file_skips():
    assert list(read_jsonl("in/e.jsonl", [])) == [Skip(input_ref="in/e.jsonl", reason="empty_file")]
    assert list(read_html("in/e.html", b"")) == [Skip(input_ref="in/e.html", reason="empty_file")]
    assert list(read_txt("in/e.txt", b"")) == [Skip(input_ref="in/e.txt", reason="empty_file")]


# --- ReadInputs: streaming, whole files over the cap -----------------------------------------------


def _read(item: InputFile, max_bytes: int):
    fn = ReadInputs(max_bytes)
    fn.setup()
    out = []
    for element in fn.process(item):
        out.append(getattr(element, "value", element))
    return [o for o in out if not isinstance(o, str)]  # drop the accounted ref


def test_jsonl_file_over_the_cap_is_read_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    good = b'{"text": "Harbour news for 24 June 2025."}\n'
    path.write_bytes(good * 30 + b'{"text": "' + b"z" * 500 + b'"}\n' + good)
    outcomes = _read(InputFile("jsonl", str(path), path.stat().st_size), max_bytes=200)
    assert path.stat().st_size > 200
    assert [type(o).__name__ for o in outcomes] == ["RawDoc"] * 30 + ["Reject", "RawDoc"]
    assert outcomes[30].input_ref == f"{path}#line=31"
    assert outcomes[30].error_type == "TooLarge"


@pytest.mark.parametrize(("name", "kind"), [("e.txt", "txt"), ("e.html", "html"), ("e.jsonl", "jsonl")])
def test_zero_byte_files_are_empty_file_skips_in_the_reader_stage(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes(b"")
    assert _read(InputFile(kind, str(path), 0), 100) == [Skip(input_ref=str(path), reason="empty_file")]


# --- discovery: by name, never opened --------------------------------------------------------------


@pytest.fixture
def odd_tree(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text("Ferry news\n\nFares rise on 1 July.\n")
    (root / "x.txt").mkdir()
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "link.txt").symlink_to(root / "good.txt")
    os.mkfifo(root / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.txt"))
    yield root
    sock.close()


def test_directories_links_fifos_and_sockets_are_accounted_for_by_name(odd_tree):
    outcomes = {
        os.path.basename(getattr(o, "ref", None) or o.input_ref): o
        for o in expand_spec(InputSpec("text", f"{odd_tree}/*"))
    }
    assert sorted(outcomes) == ["dangling.txt", "good.txt", "link.txt", "pipe.txt", "sock.txt", "x.txt"]
    assert outcomes["good.txt"] == InputFile("txt", f"{odd_tree}/good.txt", 34)
    assert outcomes["link.txt"] == InputFile("txt", f"{odd_tree}/link.txt", 34)
    assert outcomes["x.txt"] == Skip(input_ref=f"{odd_tree}/x.txt", reason="directory")
    dangling = outcomes["dangling.txt"]
    assert (dangling.error_type, dangling.stage) == ("DanglingSymlink", "discover")
    assert dangling.error_message == f"symlink to missing {odd_tree}/missing.txt; not read"
    assert (outcomes["pipe.txt"].error_type, outcomes["pipe.txt"].error_message) == (
        "NotARegularFile",
        "a FIFO, not a regular file; not opened",
    )
    assert outcomes["sock.txt"].error_message == "a socket, not a regular file; not opened"


def test_a_fifo_in_the_glob_is_never_opened(odd_tree):
    """Opening a FIFO for reading blocks until a writer comes: discovery must not even try."""
    result = []
    worker = threading.Thread(
        target=lambda: result.extend(expand_spec(InputSpec("text", f"{odd_tree}/pipe.txt"))), daemon=True
    )
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "discovery blocked on the FIFO"
    (reject,) = result
    assert (reject.input_ref, reject.error_type) == (f"{odd_tree}/pipe.txt", "NotARegularFile")


def test_a_literal_directory_and_a_device_are_named(odd_tree):
    assert list(expand_spec(InputSpec("html", str(odd_tree)))) == [
        Skip(input_ref=str(odd_tree), reason="directory")
    ]
    (device,) = expand_spec(InputSpec("html", "/dev/null"))
    assert (device.error_type, device.error_message) == (
        "NotARegularFile",
        "a character device, not a regular file; not opened",
    )


def test_match_local_follows_beam_glob_rules_and_lists_everything(tmp_path, monkeypatch):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("1")
    (tmp_path / "a" / "sub" / "two.txt").write_text("2")
    base = str(tmp_path / "a")
    assert match_local(f"{base}/*") == [f"{base}/one.txt", f"{base}/sub"]
    assert match_local(f"{base}/*.txt") == [f"{base}/one.txt"]
    assert match_local(f"{base}/**") == [f"{base}/one.txt", f"{base}/sub", f"{base}/sub/two.txt"]
    assert match_local(f"{base}/") == [f"{base}/one.txt", f"{base}/sub"]
    monkeypatch.chdir(base)
    assert match_local("*.txt") == ["one.txt"]
    assert match_local("sub/*.txt") == ["sub/two.txt"]
    assert match_local("nothing*") == []
