"""Dated events of a document: its publication, and every DATE/TIME expression in its body."""

from __future__ import annotations

import re
from functools import cache

from schemas import Document, Event
from transforms.documents import published_datetime
from transforms.ids import stable_id
from transforms.lexicon import alt, available, load
from transforms.temporal import tag

EVENT_TYPES = frozenset({"DATE", "TIME"})
_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"'”»)]*)\s+(?=[\"'“«(]?[A-ZА-ЯІЇЄҐ0-9])|\n+")
MAX_SENTENCE = 600


# "am 3. Juli", "im 20. Jahrhundert": an ordinal's dot before a month is no sentence end.
_ORDINAL_BEFORE = re.compile(r"(?<![\d.])\d{1,2}$")


@cache
def _ordinal_after() -> re.Pattern:
    """Capitalised month names and ``ordinal_nouns`` of the languages whose lexicon has that table."""
    words: set[str] = set()
    for lang in available():
        entry = load(lang)
        if "ordinal_nouns" in entry:
            words.update(entry["ordinal_nouns"])
            words.update(w for w in entry["months"] if not w.endswith("."))
    return re.compile(alt({w[:1].upper() + w[1:] for w in words}) + r"\b")


def _ends_sentence(text: str, match: re.Match) -> bool:
    if match.group(1) is None or match.group(1):  # a line break, or a dot closed by a quote
        return True
    dot = match.start(1) - 1
    if text[dot] != "." or not _ORDINAL_BEFORE.search(text, max(0, dot - 3), dot):
        return True
    return _ordinal_after().match(text, match.end()) is None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``text[start:end]``, bounded to a sane length."""
    lo = max(0, start - MAX_SENTENCE)
    left = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        if _ends_sentence(text, match):
            left = match.end()
    hi = min(len(text), end + MAX_SENTENCE)
    right = hi
    for match in _SENTENCE_END.finditer(text, end, hi):
        if _ends_sentence(text, match):
            # closing quotes and brackets belong to the sentence they close
            right = match.end(1) if match.group(1) is not None else match.start()
            break
    return left, right


def _common(doc: Document) -> dict:
    return dict(
        doc_id=doc.doc_id,
        published_at=doc.published_at,
        source=doc.source,
        url=doc.url,
        title=doc.title,
        language=doc.language,
    )


def publication_event(doc: Document) -> Event:
    """Every document is an event on the day it was published (unknown day: null date)."""
    day = doc.published_date
    return Event(
        event_id=stable_id(doc.doc_id, "publication"),
        event_end=day,
        granularity="day" if day else None,
        timex_value=day,
        timex_type="DATE",
        timex_mod=None,
        date_text=doc.published_at,
        date_source="publication",
        sentence=doc.title,
        char_start=None,
        char_end=None,
        event_date=day,
        **_common(doc),
    )


def text_events(doc: Document) -> list[Event]:
    """One event per DATE/TIME expression; durations and sets are never events."""
    events = []
    common = _common(doc)
    for timex in tag(doc.body, published_datetime(doc), doc.language):
        if timex.type not in EVENT_TYPES:
            continue
        interval = timex.interval()
        left, right = sentence_bounds(doc.body, timex.start, timex.end)
        events.append(
            Event(
                event_id=stable_id(doc.doc_id, "text", timex.start, timex.end),
                event_end=interval.last.isoformat() if interval else None,
                granularity=interval.granularity if interval else None,
                timex_value=timex.value,
                timex_type=timex.type,
                timex_mod=timex.mod,
                date_text=timex.text,
                date_source="text",
                sentence=doc.body[left:right].strip(),
                char_start=timex.start,
                char_end=timex.end,
                event_date=interval.first.isoformat() if interval else None,
                **common,
            )
        )
    return events


def document_events(doc: Document) -> list[Event]:
    return [publication_event(doc), *text_events(doc)]
