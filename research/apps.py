from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research recruitment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the receivers need the models, loaded only by now.
        from . import signals  # noqa: F401 - registers the receivers
