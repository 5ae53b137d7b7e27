from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research recruitment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the receivers and the services need the models, loaded only by now.
        from facilitators.services.privacy import MY_LINKS_SOURCES

        from . import signals  # noqa: F401 - registers the receivers
        from .services.volunteers import volunteer_links_for

        # "See or delete what we hold about you" finds volunteers too; facilitators never
        # imports this app, so the source is handed to it here.
        if volunteer_links_for not in MY_LINKS_SOURCES:
            MY_LINKS_SOURCES.append(volunteer_links_for)
