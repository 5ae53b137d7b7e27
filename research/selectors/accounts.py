"""Reads for researcher accounts: the applications the national administrators decide."""

from django.conf import settings
from django.db.models import QuerySet
from wagtail.users.models import UserProfile

from facilitators.scope import scope_for

from ..models import ResearcherApplication


def researcher_applications_for_admin(*, user) -> QuerySet[ResearcherApplication]:
    """Every application, for national administrators; none for anyone else (a coordinator's
    request for one is a 404, like another county's facilitator application)."""
    if not scope_for(user).is_administrator:
        return ResearcherApplication.objects.none()
    return ResearcherApplication.objects.select_related("decided_by")


def preferred_language(user) -> str:
    """The language a person is written to in about studies: their Wagtail profile's preferred
    language (for a researcher, the one they applied or last sent a study in, kept there by
    research.services.accounts; for an administrator, the admin's own setting), else the site's
    default. Researchers never open the admin, so the setting changes nothing else for them."""
    profile = UserProfile.objects.filter(user=user).only("preferred_language").first()
    language = profile.preferred_language if profile else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
