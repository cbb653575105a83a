"""Retry timing: exponential backoff with full jitter, and Retry-After parsing."""

from __future__ import annotations

import email.utils
import random
import time

from .types import FetchPolicy

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))


def backoff_delay(retry_number: int, policy: FetchPolicy, rng: random.Random | None = None) -> float:
    """Full jitter: uniform in [0, min(max, base * 2**(n-1))], so many workers hitting one host spread out."""
    ceiling = min(policy.backoff_max, policy.backoff_base * (2 ** max(retry_number - 1, 0)))
    return (rng or random).uniform(0.0, ceiling)


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


def retry_delay(
    retry_number: int, policy: FetchPolicy, retry_after: str | None = None, rng: random.Random | None = None
) -> float:
    """The server's Retry-After when it gave one (capped at backoff_max), else jittered backoff."""
    hinted = parse_retry_after(retry_after)
    if hinted is not None:
        return min(hinted, policy.backoff_max)
    return backoff_delay(retry_number, policy, rng)
