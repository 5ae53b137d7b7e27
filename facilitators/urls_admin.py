"""Where Samhold takes over from Wagtail's admin: its login and its password reset.

Included by the project's URLs under ``admin/`` before Wagtail's own, so these win.
"""

from django.urls import path, re_path
from django.views.generic import RedirectView

from .views.accounts import AdminLoginView


def _to_min_side(name: str):
    # 302, not 301: the target is in the language of the request, and a browser keeps a 301.
    return RedirectView.as_view(pattern_name=f"facilitators:{name}", permanent=False)


urlpatterns = [
    # The admin's login goes through the same guessing protection as Min side's.
    path("login/", AdminLoginView.as_view()),
    # Wagtail's own password reset sends e-mail without any limit and builds its link from the
    # Host header: every reset goes through Min side's instead, which is limited, in the language
    # of the request (the admin's "Forgotten password?" link lands there). Both make their tokens
    # with Django's default generator, so a link from an admin reset e-mail sent before this
    # still works for as long as tokens do (PASSWORD_RESET_TIMEOUT).
    path("password_reset/", _to_min_side("password_reset")),
    path("password_reset/done/", _to_min_side("password_reset_done")),
    path("password_reset/confirm/<uidb64>/<token>/", _to_min_side("password_reset_confirm")),
    path("password_reset/complete/", _to_min_side("password_reset_complete")),
    # Anything Wagtail may add under it later.
    re_path(r"^password_reset/", _to_min_side("password_reset")),
]
