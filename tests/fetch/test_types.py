"""Policy/error plumbing and retry timing."""

from __future__ import annotations

import email.utils
import pickle
import random
import time

import pytest
from urllib3.response import HTTPResponse
from urllib3.util.retry import RequestHistory

from transforms.fetch import FetchError, FetchPolicy, backoff_delay, parse_retry_after
from transforms.fetch.backoff import FetchRetry

FAILURE = RequestHistory("GET", "http://x.example.test/", None, 503, None)


def _after_failures(policy: FetchPolicy, n: int) -> FetchRetry:
    """The retry state fetch() holds after ``n`` failed attempts."""
    return FetchRetry.for_policy(policy).new(history=(FAILURE,) * n)


def _response(retry_after: str) -> HTTPResponse:
    return HTTPResponse(body=b"", headers={"Retry-After": retry_after}, status=503)


def test_policy_and_error_pickle():
    policy = FetchPolicy(max_bytes=123, allow_private_hosts=True)
    assert pickle.loads(pickle.dumps(policy)) == policy
    err = FetchError("http://x.example.test/", "HTTP 503 Service Unavailable\nfrom x", 503, "http_status", 4)
    back = pickle.loads(pickle.dumps(err))
    assert (back.url, back.reason, back.status, back.kind, back.attempts) == (
        "http://x.example.test/",
        "HTTP 503 Service Unavailable from x",
        503,
        "http_status",
        4,
    )
    assert (
        str(back)
        == "fetch http_status 503: HTTP 503 Service Unavailable from x after 4 attempts <http://x.example.test/>"
    )


def test_unknown_error_kind_rejected():
    with pytest.raises(ValueError):
        FetchError("u", "r", None, "oops")


def test_full_jitter_bounds():
    policy = FetchPolicy(backoff_base=0.5, backoff_max=3.0)
    rng = random.Random(7)
    for n, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (10, 3.0)]:
        draws = [backoff_delay(n, policy.backoff_base, policy.backoff_max, rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.8  # spread over the whole range, not a fixed step
        # the delay fetch() sleeps: the n-th retry's backoff, never urllib3's 0 before the first retry
        retry = _after_failures(policy, n)
        assert all(0.0 <= retry.delay() <= ceiling for _ in range(50))
        assert len({retry.delay() for _ in range(50)}) > 1


def test_retry_after_forms():
    now = time.time()
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    date = email.utils.formatdate(now + 20, usegmt=True)
    assert 18.0 <= parse_retry_after(date, now=now) <= 20.0
    assert parse_retry_after(email.utils.formatdate(now - 100, usegmt=True), now=now) == 0.0
    retry = _after_failures(FetchPolicy(backoff_base=0.5, backoff_max=5.0), 1)
    assert retry.delay(_response("120")) == 5.0
    assert retry.delay(_response("2")) == 2.0
    assert 0.0 <= retry.delay(_response("soon")) <= 0.5  # unusable header: backoff, not an exception
