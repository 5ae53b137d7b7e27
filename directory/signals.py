"""Cache upkeep only: reference lists are cached by directory.selectors."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import County, Municipality, Theme
from .selectors import reference_invalidate


@receiver([post_save, post_delete], sender=County)
@receiver([post_save, post_delete], sender=Municipality)
@receiver([post_save, post_delete], sender=Theme)
def _invalidate_reference(**kwargs):
    reference_invalidate()
