"""An information meeting in words (when, where) and as an iCalendar file."""

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event


def meeting_when(meeting) -> str:
    """"tirsdag 1. desember kl. 18.00–19.30" / "Tuesday 1 December, 18:00–19:30", in the
    active language and Norwegian time; with the year when it is not this year's ("tirsdag
    5. januar 2027 kl. 18.00–19.30"), so a date in January is not read as last January."""
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    time_format = pgettext("time format for meeting times", "H:i")
    if starts.year == timezone.localtime().year:
        day_format = pgettext("date format for meeting dates", "l j F")
    else:
        day_format = pgettext("date format for meeting dates in another year", "l j F Y")
    return _("%(date)s, %(start)s–%(end)s") % {
        "date": date_format(starts, day_format),
        "start": date_format(starts, time_format),
        "end": date_format(ends, time_format),
    }


def meeting_location(meeting) -> str:
    """Where the meeting is, in words: the place, the municipality, and that it is online."""
    parts = [meeting.place]
    group = meeting.group
    if meeting.place and group.municipality_id:
        parts.append(group.municipality.name_plain)
    if meeting.online_url:
        parts.append(_("Online"))
    return ", ".join(part for part in parts if part)


def meeting_calendar(meeting, *, url: str, with_link: bool = True) -> bytes:
    """One event. `url` is the sign-up's own page (see and cancel); the online link goes in
    only for someone with a place (`with_link`)."""
    summary = _("Information meeting: %(group)s") % {"group": meeting.group.name}
    calendar = Calendar()
    calendar.add("prodid", "-//Samhold//Informasjonsmoter//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"info-meeting-{meeting.pk}@samhold")
    event.add("summary", summary)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    location = meeting_location(meeting)
    if with_link and meeting.online_url:
        location = ", ".join(part for part in [location, meeting.online_url] if part)
    if location:
        event.add("location", location)
    description = [meeting.description]
    if with_link and meeting.online_url:
        description.append(_("Join online: %(url)s") % {"url": meeting.online_url})
    description.append(_("See or cancel your sign-up: %(url)s") % {"url": url})
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", url)
    if meeting.cancelled_at:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
