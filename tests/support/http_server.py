"""One scripted HTTP/1.1 server on 127.0.0.1 (port 0) for every test that needs real HTTP.

Routes map a path (query ignored) to a static answer ``(status, headers, body)`` or to a function
that writes the response itself. Static answers honour ``If-None-Match`` when they carry an ETag (a
304, as a real server would), unless ``honour_etag`` is switched off. Every request is counted per path
and recorded with its headers (case-insensitive lookup). Closing shuts down every open connection, so
kept-alive client sockets see the end at once and no handler thread is left waiting. Given a
certificate, it speaks HTTPS and records the SNI name of every handshake.
"""

from __future__ import annotations

import collections
import socket
import ssl
import threading
from collections.abc import Callable
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Handler = BaseHTTPRequestHandler
Route = Callable[[Handler], None] | tuple[int, dict[str, str], bytes]


def send(handler: Handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    """A complete response with a Content-Length (unless ``headers`` sets one)."""
    handler.send_response(status)
    headers = dict(headers or {})
    headers.setdefault("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if body:
        handler.wfile.write(body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.server.loopback.opened(self.connection)  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        server: LoopbackServer = self.server.loopback  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.hits[path] += 1
            server.requests.append((self.path, self.headers))
        route = server.routes.get(path)
        try:
            if route is None:
                send(self, 404, b"not here")
            elif callable(route):
                route(self)
            else:
                status, headers, body = route
                etag = headers.get("ETag")
                if server.honour_etag and etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                send(self, status, body, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not self.loopback.stop.is_set():  # type: ignore[attr-defined]
            super().handle_error(request, client_address)


class LoopbackServer:
    """Start with ``start()`` (or use the ``http_server`` fixture, or ``with``); ``close()`` stops it.

    ``certificate`` is a (chain, key) pair of PEM files: the server then speaks HTTPS with them and
    appends each client's SNI name (None without one) to ``sni``.
    """

    def __init__(self, honour_etag: bool = True, certificate: tuple[Path, Path] | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: collections.Counter[str] = collections.Counter()
        self.requests: list[tuple[str, Message]] = []
        self.sni: list[str | None] = []
        self.honour_etag = honour_etag
        self.lock = threading.Lock()
        self.stop = threading.Event()  # set on close: routes that loop or wait should end
        self._connections: set[socket.socket] = set()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.loopback = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        scheme = "http"
        if certificate is not None:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(*certificate)
            tls.sni_callback = lambda _sock, name, _ctx: self.sni.append(name)
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        with self.lock:
            for conn in self._connections:
                try:
                    socket.socket.shutdown(conn, socket.SHUT_RDWR)  # under TLS too, without a close_notify
                except OSError:
                    pass
            self._connections.clear()

    def opened(self, conn: socket.socket) -> None:
        with self.lock:
            self._connections.add(conn)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def route(self, path: str, fn: Callable[[Handler], None]) -> None:
        self.routes[path] = fn

    def static(
        self, path: str, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.routes[path] = (status, dict(headers or {}), body)
