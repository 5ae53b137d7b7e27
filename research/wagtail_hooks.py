"""Research in the Wagtail admin: one menu, "Research", for national administrators only.
Researchers themselves never use the admin (they work on Min side)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import ResearcherApplication, Study
from .viewsets import AdministratorsOnlyPolicy, ResearchViewSetGroup

# Before the viewsets are used: their menu items and views ask the registry.
register_permission_policy(Study, AdministratorsOnlyPolicy(Study), exact_class=True)
register_permission_policy(ResearcherApplication, AdministratorsOnlyPolicy(ResearcherApplication), exact_class=True)


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchViewSetGroup()
