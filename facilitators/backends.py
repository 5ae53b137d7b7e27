"""The one authentication backend: Django's, behind the guessing protection.

Every login form calls django.contrib.auth.authenticate(), which asks this backend, so the
lockout holds for Min side, the Wagtail admin and any form added later, not only for the
views that show a friendly "try again later" page."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from samhold.http import client_ip

from .login_guard import known_device
from .selectors.accounts import login_lock
from .services.accounts import login_failure_record, login_failures_clear


class GuardedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        if not username or password is None:
            return None
        # Addresses are stored lower-cased; the lookup is exact.
        email = str(username).strip().lower()[:254]
        address = client_ip(request) if request is not None else ""
        if login_lock(email=email, ip_address=address, known_device=known_device(request, email)):
            # Not even the right password helps during a lock; PermissionDenied stops
            # authenticate() from asking any other backend, and nothing is recorded.
            raise PermissionDenied
        user = super().authenticate(request, username=email, password=password)
        if user is None:
            login_failure_record(email=email, ip_address=address)
        else:
            login_failures_clear(email=email, ip_address=address)
        return user
