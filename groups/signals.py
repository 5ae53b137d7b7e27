"""Index and cache upkeep only: a renamed theme or municipality changes what finds its groups,
and any changed group makes cached counts stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.models import Municipality, Theme

from .models import SelfHelpGroup
from .search import refresh_documents
from .selectors import groups_changed


@receiver([post_save, post_delete], sender=SelfHelpGroup)
def _group_changed(**kwargs):
    groups_changed()


@receiver(post_save, sender=Theme)
def _theme_changed(instance, created, **kwargs):
    if not created:
        refresh_documents(SelfHelpGroup.objects.filter(themes=instance).only("pk"))
    # A theme's search words decide which groups a query finds: cached counts are stale.
    groups_changed()


@receiver(post_save, sender=Municipality)
def _municipality_changed(instance, created, **kwargs):
    if not created:
        refresh_documents(SelfHelpGroup.objects.filter(municipality=instance).only("pk"))
    groups_changed()
