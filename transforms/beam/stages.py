"""Thin Beam wrappers over the pure document and event functions."""

from __future__ import annotations

import math
from collections.abc import Iterator

import apache_beam as beam

from schemas import Document, Event, RawDoc
from transforms.beam.tags import REJECTS
from transforms.boilerplate import edge_lines
from transforms.documents import build_document, restrip
from transforms.errors import InputError
from transforms.events import document_events
from transforms.language import identifier
from transforms.readers import make_reject

MAX_LINES_PER_SOURCE = 50


class _Build(beam.DoFn):
    def __init__(self, default_published: str | None):
        self.default_published = default_published

    def setup(self) -> None:
        self.built = beam.metrics.Metrics.counter("extract", "documents")
        self.rejected = beam.metrics.Metrics.counter("extract", "rejects")
        identifier()  # the language model, once per worker process (the same cache a direct call fills)

    def process(self, raw: RawDoc) -> Iterator:
        try:
            doc = build_document(raw, self.default_published)
        except Exception as exc:  # noqa: BLE001 - a bad document is a reject row, not a failed run
            self.rejected.inc()
            stage_error = (
                exc if isinstance(exc, InputError) else InputError(type(exc).__name__, str(exc), raw.content)
            )
            yield beam.pvalue.TaggedOutput(
                REJECTS, make_reject(raw.input_ref, raw.input_kind, "extract", stage_error)
            )
            return
        self.built.inc()
        yield doc


class BuildDocuments(beam.PTransform):
    """Candidates to clean documents; failures tagged ``rejects``."""

    def __init__(self, default_published: str | None):
        super().__init__()
        self.default_published = default_published

    def expand(self, raws):
        return raws | "Build" >> beam.ParDo(_Build(self.default_published)).with_outputs(REJECTS, main="docs")


def _source_key(doc: Document) -> str:
    return doc.source or ""


def _select_repeated(element, totals: dict[str, int], min_docs: int, min_share: float) -> Iterator[tuple]:
    (source, signature), count = element
    needed = max(min_docs, math.ceil(min_share * totals.get(source, 0)))
    if count >= needed:
        yield source, (count, signature)


class StripRepeatedLines(beam.PTransform):
    """Learn, per source, lines that open or close many of its documents, and strip them.

    The learned sets are a side input computed from this run's own documents: one count per
    (source, edge-line signature), so its size is bounded by a few lines per document.
    """

    def __init__(self, min_docs: int, min_share: float):
        super().__init__()
        self.min_docs = min_docs
        self.min_share = min_share

    def expand(self, docs):
        totals = (
            docs | "SourceOf" >> beam.Map(_source_key) | "DocsPerSource" >> beam.combiners.Count.PerElement()
        )
        learned = (
            docs
            | "EdgeLines" >> beam.FlatMap(lambda d: {(_source_key(d), sig) for sig in edge_lines(d.body)})
            | "CountEdgeLines" >> beam.combiners.Count.PerElement()
            | "KeepRepeated"
            >> beam.FlatMap(_select_repeated, beam.pvalue.AsDict(totals), self.min_docs, self.min_share)
            | "CapPerSource" >> beam.combiners.Top.PerKey(MAX_LINES_PER_SOURCE)
            | "AsFrozenSet" >> beam.MapTuple(lambda source, top: (source, frozenset(sig for _, sig in top)))
        )
        return docs | "Restrip" >> beam.Map(
            lambda d, sets: restrip(d, sets.get(_source_key(d), frozenset())), beam.pvalue.AsDict(learned)
        ).with_output_types(Document)


class _Events(beam.DoFn):
    def setup(self) -> None:
        self.text = beam.metrics.Metrics.counter("events", "text")
        self.publication = beam.metrics.Metrics.counter("events", "publication")

    def process(self, doc: Document) -> Iterator[Event]:
        events = document_events(doc)
        self.publication.inc()
        self.text.inc(len(events) - 1)
        yield from events


class ExtractEvents(beam.PTransform):
    def expand(self, docs):
        return docs | "Tag" >> beam.ParDo(_Events()).with_output_types(Event)


class ProcessDocuments(beam.PTransform):
    """Candidates to documents and events, with build failures as ``rejects``: shared by batch and streaming."""

    def __init__(self, default_published: str | None, min_docs: int, min_share: float):
        super().__init__()
        self.default_published = default_published
        self.min_docs = min_docs
        self.min_share = min_share

    def expand(self, candidates):
        built = candidates | "BuildDocuments" >> BuildDocuments(self.default_published)
        documents = built.docs | "StripRepeatedLines" >> StripRepeatedLines(self.min_docs, self.min_share)
        events = documents | "ExtractEvents" >> ExtractEvents()
        return {"documents": documents, "events": events, REJECTS: built[REJECTS]}
