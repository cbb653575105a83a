"""The output tables, declared once.

Each table is a list of columns; the record type (a ``typing.NamedTuple``, registered with Beam's
``RowCoder`` by ``transforms.beam.coders``), the Arrow schema of the Parquet files and the column docs in the README are all derived
from these declarations, so a column is added or retyped in exactly one place.

Values travel through the pipeline as plain Python (``str`` ISO dates and timestamps, ``int``,
``list[str]``) so every runner can encode them with ``RowCoder``; conversion to Arrow's logical types
happens once, at write time, in :func:`Table.to_arrow`.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

# Arrow types the columns use; the Python carrier type for each is fixed by _CARRIERS.
STRING = pa.string()
INT32 = pa.int32()
INT64 = pa.int64()
DATE = pa.date32()
TIMESTAMP = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())

_CARRIERS: dict[pa.DataType, type] = {
    STRING: str,
    INT32: int,
    INT64: int,
    DATE: str,  # ISO date, YYYY-MM-DD
    TIMESTAMP: str,  # ISO 8601 with offset; stored as UTC
    STRING_LIST: typing.List[str],
}

_TYPE_NAMES = {
    STRING: "string",
    INT32: "int32",
    INT64: "int64",
    DATE: "date",
    TIMESTAMP: "timestamp (UTC)",
    STRING_LIST: "list of string",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str
    nullable: bool = True

    @property
    def carrier(self) -> type:
        base = _CARRIERS[self.type]
        return typing.Optional[base] if self.nullable else base


def _to_date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def parse_timestamp(value: str) -> dt.datetime:
    """ISO 8601 (``Z`` accepted) to an aware datetime; naive input is taken as UTC."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _to_timestamp(value: str | None) -> dt.datetime | None:
    return None if value is None else parse_timestamp(value).astimezone(dt.timezone.utc)


_CONVERTERS = {DATE: _to_date, TIMESTAMP: _to_timestamp}


class Table:
    """A table: its columns, the column its files are clustered by, its key and the owner of its rows."""

    def __init__(
        self,
        name: str,
        record_name: str,
        columns: Sequence[Column],
        cluster: str,
        key: Sequence[str],
        owner: str,
        doc: str,
    ):
        self.name = name
        self.columns = tuple(columns)
        self.cluster = cluster
        self.key = tuple(key)
        self.owner = owner
        self.doc = doc
        fields = [(c.name, c.carrier) for c in self.columns]
        self.record = typing.NamedTuple(record_name, fields)
        self.record.__module__ = __name__
        self.arrow_schema = pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    def owner_key(self, record: tuple) -> str:
        """Who a row belongs to (its document, or its input for rejects): a new version replaces these rows."""
        return getattr(record, self.owner)

    @property
    def order(self) -> tuple[str, ...]:
        """Row order inside a file: the cluster column first, so each file's min/max statistics cover a
        narrow range of it and ``WHERE <cluster> BETWEEN ...`` skips files and row groups."""
        return (self.cluster, *self.key)

    def to_arrow(self, records: Iterable[tuple]) -> pa.Table:
        rows = list(records)
        arrays = []
        for column in self.columns:
            values = [getattr(r, column.name) for r in rows]
            convert = _CONVERTERS.get(column.type)
            if convert is not None:
                values = [convert(v) for v in values]
            arrays.append(pa.array(values, type=column.type))
        return pa.Table.from_arrays(arrays, schema=self.arrow_schema)

    def markdown(self) -> str:
        lines = [f"### `{self.name}`", "", self.doc, "", "| column | type | meaning |", "|---|---|---|"]
        for c in self.columns:
            lines.append(f"| `{c.name}` | {_TYPE_NAMES[c.type]} | {c.doc} |")
        lines.append("")
        lines.append(f"Files are sorted by `{self.cluster}`, whose statistics prune range filters on it.")
        return "\n".join(lines)


_PROVENANCE = (
    "`published_at`/`source`/`url`/`title`/`language` repeat the document's values so events can be "
    "queried without a join."
)

