"""`extract_html` on small hand-written pages: body, removed blocks and metadata."""

from __future__ import annotations

import pytest

from tests.boilerplate.conftest import event_values, html_fixtures
from transforms.html_extract import HtmlDoc, extract_html, normalise_datetime

PAGES = html_fixtures()
EVENT_PAGES = [page for page in PAGES if "events" in page[2]]


@pytest.mark.parametrize(("name", "html", "expect"), PAGES, ids=[name for name, _, _ in PAGES])
def test_html_fixture(name: str, html: str, expect: dict):
    doc = extract_html(html, expect["url"])
    assert isinstance(doc, HtmlDoc)
    assert doc.title == expect["title"]
    assert (doc.published, doc.published_from) == (expect["published"], expect["published_from"])
    assert doc.language == expect["language"]
    assert doc.url == expect["canonical"]
    body_lines = doc.body.split("\n")
    removed_text = "\n".join(doc.removed)
    for line in expect["must_remove"]:
        assert not any(line in body_line for body_line in body_lines), f"{name}: left in body: {line!r}"
        assert line in removed_text, f"{name}: not reported removed: {line!r}"
    for line in expect["must_keep"]:
        assert line in body_lines, f"{name}: missing from body: {line!r}"


@pytest.mark.parametrize(("name", "html", "expect"), EVENT_PAGES, ids=[name for name, _, _ in EVENT_PAGES])
def test_page_events_come_only_from_the_article(name: str, html: str, expect: dict):
    """A dated headline in a related widget or a "read also" line of a page gives no event."""
    assert event_values(html, content_format="html", input_kind="html", url=expect["url"]) == expect["events"]


@pytest.mark.parametrize(("name", "html", "expect"), PAGES, ids=[name for name, _, _ in PAGES])
def test_bytes_input_gives_the_same_result(name: str, html: str, expect: dict):
    assert extract_html(html.encode("utf-8"), expect["url"]) == extract_html(html, expect["url"])


def test_page_without_article_raises_value_error():
    html = "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    with pytest.raises(ValueError, match="no extractable article"):
        extract_html(html, "https://example.org/")


def test_empty_input_raises_value_error():
    with pytest.raises(ValueError):
        extract_html("", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-26T09:15:00+03:00", ("2025-06-26T09:15:00+03:00", 2)),
        ("2025-06-26T09:15:00Z", ("2025-06-26T09:15:00+00:00", 2)),
        ("2025-06-26T09:15:00.123+0300", ("2025-06-26T09:15:00+03:00", 2)),
        ("2025-06-26 09:15", ("2025-06-26T09:15:00", 1)),
        ("2025-06-26", ("2025-06-26", 0)),
        ("2025-02-30", None),
        ("Thu, 26 Jun 2025 09:15:00 +0300", ("2025-06-26T09:15:00+03:00", 2)),
        ("Thu, 26 Jun 2025 09:15:00 GMT", ("2025-06-26T09:15:00+00:00", 2)),
        ("Thu, 26 Jun 2025", None),
        ("26.06.2025", None),
        ("", None),
    ],
)
def test_normalise_datetime(value: str, expected):
    assert normalise_datetime(value) == expected


def test_windows_1251_bytes_are_decoded():
    name, html, expect = next(page for page in PAGES if page[0] == "ru_aside_related")
    doc = extract_html(html.encode("cp1251"), expect["url"])
    assert doc == extract_html(html, expect["url"])
    assert "Первые круизные суда ожидаются весной" in doc.body


def test_related_widgets_are_removed_with_their_cue():
    _, html, expect = next(page for page in PAGES if page[0] == "pl_related_widget")
    removed = extract_html(html, expect["url"]).removed
    assert removed[:2] == [
        "Czytaj także\nSenat zajmie się ustawą w przyszłym tygodniu\nRzecznik praw obywatelskich chwali projekt",
        "Zobacz też\nPrezydent podpisał nowelizację kodeksu pracy\nRząd przedstawił projekt budżetu",
    ]


def test_no_date_markup_and_no_url_gives_no_date():
    html = (
        "<html><body><article><h1>Quiet day</h1><p>"
        + "Nothing much happened in the harbour town today, the council said in a short statement. " * 4
        + "</p></article></body></html>"
    )
    doc = extract_html(html)
    assert (doc.published, doc.published_from, doc.language, doc.url) == (None, None, None, None)
    assert doc.title == "Quiet day"
