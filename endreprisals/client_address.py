"""The client's network, as every rate limit keys it: one helper, one setting.

- **Which address.** Without a proxy, `REMOTE_ADDR`. Behind `TRUSTED_PROXY_COUNT` reverse
  proxies, the address the outermost trusted proxy added to `X-Forwarded-For`: each proxy
  appends the address it received the request from, so with N trusted proxies the client is the
  N-th entry from the right. Anything to its left was sent by the client and could be anything,
  so a forged prefix (`X-Forwarded-For: 1.2.3.4, <real>`) changes nothing. A header with fewer
  entries than trusted proxies did not come through them: the address is then `REMOTE_ADDR`.
- **Which key.** An IPv4 address as such; an IPv6 address by its /64 network, the smallest block
  a provider gives one subscriber (a single machine can use any of its 2^64 addresses, so keying
  each apart would let one person submit without limit); an IPv4-mapped IPv6 address as IPv4.

Nothing here logs, stores or returns more than the caller asks for: the rate limits store only a
keyed hash of the key. On the intake path the address is gone before any view runs
(`intake.middleware.StripClientAddressMiddleware`), and the key is then the placeholder's.
"""

import ipaddress

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def _parse(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    raw = raw.strip()
    if raw.startswith("[") and "]" in raw:  # "[2001:db8::1]:443"
        raw = raw[1 : raw.index("]")]
    elif raw.count(":") == 1:  # "192.0.2.1:443"
        raw = raw.split(":", 1)[0]
    try:
        return ipaddress.ip_address(raw)
    except ValueError:
        return None


def client_ip(request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client's address as the trusted proxies saw it (None when unknown)."""
    if request is None:
        return None
    trusted = max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0))
    if trusted:
        hops = [hop for hop in request.META.get(FORWARDED_FOR, "").split(",") if hop.strip()]
        if len(hops) >= trusted:
            return _parse(hops[-trusted])
    return _parse(request.META.get("REMOTE_ADDR", ""))


def client_network(request) -> str:
    """The rate-limit key: an IPv4 address, or an IPv6 /64 network, as text ('' when unknown)."""
    address = client_ip(request)
    if address is None:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
