from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and content pages")

    def ready(self):
        # In ready(): the receivers need the models, loaded only by now.
        from . import signals  # noqa: F401 - registers the receivers
