"""How long something is kept, for the sentences that tell people: the figure comes from
SAMHOLD_RETENTION, so the text changes when the setting does."""

from django import template

from ..retention import kept_for

register = template.Library()


@register.simple_tag
def retention_days(key: str) -> int:
    """{% retention_days "meeting_signup_after_meeting" as days %}: the period named `key`, in days."""
    return kept_for(key).days
