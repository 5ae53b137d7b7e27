from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from facilitators.views.accounts import AdminLoginView

urlpatterns = [
    # The admin's login goes through the same guessing protection as Min side's.
    path("admin/login/", AdminLoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Bokmål at the root, English under /en/; "Min side" first, then Wagtail serves the page
# tree of that language.
urlpatterns += i18n_patterns(
    path("", include("facilitators.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
