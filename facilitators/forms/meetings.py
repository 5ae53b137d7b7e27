"""Forms for information meetings. They only validate input; the views call the services."""

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import HoneypotForm
from samhold.forms import ConsentField, EmailAddressField

from ..consent import MEETING_SIGNUP_CONSENT_LABEL

OSLO = ZoneInfo("Europe/Oslo")
PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _plain_name(value: str) -> str:
    # No invisible formatting characters (e.g. right-to-left overrides) in a name others read.
    return " ".join("".join(c for c in value if unicodedata.category(c) != "Cf").split())


class MeetingSignUpForm(HoneypotForm):
    """Signing up for an information meeting: a name and an e-mail address or a phone number."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("A first name is enough."),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation, a calendar file and a reminder here."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        help_text=_("If you have no e-mail address. The facilitator can call you if the meeting changes."),
    )
    consent = ConsentField(label=MEETING_SIGNUP_CONSENT_LABEL)

    def clean_name(self):
        name = _plain_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Write a name, a first name is enough."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write the phone number with digits only, for example 912 34 567."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number, so the facilitator can reach you."))
        return cleaned


class MeetingForm(forms.Form):
    """A facilitator schedules an information meeting. Times are Norwegian time."""

    date = forms.DateField(label=_("Date"), widget=DateInput, help_text=_("For example 2026-12-01."))
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput, help_text=_("For example 18:00."))
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput, help_text=_("For example 19:30."))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Where people meet, for example 'Frivilligsentralen, Kirkegata 1'. Leave empty for an online meeting."),
    )
    online_url = forms.URLField(
        label=_("Link to the online meeting (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Only people with a place get the link."),
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=200,
        initial=15,
        help_text=_("When the places are taken, people can sign up for a waiting list."),
    )
    description = forms.CharField(
        label=_("Short text (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens at the meeting, and anything people should know. At most 1000 characters."),
    )

    @staticmethod
    def initial_for(meeting) -> dict:
        """The form filled in with a meeting as it is, to change it."""
        starts, ends = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
        return {
            "date": starts.date(), "start_time": starts.time(), "end_time": ends.time(), "place": meeting.place,
            "online_url": meeting.online_url, "capacity": meeting.capacity, "description": meeting.description,
        }

    def meeting_values(self) -> dict:
        """What the services take to schedule or change a meeting, from a valid form."""
        return {
            name: self.cleaned_data[name]
            for name in ("starts_at", "ends_at", "capacity", "place", "online_url", "description")
        }

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start:
            cleaned["starts_at"] = datetime.combine(day, start, tzinfo=OSLO)
            if cleaned["starts_at"] <= timezone.now():
                self.add_error("date", _("The meeting must be in the future."))
        if day and start and end:
            cleaned["ends_at"] = datetime.combine(day, end, tzinfo=OSLO)
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
        if not cleaned.get("place", "").strip() and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Write where the meeting is, or give a link to the online meeting."))
        return cleaned


class MeetingCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the people signed up (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example why it is cancelled, or when a new meeting will be. It is sent with the cancellation."),
    )
