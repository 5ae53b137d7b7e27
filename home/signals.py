"""Cache upkeep only: the header menu, translation links and coordinator details are cached."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ContactSettings
from .navigation import navigation_invalidate
from .selectors import COORDINATOR_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
def _invalidate_navigation(**kwargs):
    navigation_invalidate()


@receiver(post_save, sender=ContactSettings)
def _invalidate_coordinator(**kwargs):
    cache.delete(COORDINATOR_CACHE_KEY)
