"""Retry policy: urllib3's ``Retry`` keeps the count and decides which statuses retry; the delay is
exponential backoff with full jitter, or the server's Retry-After (capped).

The fetch loop sleeps itself (not ``Retry.sleep``) so the sleep can be injected in tests and refused
when it would outlast the fetch budget.
"""

from __future__ import annotations

import email.utils
import random
import time

from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .types import FetchPolicy

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))


def backoff_delay(retry_number: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**(n-1))], so many workers hitting one host spread out."""
    return (rng or random).uniform(0.0, min(cap, base * (2 ** max(retry_number - 1, 0))))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent or unparsable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class FetchRetry(Retry):
    """``Retry`` for one URL: ``policy.retries`` retries of GET, redirects left to the caller (each hop
    is vetted), RETRY_STATUSES retried; delays from full jitter and a lenient, capped Retry-After.

    Overridden because urllib3's own backoff waits 0 before the first retry and adds a bounded jitter
    on top of a fixed step, and its Retry-After parsing raises on a malformed header instead of backing
    off. Only ``Retry``'s constructor arguments survive ``increment`` (it builds a new instance), so
    nothing else is kept here.
    """

    @classmethod
    def for_policy(cls, policy: FetchPolicy) -> FetchRetry:
        return cls(
            total=policy.retries,
            redirect=False,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=policy.backoff_base,
            backoff_max=policy.backoff_max,  # caps Retry-After too
            raise_on_redirect=False,
            raise_on_status=False,
        )

    @property
    def attempts(self) -> int:
        """Requests made so far, counting the one in flight."""
        return len(self.history) + 1

    def get_backoff_time(self) -> float:
        return backoff_delay(len(self.history), self.backoff_factor, self.backoff_max)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        seconds = parse_retry_after(response.headers.get("Retry-After"))
        return None if seconds is None else min(seconds, self.backoff_max)

    def delay(self, response: BaseHTTPResponse | None = None) -> float:
        """Seconds before the next attempt: Retry-After when the response has a usable one, else backoff."""
        hinted = None
        if response is not None and self.respect_retry_after_header:
            hinted = self.get_retry_after(response)
        return self.get_backoff_time() if hinted is None else hinted
