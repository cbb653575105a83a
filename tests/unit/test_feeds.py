"""parse_feed: RSS and Atom entries to candidates, and every way a feed can be refused."""

from __future__ import annotations

import pytest

from schemas import RawDoc, Reject, Skip
from transforms.ids import content_hash, stable_id
from transforms.readers import parse_feed, url_doc_id

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Harbour Gazette</title><link>https://gazette.example/</link><language>en-GB</language>
<item>
  <title>Ferry timetable changes</title>
  <link>https://gazette.example/news/ferry?utm_source=rss</link>
  <guid isPermaLink="false">gz-1001</guid>
  <pubDate>Tue, 24 Jun 2025 18:45:00 +0300</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The ferry will run hourly from 1 July 2025.</p><p>Tickets go on sale on Monday.</p>]]></content:encoded>
</item>
<item>
  <title>Council vote</title>
  <guid>https://gazette.example/news/2</guid>
  <link>https://gazette.example/other</link>
  <description>Plain summary about the council vote.</description>
</item>
<item><title>No link</title><guid isPermaLink="false">gz-3</guid><description>Text three.</description></item>
<item><description>Untitled text four.</description></item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-AT">
<title>Stadtblatt</title><id>urn:stadtblatt</id><updated>2025-06-25T08:00:00+02:00</updated>
<entry>
  <title>Neue Br\xc3\xbccke</title><id>urn:uuid:1234</id><link href="https://stadt.example/bruecke"/>
  <published>2025-06-20T23:30:00-04:00</published><updated>2025-06-25T07:30:00+02:00</updated>
  <content type="html">&lt;p&gt;Die Br&#252;cke wird im Juli er&#246;ffnet.&lt;/p&gt;</content>
</entry>
<entry>
  <title>Nur Text</title><id>https://stadt.example/e/2</id>
  <updated>2025-06-25T07:30:00+02:00</updated>
  <summary>Kurzer Text ohne Auszeichnung.</summary>
