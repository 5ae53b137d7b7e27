"""Security headers on every response: a Content-Security-Policy (one for the public site,
a looser one for the Wagtail admin), a Permissions-Policy, and no caching of anything a
logged-in person or Min side is shown.

X-Content-Type-Options and Referrer-Policy come from Django's SecurityMiddleware
(SECURE_CONTENT_TYPE_NOSNIFF and SECURE_REFERRER_POLICY in settings/base.py), and HSTS from
settings/production.py.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

# The public site serves all its CSS, images, forms and scripts itself. Its scripts are small
# files from static/js/ that only enhance a page that works without them (focus on the error
# summary, "Bruk min posisjon"); no inline script runs, and the one inline <script> is the group
# page's JSON-LD, a data block the policy does not govern. No inline style either. img-src also allows data: images (none today; an image can neither run script
# nor reach another site). Wagtail's user bar, shown to staff on public pages, works under it.
PUBLIC_CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' data:"
)

# The Wagtail admin (8.0), measured in Chromium with the policy enforced (see
# tests/browser/test_content_security_policy.py, which keeps it honest):
# - script-src 'unsafe-inline': Wagtail's own widgets write inline <script> that initialise
#   them: every chooser (`new PageChooser(...)`, snippet and task choosers), the date and time
#   pickers, inline panels and the report filters. Without it the group form's time pickers,
#   the redirect form's page chooser and the user list break. No 'unsafe-eval': nothing needs it.
# - style-src 'unsafe-inline': the rich-text editor (Draftail) adds <style> elements for its
#   placeholder text and list numbering. Inline CSS cannot reach another site here (img-src
#   and font-src stay 'self'), so this costs little.
# - img-src blob:: the image upload shows the chosen file before it is sent; data: for a
#   bundled stylesheet's inline image.
# - frame-ancestors 'self': the editor shows the preview in a frame of its own.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; "
    "form-action 'self'"
)

# Powerful browser features the site never uses, denied to its own pages and anything they
# might frame. Only names Chromium recognises (others only fill the console with warnings).
# Not denied: clipboard-write (the admin's copy buttons), fullscreen, and
# publickey-credentials-get/create (a security key or passkey may one day be a login factor).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

NO_STORE = "no-store, private"


def _prefixes(url_name: str) -> tuple[str, ...]:
    """The path of a URL in every language the site has (they differ by /en/)."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with override(code):
            paths.add(reverse(url_name))
    return tuple(sorted(paths))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None
        self._min_side_prefixes = None

    def __call__(self, request):
        response = self.get_response(request)
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
            self._min_side_prefixes = _prefixes("facilitators:home")
        path = request.path
        is_admin = path.startswith(self._admin_prefix)
        if is_admin:
            # Set, not defaulted: Wagtail's preview renders the public page through this same
            # middleware with a made-up public request, and the admin's policy must win on the
            # way out, or the admin could not frame its own preview.
            response["Content-Security-Policy"] = ADMIN_CSP
        elif not (settings.DEBUG and response.status_code in (404, 500)):
            # Defaulted: a view that sets a policy of its own keeps it (Wagtail serves documents
            # with "default-src 'none'"). Skipped only for Django's debug pages, whose inline
            # CSS and script a developer needs; DEBUG is never on in production.
            response.setdefault("Content-Security-Policy", PUBLIC_CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if path.startswith(self._min_side_prefixes) or _is_authenticated(request):
            _no_store(response)
        return response


def _is_authenticated(request) -> bool:
    # Static files are answered by whitenoise before authentication runs: no user, and they
    # keep their long cache lifetime.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _no_store(response) -> None:
    """Nothing shown to a logged-in person is kept by the browser or a shared cache. A header
    that already says no-store (Django's never_cache, a private link) is at least as strict
    and is left as it is."""
    existing = [part.strip().lower() for part in response.get("Cache-Control", "").split(",")]
    if "no-store" in existing:
        return
    response["Cache-Control"] = NO_STORE
