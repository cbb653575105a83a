"""One feed poll, shared by the batch run and the stream: conditional GET, parse, validators to keep.

Both Beam stages (``transforms.beam.feeds`` and ``transforms.beam.streaming``) are thin wrappers over
``poll_feed``; only where they keep the validators differs (a JSON file between runs, per-key state in
a job). Not imported by ``transforms.fetch`` itself: it needs the feed reader, which imports this package.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from schemas import RawDoc, Reject, Skip
from transforms import readers
from transforms.errors import InputError

from .client import fetch
from .throttle import HostThrottle
from .types import FetchError, FetchPolicy, FetchResult

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)
NO_VALIDATORS: Validators = (None, None)


def fetch_reject(url: str, kind: str, exc: FetchError) -> Reject:
    """A reject row for a fetch that failed or was refused; its type names the kind (FetchHttpStatus...)."""
    error = InputError("Fetch" + "".join(part.title() for part in exc.kind.split("_")), str(exc))
    return readers.make_reject(url, kind, "fetch", error)


def validators_after(sent: Validators, result: FetchResult | None) -> Validators:
    """The validators to send next time, given those sent and what came back (None: the fetch failed).

    Validators describe the copy we hold. A failure changes nothing, so the ones sent stay. A 304 says
    our copy is current: the ones sent stay, updated by any the 304 carries (``fetch`` merges those).
    A 2xx replaced our copy: its validators, exactly; none means forget, since the old ones describe
    a copy we no longer hold and would let the server answer 304 for content we never saw.
    """
    if result is None:
        return sent
    return result.etag, result.last_modified


@dataclass(frozen=True)
class FeedPoll:
    """What one poll produced: rows to route, the validators to keep, the failure if any."""

    url: str
    outcomes: tuple[RawDoc | Reject | Skip, ...]
    validators: Validators
    error: FetchError | None = None
    not_modified: bool = False

    @property
    def status(self) -> str:
        """``failed``, ``not_modified`` or ``fetched``: what the stages count."""
        if self.error is not None:
            return "failed"
        return "not_modified" if self.not_modified else "fetched"


def poll_feed(
    url: str,
    policy: FetchPolicy,
    validators: Validators = NO_VALIDATORS,
    *,
    throttle: HostThrottle | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> FeedPoll:
    """Fetch ``url`` conditionally on ``validators``: its entries, a ``not_modified`` skip, or a fetch reject."""
    etag, modified = validators
    try:
        result = fetch(url, policy, etag=etag, last_modified=modified, throttle=throttle, sleep=sleep)
    except FetchError as exc:
        return FeedPoll(url, (fetch_reject(url, "feed", exc),), validators_after(validators, None), error=exc)
    kept = validators_after(validators, result)
    if result.not_modified:
        return FeedPoll(url, (Skip(input_ref=url, reason="not_modified"),), kept, not_modified=True)
    return FeedPoll(url, tuple(readers.parse_feed(url, result.body)), kept)
