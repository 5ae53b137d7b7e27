"""What every login view shares: a known-device cookie and a calm 429 during a lock.

The guessing protection itself is in the authentication backend (facilitators.backends); these
views only tell the person what is happening, and remember the browser an account logged in
from so the wide locks (many addresses, one account; one network, many accounts) never keep
the owner out of their own browser."""

import math

from django.conf import settings
from django.core import signing
from django.utils import timezone

from samhold.crypto import keyed_hash
from samhold.http import client_ip

from .models import User
from .selectors.accounts import login_lock
from .selectors.two_factor import second_factor_enabled, second_factor_required

DEVICE_COOKIE = "samhold_device"
_SALT = "samhold.known-device"
_KEEP = 3  # accounts remembered per browser


def _device_key(email: str, password_hash: str) -> str:
    # With the password's hash in it, a new password forgets every browser remembered before.
    return keyed_hash("known-device", f"{email}\n{password_hash}")[:32]


def _device_keys(request) -> list[str]:
    if request is None:
        return []
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return []
    try:
        keys = signing.loads(raw, salt=_SALT, max_age=settings.SAMHOLD_KNOWN_DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return []
    return [key for key in keys if isinstance(key, str)][:_KEEP] if isinstance(keys, list) else []


def known_device(request, email: str) -> bool:
    """Whether this browser has completed a login to the account with this address, since its
    password was last changed."""
    keys = _device_keys(request)
    if not keys:
        return False
    password_hash = User.objects.filter(email=email.strip().lower()).values_list("password", flat=True).first()
    return password_hash is not None and _device_key(email.strip().lower(), password_hash) in keys


def remember_device(request, response, user) -> None:
    """After a complete login (the second factor too, where there is one): remember this browser
    for the account, as a keyed hash of the address and the current password hash only."""
    key = _device_key(user.email, user.password)
    keys = [key] + [other for other in _device_keys(request) if other != key]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(keys[:_KEEP], salt=_SALT),
        max_age=settings.SAMHOLD_KNOWN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def typed_email(request) -> str:
    return (request.POST.get("username") or "").strip().lower()[:254]


class GuardedLoginMixin:
    """For a LoginView: answer 429 with Retry-After during a lock (before any password is
    looked at), and remember the browser after a successful login."""

    def post(self, request, *args, **kwargs):
        email = typed_email(request)
        if email:
            lock = login_lock(email=email, ip_address=client_ip(request), known_device=known_device(request, email))
            if lock:
                return self.locked_response(email, lock)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        # Someone who must still give a second factor is remembered only once they have.
        if not (second_factor_required(user) or second_factor_enabled(user)):
            remember_device(self.request, response, user)
        return response

    def form_invalid(self, form):
        # The backend has recorded the guess; if it was the one that locked, say so now.
        if form.has_error("__all__", "invalid_login"):
            email = typed_email(self.request)
            lock = login_lock(
                email=email, ip_address=client_ip(self.request), known_device=known_device(self.request, email)
            )
            if lock:
                return self.locked_response(email, lock)
        return super().form_invalid(form)

    def locked_response(self, email, lock):
        seconds = max(int((lock.until - timezone.now()).total_seconds()), 1)
        # An unbound form: a bound one would check the password when its errors are shown.
        form = self.get_form_class()(request=self.request, initial={"username": email})
        context = self.get_context_data(form=form, locked_minutes=math.ceil(seconds / 60), lock_reason=lock.reason)
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(seconds)
        return response
