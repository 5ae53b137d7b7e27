"""What the directory's result pages put together from more than one app: start-ups with their
information meetings (groups knows nothing of meetings, facilitators nothing of the directory
page), the "Meld interesse" link for what was searched, and the municipalities' points for
"Use my location"."""

import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, pgettext

from directory.selectors import county_list, municipality_list, reference_version, theme_list
from facilitators.selectors.meetings import meeting_group_ids_open, meetings_next_by_group, meetings_upcoming
from facilitators.templatetags.meetings_tags import with_signup_urls
from groups.models import SEARCHABLE_STATUSES
from groups.selectors import STARTING_STATUSES, GroupQuery


def promoted_start_ups():
    """The subquery of groups whose information meeting is open for sign-up: the search lists
    them first among the start-ups."""
    return meeting_group_ids_open()


def attach_start_ups(groups) -> None:
    """Give each of `groups` its next open information meeting if it is a start-up
    (`info_meeting`, with `signup_url`, `day` and `is_full`), or None. One query, and none
    when no start-up is among them."""
    groups = list(groups)
    starting = [group for group in groups if group.status in STARTING_STATUSES]
    meetings = meetings_next_by_group(group.pk for group in starting)
    for group in groups:
        meeting = meetings.get(group.pk)
        if meeting is not None:
            meeting.signup_url = reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk})
            meeting.is_full = meeting.confirmed_count >= meeting.capacity
            _name_day_and_time(meeting)
        group.info_meeting = meeting


def _name_day_and_time(meeting) -> None:
    """"17. desember" and "18.00" / "17 December" and "18:00", in Norwegian time."""
    starts = timezone.localtime(meeting.starts_at)
    meeting.day = date_format(starts, pgettext("date format for a day and its month", "j F"))
    meeting.time = date_format(starts, pgettext("time format for meeting times", "H:i"))


def attach_group_meetings(group) -> list:
    """The group page's coming information meetings, with their sign-up links, in one query
    (none for a group that holds none: ended, paused, unpublished). A start-up gets the first
    as `info_meeting`: the page then leads with it instead of "register your interest"."""
    meetings = []
    if group.pk and group.live and group.status in SEARCHABLE_STATUSES:
        meetings = with_signup_urls(meetings_upcoming(group_id=group.pk))
    for meeting in meetings[:1]:
        _name_day_and_time(meeting)
    group.info_meeting = meetings[0] if meetings and group.status in STARTING_STATUSES else None
    return meetings


def card_key_part(group) -> str:
    """What a cached card depends on besides the group itself: its information meeting."""
    meeting = getattr(group, "info_meeting", None)
    if meeting is None:
        return "-"
    return f"m{meeting.pk}-{int(meeting.starts_at.timestamp())}-{int(meeting.is_full)}"


def interest_url(query: GroupQuery) -> str:
    """"Meld interesse" for what was searched: the chosen themes, the place and the words typed
    (the form finds themes named in them)."""
    wanted = set(query.theme_ids)
    params = [("tema", theme.slug) for theme in theme_list() if theme.id in wanted]
    if query.municipality is not None:
        params.append(("kommune", query.municipality.number))
    if query.text.strip():
        params.append(("q", query.text.strip()))
    url = reverse("facilitators:interest_register")
    return f"{url}?{urlencode(params)}" if params else url


def municipality_points_json(directory_url: str) -> str:
    """Every municipality's number, name, point and directory page, as JSON for "Use my
    location" (the browser picks the nearest one itself). Cached until the reference data
    changes."""
    key = f"directory:municipality-points:{reference_version()}:{get_language()}:{directory_url}"
    text = cache.get(key)
    if text is None:
        counties = {county.id: county.slug for county in county_list()}
        points = [
            {
                "number": m.number,
                "name": m.name,
                "lat": round(m.latitude, 4),
                "lon": round(m.longitude, 4),
                "url": f"{directory_url}{counties[m.county_id]}/{m.slug}/",
            }
            for m in municipality_list()
            if m.county_id in counties
        ]
        text = json.dumps({"municipalities": points}, ensure_ascii=False, separators=(",", ":"))
        cache.set(key, text, 60 * 60 * 24)
    return text
