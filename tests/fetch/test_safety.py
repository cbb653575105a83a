"""Address safety: vetting rules, and refusals that happen before any connection is attempted."""

from __future__ import annotations

import dataclasses
import ipaddress
import socket

import pytest

from tests.support.http_server import send
from transforms.fetch import FetchError, FetchPolicy, blocked_reason, fetch, resolve_and_vet

ALWAYS_BLOCKED = [
    "169.254.169.254",  # AWS/GCP/Azure metadata
    "169.254.1.1",
    "fe80::1",
    "fd00:ec2::254",  # AWS IPv6 metadata
    "100.100.100.200",  # Alibaba metadata
    "100.64.0.1",  # CGNAT
    "224.0.0.1",
    "ff02::1",
    "0.0.0.0",
    "::",
    "240.0.0.1",
    "fec0::1",
    "::ffff:169.254.169.254",
    "2002:a9fe:a9fe::1",  # 6to4 wrapping of the metadata address
]
PRIVATE = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.20",
    "fd12:3456::1",
    "::ffff:10.0.0.1",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "151.101.1.69"]


@pytest.mark.parametrize("address", ALWAYS_BLOCKED)
@pytest.mark.parametrize("allow_private", [False, True])
def test_always_blocked(address, allow_private):
    assert blocked_reason(ipaddress.ip_address(address), allow_private) is not None


@pytest.mark.parametrize("address", PRIVATE)
def test_private_needs_the_flag(address):
    assert blocked_reason(ipaddress.ip_address(address), False) is not None
    assert blocked_reason(ipaddress.ip_address(address), True) is None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_allowed(address):
    assert blocked_reason(ipaddress.ip_address(address), False) is None


def test_reasons_name_the_category():
    assert blocked_reason(ipaddress.ip_address("10.0.0.1")) == "10.0.0.1 is private"
    assert (
        blocked_reason(ipaddress.ip_address("169.254.169.254"), True)
        == "169.254.169.254 is a cloud metadata address"
    )
    assert blocked_reason(ipaddress.ip_address("100.72.1.1")) == "100.72.1.1 is shared address space (CGNAT)"


def test_vetting_ten_dot_without_flag_refuses():
    with pytest.raises(FetchError) as info:
        resolve_and_vet("10.0.0.1", 80, FetchPolicy(), "http://10.0.0.1/")
    assert info.value.kind == "blocked_address" and "private" in info.value.reason


def test_any_bad_address_refuses_the_host(resolver):
    resolver["mixed.example.test"] = ["93.184.216.34", "169.254.169.254"]
    with pytest.raises(FetchError) as info:
        resolve_and_vet(
            "mixed.example.test", 80, FetchPolicy(allow_private_hosts=True), "http://mixed.example.test/"
        )
    assert info.value.kind == "blocked_address" and "metadata" in info.value.reason
    resolver["clean.example.test"] = ["93.184.216.34", "2606:4700:4700::1111"]
    assert resolve_and_vet("clean.example.test", 80, FetchPolicy(), "u") == [
        "93.184.216.34",
        "2606:4700:4700::1111",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://127.0.0.1:9/feed",
        "http://[::1]/feed",
        "http://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "http://[::ffff:7f00:1]/",
    ],
)
def test_literals_refused_without_flag_and_before_connecting(url, connect_log, sleeps):
    with pytest.raises(FetchError) as info:
        fetch(url, FetchPolicy(), sleep=sleeps)
    assert info.value.kind == "blocked_address" and info.value.attempts == 1
    assert connect_log == [] and sleeps.calls == []


def test_hostname_resolving_to_private_refused_before_connecting(resolver, connect_log):
    resolver["intranet.example.test"] = ["10.0.0.1"]
    with pytest.raises(FetchError) as info:
        fetch("http://intranet.example.test/rss", FetchPolicy())
    assert info.value.kind == "blocked_address" and connect_log == []


