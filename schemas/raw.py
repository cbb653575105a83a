"""Records that flow between stages but are never written as tables (Beam coders: transforms.beam.coders)."""

from __future__ import annotations

import typing


class RawDoc(typing.NamedTuple):
    """One candidate document as read, before extraction and boilerplate removal."""

    doc_id: str
    input_kind: str  # feed | txt | jsonl | html
    input_ref: str
    content: str
    content_format: str  # text | fragment (HTML snippet: feed entry, JSONL) | html (a whole page)
    title: typing.Optional[str]
    url: typing.Optional[str]
    source: typing.Optional[str]
    published: typing.Optional[str]  # ISO 8601, keeps its own UTC offset
    published_from: typing.Optional[str]
    language: typing.Optional[str]
    body_from: str  # where the content came from: file, jsonl, feed_content, feed_summary, article
    content_hash: str  # of the input as read: what incremental runs compare, whatever later stages fetch


class Skip(typing.NamedTuple):
    """An input deliberately not ingested (blank line, empty feed, duplicate), counted in the summary."""

    input_ref: str
    reason: str
