"""Reads for two-factor login: who must use it, who has it, and what to show while setting it up."""

from base64 import b32encode

import segno
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..scope import scope_for


def second_factor_required(user) -> bool:
    """Everyone who can open the Wagtail admin (coordinators, administrators, editors) and every
    researcher (who sees volunteers' details) must log in with a second factor, for the admin
    and for Min side alike."""
    if user is None or not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or user.has_perm("wagtailadmin.access_admin")
        or scope_for(user).is_researcher
    )


def second_factor_enabled(user) -> bool:
    """Whether the person has a confirmed authenticator app (facilitators may turn it on)."""
    if user is None or not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn on the server (nothing
    leaves the site). It carries the secret: show it only to its owner, never cache it."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", omitsize=True
    )


def totp_key_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
