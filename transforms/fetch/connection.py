"""urllib3 connections pinned to addresses vetted beforehand, pooled per vetted host, and a watchdog.

urllib3 would resolve the host name again at connect time; these connections connect to one of the
vetted IPs instead while keeping the host name for the Host header, TLS SNI and certificate checking.
A pool is keyed by scheme, host, port *and* the vetted addresses, so a kept-alive connection is only
reused for a request whose own vetting produced the address it is connected to.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache

from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

_CURRENT = threading.local()  # the watchdog of the attempt running on this thread, if any


@cache
def default_tls_context() -> ssl.SSLContext:
    """One verifying context per process: building it loads the CA store, which is slow."""
    return ssl.create_default_context()


def abort_socket(sock: socket.socket | None) -> None:
    """Shut the descriptor down from another thread so a blocked read returns at once.

    Calls the plain socket method so an SSLSocket's own shutdown (which tears down TLS state the reading
    thread is still using) is bypassed.
    """
    if sock is None:
        return
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class Watchdog:
    """Aborts the socket of the running attempt once it has run ``seconds`` in total, whatever the
    per-read timeout: a host that drips a byte just inside the read timeout cannot hold a worker."""

    def __init__(self, seconds: float, why: str) -> None:
        self.why = why
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            abort_socket(self._sock)

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                abort_socket(sock)


@contextmanager
def watchdog(seconds: float, why: str) -> Iterator[Watchdog]:
    """Arm a watchdog for the connections this thread uses until the block ends."""
    dog = Watchdog(seconds, why)
    _CURRENT.watchdog = dog
    dog._timer.start()
    try:
        yield dog
    finally:
        dog._timer.cancel()
        _CURRENT.watchdog = None


def _watch(sock: socket.socket | None) -> None:
    dog = getattr(_CURRENT, "watchdog", None)
    if dog is not None and sock is not None:
        dog.watch(sock)


def _open_socket(addresses: Sequence[str], port: int, timeout: float | None) -> socket.socket:
    last: OSError | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout=timeout)
        except OSError as exc:
            last = exc
            continue
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        return sock
    if last is None:
        raise OSError("no vetted address to connect to")
    raise last


class _Pinned:
    """Connect to one of ``addresses`` (never re-resolving ``host``); register the socket with the watchdog."""

    host: str
    port: int
    timeout: float | None
    sock: socket.socket | None

    def __init__(self, *args, addresses: Sequence[str] = (), **kwargs) -> None:
        self.addresses = tuple(addresses)
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        try:
            sock = _open_socket(self.addresses, self.port, self.timeout)
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"connect to {self.host} timed out") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"connect failed: {exc.strerror or exc}") from exc
        _watch(sock)
        return sock

    def request(self, *args, **kwargs) -> None:
        _watch(self.sock)  # a kept-alive socket, or the TLS one wrapped around a fresh connection
        super().request(*args, **kwargs)  # type: ignore[misc]


class PinnedHTTPConnection(_Pinned, HTTPConnection):
    """Plain HTTP to ``host`` (for the Host header) over a socket to one of ``addresses``."""


class PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    """TLS to one of ``addresses`` with SNI and certificate verification against ``host``."""

    def __init__(self, *args, ssl_context: ssl.SSLContext | None = None, **kwargs) -> None:
        super().__init__(*args, ssl_context=ssl_context or default_tls_context(), **kwargs)


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


def _pool_key(context: dict) -> tuple:
    return (context["scheme"], context["host"].lower(), context["port"], context["addresses"])


# Least-recently-used pools are closed beyond num_pools; more connections than maxsize are opened when
# needed and closed after use (block=False), so the throttle, not the pool, limits concurrency.
_POOLS = PoolManager(num_pools=64, maxsize=4, block=False)
_POOLS.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
_POOLS.key_fn_by_scheme = {"http": _pool_key, "https": _pool_key}


def pool_for(scheme: str, host: str, port: int, addresses: Sequence[str]) -> HTTPConnectionPool:
    """The pool whose connections all go to ``addresses`` for ``scheme://host:port``."""
    return _POOLS.connection_from_host(host, port, scheme, pool_kwargs={"addresses": tuple(addresses)})
