"""Cache upkeep only: the coordinator's details and the chosen pages are cached."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ContactSettings, SitePages
from .routing import pages_changed
from .site import COORDINATOR_CACHE_KEY


@receiver(post_save, sender=ContactSettings)
def _invalidate_coordinator(**kwargs):
    cache.delete(COORDINATOR_CACHE_KEY)


@receiver(post_save, sender=SitePages)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _invalidate_routes(**kwargs):
    """The pages chosen in the site settings, or the page tree, changed (samhold.routing's
    version, under which the chosen pages are cached too)."""
    pages_changed()


@receiver(post_save)
@receiver(post_delete)
def _invalidate_routes_on_save(sender, instance, **kwargs):
    """Any page (of any type: the signal is sent with the specific class), site, locale or
    view restriction saved or deleted: the cached routes may be stale."""
    if isinstance(instance, Page | Site | Locale | PageViewRestriction):
        pages_changed()
