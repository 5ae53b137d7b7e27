"""The meeting series as an iCalendar file."""

from datetime import datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .schedule import OSLO, ical_rule, meeting_dates


def group_calendar(group, *, url: str) -> bytes | None:
    """An .ics with one repeating event, or None if the group has no regular time."""
    if not group.start_time:
        return None
    first = meeting_dates(group, start=group.first_meeting or timezone.localdate(), count=1)
    if not first:
        return None
    start = datetime.combine(first[0], group.start_time, tzinfo=OSLO)
    end = (
        datetime.combine(first[0], group.end_time, tzinfo=OSLO)
        if group.end_time
        else start + timedelta(hours=1, minutes=30)
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Samhold//Selvhjelpsgrupper//NO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    event = Event()
    event.add("uid", f"group-{group.pk}@samhold")
    event.add("summary", group.name)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    rule = ical_rule(group)
    if rule:
        event.add("rrule", rule)
    location = ", ".join(p for p in [group.place, group.public_address, str(group.municipality or "")] if p)
    if location:
        event.add("location", location)
    event.add("description", f"{group.summary}\n\n{url}")
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
