"""Request helpers shared by the apps."""

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address. Behind SAMHOLD_TRUSTED_PROXY_COUNT reverse proxies it is the
    entry that the outermost trusted proxy appended to X-Forwarded-For (entries further left
    are the client's own claims and are ignored); otherwise REMOTE_ADDR."""
    trusted = settings.SAMHOLD_TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def private_link_headers(response):
    """For pages reached by a secret link (a token in the address): never cached or indexed,
    and the address is never sent to another site in a Referer header. Not "no-referrer":
    the browser would then send "Origin: null" with the page's own forms, and Django's CSRF
    check would refuse them."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
