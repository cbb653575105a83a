"""HTTP layer for dateline: safe, polite, bounded fetching of feeds and pages (no Beam in here).

urllib3 carries the HTTP (pools, timeouts, streamed decoding, retry accounting), protego matches
robots.txt, charset-normalizer reads unlabelled legacy text. Ours on top: address vetting with
connections pinned to the vetted address, per-hop redirect vetting, body and inflate caps, time caps,
politeness, conditional-GET state. Typical use in a DoFn (one HostThrottle and RobotsCache per worker,
built in ``setup``)::

    etag, modified = state.get(feed_url)           # ConditionalState loaded before the run
    try:
        result = fetch(feed_url, policy, etag=etag, last_modified=modified, throttle=throttle)
    except FetchError as err:                      # err.kind / err.status / str(err) -> reject row
        ...
    if not result.not_modified:
        text = decode_body(result)

A feed poll with its validators and rows is ``transforms.fetch.poll.poll_feed`` (batch and stream).
Proxy environment variables are ignored on purpose: a proxy would connect to addresses we never vetted.
"""

from .addresses import blocked_reason, resolve_and_vet
from .backoff import backoff_delay, parse_retry_after
from .charset import decode_body, decode_bytes, detect_encoding
from .client import fetch
from .conditional import ConditionalState
from .robots import RobotsCache
from .throttle import HostThrottle
from .types import FetchError, FetchPolicy, FetchResult
from .urls import canonical_url

__all__ = [
    "ConditionalState",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "HostThrottle",
    "RobotsCache",
    "backoff_delay",
    "blocked_reason",
    "canonical_url",
    "decode_body",
    "decode_bytes",
    "detect_encoding",
    "fetch",
    "parse_retry_after",
    "resolve_and_vet",
]
