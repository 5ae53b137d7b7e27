"""Information meetings on pages that belong to other apps (the group page, the municipality
page), so that groups and directory never import facilitators: their templates load this."""

from django import template
from django.urls import reverse

from groups.models import SEARCHABLE_STATUSES

from ..ics import meeting_when as _meeting_when
from ..selectors.meetings import meetings_upcoming

register = template.Library()


def with_signup_urls(meetings) -> list:
    meetings = list(meetings)
    for meeting in meetings:
        meeting.signup_url = reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk})
        meeting.places_left = max(meeting.capacity - meeting.confirmed_count, 0)
        meeting.is_full = meeting.places_left == 0
    return meetings


@register.inclusion_tag("facilitators/meetings/tag_group.html")
def upcoming_info_meetings(group):
    """The group's coming information meetings, with a sign-up link each (one query)."""
    if group is None or not getattr(group, "pk", None) or not group.live or group.status not in SEARCHABLE_STATUSES:
        # An unsaved preview, a draft, or an ended or paused group holds no open meetings: no query.
        return {"meetings": []}
    return {"meetings": with_signup_urls(meetings_upcoming(group_id=group.pk))}


@register.inclusion_tag("facilitators/meetings/tag_municipality.html")
def upcoming_info_meetings_in(municipality):
    """Coming information meetings of groups in a municipality (one query)."""
    if municipality is None or not getattr(municipality, "id", None):
        return {"meetings": [], "municipality": municipality}
    return {
        "meetings": with_signup_urls(meetings_upcoming(municipality_id=municipality.id)),
        "municipality": municipality,
    }


@register.filter
def meeting_when(meeting) -> str:
    """"tirsdag 1. desember, 18.00–19.30" in the active language."""
    return _meeting_when(meeting)