DOCUMENTS = Table(
    "documents",
    "Document",
    [
        Column(
            "doc_id", STRING, "Deterministic id: from feed guid/link, JSONL id, URL or content hash.", False
        ),
        Column(
            "source",
            STRING,
            "Feed title, JSONL `source`, the page's host for HTML, the folder name for `.txt`.",
        ),
        Column("url", STRING, "Canonical article URL when known."),
        Column("title", STRING, "Headline."),
        Column("published_at", TIMESTAMP, "Publication time (UTC); null when unknown."),
        Column(
            "published_from", STRING, "Which input gave `published_at`: feed, jsonl, html_meta, ..., default."
        ),
        Column(
            "language",
            STRING,
            "ISO 639 code, given or detected (any language, not only the ten with date rules); `und` when undetermined.",
        ),
        Column("body", STRING, "Clean article text, boilerplate removed.", False),
        Column(
            "body_from",
            STRING,
            "Where the body came from: file, jsonl, feed_content, feed_summary, article.",
            False,
        ),
        Column("removed", STRING_LIST, "Boilerplate blocks removed from the body, verbatim, for audit."),
        Column("input_kind", STRING, "feed, txt, jsonl or html.", False),
        Column("input_ref", STRING, "Path or URL, plus `#line=N` / `#entry=N`.", False),
        Column(
            "content_hash",
            STRING,
            "SHA-256 of the input's title and content; a later run skips the document while it is unchanged.",
            False,
        ),
        Column("published_date", DATE, "Local calendar date of publication; null when unknown."),
    ],
    cluster="published_date",
    key=("doc_id",),
    owner="doc_id",
    doc="One row per distinct document.",
)

EVENTS = Table(
    "events",
    "Event",
    [
        Column("event_id", STRING, "Deterministic id from `doc_id` and the expression's span.", False),
        Column("doc_id", STRING, "The document the event comes from.", False),
        Column("event_end", DATE, "Last day of the event's interval (inclusive)."),
        Column("granularity", STRING, "day, week, month, quarter, half, season, year, decade or century."),
        Column("timex_value", STRING, "TIMEX3 value, e.g. 2025-06-24, 2025-W25, 2025, PAST_REF."),
        Column("timex_type", STRING, "DATE or TIME.", False),
        Column("timex_mod", STRING, "TIMEX3 mod (START, MID, END, APPROX, ...) when any."),
        Column(
            "date_text",
            STRING,
            "The expression as written; the publication time as given for publication events.",
        ),
        Column(
            "date_source",
            STRING,
            "`text` for an expression in the body, `publication` for the document's date.",
            False,
        ),
        Column(
            "sentence", STRING, "The sentence holding the expression; the title for the publication event."
        ),
        Column(
            "char_start", INT32, "Offset of `date_text` in `documents.body` (null for publication events)."
        ),
        Column("char_end", INT32, "End offset (exclusive) of `date_text` in `documents.body`."),
        Column("published_at", TIMESTAMP, _PROVENANCE),
        Column("source", STRING, "See `published_at`."),
        Column("url", STRING, "See `published_at`."),
        Column("title", STRING, "See `published_at`."),
        Column("language", STRING, "See `published_at`."),
        Column("event_date", DATE, "First day of the event's interval; null when not a calendar date."),
    ],
    cluster="event_date",
    key=("doc_id", "char_start", "event_id"),
    owner="doc_id",
    doc="One row per dated expression in a body, plus one `publication` row per document.",
)

REJECTS = Table(
    "rejects",
    "Reject",
    [
        Column("reject_id", STRING, "Deterministic id from input and stage.", False),
        Column("input_ref", STRING, "What failed: path or URL, plus `#line=N` / `#entry=N`.", False),
        Column("input_kind", STRING, "feed, txt, jsonl, html or glob.", False),
        Column(
            "error_type", STRING, "Short error class, e.g. InvalidUtf8, MalformedFeed, MissingText.", False
        ),
        Column("error_message", STRING, "Human-readable reason.", False),
        Column("payload", STRING, "The offending input, truncated (binary shown escaped)."),
        Column("stage", STRING, "Pipeline stage that rejected it: discover, read, parse, extract.", False),
    ],
    cluster="stage",
    key=("input_ref", "reject_id"),
    owner="input_ref",
    doc="One row per input that could not become a document, with the reason.",
)

TABLES = (DOCUMENTS, EVENTS, REJECTS)

Document = DOCUMENTS.record
Event = EVENTS.record
Reject = REJECTS.record
