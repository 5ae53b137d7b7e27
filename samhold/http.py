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
