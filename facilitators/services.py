"""Writes for accounts: the record of failed logins that protects against guessing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from groups.services import ip_hash

from .models import LoginAttempt


def login_failure_record(*, email: str, ip_address: str) -> None:
    """Record one failed login for the (typed e-mail address, IP address) pair."""
    attempt = LoginAttempt(email=email.strip().lower()[:254], ip_hash=ip_hash(ip_address))
    attempt.full_clean()
    with transaction.atomic():
        attempt.save()


def login_failures_clear(*, email: str, ip_address: str) -> int:
    """Forget the pair's failures after a successful login. Returns how many were deleted."""
    deleted, _ = LoginAttempt.objects.filter(email=email.strip().lower(), ip_hash=ip_hash(ip_address)).delete()
    return deleted


def login_attempts_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """A lock lasts minutes; failed logins are deleted after a day. Returns how many were deleted."""
    deleted, _ = LoginAttempt.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
