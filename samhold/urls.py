from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import routing
from .health import healthz

# The apps' URLs are included by name: the project package is the lowest layer and imports none
# of the apps.
urlpatterns = [
    # For load balancers and monitoring: outside the language prefixes, never redirected.
    path("healthz", healthz, name="healthz"),
    # Samhold's login and password reset for the admin come first, so they win over Wagtail's.
    path("admin/", include("facilitators.urls_admin")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Bokmål at the root, English under /en/; "Min side" first, then Wagtail serves the page
# tree of that language.
urlpatterns += i18n_patterns(
    path("", include("facilitators.urls")),
    path("", include("research.urls")),
    # Wagtail's own addresses ("_util/…"), then its pages, served through the cached routes
    # (samhold.routing) at the address and under the name Wagtail gives them.
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

# The database being unreachable is answered with the calm 503 page, wherever it shows.
handler500 = "samhold.health.server_error"
# A request that cannot be read: the calm 400 page, without reading the form again.
handler400 = "samhold.errors.bad_request"
