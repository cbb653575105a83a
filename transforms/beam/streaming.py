"""The streaming job's steps: poll feeds on a clock, emit each entry once per version, window the rows.

Both stateful steps keep per-key state instead of reading the output: ``PollFeed`` remembers each
feed's ETag/Last-Modified (keyed by URL), ``EmitNewVersions`` each document's content hash (keyed by
``doc_id``) with an event-time timer that forgets a document after ``ttl`` so state stays bounded.
``tables_by_window`` then runs the batch pipeline's own transforms on each fixed window.
"""

from __future__ import annotations

import time
import typing
from collections.abc import Callable, Iterator

import apache_beam as beam
from apache_beam.coders import FloatCoder, StrUtf8Coder, TupleCoder
from apache_beam.coders.coders import NullableCoder
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration

from schemas import RawDoc, Skip
from transforms.beam.feeds import route
from transforms.beam.stages import ProcessDocuments
from transforms.beam.tags import REJECTS, SKIPS
from transforms.fetch import FetchPolicy, HostThrottle
from transforms.fetch.poll import NO_VALIDATORS, poll_feed

_VALIDATOR_CODER = TupleCoder([NullableCoder(StrUtf8Coder()), NullableCoder(StrUtf8Coder())])


class PollFeed(beam.DoFn):
    """``(url, tick)`` to the feed's candidates; conditional GET with the validators kept in state."""

    VALIDATORS = ReadModifyWriteStateSpec("validators", _VALIDATOR_CODER)

    def __init__(self, policy: FetchPolicy):
        self.policy = policy

    def setup(self) -> None:
        self.throttle = HostThrottle.from_policy(self.policy)
        m = beam.metrics.Metrics
        self.polls = m.counter("stream", "polls")
        self.counters = {
            "fetched": m.counter("stream", "fetched"),
            "not_modified": m.counter("stream", "not_modified"),
            "failed": m.counter("stream", "poll_failures"),
        }

    def process(self, element, validators=beam.DoFn.StateParam(VALIDATORS)) -> Iterator:
        url, _tick = element
        self.polls.inc()
        polled = poll_feed(url, self.policy, validators.read() or NO_VALIDATORS, throttle=self.throttle)
        self.counters[polled.status].inc()
        validators.write(polled.validators)
        for outcome in polled.outcomes:
            yield from route(outcome)


class EmitNewVersions(beam.DoFn):
    """``(doc_id, RawDoc)`` to the RawDoc when its content is new for this job; repeats are skips.

    The expiry timer bounds the state on runners whose watermark follows the poll clock (Dataflow,
    Flink). Beam's local FnApiRunner instead moves the watermark to the end of time after each
    round of work and fires every timer early; the wall-clock guard in ``expire`` ignores such early
    firings, so a local run never forgets a document it saw less than ``ttl`` ago.
    """

    SEEN = ReadModifyWriteStateSpec("seen", TupleCoder([StrUtf8Coder(), FloatCoder()]))
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, ttl_seconds: int, clock: Callable[[], float] = time.time):
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def setup(self) -> None:
        m = beam.metrics.Metrics
        self.new = m.counter("stream", "new_versions")
        self.repeats = m.counter("stream", "repeats")
        self.expired = m.counter("stream", "expired")

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        seen=beam.DoFn.StateParam(SEEN),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ) -> Iterator:
        _, raw = element
        expiry.set(timestamp + Duration(seconds=self.ttl_seconds))
        previous = seen.read()
        seen.write((raw.content_hash, self.clock()))
        if previous is not None and previous[0] == raw.content_hash:
            self.repeats.inc()
            yield beam.pvalue.TaggedOutput(SKIPS, Skip(input_ref=raw.input_ref, reason="seen"))
            return
        self.new.inc()
        yield raw

    @on_timer(EXPIRY)
    def expire(self, seen=beam.DoFn.StateParam(SEEN)) -> None:
        previous = seen.read()
        if previous is not None and self.clock() - previous[1] >= self.ttl_seconds:
            self.expired.inc()
            seen.clear()


class PollFeeds(beam.PTransform):
    """Clock ticks to candidates (main), ``rejects`` and ``skips``: one poll per feed per tick."""

    def __init__(self, urls: list[str], policy: FetchPolicy, ttl_seconds: int):
        super().__init__()
        self.urls = sorted(set(urls))
        self.policy = policy
        self.ttl_seconds = ttl_seconds

    def expand(self, ticks):
        urls = self.urls
        polled = (
            ticks
            | "FanOut"
            >> beam.FlatMap(lambda tick: [(url, float(tick)) for url in urls]).with_output_types(
                typing.Tuple[str, float]  # noqa: UP006 - a deterministic key coder for the state
            )
            | "Poll" >> beam.ParDo(PollFeed(self.policy)).with_outputs(REJECTS, SKIPS, main="docs")
        )
        return new_versions(polled, self.ttl_seconds)


def new_versions(polled, ttl_seconds: int) -> dict:
    """A poll's outcomes (``docs``, ``rejects``, ``skips``) with each document kept once per version.

    Applied by name in the caller's scope (inside ``PollFeeds`` in the job), so the stateful step keeps
    the name a running job's state is stored under; tests apply it to outcomes from a ``TestStream``.
    """
    fresh = (
        polled["docs"]
        | "KeyById"
        >> beam.Map(lambda raw: (raw.doc_id, raw))
        .with_input_types(RawDoc)
        .with_output_types(typing.Tuple[str, RawDoc])  # noqa: UP006
        | "EmitNewVersions" >> beam.ParDo(EmitNewVersions(ttl_seconds)).with_outputs(SKIPS, main="docs")
    )
    skips = (polled[SKIPS], fresh[SKIPS]) | "AllSkips" >> beam.Flatten()
    return {"docs": fresh.docs, REJECTS: polled[REJECTS], SKIPS: skips}


def tables_by_window(
    fresh: dict, window_seconds: float, default_published: str | None, min_docs: int, min_share: float
) -> dict:
    """New document versions and poll rejects to each window's rows: what ``WriteOutputs`` lands.

    Each fixed window of ``window_seconds`` (event time, the poll's tick) is processed and committed on
    its own once the watermark passes its end. Applied by name in the caller's scope, like
    ``new_versions``, so a running job's transform names stay what they were (``--update``).
    """
    windowing = window.FixedWindows(window_seconds)
    candidates = fresh["docs"] | "WindowCandidates" >> beam.WindowInto(windowing)
    processed = candidates | "ProcessDocuments" >> ProcessDocuments(default_published, min_docs, min_share)
    rejects = (
        fresh[REJECTS] | "WindowRejects" >> beam.WindowInto(windowing),
        processed[REJECTS],
    ) | "AllRejects" >> beam.Flatten()
    return {
        "documents": processed["documents"],
        "events": processed["events"],
        "rejects": rejects,
        # A document new to this job may exist from a batch run or an earlier job: replace it.
        "superseded": candidates | "NewIds" >> beam.Map(lambda raw: raw.doc_id),
        "reject_keys": rejects | "RejectRefs" >> beam.Map(lambda r: r.input_ref),
    }
