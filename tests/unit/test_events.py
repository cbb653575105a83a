"""Events of a document: the publication row and one row per DATE/TIME expression of the body."""

from __future__ import annotations

from schemas import Event
from tests.unit.records import document
from transforms.events import MAX_SENTENCE, document_events, publication_event, sentence_bounds, text_events
from transforms.ids import stable_id

BODY = (
    "Zoë’s café — “a landmark” — closed on 24 June 2025.\n"
    "The owners said talks lasted three hours and happen every week.\n"
    "Prices rose recently. Work resumes in the second quarter of 2025 and ends in early 2026.\n"
    "The briefing starts at 3 p.m."
)
PROVENANCE = dict(
    published_at="2025-06-26T10:00:00+00:00",
    source="Harbour Gazette",
    url="https://gazette.example/cafe",
    title="Café closes",
    language="en",
)


def _story(**fields):
    return document(
        **{"doc_id": "doc-cafe", "body": BODY, "published_date": "2025-06-26", **PROVENANCE, **fields}
    )


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


# --- sentence_bounds -------------------------------------------------------------------------------


def test_sentence_bounds_stops_at_sentence_ends_and_newlines():
    text = "First one here. Second has 24 June in it! Third.\nNew line on 5 May."
    assert sentence_bounds(text, *_span(text, "24 June")) == (16, 41)
    left, right = sentence_bounds(text, *_span(text, "5 May"))
    assert text[left:right] == "New line on 5 May."
    left, right = sentence_bounds(text, *_span(text, "First"))
    assert text[left:right] == "First one here."


QUOTED = "“The works end in May.” Then the road reopens in June."


def test_sentence_bounds_after_a_quoted_sentence():
    left, right = sentence_bounds(QUOTED, *_span(QUOTED, "June"))
    assert QUOTED[left:right] == "Then the road reopens in June."


def test_sentence_bounds_keeps_the_closing_quote_with_its_sentence():
    left, right = sentence_bounds(QUOTED, *_span(QUOTED, "May"))
    assert QUOTED[left:right] == "“The works end in May.”"


def test_sentence_bounds_are_capped_around_a_run_on_text():
    text = "a" * 1000 + " 2025 " + "b" * 1000
    start, end = _span(text, "2025")
    assert sentence_bounds(text, start, end) == (start - MAX_SENTENCE, end + MAX_SENTENCE)


def test_sentence_bounds_german_ordinal_day_is_not_a_sentence_end():
    text = "Am 3. Juli beginnt die Sanierung, die bis Dezember 2025 dauert."
    assert sentence_bounds(text, *_span(text, "Dezember 2025")) == (0, len(text))
    century = "Die Kirche stammt aus dem 12. Jahrhundert und wurde 2024 saniert."
    assert sentence_bounds(century, *_span(century, "2024")) == (0, len(century))


def test_sentence_bounds_still_splits_after_numbers_that_are_no_ordinals():
    text = "Die Arbeiten enden 2025. Juli bleibt frei."
    assert sentence_bounds(text, *_span(text, "2025")) == (0, len("Die Arbeiten enden 2025."))
    english = "The vote ended 52 to 48. Then the house rose on 3 June."
    start = english.index("Then")
    assert sentence_bounds(english, *_span(english, "3 June")) == (start, len(english))


# --- publication_event -----------------------------------------------------------------------------


def test_publication_event_with_a_date():
    doc = _story(published_at="2025-06-26T01:30:00+03:00", published_date="2025-06-26")
    assert publication_event(doc) == Event(
        event_id=stable_id("doc-cafe", "publication"),
        doc_id="doc-cafe",
        event_end="2025-06-26",
        granularity="day",
        timex_value="2025-06-26",
        timex_type="DATE",
        timex_mod=None,
        date_text="2025-06-26T01:30:00+03:00",
        date_source="publication",
        sentence="Café closes",
        char_start=None,
        char_end=None,
        published_at="2025-06-26T01:30:00+03:00",
        source="Harbour Gazette",
        url="https://gazette.example/cafe",
        title="Café closes",
        language="en",
        event_date="2025-06-26",
    )


