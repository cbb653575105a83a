"""fetch(): one URL to one FetchResult, safely, with retries, redirects and conditional GET."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from .addresses import resolve_and_vet
from .backoff import RETRY_STATUSES, retry_delay
from .body import BodyTooLarge, CorruptEncoding, InflateTooLarge, UnsupportedEncoding, read_body
from .charset import detect_encoding
from .connection import PinnedHTTPConnection, PinnedHTTPSConnection, abort_socket
from .throttle import HostThrottle
from .types import REFUSAL_KINDS, FetchError, FetchPolicy, FetchResult
from .urls import Target, parse_target, resolve_location

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5"
)


@dataclass
class _Outcome:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


class _Retryable(Exception):
    """A transient failure of one attempt (connection, timeout); becomes a FetchError after the last try."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class _Watchdog:
    """Aborts the socket once an attempt has run ``seconds`` in total, whatever the per-read timeout."""

    def __init__(self, seconds: float, conn: http.client.HTTPConnection, why: str = "") -> None:
        self.seconds = seconds
        self.why = why or f"attempt exceeded total_timeout {seconds:g}s"
        self.expired = False
        self._conn = conn
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.expired = True
        abort_socket(self._conn.sock)

    def check(self) -> None:
        if self.expired:
            raise _Retryable("timeout", self.why)

    def cancel(self) -> None:
        self._timer.cancel()


