"""Beam stages over the HTTP layer: feeds and article pages, keyed by host so politeness holds.

Work is grouped by host before fetching, so all requests to one host are made by one DoFn call on one
worker, through one ``HostThrottle`` (at most N in flight, a minimum delay between starts) — across
the whole stage, not per bundle. Different hosts proceed in parallel across workers.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

import apache_beam as beam

from schemas import RawDoc, Reject, Skip
from transforms.beam.tags import REJECTS, SKIPS, VALIDATORS
from transforms.fetch import FetchError, FetchPolicy, HostThrottle, RobotsCache, decode_body, fetch
from transforms.fetch.conditional import ConditionalState
from transforms.fetch.poll import poll_feed
from transforms.fragments import fragment_text
from transforms.store import layout
from transforms.store.head import read_json_file, write_json_file

STATE_FILE = "_state/http.json"


def host_of(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def route(outcome: RawDoc | Reject | Skip) -> Iterator:
    """Candidates on the main output, rejects and skips on their tags."""
    if isinstance(outcome, RawDoc):
        yield outcome
    elif isinstance(outcome, Reject):
        yield beam.pvalue.TaggedOutput(REJECTS, outcome)
    else:
        yield beam.pvalue.TaggedOutput(SKIPS, outcome)


class _FetchFeedsOfHost(beam.DoFn):
    def __init__(self, policy: FetchPolicy):
        self.policy = policy

    def setup(self) -> None:
        self.throttle = HostThrottle.from_policy(self.policy)
        m = beam.metrics.Metrics
        self.counters = {
            "fetched": m.counter("fetch", "feeds_fetched"),
            "not_modified": m.counter("fetch", "feeds_not_modified"),
            "failed": m.counter("fetch", "feeds_failed"),
        }

    def process(self, element, saved: ConditionalState) -> Iterator:
        _, urls = element

        def poll(url: str):
            return poll_feed(url, self.policy, saved.get(url), throttle=self.throttle)

        with ThreadPoolExecutor(max_workers=self.policy.per_host_concurrency) as pool:
            polls = list(pool.map(poll, sorted(set(urls))))
        for polled in polls:
            self.counters[polled.status].inc()
            yield beam.pvalue.TaggedOutput(VALIDATORS, (polled.url, *polled.validators))
            for outcome in polled.outcomes:
                yield from route(outcome)


class FetchFeeds(beam.PTransform):
    """Feed URLs to candidates (main), ``rejects``, ``skips`` and ``validators`` for the next run."""

    def __init__(self, policy: FetchPolicy, state_path: str):
        super().__init__()
        self.policy = policy
        self.state_path = state_path

    def expand(self, urls):
        saved = (
            urls.pipeline
            | "StatePath" >> beam.Create([self.state_path])
            | "LoadValidators" >> beam.Map(ConditionalState.load, read_json_file)
        )
        return (
            urls
            | "ByHost" >> beam.Map(lambda url: (host_of(url), url))
            | "GroupByHost" >> beam.GroupByKey()
            | "Fetch"
            >> beam.ParDo(_FetchFeedsOfHost(self.policy), beam.pvalue.AsSingleton(saved)).with_outputs(
                REJECTS, SKIPS, VALIDATORS, main="docs"
            )
        )


def _save_state(path: str, updates: Iterable, _barrier=None) -> str:
    """Merge this run's validators into the saved ones (failed polls report the ones they sent)."""
    updates = list(updates)
    if not updates:
        return path
    state = ConditionalState.load(path, read_json_file)
    for url, etag, modified in updates:
        state.update(url, etag, modified)
    state.save(path, write_json_file)
    return path


class SaveValidators(beam.PTransform):
    """Written after the documents, so a crash never records a feed as seen before its rows land."""

    def __init__(self, state_path: str, after: beam.PCollection):
        super().__init__()
        self.state_path = state_path
        self.after = after

    def expand(self, validators):
        return (
            validators.pipeline
            | "Path" >> beam.Create([self.state_path])
            | "Save" >> beam.Map(_save_state, beam.pvalue.AsList(validators), beam.pvalue.AsList(self.after))
        )


class _FetchArticlesOfHost(beam.DoFn):
    def __init__(self, policy: FetchPolicy):
        self.policy = policy

    def setup(self) -> None:
        self.throttle = HostThrottle.from_policy(self.policy)
        self.robots = RobotsCache(self.throttle)
        m = beam.metrics.Metrics
        self.fetched = m.counter("fetch", "articles_fetched")
        self.failed = m.counter("fetch", "articles_failed")
        self.disallowed = m.counter("fetch", "articles_robots_disallowed")

    def _one(self, raw: RawDoc) -> RawDoc:
        try:
            if not self.robots.allowed(raw.url, self.policy):
                self.disallowed.inc()
                return raw
            result = fetch(raw.url, self.policy, throttle=self.throttle)
        except FetchError:
            self.failed.inc()
            return raw
        self.fetched.inc()
        return raw._replace(content=decode_body(result), content_format="html", body_from="article")

    def process(self, element) -> Iterator[RawDoc]:
        _, raws = element
        raws = sorted(raws, key=lambda r: r.input_ref)
        with ThreadPoolExecutor(max_workers=self.policy.per_host_concurrency) as pool:
            yield from pool.map(self._one, raws)


def wants_article(raw: RawDoc, min_chars: int) -> bool:
    """Feed entries whose own text is short (a teaser) and that link to an http(s) page."""
    if raw.input_kind != "feed" or not raw.url or not raw.url.startswith(("http://", "https://")):
        return False
    text = fragment_text(raw.content) if raw.content_format == "fragment" else raw.content
    return len(" ".join(text.split())) < min_chars


class FetchArticles(beam.PTransform):
    """Replace short feed entries by their linked page (robots.txt honoured); failures keep the entry."""

    def __init__(self, policy: FetchPolicy, min_chars: int):
        super().__init__()
        self.policy = policy
        self.min_chars = min_chars

    def expand(self, raws):
        min_chars = self.min_chars
        split = raws | "NeedsPage" >> beam.Partition(lambda r, _: 0 if wants_article(r, min_chars) else 1, 2)
        fetched = (
            split[0]
            | "ByHost" >> beam.Map(lambda r: (host_of(r.url), r))
            | "GroupByHost" >> beam.GroupByKey()
            | "Fetch" >> beam.ParDo(_FetchArticlesOfHost(self.policy)).with_output_types(RawDoc)
        )
        return (fetched, split[1]) | "Rejoin" >> beam.Flatten()


def state_path(output: str) -> str:
    return layout.join(output, STATE_FILE)
