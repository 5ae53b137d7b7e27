from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Self-help groups")

    def ready(self):
        # In ready(): the receivers need the models, loaded only by now.
        from . import signals  # noqa: F401 - registers the receivers
