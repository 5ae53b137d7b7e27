"""What the group page shows, computed once for the page, the preview and the tests."""

from .schedule import describe, next_meetings
from .selectors import group_similar
from .services import contact_recipient


def group_page_context(group, *, preview: bool = False) -> dict:
    return {
        "group": group,
        "schedule_text": describe(group),
        "upcoming": next_meetings(group, count=3),
        "similar_groups": group_similar(group) if group.is_ended and not preview else [],
        "can_contact": contact_recipient(group) is not None,
        "is_preview": preview,
    }
