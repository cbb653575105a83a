"""HTTPS to a pinned address: SNI and certificate checks use the URL's host name, not the IP."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

import transforms.fetch.connection as connection
from tests.support.http_server import LoopbackServer
from transforms.fetch import FetchError, fetch
from transforms.fetch.connection import PinnedHTTPSConnection

TLS = Path(__file__).parent / "tls"  # test-only CA and a leaf for feed.example.test, valid to 2126


@pytest.fixture
def tls_server():
    """The shared scripted server, speaking HTTPS with the test leaf certificate."""
    with LoopbackServer(certificate=(TLS / "leaf.pem", TLS / "leaf.key")) as srv:
        srv.static("/feed", 200, b"<rss>over tls</rss>")
        yield srv


@pytest.fixture
def trust_test_ca(monkeypatch) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(TLS / "ca.pem"))
    monkeypatch.setattr(connection, "default_tls_context", lambda: ctx)
    return ctx


def test_pinned_connection_sends_sni_and_verifies_name(tls_server, trust_test_ca, connect_log):
    conn = PinnedHTTPSConnection(
        "feed.example.test", tls_server.port, addresses=["127.0.0.1"], timeout=2.0, ssl_context=trust_test_ca
    )
    try:
        conn.request("GET", "/feed")
        response = conn.getresponse()
        assert response.status == 200 and response.data == b"<rss>over tls</rss>"
    finally:
        conn.close()
    assert tls_server.sni == ["feed.example.test"]
    assert tls_server.requests[0][1]["host"] == f"feed.example.test:{tls_server.port}"
    assert connect_log == [("127.0.0.1", tls_server.port)]


def test_fetch_over_https(tls_server, trust_test_ca, policy, resolver):
    resolver["feed.example.test"] = ["127.0.0.1"]
    result = fetch(f"https://feed.example.test:{tls_server.port}/feed", policy)
    assert result.body == b"<rss>over tls</rss>"
    assert tls_server.sni == ["feed.example.test"]  # the URL's name, though the socket went to 127.0.0.1


def test_certificate_for_another_name_is_rejected_without_retry(
    tls_server, trust_test_ca, policy, resolver, sleeps
):
    resolver["impostor.example.test"] = ["127.0.0.1"]
    with pytest.raises(FetchError) as info:
        fetch(f"https://impostor.example.test:{tls_server.port}/feed", policy, sleep=sleeps)
    assert info.value.kind == "connect" and "certificate" in info.value.reason
    assert info.value.attempts == 1 and sleeps.calls == []
    assert tls_server.sni == ["impostor.example.test"]
