"""The one rate limiter: how often a visitor may do something that costs someone else (an
e-mail sent to an address, a message to a group, a form that lands in a coordinator's queue).

Every limit in the project goes through `rate_limit_allow`; only keyed hashes are stored
(RateMark), and housekeeping deletes them after SAMHOLD_RETENTION["email_send_mark"] days."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .crypto import keyed_hash
from .models import RateMark
from .retention import kept_for

Limit = int | tuple[int, timedelta]


def rate_limit_allow(*, scope: str, limits: dict[str, Limit], period: timedelta = timedelta(hours=1)) -> bool:
    """Whether one more use is allowed, and count it if so.

    `limits` maps what is counted to how many uses it may have within `period` (or within a
    period of its own, as (limit, period)), e.g. {"email:ola@example.org": 3, "ip:192.0.2.1":
    10, "group:12": (30, timedelta(days=1))} (samhold.http.address_limits builds the network
    keys). If every key is under its limit, one mark is recorded for each key and True is
    returned; otherwise nothing is recorded and False."""
    now = timezone.now()
    hashes = {
        keyed_hash(scope, key): (limit if isinstance(limit, tuple) else (limit, period))
        for key, limit in limits.items()
    }
    with transaction.atomic():
        for key_hash, (limit, within) in hashes.items():
            used = RateMark.objects.filter(scope=scope, key_hash=key_hash, created_at__gt=now - within).count()
            if used >= limit:
                return False
        RateMark.objects.bulk_create(
            [RateMark(scope=scope[:50], key_hash=key_hash, created_at=now) for key_hash in hashes]
        )
    return True


def rate_marks_purge() -> int:
    """Limits count an hour or a day; delete the marks after SAMHOLD_RETENTION["email_send_mark"]
    days. Returns how many were deleted."""
    deleted, _count = RateMark.objects.filter(created_at__lt=timezone.now() - kept_for("email_send_mark")).delete()
    return deleted
