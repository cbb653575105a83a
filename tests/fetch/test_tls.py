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
    srv = LoopbackServer()
    srv.sni: list[str | None] = []
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS / "leaf.pem", TLS / "leaf.key")
    ctx.sni_callback = lambda sock, name, _ctx: srv.sni.append(name)
    srv.httpd.socket = ctx.wrap_socket(srv.httpd.socket, server_side=True)
    srv.static("/feed", 200, b"<rss>over tls</rss>")
    srv.start()
    try:
        yield srv
    finally:
        srv.close()


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


def test_certificate_for_another_name_is_rejected_without_retry(
    tls_server, trust_test_ca, policy, resolver, sleeps
):
    resolver["impostor.example.test"] = ["127.0.0.1"]
    with pytest.raises(FetchError) as info:
        fetch(f"https://impostor.example.test:{tls_server.port}/feed", policy, sleep=sleeps)
    assert info.value.kind == "connect" and "certificate" in info.value.reason
    assert info.value.attempts == 1 and sleeps.calls == []
    assert tls_server.sni == ["impostor.example.test"]
