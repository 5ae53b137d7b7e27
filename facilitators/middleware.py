"""Two-factor login, enforced for every request.

After the password, a person who must use a second factor (staff: anyone who can open the
admin) or who turned it on is only half logged in until they give a code:
- the admin and Min side send them to the code page (or, for staff without an app yet, to
  setting one up), keeping where they were going;
- everywhere else they are treated as not logged in at all.
So a password alone never reaches the admin, Min side or anything a future view shows to a
logged-in user. Runs after django-otp's OTPMiddleware, which sets `user.is_verified()`."""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse

from .selectors.two_factor import second_factor_enabled, second_factor_required

# Reachable while half logged in: the code and setup pages, and logging out.
_OPEN_NAMES = {
    "facilitators:second_factor_verify",
    "facilitators:second_factor_setup",
    "facilitators:logout",
    "wagtailadmin_logout",
}
_GUARDED_PREFIXES = ("/admin/", "/min-side/")


def _guarded(path: str) -> bool:
    if path.startswith("/en/"):
        path = path[3:]
    return path.startswith(_GUARDED_PREFIXES)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        has_app = second_factor_enabled(user)
        if not has_app and not second_factor_required(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_NAMES:
            return None
        if _guarded(request.path):
            name = "facilitators:second_factor_verify" if has_app else "facilitators:second_factor_setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        request.user = AnonymousUser()
        return None
