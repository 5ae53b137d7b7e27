"""Wagtail's users app, with Samhold's user forms (see facilitators.viewsets.users).

Listed in INSTALLED_APPS instead of "wagtail.users"."""

from wagtail.users.apps import WagtailUsersAppConfig


class SamholdUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "facilitators.viewsets.users.UserViewSet"
