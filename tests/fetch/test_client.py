"""fetch() against a real loopback server: conditional GET, retries, timeouts, caps, redirects."""

from __future__ import annotations

import dataclasses
import gzip
import time
import tracemalloc
import zlib

import pytest

from tests.support.http_server import send
from transforms.fetch import FetchError, fetch

FEED = b'<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Harbour news</title></channel></rss>'


def test_plain_get_returns_body_headers_and_sends_user_agent(server, policy):
    server.static(
        "/feed.xml", 200, FEED, {"Content-Type": "application/rss+xml; charset=utf-8", "X-Desk": "Metro"}
    )
    result = fetch(server.url("/feed.xml"), policy)
    assert result.status == 200
    assert result.body == FEED
    assert result.headers["x-desk"] == "Metro"
    assert result.text_encoding == "utf-8"
    assert result.attempts == 1 and not result.not_modified
    assert result.final_url == result.url == server.url("/feed.xml")
    _path, sent = server.requests[0]
    assert sent["user-agent"] == policy.user_agent
    assert sent["host"] == f"127.0.0.1:{server.port}"
    assert "if-none-match" not in sent


def test_etag_then_304_not_modified(server, policy):
    def route(h):
        if h.headers.get("If-None-Match") == '"v7"':
            send(h, 304, headers={"ETag": '"v7"'})
        else:
            send(h, 200, FEED, {"ETag": '"v7"', "Last-Modified": "Thu, 26 Nov 2026 08:00:00 GMT"})

    server.route("/feed", route)
    first = fetch(server.url("/feed"), policy)
    assert (first.etag, first.last_modified) == ('"v7"', "Thu, 26 Nov 2026 08:00:00 GMT")
    second = fetch(server.url("/feed"), policy, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == '"v7"'
    assert second.last_modified == "Thu, 26 Nov 2026 08:00:00 GMT"  # kept from the request when 304 omits it
    sent = server.requests[1][1]
    assert sent["if-none-match"] == '"v7"'
    assert sent["if-modified-since"] == "Thu, 26 Nov 2026 08:00:00 GMT"


def test_500_then_200_is_retried(server, policy, sleeps):
    def route(h):
        if server.hits["/flaky"] == 1:
            send(h, 500, b"oops")
        else:
            send(h, 200, FEED)

    server.route("/flaky", route)
    result = fetch(server.url("/flaky"), policy, sleep=sleeps)
    assert result.status == 200 and result.attempts == 2
    assert len(sleeps.calls) == 1 and 0.0 <= sleeps.calls[0] <= policy.backoff_base


def test_429_honours_retry_after_seconds(server, policy, sleeps):
    def route(h):
        if server.hits["/busy"] == 1:
            send(h, 429, b"slow down", {"Retry-After": "1"})
        else:
            send(h, 200, FEED)

    server.route("/busy", route)
    result = fetch(server.url("/busy"), policy, sleep=sleeps)
    assert result.attempts == 2
    assert sleeps.calls == [1.0]


def test_retry_after_is_capped_at_backoff_max(server, policy, sleeps):
    server.static("/down", 503, b"", {"Retry-After": "3600"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/down"), policy, sleep=sleeps)
    assert sleeps.calls == [policy.backoff_max] * policy.retries
    err = info.value
    assert (err.kind, err.status, err.attempts) == ("http_status", 503, policy.retries + 1)
    assert server.hits["/down"] == policy.retries + 1
    assert "\n" not in str(err) and "503" in str(err) and "Service Unavailable" in str(err)


def test_404_is_not_retried(server, policy, sleeps):
    with pytest.raises(FetchError) as info:
        fetch(server.url("/missing"), policy, sleep=sleeps)
    assert (info.value.kind, info.value.status, info.value.attempts) == ("http_status", 404, 1)
    assert server.hits["/missing"] == 1 and sleeps.calls == []


def test_hanging_response_times_out_with_bounded_retries(server, policy, sleeps):
    server.route("/hang", lambda h: server.stop.wait(10))
    fast = dataclasses.replace(policy, read_timeout=0.5, retries=1)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/hang"), fast, sleep=sleeps)
    elapsed = time.monotonic() - started
    assert info.value.kind == "timeout" and info.value.attempts == 2
    assert server.hits["/hang"] == 2 and len(sleeps.calls) == 1
    assert 0.9 <= elapsed < 2.5


def test_drip_feed_hits_total_timeout(server, policy, sleeps):
    def drip(h):
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        while not server.stop.is_set():
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)

    server.route("/drip", drip)
    limited = dataclasses.replace(policy, read_timeout=1.0, total_timeout=0.6, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/drip"), limited, sleep=sleeps)
    assert info.value.kind == "timeout" and "total_timeout" in info.value.reason
    assert time.monotonic() - started < 1.5


def test_endless_body_stops_at_cap_with_bounded_memory(server, policy):
    def endless(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.end_headers()  # no length, no chunking: body runs until the connection closes
        block = b"<item>more news</item>" * 3000
        while not server.stop.is_set():
            h.wfile.write(block)

    server.route("/endless", endless)
    capped = dataclasses.replace(policy, max_bytes=256 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            fetch(server.url("/endless"), capped)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.kind == "too_large" and info.value.attempts == 1
    assert peak < 2 * 2**20


def test_content_length_over_cap_fails_before_reading(server, policy):
    def huge(h):
        h.send_response(200)
        h.send_header("Content-Length", str(10**9))
        h.end_headers()
        h.wfile.flush()
        server.stop.wait(10)  # would hang a reader that waited for the body

    server.route("/huge", huge)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/huge"), policy)
    assert info.value.kind == "too_large"
    assert time.monotonic() - started < 1.0


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 20 KiB of gzip that inflates to 20 MiB of zeros, built incrementally."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(2**20)
    return b"".join(comp.compress(block) for _ in range(20)) + comp.flush()


def test_gzip_bomb_is_refused_without_inflating_it(server, policy, gzip_bomb):
    assert len(gzip_bomb) < 64 * 1024
    server.static("/bomb", 200, gzip_bomb, {"Content-Encoding": "gzip", "Content-Type": "application/xml"})
    capped = dataclasses.replace(policy, max_inflated_bytes=2**20)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            fetch(server.url("/bomb"), capped)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.kind == "inflate_too_large"
    assert peak < 4 * 2**20


@pytest.mark.parametrize(
    "encoding, packer",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_compressed_bodies_are_decoded(server, policy, encoding, packer):
    server.static("/z", 200, packer(FEED * 50), {"Content-Encoding": encoding})
    result = fetch(server.url("/z"), policy)
    assert result.body == FEED * 50
    assert server.requests[0][1]["accept-encoding"] == "gzip, deflate"


def test_unknown_content_encoding_is_a_protocol_error(server, policy):
    server.static("/br", 200, b"\x1b\x00", {"Content-Encoding": "br"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/br"), policy)
    assert info.value.kind == "protocol" and "br" in info.value.reason


def test_corrupt_gzip_is_a_protocol_error_without_retry(server, policy, sleeps):
    server.static("/bad", 200, b"\x1f\x8b\x08\x00not gzip at all" * 10, {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/bad"), policy, sleep=sleeps)
    assert info.value.kind == "protocol" and "corrupt compressed body" in info.value.reason
    assert info.value.attempts == 1 and sleeps.calls == []


def test_relative_redirects_are_followed(server, policy):
    server.static("/old", 301, headers={"Location": "/moved/feed.xml#top"})
    server.static("/moved/feed.xml", 302, headers={"Location": "final.xml?x=1"})
    server.static("/moved/final.xml", 200, FEED)
    result = fetch(server.url("/old"), policy)
    assert result.body == FEED
    assert result.final_url == server.url("/moved/final.xml?x=1")
    assert result.url == server.url("/old") and result.attempts == 3


def test_redirect_loop_is_detected(server, policy):
    server.static("/a", 302, headers={"Location": "/b"})
    server.static("/b", 307, headers={"Location": "/a"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/a"), policy)
    assert info.value.kind == "redirects" and "loop" in info.value.reason
    assert server.hits["/a"] == 1 and server.hits["/b"] == 1


def test_redirect_limit(server, policy):
    server.route("/hop", lambda h: send(h, 308, headers={"Location": f"/hop?n={server.hits['/hop']}"}))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/hop"), dataclasses.replace(policy, max_redirects=3))
    assert info.value.kind == "redirects" and info.value.attempts == 4
    assert server.hits["/hop"] == 4


def test_redirect_to_other_scheme_is_refused(server, policy, connect_log):
    server.static("/ftp", 302, headers={"Location": "ftp://files.example.test/feed.xml"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/ftp"), policy)
    assert info.value.kind == "scheme"
    assert [host for host, _ in connect_log] == ["127.0.0.1"]


@pytest.mark.parametrize(
    "url", ["ftp://example.test/feed", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"]
)
def test_non_http_urls_are_refused(url, policy, connect_log):
    with pytest.raises(FetchError) as info:
        fetch(url, policy)
    assert info.value.kind == "scheme" and connect_log == []


def test_connection_refused_is_retried_then_reported(policy, sleeps):
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", policy, sleep=sleeps)
    assert info.value.kind == "connect" and info.value.attempts == policy.retries + 1
    assert len(sleeps.calls) == policy.retries


def test_unknown_host_is_a_dns_error_without_retry(policy, sleeps):
    with pytest.raises(FetchError) as info:
        fetch("http://no-such-feed.example.test/rss", policy, sleep=sleeps)
    assert info.value.kind == "dns" and info.value.attempts == 1 and sleeps.calls == []


def test_server_dropping_connection_mid_headers_is_retried(server, policy, sleeps):
    def rude(h):
        if server.hits["/rude"] == 1:
            h.close_connection = True
            h.connection.shutdown(2)
        else:
            send(h, 200, FEED)

    server.route("/rude", rude)
    result = fetch(server.url("/rude"), policy, sleep=sleeps)
    assert result.attempts == 2 and result.body == FEED


def test_chunked_gzip_body_is_decoded(server, policy):
    payload = gzip.compress(FEED * 200)

    def chunked(h):
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.send_header("Content-Encoding", "gzip")
        h.end_headers()
        for i in range(0, len(payload), 100):
            piece = payload[i : i + 100]
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        h.wfile.write(b"0\r\n\r\n")

    server.route("/chunked", chunked)
    assert fetch(server.url("/chunked"), policy).body == FEED * 200


def test_non_ascii_path_is_percent_encoded(server, policy):
    server.static("/caf%C3%A9/men%C3%BC", 200, b"ok")
    result = fetch(server.url("/café/menü?q=tide pool&x=%2F"), policy)
    assert result.body == b"ok"
    assert server.requests[0][0] == "/caf%C3%A9/men%C3%BC?q=tide%20pool&x=%2F"


def test_raw_utf8_location_header_is_followed(server, policy):
    def redirect(h):
        h.wfile.write(b"HTTP/1.1 302 Found\r\nLocation: /caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n")

    server.route("/r", redirect)
    server.static("/caf%C3%A9", 200, b"menu")
    result = fetch(server.url("/r"), policy)
    assert result.body == b"menu" and result.final_url == server.url("/café")


def test_kept_alive_connection_is_reused_only_for_the_same_vetted_addresses(
    server, policy, resolver, connect_log
):
    server.static("/f", 200, FEED)
    resolver["wire.example.test"] = ["127.0.0.1"]
    url = f"http://wire.example.test:{server.port}/f"
    for _ in range(3):
        assert fetch(url, policy).body == FEED
    assert connect_log == [("127.0.0.1", server.port)]  # one connection, three requests
    resolver["wire.example.test"] = ["127.0.0.1", "::1"]  # a new answer: vetted again, a new connection
    assert fetch(url, policy).body == FEED
    assert connect_log == [("127.0.0.1", server.port)] * 2
    assert server.hits["/f"] == 4
