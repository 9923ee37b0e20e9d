"""The address of the client behind the reverse proxy, for audit rows, access events and rate limits.

Behind nginx every request comes from the proxy's own address (REMOTE_ADDR), so that is what the audit rows used
to record. The client's address is in `X-Forwarded-For`, but anyone can send that header: it is believed only
when the request came from an address in NGOAIVU_TRUSTED_PROXIES, and then only up to the first hop that is not
itself a trusted proxy (read from the right, where each proxy appends the address it saw). With no trusted
proxies (the default) the header is ignored and REMOTE_ADDR is the answer.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"NGOAIVU_TRUSTED_PROXIES: {exc}") from exc


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.NGOAIVU_TRUSTED_PROXIES))


def parse_address(text: str) -> IPAddress | None:
    """One address as a proxy writes it: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443`, `203.0.113.7:443`."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or, when that is a trusted proxy, the right-most address in X-Forwarded-For that is not a
    trusted proxy. A malformed entry stops the walk: nothing to its left can be believed, so the last
    address that could be is the answer."""
    remote = parse_address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not networks or not forwarded or not _trusted(remote, networks):
        return str(remote)
    current = remote
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is None:
            break
        current = address
        if not _trusted(address, networks):
            break
    return str(current)
