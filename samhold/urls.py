from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from facilitators.views.accounts import AdminLoginView


def _to_min_side(name: str):
    # 302, not 301: the target is in the language of the request, and a browser keeps a 301.
    return RedirectView.as_view(pattern_name=f"facilitators:{name}", permanent=False)


urlpatterns = [
    # The admin's login goes through the same guessing protection as Min side's.
    path("admin/login/", AdminLoginView.as_view()),
    # Wagtail's own password reset sends e-mail without any limit and builds its link from the
    # Host header: every reset goes through Min side's instead, which is limited, in the language
    # of the request (the admin's "Forgotten password?" link lands there). Both make their tokens
    # with Django's default generator, so a link from an admin reset e-mail sent before this
    # still works for as long as tokens do (PASSWORD_RESET_TIMEOUT).
    path("admin/password_reset/", _to_min_side("password_reset")),
    path("admin/password_reset/done/", _to_min_side("password_reset_done")),
    path("admin/password_reset/confirm/<uidb64>/<token>/", _to_min_side("password_reset_confirm")),
    path("admin/password_reset/complete/", _to_min_side("password_reset_complete")),
    # Anything Wagtail may add under it later.
    re_path(r"^admin/password_reset/", _to_min_side("password_reset")),
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
