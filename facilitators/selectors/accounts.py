"""Reads for accounts and "Min side"."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from directory.models import Municipality
from samhold.crypto import keyed_hash
from samhold.http import wider_network

from ..models import FacilitatorApplication, LoginAttempt
from ..scope import scope_for


@dataclass(frozen=True)
class LoginLock:
    """Why logging in is paused, and until when."""

    PAIR = "pair"  # this account from this network
    ACCOUNT = "account"  # this account from any browser it has not been used in before
    ADDRESS = "address"  # any account from this network, in a browser none of them used before

    reason: str
    until: datetime.datetime


def _lock_from(attempts, *, limit: int, period: datetime.timedelta, reason: str) -> LoginLock | None:
    """Locked once `limit` failures fall within `period`; the lock ends when the oldest of the
    latest `limit` ages out."""
    recent = list(attempts.order_by("-created_at").values_list("created_at", flat=True)[:limit])
    if len(recent) < limit:
        return None
    return LoginLock(reason=reason, until=recent[-1] + period)


def login_lock(*, email: str, ip_address: str, known_device: bool = False) -> LoginLock | None:
    """Whether logging in to `email` from `ip_address` is paused, whatever form is used.

    - SAMHOLD_LOGIN_FAILURE_LIMIT failures for one (account, network) pair within
      SAMHOLD_LOGIN_LOCK_MINUTES lock that pair only.
    - SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT failures for one account from anywhere within
      SAMHOLD_LOGIN_WIDE_LOCK_MINUTES (guessing from many addresses) lock the account, and
      SAMHOLD_LOGIN_ADDRESS_FAILURE_LIMIT failures from one network for any accounts (password
      spraying) lock that network; but neither applies in a browser where the account has logged
      in before (`known_device`, the signed cookie set at login), so an abuser can never lock the
      person out of their own browser, nor every visitor out of the site.

    Addresses are compared as keyed hashes only. Returns the lock that ends last, or None."""
    now = timezone.now()
    email_hash = keyed_hash("login-email", email)
    address_hash = keyed_hash("login-address", ip_address)
    failures = LoginAttempt.objects.all()
    pair_period = datetime.timedelta(minutes=settings.SAMHOLD_LOGIN_LOCK_MINUTES)
    wide_period = datetime.timedelta(minutes=settings.SAMHOLD_LOGIN_WIDE_LOCK_MINUTES)
    locks = [
        _lock_from(
            failures.filter(email_hash=email_hash, ip_hash=address_hash, created_at__gt=now - pair_period),
            limit=settings.SAMHOLD_LOGIN_FAILURE_LIMIT, period=pair_period, reason=LoginLock.PAIR,
        )
    ]
    if not known_device:
        locks.append(
            _lock_from(
                failures.filter(email_hash=email_hash, created_at__gt=now - wide_period),
                limit=settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT, period=wide_period, reason=LoginLock.ACCOUNT,
            )
        )
        locks.append(
            _lock_from(
                failures.filter(ip_hash=address_hash, created_at__gt=now - wide_period),
                limit=settings.SAMHOLD_LOGIN_ADDRESS_FAILURE_LIMIT, period=wide_period, reason=LoginLock.ADDRESS,
            )
        )
        wider = wider_network(ip_address)
        if wider:
            # The /48 around an IPv6 network: 65,536 /64s, one sender.
            locks.append(
                _lock_from(
                    failures.filter(wide_hash=keyed_hash("login-wide", wider), created_at__gt=now - wide_period),
                    limit=settings.SAMHOLD_LOGIN_ADDRESS_FAILURE_LIMIT * settings.SAMHOLD_WIDER_NETWORK_FACTOR,
                    period=wide_period, reason=LoginLock.ADDRESS,
                )
            )
    locks = [lock for lock in locks if lock is not None]
    return max(locks, key=lambda lock: lock.until) if locks else None


def municipality_choices():
    """Municipalities a person can apply for: only ones that still exist."""
    return Municipality.objects.active().select_related("county").order_by("name_plain", "number")


def application_list_for_admin(*, user):
    """Facilitator applications a staff user may see: administrators all, coordinators those
    in their counties, nobody else any."""
    if not user.has_perm("facilitators.change_facilitatorapplication"):
        return FacilitatorApplication.objects.none()
    applications = FacilitatorApplication.objects.select_related("municipality__county", "decided_by")
    scope = scope_for(user)
    if scope.is_administrator or user.is_superuser:
        return applications
    # A coordinator decides for the counties they coordinate.
    return applications.filter(municipality__county__in=scope.county_ids)
