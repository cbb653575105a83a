"""Builders for the pipeline's record types, so each test names only the fields it is about.

Fields a test does not give are None (or a fixed placeholder for the non-nullable ones), which keeps the
tests valid while columns are added to the schemas.
"""

from __future__ import annotations

from schemas import Document, Event, RawDoc


def _fill(record_type, defaults: dict, overrides: dict):
    values = dict.fromkeys(record_type._fields)
    values.update({k: v for k, v in defaults.items() if k in values})
    unknown = set(overrides) - set(values)
    assert not unknown, f"{record_type.__name__} has no field(s) {sorted(unknown)}"
    values.update(overrides)
    return record_type(**values)


def raw_doc(**fields) -> RawDoc:
    defaults = dict(
        doc_id="doc-1",
        input_kind="txt",
        input_ref="news/story.txt",
        content_format="text",
        body_from="file",
        content_hash="hash-1",
    )
    return _fill(RawDoc, defaults, fields)


def document(**fields) -> Document:
    defaults = dict(
        doc_id="doc-1",
        body="",
        removed=[],
        input_kind="txt",
        input_ref="news/story.txt",
        content_hash="hash-1",
        body_from="file",
        language="en",
    )
    return _fill(Document, defaults, fields)


def event(**fields) -> Event:
    defaults = dict(event_id="ev-1", doc_id="doc-1", timex_type="DATE", date_source="text")
    return _fill(Event, defaults, fields)