</entry>
</feed>"""


@pytest.fixture(scope="module")
def rss_entries() -> list:
    return list(parse_feed("feeds/gazette.xml", RSS))


@pytest.fixture(scope="module")
def atom_entries() -> list:
    return list(parse_feed("feeds/stadt.atom", ATOM))


def test_rss_one_candidate_per_item(rss_entries):
    assert all(isinstance(e, RawDoc) for e in rss_entries)
    assert [e.input_ref for e in rss_entries] == [f"feeds/gazette.xml#entry={i}" for i in range(4)]
    assert {(e.input_kind, e.source, e.language) for e in rss_entries} == {("feed", "Harbour Gazette", "en")}


def test_rss_content_encoded_wins_over_description(rss_entries):
    first = rss_entries[0]
    assert (
        first.content
        == "<p>The ferry will run hourly from 1 July 2025.</p><p>Tickets go on sale on Monday.</p>"
    )
    assert first.content_format == "fragment"
    assert first.title == "Ferry timetable changes"
    assert first.content_hash == content_hash(first.title, first.content)


def test_rss_pubdate_keeps_its_offset(rss_entries):
    assert (rss_entries[0].published, rss_entries[0].published_from) == ("2025-06-24T18:45:00+03:00", "feed")
    assert (rss_entries[1].published, rss_entries[1].published_from) == (None, None)


def test_rss_link_is_canonical_and_gives_the_id_when_guid_is_not_a_url(rss_entries):
    assert rss_entries[0].url == "https://gazette.example/news/ferry"
    assert rss_entries[0].doc_id == url_doc_id("https://gazette.example/news/ferry")


def test_rss_url_guid_wins_over_link(rss_entries):
    assert rss_entries[1].doc_id == url_doc_id("https://gazette.example/news/2")
    assert rss_entries[1].url == "https://gazette.example/other"


def test_rss_plain_guid_then_content_hash(rss_entries):
    assert rss_entries[2].doc_id == stable_id("guid", "Harbour Gazette", "gz-3")
    assert rss_entries[2].url is None
    assert rss_entries[3].doc_id == stable_id("content", content_hash(None, "Untitled text four."))
    assert rss_entries[3].title is None


def test_rss_summary_only_item(rss_entries):
    assert rss_entries[1].content == "Plain summary about the council vote."
    assert rss_entries[1].content_format == "fragment"  # RSS descriptions are typed text/html
    assert rss_entries[1].body_from == "feed_summary"
    assert rss_entries[0].body_from == "feed_content"


def test_atom_html_content_is_unescaped_and_marked_fragment(atom_entries):
    first = atom_entries[0]
    assert first.content == "<p>Die Br\u00fccke wird im Juli er\u00f6ffnet.</p>"
    assert first.content_format == "fragment"
    assert first.title == "Neue Br\u00fccke"
    assert first.source == "Stadtblatt"


def test_atom_published_before_updated_and_language_from_feed(atom_entries):
    assert atom_entries[0].published == "2025-06-20T23:30:00-04:00"
    assert atom_entries[1].published == "2025-06-25T07:30:00+02:00"
    assert [e.language for e in atom_entries] == ["de", "de"]


def test_atom_non_url_id_falls_back_to_link_and_url_id_wins(atom_entries):
    assert atom_entries[0].doc_id == url_doc_id("https://stadt.example/bruecke")
    assert atom_entries[1].doc_id == url_doc_id("https://stadt.example/e/2")


def test_atom_text_summary_is_text(atom_entries):
    assert (atom_entries[1].content, atom_entries[1].content_format) == (
        "Kurzer Text ohne Auszeichnung.",
        "text",
    )


def test_same_feed_twice_gives_the_same_ids():
    assert [e.doc_id for e in parse_feed("a.xml", RSS)] == [e.doc_id for e in parse_feed("b.xml", RSS)]


def test_unparseable_pubdate_leaves_the_entry_undated():
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>A</title><pubDate>around noon</pubDate><description>one</description></item>"
        b"</channel></rss>"
    )
    (entry,) = parse_feed("x.xml", feed)
    assert (entry.published, entry.published_from) == (None, None)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">]><rss version="2.0"><channel>'
        b"<title>&lol;</title><item><title>A</title></item></channel></rss>",
        b'<!DOCTYPE rss [<!eNtItY xxe SYSTEM "file:///etc/hostname">]><rss version="2.0"><channel/></rss>',
    ],
)
def test_entity_declarations_are_refused_outright(data):
    (reject,) = parse_feed("feeds/evil.xml", data)
    assert isinstance(reject, Reject)
    assert (reject.error_type, reject.error_message, reject.stage) == (
        "EntityDeclaration",
        "feed declares XML entities",
        "parse",
    )
    assert reject.input_ref == "feeds/evil.xml"


def test_malformed_xml_rejects_and_keeps_recovered_entries():
    data = (
        b'<rss version="2.0"><channel><title>Courier</title>'
        b"<item><title>Bridge</title><description>one</description></item>"
        b"<item><title>Roads & rails</title><description>two</description></item></channel>"
    )
    outcomes = list(parse_feed("feeds/broken.xml", data))
    assert [type(o).__name__ for o in outcomes] == ["Reject", "RawDoc", "RawDoc"]
    reject = outcomes[0]
    assert (reject.error_type, reject.stage, reject.input_ref) == (
        "MalformedFeed",
        "parse",
        "feeds/broken.xml",
    )
    assert reject.error_message.endswith("(2 entries recovered by the lenient parser)")
    assert [o.title for o in outcomes[1:]] == ["Bridge", "Roads & rails"]
    assert [o.input_ref for o in outcomes[1:]] == ["feeds/broken.xml#entry=0", "feeds/broken.xml#entry=1"]


@pytest.mark.parametrize("data", [b"", b"<html><body><p>Not a feed at all.</p></body></html>"])
def test_non_feed_bytes_are_not_a_feed(data):
    (reject,) = parse_feed("feeds/page.xml", data)
    assert (reject.error_type, reject.error_message) == ("NotAFeed", "no RSS or Atom structure found")


@pytest.mark.parametrize("data", [b"The mayor resigned on Tuesday.", b'{"items": []}'])
def test_plain_text_and_json_are_not_a_feed(data):
    (reject,) = parse_feed("feeds/notes.xml", data)
    assert (reject.error_type, reject.error_message) == ("NotAFeed", "no RSS or Atom structure found")


def test_truncated_feed_without_entries_is_still_malformed():
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cour'
    (reject,) = parse_feed("feeds/cut.xml", data)
    assert (reject.error_type, reject.input_ref) == ("MalformedFeed", "feeds/cut.xml")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet day</title></channel></rss>',
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>',
    ],
)
def test_empty_feed_is_a_skip(data):
    assert list(parse_feed("feeds/quiet.xml", data)) == [
        Skip(input_ref="feeds/quiet.xml", reason="empty_feed")
    ]


def test_entry_without_content_or_title_is_rejected():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><link>https://t.example/a</link></item></channel></rss>"
    )
    (reject,) = parse_feed("f.xml", data)
    assert (reject.error_type, reject.input_ref, reject.payload) == ("EmptyEntry", "f.xml#entry=0", None)


def test_title_only_entry_uses_the_title_as_content():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Storm warning for the coast</title></item></channel></rss>"
    )
    (entry,) = parse_feed("f.xml", data)
    assert (entry.title, entry.content) == ("Storm warning for the coast", "Storm warning for the coast")
