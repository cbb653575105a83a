"""URL handling: canonical form for de-duplication, and the pieces a request needs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

from .types import FetchError

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt.mc_id",
        "cmpid",
        "ncid",
        "sr_share",
    }
)
# Characters left alone when re-quoting a path or query: reserved, unreserved and existing escapes.
_SAFE_PATH = "/%:@!$&'()*+,;=~-._"
_SAFE_QUERY = _SAFE_PATH + "?"


def is_tracking_param(name: str) -> bool:
    key = unquote_plus(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _host_port(parts) -> tuple[str, int | None]:
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, port


def canonical_url(url: str) -> str:
    """One spelling per resource, so the same article reached via a tracking link de-duplicates.

    Lower-cases scheme and host, drops the fragment, default ports and tracking parameters (utm_*, fbclid,
    gclid, mc_cid, ref, _ga, ...), keeps other parameters in their order and encoding, gives an empty
    http(s) path "/" and drops an empty query. Userinfo and path case are kept.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host, port = _host_port(parts)
    netloc = parts.netloc
    if host:
        shown = f"[{host}]" if ":" in host else host
        if port is not None and port != DEFAULT_PORTS.get(scheme):
            shown = f"{shown}:{port}"
        userinfo = netloc.rpartition("@")[0] if "@" in netloc else ""
        netloc = f"{userinfo}@{shown}" if userinfo else shown
    path = parts.path
    if not path and scheme in DEFAULT_PORTS and netloc:
        path = "/"
    kept = [p for p in parts.query.split("&") if p and not is_tracking_param(p.split("=", 1)[0])]
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


@dataclass(frozen=True)
class Target:
    """Where one request goes: scheme, IDNA host, port and the request-target (path + query)."""

    url: str
    scheme: str
    host: str
    port: int
    request_target: str


def parse_target(url: str, original: str) -> Target:
    """Split and validate ``url``; anything but http(s) with a host is refused as 'scheme'."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise FetchError(original, f"malformed URL {url!r}: {exc}", None, "scheme") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchError(
            original, f"scheme {scheme or '(none)'!r} is not http or https: {url}", None, "scheme"
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(original, f"URL has no host: {url}", None, "scheme")
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(original, f"invalid port in {url}", None, "scheme") from exc
    if ":" not in host:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchError(original, f"invalid host name {host!r}", None, "scheme") from exc
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    if not path.startswith("/"):
        path = "/" + path
    query = quote(parts.query, safe=_SAFE_QUERY)
    return Target(
        url=url,
        scheme=scheme,
        host=host,
        port=port or DEFAULT_PORTS[scheme],
        request_target=f"{path}?{query}" if query else path,
    )


def resolve_location(base: str, location: str) -> str:
    """Absolute URL of a redirect target, without fragment; undoes latin-1 decoding of raw UTF-8 headers."""
    try:
        location = location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    joined = urljoin(base, location.strip())
    return urlunsplit(urlsplit(joined)._replace(fragment=""))
