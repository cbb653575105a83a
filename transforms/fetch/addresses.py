"""Address vetting: resolve a host ourselves and refuse anything that is not a public unicast address.

Resolving here (instead of letting the socket layer do it) lets the caller connect to exactly the address
that was checked, which closes the DNS-rebinding gap between check and connect.
"""

from __future__ import annotations

import ipaddress
import socket

from .types import FetchError, FetchPolicy

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Cloud metadata endpoints: never reachable, whatever the policy says.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# What allow_private_hosts opens up: loopback, RFC 1918 and IPv6 unique-local. Nothing else.
_PRIVATE_ALLOWED = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """IPv4 hidden inside an IPv6 form (mapped, 6to4, NAT64) is judged as that IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why ``ip`` must not be contacted, or None when it may be."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        why = blocked_reason(inner, allow_private)
        return f"{why} (embedded in {ip})" if why else None
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    if ip.is_link_local:
        return f"{ip} is link-local"
    if ip.is_multicast:
        return f"{ip} is multicast"
    if ip.is_unspecified:
        return f"{ip} is unspecified"
    if ip in _SHARED_CGNAT:
        return f"{ip} is shared address space (CGNAT)"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return f"{ip} is site-local"
    if allow_private and any(ip in net for net in _PRIVATE_ALLOWED):
        return None
    if ip.is_loopback:
        return f"{ip} is loopback"
    if ip.is_private:
        return f"{ip} is private"
    if ip.is_reserved:
        return f"{ip} is reserved"
    if not ip.is_global:
        return f"{ip} is not globally routable"
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address if ``host`` is an IP literal (brackets and IPv6 zone ids tolerated), else None."""
    candidate = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def resolve_and_vet(host: str, port: int, policy: FetchPolicy, url: str) -> list[str]:
    """All addresses ``host`` resolves to, provided every one of them is acceptable.

    One bad address refuses the whole host: a resolver that answers with a mix could otherwise steer
    a later connection to the bad one.
    """
    literal = parse_ip_literal(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise FetchError(url, f"cannot resolve {host}: {exc.strerror or exc}", None, "dns") from exc
        except UnicodeError as exc:
            raise FetchError(url, f"invalid host name {host!r}", None, "scheme") from exc
        addresses = []
        for family, _type, _proto, _canon, sockaddr in infos:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            ip = parse_ip_literal(str(sockaddr[0]))
            if ip is not None and ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise FetchError(url, f"no IPv4/IPv6 address for {host}", None, "dns")
    for ip in addresses:
        why = blocked_reason(ip, policy.allow_private_hosts)
        if why:
            raise FetchError(url, f"refusing {host}: {why}", None, "blocked_address")
    return [str(ip) for ip in addresses]
