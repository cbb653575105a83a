"""fetch(): one URL to one FetchResult, safely, with retries, redirects and conditional GET.

urllib3 does the HTTP (pooled keep-alive connections, timeouts, streamed gzip/deflate decoding) and its
``Retry`` keeps the retry count; what stays ours is what urllib3 cannot know: every hop's host is
resolved and vetted before a connection is made (and connections go to the vetted address only),
redirects are followed one vetted hop at a time, bodies are capped raw and inflated, and time is
capped per attempt (watchdog) and per call (budget).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util import Timeout

from .addresses import resolve_and_vet
from .backoff import FetchRetry
from .body import CHUNK, BodyTooLarge, InflateTooLarge, UnsupportedEncoding, read_body
from .charset import detect_encoding
from .connection import Watchdog, pool_for, watchdog
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
    response: BaseHTTPResponse  # already read (2xx) or drained/closed
    headers: dict[str, str]
    body: bytes

    @property
    def status(self) -> int:
        return self.response.status

    def describe(self, url: str) -> str:
        return f"HTTP {self.status} {self.response.reason} from {url}"


class _Retryable(Exception):
    """A transient failure of one attempt (connection, timeout); becomes a FetchError after the last try."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _request_headers(policy: FetchPolicy, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": policy.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _vet(target: Target, url: str, policy: FetchPolicy) -> list[str]:
    try:
        return resolve_and_vet(target.host, target.port, policy, url)
    except FetchError as exc:
        cause = exc.__cause__
        if exc.kind == "dns" and isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN:
            raise _Retryable("dns", exc.reason) from exc
        raise


def _budget_spent(policy: FetchPolicy) -> str:
    return f"fetch budget of {policy.total_budget:g}s spent (--fetch-budget)"


def _attempt(
    target: Target,
    url: str,
    headers: dict[str, str],
    policy: FetchPolicy,
    throttle: HostThrottle | None,
    deadline: float = float("inf"),
) -> _Outcome:
    """One request to a freshly vetted address, within ``deadline`` (monotonic) and ``total_timeout``."""
    addresses = _vet(target, url, policy)
    pool = pool_for(target.scheme, target.host, target.port, addresses)
    with throttle.slot(target.host) if throttle else nullcontext():
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(url, _budget_spent(policy), None, "timeout")
        seconds, why = policy.total_timeout, f"attempt exceeded total_timeout {policy.total_timeout:g}s"
        if left < seconds:
            seconds, why = left, _budget_spent(policy)
        timeout = Timeout(
            connect=min(policy.connect_timeout, seconds), read=min(policy.read_timeout, seconds)
        )
        with watchdog(seconds, why) as dog:
            response: BaseHTTPResponse | None = None
            reusable = False
            try:
                response = pool.urlopen(
                    "GET",
                    target.request_target,
                    headers=headers,
                    retries=False,
                    redirect=False,
                    assert_same_host=False,
                    timeout=timeout,
                    preload_content=False,
                    release_conn=False,
                )
                response_headers = {name.lower(): response.headers[name] for name in response.headers}
                body = b""
                drained = 200 <= response.status < 300
                if drained:
                    body = read_body(
                        response, policy.max_bytes, policy.max_inflated_bytes, lambda: _check(dog)
                    )
                elif response.length_remaining is not None and response.length_remaining <= CHUNK:
                    response.read(CHUNK, decode_content=False)  # a short error page: keep the connection
                    drained = True
                _check(dog)
                reusable = drained
                return _Outcome(response, response_headers, body)
            except (FetchError, _Retryable):
                raise
            except BodyTooLarge as exc:
                raise FetchError(
                    url,
                    f"body over max_bytes {policy.max_bytes} ({exc.args[0]} bytes seen)",
                    None,
                    "too_large",
                ) from exc
            except InflateTooLarge as exc:
                raise FetchError(
                    url,
                    f"decoded body over max_inflated_bytes {policy.max_inflated_bytes}",
                    None,
                    "inflate_too_large",
                ) from exc
            except UnsupportedEncoding as exc:
                raise FetchError(
                    url, f"unsupported Content-Encoding {exc.args[0]!r}", None, "protocol"
                ) from exc
            except Exception as exc:  # classify everything the socket/TLS/HTTP stack can throw
                if dog.expired:
                    raise _Retryable("timeout", dog.why) from exc
                raise _classify(exc, target, policy, url) from exc
            finally:
                if response is not None:
                    if not reusable:
                        response.close()
                    response.release_conn()


