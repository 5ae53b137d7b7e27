"""The meeting series as iCalendar: one group's feed, or a municipality's.

A feed is subscribed to (webcal://) as well as downloaded, so its text depends only on what it
describes: the same groups and meetings give the same bytes (the view's ETag is their hash),
and every event keeps its UID, so a calendar that fetches it again updates the events in place.
A group that takes a break or ends keeps its event, marked cancelled; an information meeting
that was cancelled likewise (STATUS:CANCELLED), so a subscriber's calendar says so instead of
keeping a meeting that will not happen.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import SEARCHABLE_STATUSES, Status
from .schedule import OSLO, ical_rule, meeting_dates


def _stamp(value: datetime | None) -> datetime:
    return value or datetime(2024, 1, 1, tzinfo=OSLO)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Samhold//Selvhjelpsgrupper//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    # Ask subscribing calendars to look again a few times a day.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    return calendar


def _location(group) -> str:
    return ", ".join(p for p in [group.place, group.public_address, str(group.municipality or "")] if p)


def series_event(group, *, url: str) -> Event | None:
    """The group's meetings as one repeating event, or None if it has no regular time."""
    if not group.start_time:
        return None
    # Counted from the first meeting, or from the day the group was made: never from today,
    # so the event is the same whenever the feed is fetched.
    anchor = group.first_meeting or timezone.localtime(group.created_at).date()
    first = meeting_dates(group, start=anchor, count=1)
    if not first:
        return None
    start = datetime.combine(first[0], group.start_time, tzinfo=OSLO)
    end = (
        datetime.combine(first[0], group.end_time, tzinfo=OSLO)
        if group.end_time
        else start + timedelta(hours=1, minutes=30)
    )
    event = Event()
    event.add("uid", f"group-{group.pk}@samhold")
    event.add("summary", group.name)
    event.add("dtstamp", _stamp(group.updated_at))
    event.add("last-modified", _stamp(group.updated_at))
    event.add("dtstart", start)
    event.add("dtend", end)
    rule = ical_rule(group)
    if rule:
        event.add("rrule", rule)
    location = _location(group)
    if location:
        event.add("location", location)
    event.add("description", f"{group.summary}\n\n{url}")
    event.add("url", url)
    if group.status in (Status.PAUSED, Status.ENDED):
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def info_meeting_event(meeting, *, url: str) -> Event:
    """An information meeting of the group, for the feed: the page to sign up on, never the
    online link (that goes only to people with a place)."""
    event = Event()
    event.add("uid", f"info-meeting-{meeting.pk}@samhold")
    event.add("summary", _("Information meeting: %(group)s") % {"group": meeting.group.name})
    changed = getattr(meeting, "updated_at", None) or meeting.cancelled_at or meeting.created_at
    event.add("dtstamp", _stamp(changed))
    event.add("last-modified", _stamp(changed))
    event.add("dtstart", timezone.localtime(meeting.starts_at, OSLO))
    event.add("dtend", timezone.localtime(meeting.ends_at, OSLO))
    location = ", ".join(p for p in [meeting.place, meeting.group.municipality.name_plain if meeting.place and meeting.group.municipality_id else ""] if p)
    if meeting.online_url:
        location = ", ".join(p for p in [location, _("Online")] if p)
    if location:
        event.add("location", location)
    event.add("description", "\n\n".join(p for p in [meeting.description, url] if p))
    event.add("url", url)
    # A meeting of a group that was paused or has ended will not be held either.
    held = meeting.cancelled_at is None and meeting.group.status in SEARCHABLE_STATUSES
    event.add("status", "CONFIRMED" if held else "CANCELLED")
    return event


def feed(*, name: str, groups, info_meetings=()) -> bytes:
    """A calendar of groups' series and information meetings. `groups` are (group, page URL)
    pairs; `info_meetings` (meeting, sign-up URL) pairs."""
    calendar = _calendar(name)
    for group, url in groups:
        event = series_event(group, url=url)
        if event is not None:
            calendar.add_component(event)
    for meeting, url in info_meetings:
        calendar.add_component(info_meeting_event(meeting, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def group_calendar(group, *, url: str, info_meetings=()) -> bytes | None:
    """One group's feed, or None if it has neither a regular time nor information meetings."""
    if series_event(group, url=url) is None and not info_meetings:
        return None
    return feed(name=group.name, groups=[(group, url)], info_meetings=info_meetings)
