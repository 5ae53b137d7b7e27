"""Wagtail's admin app, with its moderation e-mail replaced by Samhold's
(facilitators.notifications). Listed in INSTALLED_APPS instead of "wagtail.admin"."""

from wagtail.admin.apps import WagtailAdminAppConfig


class SamholdAdminAppConfig(WagtailAdminAppConfig):
    def ready(self):
        super().ready()
        # In ready(): the notifications read models, which are loaded only by now.
        from .notifications import replace_wagtail_notifications

        replace_wagtail_notifications()
