"""build_document: body, dates (local calendar day), provenance and language; restrip."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.unit.records import document, raw_doc
from transforms.boilerplate import line_signature
from transforms.documents import build_document, local_date, published_datetime, restrip
from transforms.errors import InputError
from transforms.readers import parse_feed, parse_jsonl_line

STORY = "The ferry will run hourly from 1 July 2025.\nTickets go on sale on Monday at the harbour office."

PAGE = """<!doctype html><html lang="en-US"><head><title>Bridge opens | City Post</title>
<meta property="article:published_time" content="2025-06-20T09:00:00+02:00"></head>
<body><article><h1>Bridge opens</h1>
<p>The new bridge over the river opened on Friday after three years of construction work by the city.</p>
<p>Officials said traffic would be light until September 2025 while finishing works continue.</p>
</article></body></html>"""


def test_text_document_keeps_offset_and_dates_on_the_local_day():
    raw = raw_doc(
        content=STORY,
        title="Ferry news",
        source="harbour",
        published="2025-06-26T01:30:00+03:00",
        published_from="jsonl",
    )
    doc = build_document(raw, default_published="2025-01-01T00:00:00+00:00")
    assert doc.body == STORY
    assert doc.published_at == "2025-06-26T01:30:00+03:00"
    assert doc.published_from == "jsonl"
    assert doc.published_date == "2025-06-26"  # local day; in UTC it is still the 25th
    assert (doc.title, doc.source, doc.language, doc.removed) == ("Ferry news", "harbour", "en", [])


def test_record_fields_are_carried_from_the_candidate():
    raw = raw_doc(
        doc_id="abc",
        input_kind="jsonl",
        input_ref="f.jsonl#line=2",
        content=STORY,
        content_hash="h-77",
        body_from="jsonl",
        url="https://h.example/a",
    )
    doc = build_document(raw)
    assert (doc.doc_id, doc.input_kind, doc.input_ref, doc.content_hash, doc.body_from, doc.url) == (
        "abc", "jsonl", "f.jsonl#line=2", "h-77", "jsonl", "https://h.example/a",
    )  # fmt: skip


def test_default_published_applies_only_when_there_is_none():
    doc = build_document(raw_doc(content=STORY), default_published="2025-01-02T23:00:00-05:00")
    assert (doc.published_at, doc.published_from, doc.published_date) == (
        "2025-01-02T23:00:00-05:00",
        "default",
        "2025-01-02",
    )


def test_no_publication_time_at_all():
    doc = build_document(raw_doc(content=STORY))
    assert (doc.published_at, doc.published_from, doc.published_date) == (None, None, None)


@pytest.mark.parametrize("given", [None, "und", "mul"])
def test_an_input_tag_naming_no_language_gives_way_to_the_pages_own(given):
    """The page says Dutch; detection would say English. A tag that names no language decides nothing."""
    page = PAGE.replace('lang="en-US"', 'lang="nl-BE"')
    raw = raw_doc(input_kind="html", content=page, content_format="html", language=given)
    assert build_document(raw).language == "nl"
    assert build_document(raw._replace(language="fr")).language == "fr"  # a real tag still wins


def test_html_document_takes_title_date_and_language_from_the_page():
    raw = raw_doc(
        input_kind="html",
        content=PAGE,
        content_format="html",
        url="https://city.example/bridge",
        source="city.example",
    )
    doc = build_document(raw, default_published="2025-01-01T00:00:00+00:00")
    assert doc.published_at == "2025-06-20T09:00:00+02:00"
    assert doc.published_from == "html_meta"
    assert doc.published_date == "2025-06-20"
    assert doc.language == "en"
    assert doc.url == "https://city.example/bridge"
    assert doc.body.endswith(
        "The new bridge over the river opened on Friday after three years of construction work by the city.\n"
        "Officials said traffic would be light until September 2025 while finishing works continue."
    )


def test_html_candidate_date_and_title_win_over_the_page():
    raw = raw_doc(
        input_kind="feed", content=PAGE, content_format="html", title="Feed headline",
        published="2025-06-21T07:00:00+00:00", published_from="feed", language="fr",
    )  # fmt: skip
    doc = build_document(raw)
    assert (doc.title, doc.published_at, doc.published_from, doc.language) == (
        "Feed headline", "2025-06-21T07:00:00+00:00", "feed", "fr",
    )  # fmt: skip


def test_given_language_wins_and_is_lower_cased_otherwise_detected():
    assert build_document(raw_doc(content=STORY, language="DE")).language == "de"
    german = "Die Stadt und der Rat haben die Brücke mit einer Feier eröffnet, die von vielen besucht wurde."
    assert build_document(raw_doc(content=german)).language == "de"


def test_jsonl_language_region_tag_becomes_iso_639_1():
    raw = parse_jsonl_line("f.jsonl", 1, json.dumps({"text": STORY, "language": "EN-GB"}).encode())
    assert build_document(raw).language == "en"


@pytest.mark.parametrize("content", ["", "   \n\n  "])
def test_text_without_body_is_empty_body(content):
    with pytest.raises(InputError) as info:
        build_document(raw_doc(content=content))
    assert info.value.error_type == "EmptyBody"


def test_page_without_article_is_no_article():
    nav = "<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>"
    with pytest.raises(InputError) as info:
        build_document(raw_doc(input_kind="html", content=nav, content_format="html"))
    assert info.value.error_type == "NoArticle"
    assert info.value.payload == nav


def test_feed_content_encoded_fragment_becomes_one_line_per_block():
    rss = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        b"<channel><title>Harbour Gazette</title><item><title>Ferry</title><link>https://g.example/f</link>"
        b"<content:encoded><![CDATA[<p>The ferry will run hourly from 1 July 2025.</p>"
        b"<p>Tickets go on sale on Monday.</p>]]></content:encoded></item></channel></rss>"
    )
    (raw,) = parse_feed("f.xml", rss)
    assert (
        build_document(raw).body
        == "The ferry will run hourly from 1 July 2025.\nTickets go on sale on Monday."
    )


@pytest.mark.parametrize(
    "summary",
    [
        "The council voted on Tuesday to close the old harbour bridge for repairs.",
        "&lt;p&gt;The council voted on Tuesday to close the old harbour bridge for repairs.&lt;/p&gt;",
    ],
)
def test_feed_summary_only_item_becomes_a_document(summary):
    # Used to be rejected as NoArticle: a bare summary went through whole-page extraction.
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<item><title>Bridge closes</title><link>https://g.example/b</link><description>{summary}</description>"
        "</item></channel></rss>"
    ).encode()
    (raw,) = parse_feed("f.xml", rss)
    assert (
        build_document(raw).body
        == "The council voted on Tuesday to close the old harbour bridge for repairs."
    )


def test_local_date_and_published_datetime():
    assert local_date(None) is None
    assert local_date("2025-06-26T01:30:00+03:00") == "2025-06-26"
    assert local_date("2025-06-25T23:30:00-02:00") == "2025-06-25"
    assert published_datetime(document(published_at=None)) is None
    stamp = published_datetime(document(published_at="2025-06-26T01:30:00+03:00"))
    assert stamp == dt.datetime(2025, 6, 26, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert stamp.utcoffset() == dt.timedelta(hours=3)


EDGE = "Harbour Gazette daily briefing 12"
BODY = f"{EDGE}\nThe ferry will run hourly from July.\nTickets are on sale now."


def test_restrip_removes_learned_edge_lines_and_records_them():
    doc = document(body=BODY, removed=["Read also: fares"])
    learned = frozenset({line_signature("Harbour Gazette daily briefing 99")})
    again = restrip(doc, learned)
    assert again.body == "The ferry will run hourly from July.\nTickets are on sale now."
    assert again.removed == ["Read also: fares", EDGE]


def test_restrip_leaves_the_document_alone_when_nothing_or_everything_would_go():
    doc = document(body=BODY)
    assert restrip(doc, frozenset()) is doc
    assert restrip(doc, frozenset({"no such line"})) is doc
    only_edge = document(body=EDGE)
    assert restrip(only_edge, frozenset({line_signature(EDGE)})) is only_edge
