from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitatorsConfig(AppConfig):
    name = "facilitators"
    verbose_name = _("Facilitators and accounts")
