"""HTTP layer for dateline: safe, polite, bounded fetching of feeds and pages (standard library only)."""

from .addresses import blocked_reason, resolve_and_vet
from .backoff import backoff_delay, parse_retry_after, retry_delay
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
    "retry_delay",
]