def test_redirect_to_metadata_refused_even_with_flag(server, policy, connect_log):
    server.static("/go", 302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/go"), policy)
    err = info.value
    assert err.kind == "blocked_address" and "169.254.169.254" in err.reason and err.url == server.url("/go")
    assert [host for host, _ in connect_log] == ["127.0.0.1"]  # only the first hop connected


def test_redirect_to_name_resolving_to_metadata_refused(server, policy, resolver, connect_log):
    resolver["rebind.example.test"] = ["169.254.169.254"]
    server.static("/go", 301, headers={"Location": "http://rebind.example.test/"})
    with pytest.raises(FetchError) as info:
        fetch(server.url("/go"), policy)
    assert info.value.kind == "blocked_address"
    assert [host for host, _ in connect_log] == ["127.0.0.1"]


def test_first_hop_name_on_loopback_refused_without_flag(server, policy, resolver, connect_log):
    resolver["feeds.example.test"] = ["127.0.0.1"]
    strict = dataclasses.replace(policy, allow_private_hosts=False)
    with pytest.raises(FetchError) as info:
        fetch(f"http://feeds.example.test:{server.port}/", strict)
    assert info.value.kind == "blocked_address" and connect_log == []


def test_redirect_to_ten_dot_refused_without_flag(server, policy, monkeypatch, connect_log):
    """With the flag off the loopback server itself is refused, so only the test server's own address is
    exempted here; the redirect target goes through the real vetting under the strict policy."""
    import transforms.fetch.client as client

    real_vet = client.resolve_and_vet

    def vet_except_test_server(host, port, pol, url):
        if (host, port) == ("127.0.0.1", server.port):
            return ["127.0.0.1"]
        return real_vet(host, port, pol, url)

    monkeypatch.setattr(client, "resolve_and_vet", vet_except_test_server)
    server.static("/go", 302, headers={"Location": "http://10.0.0.1/admin"})
    strict = dataclasses.replace(policy, allow_private_hosts=False)
    with pytest.raises(FetchError) as info:
        fetch(server.url("/go"), strict)
    assert info.value.kind == "blocked_address" and "10.0.0.1 is private" in info.value.reason
    assert connect_log == [("127.0.0.1", server.port)]


def test_connection_goes_to_vetted_address_with_hostname_in_host_header(
    server, policy, resolver, connect_log
):
    resolver["news.example.test"] = ["127.0.0.1"]
    server.route("/echo", lambda h: send(h, 200, h.headers["Host"].encode()))
    result = fetch(f"http://NEWS.example.test:{server.port}/echo", policy)
    assert result.body == f"news.example.test:{server.port}".encode()
    assert connect_log == [("127.0.0.1", server.port)]


def test_dns_rebinding_between_hops_is_caught(server, policy, resolver, connect_log):
    """Same name, different answer on the second lookup: the second answer is vetted again."""
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    resolver["flip.example.test"] = ["127.0.0.1"]
    server.route("/start", lambda h: send(h, 302, headers={"Location": "/next"}))

    server.static("/next", 200, b"must not be reached")
    real = socket.getaddrinfo

    def flipping(host, *args, **kwargs):
        if host == "flip.example.test":
            resolver[host] = next(answers)
        return real(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", flipping)
        with pytest.raises(FetchError) as info:
            fetch(f"http://flip.example.test:{server.port}/start", policy)
    assert info.value.kind == "blocked_address"
    assert connect_log == [("127.0.0.1", server.port)]
    assert server.hits["/next"] == 0


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0xa9fea9fe"])
def test_odd_ipv4_spellings_are_vetted_as_what_they_resolve_to(host, connect_log):
    with pytest.raises(FetchError) as info:
        fetch(f"http://{host}/latest/meta-data/", FetchPolicy())
    assert info.value.kind == "blocked_address" and connect_log == []


def test_hex_spelled_metadata_address_blocked_even_with_flag(connect_log):
    with pytest.raises(FetchError) as info:
        fetch("http://0xa9fea9fe/latest/meta-data/", FetchPolicy(allow_private_hosts=True))
    assert info.value.kind == "blocked_address" and "metadata" in info.value.reason and connect_log == []
