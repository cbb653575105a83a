"""Issue 14, time caps: --fetch-timeout caps one attempt, --fetch-budget a whole fetch; refusals say nothing was sent."""

from __future__ import annotations

import dataclasses
import time

import pytest

from pipelines.options import IngestOptions, fetch_policy
from tests.support.http_server import send
from transforms.fetch import FetchError, fetch


def _policy(*flags: str):
    return fetch_policy(
        IngestOptions(["--allow-private-hosts", "--per-host-delay", "0", "--fetch-retries", "5", *flags])
    )


def _drip_body(server, count: int = 200, every: float = 0.05):
    """Headers at once, then one byte every ``every`` seconds: never idle long enough for a read timeout."""

    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(count))
        h.end_headers()
        h.wfile.flush()
        for _ in range(count):
            if server.stop.wait(every):
                return
            h.wfile.write(b" ")
            h.wfile.flush()

    return route


def _drip_status_line(server, every: float = 0.05):
    def route(h):
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
            if server.stop.wait(every):
                return
            h.wfile.write(bytes([byte]))
            h.wfile.flush()

    return route


def test_fetch_timeout_flag_caps_one_attempt_of_a_dripping_host(server):
    server.route("/drip", _drip_body(server))
    policy = dataclasses.replace(_policy("--fetch-timeout", "1", "--fetch-budget", "60"), retries=0)
    assert (policy.total_timeout, policy.read_timeout, policy.total_budget) == (1.0, 1.0, 60.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/drip"), policy)
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.0  # not the 10 s the drip would take, nor the old fixed 120 s cap
    assert info.value.kind == "timeout" and info.value.attempts == 1
    assert info.value.reason == "attempt exceeded total_timeout 1s"


def test_fetch_timeout_also_caps_a_status_line_dripped_byte_by_byte(server):
    server.route("/slow-head", _drip_status_line(server))
    policy = dataclasses.replace(_policy("--fetch-timeout", "0.5"), retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/slow-head"), policy)
    assert time.monotonic() - started < 1.5
    assert info.value.kind == "timeout"


def test_fetch_budget_caps_attempts_plus_backoff(server):
    server.route("/drip", _drip_body(server))
    policy = _policy("--fetch-timeout", "1", "--fetch-budget", "2.5")  # 6 attempts allowed by --fetch-retries
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/drip"), policy)
    elapsed = time.monotonic() - started
    assert elapsed < 3.3, elapsed  # the budget, plus a little slack for a loaded machine
    assert 2 <= server.hits["/drip"] <= 3
    assert info.value.kind == "timeout"
    assert "fetch budget of 2.5s spent (--fetch-budget)" in str(info.value)


def test_a_retry_after_beyond_the_budget_gives_up_without_sleeping(server, sleeps):
    server.static("/busy", 503, b"busy", {"Retry-After": "30"})
    policy = dataclasses.replace(_policy("--fetch-budget", "2"), backoff_max=60.0)
    with pytest.raises(FetchError) as info:
        fetch(server.url("/busy"), policy, sleep=sleeps)
    assert sleeps.calls == [] and server.hits["/busy"] == 1
    assert (info.value.kind, info.value.status, info.value.attempts) == ("http_status", 503, 1)
    assert info.value.reason.endswith("; gave up: fetch budget of 2s spent (--fetch-budget)")


def test_redirect_to_metadata_address_is_a_refusal_that_sent_nothing(server, connect_log):
    target = "http://169.254.169.254/latest/meta-data/"
    server.route("/r", lambda h: send(h, 302, b"", {"Location": target}))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/r"), _policy())
    message = str(info.value)
    assert message == (
        f"fetch blocked_address: redirect to {target} refused: refusing 169.254.169.254: 169.254.169.254 "
        f"is a cloud metadata address; refused before connecting, nothing was sent <{server.url('/r')}>"
    )
    assert "attempts" not in message
    assert {host for host, _ in connect_log} == {"127.0.0.1"}


def test_private_literal_refusal_says_nothing_was_sent(connect_log):
    with pytest.raises(FetchError) as info:
        fetch("http://10.0.0.1/feed", dataclasses.replace(_policy(), allow_private_hosts=False))
    assert str(info.value) == (
        "fetch blocked_address: refusing 10.0.0.1: 10.0.0.1 is private; "
        "refused before connecting, nothing was sent <http://10.0.0.1/feed>"
    )
    assert connect_log == []
