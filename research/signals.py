"""Keeping the notices on group pages and search results in step with the studies: any change
to a study, its themes or its area drops the cached index of recruiting studies."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Study, StudyVersion
from .selectors.public import recruiting_index_invalidate


@receiver(post_save, sender=Study)
@receiver(post_delete, sender=Study)
@receiver(post_save, sender=StudyVersion)
def _study_changed(**kwargs):
    recruiting_index_invalidate()


@receiver(m2m_changed, sender=Study.themes.through)
@receiver(m2m_changed, sender=Study.counties.through)
@receiver(m2m_changed, sender=Study.municipalities.through)
def _study_area_changed(action, **kwargs):
    if action.startswith("post_"):
        recruiting_index_invalidate()
