"""What the group page shows, computed once for the page, the preview and the tests."""

from django.utils.translation import pgettext

from .schedule import describe, next_meetings
from .selectors import attach_themes, group_similar
from .services import contact_recipient


def group_page_context(group, *, preview: bool = False) -> dict:
    similar = []
    if preview:
        # A preview is an unsaved object: its themes are in memory.
        group.theme_list = list(group.themes.all())
    else:
        similar = group_similar(group) if group.is_ended else []
        attach_themes([group, *similar])
    return {
        "group": group,
        "schedule_text": describe(group),
        "upcoming": next_meetings(group, count=3),
        "similar_groups": similar,
        "can_contact": contact_recipient(group) is not None,
        "is_preview": preview,
        # A date format is language data: "tirsdag 1. desember" / "Tuesday 1 December".
        "meeting_date_format": pgettext("date format for meeting dates", "l j F"),
    }