def test_publication_event_without_a_date_is_kept_undated():
    event = publication_event(_story(published_at=None, published_date=None))
    assert (event.event_date, event.event_end, event.granularity, event.timex_value, event.date_text) == (
        None, None, None, None, None,
    )  # fmt: skip
    assert (event.timex_type, event.date_source, event.sentence) == ("DATE", "publication", "Café closes")


# --- text_events -----------------------------------------------------------------------------------


def test_text_events_only_dates_and_times_with_their_intervals():
    rows = [
        (e.date_text, e.timex_type, e.timex_value, e.timex_mod, e.event_date, e.event_end, e.granularity)
        for e in text_events(_story())
    ]
    assert rows == [
        ("24 June 2025", "DATE", "2025-06-24", None, "2025-06-24", "2025-06-24", "day"),
        ("recently", "DATE", "PAST_REF", None, None, None, None),
        ("the second quarter of 2025", "DATE", "2025-Q2", None, "2025-04-01", "2025-06-30", "quarter"),
        ("early 2026", "DATE", "2026", "START", "2026-01-01", "2026-04-30", "year"),
        ("3 p.m.", "TIME", "2025-06-26T15:00", None, "2025-06-26", "2025-06-26", "day"),
    ]


def test_text_event_offsets_index_the_body_exactly():
    events = text_events(_story())
    assert events, "the story has dated expressions"
    for event in events:
        assert BODY[event.char_start : event.char_end] == event.date_text
    assert (events[0].char_start, events[0].char_end) == _span(BODY, "24 June 2025")


def test_text_event_sentence_and_provenance():
    first, recently, quarter, *_ = text_events(_story())
    assert first.sentence == "Zoë’s café — “a landmark” — closed on 24 June 2025."
    assert recently.sentence == "Prices rose recently."
    assert quarter.sentence == "Work resumes in the second quarter of 2025 and ends in early 2026."
    assert first.date_source == "text"
    assert first.event_id == stable_id("doc-cafe", "text", first.char_start, first.char_end)
    assert {k: getattr(first, k) for k in PROVENANCE} == PROVENANCE
    assert first.doc_id == "doc-cafe"


def test_relative_dates_resolve_on_the_writers_local_day():
    body = "The strike began yesterday."
    local = text_events(document(body=body, published_at="2025-06-26T01:30:00+03:00"))
    same_instant_utc = text_events(document(body=body, published_at="2025-06-25T22:30:00+00:00"))
    assert [(e.timex_value, e.event_date) for e in local] == [("2025-06-25", "2025-06-25")]
    assert [(e.timex_value, e.event_date) for e in same_instant_utc] == [("2025-06-24", "2025-06-24")]


def test_without_publication_time_relative_dates_have_no_calendar_date():
    body = "The strike began yesterday and ends in July. The deal was signed on 24 June 2025."
    rows = [(e.date_text, e.timex_value, e.event_date, e.event_end) for e in text_events(document(body=body))]
    assert rows == [
        ("yesterday", "XXXX-XX-XX", None, None),
        ("July", "XXXX-07", None, None),
        ("24 June 2025", "2025-06-24", "2025-06-24", "2025-06-24"),
    ]


def test_body_without_expressions_has_only_the_publication_event():
    doc = document(
        body="The harbour master thanked the volunteers.",
        published_at="2025-06-26T10:00:00+00:00",
        published_date="2025-06-26",
    )
    assert text_events(doc) == []
    assert [e.date_source for e in document_events(doc)] == ["publication"]


def test_document_events_is_publication_then_text_events():
    doc = _story()
    events = document_events(doc)
    assert events[0] == publication_event(doc)
    assert events[1:] == text_events(doc)
    assert len({e.event_id for e in events}) == len(events) == 6
