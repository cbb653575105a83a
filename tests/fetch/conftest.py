"""Fetch-test fixtures: the shared loopback server as ``server``, fast limits, and a guard that keeps
every test off the real network (connections and DNS)."""

from __future__ import annotations

import socket

import pytest

from tests.support.http_server import LoopbackServer
from transforms.fetch import FetchPolicy

LOOPBACK = {"127.0.0.1", "::1"}


@pytest.fixture
def server(http_server) -> LoopbackServer:
    return http_server


@pytest.fixture
def policy() -> FetchPolicy:
    """Loopback-friendly, fast-failing limits for tests."""
    return FetchPolicy(
        connect_timeout=2.0,
        read_timeout=2.0,
        retries=2,
        backoff_base=0.01,
        backoff_max=2.0,
        allow_private_hosts=True,
        per_host_delay=0.0,
        total_timeout=5.0,
    )


class SleepRecorder:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture(autouse=True)
def connect_log(monkeypatch) -> list[tuple[str, int]]:
    """Every outgoing connection passes here; anything not loopback fails the test instead of leaving the host."""
    calls: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        calls.append((address[0], address[1]))
        if address[0] not in LOOPBACK:
            raise AssertionError(f"test tried to connect to {address!r}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return calls


def _numeric_ipv4(host: str) -> bool:
    try:
        socket.inet_aton(host)
    except (OSError, UnicodeError):
        return False
    return True


@pytest.fixture(autouse=True)
def resolver(monkeypatch) -> dict[str, list[str]]:
    """Fake DNS: tests map names to addresses here; no query ever leaves the machine."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host in LOOPBACK:  # socket.create_connection resolves the literal it is given
            return real(host, port, family, type, proto, flags)
        if _numeric_ipv4(
            host
        ):  # odd spellings such as 2130706433 or 0x7f.1: resolved locally, never over DNS
            return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out = []
        for ip in table[host]:
            if ":" in ip:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)))
            else:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)))
        return out

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    return table