def _request_headers(policy: FetchPolicy, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _response_headers(response: http.client.HTTPResponse) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


def _vet(target: Target, url: str, policy: FetchPolicy) -> list[str]:
    try:
        return resolve_and_vet(target.host, target.port, policy, url)
    except FetchError as exc:
        cause = exc.__cause__
        if exc.kind == "dns" and isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN:
            raise _Retryable("dns", exc.reason) from exc
        raise


def _attempt(
    target: Target,
    url: str,
    headers: dict[str, str],
    policy: FetchPolicy,
    throttle: HostThrottle | None,
    deadline: float = float("inf"),
) -> _Outcome:
    """One request on a fresh connection to a freshly vetted address, within ``deadline`` (monotonic)."""
    addresses = _vet(target, url, policy)
    conn_cls = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    with throttle.slot(target.host) if throttle else nullcontext():
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(url, _budget_spent(policy), None, "timeout")
        seconds, why = policy.total_timeout, ""
        if left < seconds:
            seconds, why = left, _budget_spent(policy)
        timeouts = (min(policy.connect_timeout, seconds), min(policy.read_timeout, seconds))
        conn = conn_cls(target.host, target.port, addresses, *timeouts)
        watchdog = _Watchdog(seconds, conn, why)
        phase = "connect"
        try:
            conn.connect()
            phase = "read"
            watchdog.check()
            conn.request("GET", target.request_target, headers=headers)
            response = conn.getresponse()
            watchdog.check()
            response_headers = _response_headers(response)
            body = b""
            if 200 <= response.status < 300:
                body = read_body(
                    response, response_headers, policy.max_bytes, policy.max_inflated_bytes, watchdog.check
                )
            watchdog.check()
            return _Outcome(response.status, response.reason, response_headers, body)
        except (FetchError, _Retryable):
            raise
        except BodyTooLarge as exc:
            raise FetchError(
                url, f"body over max_bytes {policy.max_bytes} ({exc.args[0]} bytes seen)", None, "too_large"
            ) from exc
        except InflateTooLarge as exc:
            raise FetchError(
                url,
                f"decoded body over max_inflated_bytes {policy.max_inflated_bytes}",
                None,
                "inflate_too_large",
            ) from exc
        except UnsupportedEncoding as exc:
            raise FetchError(url, f"unsupported Content-Encoding {exc.args[0]!r}", None, "protocol") from exc
        except CorruptEncoding as exc:
            raise FetchError(url, f"corrupt compressed body: {exc}", None, "protocol") from exc
        except Exception as exc:  # classify everything the socket/TLS/HTTP stack can throw
            if watchdog.expired:
                raise _Retryable("timeout", watchdog.why) from exc
            raise _classify(exc, phase, target, policy, url) from exc
        finally:
            watchdog.cancel()
            conn.close()


def _classify(exc: Exception, phase: str, target: Target, policy: FetchPolicy, url: str) -> Exception:
    where = f"{target.host}:{target.port}"
    if isinstance(exc, TimeoutError):
        limit = policy.connect_timeout if phase == "connect" else policy.read_timeout
        return _Retryable("timeout", f"{phase} timed out after {limit:g}s ({where})")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return FetchError(
            url, f"TLS certificate rejected for {target.host}: {exc.verify_message}", None, "connect"
        )
    if isinstance(exc, ssl.SSLError):
        return FetchError(url, f"TLS failure with {where}: {exc.reason or exc}", None, "connect")
    if isinstance(exc, http.client.RemoteDisconnected):
        return _Retryable("connect", f"{where} closed the connection without a response")
    if isinstance(exc, http.client.IncompleteRead):
        return _Retryable("connect", f"{where} closed the connection mid-body")
    if isinstance(exc, http.client.HTTPException):
        return FetchError(
            url, f"malformed HTTP response from {where}: {type(exc).__name__} {exc}", None, "protocol"
        )
    if isinstance(exc, OSError):
        return _Retryable("connect", f"{phase} to {where} failed: {exc.strerror or exc}")
    if isinstance(exc, ValueError):
        return FetchError(url, f"cannot send request to {where}: {exc}", None, "protocol")
    return exc


def _budget_spent(policy: FetchPolicy) -> str:
    return f"fetch budget of {policy.total_budget:g}s spent (--fetch-budget)"


def _fetch_hop(
    target: Target,
    url: str,
    headers: dict[str, str],
    policy: FetchPolicy,
    throttle: HostThrottle | None,
    sleep: Callable[[float], object],
    prior: int,
    deadline: float = float("inf"),
) -> tuple[_Outcome, int]:
    """One URL with retries; returns the outcome and the number of attempts it took."""
    attempt = 0

    def backoff(seconds: float, reason: str, kind: str, status: int | None = None) -> None:
        """Sleep before the next attempt, unless the budget would be spent before it could start."""
        if time.monotonic() + seconds >= deadline:
            raise FetchError(
                url, f"{reason}; gave up: {_budget_spent(policy)}", status, kind, prior + attempt
            )
        sleep(seconds)

    while True:
        attempt += 1
        try:
            outcome = _attempt(target, url, headers, policy, throttle, deadline)
        except _Retryable as exc:
            if attempt > policy.retries:
                raise FetchError(url, exc.reason, None, exc.kind, prior + attempt) from exc
            backoff(retry_delay(attempt, policy), exc.reason, exc.kind)
            continue
        except FetchError as exc:
            exc.attempts = prior + attempt
            raise
        if outcome.status in RETRY_STATUSES:
            if attempt > policy.retries:
                raise FetchError(
                    url,
                    f"HTTP {outcome.status} {outcome.reason} from {target.url}",
                    outcome.status,
                    "http_status",
                    prior + attempt,
                )
            backoff(
                retry_delay(attempt, policy, outcome.headers.get("retry-after")),
                f"HTTP {outcome.status} {outcome.reason} from {target.url}",
                "http_status",
                outcome.status,
            )
            continue
        return outcome, attempt


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    throttle: HostThrottle | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> FetchResult:
    """GET ``url`` under ``policy``; a FetchResult for 2xx/304, FetchError for everything else.

    Every hop is vetted (scheme, then every resolved address) before any connection is opened. The
    whole call, redirects and backoff included, ends within ``policy.total_budget`` seconds.
    """
    deadline = time.monotonic() + policy.total_budget
    headers = _request_headers(policy, etag, last_modified)
    current = url
    seen = {resolve_location(url, url)}
    attempts = 0
    redirects = 0
    while True:
        try:
            target = parse_target(current, url)
            outcome, used = _fetch_hop(target, url, headers, policy, throttle, sleep, attempts, deadline)
        except FetchError as exc:
            if current != url and exc.kind in REFUSAL_KINDS:
                exc = FetchError(
                    url, f"redirect to {current} refused: {exc.reason}", None, exc.kind, exc.attempts
                )
                raise exc from None
            raise
        attempts += used
        status = outcome.status
        if status in REDIRECT_STATUSES:
            location = outcome.headers.get("location")
            if not location:
                raise FetchError(
                    url, f"HTTP {status} without Location from {current}", status, "http_status", attempts
                )
            following = resolve_location(current, location)
            redirects += 1
            if following in seen:
                raise FetchError(
                    url, f"redirect loop: {current} -> {following}", status, "redirects", attempts
                )
            if redirects > policy.max_redirects:
                raise FetchError(
                    url,
                    f"more than {policy.max_redirects} redirects (next: {following})",
                    status,
                    "redirects",
                    attempts,
                )
            seen.add(following)
            current = following
            continue
        if status == 304:
            return FetchResult(
                url=url,
                final_url=current,
                status=304,
                headers=outcome.headers,
                body=b"",
                text_encoding=None,
                etag=outcome.headers.get("etag", etag),
                last_modified=outcome.headers.get("last-modified", last_modified),
                not_modified=True,
                attempts=attempts,
            )
        if 200 <= status < 300:
            return FetchResult(
                url=url,
                final_url=current,
                status=status,
                headers=outcome.headers,
                body=outcome.body,
                text_encoding=detect_encoding(outcome.headers, outcome.body),
                etag=outcome.headers.get("etag"),
                last_modified=outcome.headers.get("last-modified"),
                not_modified=False,
                attempts=attempts,
            )
        raise FetchError(
            url, f"HTTP {status} {outcome.reason} from {current}", status, "http_status", attempts
        )
