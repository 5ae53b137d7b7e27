"""Min side's front page lives in facilitators, which must not import research: this tag lets
its template ask whether the person's groups have been asked about a study."""

from django import template

from ..selectors.groups import has_invitations

register = template.Library()


@register.simple_tag
def has_research_invitations(user) -> bool:
    """{% has_research_invitations user as shown %}: whether any of the person's groups (as
    facilitator or contact person) has an invitation from a research study."""
    return has_invitations(user=user)
