"""Reads for accounts and "Min side"."""

import datetime

from django.conf import settings
from django.utils import timezone

from directory.models import Municipality
from groups.services import ip_hash

from ..models import FacilitatorApplication, LoginAttempt


def login_locked_until(*, email: str, ip_address: str) -> datetime.datetime | None:
    """When the lock on this (account, IP address) pair ends, or None if it is not locked.

    A pair is locked once it has SAMHOLD_LOGIN_FAILURE_LIMIT failures within the last
    SAMHOLD_LOGIN_LOCK_MINUTES; the lock ends when the oldest of those ages out. Only the pair
    is locked: the account from other addresses, and other accounts from this one, still work."""
    period = datetime.timedelta(minutes=settings.SAMHOLD_LOGIN_LOCK_MINUTES)
    limit = settings.SAMHOLD_LOGIN_FAILURE_LIMIT
    recent = list(
        LoginAttempt.objects.filter(
            email=email.strip().lower(),
            ip_hash=ip_hash(ip_address),
            created_at__gt=timezone.now() - period,
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + period


def municipality_choices():
    """Municipalities a person can apply for: only ones that still exist."""
    return Municipality.objects.active().select_related("county").order_by("name_plain", "number")


def application_list_for_admin(*, user):
    """Facilitator applications a staff user may see: administrators all, coordinators those
    in their counties, nobody else any."""
    if not user.has_perm("facilitators.change_facilitatorapplication"):
        return FacilitatorApplication.objects.none()
    from ..scope import scope_for

    applications = FacilitatorApplication.objects.select_related("municipality__county", "decided_by")
    scope = scope_for(user)
    if scope.is_administrator or user.is_superuser:
        return applications
    # A coordinator decides for the counties they coordinate.
    return applications.filter(municipality__county__in=scope.county_ids)
