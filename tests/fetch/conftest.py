"""A scripted HTTP server on 127.0.0.1 (port 0) and a guard that keeps every test off the real network."""

from __future__ import annotations

import collections
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from transforms.fetch import FetchPolicy

Route = Callable[[BaseHTTPRequestHandler], None]
LOOPBACK = {"127.0.0.1", "::1"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        server: ScriptedServer = self.server.scripted  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.hits[path] += 1
            server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = server.routes.get(path)
        if route is None:
            send(self, 404, b"not here")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    headers = dict(headers or {})
    headers.setdefault("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if body:
        handler.wfile.write(body)


class ScriptedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: collections.Counter[str] = collections.Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.scripted = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, fn: Route) -> None:
        self.routes[path] = fn

    def static(
        self, path: str, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.routes[path] = lambda h: send(h, status, body, headers)


@pytest.fixture
def server():
    srv = ScriptedServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.httpd.shutdown()
        srv.httpd.server_close()


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
