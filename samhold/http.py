"""Request helpers shared by the apps."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The abuse unit every rate limit and login lock counts: the visitor's address, as a
    string, or "" when there is no valid one.

    Which address: behind SAMHOLD_TRUSTED_PROXY_COUNT reverse proxies it is the entry that the
    outermost trusted proxy appended to X-Forwarded-For (entries further left are the client's
    own claims and are ignored); otherwise REMOTE_ADDR.

    What is counted: an IPv4 address as it is; an IPv6 address as its /64 network
    ("2001:db8:1:2::/64"), because one subscriber is usually given a whole /64 and can pick any
    address in it, so counting single addresses would hand out a fresh allowance per request;
    an IPv4-mapped IPv6 address ("::ffff:192.0.2.1") as the IPv4 address. Anything that is not
    an address (empty, garbage, a proxy's "unknown") is "", so all such requests share one
    allowance rather than each getting their own."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.SAMHOLD_TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            address = forwarded[-trusted]
    return _abuse_unit(address)


def _abuse_unit(address) -> str:
    text = str(address or "").strip()
    # Some proxies write "[2001:db8::1]:443" or "192.0.2.1:5555"; the port is not the visitor.
    if text.startswith("["):
        text, _bracket, port = text[1:].partition("]")
        if not _bracket or (port and not (port.startswith(":") and _is_port(port[1:]))):
            return ""
    elif text.count(":") == 1:
        text, _colon, port = text.partition(":")
        if not _is_port(port):
            return ""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def wider_network(address: str) -> str:
    """For an IPv6 /64 (as client_ip gives it) the /48 it lies in, else "". A /48 is what a
    site or a free tunnel broker hands out: 65,536 /64s, each with an allowance of its own."""
    if not address.endswith("/64"):
        return ""
    network = ipaddress.ip_network(address)
    return str(network.supernet(new_prefix=48))


def address_limits(address: str, limit: int) -> dict[str, int]:
    """What one request is counted against, for the rate limiter (samhold.limits.rate_limit_allow): its
    network at `limit`, and for IPv6 also its /48 at SAMHOLD_WIDER_NETWORK_FACTOR times that."""
    limits = {f"ip:{address}": limit}
    wider = wider_network(address)
    if wider:
        limits[f"ip48:{wider}"] = limit * settings.SAMHOLD_WIDER_NETWORK_FACTOR
    return limits


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit()


def private_link_headers(response):
    """For pages reached by a secret link (a token in the address): never cached or indexed,
    and the address is never sent to another site in a Referer header. Not "no-referrer":
    the browser would then send "Origin: null" with the page's own forms, and Django's CSRF
    check would refuse them."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def absolute_url(path: str) -> str:
    """`path` on this site, as an absolute address for an e-mail: always built from SITE_URL
    (WAGTAILADMIN_BASE_URL), never from the request's Host header, which a visitor chooses."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
