"""HTTP(S) connections pinned to an address that was vetted beforehand.

http.client would resolve the host name again at connect time; these subclasses connect to the vetted
IP instead while keeping the host name for the Host header, TLS SNI and certificate checking.
"""

from __future__ import annotations

import http.client
import socket
import ssl

_DEFAULT_TLS_CONTEXT: ssl.SSLContext | None = None


def default_tls_context() -> ssl.SSLContext:
    """One verifying context per process: building it loads the CA store, which is slow."""
    global _DEFAULT_TLS_CONTEXT
    if _DEFAULT_TLS_CONTEXT is None:
        _DEFAULT_TLS_CONTEXT = ssl.create_default_context()
    return _DEFAULT_TLS_CONTEXT


def _open_socket(
    addresses: list[str], port: int, connect_timeout: float, read_timeout: float
) -> socket.socket:
    last: OSError | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout=connect_timeout)
        except OSError as exc:
            last = exc
            continue
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        sock.settimeout(read_timeout)
        return sock
    assert last is not None, "no address to connect to"
    raise last


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to ``host`` (for the Host header) over a socket to one of ``addresses``."""

    def __init__(
        self, host: str, port: int, addresses: list[str], connect_timeout: float, read_timeout: float
    ) -> None:
        super().__init__(host, port, timeout=read_timeout)
        self._addresses = list(addresses)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout

    def connect(self) -> None:
        self.sock = _open_socket(self._addresses, self.port, self._connect_timeout, self._read_timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to one of ``addresses`` with SNI and certificate verification against ``host``."""

    def __init__(
        self,
        host: str,
        port: int,
        addresses: list[str],
        connect_timeout: float,
        read_timeout: float,
        context: ssl.SSLContext | None = None,
    ) -> None:
        ctx = context or default_tls_context()
        super().__init__(host, port, timeout=read_timeout, context=ctx)
        self._addresses = list(addresses)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._tls_context = ctx

    def connect(self) -> None:
        raw = _open_socket(self._addresses, self.port, self._connect_timeout, self._read_timeout)
        try:
            # The handshake is bounded by the connect timeout; reads afterwards by the read timeout.
            raw.settimeout(self._connect_timeout)
            tls = self._tls_context.wrap_socket(raw, server_hostname=self.host)
            tls.settimeout(self._read_timeout)
        except BaseException:
            raw.close()
            raise
        self.sock = tls


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
