"""Writes for two-factor login: setting up an authenticator app, checking a code, recovery
codes, turning it off. Devices come from django-otp (TOTP and static one-time codes); the
record notes each change, never a code."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models.records import Action
from ..selectors.two_factor import second_factor_required
from .records import record

RECOVERY_CODE_COUNT = 10
APP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


class SecondFactorRequired(Exception):
    """Staff cannot turn two-factor login off."""


def _clean(code: str) -> str:
    # People type "123 456" or copy "abcd-efgh"; codes themselves have neither.
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()[:16]


SETUP_SESSION_KEY = "second_factor:setup_device"


def totp_setup_start(*, user, session) -> TOTPDevice:
    """The app the person is about to add, tied to this login's session: reloading the page
    keeps the QR code they are scanning, but a key shown in any other session (someone who once
    had the password, say) is thrown away and never becomes the person's second factor."""
    device_id = session.get(SETUP_SESSION_KEY)
    device = (
        TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    )
    if device is None:
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
        session[SETUP_SESSION_KEY] = device.pk
    return device


def second_factor_setups_purge() -> int:
    """Delete apps that were never confirmed, a day after the setup page showed them."""
    deleted, _count = TOTPDevice.objects.filter(
        confirmed=False, created_at__lt=timezone.now() - timedelta(days=1)
    ).delete()
    return deleted


def totp_setup_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it. Returns the new recovery codes (shown once), or
    None if the code was wrong (or the device is resting after wrong codes)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None or not device.verify_token(_clean(code)):
            return None
        # One app per person: a new one replaces the old.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        record(actor=user, action=Action.SECOND_FACTOR_ENABLED, obj=user, label=f"#{user.pk}")
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes; the old ones stop working. Shown once."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        record(actor=user, action=Action.RECOVERY_CODES_RENEWED, obj=user, label=f"#{user.pk}")
    return codes


def second_factor_verify(*, user, code: str):
    """The confirmed device (the app, or the recovery codes) that accepts `code`, or None. A
    recovery code works once. Each device rests a little longer after every wrong code
    (django-otp's throttling), so codes cannot be guessed."""
    code = _clean(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def second_factor_retry_after(*, user, device=None) -> int:
    """Seconds until a code can be tried again, when every confirmed device (or the one given)
    is resting after wrong codes; else 0."""
    waits = []
    for each in [device] if device is not None else devices_for_user(user, confirmed=True):
        allowed, data = each.verify_is_allowed()
        if allowed:
            return 0
        until = (data or {}).get("locked_until")
        if until is not None:
            waits.append(max(int((until - timezone.now()).total_seconds()), 1))
    return min(waits) if waits else 0


def second_factor_disable(*, user) -> None:
    """Turn two-factor login off (only for people who need not use it)."""
    if second_factor_required(user):
        raise SecondFactorRequired
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
        record(actor=user, action=Action.SECOND_FACTOR_DISABLED, obj=user, label=f"#{user.pk}")


def second_factor_reset(*, user, actor) -> None:
    """An administrator removes a person's devices (a lost phone and lost codes); the person
    sets up a new app at their next login."""
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
        record(actor=actor, action=Action.SECOND_FACTOR_RESET, obj=user, label=f"#{user.pk}")