def _check(dog: Watchdog) -> None:
    if dog.expired:
        raise _Retryable("timeout", dog.why)


def _inner(exc: BaseException) -> BaseException:
    """The error urllib3 wrapped (``ProtocolError(msg, err)``, ``SSLError(err)``), else ``exc`` itself."""
    for arg in exc.args:
        if isinstance(arg, BaseException):
            return arg
    return exc.__cause__ or exc


def _classify(exc: Exception, target: Target, policy: FetchPolicy, url: str) -> Exception:
    where = f"{target.host}:{target.port}"
    if isinstance(exc, NewConnectionError):
        return _Retryable("connect", f"connect to {where} failed: {exc._message}")
    if isinstance(exc, ConnectTimeoutError):
        return _Retryable("timeout", f"connect timed out after {policy.connect_timeout:g}s ({where})")
    if isinstance(exc, (ReadTimeoutError, TimeoutError)):
        return _Retryable("timeout", f"read timed out after {policy.read_timeout:g}s ({where})")
    if isinstance(exc, SSLError):
        inner = _inner(exc)
        if isinstance(inner, ssl.SSLCertVerificationError):
            return FetchError(
                url, f"TLS certificate rejected for {target.host}: {inner.verify_message}", None, "connect"
            )
        return FetchError(
            url, f"TLS failure with {where}: {getattr(inner, 'reason', None) or inner}", None, "connect"
        )
    if isinstance(exc, DecodeError):
        return FetchError(url, f"corrupt compressed body: {_inner(exc)}", None, "protocol")
    if isinstance(exc, ProtocolError):
        inner = _inner(exc)
        if isinstance(inner, http.client.RemoteDisconnected):
            return _Retryable("connect", f"{where} closed the connection without a response")
        if isinstance(inner, http.client.IncompleteRead):
            return _Retryable("connect", f"{where} closed the connection mid-body")
        if isinstance(inner, http.client.HTTPException):
            return FetchError(
                url, f"malformed HTTP response from {where}: {type(inner).__name__} {inner}", None, "protocol"
            )
        return _Retryable(
            "connect", f"connection to {where} failed: {getattr(inner, 'strerror', None) or inner}"
        )
    if isinstance(exc, OSError):
        return _Retryable("connect", f"connection to {where} failed: {exc.strerror or exc}")
    if isinstance(exc, ValueError):
        return FetchError(url, f"cannot send request to {where}: {exc}", None, "protocol")
    return exc


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
    retry = FetchRetry.for_policy(policy)

    def next_try(reason: str, kind: str, outcome: _Outcome | None = None) -> FetchRetry:
        """Count the failed attempt and sleep before the next, unless retries or the budget are spent."""
        status = outcome.status if outcome else None
        attempts = prior + retry.attempts
        try:
            if outcome is None:
                counted = retry.increment("GET", url, error=_Retryable(kind, reason))
            else:
                counted = retry.increment("GET", url, response=outcome.response)
        except MaxRetryError:
            raise FetchError(url, reason, status, kind, attempts) from None
        seconds = counted.delay(outcome.response if outcome else None)
        if time.monotonic() + seconds >= deadline:
            raise FetchError(url, f"{reason}; gave up: {_budget_spent(policy)}", status, kind, attempts)
        sleep(seconds)
        return counted

    while True:
        try:
            outcome = _attempt(target, url, headers, policy, throttle, deadline)
        except _Retryable as exc:
            retry = next_try(exc.reason, exc.kind)
            continue
        except FetchError as exc:
            exc.attempts = prior + retry.attempts
            raise
        if retry.is_retry("GET", outcome.status, "retry-after" in outcome.headers):
            retry = next_try(outcome.describe(target.url), "http_status", outcome)
            continue
        return outcome, retry.attempts


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
        raise FetchError(url, outcome.describe(current), status, "http_status", attempts)
