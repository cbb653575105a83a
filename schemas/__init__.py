"""Record types and Arrow schemas: the single source of truth for every table dateline writes."""

from schemas.raw import RawDoc, Skip
from schemas.tables import DOCUMENTS, EVENTS, REJECTS, TABLES, Document, Event, Reject, Table

__all__ = [
    "DOCUMENTS",
    "EVENTS",
    "REJECTS",
    "TABLES",
    "Document",
    "Event",
    "RawDoc",
    "Reject",
    "Skip",
    "Table",
]
