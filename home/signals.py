"""Cache upkeep only: the header menu and translation links are cached."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .navigation import navigation_invalidate


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
def _invalidate_navigation(**kwargs):
    navigation_invalidate()
