"""When a group meets: in words, as dates, and as an iCalendar series."""

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Frequency, Status, WeekOfMonth

OSLO = ZoneInfo("Europe/Oslo")

WEEKDAYS_PLURAL = [
    gettext_lazy("Mondays"),
    gettext_lazy("Tuesdays"),
    gettext_lazy("Wednesdays"),
    gettext_lazy("Thursdays"),
    gettext_lazy("Fridays"),
    gettext_lazy("Saturdays"),
    gettext_lazy("Sundays"),
]
# In a running sentence: "første tirsdag i måneden" (lower case in Norwegian).
WEEKDAYS_IN_SENTENCE = [
    gettext_lazy("Monday (in a sentence)"),
    gettext_lazy("Tuesday (in a sentence)"),
    gettext_lazy("Wednesday (in a sentence)"),
    gettext_lazy("Thursday (in a sentence)"),
    gettext_lazy("Friday (in a sentence)"),
    gettext_lazy("Saturday (in a sentence)"),
    gettext_lazy("Sunday (in a sentence)"),
]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _clock(group) -> str:
    if not group.start_time:
        return ""
    start = formats.time_format(group.start_time, "TIME_FORMAT")
    if group.end_time:
        end = formats.time_format(group.end_time, "TIME_FORMAT")
        return _("at %(start)s–%(end)s") % {"start": start, "end": end}
    return _("at %(start)s") % {"start": start}


def _weekday_in_sentence(weekday: int) -> str:
    # The msgid carries a hint for translators; English drops it.
    return str(WEEKDAYS_IN_SENTENCE[weekday]).replace(" (in a sentence)", "")


def describe(group) -> str:
    """The schedule in words: 'Tirsdager kl. 18.00–19.30, annenhver uke'."""
    if group.frequency == Frequency.OTHER or group.weekday is None:
        return group.frequency_note
    clock = _clock(group)
    if group.frequency == Frequency.MONTHLY:
        ordinal = str(WeekOfMonth(group.week_of_month).label) if group.week_of_month else ""
        text = _("%(ordinal)s %(weekday)s of the month") % {
            "ordinal": ordinal,
            "weekday": _weekday_in_sentence(group.weekday),
        }
    else:
        text = str(WEEKDAYS_PLURAL[group.weekday])
    if clock:
        text = f"{text} {clock}"
    if group.frequency == Frequency.BIWEEKLY:
        text = _("%(schedule)s, every other week") % {"schedule": text}
    return text[:1].upper() + text[1:]


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if week == WeekOfMonth.LAST:
        return days[-1]
    return days[week - 1] if len(days) >= week else None


def meeting_dates(group, *, start: date, count: int) -> list[date]:
    """The next `count` meeting dates on or after `start` (and not before the first meeting)."""
    if group.weekday is None or group.frequency == Frequency.OTHER:
        return [group.first_meeting] if group.first_meeting and group.first_meeting >= start else []
    if group.first_meeting and group.first_meeting > start:
        start = group.first_meeting
    dates: list[date] = []
    if group.frequency == Frequency.MONTHLY:
        if not group.week_of_month:
            return []
        year, month = start.year, start.month
        while len(dates) < count:
            day = _nth_weekday(year, month, group.weekday, group.week_of_month)
            if day and day >= start:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    step = 14 if group.frequency == Frequency.BIWEEKLY else 7
    day = start + timedelta(days=(group.weekday - start.weekday()) % 7)
    if step == 14 and group.first_meeting:
        # Count fortnights from the first meeting.
        offset = (day - group.first_meeting).days % 14
        if offset:
            day += timedelta(days=14 - offset)
    while len(dates) < count:
        dates.append(day)
        day += timedelta(days=step)
    return dates


def next_meetings(group, *, count: int = 3, today: date | None = None) -> list[datetime]:
    """The next meetings as local date-times (dates only if the time is not known)."""
    if group.status in (Status.ENDED, Status.PAUSED):
        return []
    today = today or timezone.localdate()
    dates = meeting_dates(group, start=today, count=count)
    if not group.start_time:
        return [datetime.combine(d, datetime.min.time(), tzinfo=OSLO) for d in dates]
    return [datetime.combine(d, group.start_time, tzinfo=OSLO) for d in dates]


def ical_rule(group) -> dict | None:
    """The RRULE of the meeting series, or None if it does not repeat on a rule."""
    if group.weekday is None or group.frequency == Frequency.OTHER:
        return None
    day = ICAL_DAYS[group.weekday]
    if group.frequency == Frequency.WEEKLY:
        return {"FREQ": "WEEKLY", "BYDAY": day}
    if group.frequency == Frequency.BIWEEKLY:
        return {"FREQ": "WEEKLY", "INTERVAL": 2, "BYDAY": day}
    if group.frequency == Frequency.MONTHLY and group.week_of_month:
        return {"FREQ": "MONTHLY", "BYDAY": f"{group.week_of_month}{day}"}
    return None
