from django.apps import AppConfig


class SamholdConfig(AppConfig):
    """The base app: what every other app may use (site settings, the rate limiter, helpers)."""

    name = "samhold"
    label = "samhold"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the receivers need the models, loaded only by now.
        from . import signals  # noqa: F401 - registers the cache upkeep
