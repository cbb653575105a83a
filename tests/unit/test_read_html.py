"""read_html: a saved page to one candidate, with its id, site and decoding settled up front."""

from __future__ import annotations

from schemas import RawDoc
from transforms.readers import file_doc_id, page_url, read_html, url_doc_id


def _page(head: str, body: str = "<p>The tram line opens in May.</p>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_canonical_link_gives_id_url_and_source_host():
    html = _page('<link rel="canonical" href="https://www.Metro.example/city/tram?utm_medium=social">')
    (doc,) = read_html("saved/tram.html", html.encode(), source="saved")
    assert isinstance(doc, RawDoc)
    assert doc.url == "https://www.metro.example/city/tram"
    assert doc.doc_id == url_doc_id("https://www.metro.example/city/tram")
    assert doc.source == "metro.example"
    assert (doc.input_kind, doc.input_ref, doc.content_format, doc.content) == (
        "html",
        "saved/tram.html",
        "html",
        html,
    )


def test_href_before_rel_and_og_url():
    assert page_url(_page('<link href="https://a.example/x" rel="canonical">')) == "https://a.example/x"
    og = _page('<meta property="og:url" content="https://news.example/story/9#comments">')
    assert page_url(og) == "https://news.example/story/9"


def test_canonical_link_wins_over_og_url():
    head = '<meta property="og:url" content="https://og.example/b"><link rel="canonical" href="https://c.example/a">'
    assert page_url(_page(head)) == "https://c.example/a"


def test_relative_canonical_is_ignored_and_folder_is_the_source():
    html = _page('<link rel="canonical" href="/city/tram">')
    (doc,) = read_html("saved/tram.html", html.encode(), source="saved")
    assert (doc.url, doc.source) == (None, "saved")
    assert doc.doc_id == file_doc_id("saved/tram.html")  # no canonical URL: the path is the identity


def test_meta_charset_decodes_legacy_encodings():
    uk = _page('<meta charset="windows-1251">', "<p>Міст відкриють у червні.</p>")
    (doc,) = read_html("a.html", uk.encode("cp1251"))
    assert "Міст відкриють у червні." in doc.content
    fr = _page(
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "<p>Le café ferme.</p>"
    )
    (doc,) = read_html("b.html", fr.encode("latin-1"))
    assert "Le café ferme." in doc.content


def test_unknown_charset_and_utf8_bom_fall_back_to_utf8():
    html = _page('<meta charset="no-such-charset">', "<p>Zażółć gęślą jaźń.</p>")
    (doc,) = read_html("a.html", html.encode("utf-8"))
    assert "Zażółć gęślą jaźń." in doc.content
    (bom,) = read_html("b.html", b"\xef\xbb\xbf" + _page("").encode())
    assert bom.content.startswith("<!doctype html>")


def test_binary_and_empty_pages_are_read_rejects():
    (binary,) = read_html("img.html", b"\x89PNG\x00\x00")
    assert (binary.error_type, binary.stage, binary.input_kind) == ("BinaryContent", "read", "html")
    (empty,) = read_html("empty.html", b" \n\t ")
    assert (empty.error_type, empty.error_message, empty.payload) == ("EmptyDocument", "empty page", None)


def test_utf16_page_with_bom_is_read():
    html = _page("", "<p>Le café ferme à midi.</p>")
    (doc,) = read_html("saved/cafe.html", html.encode("utf-16"))
    assert doc.content == html


def test_undeclared_legacy_page_is_not_mojibake():
    html = _page("", "<p>Le café ferme à midi.</p>")
    (doc,) = read_html("saved/cafe.html", html.encode("cp1252"))
    assert doc.content == html


def test_utf16_page_that_decodes_to_nul_characters_is_binary():
    (reject,) = read_html("saved/odd.html", _page("", "<p>a\x00b</p>").encode("utf-16"))
    assert (reject.error_type, reject.stage) == ("BinaryContent", "read")


def test_undeclared_cyrillic_page_is_read_like_a_fetched_one():
    """Files go through the fetch layer's decoding: an unlabelled windows-1251 page is Ukrainian, not mojibake."""
    html = _page(
        "<title>Новини</title>",
        "<p>Міська рада зібралася у вівторок, щоб обговорити новий міст через річку; будівництво "
        "почнеться навесні.</p>",
    )
    (doc,) = read_html("saved/mist.html", html.encode("cp1251"))
    assert doc.content == html
